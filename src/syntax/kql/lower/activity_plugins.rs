//! Lowering the activity and windowing plugins: `rolling_percentile`,
//! `dcount_intersect`, `narrow`, `active_users_count`, `activity_metrics`,
//! `new_activity_metrics` and `activity_engagement` (their Kusto plugin pages). Each
//! reports its output columns as its page's schema names them.

use super::expr::Input;
use super::scope::Scope;
use super::sources::fresh_name;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::Expr;
use crate::plan::tabular::table_fn::{
    ActiveUsersCount, ActivityEngagement, ActivityMetrics, NewActivityMetrics, RollingPercentile,
    SequenceDetect, SessionCount, TableFnKind,
};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

impl<'c> Lowerer<'c> {
    /// Whether [`Self::activity_plugin`] lowers the plugin of that name.
    pub(crate) fn is_activity_plugin(name: &str) -> bool {
        matches!(
            name,
            "rolling_percentile"
                | "dcount_intersect"
                | "narrow"
                | "active_users_count"
                | "activity_metrics"
                | "new_activity_metrics"
                | "activity_engagement"
                | "sequence_detect"
                | "session_count"
        )
    }

    /// Dispatches the plugins of this file; `None` for another plugin.
    pub(crate) fn activity_plugin<'a>(
        &self,
        tab: Tab,
        name: &ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Option<Result<Tab>> {
        let plugin = || {
            let call = Call {
                name,
                args,
                scope,
                span,
            };
            match name.name.as_str() {
                "rolling_percentile" => Some(self.rolling_percentile(tab, &call)),
                "dcount_intersect" => Some(self.dcount_intersect(tab, &call)),
                "narrow" => Some(Ok(self.narrow(tab, span))),
                "active_users_count" => Some(self.active_users_count(tab, &call)),
                "activity_metrics" => Some(self.activity_metrics(tab, &call)),
                "new_activity_metrics" => Some(self.new_activity_metrics(tab, &call)),
                "activity_engagement" => Some(self.activity_engagement(tab, &call)),
                "sequence_detect" => Some(self.sequence_detect(tab, &call)),
                "session_count" => Some(self.session_count(tab, &call)),
                _ => None,
            }
        };
        plugin()
    }

    fn rolling_percentile(&self, tab: Tab, call: &Call) -> Result<Tab> {
        let [value, pct, index, bin, window, dims @ ..] = call.args else {
            return Err(
                call.arity("ValueColumn, Percentile, IndexColumn, BinSize and BinsPerWindow")
            );
        };
        let input = Input::of(&tab);
        let value = self.input_column(&value.value, &input, call.scope)?;
        let index = self.input_column(&index.value, &input, call.scope)?;
        let percentile = self.constant(pct, call)?;
        let window = self.constant(window, call)?;
        let dims = self.dims(dims, &input, call)?;
        let name = format!(
            "rolling_{}_percentile_{}_{}",
            literal_text(&window),
            tab.schema()[value].name,
            literal_text(&percentile)
        );
        let mut schema = vec![tab.schema()[index].clone()];
        push_dims(&mut schema, &tab, &dims);
        schema.push(Column::new(
            fresh_name(&name, &schema),
            tab.schema()[value].ty,
        ));
        let kind = TableFnKind::RollingPercentile(RollingPercentile {
            value,
            percentile,
            index,
            bin: self.constant(bin, call)?,
            window,
            dims,
        });
        Ok(tab.table_fn(None, kind, schema, call.span, None))
    }

    /// The input's columns, then `s0`…`s(n-1)`: the distinct counts of the
    /// intersections of the first 1, 2, …, n sets.
    fn dcount_intersect(&self, tab: Tab, call: &Call) -> Result<Tab> {
        if !(2..=16).contains(&call.args.len()) {
            return Err(call.arity("2 to 16 hll columns"));
        }
        let input = Input::of(&tab);
        let hlls = self.dims(call.args, &input, call)?;
        let mut schema = tab.schema().to_vec();
        for i in 0..hlls.len() {
            schema.push(Column::new(
                fresh_name(&format!("s{i}"), &schema),
                Type::Long,
            ));
        }
        Ok(tab.table_fn(
            None,
            TableFnKind::DcountIntersect(hlls),
            schema,
            call.span,
            None,
        ))
    }

