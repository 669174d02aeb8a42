//! `take n` / `limit n`: the first n rows; stops the source once it has them.

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink};
use crate::plan::tabular::take::Take;
use crate::value::Row;

pub struct TakeSink<'a> {
    remaining: usize,
    down: &'a mut dyn Sink,
}

impl<'a> TakeSink<'a> {
    pub fn new(op: &'a Take, down: &'a mut dyn Sink) -> Self {
        TakeSink {
            remaining: op.count,
            down,
        }
    }
}

impl Sink for TakeSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        if self.remaining == 0 {
            return Ok(Flow::Stop);
        }
        self.remaining -= 1;
        let flow = self.down.push(row, cx)?;
        Ok(if self.remaining == 0 {
            Flow::Stop
        } else {
            flow
        })
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}
