//! `sort by …` / `order by …` (and the sorting half of `top`): a stable sort on keys,
//! nulls first for ascending and last for descending unless the query says otherwise.

use crate::diagnostic::Result;
use crate::exec::budget::{Meter, row_bytes};
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::tabular::sort::{Sort, SortKey};
use crate::source::Span;
use crate::value::{Row, Value};
use std::cmp::Ordering;

pub struct SortSink<'a> {
    keys: &'a [SortKey],
    rows: Vec<(Vec<Value>, Row)>,
    down: &'a mut dyn Sink,
    /// What the held rows and keys take, charged to the run's memory budget.
    meter: Meter,
}

impl<'a> SortSink<'a> {
    /// The sort at `span`, sending its ordered rows to `down`.
    pub fn new(op: &'a Sort, span: Span, down: &'a mut dyn Sink) -> Self {
        SortSink {
            keys: &op.keys,
            rows: Vec::new(),
            down,
            meter: Meter::new("sort (its input rows)", span),
        }
    }
}

/// Orders two key tuples by the sort keys' directions and null placement.
pub fn compare_keys(keys: &[SortKey], a: &[Value], b: &[Value]) -> Ordering {
    for (k, (x, y)) in keys.iter().zip(a.iter().zip(b)) {
        let ord = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if k.nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, true) => {
                if k.nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, false) => {
                let o = x.total_cmp(y);
                if k.descending { o.reverse() } else { o }
            }
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

impl Sink for SortSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let key = self
            .keys
            .iter()
            .map(|k| eval(&k.expr, &row, cx))
            .collect::<Result<Vec<_>>>()?;
        self.meter.add(row_bytes(&key) + row_bytes(&row), cx)?;
        self.rows.push((key, row));
        Ok(Flow::Continue)
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        let keys = self.keys;
        self.rows.sort_by(|a, b| compare_keys(keys, &a.0, &b.0));
        for (_, row) in std::mem::take(&mut self.rows) {
            if self.down.push(row, cx)? == Flow::Stop {
                break;
            }
        }
        self.meter.release();
        self.down.finish(cx)
    }
}
