//! Pipes (`source | op | op`) and the tabular operators after `|`.
//!
//! Each operator that fails to parse is reported and skipped to the next `|` at the
//! same nesting, so one bad operator does not hide the errors of the others.

use super::super::ast::{
    Assignment, BinaryOp, Expr, ExprKind, MvItem, OpParam, Operator, OperatorKind, ParseKind,
    ParsePart, SortKey, TopNestedLevel,
};
use super::super::lexer::Token;
use super::common::{
    assignment, assignments, column_list, direction, ident, kw, kw_of, name, name_expr,
    name_pattern, name_patterns, op_params, operator_end, output_schema, sort_key, span_of,
    type_name, with_params,
};
use super::recovery::{skip_operator_body, skip_to_pipe};
use super::{Inp, P, PErr, expr, source};
use crate::diagnostic::{Code, did_you_mean};
use chumsky::prelude::*;

/// Every tabular operator name kqlc knows (for "unknown operator" and did-you-mean).
pub const OPERATOR_NAMES: &[&str] = &[
    "as",
    "consume",
    "count",
    "distinct",
    "evaluate",
    "extend",
    "facet",
    "filter",
    "fork",
    "getschema",
    "graph-mark-components",
    "graph-match",
    "graph-shortest-paths",
    "graph-to-table",
    "invoke",
    "join",
    "limit",
    "lookup",
    "make-graph",
    "make-series",
    "mv-apply",
    "mv-expand",
    "mvapply",
    "mvexpand",
    "order",
    "parse",
    "parse-kv",
    "parse-where",
    "partition",
    "project",
    "project-away",
    "project-by-names",
    "project-keep",
    "project-rename",
    "project-reorder",
    "reduce",
    "render",
    "sample",
    "sample-distinct",
    "scan",
    "search",
    "serialize",
    "sort",
    "summarize",
    "take",
    "top",
    "top-hitters",
    "top-nested",
    "union",
    "where",
];

/// Below this much free stack a nested pipe gets a fresh stack segment of
/// [`STACK_SEGMENT`] bytes (debug builds use large frames per nesting level).
pub(super) const STACK_RED_ZONE: usize = 1024 * 1024;
pub(super) const STACK_SEGMENT: usize = 16 * 1024 * 1024;

/// Operators parsed loosely: keyword plus a skipped body ([`OperatorKind::Opaque`]).
const OPAQUE_OPERATORS: &[&str] = &["scan", "partition", "fork", "facet"];

/// `input | op | op`, where the input is a leading source (`union`, `print`, …) or
/// any scalar-level expression (table name, call, parenthesised pipe).
pub(super) fn pipe_expr<'a, E: PErr<'a>>(pipe: P<'a, Expr, E>) -> P<'a, Expr, E> {
    let scalar = expr::scalar(pipe.clone());
    // A source keyword commits to its source: no function is called `union` or
    // `print`, and retrying as a call would make nested failures exponential.
    let plain = kw_of(source::SOURCE_KEYWORDS)
        .not()
        .ignore_then(scalar.clone());
    let head = source::source(scalar.clone(), pipe.clone())
        .or(plain)
        .labelled("expression")
        .boxed();
    let operator = operator(scalar, pipe);
    custom(move |inp: &mut Inp<'a, '_, E>| {
        // Each nested pipe may use a lot of stack in unoptimised builds: grow it here.
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
            let head = inp.parse(&head)?;
            let operators = operator_chain(inp, &operator, true);
            let Some(last) = operators.last() else {
                return Ok(head);
            };
            Ok(Expr {
                span: head.span.to(last.span),
                kind: ExprKind::Pipe {
                    input: Box::new(head),
                    operators,
                },
            })
        })
    })
    .boxed()
}

/// Operators separated by `|`; with `leading_pipe` false the first needs no `|`
/// (the body of `mv-apply … on (op | op)`).
fn operator_chain<'a, E: PErr<'a>>(
    inp: &mut Inp<'a, '_, E>,
    operator: &P<'a, Vec<Operator>, E>,
    leading_pipe: bool,
) -> Vec<Operator> {
    let mut operators = Vec::new();
    let mut needs_pipe = leading_pipe;
    loop {
        if needs_pipe {
            if inp.peek() != Some(Token::Pipe) {
                break;
            }
            inp.skip();
        }
        needs_pipe = true;
        operators.extend(operator_or_recover(inp, operator));
    }
    operators
}

