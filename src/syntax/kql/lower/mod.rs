//! Lowering the KQL syntax tree to the shared plan: names resolve to columns, `let`s
//! and user functions are inlined, every expression gets a type.
//!
//! Tables whose columns are not fully known are *open*: when a name is not found in
//! such a table's schema, lowering records it as a new column of that table and starts
//! again (a handful of rounds at most), so positions stay exact without a second pass.

pub mod expr;
mod join;
mod mv;
mod names;
mod operators;
mod parse_pattern;
mod plugins;
mod scope;
mod series;
pub mod sources;
mod summarize;

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::catalog::{Catalog, TableInfo};
use crate::plan::{Node, Op, Plan};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type};
use scope::{Binding, Resolved, Scope};
use std::cell::RefCell;
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
}

/// The most rounds of "found a new column of an open table, lower again".
const MAX_ROUNDS: usize = 64;

/// Lowers a parsed query to a plan over the tables `catalog` knows.
pub fn lower(query: &ast::Query, catalog: &dyn Catalog) -> Result<Plan> {
    let mut extra: HashMap<String, Vec<String>> = HashMap::new();
    for _ in 0..MAX_ROUNDS {
        let mut lowerer = Lowerer {
            catalog,
            extra: &extra,
            shared: RefCell::new(Vec::new()),
            discovered: RefCell::new(None),
        };
        let result = lowerer.query(query);
        match lowerer.discovered.take() {
            Some((table, column)) => extra.entry(table).or_default().push(column),
            None => return result,
        }
    }
    Err(Diagnostic::new(
        Code::TooComplex,
        query.span,
        "the query names too many columns of tables whose schema is not known",
    ))
}

pub(crate) struct Lowerer<'c> {
    catalog: &'c dyn Catalog,
    /// Columns found so far in open tables, beyond their known schema.
    extra: &'c HashMap<String, Vec<String>>,
    shared: RefCell<Vec<Node>>,
    /// A column of an open table met in this round: lowering restarts with it.
    discovered: RefCell<Option<(String, String)>>,
}

impl<'c> Lowerer<'c> {
    fn query(&mut self, query: &ast::Query) -> Result<Plan> {
        let mut scope = Scope::default();
        let mut result = None;
        for stmt in &query.statements {
            match &stmt.kind {
                ast::StatementKind::Let { name, value } => {
                    scope = self.bind_let(&scope, name, value)
                }
                ast::StatementKind::Expr(e) => result = Some(self.tabular(e, &scope)?),
                ast::StatementKind::Set { .. }
                | ast::StatementKind::DeclareQueryParameters { .. } => {}
            }
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
                    Resolved::Tabular(self.tabular(expr, scope)?)
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

    /// Records an unknown column of an open table, so the next round knows it.
    fn discover(&self, table: &str, column: &str) {
        let mut d = self.discovered.borrow_mut();
        if d.is_none() {
            *d = Some((table.to_string(), column.to_string()));
        }
    }
}
