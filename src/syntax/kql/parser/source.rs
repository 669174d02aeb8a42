//! Leading tabular forms that do not start from a table: `union`, `print`,
//! `datatable`, `externaldata`, `range`, `search`, `find`, `evaluate`.

use super::super::ast::{Expr, ExprKind, FindProject, Ident, Source, SourceKind};
use super::super::lexer::Token;
use super::common::{
    assignments, column_list, kw, kw_of, name, name_expr, name_pattern, op_params, operator_end,
    span_of, type_name, with_params,
};
use super::recovery::skip_operator_body;
use super::{P, PErr};
use chumsky::prelude::*;

/// Words that always start a leading source (`range` is also a function, so absent).
pub(super) const SOURCE_KEYWORDS: &[&str] = &[
    "union",
    "print",
    "datatable",
    "externaldata",
    "external_data",
    "search",
    "find",
    "evaluate",
];

/// Parameters `union` takes besides `kind` and `hint.*`.
pub(super) const UNION_PARAMS: &[&str] = &["withsource", "isfuzzy"];

/// The tables of `union`: wildcard names (`Security*`) or any expression.
pub(super) fn union_tables<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, Vec<Expr>, E> {
    let wildcard = name_pattern(true).map(|p| {
        name_expr(Ident {
            name: p.pattern,
            span: p.span,
        })
    });
    wildcard
        .or(scalar)
        .separated_by(just(Token::Comma))
        .at_least(1)
        .collect()
        .boxed()
}

fn wrap(kind: SourceKind, span: SimpleSpan) -> Expr {
    let span = span_of(span);
    Expr {
        kind: ExprKind::Source(Box::new(Source { kind, span })),
        span,
    }
}

/// Any leading tabular form.
pub(super) fn source<'a, E: PErr<'a>>(
    scalar: P<'a, Expr, E>,
    pipe: P<'a, Expr, E>,
) -> P<'a, Expr, E> {
    let union = kw("union")
        .ignore_then(op_params(UNION_PARAMS))
        .then(union_tables(scalar.clone()))
        .map_with(|(params, tables), e| wrap(SourceKind::Union { params, tables }, e.span()));
    let print = kw("print")
        .ignore_then(assignments(scalar.clone()).or_not())
        .map_with(|items, e| wrap(SourceKind::Print(items.unwrap_or_default()), e.span()));
    let bracket_list = scalar
        .clone()
        .separated_by(just(Token::Comma))
        .allow_trailing()
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LBracket), just(Token::RBracket))
        .boxed();
    let datatable = kw("datatable")
        .ignore_then(column_list())
        .then(bracket_list.clone())
        .map_with(|(columns, values), e| wrap(SourceKind::Datatable { columns, values }, e.span()));
    // `external_data` is Kusto's other spelling of `externaldata` (Kusto.Language's
    // `External_DataKeyword`; the ipv4-lookup-plugin page uses it).
    let externaldata = kw_of(&["externaldata", "external_data"])
        .ignore_then(op_params(&[]))
        .ignore_then(column_list())
        .then(bracket_list)
        .then_ignore(with_params(scalar.clone()).or_not())
        .map_with(|(columns, urls), e| wrap(SourceKind::ExternalData { columns, urls }, e.span()));
    let range = kw("range")
        .ignore_then(name())
        .then_ignore(kw("from"))
        .then(scalar.clone())
        .then_ignore(kw("to"))
        .then(scalar.clone())
        .then_ignore(kw("step"))
        .then(scalar.clone())
        .map_with(|(((name, from), to), step), e| {
            wrap(
                SourceKind::Range {
                    name,
                    from,
                    to,
                    step,
                },
                e.span(),
            )
        });
    let tables = kw("in").ignore_then(
        name()
            .separated_by(just(Token::Comma))
            .collect::<Vec<_>>()
            .delimited_by(just(Token::LParen), just(Token::RParen)),
    );
    let search = kw("search")
        .ignore_then(op_params(&[]))
        .then(tables.clone().or_not())
        .then(scalar.clone())
        .map_with(|((params, tables), predicate), e| {
            wrap(
                SourceKind::Search {
                    params,
                    tables: tables.unwrap_or_default(),
                    predicate,
                },
                e.span(),
            )
        });
    let find_column = name().then(just(Token::Colon).ignore_then(type_name()).or_not());
    let find_item = kw("pack_all")
        .then(just(Token::LParen))
        .then(just(Token::RParen))
        .to(None)
        .or(find_column.map(Some));
    let find_project = kw("project-smart").to(None).or(kw("project")
        .ignore_then(
            find_item
                .separated_by(just(Token::Comma))
                .at_least(1)
                .collect::<Vec<_>>(),
        )
        .map(|items| {
            let pack_all = items.iter().any(Option::is_none);
            let columns = items.into_iter().flatten().collect();
            Some(FindProject { columns, pack_all })
        }));
    let find_full = kw("find")
        .ignore_then(op_params(&["withsource"]))
        .then(tables.clone().or_not())
        .then_ignore(kw("where").or_not())
        .then(scalar.clone())
        .then(find_project.or_not().map(Option::flatten))
        .then_ignore(operator_end())
        .map_with(|(((params, tables), predicate), project), e| {
            let kind = SourceKind::Find {
                params,
                tables: tables.unwrap_or_default(),
                predicate,
                project,
            };
            wrap(kind, e.span())
        });
    let find_other = kw("find")
        .then_ignore(skip_operator_body())
        .map_with(|_, e| wrap(SourceKind::FindOther, e.span()));
    let find = find_full.or(find_other);
    let evaluate = kw("evaluate")
        .ignore_then(op_params(&[]))
        .ignore_then(scalar)
        .map_with(|call, e| wrap(SourceKind::Evaluate { call }, e.span()));
    let _ = pipe;
    choice((
        union,
        print,
        datatable,
        externaldata,
        range,
        search,
        find,
        evaluate,
    ))
    .boxed()
}
