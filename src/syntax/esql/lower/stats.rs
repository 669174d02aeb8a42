//! `STATS` and `INLINE STATS` lowered onto the shared `summarize` (and, for INLINE
//! STATS, the shared hash `join`). ES|QL rules applied here, each from the docs
//! (<https://www.elastic.co/guide/en/elasticsearch/reference/current/esql-commands.html#esql-stats-by>):
//! - the output has the aggregates first, then the BY keys;
//! - a row whose BY field is multi-valued counts in the group of every value, while its
//!   aggregated fields keep all their values;
//! - an aggregate may be an expression over aggregates (`max(a) - min(a)`,
//!   `round(sum(x), 2)`): each aggregate call is computed first, the expression after;
//! - `agg WHERE condition` aggregates only the rows where the condition holds (the
//!   arguments become null elsewhere, and every aggregate skips nulls).

use super::{Lowering, expr, project};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::functions::esql::{self, AggregateKind};
use crate::functions::registry;
use crate::plan::tabular::join::{Join, JoinKind};
use crate::plan::tabular::summarize::{AggCall, AggregateRef, Summarize};
use crate::plan::{Expr, Node, Op};
use crate::source::Span;
use crate::syntax::esql::ast;
use crate::value::{Column, Type, Value};

/// The summarize node of a STATS and how its output maps to ES|QL's columns.
struct Summary {
    node: Node,
    /// Output expressions over the summarize row (keys first, then hidden aggregates).
    agg_exprs: Vec<(String, Expr)>,
    key_cols: Vec<Column>,
}

