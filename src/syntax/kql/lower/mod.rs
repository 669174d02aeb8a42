//! Lowering the KQL syntax tree to the shared plan: names resolve to columns, `let`s
//! and user functions are inlined, every expression gets a type.
//!
//! Tables whose columns are not fully known are *open*: when a name is not found in
//! such a table's schema, lowering records it as a new column of that table and starts
//! again (a handful of rounds at most), so positions stay exact without a second pass.
//!
//! Lowering for `kqlc check` does not stop at the first error: an expression that fails
//! is reported and reads as a value of unknown type (`Lowerer::scalar`), and a pipe
//! stage that fails is reported and passes its input's columns on as an open table
//! (`Lowerer::stage`), so every independent error of a query is found. Lowering for
//! `kqlc run` (`lower`) still returns the first error.

mod activity_plugins;
mod basket;
pub mod expr;
mod find;
mod geo_lookup;
mod graph;
mod join;
mod known;
mod mv;
mod names;
mod operators;
mod parse_pattern;
mod partition;
mod pattern;
mod pivot;
mod plugins;
mod reducing;
mod results;
mod scan_steps;
mod scope;
mod search;
mod series;
pub mod sources;
mod summarize;
mod table_plugins;

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::catalog::{Catalog, TableInfo};
use crate::plan::tabular::join::{Join, JoinKind};
use crate::plan::{Expr, Node, Op, Plan};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type};
use scope::{Binding, Resolved, Scope};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// A lowered tabular expression and, while its columns pass straight through from an
/// open table, that table's name.
#[derive(Clone, Debug)]
pub struct Tab {
    pub node: Node,
    pub open: Option<String>,
}

impl Tab {
    fn new(op: Op, schema: Vec<Column>, span: Span, open: Option<String>) -> Tab {
        Tab {
            node: Node { op, schema, span },
            open,
        }
    }
    fn schema(&self) -> &[Column] {
        &self.node.schema
    }

    /// The table function `kind` over this input (and `side`, its second input when it
    /// has one), giving `schema`.
    fn table_fn(
        self,
        side: Option<Node>,
        kind: crate::plan::tabular::table_fn::TableFnKind,
        schema: Vec<Column>,
        span: Span,
        open: Option<String>,
    ) -> Tab {
        let op = crate::plan::tabular::table_fn::TableFn {
            input: Box::new(self.node),
            side: side.map(Box::new),
            kind,
        };
        Tab::new(Op::TableFn(Box::new(op)), schema, span, open)
    }

    /// Each row mapped to `exprs`, the columns `schema`, passing through `open`.
    fn project(
        self,
        exprs: Vec<Expr>,
        schema: Vec<Column>,
        span: Span,
        open: Option<String>,
    ) -> Tab {
        let op = Op::Project(crate::plan::tabular::project::Project {
            input: Box::new(self.node),
            exprs,
        });
        Tab::new(op, schema, span, open)
    }

    /// The rows for which `predicate` holds.
    fn filter(self, predicate: Expr, span: Span) -> Tab {
        let (schema, open) = (self.node.schema.clone(), self.open.clone());
        let node = self.node;
        match node.op {
            Op::Join(mut join) if filters_left_before_dedup(&join, &predicate) => {
                // join-innerunique page: Kusto pushes a filter of left columns to the left
                // side, so the de-duplication keeps a row that passes it.
                let left_schema = join.left.schema.clone();
                let left = Op::Where(crate::plan::tabular::where_::Where {
                    input: join.left,
                    predicate,
                });
                join.left = Box::new(Node {
                    op: left,
                    schema: left_schema,
                    span,
                });
                Tab::new(Op::Join(join), schema, node.span, open)
            }
            op => {
                let input = Node { op, ..node };
                let op = Op::Where(crate::plan::tabular::where_::Where {
                    input: Box::new(input),
                    predicate,
                });
                Tab::new(op, schema, span, open)
            }
        }
    }

    /// Every column as a column reference, to build a projection from.
    fn column_exprs(&self, span: Span) -> Vec<Expr> {
        (self.schema().iter().enumerate())
            .map(|(i, c)| Expr::column(i, c.ty, span))
            .collect()
    }
}

