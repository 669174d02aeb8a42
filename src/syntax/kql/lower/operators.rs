//! Lowering the `| operator` stages of a pipe that are not big enough for a file of
//! their own: where, extend, project and its variants, take, top, sort, distinct,
//! count, serialize, invoke, getschema.

use super::expr::Input;
use super::scope::{Binding, Resolved, Scope};
use super::sources::fresh_name;
use super::{Lowerer, Tab, names};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::{
    extend::Extend,
    sort::{Sort, SortKey},
    take::Take,
    values::Values,
};
use crate::plan::{Expr, ExprKind, Op};
use crate::source::Span;
use crate::syntax::kql::ast::{self, OperatorKind as K};
use crate::value::{Column, Type, Value};

impl<'c> Lowerer<'c> {
    /// Applies one pipe stage to `tab`.
    pub(crate) fn operator<'a>(
        &self,
        tab: Tab,
        op: &'a ast::Operator,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let span = op.span;
        let tab = self.graph_on_trust(tab, op);
        if let Some(d) = self.misplaced(&tab, op) {
            return Err(d);
        }
        match &op.kind {
            K::Where(e) => {
                let predicate = self.scalar(e, &Input::of(&tab), scope)?;
                Ok(tab.filter(predicate, span))
            }
            K::Extend(items) | K::Serialize(items) => {
                let outer = self.pack_all_width.replace(Some(tab.schema().len()));
                let result = items
                    .iter()
                    .try_fold(tab, |tab, item| self.extend_one(tab, item, span, scope));
                self.pack_all_width.set(outer);
                result
            }
            K::Project(items) => self.project(tab, items, span, scope),
            K::ProjectAway(patterns) => {
                for p in patterns {
                    self.require_column(&tab, &p.pattern, p.span, scope)?;
                }
                let keep: Vec<usize> = (0..tab.schema().len())
                    .filter(|&i| {
                        !patterns
                            .iter()
                            .any(|p| names::wildcard_match(&p.pattern, &tab.schema()[i].name))
                    })
                    .collect();
                let open = tab.open.clone();
                Ok(self.select(tab, &keep, span, open))
            }
            K::ProjectKeep(patterns) => {
                let keep: Vec<usize> = (0..tab.schema().len())
                    .filter(|&i| {
                        patterns
                            .iter()
                            .any(|p| names::wildcard_match(&p.pattern, &tab.schema()[i].name))
                    })
                    .collect();
                Ok(self.select(tab, &keep, span, None))
            }
            K::ProjectRename(pairs) => self.project_rename(tab, pairs, span, scope),
            K::ProjectReorder(keys) => {
                for key in keys {
                    if let ast::ExprKind::Name(id) = &key.expr.kind {
                        self.require_column(&tab, &id.name, id.span, scope)?;
                    }
                }
                Ok(self.project_reorder(tab, keys, span))
            }
            K::ProjectByNames(specs) => self.project_by_names(tab, specs, span, scope),
            K::Summarize { aggregates, by, .. } => self.summarize(tab, aggregates, by, span, scope),
            K::Count { name } => self.count(
                tab,
                name.as_ref().map_or("Count", |n| n.name.as_str()),
                span,
            ),
            K::Take(n) | K::Sample(n) => {
                let count = self.constant_count(n, scope)?;
                let (schema, open) = (tab.node.schema.clone(), tab.open.clone());
                Ok(Tab::new(
                    Op::Take(Take {
                        input: Box::new(tab.node),
                        count,
                    }),
                    schema,
                    span,
                    open,
                ))
            }
            K::Top { count, by } => {
                let count = self.constant_count(count, scope)?;
                let sorted = self.sort(tab, std::slice::from_ref(by), span, scope)?;
                let (schema, open) = (sorted.node.schema.clone(), sorted.open.clone());
                Ok(Tab::new(
                    Op::Take(Take {
                        input: Box::new(sorted.node),
                        count,
                    }),
                    schema,
                    span,
                    open,
                ))
            }
            K::Sort(keys) => self.sort(tab, keys, span, scope),
            K::Distinct { columns } => self.distinct(tab, columns, span, scope),
            K::Join { params, right, on } => self.join(tab, params, right, on, span, scope, false),
            K::Lookup { params, right, on } => self.join(tab, params, right, on, span, scope, true),
            K::Union { params, tables } => self.union(Some(tab), params, tables, span, scope),
            K::MvExpand {
                params,
                items,
                limit,
            } => self.mv_expand(tab, params, items, limit.as_ref(), span, scope),
            K::MvApply {
                params,
                items,
                limit,
                body,
            } => self.mv_apply(tab, params, items, limit.as_ref(), body, span, scope),
            K::Parse {
                kind,
                params,
                source,
                pattern,
            } => self.parse(tab, *kind, params, source, pattern, span, scope),
            K::As { .. } | K::Render { .. } => Ok(tab),
            K::Invoke(call) => self.invoke(tab, call, span, scope),
            K::GetSchema => Ok(getschema(&tab, span)),
            K::Evaluate { call, output, .. } => {
                self.evaluate_declared(tab, call, output.as_ref(), span, scope)
            }
            K::ParseKv {
                source,
                columns,
                params,
            } => self.parse_kv(tab, source, columns, params, span, scope),
            K::MakeSeries {
                aggregates,
                defaults,
                on,
                from,
                to,
                step,
                by,
                ..
            } => {
                let syntax = super::series::SeriesSyntax {
                    aggregates,
                    defaults,
                    on,
                    from: from.as_ref(),
                    to: to.as_ref(),
                    step,
                    by,
                };
                self.make_series(tab, syntax, span, scope)
            }
            K::TopNested(levels) => self.top_nested(tab, levels, span, scope),
            K::Search { params, predicate } => {
                self.search_piped(tab, params, predicate, span, scope)
            }
            K::Scan {
                match_id,
                declare,
                steps,
            } => self.scan_steps(tab, match_id.as_ref(), declare, steps, span, scope),
            K::Partition {
                params,
                by,
                body,
                source,
            } => self.partition(tab, params, by, (body, source.as_deref()), span, scope),
            K::MakeGraph(make) => self.make_graph(tab, make, span, scope),
            K::GraphMatch(pattern) => self.graph_match(tab, pattern, span, scope),
            K::GraphToTable(parts) => self.graph_to_table(tab, parts, span),
            K::GraphMarkComponents { params } => self.mark_components(tab, params, span),
            // sample-distinct-operator: up to N distinct values of the column (which
            // ones is unspecified; kqlc takes the first N in order of appearance).
            K::SampleDistinct { count, column } => {
                let distinct = self.distinct(tab, std::slice::from_ref(column), span, scope)?;
                let count = self.constant_count(count, scope)?;
                let schema = distinct.node.schema.clone();
                let input = Box::new(distinct.node);
                Ok(Tab::new(
                    Op::Take(Take { input, count }),
                    schema,
                    span,
                    None,
                ))
            }
            K::Reduce { params, by, with } => self.reduce(tab, params, by, with, span, scope),
            K::TopHitters { count, of, by } => {
                self.top_hitters(tab, count, of, by.as_ref(), span, scope)
            }
            K::Consume { .. } => Ok(self.consume(tab, span)),
            K::Opaque { .. } => self.unsupported(
                Some(tab),
                Diagnostic::new(
                    Code::Unsupported,
                    span,
                    format!("kqlc cannot run `{}` yet", operator_name(&op.kind)),
                ),
            ),
        }
    }

    /// One `name = expr` of an `extend`: appended, or replacing a column of that name.
    fn extend_one<'a>(
        &self,
        tab: Tab,
        item: &'a ast::Assignment,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let value = self.scalar(&item.value, &Input::of(&tab), scope)?;
        if let Some(columns) = super::results::result_columns(item, &value, false) {
            return columns
                .into_iter()
                .try_fold(tab, |tab, (name, e)| self.extend_value(tab, name, e, span));
        }
        let name = self.assigned_name(item, tab.schema());
        if self.check
            && let Some(written) = item.names.first()
            && let Some(i) = tab.node.column_index(&name)
            && !reads_column(&value, i)
        {
            self.report(column_overwritten(written, &value));
        }
        let mut tab = self.extend_value(tab, name, value, span)?;
        if self.check {
            // `extend (a, b, c) = series_decompose_anomalies(…)`: the columns after the
            // first come from functions of several results that kqlc does not model.
            for extra in item.names.iter().skip(1) {
                let unknown = Expr::literal(Value::Null, Type::Unknown, extra.span);
                tab = self.extend_value(tab, extra.name.clone(), unknown, span)?;
            }
        }
        Ok(tab)
    }

    /// Appends column `name` computed by `value`, or replaces the column of that name.
    fn extend_value(&self, tab: Tab, name: String, value: Expr, span: Span) -> Result<Tab> {
        let windowed = contains_window(&value);
        let open = tab.open.clone();
        match tab.node.column_index(&name) {
            Some(i) if !windowed => {
                let mut schema = tab.node.schema.clone();
                schema[i].ty = value.ty;
                let mut exprs = tab.column_exprs(span);
                exprs[i] = value;
                Ok(tab.project(exprs, schema, span, open))
            }
            _ => {
                let mut schema = tab.node.schema.clone();
                schema.push(Column::new(name, value.ty));
                Ok(Tab::new(
                    Op::Extend(Extend {
                        input: Box::new(tab.node),
                        exprs: vec![value],
                        windowed,
                    }),
                    schema,
                    span,
                    open,
                ))
            }
        }
    }

    /// The output name of an assignment: given, derived (`Col`, `a_b`), or the next
    /// `ColumnN` of the query that `avoid` (the columns it would clash with) lacks.
    pub(crate) fn assigned_name(&self, item: &ast::Assignment, avoid: &[Column]) -> String {
        if let Some(n) = item.names.first() {
            return n.name.clone();
        }
        names::derived_name(&item.value).unwrap_or_else(|| self.generated_name(&item.value, avoid))
    }

    /// The next `ColumnN` of the query for the unnamed expression `e`, skipping names
    /// of `avoid`.
    pub(crate) fn generated_name(&self, e: &ast::Expr, avoid: &[Column]) -> String {
        self.generated
            .name(e.span, &|n| avoid.iter().any(|c| c.name == n))
    }

    fn project<'a>(
        &self,
        tab: Tab,
        items: &'a [ast::Assignment],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let input = Input::of(&tab);
        let mut exprs = Vec::new();
        let mut schema: Vec<Column> = Vec::new();
        for item in items {
            if let (ast::ExprKind::Name(id), true) = (&item.value.kind, item.names.is_empty())
                && id.name.contains('*')
            {
                for (i, c) in tab
                    .schema()
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| names::wildcard_match(&id.name, &c.name))
                {
                    exprs.push(Expr::column(i, c.ty, id.span));
                    schema.push(c.clone());
                }
                continue;
            }
            let e = self.scalar(&item.value, &input, scope)?;
            if let Some(columns) = super::results::result_columns(item, &e, true) {
                for (name, e) in columns {
                    schema.push(Column::new(name, e.ty));
                    exprs.push(e);
                }
                continue;
            }
            // Kusto numbers a name that an earlier column of the projection took.
            let name = fresh_name(&self.assigned_name(item, &[]), &schema);
            schema.push(Column::new(name, e.ty));
            exprs.push(e);
        }
        Ok(tab.project(exprs, schema, span, None))
    }

    /// Keeps the columns at `keep`, in that order.
    /// A plain name (no `*`) of `project-away`/`project-reorder` must be a column:
    /// Kusto rejects `project-away Colum` when there is no such column.
    fn require_column(&self, tab: &Tab, name: &str, span: Span, scope: &Scope) -> Result<()> {
        if name.contains('*') || tab.node.column_index(name).is_some() {
            return Ok(());
        }
        let id = ast::Ident {
            name: name.to_string(),
            span,
        };
        self.column_ref(&id, &Input::of(tab), scope).map(|_| ())
    }

    fn select(&self, tab: Tab, keep: &[usize], span: Span, open: Option<String>) -> Tab {
        let schema: Vec<Column> = keep.iter().map(|&i| tab.schema()[i].clone()).collect();
        let exprs = keep
            .iter()
            .map(|&i| Expr::column(i, tab.schema()[i].ty, span))
            .collect();
        tab.project(exprs, schema, span, open)
    }

    fn project_rename(
        &self,
        tab: Tab,
        pairs: &[(ast::Ident, ast::Ident)],
        span: Span,
        scope: &Scope,
    ) -> Result<Tab> {
        let mut schema = tab.node.schema.clone();
        for (new, old) in pairs {
            let i = self
                .column_ref(old, &Input::of(&tab), scope)
                .map(|_| tab.node.column_index(&old.name).unwrap_or(0))?;
            schema[i].name = new.name.clone();
        }
        let (exprs, open) = (tab.column_exprs(span), tab.open.clone());
        Ok(tab.project(exprs, schema, span, open))
    }

    /// `project-by-names`: the columns named (a string, a dynamic array of strings, or a
    /// `*` pattern) in the order named or matched; names matching nothing are ignored
    /// (project-by-names-operator page).
    fn project_by_names<'a>(
        &self,
        tab: Tab,
        specs: &'a [ast::Expr],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let mut patterns: Vec<String> = Vec::new();
        for spec in specs {
            let value = self.scalar(spec, &Input::none(), scope)?;
            match value.as_literal() {
                Some(Value::Dynamic(d)) if d.is_array() => patterns.extend(
                    d.as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str().map(String::from)),
                ),
                Some(v) if v.as_str().is_some() => {
                    patterns.extend(v.as_str().map(String::from));
                }
                _ => {
                    return Err(Diagnostic::new(
                        Code::TypeMismatch,
                        spec.span,
                        "project-by-names takes constant column names, name patterns or arrays of names",
                    ));
                }
            }
        }
        let mut keep: Vec<usize> = Vec::new();
        for pattern in &patterns {
            for (i, c) in tab.schema().iter().enumerate() {
                if names::wildcard_match(pattern, &c.name) && !keep.contains(&i) {
                    keep.push(i);
                }
            }
        }
        Ok(self.select(tab, &keep, span, None))
    }

    fn project_reorder(&self, tab: Tab, keys: &[ast::SortKey], span: Span) -> Tab {
        let mut order: Vec<usize> = Vec::new();
        for key in keys {
            let pattern = match &key.expr.kind {
                ast::ExprKind::Name(id) => id.name.clone(),
                _ => continue,
            };
            let mut matched: Vec<usize> = (0..tab.schema().len())
                .filter(|i| {
                    !order.contains(i) && names::wildcard_match(&pattern, &tab.schema()[*i].name)
                })
                .collect();
            if let Some(desc) = key.descending {
                matched.sort_by(|a, b| tab.schema()[*a].name.cmp(&tab.schema()[*b].name));
                if desc {
                    matched.reverse();
                }
            }
            order.extend(matched);
        }
        let rest: Vec<usize> = (0..tab.schema().len())
            .filter(|i| !order.contains(i))
            .collect();
        order.extend(rest);
        let open = tab.open.clone();
        self.select(tab, &order, span, open)
    }

    fn count(&self, tab: Tab, name: &str, span: Span) -> Result<Tab> {
        let Some(count) = crate::functions::registry::aggregate("count") else {
            return Err(Diagnostic::new(
                Code::Unsupported,
                span,
                "the count() aggregate is not available",
            ));
        };
        let call = crate::plan::tabular::summarize::AggCall {
            func: crate::plan::tabular::summarize::AggregateRef(count),
            args: Vec::new(),
            consts: Vec::new(),
        };
        let op = crate::plan::tabular::summarize::Summarize {
            input: Box::new(tab.node),
            keys: Vec::new(),
            aggregates: vec![call],
            empty_strings: true,
        };
        Ok(Tab::new(
            Op::Summarize(op),
            vec![Column::new(name, Type::Long)],
            span,
            None,
        ))
    }

    /// A constant non-negative count (`take 10`, `top 5 by …`, `let n = 3; take n`).
    pub(crate) fn constant_count<'a>(&self, e: &'a ast::Expr, scope: &Scope<'a>) -> Result<usize> {
        let lowered = self.scalar(e, &Input::none(), scope)?;
        lowered
            .as_literal()
            .and_then(Value::as_i64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                Diagnostic::new(
                    Code::TypeMismatch,
                    e.span,
                    "expected a constant, non-negative whole number",
                )
            })
    }

    pub(crate) fn sort<'a>(
        &self,
        tab: Tab,
        keys: &'a [ast::SortKey],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let input = Input::of(&tab);
        let keys = keys
            .iter()
            .map(|k| {
                let descending = k.descending.unwrap_or(true);
                Ok(SortKey {
                    expr: self.scalar(&k.expr, &input, scope)?,
                    descending,
                    nulls_first: k.nulls_first.unwrap_or(!descending),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let (schema, open) = (tab.node.schema.clone(), tab.open.clone());
        Ok(Tab::new(
            Op::Sort(Sort {
                input: Box::new(tab.node),
                keys,
            }),
            schema,
            span,
            open,
        ))
    }

    fn distinct<'a>(
        &self,
        tab: Tab,
        columns: &'a [ast::Expr],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let input = Input::of(&tab);
        let mut keys = Vec::new();
        let mut schema = Vec::new();
        for c in columns {
            if matches!(c.kind, ast::ExprKind::Star) {
                for (i, col) in tab.schema().iter().enumerate() {
                    keys.push(Expr::column(i, col.ty, c.span));
                    schema.push(col.clone());
                }
                continue;
            }
            let e = self.scalar(c, &input, scope)?;
            let name = names::derived_name(c).unwrap_or_else(|| self.generated_name(c, &[]));
            schema.push(Column::new(fresh_name(&name, &schema), e.ty));
            keys.push(e);
        }
        let op = crate::plan::tabular::summarize::Summarize {
            input: Box::new(tab.node),
            keys,
            aggregates: Vec::new(),
            empty_strings: true,
        };
        Ok(Tab::new(Op::Summarize(op), schema, span, None))
    }

    fn invoke<'a>(
        &self,
        tab: Tab,
        call: &'a ast::Expr,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let ast::ExprKind::Call { name, args } = &call.kind else {
            return Err(Diagnostic::new(
                Code::SyntaxError,
                call.span,
                "`invoke` needs a function call",
            ));
        };
        let Some(binding) = scope.get(&name.name) else {
            if self.check {
                self.assume_workspace_function(name, args, scope)?;
                return self.unsupported_quietly(tab, span);
            }
            return Err(Diagnostic::new(
                Code::UnknownFunction,
                name.span,
                format!("unknown function `{}`", name.name),
            ));
        };
        binding.mark_used();
        let Binding::Function {
            def,
            scope: def_scope,
            ..
        } = &*binding
        else {
            return Err(Diagnostic::new(
                Code::TypeMismatch,
                name.span,
                format!("`{}` is not a function", name.name),
            ));
        };
        let Some((first, rest)) = def.params.split_first() else {
            return Err(Diagnostic::new(
                Code::WrongArity,
                span,
                "`invoke` needs a function whose first parameter is a table",
            ));
        };
        let with_table = def_scope.with(&first.name.name, Binding::Value(Resolved::Tabular(tab)));
        let body_scope =
            self.bind_parameters(rest, args, with_table, span, &Input::none(), scope)?;
        let (body_scope, result) = self.function_body(def, &body_scope)?;
        self.tabular(result, &body_scope)
    }
}