/// One operator; on failure the error is recorded and the operator skipped.
fn operator_or_recover<'a, E: PErr<'a>>(
    inp: &mut Inp<'a, '_, E>,
    operator: &P<'a, Vec<Operator>, E>,
) -> Vec<Operator> {
    let before = inp.save();
    let start = inp.cursor();
    if let Some(Token::Ident(word)) = inp.peek()
        && !OPERATOR_NAMES.contains(&word)
    {
        inp.skip();
        let span = span_of(inp.span_since(&start));
        let help = did_you_mean(word, OPERATOR_NAMES.iter().copied())
            .map(|s| format!("did you mean `{s}`?"));
        inp.emit(E::coded(
            Code::UnknownOperator,
            span,
            format!("unknown tabular operator `{word}`"),
            help,
        ));
        skip_to_pipe(inp);
        return Vec::new();
    }
    match inp.parse(operator) {
        Ok(ops) => ops,
        Err(error) => {
            inp.rewind(before);
            inp.emit(error);
            skip_to_pipe(inp);
            Vec::new()
        }
    }
}

/// Any one tabular operator (without its leading `|`).
fn operator<'a, E: PErr<'a>>(
    scalar: P<'a, Expr, E>,
    pipe: P<'a, Expr, E>,
) -> P<'a, Vec<Operator>, E> {
    recursive(move |op| {
        let op: P<'a, Vec<Operator>, E> = op.boxed();
        let body = custom(move |inp: &mut Inp<'a, '_, E>| {
            Ok(stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
                operator_chain(inp, &op, false)
            }))
        })
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .boxed();
        let single = choice((
            projection(scalar.clone()),
            aggregation(scalar.clone()),
            ordering(scalar.clone()),
            combining(scalar.clone(), pipe.clone(), body),
            misc(scalar.clone()),
            super::reducing::reducing(scalar.clone()),
            super::graph::graph_operator(scalar.clone()),
        ));
        let kinds = distinct(scalar.clone()).or(single.map(|kind| vec![kind]));
        kinds
            .then_ignore(operator_end())
            .map_with(|kinds, e| {
                let span = span_of(e.span());
                kinds
                    .into_iter()
                    .map(|kind| Operator { kind, span })
                    .collect::<Vec<_>>()
            })
            .labelled("tabular operator")
    })
    .boxed()
}

fn list<'a, O: 'a, E: PErr<'a>>(item: P<'a, O, E>) -> P<'a, Vec<O>, E> {
    item.separated_by(just(Token::Comma))
        .at_least(1)
        .collect()
        .boxed()
}

/// where, extend, project and its variants.
fn projection<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    // `where x = true`: Kusto reads a single `=` in a predicate as `==`.
    let where_ = kw_of(&["where", "filter"])
        .ignore_then(scalar.clone())
        .then(just(Token::Assign).ignore_then(scalar.clone()).or_not())
        .map(|(lhs, rhs)| match rhs {
            None => OperatorKind::Where(lhs),
            Some(rhs) => {
                let span = lhs.span.to(rhs.span);
                OperatorKind::Where(Expr {
                    kind: ExprKind::Binary {
                        op: BinaryOp::Eq,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span,
                })
            }
        });
    let extend = kw("extend")
        .ignore_then(assignments(scalar.clone()))
        .map(OperatorKind::Extend);
    // `project` with no column is valid Kusto (a result of no columns).
    let project = kw("project")
        .ignore_then(assignments(scalar.clone()).or_not())
        .map(|columns| OperatorKind::Project(columns.unwrap_or_default()));
    let away = kw("project-away")
        .ignore_then(name_patterns())
        .map(OperatorKind::ProjectAway);
    let keep = kw("project-keep")
        .ignore_then(name_patterns())
        .map(OperatorKind::ProjectKeep);
    let rename = kw("project-rename")
        .ignore_then(list(
            name().then_ignore(just(Token::Assign)).then(name()).boxed(),
        ))
        .map(OperatorKind::ProjectRename);
    let reorder_key =
        name_pattern(false)
            .then(direction().or_not())
            .map_with(|(pattern, descending), e| SortKey {
                expr: name_expr(super::super::ast::Ident {
                    name: pattern.pattern,
                    span: pattern.span,
                }),
                descending,
                nulls_first: None,
                span: span_of(e.span()),
            });
    let reorder = kw("project-reorder")
        .ignore_then(list(reorder_key.boxed()))
        .map(OperatorKind::ProjectReorder);
    let by_names = kw("project-by-names")
        .ignore_then(list(scalar.clone()))
        .map(OperatorKind::ProjectByNames);
    let serialize = kw("serialize")
        .ignore_then(assignments(scalar).or_not())
        .map(|a| OperatorKind::Serialize(a.unwrap_or_default()));
    choice((
        where_, extend, project, away, keep, rename, reorder, by_names, serialize,
    ))
    .boxed()
}