/// Whether a `where` right after `join` filters its left side before the `innerunique`
/// de-duplication: its predicate reads left columns only (which keep their place in the
/// join's output) and no row order or randomness.
fn filters_left_before_dedup(join: &Join, predicate: &Expr) -> bool {
    join.kind == JoinKind::InnerUnique
        && predicate.columns_read(&mut vec![false; join.left.schema.len()])
        && crate::exec::parallel::parallel_safe(predicate)
}

/// The most rounds of "found a new column of an open table, lower again".
const MAX_ROUNDS: usize = 64;

/// Lowers a parsed query to a plan over the tables `catalog` knows.
pub fn lower(query: &ast::Query, catalog: &dyn Catalog) -> Result<Plan> {
    lower_with(query, catalog, false).plan
}

/// What lowering for `kqlc check` produced: the plan (or the error that stopped it),
/// the warnings met on the way, and every table the query reads.
pub struct Lowered {
    pub plan: Result<Plan>,
    /// Non-fatal findings: assumed workspace functions, unsupported operators passed
    /// through, unused `let`s.
    pub findings: Vec<Diagnostic>,
    /// Each table name the query scans, with the span of its first mention.
    pub tables: Vec<(String, Span)>,
    /// The top-level `let` names that the lowered query never reached (a name used
    /// only by another unused `let` is among them).
    pub unused_lets: Vec<ast::Ident>,
    /// The columns found in open tables, in the order met.
    pub found: Vec<FoundColumn>,
    /// Whether the result may have columns beyond its schema (an open table's).
    pub root_open: bool,
    /// The spans of the legs of `union isfuzzy=true`: Kusto skips a leg that fails
    /// to resolve, with a warning, so the checker reports errors inside them as warnings.
    pub fuzzy_legs: Vec<Span>,
}

/// Lowers for checking rather than running: a call to a function that is neither built
/// in nor defined is taken to be a workspace function (an open table, or a scalar of
/// unknown type) and an operator kqlc cannot run passes its input through as an open
/// table; both are reported as warnings in [`Lowered::findings`].
pub fn lower_for_check(query: &ast::Query, catalog: &dyn Catalog) -> Lowered {
    lower_with(query, catalog, true)
}

fn lower_with(query: &ast::Query, catalog: &dyn Catalog, check: bool) -> Lowered {
    let mut extra: HashMap<String, Vec<String>> = HashMap::new();
    let found = RefCell::new(Vec::new());
    for _ in 0..MAX_ROUNDS {
        let mut lowerer = Lowerer {
            catalog,
            extra: &extra,
            shared: RefCell::new(Vec::new()),
            discovered: RefCell::new(Vec::new()),
            check,
            findings: RefCell::new(Vec::new()),
            tables: RefCell::new(Vec::new()),
            unused_lets: RefCell::new(Vec::new()),
            found: &found,
            root_open: RefCell::new(false),
            probing: Cell::new(0),
            fuzzy_legs: RefCell::new(Vec::new()),
            generated: names::GeneratedNames::default(),
            pack_all_width: Cell::new(None),
            graph_tables: RefCell::new(Vec::new()),
            settings: RefCell::new(Vec::new()),
            patterns: RefCell::new(Vec::new()),
        };
        let result = lowerer.query(query);
        let discovered = lowerer.discovered.take();
        match discovered.is_empty() {
            false => {
                for (table, column) in discovered {
                    let columns = extra.entry(table).or_default();
                    if !columns.contains(&column) {
                        columns.push(column);
                    }
                }
            }
            true => {
                return Lowered {
                    plan: result,
                    findings: lowerer.findings.take(),
                    tables: lowerer.tables.take(),
                    unused_lets: lowerer.unused_lets.take(),
                    found: found.take(),
                    root_open: lowerer.root_open.take(),
                    fuzzy_legs: lowerer.fuzzy_legs.take(),
                };
            }
        }
    }
    Lowered {
        plan: Err(Diagnostic::new(
            Code::TooComplex,
            query.span,
            "the query names too many columns of tables whose schema is not known",
        )),
        findings: Vec::new(),
        tables: Vec::new(),
        unused_lets: Vec::new(),
        found: Vec::new(),
        root_open: false,
        fuzzy_legs: Vec::new(),
    }
}

