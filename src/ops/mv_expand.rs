//! `mv-expand`: one output row per element of dynamic arrays (several arrays expand in
//! parallel, the shorter padded with null). A bag expands to one `{key: value}` bag per
//! property; a non-array value stays as one row; an empty array gives no row.

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::tabular::mv_expand::{Expansion, MvExpand};
use crate::value::{Row, Type, Value};

/// The elements of one value for expansion: an array's own elements (borrowed), a bag's
/// properties as elements, or the value itself once.
enum Elements<'v> {
    Array(&'v [serde_json::Value]),
    Bag(Vec<serde_json::Value>),
    Itself,
}

impl<'v> Elements<'v> {
    fn of(v: &'v Value, bag_as_array: bool) -> Elements<'v> {
        let Value::Dynamic(d) = v else {
            return Elements::Itself;
        };
        match &**d {
            serde_json::Value::Array(items) => Elements::Array(items),
            serde_json::Value::Object(map) if bag_as_array => {
                Elements::Bag(map.iter().map(|(k, v)| serde_json::json!([k, v])).collect())
            }
            serde_json::Value::Object(map) => Elements::Bag(
                map.iter()
                    .map(|(k, v)| serde_json::json!({ k: v }))
                    .collect(),
            ),
            _ => Elements::Itself,
        }
    }

    fn len(&self) -> usize {
        match self {
            Elements::Array(items) => items.len(),
            Elements::Bag(items) => items.len(),
            Elements::Itself => 1,
        }
    }

    /// Element `k` as type `to` (`value` is the whole value, for [`Elements::Itself`]).
    fn get(&self, k: usize, value: &Value, to: Type) -> Value {
        let json = match self {
            Elements::Array(items) => items.get(k),
            Elements::Bag(items) => items.get(k),
            Elements::Itself if k == 0 => return cast(value.clone(), to),
            Elements::Itself => return Value::Null,
        };
        match json {
            None => Value::Null,
            // A number or bool converts as its plain value would (`tolong` and the like
            // read a dynamic scalar as that value), without wrapping it first.
            Some(j @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)))
                if to != Type::Dynamic =>
            {
                Value::from_json_scalar(j).cast(to)
            }
            Some(j) => cast(Value::dynamic(j.clone()), to),
        }
    }
}

fn cast(value: Value, to: Type) -> Value {
    if to == Type::Dynamic {
        value
    } else {
        value.cast(to)
    }
}

/// The rows `mv-expand` makes of one input row, collected.
pub fn expand_row(op: &Expansion, row: &Row, cx: &ExecContext) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    expand_each(op, row.clone(), cx, &mut |r| {
        out.push(r);
        Ok(Flow::Continue)
    })?;
    Ok(out)
}

/// Sends the rows `mv-expand` makes of one input row to `each`, in order, until it
/// says stop. Each is the input row (the expanded columns replaced, or appended) made
/// one at a time, so a large array is never held twice.
pub fn expand_each(
    op: &Expansion,
    mut row: Row,
    cx: &ExecContext,
    each: &mut dyn FnMut(Row) -> Result<Flow>,
) -> Result<Flow> {
    let Expansion {
        items,
        with_index,
        limit,
        bag_as_array,
    } = op;
    let values = items
        .iter()
        .map(|i| eval(&i.expr, &row, cx))
        .collect::<Result<Vec<_>>>()?;
    // The replaced columns are set anew in each row: not copied along with it.
    for i in items.iter().filter_map(|i| i.replaces) {
        if let Some(slot) = row.get_mut(i) {
            *slot = Value::Null;
        }
    }
    let lists: Vec<Elements> = (values.iter())
        .map(|v| Elements::of(v, *bag_as_array))
        .collect();
    let len = lists.iter().map(Elements::len).max().unwrap_or(0);
    let len = limit.map_or(len, |l| len.min(l));
    for k in 0..len {
        let mut new_row = Vec::with_capacity(row.len() + items.len() + 1);
        new_row.extend(row.iter().cloned());
        for ((item, list), value) in items.iter().zip(&lists).zip(&values) {
            let element = list.get(k, value, item.to);
            match item.replaces {
                Some(i) => new_row[i] = element,
                None => new_row.push(element),
            }
        }
        if *with_index {
            new_row.push(Value::Long(k as i64));
        }
        if each(new_row)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
    }
    Ok(Flow::Continue)
}

pub struct MvExpandSink<'a> {
    op: &'a MvExpand,
    down: &'a mut dyn Sink,
}

impl<'a> MvExpandSink<'a> {
    /// The `mv-expand`, sending its rows to `down` as it makes them.
    pub fn new(op: &'a MvExpand, down: &'a mut dyn Sink) -> Self {
        MvExpandSink { op, down }
    }
}

impl Sink for MvExpandSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let down = &mut *self.down;
        expand_each(&self.op.expansion, row, cx, &mut |out| {
            cx.tick()?;
            down.push(out, cx)
        })
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}
