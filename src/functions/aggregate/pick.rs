//! Row-picking aggregates: arg_max/arg_min (the row with the extreme value) and
//! take_any/any, take_anyif. They output every argument's value of the picked row.

use super::{holds, same};
use crate::functions::registry::Accumulator;
use crate::value::{Row, Value};
use std::any::Any;
use std::cmp::Ordering;

/// The row whose argument 0 is the extreme seen; a row with a null argument 0 is
/// kept only until a non-null one arrives (so an all-null group still gives its
/// first row, as the arg_max doc's example shows). Ties keep the earlier row.
struct ArgExtreme {
    keep: Ordering,
    width: usize,
    best: Option<Row>,
}

impl ArgExtreme {
    fn offer(&mut self, row: Row) {
        let replace = match (&self.best, row.first()) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(best), Some(key)) => match best.first() {
                Some(b) if !b.is_null() => !key.is_null() && key.total_cmp(b) == self.keep,
                _ => !key.is_null(),
            },
        };
        if replace {
            self.best = Some(row);
        }
    }
}

impl Accumulator for ArgExtreme {
    fn update(&mut self, args: &[Value]) {
        self.offer(args.to_vec());
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(row) = same::<ArgExtreme>(other).and_then(|o| o.best) {
            self.offer(row);
        }
    }
    fn finish(&self, out: &mut Row) {
        push_row(out, self.best.as_ref(), self.width);
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// Pushes the picked row's values, or `width` nulls when nothing was picked.
fn push_row(out: &mut Row, row: Option<&Row>, width: usize) {
    match row {
        Some(values) => out.extend(values.iter().cloned()),
        None => out.extend(std::iter::repeat_n(Value::Null, width)),
    }
}

/// `consts` has one entry per argument, so its length is the output width.
pub fn arg_max(consts: &[Value]) -> Box<dyn Accumulator> {
    Box::new(ArgExtreme {
        keep: Ordering::Greater,
        width: consts.len(),
        best: None,
    })
}

pub fn arg_min(consts: &[Value]) -> Box<dyn Accumulator> {
    Box::new(ArgExtreme {
        keep: Ordering::Less,
        width: consts.len(),
        best: None,
    })
}

/// One row of the group. With a single value argument, a row whose value is not
/// empty is preferred (take_any doc: "attempts to return a non-null/non-empty
/// value"); with several, the first row is kept as it is.
struct TakeAny {
    predicate: Option<usize>,
    width: usize,
    picked: Option<Row>,
}

impl TakeAny {
    fn prefers_non_empty(&self) -> bool {
        self.width == 1
    }

    fn offer(&mut self, row: Row) {
        let replace = match &self.picked {
            None => true,
            Some(current) => {
                self.prefers_non_empty()
                    && current.first().is_none_or(Value::is_empty)
                    && row.first().is_some_and(|v| !v.is_empty())
            }
        };
        if replace {
            self.picked = Some(row);
        }
    }
}

impl Accumulator for TakeAny {
    fn update(&mut self, args: &[Value]) {
        if self.predicate.is_some_and(|i| !holds(args.get(i))) {
            return;
        }
        self.offer(args[..self.width.min(args.len())].to_vec());
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(row) = same::<TakeAny>(other).and_then(|o| o.picked) {
            self.offer(row);
        }
    }
    fn finish(&self, out: &mut Row) {
        push_row(out, self.picked.as_ref(), self.width);
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn take_any(consts: &[Value]) -> Box<dyn Accumulator> {
    Box::new(TakeAny {
        predicate: None,
        width: consts.len().max(1),
        picked: None,
    })
}

pub fn take_anyif(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(TakeAny {
        predicate: Some(1),
        width: 1,
        picked: None,
    })
}
