//! Lowering `summarize`: `by` keys first, then aggregates, named as Kusto names them
//! (`count_`, `dcount_X`, `set_X` for `make_set(X)`); an aggregate inside a larger
//! expression (`100.0 * countif(F) / count()`) is computed by the summarize and the
//! expression by a `project` after it.

use super::expr::Input;
use super::scope::Scope;
use super::sources::fresh_name;
use super::{Lowerer, Tab, names};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::functions::registry::{self, AggregateFunction};
use crate::plan::tabular::summarize::{AggCall, AggregateRef, Summarize};
use crate::plan::{Expr, Op};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

/// Aggregates that produce one column per argument (`arg_max(x, a, b)`, `take_any(a, b)`).
const ONE_OUTPUT_PER_ARGUMENT: &[&str] =
    &["arg_max", "arg_min", "argmax", "argmin", "any", "take_any"];

/// The input columns that `by` keys read as they are (`by s`, `by k = s`): an
/// aggregate's `*` leaves them out, as Kusto.Language does; a key computed from a
/// column (`by bin(T, 1h)`, `by tostring(A)`) leaves the column in (`T1`, `A1`).
pub(crate) fn direct_columns(keys: &[Expr]) -> Vec<usize> {
    keys.iter()
        .filter_map(|k| match k.kind {
            crate::plan::expr::ExprKind::Column(i) => Some(i),
            _ => None,
        })
        .collect()
}

