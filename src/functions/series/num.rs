//! Reading series arguments as numbers and writing numeric arrays back, shared by the
//! series functions (series functions take dynamic numeric arrays; non-numeric
//! elements read as missing).

use crate::functions::args;
use crate::value::Value;
use serde_json::Value as J;

/// One element of a series: whole numbers stay whole so integer arithmetic stays exact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Long(i64),
    Real(f64),
}

impl Num {
    pub fn f64(self) -> f64 {
        match self {
            Num::Long(n) => n as f64,
            Num::Real(r) => r,
        }
    }

    pub fn json(self) -> J {
        match self {
            Num::Long(n) => J::from(n),
            Num::Real(r) => real_json(r),
        }
    }
}

/// A real as JSON; non-finite reals (which JSON cannot hold) become null.
pub fn real_json(r: f64) -> J {
    serde_json::Number::from_f64(r).map_or(J::Null, J::Number)
}

/// A JSON element as a number: numbers, and strings holding numbers; others missing.
pub fn element(v: &J) -> Option<Num> {
    match v {
        J::Number(n) => n
            .as_i64()
            .map(Num::Long)
            .or_else(|| n.as_f64().map(Num::Real)),
        J::String(s) => s
            .trim()
            .parse::<i64>()
            .map(Num::Long)
            .ok()
            .or_else(|| s.trim().parse::<f64>().ok().map(Num::Real)),
        J::Bool(b) => Some(Num::Long(i64::from(*b))),
        _ => None,
    }
}

/// Argument `i` when it is an array: its elements as numbers (missing where not numeric).
pub fn series(a: &[Value], i: usize) -> Option<Vec<Option<Num>>> {
    match args::json(a, i).as_ref() {
        J::Array(items) => Some(items.iter().map(element).collect()),
        _ => None,
    }
}

/// Argument `i` as an array of reals (missing elements as NaN).
pub fn reals(a: &[Value], i: usize) -> Option<Vec<f64>> {
    series(a, i).map(|s| s.iter().map(|x| x.map_or(f64::NAN, Num::f64)).collect())
}

/// Argument `i` as a plain number, for a scalar given where a series is expected.
pub fn scalar(a: &[Value], i: usize) -> Option<Num> {
    match args::arg(a, i) {
        Value::Long(n) => Some(Num::Long(*n)),
        Value::Real(r) => Some(Num::Real(*r)),
        Value::Dynamic(d) if !d.is_array() => element(d),
        _ => None,
    }
}

/// A dynamic array of reals.
pub fn real_array(values: impl IntoIterator<Item = f64>) -> Value {
    Value::dynamic(J::Array(values.into_iter().map(real_json).collect()))
}

/// A dynamic array of optional numbers (missing as null).
pub fn num_array(values: impl IntoIterator<Item = Option<Num>>) -> Value {
    Value::dynamic(J::Array(
        values
            .into_iter()
            .map(|v| v.map_or(J::Null, Num::json))
            .collect(),
    ))
}

/// A real value, null when not finite.
pub fn real_value(r: f64) -> Value {
    if r.is_finite() {
        Value::Real(r)
    } else {
        Value::Null
    }
}

/// The median of finite `xs` (the mean of the two middle values for even counts).
pub fn median(xs: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}
