//! Lowering tabular expressions: table names, `let` tables, user functions,
//! `materialize`, watchlists, and the leading sources `union`, `print`, `datatable`,
//! `range`, `externaldata`.

use super::expr::{Input, literal};
use super::scope::{Binding, Resolved, Scope};
use super::{Lowerer, Tab, names};
use crate::diagnostic::{Code, Diagnostic, Result, did_you_mean};
use crate::plan::tabular::{range::Range, scan::Scan, union::Union, values::Values};
use crate::plan::{Expr, ExprKind, Op};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type};

/// The catalog name under which `_GetWatchlist('Name')` finds its rows.
pub fn watchlist_table(name: &str) -> String {
    format!("_GetWatchlist('{name}')")
}

impl<'c> Lowerer<'c> {
    /// Lowers an expression that must be a table (not a graph).
    pub(crate) fn tabular<'a>(&self, e: &'a ast::Expr, scope: &Scope<'a>) -> Result<Tab> {
        // A subquery inside an `extend` packs its own rows whole.
        let outer = self.pack_all_width.replace(None);
        let tab = self.tabular_value(e, scope);
        self.pack_all_width.set(outer);
        self.table_only(tab?, e.span)
    }

    /// Lowers a tabular expression, which may also be a graph (`make-graph`) or the
    /// two tables of `graph-to-table nodes as N, edges as E`: what a `let`, a function
    /// body or the input of a pipe may be.
    pub(crate) fn tabular_value<'a>(&self, e: &'a ast::Expr, scope: &Scope<'a>) -> Result<Tab> {
        use ast::ExprKind as K;
        match &e.kind {
            K::Pipe { input, operators } => {
                let mut tab = self.tabular_value(input, scope)?;
                // as-operator: `| as T` names the rows so far for the rest of the
                // query, so a later `join (T | …)` or `toscalar(T | …)` reads them.
                let mut scope = scope.clone();
                for op in operators {
                    tab = self.stage(tab, op, &scope)?;
                    if let ast::OperatorKind::As { name } = &op.kind {
                        let rows = Binding::Value(Resolved::Tabular(tab.clone()));
                        scope = scope.with(&name.name, rows);
                    }
                }
                Ok(tab)
            }
            K::Paren(inner) => self.tabular_value(inner, scope),
            K::Name(id) => self.named_table(id, scope),
            K::Call { name, args } => match self.pattern_invocation(name, args, None, e.span, scope)
            {
                Some(tab) => tab,
                None => self.tabular_call(name, args, e.span, scope),
            },
            K::Member { target, member } if self.is_pattern_call(target) => {
                let invocation = match &target.kind {
                    K::Call { name, args } => {
                        self.pattern_invocation(name, args, Some(member), e.span, scope)
                    }
                    _ => None,
                };
                invocation.unwrap_or_else(|| {
                    Err(Diagnostic::new(Code::TypeMismatch, e.span, "not a pattern"))
                })
            }
            K::Source(src) => self.source(src, scope),
            // Run mode: a table of another service or workspace reads the rows given
            // for its name (`arg("").Resources` reads `--table Resources=FILE`).
            K::Member { target, member } if !self.check && is_cross_service(target) => {
                self.scan(&member.name, e.span)
            }
            K::Member { target, .. } if self.check && is_cross_service(target) => self.unsupported(
                None,
                Diagnostic::new(
                    Code::Unsupported,
                    e.span,
                    "kqlc cannot read tables of other services (`arg()`, `workspace()`, `app()`, `cluster()`)",
                ),
            ),
            _ => Err(Diagnostic::new(
                Code::TypeMismatch,
                e.span,
                "a scalar value is used where a table is expected",
            )),
        }
    }

    pub(crate) fn named_table<'a>(&self, id: &ast::Ident, scope: &Scope<'a>) -> Result<Tab> {
        if let Some(binding) = scope.get(&id.name) {
            binding.mark_used();
            if let Binding::Function {
                def,
                scope: def_scope,
                ..
            } = &*binding
                && def.params.is_empty()
            {
                let (body_scope, result) = self.function_body(def, def_scope)?;
                return self.tabular_value(result, &body_scope);
            }
            return match self.resolve_let(&binding)? {
                Some(Resolved::Tabular(mut tab)) => {
                    tab.node.span = id.span;
                    Ok(tab)
                }
                Some(Resolved::Scalar(_)) => Err(Diagnostic::new(
                    Code::TypeMismatch,
                    id.span,
                    format!("`{}` is a scalar value, not a table", id.name),
                )),
                None => Err(Diagnostic::new(
                    Code::TypeMismatch,
                    id.span,
                    format!("`{}` is a function; call it with `{}()`", id.name, id.name),
                )),
            };
        }
        self.scan(&id.name, id.span)
    }

    /// A table of the catalog.
    pub(crate) fn scan(&self, name: &str, span: Span) -> Result<Tab> {
        if self.check {
            let mut tables = self.tables.borrow_mut();
            if !tables.iter().any(|(t, _)| t == name) {
                tables.push((name.to_string(), span));
            }
        }
        match self.table_info(name) {
            Some(info) => Ok(Tab::new(
                Op::Scan(Scan {
                    table: name.to_string(),
                    read: None,
                }),
                info.columns,
                span,
                info.open.then(|| name.to_string()),
            )),
            None => {
                let names = self.catalog.table_names();
                let mut d = Diagnostic::new(Code::UnknownTable, span, format!("unknown table `{name}`"))
                    .with_help(format!("give its rows with `--table {name}=FILE.json` (JSON, JSON Lines, CSV or a Graph export)"));
                if let Some(best) = did_you_mean(name, names.iter().map(String::as_str)) {
                    d = d.with_note(format!("did you mean `{best}`?"));
                }
                Err(d)
            }
        }
    }

    fn tabular_call<'a>(
        &self,
        name: &'a ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let call = self.user_function_call(name, args, span, &Input::none(), scope)?;
        if let Some((def, body_scope)) = call {
            let (body_scope, result) = self.function_body(def, &body_scope)?;
            return self.tabular_value(result, &body_scope);
        }
        // A string literal, or a name bound to one (`table(tableName)` in a function).
        let constant_string = |i: usize| {
            let value = &args.get(i)?.value;
            let e = self.probe(|| self.try_scalar(value, &Input::none(), scope))?;
            e.as_literal()?.as_str().map(str::to_string)
        };
        let string_arg = |i: usize| match args.get(i).map(|a| &a.value.kind) {
            Some(ast::ExprKind::Literal(ast::Literal::String(s))) => Ok(s.clone()),
            _ if constant_string(i).is_some() => Ok(constant_string(i).unwrap_or_default()),
            _ => Err(Diagnostic::new(
                Code::TypeMismatch,
                span,
                format!("{}() needs a string literal argument", name.name),
            )),
        };
        match name.name.as_str() {
            "materialize" => {
                let arg = args.first().ok_or_else(|| Diagnostic::new(Code::WrongArity, span, "materialize() takes one tabular argument"))?;
                let tab = self.tabular(&arg.value, scope)?;
                let (schema, open) = (tab.node.schema.clone(), tab.open.clone());
                let id = self.share(tab.node);
                // Columns found later are recorded in the open table it reads.
                Ok(Tab::new(Op::Shared(id), schema, span, open))
            }
            "_GetWatchlist" => {
                let list = string_arg(0)?;
                self.scan(&watchlist_table(&list), span).map_err(|_| {
                    Diagnostic::new(Code::MissingTable, span, format!("no watchlist `{list}` was given"))
                        .with_help(format!("give it with `--watchlist {list}=FILE.csv` (or .json)"))
                })
            }
            "table" => self.scan(&string_arg(0)?, span),
            "graph" => self.graph_model(span),
            _ if self.check => {
                self.assume_workspace_function(name, args, scope)?;
                let tab = self.scan(&name.name, span);
                // Reported as an assumed function, not as a table without schema.
                self.tables.borrow_mut().retain(|(t, _)| t != &name.name);
                tab
            }
            // Run mode: a workspace function or ASIM parser whose rows are given with
            // `--table NAME=FILE` reads them, whatever its arguments.
            _ if self.table_info(&name.name).is_some() => self.scan(&name.name, span),
            _ => Err(Diagnostic::new(Code::UnknownFunction, name.span, format!("unknown tabular function `{}`", name.name))
                .with_note("workspace functions and ASIM parsers are not available offline; define it with `let` in the query, or give its rows with `--table NAME=FILE`")),
        }
    }

    fn source<'a>(&self, src: &'a ast::Source, scope: &Scope<'a>) -> Result<Tab> {
        let span = src.span;
        match &src.kind {
            ast::SourceKind::Union { params, tables } => {
                self.union(None, params, tables, span, scope)
            }
            ast::SourceKind::Print(items) => self.print(items, span, scope),
            ast::SourceKind::Datatable { columns, values } => {
                self.datatable(columns, values, span, scope)
            }
            ast::SourceKind::ExternalData { columns, .. } => {
                let schema = column_defs(columns)?;
                Ok(Tab::new(
                    Op::Values(Values { rows: Vec::new() }),
                    schema,
                    span,
                    None,
                ))
            }
            ast::SourceKind::Range {
                name,
                from,
                to,
                step,
            } => {
                let input = Input::none();
                let from = self.scalar(from, &input, scope)?;
                let ty = from.ty;
                let op = Range {
                    from,
                    to: self.scalar(to, &input, scope)?,
                    step: self.scalar(step, &input, scope)?,
                    span,
                };
                Ok(Tab::new(
                    Op::Range(op),
                    vec![Column::new(name.name.clone(), ty)],
                    span,
                    None,
                ))
            }
            ast::SourceKind::Search { tables, .. }
                if self.check && (tables.is_empty() || tables.iter().any(|t| t.name == "*")) =>
            {
                // Which tables it reads depends on the workspace, as for `union *`.
                self.report(every_table(span, "search"));
                let label = Column::new("$table", crate::value::Type::String);
                self.every_table(Some(label), span)
            }
            ast::SourceKind::Search {
                params,
                tables,
                predicate,
            } => self.search_in(params, tables, predicate, span, scope),
            ast::SourceKind::Find {
                params,
                tables,
                predicate,
                project,
            } => self.find(params, tables, predicate, project.as_ref(), span, scope),
            ast::SourceKind::FindOther | ast::SourceKind::Evaluate { .. } => self.unsupported(
                None,
                Diagnostic::new(
                    Code::Unsupported,
                    span,
                    "kqlc cannot run `search`, `find` or `evaluate` as a source yet",
                ),
            ),
        }
    }

    fn print<'a>(
        &self,
        items: &'a [ast::Assignment],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let mut schema = Vec::new();
        let mut cells = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let e = self.scalar(&item.value, &Input::none(), scope)?;
            if let Some(columns) = super::results::result_columns(item, &e, true) {
                for (name, e) in columns {
                    schema.push(Column::new(fresh_name(&name, &schema), e.ty));
                    cells.push(e);
                }
                continue;
            }
            let name = item
                .names
                .first()
                .map_or_else(|| format!("print_{i}"), |n| n.name.clone());
            schema.push(Column::new(name, e.ty));
            cells.push(e);
        }
        Ok(Tab::new(
            Op::Values(Values { rows: vec![cells] }),
            schema,
            span,
            None,
        ))
    }

    fn datatable<'a>(
        &self,
        columns: &[(ast::Ident, ast::TypeName)],
        values: &'a [ast::Expr],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let schema = column_defs(columns)?;
        if schema.is_empty() || !values.len().is_multiple_of(schema.len()) {
            return Err(Diagnostic::new(
                Code::TypeMismatch,
                span,
                format!(
                    "datatable has {} values, not a multiple of its {} columns",
                    values.len(),
                    schema.len()
                ),
            ));
        }
        let mut rows = Vec::new();
        for chunk in values.chunks(schema.len()) {
            let row = chunk
                .iter()
                .zip(&schema)
                .map(|(v, c)| self.constant_of_type(v, c.ty, scope))
                .collect::<Result<Vec<_>>>()?;
            rows.push(row);
        }
        Ok(Tab::new(Op::Values(Values { rows }), schema, span, None))
    }

    /// A constant cell converted to its column's type (`-1`, `int(null)`, `dynamic([…])`).
    fn constant_of_type<'a>(&self, e: &'a ast::Expr, ty: Type, scope: &Scope<'a>) -> Result<Expr> {
        let lowered = match &e.kind {
            ast::ExprKind::Literal(l) => literal(l, e.span),
            _ => self.scalar(e, &Input::none(), scope)?,
        };
        let folded = match &lowered.kind {
            ExprKind::Literal(v) => Some(v.clone()),
            ExprKind::Neg(inner) => inner.as_literal().map(|v| {
                crate::exec::eval::arithmetic(
                    crate::plan::BinaryOp::Sub,
                    &crate::value::Value::Long(0),
                    v,
                )
            }),
            _ => None,
        };
        Ok(match folded {
            Some(v) => Expr::literal(v.cast(ty), ty, e.span),
            None => lowered,
        })
    }

    /// Tables and tabular `let` names matching a `*` pattern (`union View*`), sorted.
    pub(crate) fn names_matching(&self, pattern: &str, scope: &Scope) -> Vec<String> {
        let mut found: Vec<String> = self
            .catalog
            .table_names()
            .into_iter()
            .chain(scope.names().map(String::from))
            .filter(|n| names::wildcard_match(pattern, n))
            .collect();
        found.sort();
        found.dedup();
        found
    }

    /// `union` as a source (`input` none) or operator: columns matched by name.
    pub(crate) fn union<'a>(
        &self,
        input: Option<Tab>,
        params: &'a [ast::OpParam],
        tables: &'a [ast::Expr],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let fuzzy = params.iter().any(|p| {
            p.name.name.eq_ignore_ascii_case("isfuzzy")
                && matches!(
                    p.value.kind,
                    ast::ExprKind::Literal(ast::Literal::Bool(Some(true)))
                )
        });
        let inner_kind = params.iter().any(|p| {
            p.name.name == "kind"
                && matches!(&p.value.kind, ast::ExprKind::Name(n) if n.name == "inner")
        });
        let with_source = params
            .iter()
            .find(|p| p.name.name == "withsource")
            .and_then(|p| match &p.value.kind {
                ast::ExprKind::Name(n) => Some(n.name.clone()),
                _ => None,
            });
        let mut inputs: Vec<(String, Tab)> = input
            .into_iter()
            .map(|t| (String::from("union_arg0"), t))
            .collect();
        for t in tables {
            if let ast::ExprKind::Name(n) = &t.kind
                && n.name.contains('*')
            {
                if self.check {
                    if n.name == "*" {
                        self.report(every_table(n.span, "union"));
                    }
                    // Which tables a wildcard names depends on the workspace.
                    inputs.push((n.name.clone(), self.every_table(None, n.span)?));
                    continue;
                }
                for name in self.names_matching(&n.name, scope) {
                    let tab = self.named_table(
                        &ast::Ident {
                            name: name.clone(),
                            span: n.span,
                        },
                        scope,
                    )?;
                    inputs.push((name, self.table_only(tab, n.span)?));
                }
                continue;
            }
            let label = union_label(t).unwrap_or_else(|| format!("union_arg{}", inputs.len()));
            if fuzzy {
                self.fuzzy_leg(t.span);
            }
            match self.tabular(t, scope) {
                Ok(tab) => inputs.push((label, tab)),
                // Check mode: reported, and a warning as it is inside the fuzzy leg.
                Err(e) if fuzzy && self.check => self.report(e),
                Err(_) if fuzzy && self.discovered.borrow().is_empty() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(self.union_of(inputs, inner_kind, with_source, span))
    }

    /// The union of labelled inputs: columns matched by name and type (see
    /// [`union_columns`]), only the common ones with `inner_kind`, and the label as a
    /// first column named `with_source` when given.
    pub(crate) fn union_of(
        &self,
        inputs: Vec<(String, Tab)>,
        inner_kind: bool,
        with_source: Option<String>,
        span: Span,
    ) -> Tab {
        let mut sources = union_columns(inputs.iter().map(|(_, t)| t.schema()));
        if inner_kind {
            sources.retain(|(source, _)| {
                inputs
                    .iter()
                    .all(|(_, t)| t.schema().iter().any(|x| x.name == source.name))
            });
        }
        let mappings = inputs
            .iter()
            .map(|(_, t)| {
                sources
                    .iter()
                    .map(|(source, _)| {
                        t.schema().iter().position(|x| {
                            x.name == source.name
                                && (source.ty == Type::Unknown
                                    || x.ty == Type::Unknown
                                    || x.ty == source.ty)
                        })
                    })
                    .collect()
            })
            .collect();
        let columns: Vec<Column> = sources.into_iter().map(|(_, output)| output).collect();
        let source_names = with_source
            .as_ref()
            .map(|_| inputs.iter().map(|(l, _)| l.clone()).collect());
        let mut schema = columns;
        if let Some(name) = with_source {
            schema.insert(0, Column::new(name, Type::String));
        }
        // A column not found yet may belong to an open input: record it in the first.
        let open = if inner_kind {
            None
        } else {
            self.pick_open(inputs.iter().map(|(_, t)| t.open.clone()))
        };
        let op = Union {
            inputs: inputs.into_iter().map(|(_, t)| t.node).collect(),
            mappings,
            source_names,
        };
        Tab::new(Op::Union(op), schema, span, open)
    }
}

