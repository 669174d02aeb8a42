//! The commands: source commands (`FROM`, `TS`, `ROW`, `SHOW`) and processing commands
//! after `|`, each a parser of its own, looked up by name in [`processing_commands`].

use super::super::ast::{
    Aggregate, CommandKind, CommandOption, EnrichField, Expr, Field, Ident, NamePattern, Rename,
    SortKey, SourceKind, Stats,
};
use super::super::lexer::Token;
use super::common::{
    index_pattern, kw, kw_of, name_pattern, name_patterns, qualified_name, span_of, string_lit,
};
use super::expr::map_expr;
use super::literal::{constant, param};
use super::{P, PErr};
use crate::diagnostic::Code;
use chumsky::prelude::*;

/// The processing commands kqlc parses, by the word that starts them (lower case).
pub const COMMAND_NAMES: &[&str] = &[
    "change_point",
    "completion",
    "dissect",
    "drop",
    "enrich",
    "eval",
    "grok",
    "inline",
    "inlinestats",
    "keep",
    "limit",
    "lookup",
    "mv_expand",
    "rename",
    "sample",
    "sort",
    "stats",
    "where",
];

/// The source commands a query may start with.
pub const SOURCE_NAMES: &[&str] = &["from", "row", "show", "ts"];

/// ES|QL commands kqlc knows of but does not parse.
pub const UNSUPPORTED_NAMES: &[&str] = &[
    "explain",
    "fork",
    "fuse",
    "rerank",
    "rrf",
    "insist",
    "metrics",
    "fill_null",
    "sample_distinct",
];

fn list<'a, O: 'a, E: PErr<'a>>(item: P<'a, O, E>) -> P<'a, Vec<O>, E> {
    item.separated_by(just(Token::Comma))
        .at_least(1)
        .collect()
        .boxed()
}

