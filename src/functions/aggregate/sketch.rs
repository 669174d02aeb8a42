//! `hll`, `hll_if` and `hll_merge` (hll-aggregation-function and siblings) and the
//! scalar `dcount_hll`. Kusto's sketch of few values is `[[1024, 14], [hashes], []]`:
//! the `hash()` of each distinct value, as text (the hll page's example shows
//! `hash(0)`, "3803688792395291579", for a group whose values are all 0). kqlc keeps
//! that exact form at any size, so `dcount_hll` counts exactly where Kusto estimates
//! (the two agree while Kusto's sketch is sparse); the hashes' order is kqlc's.

use super::{holds, same};
use crate::functions::registry::{Accumulator, EvalContext};
use crate::functions::string::xxhash64;
use crate::value::{Row, Value};
use serde_json::{Value as J, json};
use std::any::Any;
use std::collections::BTreeSet;

/// The precision Kusto records for an accuracy level (dcount-aggregation-function's
/// table: 0 → 2^12 … 4 → 2^18 cells; the default level 1 is 14).
fn precision(accuracy: Option<i64>) -> i64 {
    match accuracy {
        Some(0) => 12,
        Some(2) => 16,
        Some(3) => 17,
        Some(4) => 18,
        _ => 14,
    }
}

/// A sketch value as JSON (a dynamic, or its text); `None` when it is neither.
fn sketch_json(value: &Value) -> Option<J> {
    match value {
        Value::Dynamic(d) => Some((**d).clone()),
        Value::String(s) => serde_json::from_str(s).ok(),
        _ => None,
    }
}

/// The distinct hashes of a sketch value; `None` when it is not a sketch.
pub(crate) fn sketch_hashes(value: &Value) -> Option<BTreeSet<i64>> {
    hashes_of(&sketch_json(value)?)
}

/// The distinct hashes of a sketch's JSON; `None` when it is not a sketch.
fn hashes_of(json: &J) -> Option<BTreeSet<i64>> {
    let list = json.get(1)?.as_array()?;
    list.iter()
        .map(|h| match h {
            J::String(s) => s.parse().ok(),
            other => other.as_i64(),
        })
        .collect()
}

/// The sketch of a set of hashes.
fn sketch(precision: i64, hashes: &BTreeSet<i64>) -> Value {
    let list: Vec<J> = hashes.iter().map(|h| J::String(h.to_string())).collect();
    Value::dynamic(json!([[1024, precision], list, []]))
}

struct Hll {
    /// Argument index of the predicate (`hll_if`), if any.
    predicate: Option<usize>,
    /// Whether the input values are sketches to merge (`hll_merge`).
    merging: bool,
    precision: i64,
    hashes: BTreeSet<i64>,
}

impl Accumulator for Hll {
    fn update(&mut self, args: &[Value]) {
        let Some(v) = args.first().filter(|v| !v.is_null()) else {
            return;
        };
        if self.predicate.is_some_and(|i| !holds(args.get(i))) {
            return;
        }
        if self.merging {
            self.hashes.extend(sketch_hashes(v).unwrap_or_default());
        } else {
            self.hashes.insert(xxhash64(v));
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<Hll>(other) {
            self.hashes.extend(o.hashes);
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(sketch(self.precision, &self.hashes));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

fn hll_of(
    predicate: Option<usize>,
    merging: bool,
    accuracy: Option<&Value>,
) -> Box<dyn Accumulator> {
    Box::new(Hll {
        predicate,
        merging,
        precision: precision(accuracy.and_then(Value::as_i64)),
        hashes: BTreeSet::new(),
    })
}

pub fn hll(consts: &[Value]) -> Box<dyn Accumulator> {
    hll_of(None, false, consts.get(1))
}
pub fn hll_if(consts: &[Value]) -> Box<dyn Accumulator> {
    hll_of(Some(1), false, consts.get(2))
}
pub fn hll_merge(_: &[Value]) -> Box<dyn Accumulator> {
    hll_of(None, true, None)
}

/// `dcount_hll(sketch)`: the number of distinct values the sketch holds; null when the
/// value is not a sketch.
pub fn dcount_hll(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(args
        .first()
        .and_then(sketch_hashes)
        .map_or(Value::Null, |h| Value::Long(h.len() as i64)))
}

/// `hll_merge(hll, hll2, …)` (hll-merge-function, the scalar form): one sketch of the
/// values any of the sketches holds, at the lowest of their precisions (a finer sketch
/// merges into a coarser one, not the other way); arguments that are not sketches add
/// nothing, and with no sketch at all the result is null.
pub fn hll_merge_scalar(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let mut hashes = BTreeSet::new();
    let mut lowest: Option<i64> = None;
    for json in args.iter().filter_map(sketch_json) {
        let Some(its) = hashes_of(&json) else {
            continue;
        };
        hashes.extend(its);
        let precision = json.pointer("/0/1").and_then(J::as_i64).unwrap_or(14);
        lowest = Some(lowest.map_or(precision, |p| p.min(precision)));
    }
    Ok(lowest.map_or(Value::Null, |p| sketch(p, &hashes)))
}
