//! ES|QL multi-value statistics (<https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/mv-functions>):
//! MV_PERCENTILE, MV_MEDIAN_ABSOLUTE_DEVIATION and MV_PSERIES_WEIGHTED_SUM. Integers
//! give integers where the reference's type table says so; null in, null out.

use super::{entry, values_of};
use crate::functions::args::arg;
use crate::functions::registry::{EvalContext, ReturnType, ScalarFunction};
use crate::value::{Type, Value};

/// The values of a numeric multi-value, sorted, and whether all are integers.
fn sorted_numbers(v: &Value) -> Option<(Vec<f64>, bool)> {
    let values = values_of(v);
    if values.is_empty() {
        return None;
    }
    let ints = values.iter().all(|v| matches!(v, Value::Long(_)));
    let mut n: Vec<f64> = values.iter().map(Value::as_f64).collect::<Option<_>>()?;
    n.sort_by(f64::total_cmp);
    Some((n, ints))
}

/// The median of sorted numbers (integers: the mean of the middle two, rounded towards 0).
fn median(n: &[f64], ints: bool) -> f64 {
    let m = n.len() / 2;
    let mid = if n.len() % 2 == 1 {
        n[m]
    } else {
        (n[m - 1] + n[m]) / 2.0
    };
    if ints { mid.trunc() } else { mid }
}

fn number(x: f64, ints: bool) -> Value {
    if ints {
        Value::Long(x as i64)
    } else {
        Value::Real(x)
    }
}

/// `mv_percentile(number, percentile)`: linear interpolation between the closest ranks
/// (as the PERCENTILE aggregate on a small set); integers give an integer when exact.
fn mv_percentile(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some((n, ints)), Some(p)) = (sorted_numbers(arg(a, 0)), arg(a, 1).as_f64()) else {
        return Ok(Value::Null);
    };
    // "Numbers out of range will return a null instead."
    if !(0.0..=100.0).contains(&p) {
        return Ok(Value::Null);
    }
    let rank = p / 100.0 * (n.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    let x = n[lo] + (n[hi] - n[lo]) * (rank - lo as f64);
    Ok(number(if ints { x.floor() } else { x }, ints))
}

/// `mv_median_absolute_deviation(number)`: the median of the deviations from the median.
fn mv_median_absolute_deviation(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some((n, ints)) = sorted_numbers(arg(a, 0)) else {
        return Ok(Value::Null);
    };
    let m = median(&n, ints);
    let mut deviations: Vec<f64> = n.iter().map(|x| (x - m).abs()).collect();
    deviations.sort_by(f64::total_cmp);
    Ok(number(median(&deviations, ints), ints))
}

/// `mv_pseries_weighted_sum(number, p)`: the values sorted descending, the i-th
/// (from 1) weighted by 1 / i^p, summed.
fn mv_pseries_weighted_sum(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some((n, _)), Some(p)) = (sorted_numbers(arg(a, 0)), arg(a, 1).as_f64()) else {
        return Ok(Value::Null);
    };
    let sum: f64 = n
        .iter()
        .rev()
        .enumerate()
        .map(|(i, x)| x / ((i + 1) as f64).powf(p))
        .sum();
    Ok(Value::Real(sum))
}

/// The functions of this module.
pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "mv_percentile",
        (2, 2),
        "(number, percentile) -> number",
        ReturnType::SameAs(0),
        mv_percentile,
        "The percentile of a multi-value's values.",
    ),
    entry(
        "mv_median_absolute_deviation",
        (1, 1),
        "(number) -> number",
        ReturnType::SameAs(0),
        mv_median_absolute_deviation,
        "The median absolute deviation of a multi-value's values.",
    ),
    entry(
        "mv_pseries_weighted_sum",
        (2, 2),
        "(number: double, p: double) -> double",
        ReturnType::Fixed(Type::Real),
        mv_pseries_weighted_sum,
        "The values sorted descending, weighted by 1/i^p, summed.",
    ),
];
