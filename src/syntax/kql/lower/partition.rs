//! Lowering `partition by Column (subquery)`: the subquery is lowered over a per-partition
//! input of the input's columns (partition-operator page).

use super::expr::Input;
use super::scope::Scope;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::table_fn::{Partition, TableFnKind};
use crate::plan::{ExprKind, Op};
use crate::source::Span;
use crate::syntax::kql::ast;

/// The legacy strategy's limit on partitions (partition-operator page).
const LEGACY_PARTITIONS: usize = 64;

impl<'c> Lowerer<'c> {
    pub(crate) fn partition<'a>(
        &self,
        tab: Tab,
        params: &'a [ast::OpParam],
        by: &'a ast::Expr,
        body: &'a [ast::Operator],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let key = match self.scalar(by, &Input::of(&tab), scope)?.kind {
            ExprKind::Column(i) => i,
            _ => {
                return Err(Diagnostic::new(
                    Code::TypeMismatch,
                    by.span,
                    "partition by takes a column name",
                ));
            }
        };
        let strategy = params
            .iter()
            .find(|p| p.name.name == "hint.strategy")
            .and_then(|p| match &p.value.kind {
                ast::ExprKind::Name(n) => Some(n.name.as_str()),
                _ => None,
            });
        let max_partitions = match strategy {
            Some("native" | "shuffle") => None,
            _ => Some(LEGACY_PARTITIONS),
        };
        let body_input = tab.schema().to_vec();
        let mut inner = Tab::new(Op::ApplyInput, body_input.clone(), span, tab.open.clone());
        for op in body {
            inner = self.operator(inner, op, scope)?;
        }
        let schema = inner.schema().to_vec();
        let open = inner.open.clone();
        Ok(tab.table_fn(
            Some(inner.node),
            TableFnKind::Partition(Partition {
                key,
                body_input,
                max_partitions,
                span,
            }),
            schema,
            span,
            open,
        ))
    }
}
