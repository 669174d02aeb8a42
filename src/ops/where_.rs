//! `where predicate`: keeps rows for which the predicate is true (null drops the row).

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink, eval::eval_predicate};
use crate::plan::tabular::where_::Where;
use crate::value::Row;

pub struct WhereSink<'a> {
    op: &'a Where,
    down: &'a mut dyn Sink,
}

impl<'a> WhereSink<'a> {
    pub fn new(op: &'a Where, down: &'a mut dyn Sink) -> Self {
        WhereSink { op, down }
    }
}

impl Sink for WhereSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        if eval_predicate(&self.op.predicate, &row, cx)? {
            self.down.push(row, cx)
        } else {
            Ok(Flow::Continue)
        }
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}
