//! The error type a parse runs with. A query is parsed first with [`EmptyErr`], which
//! keeps nothing, so a clean query (nearly all of them) skips chumsky's bookkeeping of
//! expected tokens; only a query with errors is parsed again with [`Rich`] errors, which
//! keep expected/found for the diagnostics. The parsers are generic over [`ParseError`]
//! so that both passes run the same grammar.

use crate::diagnostic::Code;
use crate::source::Span;
use chumsky::error::{EmptyErr, Error, LabelError, Rich};
use chumsky::input::Input;
use chumsky::span::SimpleSpan;

/// What the parsers need of an error type: chumsky's merging and labels, and ways to
/// build the errors of our own making.
pub trait ParseError<'a, I: Input<'a, Span = SimpleSpan>>:
    Error<'a, I> + LabelError<'a, I, &'static str> + LabelError<'a, I, String> + 'a
{
    /// An error carrying a kqlc diagnostic code, message and optional help.
    fn coded(code: Code, span: Span, message: impl Into<String>, help: Option<String>) -> Self;
    /// A plain message, reported with the language's syntax-error code.
    fn plain(span: SimpleSpan, message: impl ToString) -> Self;
}

impl<'a, I> ParseError<'a, I> for Rich<'a, I::Token, SimpleSpan>
where
    I: Input<'a, Span = SimpleSpan>,
    I::Token: PartialEq + 'a,
{
    fn coded(code: Code, span: Span, message: impl Into<String>, help: Option<String>) -> Self {
        super::rich::custom_error(code, span, message, help)
    }

    fn plain(span: SimpleSpan, message: impl ToString) -> Self {
        Rich::custom(span, message)
    }
}

impl<'a, I: Input<'a, Span = SimpleSpan>> ParseError<'a, I> for EmptyErr {
    fn coded(_: Code, _: Span, _: impl Into<String>, _: Option<String>) -> Self {
        EmptyErr::default()
    }

    fn plain(_: SimpleSpan, _: impl ToString) -> Self {
        EmptyErr::default()
    }
}
