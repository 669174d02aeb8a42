//! percentile, percentiles, percentiles_array: exact nearest-rank percentiles
//! (docs: kusto/query/percentiles-aggregation-function; Kusto estimates with
//! T-Digest, whose results approach these). The P-th percentile is the smallest
//! value with at least P% of the values at or below it; the 0th is the minimum.

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
    values: Vec<Value>,
}

impl Accumulator for Percentiles {
    fn update(&mut self, args: &[Value]) {
        match args.first() {
            Some(Value::Dynamic(d)) if d.is_number() => {
                self.values.push(Value::from_json_scalar(d))
            }
            Some(
                v @ (Value::Long(_) | Value::Real(_) | Value::DateTime(_) | Value::TimeSpan(_)),
            ) => self.values.push(v.clone()),
            _ => {}
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<Percentiles>(other) {
            self.values.extend(o.values);
        }
    }
    fn finish(&self, out: &mut Row) {
        let mut sorted = self.values.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
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

/// The nearest-rank percentile of sorted values (null when there are none).
fn nearest_rank(sorted: &[Value], p: f64) -> Value {
    if sorted.is_empty() || !p.is_finite() {
        return Value::Null;
    }
    let n = sorted.len();
    let rank = (p.clamp(0.0, 100.0) / 100.0 * n as f64).ceil() as usize;
    sorted[rank.clamp(1, n) - 1].clone()
}

/// The requested percentiles: constant arguments from 1 on (a non-constant one
/// reads as NaN and yields null), or one dynamic array.
fn requested(consts: &[Value]) -> Vec<f64> {
    let rest = consts.get(1..).unwrap_or_default();
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

fn percentiles_of(consts: &[Value], output: Output) -> Box<dyn Accumulator> {
    Box::new(Percentiles {
        wanted: requested(consts),
        output,
        values: Vec::new(),
    })
}

pub fn percentile(consts: &[Value]) -> Box<dyn Accumulator> {
    percentiles_of(consts, Output::Columns)
}
pub fn percentiles(consts: &[Value]) -> Box<dyn Accumulator> {
    percentiles_of(consts, Output::Columns)
}
pub fn percentiles_array(consts: &[Value]) -> Box<dyn Accumulator> {
    percentiles_of(consts, Output::Array)
}