/// `distinct a, b` (or `*`). Named columns, `distinct C = f(x)`, become
/// `extend C = f(x) | distinct C`, which means the same.
fn distinct<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, Vec<OperatorKind>, E> {
    kw("distinct")
        .ignore_then(op_params(&[]))
        .ignore_then(list(assignment(scalar)))
        .map(|items| {
            let named: Vec<Assignment> = items
                .iter()
                .filter(|a| !a.names.is_empty())
                .cloned()
                .collect();
            let columns = items
                .into_iter()
                .flat_map(|a| {
                    if a.names.is_empty() {
                        vec![a.value]
                    } else {
                        a.names.into_iter().map(name_expr).collect()
                    }
                })
                .collect();
            let mut kinds = Vec::new();
            if !named.is_empty() {
                kinds.push(OperatorKind::Extend(named));
            }
            kinds.push(OperatorKind::Distinct { columns });
            kinds
        })
        .boxed()
}

/// summarize, count, make-series, top-nested.
fn aggregation<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    let summarize = kw("summarize")
        .ignore_then(op_params(&[]))
        .then(
            kw("by")
                .not()
                .ignore_then(assignments(scalar.clone()))
                .or_not(),
        )
        .then(kw("by").ignore_then(assignments(scalar.clone())).or_not())
        .map(|((params, aggregates), by)| OperatorKind::Summarize {
            params,
            aggregates: aggregates.unwrap_or_default(),
            by: by.unwrap_or_default(),
        });
    let count = kw("count")
        .ignore_then(kw("as").ignore_then(name()).or_not())
        .map(|name| OperatorKind::Count { name });
    choice((
        summarize,
        count,
        make_series(scalar.clone()),
        top_nested(scalar),
    ))
    .boxed()
}

/// `make-series [params] agg [default = v], … on axis (from a to b step s | in range(a, b, s)) [by …]`.
fn make_series<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    let aggregate = assignment(scalar.clone()).then(
        kw("default")
            .ignore_then(just(Token::Assign))
            .ignore_then(scalar.clone())
            .or_not(),
    );
    let from_to = kw("from")
        .ignore_then(scalar.clone())
        .or_not()
        .then(kw("to").ignore_then(scalar.clone()).or_not())
        .then_ignore(kw("step"))
        .then(scalar.clone())
        .map(|((from, to), step)| (from, to, step));
    let in_range = kw("in")
        .ignore_then(kw("range"))
        .ignore_then(
            scalar
                .clone()
                .then_ignore(just(Token::Comma))
                .then(scalar.clone())
                .then_ignore(just(Token::Comma))
                .then(scalar.clone())
                .delimited_by(just(Token::LParen), just(Token::RParen)),
        )
        .map(|((from, to), step)| (Some(from), Some(to), step));
    kw("make-series")
        .ignore_then(op_params(&[]))
        .then(list(aggregate.boxed()))
        .then_ignore(kw("on"))
        .then(scalar.clone())
        .then(in_range.or(from_to))
        .then(kw("by").ignore_then(assignments(scalar)).or_not())
        .map(|((((params, aggregates), on), (from, to, step)), by)| {
            let (aggregates, defaults) = aggregates.into_iter().unzip();
            OperatorKind::MakeSeries {
                params,
                aggregates,
                defaults,
                on,
                from,
                to,
                step,
                by: by.unwrap_or_default(),
            }
        })
        .boxed()
}

