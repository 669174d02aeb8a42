//! Lowering `make-series`.

use super::expr::Input;
use super::scope::Scope;
use super::sources::fresh_name;
use super::summarize::{direct_aggregate, direct_columns};
use super::{Lowerer, Tab, names};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::functions::registry;
use crate::plan::tabular::make_series::MakeSeries;
use crate::plan::tabular::summarize::{AggCall, AggregateRef};
use crate::plan::{Expr, Op};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

/// The parts of a `make-series` as the parser gives them.
pub(crate) struct SeriesSyntax<'a> {
    pub aggregates: &'a [ast::Assignment],
    pub defaults: &'a [Option<ast::Expr>],
    pub on: &'a ast::Expr,
    pub from: Option<&'a ast::Expr>,
    pub to: Option<&'a ast::Expr>,
    pub step: &'a ast::Expr,
    pub by: &'a [ast::Assignment],
}

impl<'c> Lowerer<'c> {
    /// Output: the `by` keys, one dynamic array per aggregate, then the axis array.
    pub(crate) fn make_series<'a>(
        &self,
        tab: Tab,
        syntax: SeriesSyntax<'a>,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        if let Some(item) = syntax.aggregates.iter().find(|a| {
            direct_aggregate(&a.value).is_none() && self.series_constant(a, scope).is_none()
        }) {
            let d = Diagnostic::new(
                Code::Unsupported,
                item.span,
                "kqlc runs make-series only with plain aggregate calls (`name = f(x)`)",
            );
            return self.unsupported(Some(tab), d);
        }
        let input = Input::of(&tab);
        let mut schema: Vec<Column> = Vec::new();
        let mut keys = Vec::new();
        for item in syntax.by {
            let e = self.scalar(&item.value, &input, scope)?;
            let name = self.assigned_name(item, &schema);
            schema.push(Column::new(fresh_name(&name, &schema), e.ty));
            keys.push(e);
        }
        let key_columns = direct_columns(&keys);
        let mut calls = Vec::new();
        let mut defaults = Vec::new();
        for (item, default) in syntax
            .aggregates
            .iter()
            .zip(syntax.defaults.iter().chain(std::iter::repeat(&None)))
        {
            let outputs = match direct_aggregate(&item.value) {
                Some((func, written, args)) => self.aggregate_call(
                    func,
                    written,
                    args,
                    item,
                    &input,
                    &key_columns,
                    scope,
                    &mut calls,
                )?,
                None => match self.series_constant(item, scope) {
                    Some(call) => {
                        calls.push(call);
                        vec![(self.assigned_name(item, &schema), Type::Dynamic)]
                    }
                    None => continue,
                },
            };
            for (name, _) in outputs {
                schema.push(Column::new(fresh_name(&name, &schema), Type::Dynamic));
            }
            defaults.push(match default {
                Some(d) => self.scalar(d, &Input::none(), scope)?,
                None => Expr::literal(Value::Long(0), Type::Long, item.span),
            });
        }
        let axis = self.scalar(syntax.on, &input, scope)?;
        let axis_name = names::derived_name(syntax.on).unwrap_or_else(|| "Column1".into());
        schema.push(Column::new(fresh_name(&axis_name, &schema), Type::Dynamic));
        let constant =
            |e: Option<&'a ast::Expr>| e.map(|e| self.scalar(e, &Input::none(), scope)).transpose();
        let op = MakeSeries {
            input: Box::new(tab.node),
            keys,
            axis,
            aggregates: calls,
            defaults,
            from: constant(syntax.from)?,
            to: constant(syntax.to)?,
            step: self.scalar(syntax.step, &Input::none(), scope)?,
            span,
        };
        Ok(Tab::new(Op::MakeSeries(Box::new(op)), schema, span, None))
    }
}

impl<'c> Lowerer<'c> {
    /// A `make-series` item that is a constant (`other = -1`, make-series-operator page):
    /// its value in each bin with rows, the default in the others, as `take_any(-1)`
    /// gives. `None` when the item reads a column or calls an aggregate.
    fn series_constant<'a>(&self, item: &'a ast::Assignment, scope: &Scope<'a>) -> Option<AggCall> {
        let value = self.scalar(&item.value, &Input::none(), scope).ok()?;
        let func = registry::aggregate("take_any")?;
        Some(AggCall {
            func: AggregateRef(func),
            consts: vec![value.as_literal().cloned().unwrap_or(Value::Null)],
            args: vec![value],
        })
    }
}

impl<'c> Lowerer<'c> {
    /// `top-nested` levels: each adds its key column and its aggregate column
    /// (`aggregated_<key>` unless named).
    pub(crate) fn top_nested<'a>(
        &self,
        tab: Tab,
        levels: &'a [ast::TopNestedLevel],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let input = Input::of(&tab);
        let mut schema: Vec<Column> = Vec::new();
        let mut out = Vec::new();
        for level in levels {
            if let Some(others) = &level.with_others {
                return Err(Diagnostic::new(
                    Code::Unsupported,
                    others.span,
                    "kqlc cannot run `top-nested … with others` yet",
                ));
            }
            let key = self.scalar(&level.of.value, &input, scope)?;
            let key_name = self.assigned_name(&level.of, &schema);
            schema.push(Column::new(fresh_name(&key_name, &schema), key.ty));
            let Some((func, written, args)) = direct_aggregate(&level.by.value) else {
                return Err(Diagnostic::new(
                    Code::TypeMismatch,
                    level.by.span,
                    "top-nested ranks by an aggregate function call",
                ));
            };
            let mut calls = Vec::new();
            let outputs = self.aggregate_call(
                func,
                written,
                args,
                &level.by,
                &input,
                &[],
                scope,
                &mut calls,
            )?;
            let ty = outputs.first().map_or(Type::Unknown, |o| o.1);
            let agg_name = level
                .by
                .names
                .first()
                .map_or_else(|| format!("aggregated_{key_name}"), |n| n.name.clone());
            schema.push(Column::new(fresh_name(&agg_name, &schema), ty));
            let count = level
                .count
                .as_ref()
                .map(|c| self.constant_count(c, scope))
                .transpose()?;
            let aggregate = calls.into_iter().next().ok_or_else(|| {
                Diagnostic::new(
                    Code::TypeMismatch,
                    level.by.span,
                    "top-nested needs one aggregate",
                )
            })?;
            out.push(crate::plan::tabular::top_nested::Level {
                count,
                key,
                aggregate,
                descending: level.descending.unwrap_or(true),
            });
        }
        let op = crate::plan::tabular::top_nested::TopNested {
            input: Box::new(tab.node),
            levels: out,
        };
        Ok(Tab::new(Op::TopNested(op), schema, span, None))
    }
}
