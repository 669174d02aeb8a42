//! percentile, percentiles, percentiles_array: exact nearest-rank percentiles
//! (docs: kusto/query/percentiles-aggregation-function; Kusto estimates with
//! T-Digest, whose results approach these). The P-th percentile is the smallest
//! value with at least P% of the values at or below it; the 0th is the minimum.
//! The weighted forms (`percentilew`, `percentilesw`, `percentilesw_array`) count each
//! value as many times as its weight (percentilesw-aggregation-function).

use super::same;
use crate::functions::registry::Accumulator;
use crate::value::{Row, Value};
use serde_json::Value as J;
use std::any::Any;

/// How the requested percentiles are output.
#[derive(Clone, Copy, PartialEq)]
enum Output {
    /// One value per percentile.
    Columns,
    /// One dynamic array.
    Array,
}

struct Percentiles {
    wanted: Vec<f64>,
    output: Output,
    /// Whether argument 1 is each value's weight (the `w` forms).
    weighted: bool,
    /// Each value with its weight (1 for the unweighted forms).
    values: Vec<(Value, i64)>,
}

/// A value a percentile can be taken of (numbers, datetimes, timespans).
fn orderable(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::Dynamic(d) if d.is_number() => Some(Value::from_json_scalar(d)),
        v @ (Value::Long(_) | Value::Real(_) | Value::DateTime(_) | Value::TimeSpan(_)) => {
            Some(v.clone())
        }
        _ => None,
    }
}

impl Accumulator for Percentiles {
    fn update(&mut self, args: &[Value]) {
        let weight = if self.weighted {
            args.get(1).and_then(Value::as_i64).unwrap_or(0)
        } else {
            1
        };
        if let Some(v) = orderable(args.first()).filter(|_| weight > 0) {
            self.values.push((v, weight));
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<Percentiles>(other) {
            self.values.extend(o.values);
        }
    }
    fn finish(&self, out: &mut Row) {
        let mut sorted = self.values.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        let picks = self.wanted.iter().map(|p| nearest_rank(&sorted, *p));
        match self.output {
            Output::Columns => out.extend(picks),
            Output::Array => out.push(Value::dynamic(J::Array(
                picks.map(|v| v.to_json()).collect(),
            ))),
        }
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// The nearest-rank percentile of sorted weighted values (null when there are none):
/// the first value whose running weight reaches P% of the total.
fn nearest_rank(sorted: &[(Value, i64)], p: f64) -> Value {
    if sorted.is_empty() || !p.is_finite() {
        return Value::Null;
    }
    let total: f64 = sorted.iter().map(|(_, w)| *w as f64).sum();
    let rank = (p.clamp(0.0, 100.0) / 100.0 * total).ceil().max(1.0);
    let mut running = 0.0;
    for (v, w) in sorted {
        running += *w as f64;
        if running >= rank {
            return v.clone();
        }
    }
    sorted.last().map_or(Value::Null, |(v, _)| v.clone())
}

/// The requested percentiles: constant arguments from `from` on (a non-constant one
/// reads as NaN and yields null), or one dynamic array.
fn requested(consts: &[Value], from: usize) -> Vec<f64> {
    let rest = consts.get(from..).unwrap_or_default();
    match rest {
        [Value::Dynamic(d)] if d.is_array() => d
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(J::as_f64)
            .collect(),
        _ => rest
            .iter()
            .map(|v| v.as_f64().unwrap_or(f64::NAN))
            .collect(),
    }
}

fn percentiles_of(consts: &[Value], output: Output, weighted: bool) -> Box<dyn Accumulator> {
    Box::new(Percentiles {
        wanted: requested(consts, if weighted { 2 } else { 1 }),
        output,
        weighted,
        values: Vec::new(),
    })
}

pub fn percentile(consts: &[Value]) -> Box<dyn Accumulator> {
    percentiles_of(consts, Output::Columns, false)
}
pub fn percentiles(consts: &[Value]) -> Box<dyn Accumulator> {
    percentiles_of(consts, Output::Columns, false)
}
pub fn percentiles_array(consts: &[Value]) -> Box<dyn Accumulator> {
    percentiles_of(consts, Output::Array, false)
}
pub fn percentilesw(consts: &[Value]) -> Box<dyn Accumulator> {
    percentiles_of(consts, Output::Columns, true)
}
pub fn percentilesw_array(consts: &[Value]) -> Box<dyn Accumulator> {
    percentiles_of(consts, Output::Array, true)
}
