//! `range x from a to b step s`: a one-column table of a sequence.

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::exec::eval::{apply_binary, arithmetic, eval, truthy};
use crate::exec::{ExecContext, Flow, Sink};
use crate::plan::BinaryOp;
use crate::plan::tabular::range::Range;
use crate::value::Value;

/// The most rows one `range` may produce, so a typo cannot exhaust memory.
pub const MAX_RANGE_ROWS: usize = 100_000_000;

pub fn execute(op: &Range, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let empty = Vec::new();
    let (from, to, step) = (
        eval(&op.from, &empty, cx)?,
        eval(&op.to, &empty, cx)?,
        eval(&op.step, &empty, cx)?,
    );
    let zero = matches!(step, Value::Long(0) | Value::TimeSpan(0)) || step.as_f64() == Some(0.0);
    if zero || from.is_null() || to.is_null() || step.is_null() {
        return Err(Diagnostic::new(
            Code::RuntimeError,
            op.span,
            "range needs non-null bounds and a non-zero step",
        ));
    }
    let descending = truthy(&apply_binary(BinaryOp::Lt, &step, &Value::Long(0))) == Some(true)
        || matches!(step, Value::TimeSpan(t) if t < 0);
    let mut current = from;
    for produced in 0.. {
        let past_end = if descending {
            BinaryOp::Lt
        } else {
            BinaryOp::Gt
        };
        if truthy(&apply_binary(past_end, &current, &to)) != Some(false) {
            break;
        }
        if produced >= MAX_RANGE_ROWS {
            return Err(Diagnostic::new(
                Code::RuntimeError,
                op.span,
                format!("range produces more than {MAX_RANGE_ROWS} rows"),
            ));
        }
        cx.tick()?;
        if down.push(vec![current.clone()], cx)? == Flow::Stop {
            break;
        }
        current = arithmetic(BinaryOp::Add, &current, &step);
    }
    down.finish(cx)
}
