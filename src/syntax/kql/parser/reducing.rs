//! The operators that boil a table down to a few rows of their own shape: `reduce`,
//! `top-hitters` and `consume` (their pages in the Kusto docs).

use super::super::ast::{Expr, Ident, OpParam, OperatorKind};
use super::super::lexer::Token;
use super::common::{assignment, kw, op_params, param_name, param_value};
use super::{P, PErr};
use chumsky::prelude::*;

/// The settings `reduce … with` takes (reduce-operator page).
const REDUCE_SETTINGS: &[&str] = &["threshold", "characters"];

/// `reduce [kind = source] by Expr [with threshold = T [, characters = C]]`,
/// `top-hitters N of Column [by Weight]` and `consume [decodeblocks = B]`.
pub(super) fn reducing<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    let setting = param_name()
        .filter(|n: &Ident| REDUCE_SETTINGS.contains(&n.name.as_str()))
        .then_ignore(just(Token::Assign))
        .then(param_value())
        .map(|(name, value)| OpParam {
            span: name.span.to(value.span),
            name,
            value,
        });
    // Kusto.Language takes a `with` of no settings.
    let with = kw("with").ignore_then(setting.separated_by(just(Token::Comma)).collect::<Vec<_>>());
    let reduce = kw("reduce")
        .ignore_then(op_params(&[]))
        .then_ignore(kw("by"))
        .then(scalar.clone())
        .then(with.or_not())
        .map(|((params, by), with)| OperatorKind::Reduce {
            params,
            by,
            with: with.unwrap_or_default(),
        });
    let top_hitters = kw("top-hitters")
        .ignore_then(scalar.clone())
        .then_ignore(kw("of"))
        .then(assignment(scalar.clone()))
        .then(kw("by").ignore_then(assignment(scalar)).or_not())
        .map(|((count, of), by)| OperatorKind::TopHitters { count, of, by });
    let consume = kw("consume")
        .ignore_then(op_params(&["decodeblocks"]))
        .map(|params| OperatorKind::Consume { params });
    choice((reduce, top_hitters, consume)).boxed()
}