impl Lowering<'_> {
    /// `STATS aggs BY keys`: aggregates first, then the keys; a later column of the
    /// same name wins.
    pub(super) fn stats(&self, node: Node, stats: &ast::Stats, span: Span) -> Result<Node> {
        let s = self.summary(node, stats, span)?;
        let mut out: Vec<Column> = Vec::new();
        let mut exprs: Vec<Expr> = Vec::new();
        let keys = s
            .key_cols
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone(), Expr::column(i, c.ty, span)));
        for (name, e) in s.agg_exprs.into_iter().chain(keys) {
            if let Some(p) = out.iter().position(|o| o.name == name) {
                out.remove(p);
                exprs.remove(p);
            }
            out.push(Column::new(name, e.ty));
            exprs.push(e);
        }
        Ok(project(s.node, exprs, out, span))
    }

    /// `INLINE STATS aggs BY keys`: every input row kept, with the aggregates of its
    /// group. Output: the input columns not named like an aggregate or key, then the
    /// aggregates, then the keys (as the docs' examples show, e.g. `KEEP emp_no,
    /// languages, salary | INLINE STATS m = MAX(salary) BY languages` gives `emp_no,
    /// salary, m, languages`); a null key is a group of its own.
    /// Docs: <https://www.elastic.co/docs/reference/query-languages/esql/commands/inlinestats-by>
    pub(super) fn inline_stats(&self, node: Node, stats: &ast::Stats, span: Span) -> Result<Node> {
        let mut keys_in = Vec::new();
        for g in self.distinct_groups(&stats.groups) {
            let k = expr::scalar(&g.value, &node.schema)?;
            keys_in.push(k);
        }
        let left = node.clone();
        let s = self.summary(node, stats, span)?;
        let nkeys = s.key_cols.len();
        // The right side: keys, then the named aggregates.
        let mut right_schema = s.key_cols.clone();
        let mut right_exprs: Vec<Expr> = s
            .key_cols
            .iter()
            .enumerate()
            .map(|(i, c)| Expr::column(i, c.ty, span))
            .collect();
        for (name, e) in &s.agg_exprs {
            right_schema.push(Column::new(name.clone(), e.ty));
            right_exprs.push(e.clone());
        }
        let right = project(s.node, right_exprs, right_schema.clone(), span);
        let width = left.schema.len();
        let mut schema = left.schema.clone();
        schema.extend(right_schema.iter().cloned());
        let join_key = |e: Expr| expr::function("esql_join_key", vec![e], span);
        let left_keys = keys_in
            .iter()
            .cloned()
            .map(join_key)
            .collect::<Result<Vec<_>>>()?;
        let right_keys = (0..nkeys)
            .map(|i| join_key(Expr::column(i, right_schema[i].ty, span)))
            .collect::<Result<Vec<_>>>()?;
        let joined = Node {
            op: Op::Join(Join {
                left: Box::new(left),
                right: Box::new(super::null_padded(right, span)),
                kind: JoinKind::LeftOuter,
                left_keys,
                right_keys,
                right_columns: (0..right_schema.len()).collect(),
            }),
            schema: schema.clone(),
            span,
        };
        let replaced: Vec<&str> = right_schema.iter().map(|c| c.name.as_str()).collect();
        let mut exprs = Vec::new();
        let mut out: Vec<Column> = Vec::new();
        for (i, c) in schema[..width].iter().enumerate() {
            if !replaced.contains(&c.name.as_str()) {
                exprs.push(Expr::column(i, c.ty, span));
                out.push(c.clone());
            }
        }
        for (j, c) in right_schema.iter().enumerate().skip(nkeys) {
            exprs.push(Expr::column(width + j, c.ty, span));
            out.push(c.clone());
        }
        for (j, k) in keys_in.into_iter().enumerate() {
            // A row whose key matched nothing (a multi-valued key) keeps its own value.
            let right = Expr::column(width + j, right_schema[j].ty, span);
            let mut e = expr::function("coalesce", vec![right, k], span)?;
            e.ty = right_schema[j].ty;
            exprs.push(e);
            out.push(right_schema[j].clone());
        }
        // A later column of the same name wins.
        let mut i = 0;
        while i < out.len() {
            if out[i + 1..].iter().any(|c| c.name == out[i].name) {
                out.remove(i);
                exprs.remove(i);
            } else {
                i += 1;
            }
        }
        Ok(project(joined, exprs, out, span))
    }

    /// The summarize of a STATS body and the expressions that finish each aggregate.
    fn summary(&self, node: Node, stats: &ast::Stats, span: Span) -> Result<Summary> {
        let mut node = node;
        let mut keys = Vec::new();
        let mut key_cols: Vec<Column> = Vec::new();
        for g in self.distinct_groups(&stats.groups) {
            let (n, key) = self.group_key(node, g, span)?;
            node = n;
            key_cols.push(Column::new(self.field_name(g), key.ty));
            keys.push(key);
        }
        let key_names: Vec<&str> = key_cols.iter().map(|c| c.name.as_str()).collect();
        // Aggregate calls, hoisted out of the expressions that use them.
        let mut hoisted: Vec<ast::Expr> = Vec::new();
        let mut finals: Vec<(String, ast::Expr)> = Vec::new();
        for a in &stats.aggregates {
            let rewritten = hoist(&a.field.value, a.filter.as_ref(), &mut hoisted);
            let rewritten = self.reuse_keys(&rewritten, &stats.groups);
            if !contains_hoisted(&rewritten) && !refers_to(&rewritten, &key_names) {
                return Err(Diagnostic::new(
                    Code::Unsupported,
                    a.span,
                    "STATS takes aggregate functions (or expressions over them)",
                )
                .with_help("compute other values with EVAL"));
            }
            finals.push((self.field_name(&a.field), rewritten));
        }
        if hoisted.is_empty() && keys.is_empty() {
            return Err(Diagnostic::new(
                Code::SyntaxError,
                span,
                "STATS needs at least one aggregate or BY group",
            ));
        }
        let mut calls = Vec::new();
        let mut schema = key_cols.clone();
        for (i, h) in hoisted.iter().enumerate() {
            let (call, ty) = aggregate(h, &node.schema)?;
            calls.push(call);
            schema.push(Column::new(hoisted_name(i), ty));
        }
        let mut agg_exprs = Vec::new();
        for (name, e) in finals {
            agg_exprs.push((name, expr::scalar(&e, &schema)?));
        }
        let summarize = Node {
            op: Op::Summarize(Summarize {
                input: Box::new(node),
                keys,
                aggregates: calls,
                empty_strings: false,
            }),
            schema,
            span,
        };
        Ok(Summary {
            node: summarize,
            agg_exprs,
            key_cols,
        })
    }

    /// `e` with each part written like a BY expression (outside the aggregate calls,
    /// already hoisted) read from that key's column: in `STATS s = 1 + BUCKET(x, 10.)
    /// BY b = BUCKET(x, 10.)` the sum adds one to `b`. Parts are matched by their
    /// text, spaces aside.
    fn reuse_keys(&self, e: &ast::Expr, groups: &[ast::Field]) -> ast::Expr {
        let text = |x: &ast::Expr| -> Option<String> {
            let t = self.text.get(x.span.start as usize..x.span.end as usize)?;
            Some(t.chars().filter(|c| !c.is_whitespace()).collect())
        };
        let keys: Vec<(String, String)> = groups
            .iter()
            .filter(|g| !matches!(g.value.kind, ast::ExprKind::Field(_)))
            .filter_map(|g| Some((text(&g.value)?, self.field_name(g))))
            .collect();
        if keys.is_empty() {
            return e.clone();
        }
        map_expr(e, &mut |x| {
            if matches!(x.kind, ast::ExprKind::Field(_)) {
                return None;
            }
            let t = text(x)?;
            let (_, name) = keys.iter().rev().find(|(k, _)| *k == t)?;
            Some(ast::Expr {
                kind: ast::ExprKind::Field(ast::QualifiedName {
                    name: name.clone(),
                    span: x.span,
                }),
                span: x.span,
            })
        })
    }

    /// The BY groups that count: of several of one name, the last (Elasticsearch
    /// warns that it shadows the others and groups by it alone).
    fn distinct_groups<'g>(&self, groups: &'g [ast::Field]) -> Vec<&'g ast::Field> {
        let names: Vec<String> = groups.iter().map(|g| self.field_name(g)).collect();
        groups
            .iter()
            .enumerate()
            .filter(|(i, _)| !names[i + 1..].contains(&names[*i]))
            .map(|(_, g)| g)
            .collect()
    }

    /// A BY key, added to the rows as a column of its name, so that the aggregates and
    /// their filters can refer to it (`STATS max(a) WHERE l > 1 BY a = x + y, l = z`).
    /// A field is expanded into that column one value per row (the field itself
    /// stays whole for the aggregates).
    fn group_key(&self, node: Node, g: &ast::Field, span: Span) -> Result<(Node, Expr)> {
        let name = self.field_name(g);
        let ast::ExprKind::Field(f) = &g.value.kind else {
            let e = expr::scalar(&g.value, &node.schema)?;
            let mut exprs: Vec<Expr> = (0..node.schema.len())
                .map(|i| Expr::column(i, node.schema[i].ty, span))
                .collect();
            let mut schema = node.schema.clone();
            schema.push(Column::new(name, e.ty));
            let key = Expr::column(exprs.len(), e.ty, span);
            exprs.push(e);
            return Ok((project(node, exprs, schema, span), key));
        };
        let Some(i) = node.schema.iter().rposition(|c| c.name == f.name) else {
            return Err(expr::unknown_column(&f.name, f.span, &node.schema));
        };
        let mut expanded = super::mv_expand_into_new_column(node, i, span);
        let last = expanded.schema.len() - 1;
        if g.name.is_some() {
            expanded.schema[last].name = name;
        }
        let key = Expr::column(last, expanded.schema[last].ty, span);
        Ok((expanded, key))
    }
}

