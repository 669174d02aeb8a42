//! Lowering the plugins that run over their whole input: `ipv4_lookup`/`ipv6_lookup`
//! `activity_counts_metrics` and `sliding_window_counts` (their Kusto plugin pages).

use super::expr::Input;
use super::scope::Scope;
use super::sources::fresh_name;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::ExprKind;
use crate::plan::tabular::table_fn::{ActivityCounts, IpLookup, SlidingWindowCounts, TableFnKind};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

impl<'c> Lowerer<'c> {
    /// `ipv4_lookup(Lookup, SourceKey, LookupKey [, ExtraKey…] [, return_unmatched])`:
    /// the input's columns, then the lookup's except the extra keys.
    pub(crate) fn ip_lookup<'a>(
        &self,
        tab: Tab,
        name: &ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let arity = || {
            Diagnostic::new(
                Code::WrongArity,
                name.span,
                format!(
                    "{}() needs the lookup table, the source key and the lookup key",
                    name.name
                ),
            )
        };
        let [table, source, key, rest @ ..] = args else {
            return Err(arity());
        };
        let side = self.tabular(&table.value, scope)?;
        let source = self.input_column(&source.value, &Input::of(&tab), scope)?;
        let range = self.input_column(&key.value, &Input::of(&side), scope)?;
        let mut extra = Vec::new();
        let mut unmatched = false;
        for arg in rest {
            let named_flag = arg
                .name
                .as_ref()
                .is_some_and(|n| n.name == "return_unmatched");
            let literal = matches!(arg.value.kind, ast::ExprKind::Literal(_));
            if named_flag || literal {
                let v = self.scalar(&arg.value, &Input::none(), scope)?;
                unmatched = v.as_literal().and_then(Value::as_bool).unwrap_or(false);
                continue;
            }
            let a = self.input_column(&arg.value, &Input::of(&tab), scope)?;
            let b = self.input_column(&arg.value, &Input::of(&side), scope)?;
            extra.push((a, b));
        }
        let mut schema = tab.schema().to_vec();
        let appended: Vec<usize> = (0..side.schema().len())
            .filter(|i| !extra.iter().any(|(_, b)| b == i))
            .collect();
        for &i in &appended {
            let c = &side.schema()[i];
            schema.push(Column::new(fresh_name(&c.name, &schema), c.ty));
        }
        Ok(tab.table_fn(
            Some(side.node),
            TableFnKind::IpLookup(IpLookup {
                source,
                range,
                extra,
                appended,
                unmatched,
                v6: name.name == "ipv6_lookup",
            }),
            schema,
            span,
            None,
        ))
    }

    /// `activity_counts_metrics(Id, Timeline, Start, End, Step [, Dim…])`: the timeline
    /// column, the dimensions, then count, dcount, new_dcount and aggregated_dcount.
    pub(crate) fn activity_counts_metrics<'a>(
        &self,
        tab: Tab,
        name: &ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let [id, time, start, end, step, dims @ ..] = args else {
            return Err(Diagnostic::new(
                Code::WrongArity,
                name.span,
                "activity_counts_metrics() needs IdColumn, TimelineColumn, Start, End and Step",
            ));
        };
        let input = Input::of(&tab);
        let id = self.input_column(&id.value, &input, scope)?;
        let time = self.input_column(&time.value, &input, scope)?;
        let constant = |a: &'a ast::Arg| self.scalar(&a.value, &Input::none(), scope);
        let (start, end, step) = (constant(start)?, constant(end)?, constant(step)?);
        if step.ty == Type::String {
            return Err(Diagnostic::new(
                Code::Unsupported,
                span,
                "kqlc runs activity_counts_metrics with a timespan step, not 'week'/'month'/'year' yet",
            ));
        }
        let dims: Vec<usize> = dims
            .iter()
            .map(|d| self.input_column(&d.value, &input, scope))
            .collect::<Result<_>>()?;
        let counts = ["count", "dcount", "new_dcount", "aggregated_dcount"];
        let schema = self.counts_schema(&tab, time, &dims, &counts);
        Ok(tab.table_fn(
            None,
            TableFnKind::ActivityCounts(ActivityCounts {
                id,
                time,
                dims,
                start,
                end,
                step,
            }),
            schema,
            span,
            None,
        ))
    }

    /// `sliding_window_counts(Id, Timeline, Start, End, Lookback, Bin [, Dim…])`: the
    /// timeline column, the dimensions, then `Count` and `Dcount` (the names of
    /// Kusto.Language's plugin schema, which real rules read).
    pub(crate) fn sliding_window_counts<'a>(
        &self,
        tab: Tab,
        name: &ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let [id, time, start, end, lookback, bin, dims @ ..] = args else {
            return Err(Diagnostic::new(
                Code::WrongArity,
                name.span,
                "sliding_window_counts() needs IdColumn, TimelineColumn, Start, End, LookbackWindow and Bin",
            ));
        };
        let input = Input::of(&tab);
        let id = self.input_column(&id.value, &input, scope)?;
        let time = self.input_column(&time.value, &input, scope)?;
        let constant = |a: &'a ast::Arg| self.scalar(&a.value, &Input::none(), scope);
        let bin = constant(bin)?;
        if bin.ty == Type::String {
            return Err(Diagnostic::new(
                Code::Unsupported,
                span,
                "kqlc runs sliding_window_counts with a timespan bin, not 'week'/'month'/'year' yet",
            ));
        }
        let dims: Vec<usize> = dims
            .iter()
            .map(|d| self.input_column(&d.value, &input, scope))
            .collect::<Result<_>>()?;
        let schema = self.counts_schema(&tab, time, &dims, &["Count", "Dcount"]);
        let kind = TableFnKind::SlidingWindowCounts(SlidingWindowCounts {
            id,
            time,
            dims,
            start: constant(start)?,
            end: constant(end)?,
            lookback: constant(lookback)?,
            bin,
        });
        Ok(tab.table_fn(None, kind, schema, span, None))
    }

    /// The timeline column, the dimension columns, then the long count columns.
    pub(super) fn counts_schema(
        &self,
        tab: &Tab,
        time: usize,
        dims: &[usize],
        counts: &[&str],
    ) -> Vec<Column> {
        let mut schema = vec![tab.schema()[time].clone()];
        for &d in dims {
            let c = &tab.schema()[d];
            schema.push(Column::new(fresh_name(&c.name, &schema), c.ty));
        }
        for n in counts {
            schema.push(Column::new(fresh_name(n, &schema), Type::Long));
        }
        schema
    }

    /// A plugin argument that must name a column of `input`: its position.
    pub(super) fn input_column(
        &self,
        e: &ast::Expr,
        input: &Input,
        scope: &Scope,
    ) -> Result<usize> {
        match self.scalar(e, input, scope)?.kind {
            ExprKind::Column(i) => Ok(i),
            _ => Err(Diagnostic::new(
                Code::TypeMismatch,
                e.span,
                "this plugin argument must be a column name",
            )),
        }
    }
}
