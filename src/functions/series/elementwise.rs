//! Element-wise series arithmetic, comparisons and one-argument math (series-add,
//! series-greater, series-abs, … function pages). A scalar argument is used for every
//! element; a missing or non-numeric element, or one past the shorter array, gives null.

use super::num::{Num, num_array, scalar, series};
use crate::value::Value;
use serde_json::Value as J;

/// The two operands lined up element by element; null when neither is an array.
fn pairs(a: &[Value]) -> Option<Vec<(Option<Num>, Option<Num>)>> {
    let (left, right) = (series(a, 0), series(a, 1));
    let len = match (&left, &right) {
        (Some(l), Some(r)) => l.len().max(r.len()),
        (Some(l), None) => l.len(),
        (None, Some(r)) => r.len(),
        (None, None) => return None,
    };
    let side = |s: &Option<Vec<Option<Num>>>, i: usize, arg: usize| match s {
        Some(items) => items.get(i).copied().flatten(),
        None => scalar(a, arg),
    };
    Some(
        (0..len)
            .map(|i| (side(&left, i, 0), side(&right, i, 1)))
            .collect(),
    )
}

/// Whole-number operations stay whole (null on overflow); otherwise real.
pub fn arithmetic(
    a: &[Value],
    whole: fn(i64, i64) -> Option<i64>,
    real: fn(f64, f64) -> f64,
) -> Value {
    let Some(pairs) = pairs(a) else {
        return Value::Null;
    };
    num_array(pairs.into_iter().map(|p| match p {
        (Some(Num::Long(x)), Some(Num::Long(y))) => whole(x, y).map(Num::Long),
        (Some(x), Some(y)) => Some(Num::Real(real(x.f64(), y.f64()))),
        _ => None,
    }))
}

/// Operations whose result is always real (`series_divide`, `series_pow`).
pub fn real_arithmetic(a: &[Value], real: fn(f64, f64) -> f64) -> Value {
    let Some(pairs) = pairs(a) else {
        return Value::Null;
    };
    num_array(pairs.into_iter().map(|p| match p {
        (Some(x), Some(y)) => Some(Num::Real(real(x.f64(), y.f64()))),
        _ => None,
    }))
}

/// Element-wise comparison into an array of booleans.
pub fn compare(a: &[Value], test: fn(std::cmp::Ordering) -> bool) -> Value {
    let Some(pairs) = pairs(a) else {
        return Value::Null;
    };
    let items = pairs.into_iter().map(|p| match p {
        (Some(Num::Long(x)), Some(Num::Long(y))) => J::Bool(test(x.cmp(&y))),
        (Some(x), Some(y)) => x
            .f64()
            .partial_cmp(&y.f64())
            .map_or(J::Bool(false), |o| J::Bool(test(o))),
        _ => J::Null,
    });
    Value::dynamic(J::Array(items.collect()))
}

/// A one-argument function applied to every element; whole numbers go through `whole`
/// when given (keeping their type), through `real` otherwise.
pub fn unary(a: &[Value], whole: Option<fn(i64) -> Option<i64>>, real: fn(f64) -> f64) -> Value {
    let Some(items) = series(a, 0) else {
        return Value::Null;
    };
    num_array(items.into_iter().map(|x| match (x, whole) {
        (Some(Num::Long(n)), Some(f)) => f(n).map(Num::Long),
        (Some(x), _) => Some(Num::Real(real(x.f64()))),
        (None, _) => None,
    }))
}
