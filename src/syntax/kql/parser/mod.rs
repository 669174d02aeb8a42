//! The KQL parser: chumsky 0.12 over the logos tokens of `lexer.rs`, producing
//! [`ast::Query`](super::ast::Query) with byte spans and recovering from errors so that
//! every problem of a query is reported at once.
//!
//! Layout: `statement.rs` (statements, `let` functions, the query), `tabular.rs` (pipes
//! and operators), `reducing.rs` (`reduce`, `top-hitters`, `consume`), `graph.rs` (the graph operators and their path patterns),
//! `source.rs` (leading tabular forms such as `union`, `datatable`),
//! `expr.rs` (scalar expressions), `literal.rs` (literals and `dynamic`), `common.rs`
//! (names, parameters, lists), `recovery.rs` (skipping, delimiter and depth checks),
//! `diagnostics.rs` (chumsky errors → [`Diagnostic`]).
//!
//! Two passes, one grammar: the parsers are generic over the error type
//! ([`ParseError`]). A query is parsed first with
//! errors that keep nothing; only when that pass finds an error is it parsed again with
//! `Rich` errors, whose expected/found lists the diagnostics are made from. Keeping those
//! lists for every failed alternative was most of the parse time of a clean query.

mod common;
mod diagnostics;
mod expr;
mod graph;
mod literal;
mod recovery;
mod reducing;
mod source;
mod statement;
mod tabular;

use super::ast::Query;
use super::lexer::{self, Token};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::common::error::ParseError;
use crate::syntax::common::structure;
use chumsky::error::EmptyErr;
use chumsky::input::{Input as _, MappedInput};
use chumsky::prelude::*;

/// The token stream chumsky reads: `(Token, span)` pairs split into tokens and spans.
pub(crate) type TokenInput<'a> =
    MappedInput<'a, Token<'a>, SimpleSpan, &'a [(Token<'a>, SimpleSpan)]>;
/// The rich errors (expected/found) diagnostics are made from.
type RichErr<'a> = Rich<'a, Token<'a>, SimpleSpan>;
/// The error types the grammar runs with (see [`ParseError`]).
pub(crate) trait PErr<'a>: ParseError<'a, TokenInput<'a>> {}
impl<'a, E: ParseError<'a, TokenInput<'a>>> PErr<'a> for E {}
/// Parser extras: errors of type `E` over our tokens.
pub(crate) type Extra<E> = extra::Err<E>;
/// A boxed parser producing `O`; boxing keeps types (and compile times) small.
pub(crate) type P<'a, O, E> = Boxed<'a, 'a, TokenInput<'a>, O, Extra<E>>;
/// The input handle custom parsers work on.
pub(crate) type Inp<'a, 'p, E> = chumsky::input::InputRef<'a, 'p, TokenInput<'a>, Extra<E>>;

/// Parses a whole query. Returns the tree when one could be built (possibly partial,
/// after error recovery) and every diagnostic found, sorted by position.
pub fn parse(text: &str) -> (Option<Query>, Vec<Diagnostic>) {
    let (tokens, lexed) = lexer::lex(text);
    let (query, diagnostics) =
        structure::parse_checked(text, &tokens, lexed, &recovery::CODES, |spanned, eoi| {
            let fast = statement::query::<EmptyErr>().parse(spanned.split_token_span(eoi));
            if !fast.has_errors() {
                return (fast.into_output(), Vec::new());
            }
            let (query, errors) = statement::query::<RichErr>()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The rich pass over `text`, as `parse` runs it when the fast pass finds an error.
    fn rich_pass(text: &str) -> (Option<Query>, usize) {
        let (tokens, _) = lexer::lex(text);
        let (spanned, eoi) = structure::chumsky_tokens(text, &tokens);
        let (query, errors) = statement::query::<RichErr>()
            .parse(spanned.split_token_span(eoi))
            .into_output_errors();
        (query, errors.len())
    }

    /// Both passes run one grammar: where the fast pass finds no error, the rich pass
    /// builds the same tree without error; where it finds one, `parse` reports the rich
    /// pass's diagnostics.
    #[test]
    fn fast_and_rich_passes_agree_on_every_public_query() {
        let Some(queries) = crate::syntax::common::public_queries("kql.public.jsonl") else {
            return;
        };
        let mut clean = 0;
        for text in &queries {
            let (fast, diagnostics) = parse(text);
            let (rich, rich_errors) = rich_pass(text);
            let mut fast = fast;
            if let Some(q) = fast.as_mut() {
                q.span = Span::default();
            }
            if diagnostics.is_empty() {
                clean += 1;
                assert_eq!(rich_errors, 0, "the rich pass finds errors in {text}");
                assert_eq!(
                    fast, rich,
                    "the two passes build different trees for {text}"
                );
            } else if rich_errors == 0 {
                // A lexer or structural finding: the parser itself found nothing.
                assert!(
                    diagnostics
                        .iter()
                        .all(|d| d.code != recovery::CODES.syntax_error)
                );
            }
        }
        assert!(clean > 2000, "only {clean} clean queries");
    }

    #[test]
    fn a_query_with_an_error_gets_the_rich_passs_expected_tokens() {
        let (_, diagnostics) = parse("T | where");
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0].message.contains("expected"),
            "{}",
            diagnostics[0].message
        );
    }
}
