//! Whole-series statistics: series_stats(_dynamic), sum, product, magnitude, dot
//! product, cosine similarity, Pearson correlation (their Kusto function pages).

use super::num::{Num, real_json, real_value, scalar, series};
use crate::functions::args;
use crate::value::Value;
use serde_json::{Map, Value as J};

/// The statistic names of `series_stats` in its documented column order.
pub const STATS: [&str; 7] = [
    "min", "min_idx", "max", "max_idx", "avg", "stdev", "variance",
];

/// `series_stats_dynamic(x [, ignore_nonfinite])`: a bag of min, min_idx, max, max_idx,
/// avg, stdev, variance (sample), sum and len. A non-finite or non-numeric element
/// makes every statistic null unless `ignore_nonfinite` is true.
pub fn stats_dynamic(a: &[Value]) -> Value {
    let Some(items) = series(a, 0) else {
        return Value::Null;
    };
    let ignore = args::arg(a, 1).as_bool().unwrap_or(false);
    let len = items.len();
    let finite: Vec<(usize, f64)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.map(|x| (i, x.f64())).filter(|(_, x)| x.is_finite()))
        .collect();
    let mut bag = Map::new();
    if finite.is_empty() || (!ignore && finite.len() < len) {
        for key in STATS.iter().chain(&["sum"]) {
            bag.insert(key.to_string(), J::Null);
        }
        bag.insert("len".into(), J::from(len));
        return Value::dynamic(J::Object(bag));
    }
    let first_by = |better: fn(f64, f64) -> bool| {
        finite.iter().fold(
            finite[0],
            |best, &x| if better(x.1, best.1) { x } else { best },
        )
    };
    let (min_idx, min) = first_by(|x, best| x < best);
    let (max_idx, max) = first_by(|x, best| x > best);
    let values: Vec<f64> = finite.iter().map(|p| p.1).collect();
    let sum: f64 = values.iter().sum();
    let avg = sum / values.len() as f64;
    let variance = sample_variance(&values);
    bag.insert("min".into(), real_json(min));
    bag.insert("min_idx".into(), J::from(min_idx));
    bag.insert("max".into(), real_json(max));
    bag.insert("max_idx".into(), J::from(max_idx));
    bag.insert("avg".into(), real_json(avg));
    bag.insert("stdev".into(), real_json(variance.sqrt()));
    bag.insert("variance".into(), real_json(variance));
    bag.insert("sum".into(), real_json(sum));
    bag.insert("len".into(), J::from(len));
    Value::dynamic(J::Object(bag))
}

/// The sample variance (divided by n - 1; 0 for a single value).
pub fn sample_variance(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return 0.0;
    }
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64
}

/// The numeric elements of argument 0, or null when it is not an array.
fn numbers(a: &[Value]) -> Option<Vec<f64>> {
    series(a, 0).map(|s| s.into_iter().flatten().map(Num::f64).collect())
}

pub fn sum(a: &[Value]) -> Value {
    numbers(a).map_or(Value::Null, |xs| real_value(xs.iter().sum()))
}

pub fn product(a: &[Value]) -> Value {
    numbers(a).map_or(Value::Null, |xs| real_value(xs.iter().product()))
}

/// `series_magnitude(x)`: the square root of the sum of squares.
pub fn magnitude(a: &[Value]) -> Value {
    numbers(a).map_or(Value::Null, |xs| {
        real_value(xs.iter().map(|x| x * x).sum::<f64>().sqrt())
    })
}

/// The numeric pairs of two series (a scalar broadcast), truncated to the shorter one,
/// pairs with a non-numeric element ignored; `None` when either is empty.
fn truncated_pairs(a: &[Value]) -> Option<Vec<(f64, f64)>> {
    let (left, right) = (series(a, 0), series(a, 1));
    let pairs: Vec<(Option<Num>, Option<Num>)> = match (left, right) {
        (Some(l), Some(r)) => l.into_iter().zip(r).collect(),
        (Some(l), None) => l.into_iter().map(|x| (x, scalar(a, 1))).collect(),
        (None, Some(r)) => r.into_iter().map(|y| (scalar(a, 0), y)).collect(),
        (None, None) => return None,
    };
    if pairs.is_empty() {
        return None;
    }
    Some(
        pairs
            .into_iter()
            .filter_map(|(x, y)| Some((x?.f64(), y?.f64())))
            .collect(),
    )
}

pub fn dot_product(a: &[Value]) -> Value {
    truncated_pairs(a).map_or(Value::Null, |p| {
        real_value(p.iter().map(|(x, y)| x * y).sum())
    })
}

/// `series_cosine_similarity(s1, s2 [, magnitude1, magnitude2])`.
pub fn cosine_similarity(a: &[Value]) -> Value {
    let Some(pairs) = truncated_pairs(a) else {
        return Value::Null;
    };
    let dot: f64 = pairs.iter().map(|(x, y)| x * y).sum();
    let m1 = args::real(a, 2).unwrap_or_else(|| norm(pairs.iter().map(|p| p.0)));
    let m2 = args::real(a, 3).unwrap_or_else(|| norm(pairs.iter().map(|p| p.1)));
    real_value(dot / (m1 * m2))
}

fn norm(xs: impl Iterator<Item = f64>) -> f64 {
    xs.map(|x| x * x).sum::<f64>().sqrt()
}

/// `series_pearson_correlation(s1, s2)`: null when the lengths differ or an element is
/// not numeric.
pub fn pearson_correlation(a: &[Value]) -> Value {
    let (Some(left), Some(right)) = (series(a, 0), series(a, 1)) else {
        return Value::Null;
    };
    if left.len() != right.len() || left.is_empty() {
        return Value::Null;
    }
    let xs: Option<Vec<f64>> = left.iter().map(|x| x.map(Num::f64)).collect();
    let ys: Option<Vec<f64>> = right.iter().map(|y| y.map(Num::f64)).collect();
    match (xs, ys) {
        (Some(xs), Some(ys)) => pearson(&xs, &ys).map_or(Value::Null, real_value),
        _ => Value::Null,
    }
}

/// The Pearson correlation of two equally long samples; `None` when either is constant.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len().min(ys.len());
    if n < 2 {
        return None;
    }
    let mx = xs[..n].iter().sum::<f64>() / n as f64;
    let my = ys[..n].iter().sum::<f64>() / n as f64;
    let (mut cov, mut vx, mut vy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        cov += (x - mx) * (y - my);
        vx += (x - mx).powi(2);
        vy += (y - my).powi(2);
    }
    (vx > 0.0 && vy > 0.0).then(|| cov / (vx * vy).sqrt())
}
