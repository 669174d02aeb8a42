//! The KQL parser: chumsky 0.12 over the logos tokens of `lexer.rs`, producing
//! [`ast::Query`](super::ast::Query) with byte spans and recovering from errors so that
//! every problem of a query is reported at once.
//!
//! Layout: `statement.rs` (statements, `let` functions, the query), `tabular.rs` (pipes
//! and operators), `source.rs` (leading tabular forms such as `union`, `datatable`),
//! `expr.rs` (scalar expressions), `literal.rs` (literals and `dynamic`), `common.rs`
//! (names, parameters, lists), `recovery.rs` (skipping, delimiter and depth checks),
//! `diagnostics.rs` (chumsky errors → [`Diagnostic`]).

mod common;
mod diagnostics;
mod expr;
mod literal;
mod recovery;
mod source;
mod statement;
mod tabular;

use super::ast::Query;
use super::lexer::{self, Token};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::common::structure;
use chumsky::input::{Input as _, MappedInput};
use chumsky::prelude::*;

/// The token stream chumsky reads: `(Token, span)` pairs split into tokens and spans.
pub(crate) type TokenInput<'a> =
    MappedInput<'a, Token<'a>, SimpleSpan, &'a [(Token<'a>, SimpleSpan)]>;
/// Parser extras: rich errors (expected/found) over our tokens.
pub(crate) type Extra<'a> = extra::Err<Rich<'a, Token<'a>, SimpleSpan>>;
/// A boxed parser producing `O`; boxing keeps types (and compile times) small.
pub(crate) type P<'a, O> = Boxed<'a, 'a, TokenInput<'a>, O, Extra<'a>>;
/// The input handle custom parsers work on.
pub(crate) type Inp<'a, 'p> = chumsky::input::InputRef<'a, 'p, TokenInput<'a>, Extra<'a>>;

/// Parses a whole query. Returns the tree when one could be built (possibly partial,
/// after error recovery) and every diagnostic found, sorted by position.
pub fn parse(text: &str) -> (Option<Query>, Vec<Diagnostic>) {
    let (tokens, lexed) = lexer::lex(text);
    let (query, diagnostics) =
        structure::parse_checked(text, &tokens, lexed, &recovery::CODES, |spanned, eoi| {
            let (query, errors) = statement::query()
                .parse(spanned.split_token_span(eoi))
                .into_output_errors();
            (query, errors.iter().map(diagnostics::from_rich).collect())
        });
    let query = query.map(|mut q| {
        q.span = Span::new(0, text.len());
        q
    });
    (query, diagnostics)
}
