//! Error recovery helpers and the structural checks done before parsing: delimiter
//! balance (reported once, at the opener) and nesting depth (so that no input can
//! exhaust the stack).

use super::super::lexer::Token;
use super::Inp;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;

/// Deeper nesting than this is refused with [`Code::EsqlTooComplex`].
pub(super) const MAX_DEPTH: usize = 200;
/// Longest run of prefix operators or of binary operators at one level.
const MAX_CHAIN: usize = 2_000;

/// What the structural pre-pass found.
pub(super) struct Structure {
    /// Unbalanced delimiter diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Offset of the first delimiter problem: later parser errors are consequences.
    pub first_unbalanced: Option<u32>,
    /// Set when the query nests too deeply to parse safely.
    pub too_complex: Option<Diagnostic>,
}

fn closer_of(open: Token<'_>) -> Token<'static> {
    match open {
        Token::LParen => Token::RParen,
        Token::LBracket => Token::RBracket,
        _ => Token::RBrace,
    }
}

fn is_opener(token: Token<'_>) -> bool {
    matches!(token, Token::LParen | Token::LBracket | Token::LBrace)
}

fn is_closer(token: Token<'_>) -> bool {
    matches!(token, Token::RParen | Token::RBracket | Token::RBrace)
}

fn is_chain_operator(token: Token<'_>) -> bool {
    matches!(
        token,
        Token::Plus
            | Token::Minus
            | Token::Star
            | Token::Slash
            | Token::Percent
            | Token::EqEq
            | Token::NotEq
            | Token::Lt
            | Token::Gt
            | Token::Le
            | Token::Ge
    ) || matches!(token, Token::Ident(w) if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or") || w.eq_ignore_ascii_case("not"))
}

/// Checks delimiter balance and nesting depth over the tokens.
pub(super) fn check_structure(tokens: &[(Token<'_>, Span)]) -> Structure {
    let mut stack: Vec<(Token<'_>, Span)> = Vec::new();
    let mut chains: Vec<usize> = vec![0];
    let mut diagnostics = Vec::new();
    let mut first_unbalanced: Option<u32> = None;
    for &(token, span) in tokens {
        if is_opener(token) {
            stack.push((token, span));
            chains.push(0);
            if stack.len() > MAX_DEPTH {
                return Structure {
                    diagnostics,
                    first_unbalanced,
                    too_complex: Some(too_complex(span, "brackets nest")),
                };
            }
        } else if is_closer(token) {
            chains.pop();
            if chains.is_empty() {
                chains.push(0);
            }
            match stack.last() {
                Some(&(open, _)) if closer_of(open) == token => {
                    stack.pop();
                }
                Some(&(open, open_span)) => {
                    first_unbalanced.get_or_insert(open_span.start.min(span.start));
                    diagnostics.push(
                        Diagnostic::new(
                            Code::EsqlUnbalancedDelimiter,
                            span,
                            format!(
                                "`{}` does not close `{}`",
                                token.punct_text(),
                                open.punct_text()
                            ),
                        )
                        .with_label(
                            open_span,
                            format!(
                                "this `{}` is closed by `{}`",
                                open.punct_text(),
                                closer_of(open).punct_text()
                            ),
                        )
                        .with_help(format!(
                            "close `{}` with `{}` first",
                            open.punct_text(),
                            closer_of(open).punct_text()
                        )),
                    );
                    stack.pop();
                }
                None => {
                    first_unbalanced.get_or_insert(span.start);
                    diagnostics.push(
                        Diagnostic::new(
                            Code::EsqlUnbalancedDelimiter,
                            span,
                            format!("unmatched closing `{}`", token.punct_text()),
                        )
                        .with_help("remove it, or add the opening delimiter it belongs to"),
                    );
                }
            }
        } else if matches!(token, Token::Comma | Token::Pipe | Token::Semi) {
            if let Some(count) = chains.last_mut() {
                *count = 0;
            }
        } else if is_chain_operator(token)
            && let Some(count) = chains.last_mut()
        {
            *count += 1;
            if *count > MAX_CHAIN {
                return Structure {
                    diagnostics,
                    first_unbalanced,
                    too_complex: Some(too_complex(span, "operators chain")),
                };
            }
        }
    }
    for &(open, open_span) in stack.iter().rev() {
        first_unbalanced =
            Some(first_unbalanced.map_or(open_span.start, |f| f.min(open_span.start)));
        diagnostics.push(
            Diagnostic::new(
                Code::EsqlUnbalancedDelimiter,
                open_span,
                format!("unclosed `{}`", open.punct_text()),
            )
            .with_label(open_span, "opened here")
            .with_help(format!(
                "add the matching `{}`",
                closer_of(open).punct_text()
            )),
        );
    }
    Structure {
        diagnostics,
        first_unbalanced,
        too_complex: None,
    }
}

fn too_complex(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::EsqlTooComplex,
        span,
        format!("the query is too complex: {what} deeper than {MAX_DEPTH} levels here"),
    )
    .with_help("split the expression into several EVAL steps")
}

/// Skips tokens up to the next `|` outside brackets (balanced groups are skipped
/// whole; stray closers too). Returns the span skipped, if any.
pub(super) fn skip_to_pipe(inp: &mut Inp<'_, '_>) -> Option<Span> {
    let start = inp.cursor();
    let mut depth = 0usize;
    let mut skipped = false;
    while let Some(token) = inp.peek() {
        if depth == 0 && token == Token::Pipe {
            break;
        }
        if is_opener(token) {
            depth += 1;
        } else if is_closer(token) {
            depth = depth.saturating_sub(1);
        }
        inp.skip();
        skipped = true;
    }
    if !skipped {
        return None;
    }
    let span = inp.span_since(&start);
    Some(Span::new(span.start, span.end))
}
