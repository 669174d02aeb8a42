//! Error recovery helpers (skipping to the next stage) and this language's side of the
//! shared structural pre-pass (`syntax::common::structure`).

use super::super::lexer::Token;
use super::{Inp, P, PErr};
use crate::diagnostic::Code;
use crate::source::Span;
use crate::syntax::common::{LanguageCodes, SyntaxToken, impl_syntax_token};
use chumsky::prelude::*;

/// This language's codes for the shared syntax helpers.
pub(super) const CODES: LanguageCodes = LanguageCodes {
    syntax_error: Code::SyntaxError,
    unbalanced_delimiter: Code::UnbalancedDelimiter,
    too_complex: Code::TooComplex,
    split_help: "split the expression with `let` statements",
};

impl_syntax_token!(Token, |w| matches!(w, "and" | "or"));

fn is_opener(token: Token<'_>) -> bool {
    token.bracket().is_some_and(|(_, open)| open)
}

fn is_closer(token: Token<'_>) -> bool {
    token.bracket().is_some_and(|(_, open)| !open)
}

/// Tokens that end an operator (or a pipe) at nesting depth 0.
pub(super) fn is_boundary(token: Token<'_>) -> bool {
    matches!(token, Token::Pipe | Token::Semi | Token::Comma) || is_closer(token)
}

/// Skips tokens up to the next `|`, `;` or unmatched closer at the current nesting
/// (balanced groups are skipped whole). Returns the span skipped, if any.
pub(super) fn skip_to_pipe<'a, E: PErr<'a>>(inp: &mut Inp<'a, '_, E>) -> Option<Span> {
    skip_until(inp, |t| {
        matches!(t, Token::Pipe | Token::Semi) || is_closer(t)
    })
}

/// Skips tokens up to the next `;` (or unmatched closer) at the current nesting.
pub(super) fn skip_to_semicolon<'a, E: PErr<'a>>(inp: &mut Inp<'a, '_, E>) -> Option<Span> {
    skip_until(inp, |t| matches!(t, Token::Semi) || is_closer(t))
}

fn skip_until<'a, E: PErr<'a>>(
    inp: &mut Inp<'a, '_, E>,
    stop: impl Fn(Token<'_>) -> bool,
) -> Option<Span> {
    let start = inp.cursor();
    let mut depth = 0usize;
    let mut skipped = false;
    while let Some(token) = inp.peek() {
        if depth == 0 && stop(token) {
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

/// A parser that skips the rest of an operator body (to the next `|` at this nesting).
pub(super) fn skip_operator_body<'a, E: PErr<'a>>() -> P<'a, (), E> {
    custom(|inp: &mut Inp<'a, '_, E>| {
        skip_to_pipe(inp);
        Ok(())
    })
    .boxed()
}
