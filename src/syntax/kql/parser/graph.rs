//! The graph operators: `make-graph`, `graph-match`, `graph-shortest-paths`,
//! `graph-to-table`, `graph-mark-components`, and the path patterns of the matching
//! operators (`(a)-[e*1..3]->(b)`).
//!
//! The arrows of a pattern are several tokens (`-`, `[`, `>`, `<`); as in Kusto they
//! must touch (`]->`, not `] - >`), which [`tight`] checks from the tokens' spans.

use super::super::ast::{
    EdgeDirection, Expr, GraphMatch, GraphPartition, GraphTablePart, Hops, MakeGraph, NodeTable,
    Operator, OperatorKind, PatternEdge, PatternNode, PatternPath,
};
use super::super::lexer::Token;
use super::common::{assignments, kw, kw_of, name, op_params, span_of};
use super::{Inp, P, PErr};
use chumsky::prelude::*;

/// Every graph operator that may follow `|`.
pub(super) fn graph_operator<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    let table_operator = table_operator(scalar.clone());
    choice((
        make_graph(scalar, table_operator.clone()),
        table_operator.map(|op| op.kind),
        mark_components(),
    ))
    .boxed()
}

/// The graph operators that make a table: `graph-match`, `graph-shortest-paths`,
/// `graph-to-table` (what `make-graph … partitioned-by` runs on each partition).
fn table_operator<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, Operator, E> {
    choice((matching(scalar), to_table()))
        .map_with(|kind, e| Operator {
            kind,
            span: span_of(e.span()),
        })
        .boxed()
}

/// `make-graph Src --> Dst [with T on K, … | with_node_id = N] [partitioned-by C (op)]`.
fn make_graph<'a, E: PErr<'a>>(
    scalar: P<'a, Expr, E>,
    body: P<'a, Operator, E>,
) -> P<'a, OperatorKind, E> {
    let node_table = scalar
        .then_ignore(kw("on"))
        .then(name())
        .map(|(table, key)| NodeTable { table, key })
        .boxed();
    let tables = kw("with").ignore_then(
        node_table
            .separated_by(just(Token::Comma))
            .at_least(1)
            .collect::<Vec<_>>(),
    );
    let node_id = kw("with_node_id")
        .ignore_then(just(Token::Assign))
        .ignore_then(name());
    let nodes = tables
        .map(|t| (t, None))
        .or(node_id.map(|n| (Vec::new(), Some(n))))
        .or_not()
        .map(Option::unwrap_or_default);
    let partition = kw("partitioned-by")
        .ignore_then(name())
        .then(body.delimited_by(just(Token::LParen), just(Token::RParen)))
        .map(|(column, body)| GraphPartition {
            column,
            body: Box::new(body),
        })
        .or_not();
    kw("make-graph")
        .ignore_then(name())
        .then_ignore(tight(&[Token::Minus, Token::Minus, Token::Gt]))
        .then(name())
        .then(nodes)
        .then(partition)
        .map(|(((source, target), (nodes, node_id)), partition)| {
            OperatorKind::MakeGraph(Box::new(MakeGraph {
                source,
                target,
                nodes,
                node_id,
                partition,
            }))
        })
        .boxed()
}

/// `graph-match [cycles = …] Pattern [where P] [project …]` and `graph-shortest-paths
/// [output = …] Pattern [where P] [project …]`.
fn matching<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, OperatorKind, E> {
    let operator = kw_of(&["graph-match", "graph-shortest-paths"]);
    operator
        .then(op_params(&["cycles", "output"]))
        .then(pattern())
        .then(kw("where").ignore_then(scalar.clone()).or_not())
        .then(kw("project").ignore_then(assignments(scalar)).or_not())
        .map(|(((((word, _), params), pattern), predicate), project)| {
            OperatorKind::GraphMatch(Box::new(GraphMatch {
                shortest: word == "graph-shortest-paths",
                params,
                pattern,
                predicate,
                project: project.unwrap_or_default(),
            }))
        })
        .boxed()
}

/// `graph-to-table nodes [as N] [with_node_id = C] [, edges …]`; `as` may stand before
/// or after the parameters.
fn to_table<'a, E: PErr<'a>>() -> P<'a, OperatorKind, E> {
    let alias = kw("as").ignore_then(name());
    let part = kw_of(&["nodes", "edges"])
        .then(alias.clone().or_not())
        .then(op_params(&[
            "with_node_id",
            "with_source_id",
            "with_target_id",
        ]))
        .then(alias.or_not())
        .map_with(
            |((((word, span), before), params), after), e| GraphTablePart {
                part: super::super::ast::Ident {
                    name: word.to_string(),
                    span,
                },
                name: before.or(after),
                params,
                span: span_of(e.span()),
            },
        );
    kw("graph-to-table")
        .ignore_then(part.separated_by(just(Token::Comma)).at_least(1).collect())
        .map(OperatorKind::GraphToTable)
        .boxed()
}

