//! `evaluate pivot(PivotColumn [, Aggregate(Expr)] [, Column…])` (pivot-plugin): one row
//! per group of the columns named, one column per value of `PivotColumn`, holding the
//! aggregate (default `count()`) over the group's rows with that value.
//!
//! It lowers to a `summarize` of the aggregate's `if` form per value
//! (`take_anyif(Value, tostring(Key) == "Image")`). The values are known when the input
//! reads no table (it is run while lowering); otherwise they are the columns the query
//! names after the pivot, discovered like those of a table without a schema, as for
//! `bag_unpack` — so a pivot whose columns nothing names has only its group columns.

use super::expr::Input;
use super::names::derived_name;
use super::scope::Scope;
use super::sources::fresh_name;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::functions::registry::{self, AggregateFunction};
use crate::plan::tabular::summarize::{AggCall, AggregateRef, Summarize};
use crate::plan::{Expr, Op};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

/// The conditional form of each aggregate pivot accepts (pivot-plugin: "any aggregation
/// function"; those kqlc has an `if` form of).
const CONDITIONAL: &[(&str, &str)] = &[
    ("count", "countif"),
    ("any", "take_anyif"),
    ("take_any", "take_anyif"),
    ("sum", "sumif"),
    ("avg", "avgif"),
    ("min", "minif"),
    ("max", "maxif"),
    ("dcount", "dcountif"),
    ("make_set", "make_set_if"),
    ("make_list", "make_list_if"),
];

impl Lowerer<'_> {
    pub(super) fn pivot<'a>(
        &self,
        tab: Tab,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let input = Input::of(&tab);
        let Some((first, rest)) = args.split_first() else {
            return Err(Diagnostic::new(
                Code::WrongArity,
                span,
                "pivot() needs the column whose values become columns",
            ));
        };
        let key = self.scalar(&first.value, &input, scope)?;
        let (aggregate, values, groups) = match rest.split_first() {
            Some((a, groups)) if aggregate_name(&a.value).is_some() => {
                let (func, call_args) = self.pivot_aggregate(&a.value, a.span)?;
                let values = call_args
                    .iter()
                    .map(|x| self.scalar(&x.value, &input, scope))
                    .collect::<Result<Vec<_>>>()?;
                (func, values, groups)
            }
            _ => (self.conditional("count", span)?, Vec::new(), rest),
        };
        let mut schema: Vec<Column> = Vec::new();
        let mut keys = Vec::new();
        if groups.is_empty() {
            // "The default is all columns other than the pivoted column and the
            // aggregation column" (learn.microsoft.com/kusto/query/pivot-plugin).
            let used: Vec<usize> = std::iter::once(&key)
                .chain(&values)
                .filter_map(|e| match e.kind {
                    crate::plan::ExprKind::Column(i) => Some(i),
                    _ => None,
                })
                .collect();
            for (i, c) in tab.schema().iter().enumerate() {
                if !used.contains(&i) {
                    keys.push(Expr::column(i, c.ty, span));
                    schema.push(c.clone());
                }
            }
        }
        for g in groups {
            let e = self.scalar(&g.value, &input, scope)?;
            let name =
                derived_name(&g.value).unwrap_or_else(|| format!("Column{}", keys.len() + 1));
            schema.push(Column::new(fresh_name(&name, &schema), e.ty));
            keys.push(e);
        }
        let open_name = super::plugins::plugin_output("pivot", span);
        // Run once: a constant input gives both the columns and the openness.
        let rows = self.constant_rows(&tab);
        let constant = rows.is_some();
        let names = self.pivot_columns(rows, &key, &open_name);
        let types: Vec<Type> = values.iter().map(|v| v.ty).collect();
        // A column named only later in the query (the input is not constant) may not be
        // a pivot column at all: its type stays unknown, as Kusto.Language leaves it, so
        // that `| where Misspelt contains "x"` is not called a type error.
        let ty = if constant {
            aggregate.returns.resolve(&types)
        } else {
            Type::Unknown
        };
        let mut calls = Vec::new();
        for name in &names {
            let text = self.registry_call("tostring", vec![key.clone()], span);
            let literal = Expr::literal(Value::string(name.as_str()), Type::String, span);
            let matches = self.binary(ast::BinaryOp::Eq, text, literal, span);
            let mut call_args = values.clone();
            call_args.push(matches);
            let consts = vec![Value::Null; call_args.len()];
            calls.push(AggCall {
                func: AggregateRef(aggregate),
                args: call_args,
                consts,
            });
            schema.push(Column::new(fresh_name(name, &schema), ty));
        }
        let summarize = Summarize {
            input: Box::new(tab.node),
            keys,
            aggregates: calls,
            empty_strings: true,
        };
        let open = (!constant).then_some(open_name);
        Ok(Tab::new(Op::Summarize(summarize), schema, span, open))
    }

    /// The pivot's value columns: the key's distinct values (as text, in order of first
    /// appearance) when the input is constant, else the names discovered after it.
    fn pivot_columns(
        &self,
        rows: Option<Vec<Vec<Value>>>,
        key: &Expr,
        open_name: &str,
    ) -> Vec<String> {
        let column = match key.kind {
            crate::plan::ExprKind::Column(i) => Some(i),
            _ => None,
        };
        if let (Some(rows), Some(i)) = (rows, column) {
            let mut names: Vec<String> = Vec::new();
            for row in rows {
                let name = row[i].to_kusto_string();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            return names;
        }
        self.extra.get(open_name).cloned().unwrap_or_default()
    }

    /// The `if` form of the aggregate written in `pivot(K, agg(x), …)`, and its arguments.
    fn pivot_aggregate<'a>(
        &self,
        call: &'a ast::Expr,
        span: Span,
    ) -> Result<(&'static AggregateFunction, &'a [ast::Arg])> {
        match &call.kind {
            ast::ExprKind::Call { name, args } => Ok((self.conditional(&name.name, span)?, args)),
            _ => Err(Diagnostic::new(
                Code::SyntaxError,
                span,
                "expected an aggregate call",
            )),
        }
    }

    fn conditional(&self, name: &str, span: Span) -> Result<&'static AggregateFunction> {
        CONDITIONAL
            .iter()
            .find(|(plain, _)| *plain == name)
            .and_then(|(_, conditional)| registry::aggregate(conditional))
            .ok_or_else(|| {
                Diagnostic::new(
                    Code::Unsupported,
                    span,
                    format!("kqlc cannot run pivot() with `{name}` yet"),
                )
                .with_help("count, any, sum, avg, min, max, dcount, make_set and make_list run")
            })
    }
}

/// The name of an aggregate call (`any(Value)`), which pivot takes as its second argument.
fn aggregate_name(e: &ast::Expr) -> Option<&str> {
    match &e.kind {
        ast::ExprKind::Call { name, .. }
            if registry::aggregate(&name.name).is_some() || name.name == "any" =>
        {
            Some(name.name.as_str())
        }
        _ => None,
    }
}
