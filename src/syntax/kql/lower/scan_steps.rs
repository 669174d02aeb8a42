//! Lowering `scan`: the declared columns extend the record; conditions and assignments
//! are lowered over the record's columns plus one dynamic column per step name, then
//! each `s1.total` is rewritten to the column of `total` in step `s1`'s record (see
//! `ops::scan_steps` for the layout).

use super::expr::Input;
use super::scope::Scope;
use super::sources::named_type;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::scan_steps::{ScanSteps, Step, StepOutput};
use crate::plan::{Expr, ExprKind, Op};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

impl<'c> Lowerer<'c> {
    pub(crate) fn scan_steps<'a>(
        &self,
        tab: Tab,
        match_id: Option<&ast::Ident>,
        declare: &'a [ast::ScanDeclare],
        steps: &'a [ast::ScanStep],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let mut record: Vec<Column> = tab.schema().to_vec();
        let mut defaults = Vec::new();
        for d in declare {
            let ty = named_type(&d.ty)?;
            let default = match &d.default {
                Some(e) => self
                    .scalar(e, &Input::none(), scope)?
                    .as_literal()
                    .cloned()
                    .unwrap_or(Value::Null),
                None => Value::null_of(ty),
            };
            record.push(Column::new(d.name.name.clone(), ty));
            defaults.push(default.cast(ty));
        }
        let mut frame = record.clone();
        frame.extend(
            steps
                .iter()
                .map(|s| Column::new(s.name.name.clone(), Type::Dynamic)),
        );
        let input = Input {
            schema: &frame,
            open: tab.open.as_deref(),
        };
        let mut lowered = Vec::new();
        for step in steps {
            let condition = steps_to_records(self.scalar(&step.condition, &input, scope)?, &record);
            let mut assignments = Vec::new();
            for (name, e) in &step.assignments {
                let column = record
                    .iter()
                    .position(|c| c.name == name.name)
                    .ok_or_else(|| {
                        Diagnostic::new(
                            Code::UnknownColumn,
                            name.span,
                            format!(
                                "scan assigns `{}`, which is not a declared column",
                                name.name
                            ),
                        )
                        .with_help("declare it: `scan declare (name: type) with (…)`")
                    })?;
                let value = steps_to_records(self.scalar(e, &input, scope)?, &record);
                assignments.push((column, value));
            }
            let output = match step.output.as_ref().map(|o| o.name.as_str()) {
                None | Some("all") => StepOutput::All,
                Some("last") => StepOutput::Last,
                Some("none") => StepOutput::None,
                Some(other) => {
                    return Err(Diagnostic::new(
                        Code::SyntaxError,
                        step.span,
                        format!("a step's output is all, last or none, not `{other}`"),
                    ));
                }
            };
            lowered.push(Step {
                condition,
                assignments,
                output,
            });
        }
        let mut schema = record.clone();
        if let Some(id) = match_id {
            schema.push(Column::new(id.name.clone(), Type::Long));
        }
        let op = ScanSteps {
            input: Box::new(tab.node),
            record,
            defaults,
            steps: lowered,
            match_id: match_id.is_some(),
        };
        let open = tab.open.clone();
        Ok(Tab::new(Op::ScanSteps(Box::new(op)), schema, span, open))
    }
}

/// Rewrites `step.column` (a member of step column `width + j`) into column
/// `width * (j + 1) + i` of the evaluation row, typed as the record's column.
fn steps_to_records(e: Expr, record: &[Column]) -> Expr {
    let width = record.len();
    if let ExprKind::Member { target, name } = &e.kind
        && let ExprKind::Column(c) = target.kind
        && c >= width
        && let Some(i) = record.iter().position(|col| col.name == *name)
    {
        return Expr::column(width * (c - width + 1) + i, record[i].ty, e.span);
    }
    let Ok(rewritten) =
        e.map_children(&mut |x| Ok::<_, std::convert::Infallible>(steps_to_records(x, record)));
    rewritten
}
