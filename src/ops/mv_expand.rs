//! `mv-expand`: one output row per element of dynamic arrays (several arrays expand in
//! parallel, the shorter padded with null). A bag expands to one `{key: value}` bag per
//! property; a non-array value stays as one row; an empty array gives no row.

use crate::diagnostic::Result;
use crate::exec::budget::{Meter, row_bytes};
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::tabular::mv_expand::{Expansion, MvExpand};
use crate::source::Span;
use crate::value::{Row, Type, Value};

/// The elements of one value for expansion (`None`: the value itself, once).
fn elements(v: &Value, bag_as_array: bool) -> Option<Vec<serde_json::Value>> {
    match v {
        Value::Dynamic(d) => match &**d {
            serde_json::Value::Array(items) => Some(items.clone()),
            serde_json::Value::Object(map) if bag_as_array => {
                Some(map.iter().map(|(k, v)| serde_json::json!([k, v])).collect())
            }
            serde_json::Value::Object(map) => Some(
                map.iter()
                    .map(|(k, v)| serde_json::json!({ k: v }))
                    .collect(),
            ),
            _ => None,
        },
        _ => None,
    }
}

/// The rows `mv-expand` makes of one input row.
pub fn expand_row(op: &Expansion, row: &Row, cx: &ExecContext) -> Result<Vec<Row>> {
    let Expansion {
        items,
        with_index,
        limit,
        bag_as_array,
    } = op;
    let values = items
        .iter()
        .map(|i| eval(&i.expr, row, cx))
        .collect::<Result<Vec<_>>>()?;
    let lists: Vec<Option<Vec<serde_json::Value>>> =
        values.iter().map(|v| elements(v, *bag_as_array)).collect();
    let len = lists
        .iter()
        .map(|l| l.as_ref().map_or(1, Vec::len))
        .max()
        .unwrap_or(0);
    let len = limit.map_or(len, |l| len.min(l));
    let mut out = Vec::with_capacity(len);
    for k in 0..len {
        let mut new_row = row.clone();
        for ((item, list), value) in items.iter().zip(&lists).zip(&values) {
            let element = match list {
                Some(l) => l.get(k).map_or(Value::Null, |e| Value::dynamic(e.clone())),
                None if k == 0 => value.clone(),
                None => Value::Null,
            };
            let element = if item.to == Type::Dynamic {
                element
            } else {
                element.cast(item.to)
            };
            match item.replaces {
                Some(i) => new_row[i] = element,
                None => new_row.push(element),
            }
        }
        if *with_index {
            new_row.push(Value::Long(k as i64));
        }
        out.push(new_row);
    }
    Ok(out)
}

pub struct MvExpandSink<'a> {
    op: &'a MvExpand,
    down: &'a mut dyn Sink,
    /// The rows made of the current input row, held until they are sent down.
    meter: Meter,
}

impl<'a> MvExpandSink<'a> {
    /// The `mv-expand` at `span`, sending its rows to `down`.
    pub fn new(op: &'a MvExpand, span: Span, down: &'a mut dyn Sink) -> Self {
        MvExpandSink {
            op,
            down,
            meter: Meter::new("mv-expand (the rows made of one input row)", span),
        }
    }
}

impl Sink for MvExpandSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let rows = expand_row(&self.op.expansion, &row, cx)?;
        if rows.len() > 1 {
            self.meter.add(rows.iter().map(row_bytes).sum(), cx)?;
        }
        let mut flow = Flow::Continue;
        for out in rows {
            cx.tick()?;
            if self.down.push(out, cx)? == Flow::Stop {
                flow = Flow::Stop;
                break;
            }
        }
        self.meter.release();
        Ok(flow)
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}