impl<'c> Lowerer<'c> {
    pub(crate) fn summarize<'a>(
        &self,
        tab: Tab,
        aggregates: &'a [ast::Assignment],
        by: &'a [ast::Assignment],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let input = Input::of(&tab);
        let mut schema: Vec<Column> = Vec::new();
        let mut keys = Vec::new();
        for item in by {
            let e = self.scalar(&item.value, &input, scope)?;
            let name = self.assigned_name(item, &[]);
            schema.push(Column::new(fresh_name(&name, &schema), e.ty));
            keys.push(e);
        }
        let key_columns = direct_columns(&keys);
        let mut calls = Vec::new();
        // Each aggregate assignment: either direct output columns, or an expression over
        // hidden aggregate columns computed after the summarize.
        let mut finals: Vec<Final> = Vec::new();
        for item in aggregates {
            match direct_aggregate(&item.value) {
                Some((func, name, args)) => {
                    let outputs = self.aggregate_call(
                        func,
                        name,
                        args,
                        item,
                        &input,
                        &key_columns,
                        scope,
                        &mut calls,
                    )?;
                    for (n, ty) in outputs {
                        let n = fresh_name(&n, &schema);
                        schema.push(Column::new(n.clone(), ty));
                        finals.push(Final::Column(schema.len() - 1));
                    }
                }
                None => {
                    let mut hidden = Vec::new();
                    let rewritten = self.extract_aggregates(
                        &item.value,
                        &input,
                        scope,
                        &mut calls,
                        &mut hidden,
                        &mut schema,
                    )?;
                    let name = match item.names.first() {
                        Some(n) => n.name.clone(),
                        None => {
                            let name = aggregate_expression_name(&item.value)
                                .unwrap_or_else(|| self.generated_name(&item.value, &[]));
                            fresh_name(&name, &schema)
                        }
                    };
                    finals.push(Final::Expr(name, rewritten));
                }
            }
        }
        let open = tab
            .open
            .clone()
            .filter(|_| aggregates.iter().any(has_star_argument));
        let keys_len = keys.len();
        let summarize = Summarize {
            input: Box::new(tab.node),
            keys,
            aggregates: calls,
            empty_strings: true,
        };
        // `arg_max(T, *)` over an open table passes its unknown columns through too.
        let node = Tab::new(Op::Summarize(summarize), schema.clone(), span, open);
        if finals.iter().all(|f| matches!(f, Final::Column(_))) {
            return Ok(node);
        }
        self.project_finals(node, keys_len, finals, span, scope)
    }

    /// One direct aggregate call: adds it to `calls`, returns its output names and types.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn aggregate_call<'a>(
        &self,
        func: &'static AggregateFunction,
        written: &str,
        args: &'a [ast::Arg],
        item: &ast::Assignment,
        input: &Input,
        key_columns: &[usize],
        scope: &Scope<'a>,
        calls: &mut Vec<AggCall>,
    ) -> Result<Vec<(String, Type)>> {
        let mut exprs = Vec::new();
        let mut arg_names = Vec::new();
        for arg in args {
            if matches!(arg.value.kind, ast::ExprKind::Star) {
                for (i, c) in input.schema.iter().enumerate() {
                    if !key_columns.contains(&i) && !arg_names.contains(&c.name) {
                        exprs.push(Expr::column(i, c.ty, arg.span));
                        arg_names.push(c.name.clone());
                    }
                }
                continue;
            }
            let e = self.scalar(&arg.value, input, scope)?;
            // `arg_max(Latest = TimeGenerated, …)` names its output column.
            let name = match &arg.name {
                Some(n) => Some(n.name.clone()),
                None => names::derived_name(&arg.value),
            };
            arg_names.push(name.unwrap_or_default());
            exprs.push(e);
        }
        super::expr::check_arity(
            written,
            func.min_args,
            func.max_args
                .max(if ONE_OUTPUT_PER_ARGUMENT.contains(&func.name) {
                    usize::MAX
                } else {
                    0
                }),
            exprs.len(),
            item.span,
        )?;
        let types: Vec<Type> = exprs.iter().map(|e| e.ty).collect();
        let consts = exprs
            .iter()
            .map(|e| e.as_literal().cloned().unwrap_or(Value::Null))
            .collect();
        let outputs = if ONE_OUTPUT_PER_ARGUMENT.contains(&func.name) {
            arg_names
                .iter()
                .zip(&types)
                .enumerate()
                .map(|(i, (n, t))| {
                    (
                        item.names.get(i).map_or_else(
                            || match (n.is_empty(), written) {
                                (true, _) => format!("{written}_{i}"),
                                // `any(X)` is `any_X`; its alias `take_any(X)` keeps `X`.
                                (false, "any") => format!("any_{n}"),
                                (false, _) => n.clone(),
                            },
                            |x| x.name.clone(),
                        ),
                        *t,
                    )
                })
                .collect()
        } else if super::known::named_after_argument(func.name) && item.names.is_empty() {
            let name = arg_names
                .first()
                .filter(|n| !n.is_empty())
                .cloned()
                .unwrap_or_else(|| default_aggregate_name(written, args));
            vec![(name, func.returns.resolve(&types))]
        } else if matches!(func.name, "percentiles" | "percentilesw" | "percentilew") {
            // `percentilesw(x, w, 50)` skips the weight: `percentile_x_50` too.
            let skip = if func.name == "percentiles" { 1 } else { 2 };
            let first = arg_names.first().cloned().unwrap_or_default();
            exprs
                .iter()
                .skip(skip)
                .enumerate()
                .map(|(i, e)| {
                    let p = e
                        .as_literal()
                        .map(Value::to_kusto_string)
                        .unwrap_or_default()
                        .replace('.', "_");
                    (
                        item.names
                            .get(i)
                            .map_or_else(|| format!("percentile_{first}_{p}"), |x| x.name.clone()),
                        types[0],
                    )
                })
                .collect()
        } else {
            let name = match item.names.first() {
                Some(n) => n.name.clone(),
                None => default_aggregate_name(written, args),
            };
            vec![(name, func.returns.resolve(&types))]
        };
        calls.push(AggCall {
            func: AggregateRef(func),
            args: exprs,
            consts,
        });
        Ok(outputs)
    }

    /// Replaces each aggregate call inside `e` by a hidden column of the summarize.
    fn extract_aggregates<'a>(
        &self,
        e: &'a ast::Expr,
        input: &Input,
        scope: &Scope<'a>,
        calls: &mut Vec<AggCall>,
        hidden: &mut Vec<usize>,
        schema: &mut Vec<Column>,
    ) -> Result<ast::Expr> {
        if let Some((func, written, args)) = direct_aggregate(e) {
            let item = ast::Assignment {
                names: Vec::new(),
                value: e.clone(),
                span: e.span,
            };
            let outputs =
                self.aggregate_call(func, written, args, &item, input, &[], scope, calls)?;
            let (_, ty) = outputs
                .into_iter()
                .next()
                .unwrap_or((String::new(), Type::Unknown));
            let name = format!("__kqlc_agg{}", schema.len());
            schema.push(Column::new(name.clone(), ty));
            hidden.push(schema.len() - 1);
            return Ok(ast::Expr {
                kind: ast::ExprKind::Name(ast::Ident { name, span: e.span }),
                span: e.span,
            });
        }
        let mut out = e.clone();
        match (&e.kind, &mut out.kind) {
            (
                ast::ExprKind::Binary { lhs, rhs, .. },
                ast::ExprKind::Binary { lhs: l, rhs: r, .. },
            ) => {
                **l = self.extract_aggregates(lhs, input, scope, calls, hidden, schema)?;
                **r = self.extract_aggregates(rhs, input, scope, calls, hidden, schema)?;
            }
            (ast::ExprKind::Paren(inner), ast::ExprKind::Paren(o))
            | (
                ast::ExprKind::Unary { operand: inner, .. },
                ast::ExprKind::Unary { operand: o, .. },
            ) => {
                **o = self.extract_aggregates(inner, input, scope, calls, hidden, schema)?;
            }
            (
                ast::ExprKind::Index { target, index },
                ast::ExprKind::Index {
                    target: t,
                    index: i,
                },
            ) => {
                **t = self.extract_aggregates(target, input, scope, calls, hidden, schema)?;
                **i = self.extract_aggregates(index, input, scope, calls, hidden, schema)?;
            }
            (ast::ExprKind::Member { target, .. }, ast::ExprKind::Member { target: t, .. }) => {
                **t = self.extract_aggregates(target, input, scope, calls, hidden, schema)?;
            }
            (ast::ExprKind::Call { args, .. }, ast::ExprKind::Call { args: out_args, .. }) => {
                for (a, o) in args.iter().zip(out_args.iter_mut()) {
                    o.value =
                        self.extract_aggregates(&a.value, input, scope, calls, hidden, schema)?;
                }
            }
            (ast::ExprKind::Name(id), _) if input.position(&id.name).is_some() => {
                return Err(Diagnostic::new(
                    Code::TypeMismatch,
                    id.span,
                    format!(
                        "`{}` is a column of the input; in `summarize` it must be inside an aggregate or listed after `by`",
                        id.name
                    ),
                ));
            }
            _ => {}
        }
        Ok(out)
    }

    /// The `project` after a summarize whose aggregates are expressions.
    fn project_finals(
        &self,
        node: Tab,
        key_count: usize,
        finals: Vec<Final>,
        span: Span,
        scope: &Scope,
    ) -> Result<Tab> {
        let input = Input::of(&node);
        // `arg_min(T, *)` over an open table: its columns found later pass through too.
        let open = node.open.clone();
        let mut schema: Vec<Column> = node.schema()[..key_count].to_vec();
        let mut exprs: Vec<Expr> = schema
            .iter()
            .enumerate()
            .map(|(i, c)| Expr::column(i, c.ty, span))
            .collect();
        for f in finals {
            match f {
                Final::Column(i) => {
                    exprs.push(Expr::column(i, node.schema()[i].ty, span));
                    schema.push(node.schema()[i].clone());
                }
                Final::Expr(name, e) => {
                    let lowered = self.scalar(&e, &input, scope)?;
                    schema.push(Column::new(fresh_name(&name, &schema), lowered.ty));
                    exprs.push(lowered);
                }
            }
        }
        Ok(node.project(exprs, schema, span, open))
    }
}