/// The columns of a union, each as (the input column it reads, the output column), in
/// order of first appearance. Kusto keeps a name that has two types in the inputs
/// apart, once per type, named `<name>_<type>` (`SourcePort_int`, `SourcePort_string`),
/// side by side; a column of unknown type (an open input's) joins any type.
fn union_columns<'a>(schemas: impl Iterator<Item = &'a [Column]>) -> Vec<(Column, Column)> {
    let mut sources: Vec<Column> = Vec::new();
    for c in schemas.flatten() {
        let same = |o: &&mut Column| {
            o.name == c.name && (o.ty == c.ty || o.ty == Type::Unknown || c.ty == Type::Unknown)
        };
        match sources.iter_mut().find(same) {
            Some(existing) if existing.ty == Type::Unknown => existing.ty = c.ty,
            Some(_) => {}
            None => sources.push(c.clone()),
        }
    }
    // The columns of one name stand together, where the name first appears.
    let mut grouped: Vec<Column> = Vec::with_capacity(sources.len());
    for c in &sources {
        if !grouped.iter().any(|g| g.name == c.name) {
            grouped.extend(sources.iter().filter(|o| o.name == c.name).cloned());
        }
    }
    let typed_twice = |name: &str| grouped.iter().filter(|c| c.name == name).count() > 1;
    // A renamed `x_long` yields to an input's own `x_long`, becoming `x_long1`
    // (union-operator page, the union of three views; Kusto.Language would rename
    // the input's column instead).
    let mut taken: Vec<Column> = grouped
        .iter()
        .filter(|c| !typed_twice(&c.name))
        .cloned()
        .collect();
    grouped
        .iter()
        .map(|c| {
            let output = match typed_twice(&c.name) {
                true => {
                    let name = fresh_name(&format!("{}_{}", c.name, c.ty.name()), &taken);
                    taken.push(Column::new(name.clone(), c.ty));
                    Column::new(name, c.ty)
                }
                false => c.clone(),
            };
            (c.clone(), output)
        })
        .collect()
}