/// `KQL227`: `extend X = …` where the input has a column `X` and the new value does
/// not read it: the column's data is replaced, which is easy to do by mistake (a name
/// that a table already has). `extend X = f(X)` is a deliberate rewrite, not reported.
/// Info, not warning: published rules reuse a table's column name on purpose (seed
/// 004 sets ADOAuditLogs' `ActorUserId` from `Data.MemberId`; 60 corpus queries do).
fn column_overwritten(name: &ast::Ident, value: &Expr) -> Diagnostic {
    Diagnostic::new(
        Code::ColumnOverwritten,
        name.span,
        format!(
            "`extend {}` replaces the input column `{}`",
            name.name, name.name
        ),
    )
    .with_severity(crate::diagnostic::Severity::Info)
    .with_label(value.span, "its new value does not read the old one")
    .with_help(format!(
        "give the new column another name, or `project-away {}` first if replacing it is meant",
        name.name
    ))
}

/// Whether `e` reads input column `i`.
fn reads_column(e: &Expr, i: usize) -> bool {
    match &e.kind {
        ExprKind::Column(c) => *c == i,
        ExprKind::Call { args, .. } | ExprKind::Window { args, .. } => {
            args.iter().any(|a| reads_column(a, i))
        }
        ExprKind::Binary { lhs, rhs, .. } => reads_column(lhs, i) || reads_column(rhs, i),
        ExprKind::Neg(x) => reads_column(x, i),
        ExprKind::In { operand, list, .. } => {
            reads_column(operand, i) || list.iter().any(|x| reads_column(x, i))
        }
        ExprKind::Member { target, .. } => reads_column(target, i),
        ExprKind::Index { target, index } => reads_column(target, i) || reads_column(index, i),
        ExprKind::PackAll { .. } => true,
        ExprKind::Literal(_) | ExprKind::Scalar(_) | ExprKind::ColumnOf(_) => false,
    }
}

