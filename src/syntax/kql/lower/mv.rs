//! Lowering `mv-expand` and `mv-apply`.

use super::expr::Input;
use super::operators::fresh_column_name;
use super::scope::Scope;
use super::sources::{fresh_name, named_type};
use super::{Lowerer, Tab, names};
use crate::diagnostic::Result;
use crate::plan::Op;
use crate::plan::tabular::mv_apply::{MvApply, Slot};
use crate::plan::tabular::mv_expand::{Expansion, MvExpand, MvItem};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type};

impl<'c> Lowerer<'c> {
    /// The expansion and the schema of its output rows.
    fn expansion<'a>(
        &self,
        tab: &Tab,
        params: &'a [ast::OpParam],
        items: &'a [ast::MvItem],
        limit: Option<&'a ast::Expr>,
        scope: &Scope<'a>,
    ) -> Result<(Expansion, Vec<Column>)> {
        let input = Input::of(tab);
        let mut schema = tab.schema().to_vec();
        let mut out = Vec::new();
        for item in items {
            let expr = self.scalar(&item.value, &input, scope)?;
            let to = match &item.to_type {
                Some(t) => named_type(t)?,
                None => Type::Dynamic,
            };
            let name = match (&item.name, &item.value.kind) {
                (Some(n), _) => n.name.clone(),
                (None, ast::ExprKind::Name(id)) => id.name.clone(),
                (None, _) => {
                    names::derived_name(&item.value).unwrap_or_else(|| fresh_column_name(&schema))
                }
            };
            let replaces = schema.iter().position(|c| c.name == name);
            match replaces {
                Some(i) => schema[i].ty = to,
                None => schema.push(Column::new(name, to)),
            }
            out.push(MvItem { expr, replaces, to });
        }
        let index = params
            .iter()
            .find(|p| p.name.name == "with_itemindex")
            .and_then(|p| match &p.value.kind {
                ast::ExprKind::Name(n) => Some(n.name.clone()),
                _ => None,
            });
        if let Some(name) = &index {
            schema.push(Column::new(fresh_name(name, &schema), Type::Long));
        }
        let limit = limit.map(|l| self.constant_count(l, scope)).transpose()?;
        let bag_as_array = params.iter().any(|p| {
            (p.name.name == "kind" || p.name.name == "bagexpansion")
                && matches!(&p.value.kind, ast::ExprKind::Name(n) if n.name == "array")
        });
        Ok((
            Expansion {
                items: out,
                with_index: index.is_some(),
                limit,
                bag_as_array,
            },
            schema,
        ))
    }

    pub(crate) fn mv_expand<'a>(
        &self,
        tab: Tab,
        params: &'a [ast::OpParam],
        items: &'a [ast::MvItem],
        limit: Option<&'a ast::Expr>,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let (expansion, schema) = self.expansion(&tab, params, items, limit, scope)?;
        let open = tab.open.clone();
        let op = MvExpand {
            input: Box::new(tab.node),
            expansion,
        };
        Ok(Tab::new(Op::MvExpand(op), schema, span, open))
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn mv_apply<'a>(
        &self,
        tab: Tab,
        params: &'a [ast::OpParam],
        items: &'a [ast::MvItem],
        limit: Option<&'a ast::Expr>,
        body: &'a [ast::Operator],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let (expansion, body_input) = self.expansion(&tab, params, items, limit, scope)?;
        let mut inner = Tab::new(Op::ApplyInput, body_input.clone(), span, tab.open.clone());
        for op in body {
            inner = self.operator(inner, op, scope)?;
        }
        let layout = apply_layout(
            tab.schema(),
            inner.schema(),
            &unnamed_items(items, &expansion),
        );
        let schema: Vec<Column> = layout
            .iter()
            .map(|slot| match *slot {
                Slot::Input(i) => tab.schema()[i].clone(),
                Slot::Body(j) => inner.schema()[j].clone(),
            })
            .collect();
        let open = tab.open.clone();
        let op = MvApply {
            input: Box::new(tab.node),
            expansion,
            body_input,
            body: Box::new(inner.node),
            layout,
        };
        Ok(Tab::new(Op::MvApply(op), schema, span, open))
    }
}

/// The input columns an unnamed item (`mv-apply Col on …`) expands: the subquery's rows
/// stand for them, so they leave the outer row; a named item (`x = Col`) leaves `Col`.
fn unnamed_items(items: &[ast::MvItem], expansion: &Expansion) -> Vec<usize> {
    items
        .iter()
        .zip(&expansion.items)
        .filter(|(item, _)| item.name.is_none())
        .filter_map(|(_, expanded)| expanded.replaces)
        .collect()
}

/// Where each output column of `mv-apply` comes from, as Kusto.Language types it: the
/// input's columns in their order (less the expanded ones), each taken from the
/// subquery when it outputs that name, then the subquery's other columns.
fn apply_layout(input: &[Column], body: &[Column], expanded: &[usize]) -> Vec<Slot> {
    let body_index = |name: &str| body.iter().position(|c| c.name == name);
    let mut layout: Vec<Slot> = (0..input.len())
        .filter(|i| !expanded.contains(i))
        .map(|i| body_index(&input[i].name).map_or(Slot::Input(i), Slot::Body))
        .collect();
    let rest: Vec<Slot> = (0..body.len())
        .filter(|j| !layout.contains(&Slot::Body(*j)))
        .map(Slot::Body)
        .collect();
    layout.extend(rest);
    layout
}