    /// `Row` (long), `Column` and `Value` (strings).
    fn narrow(&self, tab: Tab, span: Span) -> Tab {
        let schema = vec![
            Column::new("Row", Type::Long),
            Column::new("Column", Type::String),
            Column::new("Value", Type::String),
        ];
        tab.table_fn(None, TableFnKind::Narrow, schema, span, None)
    }

    /// The timeline column, the dimensions and `dcount` (the page's example output
    /// names it so; its schema table says `dcount_values`, Kusto.Language `dcount`).
    fn active_users_count(&self, tab: Tab, call: &Call) -> Result<Tab> {
        let [
            id,
            time,
            start,
            end,
            lookback,
            period,
            active,
            bin,
            dims @ ..,
        ] = call.args
        else {
            return Err(call.arity(
                "IdColumn, TimelineColumn, Start, End, LookbackWindow, Period, ActivePeriodsCount and Bin",
            ));
        };
        let input = Input::of(&tab);
        let (id, time) = self.id_and_time(id, time, &input, call)?;
        let bin = self.step(bin, call)?;
        let dims = self.dims(dims, &input, call)?;
        let schema = self.counts_schema(&tab, time, &dims, &["dcount"]);
        let kind = TableFnKind::ActiveUsersCount(ActiveUsersCount {
            id,
            time,
            dims,
            start: self.constant(start, call)?,
            end: self.constant(end, call)?,
            lookback: self.constant(lookback, call)?,
            period: self.constant(period, call)?,
            active_periods: self.constant(active, call)?,
            bin,
        });
        Ok(tab.table_fn(None, kind, schema, call.span, None))
    }

    /// The timeline column, `dcount_values`, `dcount_newvalues`, `retention_rate`,
    /// `churn_rate`, then the dimensions (the page's schema).
    fn activity_metrics(&self, tab: Tab, call: &Call) -> Result<Tab> {
        let input = Input::of(&tab);
        let (id, time, range, window, dims) = match call.args {
            [id, time, start, end, window, dims @ ..]
                if ![start, end, window]
                    .iter()
                    .any(|a| self.is_column(a, &input, call)) =>
            {
                (id, time, Some((start, end)), window, dims)
            }
            [id, time, window, dims @ ..] => (id, time, None, window, dims),
            _ => return Err(call.arity("IdColumn, TimelineColumn and Window")),
        };
        let (id, time) = self.id_and_time(id, time, &input, call)?;
        let range = match range {
            Some((s, e)) => Some((self.constant(s, call)?, self.constant(e, call)?)),
            None => None,
        };
        let window = self.step(window, call)?;
        let dims = self.dims(dims, &input, call)?;
        let mut schema = vec![tab.schema()[time].clone()];
        for (n, ty) in [
            ("dcount_values", Type::Long),
            ("dcount_newvalues", Type::Long),
            ("retention_rate", Type::Real),
            ("churn_rate", Type::Real),
        ] {
            schema.push(Column::new(n, ty));
        }
        push_dims(&mut schema, &tab, &dims);
        let kind = TableFnKind::ActivityMetrics(ActivityMetrics {
            id,
            time,
            dims,
            range,
            window,
        });
        Ok(tab.table_fn(None, kind, schema, call.span, None))
    }