/// `[name =] expr`.
fn field<'a, E: PErr<'a>>(expr: P<'a, Expr, E>) -> P<'a, Field, E> {
    qualified_name()
        .then_ignore(just(Token::Assign))
        .or_not()
        .then(expr)
        .map_with(|(name, value), e| Field {
            name,
            value,
            span: span_of(e.span()),
        })
        .boxed()
}

/// The source command: `FROM`/`TS`, `ROW` or `SHOW`.
pub(super) fn source_command<'a, E: PErr<'a>>(expr: P<'a, Expr, E>) -> P<'a, SourceKind, E> {
    let metadata_field =
        select! { Token::Ident(w) = e => Ident { name: w.to_string(), span: span_of(e.span()) } }
            .labelled("metadata field");
    let metadata_list = kw("metadata")
        .ignore_then(
            metadata_field
                .separated_by(just(Token::Comma))
                .at_least(1)
                .collect::<Vec<_>>(),
        )
        .boxed();
    // `[METADATA _id]`: the bracketed form of older versions.
    let metadata = metadata_list
        .clone()
        .or(metadata_list.delimited_by(just(Token::LBracket), just(Token::RBracket)));
    let from = kw_of(&["from", "ts"])
        .then(list(index_pattern()))
        .then(metadata.or_not())
        .map(|(((word, _), indices), metadata)| SourceKind::From {
            indices,
            metadata: metadata.unwrap_or_default(),
            time_series: word == "ts",
        });
    let row = kw("row")
        .ignore_then(list(field(expr)))
        .map(SourceKind::Row);
    let show = kw("show").ignore_then(select! { Token::Ident(w) = e => Ident { name: w.to_string(), span: span_of(e.span()) } }.labelled("`INFO`")).map(SourceKind::Show);
    choice((from, row, show)).boxed()
}

/// The parser of each processing command, keyed by its first word (lower case).
pub(super) fn processing_commands<'a, E: PErr<'a>>(
    expr: P<'a, Expr, E>,
) -> Vec<(&'static str, P<'a, CommandKind, E>)> {
    let stats = stats_body(kw("stats").boxed(), expr.clone());
    let inline_keyword = kw("inlinestats")
        .or(kw("inline").then(kw("stats")).map(|(a, b)| a.to(b)))
        .boxed();
    let inline_stats = stats_body(inline_keyword, expr.clone())
        .map(CommandKind::InlineStats)
        .boxed();
    vec![
        (
            "where",
            kw("where")
                .ignore_then(expr.clone())
                .map(CommandKind::Where)
                .boxed(),
        ),
        (
            "eval",
            kw("eval")
                .ignore_then(list(field(expr.clone())))
                .map(CommandKind::Eval)
                .boxed(),
        ),
        ("stats", stats.map(CommandKind::Stats).boxed()),
        ("inlinestats", inline_stats.clone()),
        ("inline", inline_stats),
        (
            "keep",
            kw("keep")
                .ignore_then(name_patterns())
                .map(CommandKind::Keep)
                .boxed(),
        ),
        (
            "drop",
            kw("drop")
                .ignore_then(name_patterns())
                .map(CommandKind::Drop)
                .boxed(),
        ),
        (
            "rename",
            kw("rename")
                .ignore_then(list(rename_clause()))
                .map(CommandKind::Rename)
                .boxed(),
        ),
        (
            "sort",
            kw("sort")
                .ignore_then(list(sort_key(expr.clone())))
                .map(CommandKind::Sort)
                .boxed(),
        ),
        (
            "limit",
            kw("limit")
                .ignore_then(limit_count())
                .map(CommandKind::Limit)
                .boxed(),
        ),
        ("dissect", dissect(expr.clone())),
        ("grok", grok(expr.clone())),
        (
            "mv_expand",
            kw("mv_expand")
                .ignore_then(qualified_name())
                .map(CommandKind::MvExpand)
                .boxed(),
        ),
        ("enrich", enrich()),
        ("lookup", lookup_join(expr.clone())),
        ("change_point", change_point()),
        ("completion", completion(expr.clone())),
        (
            "sample",
            kw("sample")
                .ignore_then(constant())
                .map(CommandKind::Sample)
                .boxed(),
        ),
    ]
}

/// `keyword aggregates [BY groups]`, at least one of the two (else an error at the
/// keyword); aggregates may carry `WHERE`.
fn stats_body<'a, E: PErr<'a>>(
    keyword: P<'a, crate::source::Span, E>,
    expr: P<'a, Expr, E>,
) -> P<'a, Stats, E> {
    let aggregate = field(expr.clone())
        .then(kw("where").ignore_then(expr.clone()).or_not())
        .map_with(|(field, filter), e| Aggregate {
            field,
            filter,
            span: span_of(e.span()),
        });
    let aggregates = kw("by").not().ignore_then(list(aggregate.boxed())).or_not();
    let groups = kw("by").ignore_then(list(field(expr))).or_not();
    keyword
        .then(aggregates)
        .then(groups)
        .try_map(|((keyword, aggregates), groups), _| {
            if aggregates.is_none() && groups.is_none() {
                return Err(E::coded(
                    Code::EsqlSyntaxError,
                    keyword,
                    "STATS needs at least one aggregate or a BY grouping",
                    Some("write e.g. `STATS n = COUNT(*) BY host.name`".to_string()),
                ));
            }
            Ok(Stats {
                aggregates: aggregates.unwrap_or_default(),
                groups: groups.unwrap_or_default(),
            })
        })
        .boxed()
}

/// `old AS new` or `new = old`.
fn rename_clause<'a, E: PErr<'a>>() -> P<'a, Rename, E> {
    let as_form = name_pattern()
        .then_ignore(kw("as"))
        .then(name_pattern())
        .map(|(old, new)| (old, new));
    let assign_form = name_pattern()
        .then_ignore(just(Token::Assign))
        .then(name_pattern())
        .map(|(new, old)| (old, new));
    as_form
        .or(assign_form)
        .map_with(|(old, new), e| Rename {
            old,
            new,
            span: span_of(e.span()),
        })
        .boxed()
}

/// `expr [ASC|DESC] [NULLS FIRST|LAST]`.
fn sort_key<'a, E: PErr<'a>>(expr: P<'a, Expr, E>) -> P<'a, SortKey, E> {
    let direction = kw_of(&["asc", "desc"]).map(|(w, _)| w == "desc");
    let nulls = kw("nulls")
        .ignore_then(kw_of(&["first", "last"]))
        .map(|(w, _)| w == "first");
    expr.then(direction.or_not())
        .then(nulls.or_not())
        .map_with(|((expr, descending), nulls_first), e| SortKey {
            expr,
            descending,
            nulls_first,
            span: span_of(e.span()),
        })
        .boxed()
}

/// The count of `LIMIT`: an integer literal or a parameter.
fn limit_count<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    let integer = constant().try_map(|c: Expr, span| match c.kind {
        super::super::ast::ExprKind::Literal(super::super::ast::Literal::Integer(_)) => Ok(c),
        _ => Err(E::coded(
            Code::EsqlSyntaxError,
            span_of(span),
            "LIMIT takes a whole number",
            Some("write e.g. `LIMIT 100`".to_string()),
        )),
    });
    param().or(integer).boxed()
}

