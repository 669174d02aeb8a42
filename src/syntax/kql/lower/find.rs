//! Lowering `find` (find-operator page): the rows of several tables that match a
//! predicate, labelled with their table (`source_`, or `withsource=`'s name). Tables
//! that have none of the predicate's columns are left out. With `project-smart` (the
//! default) the output is the label, the columns every table has (same name and type,
//! in the first table's order), the predicate's other columns, and `pack_`: a bag of
//! each row's other columns. With `project C[: type], …` it is the label and those
//! columns (null where a table lacks one), and `pack_` of the rest with `pack_all()`.

use super::scope::Scope;
use super::{Lowerer, Tab};
use crate::diagnostic::Result;
use crate::plan::Expr;
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

/// The output column of the rows' other columns, and the default label column.
const PACK_COLUMN: &str = "pack_";
const SOURCE_COLUMN: &str = "source_";

impl<'c> Lowerer<'c> {
    pub(super) fn find<'a>(
        &self,
        params: &'a [ast::OpParam],
        tables: &[ast::Ident],
        predicate: &'a ast::Expr,
        project: Option<&ast::FindProject>,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let label = params
            .iter()
            .find(|p| p.name.name == "withsource")
            .and_then(|p| match &p.value.kind {
                ast::ExprKind::Name(n) => Some(n.name.clone()),
                _ => None,
            })
            .unwrap_or_else(|| SOURCE_COLUMN.to_string());
        let mut used = Vec::new();
        names_in(predicate, &mut used);
        let legs: Vec<(String, Tab)> = self
            .tables_of(tables, span, scope)?
            .into_iter()
            .filter(|(_, tab)| {
                used.is_empty() || tab.schema().iter().any(|c| used.contains(&c.name))
            })
            .collect();
        let outputs = match project {
            Some(p) => declared_outputs(p, &legs)?,
            None => smart_outputs(&legs, &used),
        };
        let packed = match project {
            Some(p) => p.pack_all,
            None => legs.iter().any(|(_, t)| has_rest(t, &outputs)),
        };
        let legs: Vec<(String, Tab)> = legs
            .into_iter()
            .map(|(name, tab)| match packed {
                true => (name, self.with_pack(tab, &outputs, span)),
                false => (name, tab),
            })
            .collect();
        let union = self.union_of(legs, false, Some(label.clone()), span);
        let filtered = self.search_where(union, &[], predicate, span, scope)?;
        Ok(project_outputs(filtered, &label, &outputs, packed, span))
    }

    /// The tables of `in (…)` (every table when none is named, wildcards expanded),
    /// each with its name: the scope of `find` and `search`.
    pub(super) fn tables_of(
        &self,
        tables: &[ast::Ident],
        span: Span,
        scope: &Scope,
    ) -> Result<Vec<(String, Tab)>> {
        let every = [ast::Ident {
            name: "*".to_string(),
            span,
        }];
        let tables = if tables.is_empty() {
            &every[..]
        } else {
            tables
        };
        let mut out = Vec::new();
        for table in tables {
            let names = match table.name.contains('*') {
                true => self.names_matching(&table.name, scope),
                false => vec![table.name.clone()],
            };
            for name in names {
                let id = ast::Ident {
                    name: name.clone(),
                    span: table.span,
                };
                let tab = self.named_table(&id, scope)?;
                out.push((name, self.table_only(tab, table.span)?));
            }
        }
        Ok(out)
    }

    /// The table with a `pack_` column: a bag of its columns that are not outputs.
    fn with_pack(&self, tab: Tab, outputs: &[Column], span: Span) -> Tab {
        let mut args = Vec::new();
        for (i, c) in tab.schema().iter().enumerate() {
            if !outputs.iter().any(|o| o.name == c.name) {
                args.push(Expr::literal(
                    Value::string(c.name.as_str()),
                    Type::String,
                    span,
                ));
                args.push(Expr::column(i, c.ty, span));
            }
        }
        let bag = self.registry_call("bag_pack", args, span);
        let mut schema = tab.schema().to_vec();
        schema.push(Column::new(PACK_COLUMN, Type::Dynamic));
        let mut exprs = tab.column_exprs(span);
        exprs.push(bag);
        let open = tab.open.clone();
        tab.project(exprs, schema, span, open)
    }
}