/// The hidden name of the `i`-th aggregate call of a STATS.
fn hoisted_name(i: usize) -> String {
    format!("$agg{i}")
}

fn is_aggregate_call(e: &ast::Expr) -> bool {
    matches!(&e.kind, ast::ExprKind::Call { name, .. } if esql::aggregate(&name.name).is_some())
}

/// `e` with each aggregate call replaced by a reference to its hidden column (the
/// calls collected in `out`, with the per-aggregate filter applied to their arguments).
fn hoist(e: &ast::Expr, filter: Option<&ast::Expr>, out: &mut Vec<ast::Expr>) -> ast::Expr {
    map_expr(e, &mut |x| {
        if !is_aggregate_call(x) {
            return None;
        }
        out.push(match filter {
            Some(f) => filtered(x, f),
            None => x.clone(),
        });
        Some(ast::Expr {
            kind: ast::ExprKind::Field(ast::QualifiedName {
                name: hoisted_name(out.len() - 1),
                span: x.span,
            }),
            span: x.span,
        })
    })
}

/// `e` rebuilt top-down: where `f` gives a replacement it is used whole, else the
/// node is copied with its operands mapped.
fn map_expr(e: &ast::Expr, f: &mut dyn FnMut(&ast::Expr) -> Option<ast::Expr>) -> ast::Expr {
    if let Some(r) = f(e) {
        return r;
    }
    let mut sub = |x: &ast::Expr| Box::new(map_expr(x, f));
    let kind = match &e.kind {
        ast::ExprKind::Call {
            name,
            args,
            options,
        } => ast::ExprKind::Call {
            name: name.clone(),
            args: args.iter().map(|a| *sub(a)).collect(),
            options: options.clone(),
        },
        ast::ExprKind::Unary { op, operand } => ast::ExprKind::Unary {
            op: *op,
            operand: sub(operand),
        },
        ast::ExprKind::Not(x) => ast::ExprKind::Not(sub(x)),
        ast::ExprKind::Paren(x) => ast::ExprKind::Paren(sub(x)),
        ast::ExprKind::Binary { op, lhs, rhs } => ast::ExprKind::Binary {
            op: *op,
            lhs: sub(lhs),
            rhs: sub(rhs),
        },
        ast::ExprKind::Cast { operand, ty } => ast::ExprKind::Cast {
            operand: sub(operand),
            ty: ty.clone(),
        },
        other => other.clone(),
    };
    ast::Expr { kind, span: e.span }
}