pub(crate) struct Lowerer<'c> {
    catalog: &'c dyn Catalog,
    /// Columns found so far in open tables, beyond their known schema.
    extra: &'c HashMap<String, Vec<String>>,
    shared: RefCell<Vec<Node>>,
    /// A column of an open table met in this round: lowering restarts with it.
    /// Check mode records every such column of the round (each then reads as an
    /// unknown value), so a query needs few rounds; run mode stops at the first.
    discovered: RefCell<Vec<(String, String)>>,
    /// Lowering for `kqlc check`: see [`lower_for_check`].
    check: bool,
    /// Warnings of this round (check mode).
    findings: RefCell<Vec<Diagnostic>>,
    /// Tables scanned in this round, first mention each.
    tables: RefCell<Vec<(String, Span)>>,
    /// Top-level `let` names the query never used (check mode).
    unused_lets: RefCell<Vec<ast::Ident>>,
    /// Columns found in open tables over all rounds (check mode).
    found: &'c RefCell<Vec<FoundColumn>>,
    /// Whether the result passes an open table's columns through.
    root_open: RefCell<bool>,
    /// Above zero while probing an expression (errors are returned, not reported).
    probing: Cell<usize>,
    /// Legs of `union isfuzzy=true` met (check mode).
    fuzzy_legs: RefCell<Vec<Span>>,
    /// The `ColumnN` names given to unnamed expressions, numbered through the query.
    generated: names::GeneratedNames,
    /// While lowering an `extend`: its input's width, the columns `pack_all()` packs
    /// (pack-all page: a second `pack_all()` of the same `extend` leaves out the first).
    pack_all_width: Cell<Option<usize>>,
    /// The tables `graph-to-table … as N` named in the statement being lowered, which
    /// the statements after it read by name.
    graph_tables: RefCell<Vec<(String, Tab)>>,
    /// The `set name = value;` statements met so far (`bin_auto` reads
    /// `query_bin_auto_size` and `query_bin_auto_at`).
    settings: RefCell<Vec<(String, ast::Expr)>>,
    /// The names of the patterns `declare pattern` declared.
    patterns: RefCell<Vec<String>>,
}

/// A column a query names that an open table's known columns lack.
#[derive(Clone, Debug)]
pub struct FoundColumn {
    pub table: String,
    /// The `KQL202` error it would be if the table were closed (with did-you-mean).
    pub unknown: Diagnostic,
}

impl<'c> Lowerer<'c> {
    fn query(&mut self, query: &ast::Query) -> Result<Plan> {
        let mut scope = Scope::default();
        let mut result = None;
        let mut lets = Vec::new();
        let last =
            (query.statements.iter()).rposition(|s| matches!(s.kind, ast::StatementKind::Expr(_)));
        for (i, stmt) in query.statements.iter().enumerate() {
            match &stmt.kind {
                ast::StatementKind::Let { name, value } => {
                    scope = self.bind_let(&scope, name, value);
                    lets.extend(scope.get(&name.name).map(|b| (name, b)));
                }
                // The result must be a table; an earlier statement may make a graph, or
                // name tables (`graph-to-table nodes as N`) for the statements after it.
                ast::StatementKind::Expr(e) if Some(i) == last => {
                    let tab = self.tabular_value(e, &scope)?;
                    result = Some(self.result_table(tab, e.span)?)
                }
                ast::StatementKind::Expr(e) => {
                    result = Some(self.tabular_value(e, &scope)?);
                    for (name, tab) in self.graph_tables.take() {
                        scope = scope.with(&name, Binding::Value(Resolved::Tabular(tab)));
                    }
                }
                ast::StatementKind::Set { name, value } => {
                    if let Some(v) = value {
                        self.settings
                            .borrow_mut()
                            .push((name.name.clone(), v.clone()));
                    }
                }
                ast::StatementKind::DeclareQueryParameters { .. } => {}
                ast::StatementKind::DeclarePattern { name, entries } => {
                    scope = self.declare_pattern(&scope, name, entries)?;
                }
            }
        }
        if self.check {
            let unused = lets.iter().filter(|(_, b)| !b.is_used());
            *self.unused_lets.borrow_mut() = unused.map(|(name, _)| (*name).clone()).collect();
        }
        let Some(root) = result else {
            return Err(Diagnostic::new(
                Code::SyntaxError,
                query.span,
                "the query has no tabular expression to run",
            )
            .with_help(
                "end the query with an expression such as `T | where …` after the `let` statements",
            ));
        };
        *self.root_open.borrow_mut() = root.open.is_some();
        Ok(Plan {
            shared: self.shared.take(),
            root: root.node,
        })
    }