/// `name = constant, …` options after `DISSECT`.
fn command_options<'a, E: PErr<'a>>() -> P<'a, Vec<CommandOption>, E> {
    let name =
        select! { Token::Ident(w) = e => Ident { name: w.to_string(), span: span_of(e.span()) } };
    list(
        name.then_ignore(just(Token::Assign))
            .then(constant())
            .map_with(|(name, value), e| CommandOption {
                name,
                value,
                span: span_of(e.span()),
            })
            .boxed(),
    )
}

fn dissect<'a, E: PErr<'a>>(expr: P<'a, Expr, E>) -> P<'a, CommandKind, E> {
    kw("dissect")
        .ignore_then(expr)
        .then(string_lit())
        .then(command_options().or_not())
        .map(|((input, pattern), options)| CommandKind::Dissect {
            input,
            pattern,
            options: options.unwrap_or_default(),
        })
        .boxed()
}

fn grok<'a, E: PErr<'a>>(expr: P<'a, Expr, E>) -> P<'a, CommandKind, E> {
    kw("grok")
        .ignore_then(expr)
        .then(list(string_lit()))
        .map(|(input, patterns)| CommandKind::Grok { input, patterns })
        .boxed()
}

/// `ENRICH [mode:]policy [ON field] [WITH [new =] field, …]`.
fn enrich<'a, E: PErr<'a>>() -> P<'a, CommandKind, E> {
    // A policy name is written like an index name, with an optional mode prefix (`_any:policy`).
    let policy = index_pattern().map(|p| NamePattern {
        pattern: p
            .cluster
            .map_or(p.index.clone(), |mode| format!("{mode}:{}", p.index)),
        span: p.span,
    });
    let with_field = name_pattern()
        .then_ignore(just(Token::Assign))
        .or_not()
        .then(name_pattern())
        .map_with(|(new_name, field), e| EnrichField {
            new_name,
            field,
            span: span_of(e.span()),
        });
    kw("enrich")
        .ignore_then(policy)
        .then(kw("on").ignore_then(name_pattern()).or_not())
        .then(kw("with").ignore_then(list(with_field.boxed())).or_not())
        .map(|((policy, on), with)| CommandKind::Enrich {
            policy,
            on,
            with: with.unwrap_or_default(),
        })
        .boxed()
}

/// `LOOKUP JOIN index ON field, …`.
fn lookup_join<'a, E: PErr<'a>>(expr: P<'a, Expr, E>) -> P<'a, CommandKind, E> {
    kw("lookup")
        .ignore_then(kw("join"))
        .ignore_then(index_pattern())
        .then_ignore(kw("on"))
        .then(list(expr))
        .map(|(index, on)| CommandKind::LookupJoin { index, on })
        .boxed()
}

/// `CHANGE_POINT value [ON key] [AS type_name, pvalue_name]`.
fn change_point<'a, E: PErr<'a>>() -> P<'a, CommandKind, E> {
    let names = kw("as")
        .ignore_then(qualified_name())
        .then_ignore(just(Token::Comma))
        .then(qualified_name());
    kw("change_point")
        .ignore_then(qualified_name())
        .then(kw("on").ignore_then(qualified_name()).or_not())
        .then(names.or_not())
        .map(|((value, key), names)| CommandKind::ChangePoint { value, key, names })
        .boxed()
}

/// `COMPLETION [target =] prompt WITH { "inference_id": "…" }`.
fn completion<'a, E: PErr<'a>>(expr: P<'a, Expr, E>) -> P<'a, CommandKind, E> {
    kw("completion")
        .ignore_then(qualified_name().then_ignore(just(Token::Assign)).or_not())
        .then(expr)
        .then_ignore(kw("with"))
        .then(map_expr())
        .map(|((target, prompt), options)| CommandKind::Completion {
            target,
            prompt,
            options,
        })
        .boxed()
}