/// `top-nested [N] of col [with others = v] by agg [asc|desc], …`.
fn top_nested<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    let level = kw("top-nested")
        .ignore_then(kw("of").not().ignore_then(scalar.clone()).or_not())
        .then_ignore(kw("of"))
        .then(assignment(scalar.clone()))
        .then(
            kw("with")
                .ignore_then(kw("others"))
                .ignore_then(just(Token::Assign))
                .ignore_then(scalar.clone())
                .or_not(),
        )
        .then_ignore(kw("by"))
        .then(assignment(scalar))
        .then(direction().or_not())
        .map_with(
            |((((count, of), with_others), by), descending), e| TopNestedLevel {
                count,
                of,
                with_others,
                by,
                descending,
                span: span_of(e.span()),
            },
        );
    list(level.boxed()).map(OperatorKind::TopNested).boxed()
}

/// take/limit, top, sort/order, sample, sample-distinct.
fn ordering<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    let take = kw_of(&["take", "limit"])
        .ignore_then(scalar.clone())
        .map(OperatorKind::Take);
    let top = kw("top")
        .ignore_then(scalar.clone())
        .then_ignore(kw("by"))
        .then(sort_key(scalar.clone()))
        .map(|(count, by)| OperatorKind::Top { count, by });
    let sort = kw_of(&["sort", "order"])
        .ignore_then(op_params(&[]))
        .ignore_then(kw("by"))
        .ignore_then(list(sort_key(scalar.clone())))
        .map(OperatorKind::Sort);
    let sample = kw("sample")
        .ignore_then(scalar.clone())
        .map(OperatorKind::Sample);
    let sample_distinct = kw("sample-distinct")
        .ignore_then(scalar.clone())
        .then_ignore(kw("of"))
        .then(scalar)
        .map(|(count, column)| OperatorKind::SampleDistinct { count, column });
    choice((take, top, sort, sample, sample_distinct)).boxed()
}

/// join, lookup, union, mv-expand, mv-apply, partition (with a subquery in parentheses,
/// or the legacy `{ … }` query of its own).
fn combining<'a, E: PErr<'a>>(
    scalar: P<'a, Expr, E>,
    pipe: P<'a, Expr, E>,
    body: P<'a, Vec<Operator>, E>,
) -> P<'a, OperatorKind, E> {
    let body_for_partition = body.clone();
    let scan = scan_operator(scalar.clone());
    let on = kw("on")
        .ignore_then(list(scalar.clone()))
        .or_not()
        .map(Option::unwrap_or_default);
    let join = kw("join")
        .ignore_then(op_params(&[]))
        .then(scalar.clone())
        .then(on.clone())
        .map(|((params, right), on)| OperatorKind::Join { params, right, on });
    let lookup = kw("lookup")
        .ignore_then(op_params(&[]))
        .then(scalar.clone())
        .then(on)
        .map(|((params, right), on)| OperatorKind::Lookup { params, right, on });
    let union = kw("union")
        .ignore_then(op_params(source::UNION_PARAMS))
        .then(source::union_tables(scalar.clone()))
        .map(|(params, tables)| OperatorKind::Union { params, tables });
    let items = list(mv_item(scalar.clone()));
    let limit = kw("limit").ignore_then(scalar).or_not();
    let mv_params = op_params(&["bagexpansion", "with_itemindex"]);
    let mv_expand = kw_of(&["mv-expand", "mvexpand"])
        .ignore_then(mv_params.clone())
        .then(items.clone())
        .then(limit.clone())
        .map(|((params, items), limit)| OperatorKind::MvExpand {
            params,
            items,
            limit,
        });
    let mv_apply = kw_of(&["mv-apply", "mvapply"])
        .ignore_then(mv_params)
        .then(items)
        .then(limit)
        .then_ignore(kw("on"))
        .then(body)
        .map(|(((params, items), limit), body)| OperatorKind::MvApply {
            params,
            items,
            limit,
            body,
        });
    let partition_head = kw("partition")
        .ignore_then(op_params(&[]))
        .then_ignore(kw("by"))
        .then(super::common::name().map(super::common::name_expr));
    let partition = partition_head
        .clone()
        .then(body_for_partition)
        .map(|((params, by), body)| OperatorKind::Partition {
            params,
            by,
            body,
            source: None,
        });
    // The legacy form: `partition by Column { SubQueryWithSource }` (partition-operator page).
    let partition_source = partition_head
        .then(pipe.delimited_by(just(Token::LBrace), just(Token::RBrace)))
        .map(|((params, by), source)| OperatorKind::Partition {
            params,
            by,
            body: Vec::new(),
            source: Some(Box::new(source)),
        });
    choice((
        join,
        lookup,
        union,
        mv_expand,
        mv_apply,
        partition,
        partition_source,
        scan,
    ))
    .boxed()
}

