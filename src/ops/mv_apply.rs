//! `mv-apply items on (subquery)`: for each input row, expands the items into a small
//! table (as `mv-expand` would), runs the subquery on it, and emits the subquery's rows
//! with the input row's other columns in their places (Kusto docs, mv-apply operator;
//! the column order is Kusto.Language's).

use super::mv_expand::expand_row;
use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink, collect};
use crate::plan::tabular::mv_apply::{MvApply, Slot};
use crate::value::{Row, Table};
use std::rc::Rc;

pub struct MvApplySink<'a> {
    op: &'a MvApply,
    down: &'a mut dyn Sink,
}

impl<'a> MvApplySink<'a> {
    pub fn new(op: &'a MvApply, down: &'a mut dyn Sink) -> Self {
        MvApplySink { op, down }
    }
}

impl Sink for MvApplySink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let op = self.op;
        let rows = expand_row(&op.expansion, &row, cx)?;
        cx.apply_inputs
            .borrow_mut()
            .push(Rc::new(Table::new(op.body_input.clone(), rows)));
        let result = collect(&op.body, cx);
        cx.apply_inputs.borrow_mut().pop();
        for body_row in result?.rows {
            let out: Row = op
                .layout
                .iter()
                .map(|slot| match *slot {
                    Slot::Input(i) => row[i].clone(),
                    Slot::Body(j) => body_row[j].clone(),
                })
                .collect();
            if self.down.push(out, cx)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}
