//! Reading a named table (from `--table` files or in-memory tables).

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Sink};
use crate::plan::Node;
use crate::value::{Column, Value};

/// `T`: every row of table `table`, with the node's schema as its columns.
#[derive(Clone, Debug)]
pub struct Scan {
    pub table: String,
    /// Which columns the plan reads (`plan::prune`); `None` reads them all. Columns not
    /// read are null in the rows.
    pub read: Option<Vec<bool>>,
}

pub fn execute(op: &Scan, node: &Node, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let Some(read) = op.read.as_ref().filter(|r| r.iter().any(|x| !x)) else {
        cx.tables
            .read(&op.table, &node.schema, node.span, &mut |row| {
                down.push(row, cx)
            })?;
        return down.finish(cx);
    };
    let positions: Vec<usize> = (0..node.schema.len())
        .filter(|&i| read.get(i).copied().unwrap_or(true))
        .collect();
    let wanted: Vec<Column> = positions.iter().map(|&i| node.schema[i].clone()).collect();
    let width = node.schema.len();
    cx.tables
        .read(&op.table, &wanted, node.span, &mut |narrow| {
            let mut row = vec![Value::Null; width];
            for (value, &i) in narrow.into_iter().zip(&positions) {
                row[i] = value;
            }
            down.push(row, cx)
        })?;
    down.finish(cx)
}
