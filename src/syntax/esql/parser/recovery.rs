//! Error recovery helpers (skipping to the next stage) and this language's side of the
//! shared structural pre-pass (`syntax::common::structure`).

use super::super::lexer::Token;
use super::{Inp, PErr};
use crate::diagnostic::Code;
use crate::source::Span;
use crate::syntax::common::{LanguageCodes, SyntaxToken, impl_syntax_token};

/// This language's codes for the shared syntax helpers.
pub(super) const CODES: LanguageCodes = LanguageCodes {
    syntax_error: Code::EsqlSyntaxError,
    unbalanced_delimiter: Code::EsqlUnbalancedDelimiter,
    too_complex: Code::EsqlTooComplex,
    split_help: "split the expression into several EVAL steps",
};

impl_syntax_token!(Token, |w| ["and", "or", "not"]
    .iter()
    .any(|k| w.eq_ignore_ascii_case(k)));

fn is_opener(token: Token<'_>) -> bool {
    token.bracket().is_some_and(|(_, open)| open)
}

fn is_closer(token: Token<'_>) -> bool {
    token.bracket().is_some_and(|(_, open)| !open)
}

/// Skips tokens up to the next `|` outside brackets (balanced groups are skipped
/// whole; stray closers too). Returns the span skipped, if any.
pub(super) fn skip_to_pipe<'a, E: PErr<'a>>(inp: &mut Inp<'a, '_, E>) -> Option<Span> {
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