/// `getschema`: one row per column (name, ordinal, .NET type, Kusto type).
fn getschema(tab: &Tab, span: Span) -> Tab {
    let rows = tab
        .schema()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = [
                Value::string(c.name.as_str()),
                Value::Long(i as i64),
                Value::string(dotnet_type(c.ty)),
                Value::string(c.ty.name()),
            ];
            let types = [Type::String, Type::Int, Type::String, Type::String];
            cells
                .into_iter()
                .zip(types)
                .map(|(v, t)| Expr::literal(v, t, span))
                .collect()
        })
        .collect();
    let schema = vec![
        Column::new("ColumnName", Type::String),
        Column::new("ColumnOrdinal", Type::Int),
        Column::new("DataType", Type::String),
        Column::new("ColumnType", Type::String),
    ];
    Tab::new(Op::Values(Values { rows }), schema, span, None)
}

fn dotnet_type(ty: Type) -> &'static str {
    match ty {
        Type::Bool => "System.SByte",
        Type::Int => "System.Int32",
        Type::Long => "System.Int64",
        Type::Real => "System.Double",
        Type::Decimal => "System.Data.SqlTypes.SqlDecimal",
        Type::String => "System.String",
        Type::DateTime => "System.DateTime",
        Type::TimeSpan => "System.TimeSpan",
        Type::Guid => "System.Guid",
        Type::Dynamic | Type::Unknown => "System.Object",
    }
}

/// `Column1`, `Column2`, …: the first not in `schema`.
pub fn fresh_column_name(schema: &[Column]) -> String {
    (1..)
        .map(|i| format!("Column{i}"))
        .find(|n| !schema.iter().any(|c| &c.name == n))
        .unwrap_or_default()
}

/// Whether an expression calls a window function.
fn contains_window(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Window { .. } => true,
        ExprKind::Call { args, .. } => args.iter().any(contains_window),
        ExprKind::Binary { lhs, rhs, .. } => contains_window(lhs) || contains_window(rhs),
        ExprKind::Neg(x) | ExprKind::Member { target: x, .. } => contains_window(x),
        ExprKind::Index { target, index } => contains_window(target) || contains_window(index),
        ExprKind::In { operand, list, .. } => {
            contains_window(operand) || list.iter().any(contains_window)
        }
        _ => false,
    }
}

fn operator_name(kind: &K) -> &str {
    match kind {
        K::Opaque { name } => name.name.as_str(),
        K::SampleDistinct { .. } => "sample-distinct",
        K::Search { .. } => "search",
        _ => "this operator",
    }
}