    /// `from_`/`to_` the timeline column, the five measures, then the dimensions (the
    /// page's schema). After `Window`: a constant is the cohort, a tabular expression
    /// the lookback ids (read from its column named as the id column, else its
    /// first), a column a dimension.
    fn new_activity_metrics(&self, tab: Tab, call: &Call) -> Result<Tab> {
        let [id, time, start, end, window, rest @ ..] = call.args else {
            return Err(call.arity("IdColumn, TimelineColumn, Start, End and Window"));
        };
        let input = Input::of(&tab);
        let (id, time) = self.id_and_time(id, time, &input, call)?;
        let window = self.step(window, call)?;
        let mut cohort = None;
        let mut dims = Vec::new();
        let mut side = None;
        for arg in rest {
            if self.is_column(arg, &input, call) {
                dims.push(self.input_column(&arg.value, &input, call.scope)?);
            } else if self.is_tabular(&arg.value, call.scope) {
                side = Some(self.tabular(&arg.value, call.scope)?);
            } else {
                cohort = Some(self.constant(arg, call)?);
            }
        }
        let id_name = &tab.schema()[id].name;
        let lookback_id = side.as_ref().map(|s| {
            s.schema()
                .iter()
                .position(|c| &c.name == id_name)
                .unwrap_or(0)
        });
        let timeline = &tab.schema()[time];
        let mut schema = vec![
            Column::new(format!("from_{}", timeline.name), timeline.ty),
            Column::new(format!("to_{}", timeline.name), timeline.ty),
        ];
        for (n, ty) in [
            ("dcount_new_values", Type::Long),
            ("dcount_retained_values", Type::Long),
            ("dcount_churn_values", Type::Long),
            ("retention_rate", Type::Real),
            ("churn_rate", Type::Real),
        ] {
            schema.push(Column::new(n, ty));
        }
        push_dims(&mut schema, &tab, &dims);
        let kind = TableFnKind::NewActivityMetrics(NewActivityMetrics {
            id,
            time,
            dims,
            start: self.constant(start, call)?,
            end: self.constant(end, call)?,
            window,
            cohort,
            lookback_id,
        });
        Ok(tab.table_fn(side.map(|s| s.node), kind, schema, call.span, None))
    }

    /// The timeline column, `dcount_activities_inner`, `dcount_activities_outer`,
    /// `activity_ratio`, then the dimensions (the page's schema).
    fn activity_engagement(&self, tab: Tab, call: &Call) -> Result<Tab> {
        let input = Input::of(&tab);
        let (id, time, range, inner, outer, dims) = match call.args {
            [id, time, start, end, inner, outer, dims @ ..]
                if !self.is_column(inner, &input, call) && !self.is_column(outer, &input, call) =>
            {
                (id, time, Some((start, end)), inner, outer, dims)
            }
            [id, time, inner, outer, dims @ ..] => (id, time, None, inner, outer, dims),
            _ => {
                return Err(call.arity(
                    "IdColumn, TimelineColumn, InnerActivityWindow and OuterActivityWindow",
                ));
            }
        };
        let (id, time) = self.id_and_time(id, time, &input, call)?;
        let range = match range {
            Some((s, e)) => Some((self.constant(s, call)?, self.constant(e, call)?)),
            None => None,
        };
        let dims = self.dims(dims, &input, call)?;
        let mut schema = vec![tab.schema()[time].clone()];
        for (n, ty) in [
            ("dcount_activities_inner", Type::Long),
            ("dcount_activities_outer", Type::Long),
            ("activity_ratio", Type::Real),
        ] {
            schema.push(Column::new(n, ty));
        }
        push_dims(&mut schema, &tab, &dims);
        let kind = TableFnKind::ActivityEngagement(ActivityEngagement {
            id,
            time,
            dims,
            range,
            inner: self.step(inner, call)?,
            outer: self.step(outer, call)?,
        });
        Ok(tab.table_fn(None, kind, schema, call.span, None))
    }

    /// The dimensions, `<step>_<Timeline>` per step (a step named by its `name =`;
    /// unnamed, `_<Timeline>` as Kusto.Language names it), then `Duration` (a
    /// timespan). A plain column name is a dimension, any other argument a step.
    fn sequence_detect(&self, tab: Tab, call: &Call) -> Result<Tab> {
        let [time, step, span, rest @ ..] = call.args else {
            return Err(
                call.arity("TimelineColumn, MaxSequenceStepWindow, MaxSequenceSpan and the steps")
            );
        };
        let input = Input::of(&tab);
        let time = self.input_column(&time.value, &input, call.scope)?;
        let mut steps = Vec::new();
        let mut names = Vec::new();
        let mut dims = Vec::new();
        for arg in rest {
            if arg.name.is_none() && self.is_column(arg, &input, call) {
                dims.push(self.input_column(&arg.value, &input, call.scope)?);
                continue;
            }
            let step = self.scalar(&arg.value, &input, call.scope)?;
            if !matches!(step.ty, Type::Bool | Type::Unknown) {
                return Err(Diagnostic::new(
                    Code::TypeMismatch,
                    arg.span,
                    "a sequence_detect step must be a bool predicate",
                ));
            }
            steps.push(step);
            names.push(arg.name.as_ref().map_or(String::new(), |n| n.name.clone()));
        }
        if steps.is_empty() {
            return Err(call.arity("at least one step predicate"));
        }
        let mut schema = Vec::new();
        push_dims(&mut schema, &tab, &dims);
        let timeline = &tab.schema()[time];
        for n in &names {
            let name = fresh_name(&format!("{n}_{}", timeline.name), &schema);
            schema.push(Column::new(name, timeline.ty));
        }
        schema.push(Column::new(fresh_name("Duration", &schema), Type::TimeSpan));
        let kind = TableFnKind::SequenceDetect(SequenceDetect {
            time,
            step: self.constant(step, call)?,
            span: self.constant(span, call)?,
            steps,
            dims,
        });
        Ok(tab.table_fn(None, kind, schema, call.span, None))
    }

