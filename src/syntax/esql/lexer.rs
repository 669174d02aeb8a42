//! The ES|QL lexer (logos): text → `(Token, Span)` pairs plus lexical diagnostics.
//!
//! ES|QL keywords are case-insensitive, so every word is a [`Token::Ident`] and the
//! parser matches keywords by text, ignoring case. ES|QL's lexer has modes (index
//! patterns after `FROM`, name patterns after `KEEP`); here one token set serves all,
//! and the parser rebuilds patterns from adjacent tokens (see `parser/names.rs`).

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::common::lexer::{invalid_character, token_enum};
use logos::{FilterResult, Logos};

token_enum! {
    /// One ES|QL token. Text-carrying variants hold the raw source text.
    #[derive(Logos, Clone, Copy, Debug, PartialEq, Eq, Hash)]
    #[logos(skip r"[ \t\r\n\f\u{feff}\u{a0}]+")]
    #[logos(skip(r"//[^\n]*", allow_greedy = true))]
    pub enum Token<'s> {
        /// A word, keyword or not: a letter then letters, digits and `_`; or `_`/`@`
        /// followed by at least one of those (`_id`, `@timestamp`).
        #[regex(r"[A-Za-z][A-Za-z0-9_]*", |lex| lex.slice())]
        #[regex(r"[_@][A-Za-z0-9_]+", |lex| lex.slice())]
        Ident(&'s str),

        /// A back-quoted identifier `` `a b` ``; a doubled back-quote is one back-quote.
        #[regex(r"`([^`]|``)+`", |lex| lex.slice())]
        QuotedIdent(&'s str),

        /// `"…"` with backslash escapes, or `"""…"""` with none. (A single-quoted `'…'` is
        /// reported by [`lex`] and kept as a string so parsing goes on.)
        #[regex(r#""([^"\\\r\n]|\\[^\r\n])*""#, |lex| lex.slice())]
        #[token(r#"""""#, triple_quoted)]
        #[regex(r#"'([^'\\\r\n]|\\[^\r\n])*'"#, |lex| lex.slice())]
        String(&'s str),

        /// A string whose closing quote is missing on its line (reported, then parsed as a string).
        #[regex(r#""([^"\\\r\n]|\\[^\r\n])*"#, |lex| lex.slice())]
        #[regex(r#"'([^'\\\r\n]|\\[^\r\n])*"#, |lex| lex.slice())]
        UnterminatedString(&'s str),

        #[regex(r"[0-9]+", |lex| lex.slice())]
        Int(&'s str),

        /// `1.5`, `1.`, `.5`, `1e3`, `2.5E-3`.
        #[regex(r"[0-9]+\.[0-9]*([eE][+-]?[0-9]+)?", |lex| lex.slice())]
        #[regex(r"\.[0-9]+([eE][+-]?[0-9]+)?", |lex| lex.slice())]
        #[regex(r"[0-9]+[eE][+-]?[0-9]+", |lex| lex.slice())]
        Decimal(&'s str),

        /// `?`, `?name`, `?1`, `??name`: query parameters.
        #[regex(r"\?\??([A-Za-z_][A-Za-z0-9_]*|[0-9]+)?", |lex| lex.slice())]
        Param(&'s str),

        /// `/* … */`, skipped; an unclosed one is an error.
        #[token("/*", block_comment)]
        BlockComment,
    }
    punctuation {
        EqEq = "==",
        NotEq = "!=",
        EqTilde = "=~",
        Lt = "<",
        Le = "<=",
        Gt = ">",
        Ge = ">=",
        Plus = "+",
        Minus = "-",
        Star = "*",
        Slash = "/",
        Percent = "%",
        Assign = "=",
        CastOp = "::",
        Colon = ":",
        Dot = ".",
        Comma = ",",
        Pipe = "|",
        LParen = "(",
        RParen = ")",
        LBracket = "[",
        RBracket = "]",
        LBrace = "{",
        RBrace = "}",
        /// Not ES|QL; lexed so that KQL's `!contains`, `!in` get a useful message.
        Bang = "!",
        /// Not ES|QL; lexed for KQL's `in~`, `!~` and for clear messages.
        Tilde = "~",
        /// Not ES|QL; lexed so that a KQL statement separator gets a clear message.
        Semi = ";",
    }
}

/// Consumes a `"""…"""` string after its opening quotes: up to the first `"""`, plus
/// at most two more quotes that belong to the content (`"""a""""` is `a"`).
fn triple_quoted<'s>(lex: &mut logos::Lexer<'s, Token<'s>>) -> FilterResult<&'s str, ()> {
    let Some(end) = lex.remainder().find(r#"""""#) else {
        return FilterResult::Error(());
    };
    let extra = lex.remainder()[end + 3..]
        .chars()
        .take(2)
        .take_while(|&c| c == '"')
        .count();
    lex.bump(end + 3 + extra);
    FilterResult::Emit(lex.slice())
}

/// Skips a block comment after its `/*`; an error when it is never closed.
fn block_comment<'s>(lex: &mut logos::Lexer<'s, Token<'s>>) -> FilterResult<(), ()> {
    match lex.remainder().find("*/") {
        Some(end) => {
            lex.bump(end + 2);
            FilterResult::Skip
        }
        None => FilterResult::Error(()),
    }
}

impl Token<'_> {
    /// How the token reads in a message: `` `x` ``, `string literal`, `number `1``.
    pub fn describe(&self) -> String {
        match self {
            Token::Ident(s) | Token::QuotedIdent(s) | Token::Param(s) => format!("`{s}`"),
            Token::String(_) | Token::UnterminatedString(_) => "string literal".to_string(),
            Token::Int(s) | Token::Decimal(s) => format!("number `{s}`"),
            Token::BlockComment => "comment".to_string(),
            other => format!("`{}`", other.punct_text()),
        }
    }

    /// The source text of the token: its slice, or its punctuation.
    pub fn text(&self) -> &str {
        match self {
            Token::Ident(s)
            | Token::QuotedIdent(s)
            | Token::String(s)
            | Token::UnterminatedString(s)
            | Token::Int(s)
            | Token::Decimal(s)
            | Token::Param(s) => s,
            other => other.punct_text(),
        }
    }
}

/// Lexes a whole query. Unterminated and single-quoted strings are reported and kept
/// as string tokens; characters that start no token are reported and dropped.
pub fn lex(text: &str) -> (Vec<(Token<'_>, Span)>, Vec<Diagnostic>) {
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut diagnostics = Vec::new();
    let mut lexer = Token::lexer(text);
    while let Some(result) = lexer.next() {
        let span = Span::from(lexer.span());
        match result {
            Ok(Token::UnterminatedString(raw)) => {
                diagnostics.push(unterminated_string(span));
                tokens.push((Token::UnterminatedString(raw), span));
            }
            Ok(Token::String(raw)) if raw.starts_with('\'') => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::EsqlInvalidToken,
                        span,
                        "ES|QL strings are written in double quotes",
                    )
                    .with_help("write \"…\" instead of '…'"),
                );
                tokens.push((Token::String(raw), span));
            }
            Ok(token) => tokens.push((token, span)),
            Err(()) => diagnostics.push(invalid_token(text, span)),
        }
    }
    (tokens, diagnostics)
}

fn unterminated_string(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::EsqlUnterminatedString,
        Span::new(span.start as usize, span.start as usize + 1),
        "unterminated string literal",
    )
    .with_label(span, "this string has no closing quote on its line")
    .with_help("close the string with `\"`; use \"\"\"…\"\"\" for text with quotes and backslashes")
}

/// The diagnostic for text that starts no token: an unclosed `"""` or `/*`, or a stray character.
fn invalid_token(text: &str, span: Span) -> Diagnostic {
    let slice = text.get(span.range()).unwrap_or("");
    let start = span.start as usize;
    if slice.starts_with(r#"""""#) {
        return Diagnostic::new(
            Code::EsqlUnterminatedString,
            Span::new(start, start + 3),
            "unterminated triple-quoted string",
        )
        .with_help("close the string with \"\"\"");
    }
    if slice.starts_with("/*") {
        return Diagnostic::new(
            Code::EsqlUnterminatedString,
            Span::new(start, start + 2),
            "unterminated comment",
        )
        .with_help("close the comment with */");
    }
    invalid_character(Code::EsqlInvalidToken, span, slice, "ES|QL")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Token<'_>> {
        lex(text).0.into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn words_numbers_and_qualified_literals() {
        assert_eq!(
            kinds("@timestamp _id 5m 1.5 .5 1e3 1."),
            vec![
                Token::Ident("@timestamp"),
                Token::Ident("_id"),
                Token::Int("5"),
                Token::Ident("m"),
                Token::Decimal("1.5"),
                Token::Decimal(".5"),
                Token::Decimal("1e3"),
                Token::Decimal("1."),
            ]
        );
    }

    #[test]
    fn strings_quoted_identifiers_and_params() {
        assert_eq!(
            kinds(r#""a\"b" """x"y""" `we``ird` ?name ?1 ?"#),
            vec![
                Token::String(r#""a\"b""#),
                Token::String(r#""""x"y""""#),
                Token::QuotedIdent("`we``ird`"),
                Token::Param("?name"),
                Token::Param("?1"),
                Token::Param("?")
            ]
        );
    }

    #[test]
    fn triple_quoted_string_keeps_up_to_two_trailing_quotes() {
        assert_eq!(
            kinds(r#""""a"""" x"#),
            vec![Token::String(r#""""a"""""#), Token::Ident("x")]
        );
    }

    #[test]
    fn comments_of_both_kinds_are_skipped() {
        let (tokens, diags) = lex("a // note\n| /* b\n c */ d");
        assert!(diags.is_empty());
        assert_eq!(
            tokens,
            vec![
                (Token::Ident("a"), Span::new(0, 1)),
                (Token::Pipe, Span::new(10, 11)),
                (Token::Ident("d"), Span::new(23, 24))
            ]
        );
    }

    #[test]
    fn unterminated_string_points_at_the_opening_quote() {
        let (tokens, diags) = lex("x == \"abc\n| y");
        assert_eq!(diags[0].code, Code::EsqlUnterminatedString);
        assert_eq!(diags[0].span, Span::new(5, 6));
        assert_eq!(tokens.last().map(|t| t.0), Some(Token::Ident("y")));
    }

    #[test]
    fn single_quoted_string_is_reported_and_kept() {
        let (tokens, diags) = lex("x == 'a'");
        assert_eq!(diags[0].code, Code::EsqlInvalidToken);
        assert_eq!(tokens[2].0, Token::String("'a'"));
    }

    #[test]
    fn unclosed_triple_quoted_string_is_reported_at_its_quotes() {
        let diags = lex(r#"a == """abc"#).1;
        assert_eq!(diags[0].code, Code::EsqlUnterminatedString);
        assert_eq!(diags[0].span, Span::new(5, 8));
    }

    #[test]
    fn unclosed_block_comment_and_stray_characters_are_reported() {
        assert_eq!(lex("a /* b").1[0].message, "unterminated comment");
        let (tokens, diags) = lex("a # b");
        assert_eq!(diags[0].code, Code::EsqlInvalidToken);
        assert_eq!(tokens.len(), 2);
    }
}
