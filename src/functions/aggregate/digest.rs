//! `tdigest`, `tdigest_merge` and the scalar functions over their result
//! (`merge_tdigest`, `percentile_tdigest`, `percentiles_array_tdigest`,
//! `rank_tdigest`, `percentrank_tdigest`), per their docs pages. Kusto's digest of few
//! values is `[[7], [values], [weights]]`: each distinct value with its count (the
//! tdigest page's rows). kqlc keeps that exact form at any size, so its percentiles
//! and ranks are exact where Kusto's T-Digest estimates.

use super::same;
use crate::functions::args;
use crate::functions::registry::{Accumulator, EvalContext};
use crate::value::{Row, Value, time};
use serde_json::{Value as J, json};
use std::any::Any;

/// The centroids: each distinct value (in first-seen order) with its total weight.
#[derive(Default)]
struct Centroids {
    values: Vec<Value>,
    weights: Vec<i64>,
}

impl Centroids {
    fn add(&mut self, v: Value, w: i64) {
        match self
            .values
            .iter()
            .position(|x| x.kusto_eq(&v) == Some(true))
        {
            Some(i) => self.weights[i] = self.weights[i].saturating_add(w),
            None => {
                self.values.push(v);
                self.weights.push(w);
            }
        }
    }

    fn to_value(&self) -> Value {
        let values: Vec<J> = self.values.iter().map(Value::to_json).collect();
        Value::dynamic(json!([[7], values, self.weights]))
    }

    /// The values sorted, each with its weight.
    fn sorted(&self) -> Vec<(Value, i64)> {
        let mut pairs: Vec<(Value, i64)> = self
            .values
            .iter()
            .cloned()
            .zip(self.weights.iter().copied())
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        pairs
    }
}

/// A digest's value as text of a datetime or timespan, or as a number.
fn read_value(v: &J) -> Value {
    match v {
        J::String(s) => time::parse_datetime(s)
            .map(Value::DateTime)
            .or_else(|| time::parse_timespan(s).map(Value::TimeSpan))
            .unwrap_or_else(|| Value::string(s.as_str())),
        other => Value::from_json_scalar(other),
    }
}

/// The centroids of a digest value; `None` when it is not a digest.
fn read_digest(value: &Value) -> Option<Centroids> {
    let json = match value {
        Value::Dynamic(d) => (**d).clone(),
        Value::String(s) => serde_json::from_str(s).ok()?,
        _ => return None,
    };
    let values = json.get(1)?.as_array()?;
    let weights = json.get(2)?.as_array()?;
    let mut out = Centroids::default();
    for (v, w) in values.iter().zip(weights) {
        out.add(read_value(v), w.as_i64()?);
    }
    Some(out)
}

/// A value a digest can hold.
fn digestible(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::Dynamic(d) if d.is_number() => Some(Value::from_json_scalar(d)),
        v @ (Value::Long(_) | Value::Real(_) | Value::DateTime(_) | Value::TimeSpan(_)) => {
            Some(v.clone())
        }
        _ => None,
    }
}

struct Digest {
    /// Whether the inputs are digests to merge (`tdigest_merge`).
    merging: bool,
    centroids: Centroids,
}

impl Accumulator for Digest {
    fn update(&mut self, args: &[Value]) {
        if self.merging {
            if let Some(d) = args.first().and_then(read_digest) {
                for (v, w) in d.values.into_iter().zip(d.weights) {
                    self.centroids.add(v, w);
                }
            }
            return;
        }
        let weight = match args.get(1) {
            Some(w) => w.as_i64().unwrap_or(0),
            None => 1,
        };
        if let Some(v) = digestible(args.first()).filter(|_| weight > 0) {
            self.centroids.add(v, weight);
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<Digest>(other) {
            for (v, w) in o.centroids.values.into_iter().zip(o.centroids.weights) {
                self.centroids.add(v, w);
            }
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(self.centroids.to_value());
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn tdigest(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Digest {
        merging: false,
        centroids: Centroids::default(),
    })
}
pub fn tdigest_merge(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Digest {
        merging: true,
        centroids: Centroids::default(),
    })
}

/// `merge_tdigest(d1, d2, …)`: one digest of all.
pub fn merge_tdigest(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let mut all = Centroids::default();
    for d in a.iter().filter_map(read_digest) {
        for (v, w) in d.values.into_iter().zip(d.weights) {
            all.add(v, w);
        }
    }
    Ok(all.to_value())
}

/// The nearest-rank percentile of sorted weighted values.
fn percentile_of(sorted: &[(Value, i64)], p: f64) -> Value {
    let total: f64 = sorted.iter().map(|(_, w)| *w as f64).sum();
    if sorted.is_empty() || !p.is_finite() {
        return Value::Null;
    }
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

/// `percentile_tdigest(digest, p [, typeof(t)])`.
pub fn percentile_tdigest(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(d), Some(p)) = (a.first().and_then(read_digest), args::real(a, 1)) else {
        return Ok(Value::Null);
    };
    Ok(cast_to(percentile_of(&d.sorted(), p), a.get(2)))
}

/// A percentile cast to the type a `typeof()` argument names (`long`, `int`, `real`).
fn cast_to(v: Value, type_name: Option<&Value>) -> Value {
    match (type_name.and_then(Value::as_str), &v) {
        (Some("long" | "int"), Value::Real(r)) => Value::Long(*r as i64),
        (Some("real" | "double"), Value::Long(n)) => Value::Real(*n as f64),
        _ => v,
    }
}

/// `percentiles_array_tdigest(digest, p1, … | dynamic([…]) [, typeof(t)])`: an array.
pub fn percentiles_array_tdigest(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(d) = a.first().and_then(read_digest) else {
        return Ok(Value::Null);
    };
    let wanted: Vec<f64> = match a.get(1) {
        Some(Value::Dynamic(arr)) if arr.is_array() => arr
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(J::as_f64)
            .collect(),
        _ => a[1..].iter().filter_map(Value::as_f64).collect(),
    };
    let sorted = d.sorted();
    let picks = wanted.iter().map(|p| percentile_of(&sorted, *p).to_json());
    Ok(Value::dynamic(J::Array(picks.collect())))
}

/// The total weight of the digest's values at or below `value`; `None` for a
/// non-digest or a value that does not compare.
fn weight_at_or_below(a: &[Value]) -> Option<(f64, f64)> {
    let d = a.first().and_then(read_digest)?;
    let value = digestible(a.get(1))?;
    let total: f64 = d.weights.iter().map(|w| *w as f64).sum();
    let below = d
        .values
        .iter()
        .zip(&d.weights)
        .filter(|(v, _)| v.total_cmp(&value) != std::cmp::Ordering::Greater)
        .map(|(_, w)| *w as f64)
        .sum();
    Some((below, total))
}

/// `rank_tdigest(digest, value)` (rank-tdigest-function: in 1..1000 the rank of 685 is 685).
pub fn rank_tdigest(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(weight_at_or_below(a).map_or(Value::Null, |(below, _)| Value::Long(below as i64)))
}

/// `percentrank_tdigest(digest, value)`: the rank as a percentage of all values.
pub fn percentrank_tdigest(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match weight_at_or_below(a) {
        Some((below, total)) if total > 0.0 => Value::Real(below * 100.0 / total),
        _ => Value::Null,
    })
}
