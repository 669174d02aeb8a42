//! `LOOKUP JOIN index ON field[, field…]` (or `ON left == right [AND …]`) lowered to
//! the shared hash join with left-join semantics.
//!
//! Docs (<https://www.elastic.co/docs/reference/query-languages/esql/commands/lookup-join>,
//! `esql-lookup-join`): the lookup index is one named index (given to kqlc with
//! `--table`); a row without a match is kept with nulls in the added columns; several
//! matching lookup rows give one row each; a multi-valued join field matches nothing;
//! the lookup index's other fields are appended, and one named like an existing column
//! replaces it.

use super::{Lowering, expr, project};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::join::{Join, JoinKind};
use crate::plan::{Expr, Node, Op};
use crate::source::Span;
use crate::syntax::esql::ast;
use crate::value::Column;

impl Lowering<'_> {
    pub(super) fn lookup_join(
        &self,
        node: Node,
        index: &ast::IndexPattern,
        on: &[ast::Expr],
        span: Span,
    ) -> Result<Node> {
        if index.index.contains('*') || index.cluster.is_some() {
            return Err(Diagnostic::new(
                Code::Unsupported,
                index.span,
                "LOOKUP JOIN takes one index name (no wildcards or remote clusters)",
            ));
        }
        let lookup = self.from(std::slice::from_ref(index), &[], index.span)?;
        let mut pairs: Vec<(String, String, Span)> = Vec::new();
        for cond in on {
            key_pairs(cond, &mut pairs)?;
        }
        let mut left_keys = Vec::new();
        let mut right_keys = Vec::new();
        let mut right_key_names = Vec::new();
        for (l, r, _) in pairs.iter_mut() {
            // `lookup == left` is accepted too.
            if node.column_index(l).is_none() && node.column_index(r).is_some() {
                std::mem::swap(l, r);
            }
        }
        for (l, r, at) in &pairs {
            let le = expr::field(l, *at, &node.schema)?;
            let re = expr::field(r, *at, &lookup.schema).map_err(|d| {
                d.with_note(format!("the fields of lookup index `{}`", index.index))
            })?;
            left_keys.push(expr::function("esql_lookup_key", vec![le], *at)?);
            right_keys.push(expr::function("esql_lookup_key", vec![re], *at)?);
            right_key_names.push(r.clone());
        }
        // Added columns: the lookup fields, less the join keys named alike on both sides.
        let added: Vec<usize> = lookup
            .schema
            .iter()
            .enumerate()
            .filter(|(_, c)| !pairs.iter().any(|(l, r, _)| l == r && *r == c.name))
            .map(|(i, _)| i)
            .collect();
        let width = node.schema.len();
        let mut schema = node.schema.clone();
        schema.extend(added.iter().map(|i| lookup.schema[*i].clone()));
        let joined = Node {
            op: Op::Join(Join {
                left: Box::new(node),
                right: Box::new(super::null_padded(lookup, span)),
                kind: JoinKind::LeftOuter,
                left_keys,
                right_keys,
                right_columns: added.clone(),
            }),
            schema: schema.clone(),
            span,
        };
        let new_names: Vec<&str> = schema[width..].iter().map(|c| c.name.as_str()).collect();
        let mut exprs = Vec::new();
        let mut out: Vec<Column> = Vec::new();
        for (i, c) in schema.iter().enumerate() {
            if i < width && new_names.contains(&c.name.as_str()) {
                continue;
            }
            exprs.push(Expr::column(i, c.ty, span));
            out.push(c.clone());
        }
        Ok(project(joined, exprs, out, span))
    }
}

/// The `(left field, lookup field)` pairs of one ON item: a field name joins on the
/// same name on both sides; `a == b` (and `AND` of such) names each side.
fn key_pairs(cond: &ast::Expr, out: &mut Vec<(String, String, Span)>) -> Result<()> {
    match &cond.kind {
        ast::ExprKind::Field(f) => {
            out.push((f.name.clone(), f.name.clone(), f.span));
            Ok(())
        }
        ast::ExprKind::Paren(inner) => key_pairs(inner, out),
        ast::ExprKind::Binary {
            op: ast::BinaryOp::And,
            lhs,
            rhs,
        } => {
            key_pairs(lhs, out)?;
            key_pairs(rhs, out)
        }
        ast::ExprKind::Binary {
            op: ast::BinaryOp::Eq,
            lhs,
            rhs,
        } => match (&lhs.kind, &rhs.kind) {
            (ast::ExprKind::Field(l), ast::ExprKind::Field(r)) => {
                out.push((l.name.clone(), r.name.clone(), cond.span));
                Ok(())
            }
            _ => Err(unsupported_condition(cond.span)),
        },
        _ => Err(unsupported_condition(cond.span)),
    }
}

fn unsupported_condition(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Unsupported,
        span,
        "kqlc's LOOKUP JOIN takes field names or `left == lookup` equalities joined by AND",
    )
}