/// Whether a rewritten aggregate expression refers to a hidden aggregate column.
fn contains_hoisted(e: &ast::Expr) -> bool {
    match &e.kind {
        ast::ExprKind::Field(f) => f.name.starts_with("$agg"),
        ast::ExprKind::Call { args, .. } => args.iter().any(contains_hoisted),
        ast::ExprKind::Unary { operand: x, .. }
        | ast::ExprKind::Not(x)
        | ast::ExprKind::Paren(x)
        | ast::ExprKind::Cast { operand: x, .. } => contains_hoisted(x),
        ast::ExprKind::Binary { lhs, rhs, .. } => contains_hoisted(lhs) || contains_hoisted(rhs),
        _ => false,
    }
}

/// Whether `e` reads a column named in `names` (a BY key).
fn refers_to(e: &ast::Expr, names: &[&str]) -> bool {
    match &e.kind {
        ast::ExprKind::Field(f) => names.contains(&f.name.as_str()),
        ast::ExprKind::Call { args, .. } => args.iter().any(|a| refers_to(a, names)),
        ast::ExprKind::Unary { operand: x, .. }
        | ast::ExprKind::Not(x)
        | ast::ExprKind::Paren(x)
        | ast::ExprKind::Cast { operand: x, .. } => refers_to(x, names),
        ast::ExprKind::Binary { lhs, rhs, .. } => refers_to(lhs, names) || refers_to(rhs, names),
        _ => false,
    }
}