/// `scan [with_match_id = Id] [declare (c: type [= v], …)] with (step …; …)`.
fn scan_operator<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    let match_id = kw("with_match_id")
        .ignore_then(just(Token::Assign))
        .ignore_then(name())
        .or_not();
    let declared = name()
        .then_ignore(just(Token::Colon))
        .then(type_name())
        .then(just(Token::Assign).ignore_then(scalar.clone()).or_not())
        .map(|((name, ty), default)| super::super::ast::ScanDeclare { name, ty, default })
        .boxed();
    let declare = kw("declare")
        .ignore_then(list(declared).delimited_by(just(Token::LParen), just(Token::RParen)))
        .or_not()
        .map(Option::unwrap_or_default);
    let output = kw("output")
        .ignore_then(just(Token::Assign))
        .ignore_then(name())
        .or_not();
    let assignment = name()
        .then_ignore(just(Token::Assign))
        .then(scalar.clone())
        .boxed();
    let step = kw("step")
        .ignore_then(name())
        .then(output)
        .then_ignore(just(Token::Colon))
        .then(scalar)
        .then(just(Token::FatArrow).ignore_then(list(assignment)).or_not())
        .then_ignore(just(Token::Semi))
        .map_with(
            |(((name, output), condition), assignments), e| super::super::ast::ScanStep {
                name,
                output,
                condition,
                assignments: assignments.unwrap_or_default(),
                span: span_of(e.span()),
            },
        );
    let steps = step
        .repeated()
        .at_least(1)
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LParen), just(Token::RParen));
    kw("scan")
        .ignore_then(match_id)
        .then(declare)
        .then_ignore(kw("with"))
        .then(steps)
        .map(|((match_id, declare), steps)| OperatorKind::Scan {
            match_id,
            declare,
            steps,
        })
        .boxed()
}

/// `[name =] expr [to typeof(T)]` of mv-expand and mv-apply.
fn mv_item<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, MvItem, E> {
    let to_type = kw("to")
        .ignore_then(kw("typeof"))
        .ignore_then(type_name().delimited_by(just(Token::LParen), just(Token::RParen)));
    name()
        .then_ignore(just(Token::Assign))
        .or_not()
        .then(scalar)
        .then(to_type.or_not())
        .map_with(|((name, value), to_type), e| MvItem {
            name,
            value,
            to_type,
            span: span_of(e.span()),
        })
        .boxed()
}

