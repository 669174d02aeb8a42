//! Lowering `partition by Column (subquery)`: the subquery is lowered over a per-partition
//! input of the input's columns (partition-operator page). The legacy form
//! `partition by Column { SubQueryWithSource }` runs a query of its own per value, in
//! which `Column` (or `toscalar(Column)`) is that value.

use super::expr::Input;
use super::scope::{Binding, Resolved, Scope};
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::table_fn::{Partition, TableFnKind};
use crate::plan::{Expr, ExprKind, Node, Op};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::Column;

/// The legacy strategy's limit on partitions (partition-operator page).
const LEGACY_PARTITIONS: usize = 64;

impl<'c> Lowerer<'c> {
    /// `body` is the `( … )` subquery's operators, or the legacy `{ … }` query.
    pub(crate) fn partition<'a>(
        &self,
        tab: Tab,
        params: &'a [ast::OpParam],
        by: &'a ast::Expr,
        body: (&'a [ast::Operator], Option<&'a ast::Expr>),
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
        let mut op = Partition {
            key,
            body_input: tab.schema().to_vec(),
            max_partitions,
            key_scalar: None,
            fresh_shared: Vec::new(),
            span,
        };
        let inner = match body {
            (_, Some(source)) => self.partition_source(&tab, &mut op, source, span, scope)?,
            (operators, None) => {
                let input = op.body_input.clone();
                let mut inner = Tab::new(Op::ApplyInput, input, span, tab.open.clone());
                for o in operators {
                    inner = self.operator(inner, o, scope)?;
                }
                inner
            }
        };
        let schema = inner.schema().to_vec();
        let open = inner.open.clone();
        Ok(tab.table_fn(
            Some(inner.node),
            TableFnKind::Partition(op),
            schema,
            span,
            open,
        ))
    }

    /// The legacy `{ SubQueryWithSource }`: lowered with the key column's name bound to
    /// a `toscalar` of the partition's key, which is computed again for each partition
    /// (with every shared plan the query made).
    fn partition_source<'a>(
        &self,
        tab: &Tab,
        op: &mut Partition,
        source: &'a ast::Expr,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let column: Column = tab.schema()[op.key].clone();
        op.body_input = vec![column.clone()];
        let first = self.shared.borrow().len();
        let id = self.share(Node {
            op: Op::ApplyInput,
            schema: op.body_input.clone(),
            span,
        });
        op.key_scalar = Some(id);
        let value = Expr {
            kind: ExprKind::Scalar(id),
            ty: column.ty,
            span,
        };
        let scope = scope.with(&column.name, Binding::Value(Resolved::Scalar(value)));
        let inner = self.tabular(source, &scope)?;
        op.fresh_shared = (first..self.shared.borrow().len()).collect();
        Ok(inner)
    }
}
