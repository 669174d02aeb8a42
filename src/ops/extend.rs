//! `extend name = expr, …`: appends computed columns (the lowering turns an `extend`
//! that replaces an existing column into a `project`).

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::{Expr, Node};
use crate::value::Row;

#[derive(Clone, Debug)]
pub struct Extend {
    pub input: Box<Node>,
    pub exprs: Vec<Expr>,
    /// True when an expression uses a window function (`row_number()`, `prev()`…):
    /// then the rows are held and evaluated with their neighbours in view.
    pub windowed: bool,
}

pub struct ExtendSink<'a> {
    exprs: &'a [Expr],
    held: Option<Vec<Row>>,
    down: &'a mut dyn Sink,
}

impl<'a> ExtendSink<'a> {
    pub fn new(op: &'a Extend, down: &'a mut dyn Sink) -> Self {
        ExtendSink {
            exprs: &op.exprs,
            held: op.windowed.then(Vec::new),
            down,
        }
    }
}

/// Evaluates `exprs` on `row` and appends the values (each expression reads only the
/// input's columns, so appending as it goes, with one allocation, gives the same row).
pub fn append_values(exprs: &[Expr], mut row: Row, cx: &ExecContext) -> Result<Row> {
    row.reserve_exact(exprs.len());
    for e in exprs {
        let value = eval(e, &row, cx)?;
        row.push(value);
    }
    Ok(row)
}

impl Sink for ExtendSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        match &mut self.held {
            Some(rows) => {
                rows.push(row);
                Ok(Flow::Continue)
            }
            None => self.down.push(append_values(self.exprs, row, cx)?, cx),
        }
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        if let Some(rows) = self.held.take() {
            let rows = std::rc::Rc::new(rows);
            for i in 0..rows.len() {
                cx.set_window(Some((rows.clone(), i)));
                let out = append_values(self.exprs, rows[i].clone(), cx);
                cx.set_window(None);
                if self.down.push(out?, cx)? == Flow::Stop {
                    break;
                }
            }
        }
        self.down.finish(cx)
    }
}
