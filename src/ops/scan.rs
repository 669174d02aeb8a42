//! Reading a named table (from `--table` files or in-memory tables).

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink};
use crate::plan::Node;

/// `T`: every row of table `table`, with the node's schema as its columns.
#[derive(Clone, Debug)]
pub struct Scan {
    pub table: String,
}

pub fn execute(op: &Scan, node: &Node, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let mut stopped = false;
    cx.tables
        .read(&op.table, &node.schema, node.span, &mut |row| {
            let flow = down.push(row, cx)?;
            stopped = flow == Flow::Stop;
            Ok(flow)
        })?;
    let _ = stopped;
    down.finish(cx)
}
