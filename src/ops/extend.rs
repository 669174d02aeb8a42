//! `extend name = expr, …`: appends computed columns (the lowering turns an `extend`
//! that replaces an existing column into a `project`).

use crate::diagnostic::Result;
use crate::exec::budget::Meter;
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::Expr;
use crate::plan::tabular::extend::Extend;
use crate::source::Span;
use crate::value::Row;

pub struct ExtendSink<'a> {
    exprs: &'a [Expr],
    held: Option<Vec<Row>>,
    down: &'a mut dyn Sink,
    /// What the held rows take (window functions), charged to the run's memory budget.
    meter: Meter,
}

impl<'a> ExtendSink<'a> {
    /// The `extend` at `span`, sending its rows to `down`.
    pub fn new(op: &'a Extend, span: Span, down: &'a mut dyn Sink) -> Self {
        ExtendSink {
            exprs: &op.exprs,
            held: op.windowed.then(Vec::new),
            down,
            meter: Meter::new("extend (its rows, for window functions)", span),
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
                self.meter.add_row(&row, cx)?;
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