/// parse, parse-where, parse-kv, evaluate, render, as, invoke, getschema, search and
/// the opaque operators.
fn misc<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    let parse = kw_of(&["parse", "parse-where"])
        .then(op_params(&["flags"]))
        .then(scalar.clone())
        .then_ignore(kw("with"))
        .then(parse_pattern())
        .map(
            |((((word, _), params), source), pattern)| OperatorKind::Parse {
                kind: parse_kind(word, &params),
                params,
                source,
                pattern,
            },
        );
    let parse_kv = kw("parse-kv")
        .ignore_then(scalar.clone())
        .then_ignore(kw("as"))
        .then(column_list())
        .then(with_params(scalar.clone()).or_not())
        .map(|((source, columns), params)| OperatorKind::ParseKv {
            source,
            columns,
            params: params.unwrap_or_default(),
        });
    // `evaluate bag_unpack(d) : (*, Name: string)`: the declared output schema.
    let evaluate = kw("evaluate")
        .ignore_then(op_params(&[]))
        .then(scalar.clone())
        .then(just(Token::Colon).ignore_then(output_schema()).or_not())
        .map(|((params, call), output)| OperatorKind::Evaluate {
            params,
            call,
            output,
        });
    let render = kw("render")
        .ignore_then(name())
        .then_ignore(render_properties(scalar.clone()))
        .map(|chart| OperatorKind::Render { chart });
    let as_ = kw("as")
        .ignore_then(op_params(&[]))
        .ignore_then(name())
        .map(|name| OperatorKind::As { name });
    let invoke = kw("invoke")
        .ignore_then(scalar.clone())
        .map(OperatorKind::Invoke);
    let getschema = kw("getschema").to(OperatorKind::GetSchema);
    let search = kw("search")
        .ignore_then(op_params(&[]))
        .then(scalar)
        .map(|(params, predicate)| OperatorKind::Search { params, predicate });
    let opaque = kw_of(OPAQUE_OPERATORS)
        .then_ignore(skip_operator_body())
        .map(|(word, span)| OperatorKind::Opaque {
            name: super::super::ast::Ident {
                name: word.to_string(),
                span,
            },
        });
    choice((
        parse, parse_kv, evaluate, render, as_, invoke, getschema, search, opaque,
    ))
    .boxed()
}

fn parse_kind(word: &str, params: &[OpParam]) -> ParseKind {
    if word == "parse-where" {
        return ParseKind::Where;
    }
    let kind = params
        .iter()
        .find(|p| p.name.name == "kind")
        .and_then(|p| match &p.value.kind {
            ExprKind::Name(n) => Some(n.name.as_str()),
            _ => None,
        });
    match kind {
        Some("regex") => ParseKind::Regex,
        Some("relaxed") => ParseKind::Relaxed,
        _ => ParseKind::Simple,
    }
}

/// The pattern after `parse … with`: string literals, `*`, and `Col[:type]` captures.
fn parse_pattern<'a, E: PErr<'a>>() -> P<'a, Vec<ParsePart>, E> {
    let literal = select! { Token::String(raw) => raw }
        .repeated()
        .at_least(1)
        .collect::<Vec<_>>()
        .map_with(|raws, e| {
            ParsePart::Literal(
                raws.iter()
                    .map(|r| super::literal::decode_string(r))
                    .collect(),
                span_of(e.span()),
            )
        });
    let wildcard = just(Token::Star).map_with(|_, e| ParsePart::Wildcard(span_of(e.span())));
    let column = name()
        .then(just(Token::Colon).ignore_then(type_name()).or_not())
        .map(|(name, ty)| ParsePart::Column { name, ty });
    choice((literal, wildcard, column))
        .repeated()
        .at_least(1)
        .collect()
        .boxed()
}

/// What follows `render <chart>`: `with (name = value, …)`, where a bare name after a
/// comma continues a column list (`ycolumns = a, b`), or the legacy `name = value …`
/// form. Read for its syntax only: kqlc draws no chart.
fn render_properties<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, (), E> {
    let assigned = ident()
        .then_ignore(just(Token::Assign))
        .then(scalar.clone());
    let item = assigned.clone().ignored().or(ident().ignored());
    // Kusto takes a stray comma before the first property: `with (, title = "x")`.
    let with = kw("with").ignore_then(
        just(Token::Comma)
            .or_not()
            .ignore_then(assigned.clone())
            .ignored()
            .then(just(Token::Comma).ignore_then(item).repeated())
            .delimited_by(just(Token::LParen), just(Token::RParen)),
    );
    with.ignored().or(assigned.repeated().ignored()).boxed()
}
