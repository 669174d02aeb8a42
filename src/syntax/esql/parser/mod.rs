//! The ES|QL parser: chumsky 0.12 over the logos tokens of `lexer.rs`, producing
//! [`ast::Query`](super::ast::Query) with byte spans and recovering per command so
//! that every problem of a query is reported at once.
//!
//! Layout: `query.rs` (source command, `|` stages, recovery), `command.rs` (each
//! command), `expr.rs` (expressions by precedence), `literal.rs` (constants, strings),
//! `common.rs` (keywords, names, patterns), `recovery.rs` (skipping, delimiter and
//! depth checks), `diagnostics.rs` (chumsky errors → [`Diagnostic`]), `kql_hint.rs`
//! (telling the user when the text is KQL).

mod command;
mod common;
mod diagnostics;
mod expr;
mod kql_hint;
mod literal;
mod query;
mod recovery;

pub use command::{COMMAND_NAMES, SOURCE_NAMES};
pub use kql_hint::KQL_HINT;

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

/// Parses a whole ES|QL query. Returns the tree when the source command could be read
/// (commands that failed are left out) and every diagnostic found, sorted by position.
pub fn parse(text: &str) -> (Option<Query>, Vec<Diagnostic>) {
    let (tokens, lexed) = lexer::lex(text);
    let (query, mut diagnostics) =
        structure::parse_checked(text, &tokens, lexed, &recovery::CODES, |spanned, eoi| {
            let (query, errors) = query::query()
                .parse(spanned.split_token_span(eoi))
                .into_output_errors();
            (
                query.flatten(),
                errors.iter().map(diagnostics::from_rich).collect(),
            )
        });
    kql_hint::apply(&mut diagnostics, &tokens);
    let query = query.map(|mut q| {
        q.span = Span::new(0, text.len());
        q
    });
    (query, diagnostics)
}