    /// The timeline column, the dimensions and `count_sessions` (the page's schema).
    fn session_count(&self, tab: Tab, call: &Call) -> Result<Tab> {
        let [id, time, start, end, bin, lookback, dims @ ..] = call.args else {
            return Err(call.arity("IdColumn, TimelineColumn, Start, End, Bin and LookBackWindow"));
        };
        let input = Input::of(&tab);
        let (id, time) = self.id_and_time(id, time, &input, call)?;
        let dims = self.dims(dims, &input, call)?;
        let schema = self.counts_schema(&tab, time, &dims, &["count_sessions"]);
        let kind = TableFnKind::SessionCount(SessionCount {
            id,
            time,
            dims,
            start: self.constant(start, call)?,
            end: self.constant(end, call)?,
            bin: self.step(bin, call)?,
            lookback: self.constant(lookback, call)?,
        });
        Ok(tab.table_fn(None, kind, schema, call.span, None))
    }

    fn id_and_time(
        &self,
        id: &ast::Arg,
        time: &ast::Arg,
        input: &Input,
        call: &Call,
    ) -> Result<(usize, usize)> {
        Ok((
            self.input_column(&id.value, input, call.scope)?,
            self.input_column(&time.value, input, call.scope)?,
        ))
    }

    fn dims(&self, args: &[ast::Arg], input: &Input, call: &Call) -> Result<Vec<usize>> {
        args.iter()
            .map(|d| self.input_column(&d.value, input, call.scope))
            .collect()
    }

    /// A constant argument (a literal, a `let` value, an expression of them).
    fn constant(&self, arg: &ast::Arg, call: &Call) -> Result<Expr> {
        self.scalar(&arg.value, &Input::none(), call.scope)
    }

    /// A step: a timespan or number ('week'/'month'/'year' are not run yet).
    fn step(&self, arg: &ast::Arg, call: &Call) -> Result<Expr> {
        let step = self.constant(arg, call)?;
        if step.ty == Type::String {
            return Err(Diagnostic::new(
                Code::Unsupported,
                arg.span,
                format!(
                    "kqlc runs {} with a timespan or number step, not 'week'/'month'/'year' yet",
                    call.name.name
                ),
            ));
        }
        Ok(step)
    }

    /// Whether an argument is a plain name of an input column.
    fn is_column(&self, arg: &ast::Arg, input: &Input, _call: &Call) -> bool {
        match &arg.value.kind {
            ast::ExprKind::Name(n) => input.position(&n.name).is_some(),
            _ => false,
        }
    }
}

/// One plugin call's parts.
struct Call<'x, 'a> {
    name: &'x ast::Ident,
    args: &'a [ast::Arg],
    scope: &'x Scope<'a>,
    span: Span,
}

impl Call<'_, '_> {
    fn arity(&self, needs: &str) -> Diagnostic {
        Diagnostic::new(
            Code::WrongArity,
            self.name.span,
            format!("{}() needs {needs}", self.name.name),
        )
    }
}

fn push_dims(schema: &mut Vec<Column>, tab: &Tab, dims: &[usize]) {
    for &d in dims {
        let c = &tab.schema()[d];
        schema.push(Column::new(fresh_name(&c.name, schema), c.ty));
    }
}

/// A constant's text as Kusto writes it in a column name (`50`, `50.5`).
fn literal_text(e: &Expr) -> String {
    e.as_literal()
        .map(Value::to_kusto_string)
        .unwrap_or_default()
}