/// `agg(x, …) WHERE f` as `agg(CASE(f, x), …)`; `count(*) WHERE f` as `count(CASE(f, true))`.
fn filtered(call: &ast::Expr, f: &ast::Expr) -> ast::Expr {
    let ast::ExprKind::Call {
        name,
        args,
        options,
    } = &call.kind
    else {
        return call.clone();
    };
    let guard = |x: ast::Expr| ast::Expr {
        span: x.span,
        kind: ast::ExprKind::Call {
            name: ast::Ident {
                name: "case".into(),
                span: x.span,
            },
            args: vec![f.clone(), x],
            options: None,
        },
    };
    let mut new_args = Vec::new();
    if args.is_empty() {
        // `count() WHERE f` counts the rows where `f` holds, as `count(*) WHERE f`.
        new_args.push(guard(ast::Expr {
            kind: ast::ExprKind::Literal(ast::Literal::Bool(true)),
            span: call.span,
        }));
    }
    for (i, a) in args.iter().enumerate() {
        new_args.push(match (&a.kind, i) {
            (ast::ExprKind::Star, _) => guard(ast::Expr {
                kind: ast::ExprKind::Literal(ast::Literal::Bool(true)),
                span: a.span,
            }),
            (_, 0) => guard(a.clone()),
            _ => a.clone(),
        });
    }
    ast::Expr {
        kind: ast::ExprKind::Call {
            name: name.clone(),
            args: new_args,
            options: options.clone(),
        },
        span: call.span,
    }
}

/// One aggregate call of STATS, mapped onto a KQL accumulator.
fn aggregate(e: &ast::Expr, schema: &[Column]) -> Result<(AggCall, Type)> {
    let ast::ExprKind::Call { name, args, .. } = &e.kind else {
        return Err(Diagnostic::new(
            Code::Unsupported,
            e.span,
            "STATS takes aggregate function calls",
        ));
    };
    let Some(kind) = esql::aggregate(&name.name) else {
        return Err(Diagnostic::new(
            Code::UnknownFunction,
            name.span,
            format!("`{}` is not an ES|QL aggregate function", name.name),
        ));
    };
    let star = args.len() == 1 && matches!(args[0].kind, ast::ExprKind::Star);
    let mut exprs = Vec::new();
    if !star {
        for a in args {
            exprs.push(expr::scalar(a, schema)?);
        }
    }
    let (kql, exprs) = match kind {
        AggregateKind::CountNonNull if star || exprs.is_empty() => ("count", Vec::new()),
        AggregateKind::CountNonNull => ("countif", exprs),
        AggregateKind::Median => {
            exprs.push(Expr::literal(Value::Long(50), Type::Int, e.span));
            ("esql_percentile", exprs)
        }
        AggregateKind::Kql(k) => (k, exprs),
    };
    let kql_func = registry::aggregate(kql);
    let func = esql::aggregate::per_value(kql)
        .or(kql_func)
        .ok_or_else(|| {
            Diagnostic::new(
                Code::UnknownFunction,
                name.span,
                format!("no `{kql}` aggregate"),
            )
        })?;
    if exprs.len() < func.min_args || exprs.len() > func.max_args {
        return Err(Diagnostic::new(
            Code::WrongArity,
            e.span,
            format!("wrong number of arguments to `{}`", name.name),
        ));
    }
    let types: Vec<Type> = exprs.iter().map(|x| x.ty).collect();
    let ty = match kind {
        AggregateKind::Median => Type::Real,
        AggregateKind::CountNonNull => Type::Long,
        _ => kql_func.map_or(func.returns, |f| f.returns).resolve(&types),
    };
    let consts = exprs
        .iter()
        .map(|x| expr::fold(x).unwrap_or(Value::Null))
        .collect();
    Ok((
        AggCall {
            func: AggregateRef(func),
            args: exprs,
            consts,
        },
        ty,
    ))
}