/// The name `withsource=` gives a union leg: a table's name, or the name a
/// parenthesized leg ends with `| as T1` (as-operator page, union example).
fn union_label(t: &ast::Expr) -> Option<String> {
    match &t.kind {
        ast::ExprKind::Name(n) => Some(n.name.clone()),
        ast::ExprKind::Paren(_) | ast::ExprKind::Pipe { .. } => as_name(inner_pipe(t)?),
        _ => None,
    }
}

/// The pipeline inside a union leg's parentheses.
fn inner_pipe(t: &ast::Expr) -> Option<&[ast::Operator]> {
    match &t.kind {
        ast::ExprKind::Paren(inner) => inner_pipe(inner),
        ast::ExprKind::Pipe { operators, .. } => Some(operators),
        _ => None,
    }
}

/// The name of a pipeline's closing `| as T`.
fn as_name(operators: &[ast::Operator]) -> Option<String> {
    match &operators.last()?.kind {
        ast::OperatorKind::As { name } => Some(name.name.clone()),
        _ => None,
    }
}

/// `arg("")`, `workspace("…")`, `app("…")`, `cluster("…").database("…")`: the
/// prefix of a table of another service or workspace.
fn is_cross_service(e: &ast::Expr) -> bool {
    match &e.kind {
        ast::ExprKind::Call { name, .. } => matches!(
            name.name.as_str(),
            "arg" | "workspace" | "app" | "cluster" | "database" | "adx" | "resource"
        ),
        ast::ExprKind::Member { target, .. } => is_cross_service(target),
        _ => false,
    }
}