    fn bind_let<'a>(
        &self,
        scope: &Scope<'a>,
        name: &'a ast::Ident,
        value: &'a ast::LetValue,
    ) -> Scope<'a> {
        let binding = match value {
            ast::LetValue::Expr(expr) => Binding::Let {
                expr,
                scope: scope.clone(),
                memo: RefCell::new(None),
                used: RefCell::new(false),
            },
            ast::LetValue::Function(def) => Binding::Function {
                def,
                scope: scope.clone(),
                used: RefCell::new(false),
            },
        };
        scope.with(&name.name, binding)
    }

    /// The value of a `let` name, lowering it on first use.
    fn resolve_let<'a>(&self, binding: &Binding<'a>) -> Result<Option<Resolved>> {
        match binding {
            Binding::Value(r) => Ok(Some(r.clone())),
            Binding::Let {
                expr,
                scope,
                memo,
                used,
            } => {
                *used.borrow_mut() = true;
                if let Some(r) = memo.borrow().clone() {
                    return Ok(Some(r));
                }
                let r = if self.is_tabular(expr, scope) {
                    Resolved::Tabular(self.tabular_value(expr, scope)?)
                } else {
                    Resolved::Scalar(self.scalar(expr, &expr::Input::none(), scope)?)
                };
                *memo.borrow_mut() = Some(r.clone());
                Ok(Some(r))
            }
            Binding::Function { .. } => Ok(None),
        }
    }

    /// A table from the catalog, with the columns found so far if it is open.
    fn table_info(&self, name: &str) -> Option<TableInfo> {
        if name.starts_with("<output of ") {
            let columns = self.extra.get(name).into_iter().flatten();
            return Some(TableInfo {
                columns: columns
                    .map(|c| Column::new(c.clone(), Type::Unknown))
                    .collect(),
                open: true,
            });
        }
        let mut info = self.catalog.table(name)?;
        if info.open {
            for extra in self.extra.get(name).into_iter().flatten() {
                if !info.columns.iter().any(|c| &c.name == extra) {
                    info.columns.push(Column::new(extra.clone(), Type::Unknown));
                }
            }
        }
        Some(info)
    }

    /// Adds a plan computed once per run; returns its index.
    fn share(&self, node: Node) -> usize {
        let mut shared = self.shared.borrow_mut();
        shared.push(node);
        shared.len() - 1
    }

    /// Adds a check-mode finding, once per code and span (a function inlined at
    /// several calls would otherwise report its body's findings at each).
    pub(crate) fn report(&self, d: Diagnostic) {
        let mut findings = self.findings.borrow_mut();
        if !findings
            .iter()
            .any(|f| f.code == d.code && f.span == d.span)
        {
            findings.push(d);
        }
    }

    /// Runs `f` with error recovery off: its first error comes back as `None`.
    pub(crate) fn probe<T>(&self, f: impl FnOnce() -> Result<T>) -> Option<T> {
        self.probing.set(self.probing.get() + 1);
        let result = f();
        self.probing.set(self.probing.get() - 1);
        result.ok()
    }

    /// One pipe stage. In check mode a stage that fails is reported and the query goes
    /// on after it with the stage's input columns, open (what it would output is not
    /// known, so nothing after it is reported as unknown because of it).
    pub(crate) fn stage<'a>(
        &self,
        tab: Tab,
        op: &'a ast::Operator,
        scope: &scope::Scope<'a>,
    ) -> Result<Tab> {
        if !self.check || self.probing.get() > 0 {
            return self.operator(tab, op, scope);
        }
        let columns = tab.node.schema.clone();
        match self.operator(tab, op, scope) {
            Ok(tab) => Ok(tab),
            Err(d) => {
                self.report(d);
                let input = Tab::new(Op::ApplyInput, columns, op.span, None);
                self.unsupported_quietly(input, op.span)
            }
        }
    }

    /// The open input that a column not known yet is recorded in, when several inputs
    /// (of a join or union) are open: one whose columns are not known at all (no schema,
    /// or the output of a stage kqlc cannot type) before a built-in schema that may
    /// lack a column, so that a column of the unknown side is not reported as missing
    /// from the known one; otherwise the first.
    pub(crate) fn pick_open(
        &self,
        candidates: impl IntoIterator<Item = Option<String>>,
    ) -> Option<String> {
        let open: Vec<String> = candidates.into_iter().flatten().collect();
        let unknown = |name: &String| {
            name.starts_with("<output of ")
                || self
                    .catalog
                    .table(name)
                    .is_some_and(|t| t.open && t.columns.is_empty())
        };
        open.iter()
            .find(|n| unknown(n))
            .or_else(|| open.first())
            .cloned()
    }

    /// Records the span of a leg of `union isfuzzy=true` (check mode).
    pub(crate) fn fuzzy_leg(&self, span: Span) {
        if self.check {
            self.fuzzy_legs.borrow_mut().push(span);
        }
    }

    /// In check mode, reports an operator kqlc cannot run as a warning and passes
    /// its input through as an open table (the columns after it are taken on trust);
    /// otherwise it is the error `d`.
    pub(crate) fn unsupported(&self, tab: Option<Tab>, d: Diagnostic) -> Result<Tab> {
        if !self.check {
            return Err(d);
        }
        let span = d.span;
        self.report(
            d.with_severity(crate::diagnostic::Severity::Warning)
                .with_note("kqlc checks the stages after it without knowing its output columns"),
        );
        self.unsupported_quietly(tab, span)
    }

    /// What `check` knows of a wildcard's tables (`union *`, `search`): an open schema
    /// with the standard columns every Log Analytics table has, plus `extra` first.
    /// A read of every table: the label, the standard columns, and the columns the
    /// query reads, each typed as the built-in tables that have it agree (Kusto.Language
    /// unions them all), else unknown.
    pub(crate) fn every_table(&self, extra: Option<Column>, span: Span) -> Result<Tab> {
        let mut columns: Vec<Column> = extra.into_iter().collect();
        columns.extend(crate::schema::standard_columns());
        let mut tab = self.open_output(columns, span);
        for column in &mut tab.node.schema {
            if column.ty == Type::Unknown
                && let Some(ty) = crate::schema::column_type_everywhere(&column.name)
            {
                column.ty = ty;
            }
        }
        Ok(tab)
    }

    /// The open pass-through table of [`Self::unsupported`], without a finding.
    pub(crate) fn unsupported_quietly(
        &self,
        tab: impl Into<Option<Tab>>,
        span: Span,
    ) -> Result<Tab> {
        let columns = tab.into().map(|t| t.node.schema).unwrap_or_default();
        Ok(self.open_output(columns, span))
    }

    /// An open table named after `span` with `columns` and the columns later rounds
    /// found read from it.
    fn open_output(&self, mut columns: Vec<Column>, span: Span) -> Tab {
        let name = format!("<output of {}..{}>", span.start, span.end);
        for extra in self.extra.get(&name).into_iter().flatten() {
            if !columns.iter().any(|c| &c.name == extra) {
                columns.push(Column::new(extra.clone(), Type::Unknown));
            }
        }
        Tab::new(
            Op::Scan(crate::plan::tabular::scan::Scan {
                table: name.clone(),
                read: None,
            }),
            columns,
            span,
            Some(name),
        )
    }

    /// Records an unknown column of an open table, so the next round knows it;
    /// `unknown` is the error it would be in a closed table (kept for the checker).
    fn discover(&self, table: &str, column: &ast::Ident, unknown: Diagnostic) {
        let mut d = self.discovered.borrow_mut();
        let pair = (table.to_string(), column.name.clone());
        if (self.check || d.is_empty()) && !d.contains(&pair) {
            d.push(pair);
            let mut found = self.found.borrow_mut();
            let known = found
                .iter()
                .any(|f| f.table == table && f.unknown.span == unknown.span);
            if self.check && !known {
                found.push(FoundColumn {
                    table: table.to_string(),
                    unknown,
                });
            }
        }
    }
}
