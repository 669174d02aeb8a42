//! What the KQL and ES|QL lexers and parsers share: the punctuation tokens, the
//! structural pre-pass (delimiter balance, nesting depth), the error types a parse runs
//! with and the translation of chumsky's errors into [`Diagnostic`]s.
//! Each is generic over the language's token type ([`SyntaxToken`]) and takes the
//! language's codes and help texts ([`LanguageCodes`]).
//!
//! [`Diagnostic`]: crate::diagnostic::Diagnostic

pub mod error;
pub mod lexer;
pub mod rich;
pub mod structure;

use crate::diagnostic::Code;

/// A kind of bracket: `()`, `[]` or `{}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bracket {
    Paren,
    Square,
    Brace,
}

impl Bracket {
    /// The opening character.
    pub fn open(self) -> &'static str {
        match self {
            Bracket::Paren => "(",
            Bracket::Square => "[",
            Bracket::Brace => "{",
        }
    }

    /// The closing character.
    pub fn close(self) -> &'static str {
        match self {
            Bracket::Paren => ")",
            Bracket::Square => "]",
            Bracket::Brace => "}",
        }
    }
}

/// What the shared syntax helpers need to know of a language's tokens.
pub trait SyntaxToken: Copy + PartialEq {
    /// How the token is named in messages: "`|`", "`name`", "string literal".
    fn describe(&self) -> String;
    /// `Some((bracket, true))` for an opening bracket, `Some((bracket, false))` for a closing one.
    fn bracket(&self) -> Option<(Bracket, bool)>;
    /// A separator that ends an operator chain (`,`, `|`, `;`).
    fn ends_chain(&self) -> bool;
    /// A binary or prefix operator that lengthens a chain (`+`, `==`, `and`, …).
    fn is_chain_operator(&self) -> bool;
}

/// A language's syntax codes and the advice for an over-complex query.
#[derive(Clone, Copy, Debug)]
pub struct LanguageCodes {
    pub syntax_error: Code,
    pub unbalanced_delimiter: Code,
    pub too_complex: Code,
    /// How to split a query that nests or chains too much.
    pub split_help: &'static str,
}

/// Implements [`SyntaxToken`] for a lexer's `Token` whose brackets, separators and
/// operators have the shared variant names (`LParen`, `Pipe`, `EqEq`, …);
/// `$is_word_operator` tells which identifiers are chain operators (`and`, `or`).
macro_rules! impl_syntax_token {
    ($token:ident, $is_word_operator:expr) => {
        impl $crate::syntax::common::SyntaxToken for $token<'_> {
            fn describe(&self) -> String {
                $token::describe(self)
            }

            fn bracket(&self) -> Option<($crate::syntax::common::Bracket, bool)> {
                use $crate::syntax::common::Bracket;
                match self {
                    $token::LParen => Some((Bracket::Paren, true)),
                    $token::RParen => Some((Bracket::Paren, false)),
                    $token::LBracket => Some((Bracket::Square, true)),
                    $token::RBracket => Some((Bracket::Square, false)),
                    $token::LBrace => Some((Bracket::Brace, true)),
                    $token::RBrace => Some((Bracket::Brace, false)),
                    _ => None,
                }
            }

            fn ends_chain(&self) -> bool {
                matches!(self, $token::Comma | $token::Pipe | $token::Semi)
            }

            fn is_chain_operator(&self) -> bool {
                let is_word_operator: fn(&str) -> bool = $is_word_operator;
                match self {
                    $token::Plus
                    | $token::Minus
                    | $token::Star
                    | $token::Slash
                    | $token::Percent
                    | $token::EqEq
                    | $token::NotEq
                    | $token::Lt
                    | $token::Gt
                    | $token::Le
                    | $token::Ge => true,
                    $token::Ident(word) => is_word_operator(word),
                    _ => false,
                }
            }
        }
    };
}
pub(crate) use impl_syntax_token;

/// The queries of `../shared/corpus/<file>` (one JSON object a line, field `query`), for
/// the parsers' unit tests; `None`, with a printed notice, when the shared folder is absent.
#[cfg(test)]
pub(crate) fn public_queries(file: &str) -> Option<Vec<String>> {
    let path = format!("{}/../shared/corpus/{file}", env!("CARGO_MANIFEST_DIR"));
    let Ok(corpus) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: {path} is absent");
        return None;
    };
    let queries = corpus
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|row| Some(row.get("query")?.as_str()?.to_string()))
        .collect();
    Some(queries)
}