/// An aggregate assignment's final column: a summarize output, or an expression.
enum Final {
    Column(usize),
    Expr(String, ast::Expr),
}

/// `f(args)` when `f` is an aggregate function.
pub(crate) fn direct_aggregate(
    e: &ast::Expr,
) -> Option<(&'static AggregateFunction, &str, &[ast::Arg])> {
    match &e.kind {
        ast::ExprKind::Call { name, args } => {
            registry::aggregate(&name.name).map(|f| (f, name.name.as_str(), args.as_slice()))
        }
        ast::ExprKind::Paren(inner) => direct_aggregate(inner),
        _ => None,
    }
}

/// The name of an unnamed expression over an aggregate when a function that keeps its
/// first argument's name wraps it: `log(count())` is `count_`, `round(avg(X), 2)` is
/// `avg_X` (as Kusto.Language names them); `count() * 2` has none (`ColumnN`).
fn aggregate_expression_name(e: &ast::Expr) -> Option<String> {
    if let Some((_, written, args)) = direct_aggregate(e) {
        return Some(default_aggregate_name(written, args));
    }
    aggregate_expression_name(names::named_after_first_argument(e)?)
}

/// Kusto's default output name of an aggregate: `count_`, `dcount_X`, `set_X`, `list_X`.
fn default_aggregate_name(func: &str, args: &[ast::Arg]) -> String {
    let prefix = match func {
        "make_set" | "makeset" | "make_set_if" => "set",
        "make_list" | "makelist" | "make_list_if" | "make_list_with_nulls" => "list",
        "make_bag" | "make_bag_if" => "bag",
        "take_any" | "take_anyif" => "any",
        // buildschema-aggregation-function: `schema_value`.
        "buildschema" => "schema",
        // Kusto.Language names both array forms `percentiles_X`, as `percentiles` would be.
        "percentiles_array" | "percentilesw_array" => "percentiles",
        // tdigest-merge-aggregation-function: `merge_tdigests_PreAggDamageProperty`.
        "tdigest_merge" | "merge_tdigests" => "merge_tdigests",
        other => other,
    };
    let arg = match func {
        "countif" => None,
        // covariance-aggregation-function: `covariance(x, y)` is `covariance_x_y`.
        "covariance" | "covariancep" | "covarianceif" | "covariancepif" => {
            let name = |i: usize| args.get(i).and_then(|a| names::derived_name(&a.value));
            name(0).zip(name(1)).map(|(x, y)| format!("{x}_{y}"))
        }
        _ => args.first().and_then(|a| names::derived_name(&a.value)),
    };
    match arg {
        Some(a) => format!("{prefix}_{a}"),
        None => format!("{prefix}_"),
    }
}

/// Whether an aggregate assignment is a call with a `*` argument (`arg_max(T, *)`).
fn has_star_argument(item: &ast::Assignment) -> bool {
    matches!(&item.value.kind, ast::ExprKind::Call { args, .. }
        if args.iter().any(|a| matches!(a.value.kind, ast::ExprKind::Star)))
}