/// `(name: type, …)` column definitions.
pub fn column_defs(columns: &[(ast::Ident, ast::TypeName)]) -> Result<Vec<Column>> {
    columns
        .iter()
        .map(|(name, ty)| Ok(Column::new(name.name.clone(), named_type(ty)?)))
        .collect()
}

/// The type a type name in the query (`long`, `dynamic`, …) stands for.
pub fn named_type(ty: &ast::TypeName) -> Result<Type> {
    Type::from_name(&ty.name).ok_or_else(|| {
        Diagnostic::new(
            Code::TypeMismatch,
            ty.span,
            format!("unknown type `{}`", ty.name),
        )
    })
}

/// Makes `name` unique against existing columns (`name1`, `name2`, …).
pub fn fresh_name(name: &str, schema: &[Column]) -> String {
    names::unique_name(name, &|n| schema.iter().any(|c| c.name == n))
}

/// `KQL223`: `search *` / `union *` read every table of the workspace.
fn every_table(span: Span, operator: &str) -> Diagnostic {
    Diagnostic::new(
        Code::EveryTable,
        span,
        format!("`{operator}` over every table reads the whole workspace"),
    )
    .with_severity(crate::diagnostic::Severity::Warning)
    .with_help(format!(
        "name the tables: `{operator} in (SigninLogs, AuditLogs) …` / `union SigninLogs, AuditLogs`"
    ))
}