/// `graph-mark-components [kind = weak|strong] [with_component_id = C]`.
fn mark_components<'a, E: PErr<'a>>() -> P<'a, OperatorKind, E> {
    kw("graph-mark-components")
        .ignore_then(op_params(&["with_component_id"]))
        .map(|params| OperatorKind::GraphMarkComponents { params })
        .boxed()
}

/// Comma-separated paths.
fn pattern<'a, E: PErr<'a>>() -> P<'a, Vec<PatternPath>, E> {
    let path = node()
        .then(edge().then(node()).repeated().collect::<Vec<_>>())
        .map_with(|(start, steps), e| PatternPath {
            start,
            steps,
            span: span_of(e.span()),
        });
    path.separated_by(just(Token::Comma))
        .at_least(1)
        .collect()
        .labelled("graph pattern")
        .boxed()
}

/// `(name)` or `()`.
fn node<'a, E: PErr<'a>>() -> P<'a, PatternNode, E> {
    name()
        .or_not()
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .map_with(|name, e| PatternNode {
            name,
            span: span_of(e.span()),
        })
        .labelled("pattern node `(…)`")
        .boxed()
}

/// One pattern edge: `-[…]->`, `-[…]-`, `<-[…]-`, `-->`, `<--` or `--`.
fn edge<'a, E: PErr<'a>>() -> P<'a, PatternEdge, E> {
    let body = name().or_not().then(hops().or_not()).boxed();
    let bracketed = |open: &'static [Token<'static>], close: &'static [Token<'static>]| {
        tight(open)
            .ignore_then(body.clone())
            .then_ignore(tight(close))
    };
    let right = bracketed(
        &[Token::Minus, Token::LBracket],
        &[Token::RBracket, Token::Minus, Token::Gt],
    )
    .map(|b| (EdgeDirection::Right, b));
    let any = bracketed(
        &[Token::Minus, Token::LBracket],
        &[Token::RBracket, Token::Minus],
    )
    .map(|b| (EdgeDirection::Any, b));
    let left = bracketed(
        &[Token::Lt, Token::Minus, Token::LBracket],
        &[Token::RBracket, Token::Minus],
    )
    .map(|b| (EdgeDirection::Left, b));
    let anonymous =
        |tokens: &'static [Token<'static>], direction| tight(tokens).to((direction, (None, None)));
    choice((
        right,
        any,
        left,
        anonymous(
            &[Token::Minus, Token::Minus, Token::Gt],
            EdgeDirection::Right,
        ),
        anonymous(
            &[Token::Lt, Token::Minus, Token::Minus],
            EdgeDirection::Left,
        ),
        anonymous(&[Token::Minus, Token::Minus], EdgeDirection::Any),
    ))
    .map_with(|(direction, (name, hops)), e| PatternEdge {
        name,
        direction,
        hops,
        span: span_of(e.span()),
    })
    .labelled("pattern edge such as `-->` or `-[e]->`")
    .boxed()
}

/// `*min..max` of a variable length edge (both bounds are required integers).
fn hops<'a, E: PErr<'a>>() -> P<'a, Hops, E> {
    let bound = select! { Token::Int(digits) = e => (digits, e.span()) }
        .try_map(|(digits, span), _| {
            parse_count(digits).ok_or_else(|| {
                E::plain(
                    span,
                    "the length of a variable length edge must be a whole number below 2^31",
                )
            })
        })
        .labelled("whole number");
    just(Token::Star)
        .ignore_then(bound)
        .then_ignore(just(Token::DotDot))
        .then(bound)
        .map_with(|(min, max), e| Hops {
            min,
            max,
            span: span_of(e.span()),
        })
        .boxed()
}

/// A decimal or `0x` hexadecimal count that fits an `i32`.
fn parse_count(digits: &str) -> Option<i64> {
    let n = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i64::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<i64>().ok()?,
    };
    (n <= i64::from(i32::MAX)).then_some(n)
}

/// The tokens `expected`, in order, each starting where the previous one ends (an arrow
/// such as `]->` is written without blanks). Fails, consuming nothing, when the first
/// token differs; a later one that differs or stands apart is an error at it.
fn tight<'a, E: PErr<'a>>(expected: &'static [Token<'static>]) -> P<'a, (), E> {
    custom(move |inp: &mut Inp<'a, '_, E>| {
        let before = inp.save();
        let mut end: Option<usize> = None;
        for (i, want) in expected.iter().enumerate() {
            let start = inp.cursor();
            let token = inp.next();
            let span = inp.span_since(&start);
            let apart = end.is_some_and(|e| e != span.start);
            if token.as_ref() != Some(want) || apart {
                inp.rewind(before);
                let arrow: String = expected.iter().map(|t| t.punct_text()).collect();
                let message = match (i, apart && token.as_ref() == Some(want)) {
                    (_, true) => format!("write the arrow `{arrow}` without blanks inside it"),
                    _ => format!("expected `{arrow}`"),
                };
                return Err(E::plain(span, message));
            }
            end = Some(span.end);
        }
        Ok(())
    })
    .boxed()
}
