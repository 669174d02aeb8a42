//! Rows written in the query: `datatable(…)[…]`, `print …`.

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::tabular::values::Values;

pub fn execute(op: &Values, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let empty = Vec::new();
    for cells in &op.rows {
        cx.tick()?;
        let row = cells
            .iter()
            .map(|e| eval(e, &empty, cx))
            .collect::<Result<Vec<_>>>()?;
        if down.push(row, cx)? == Flow::Stop {
            break;
        }
    }
    down.finish(cx)
}
