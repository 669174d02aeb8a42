//! Counting aggregates: count, countif, dcount, dcountif.

use super::{holds, same};
use crate::functions::registry::Accumulator;
use crate::value::hash::FastSet;
use crate::value::{Row, Value};
use std::any::Any;

/// Rows counted, optionally only those whose predicate (argument `predicate`) holds.
struct Count {
    predicate: Option<usize>,
    n: i64,
}

impl Accumulator for Count {
    fn update(&mut self, args: &[Value]) {
        if self.predicate.is_none_or(|i| holds(args.get(i))) {
            self.n += 1;
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<Count>(other) {
            self.n += o.n;
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(Value::Long(self.n));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// `count()` counts every row (also `count(x)` with a null x, as Kusto does).
pub fn count(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Count {
        predicate: None,
        n: 0,
    })
}

pub fn countif(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Count {
        predicate: Some(0),
        n: 0,
    })
}

/// Distinct non-null values of argument 0 (empty strings count), kept exactly.
struct DistinctCount {
    predicate: Option<usize>,
    seen: FastSet<Value>,
}

impl Accumulator for DistinctCount {
    fn update(&mut self, args: &[Value]) {
        let Some(v) = args.first().filter(|v| !v.is_null()) else {
            return;
        };
        if self.predicate.is_none_or(|i| holds(args.get(i))) && !self.seen.contains(v) {
            self.seen.insert(v.clone());
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<DistinctCount>(other) {
            self.seen.extend(o.seen);
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(Value::Long(self.seen.len() as i64));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// `dcount(x)`: exact, where Kusto's HyperLogLog estimate is exact only at small
/// cardinalities; the accuracy argument is accepted and has nothing to tune.
pub fn dcount(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(DistinctCount {
        predicate: None,
        seen: FastSet::default(),
    })
}

pub fn dcountif(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(DistinctCount {
        predicate: Some(1),
        seen: FastSet::default(),
    })
}