/// Whether a table has columns beyond the outputs.
fn has_rest(tab: &Tab, outputs: &[Column]) -> bool {
    tab.schema()
        .iter()
        .any(|c| !outputs.iter().any(|o| o.name == c.name))
}

/// `project C[: type], …`: each column with its declared type, else its type in the
/// first table that has it (string when none has it).
fn declared_outputs(project: &ast::FindProject, legs: &[(String, Tab)]) -> Result<Vec<Column>> {
    project
        .columns
        .iter()
        .map(|(name, ty)| {
            let ty = match ty {
                Some(t) => super::sources::named_type(t)?,
                None => type_in(legs, &name.name).unwrap_or(Type::String),
            };
            Ok(Column::new(name.name.clone(), ty))
        })
        .collect()
}

/// `project-smart`: the columns every table has with one type, in the first table's
/// order, then the predicate's other columns (dynamic where the tables' types differ).
fn smart_outputs(legs: &[(String, Tab)], used: &[String]) -> Vec<Column> {
    let Some((_, first)) = legs.first() else {
        return Vec::new();
    };
    let mut out: Vec<Column> = first
        .schema()
        .iter()
        .filter(|c| {
            legs.iter()
                .all(|(_, t)| t.schema().iter().any(|o| o.name == c.name && o.ty == c.ty))
        })
        .cloned()
        .collect();
    for name in used {
        if out.iter().any(|c| c.name == *name) {
            continue;
        }
        let types: Vec<Type> = legs
            .iter()
            .filter_map(|(_, t)| t.schema().iter().find(|c| c.name == *name).map(|c| c.ty))
            .collect();
        match types.first() {
            Some(ty) if types.iter().all(|t| t == ty) => out.push(Column::new(name.clone(), *ty)),
            Some(_) => out.push(Column::new(name.clone(), Type::Dynamic)),
            None => {}
        }
    }
    out
}

fn type_in(legs: &[(String, Tab)], name: &str) -> Option<Type> {
    legs.iter()
        .find_map(|(_, t)| t.schema().iter().find(|c| c.name == name).map(|c| c.ty))
}

/// The label, the outputs (cast to their types, null where the union has none) and
/// `pack_`.
fn project_outputs(tab: Tab, label: &str, outputs: &[Column], pack: bool, span: Span) -> Tab {
    let column = |name: &str| tab.schema().iter().position(|c| c.name == name);
    let mut exprs = Vec::new();
    let mut schema = Vec::new();
    let mut wanted: Vec<Column> = vec![Column::new(label, Type::String)];
    wanted.extend(outputs.iter().cloned());
    if pack {
        wanted.push(Column::new(PACK_COLUMN, Type::Dynamic));
    }
    for c in wanted {
        let expr = match column(&c.name) {
            Some(i) => Expr::column(i, tab.schema()[i].ty, span).cast(c.ty),
            None => Expr::literal(Value::null_of(c.ty), c.ty, span),
        };
        exprs.push(expr);
        schema.push(c);
    }
    tab.project(exprs, schema, span, None)
}

/// The names a predicate reads (its column references), in order.
fn names_in(e: &ast::Expr, out: &mut Vec<String>) {
    use ast::ExprKind as K;
    if let K::Name(n) = &e.kind {
        if !out.contains(&n.name) {
            out.push(n.name.clone());
        }
        return;
    }
    let mut visit = |e: &ast::Expr| names_in(e, out);
    match &e.kind {
        K::Member { target, .. } => visit(target),
        K::Index { target, index } => {
            visit(target);
            visit(index);
        }
        K::Call { args, .. } => args.iter().for_each(|a| visit(&a.value)),
        K::Unary { operand, .. } | K::Paren(operand) => visit(operand),
        K::Binary { lhs, rhs, .. } => {
            visit(lhs);
            visit(rhs);
        }
        K::Between {
            operand, low, high, ..
        } => {
            visit(operand);
            visit(low);
            visit(high);
        }
        K::In { operand, list, .. } => {
            visit(operand);
            list.iter().for_each(visit);
        }
        K::List(items) => items.iter().for_each(visit),
        _ => {}
    }
}
