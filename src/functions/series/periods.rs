//! Period detection: series_periods_detect, series_periods_validate and the seasonal
//! component (series_seasonal). Kusto documents what a period is (4 points or more, at
//! most half the series) and that scores lie in [0, 1], not how they are computed; kqlc
//! scores period p by the Pearson correlation of the series with itself shifted by p
//! (negative correlations score 0) and asks for more than two whole periods of data.
//! Detection keeps the local maxima of that score that are not multiples of a shorter
//! such period. The README says so.

use super::num::{median, real_array, reals};
use super::stats::pearson;
use crate::functions::args;
use crate::value::Value;
use serde_json::json;

/// The score that `series_seasonal` needs to accept a detected period (its page: 0.7).
pub const SEASONAL_THRESHOLD: f64 = 0.7;

/// The score of period `p` in `xs` (0 outside 4..n/2).
pub fn score(xs: &[f64], p: usize) -> f64 {
    if p < 4 { 0.0 } else { correlation(xs, p) }
}

/// The correlation of `xs` with itself shifted by `p` (0 when negative, or when the
/// series holds two periods or fewer).
fn correlation(xs: &[f64], p: usize) -> f64 {
    let n = xs.len();
    if p == 0 || p.saturating_mul(2) >= n {
        return 0.0;
    }
    let pairs: (Vec<f64>, Vec<f64>) = xs[..n - p]
        .iter()
        .zip(&xs[p..])
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(a, b)| (*a, *b))
        .unzip();
    pearson(&pairs.0, &pairs.1).map_or(0.0, |r| r.max(0.0))
}

/// The periods between `min` and `max` bins, best first, with their scores; each a local
/// maximum of the score, not a multiple of a shorter one, and scoring at least `floor`.
pub fn detect(xs: &[f64], min: f64, max: f64, floor: f64) -> Vec<(usize, f64)> {
    let lo = min.ceil().max(4.0) as usize;
    let hi = (max.floor().max(0.0) as usize).min(xs.len() / 2);
    if lo > hi {
        return Vec::new();
    }
    let scores: Vec<f64> = (0..=hi + 1).map(|p| correlation(xs, p)).collect();
    let peaks: Vec<(usize, f64)> = (lo..=hi)
        .filter(|&p| scores[p] >= floor && scores[p] > 0.0)
        .filter(|&p| scores[p] >= scores[p - 1] && scores[p] >= scores[p + 1])
        .map(|p| (p, scores[p]))
        .collect();
    let mut kept: Vec<(usize, f64)> = Vec::new();
    for (p, s) in peaks {
        if !kept.iter().any(|(q, _)| p.is_multiple_of(*q)) {
            kept.push((p, s));
        }
    }
    kept.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    kept
}

/// The period to use for `seasonality` (-1 detects with `threshold`; 0 or less: none).
pub fn period_of(xs: &[f64], seasonality: i64, threshold: f64) -> Option<usize> {
    match seasonality {
        -1 => detect(xs, 4.0, xs.len() as f64, threshold)
            .first()
            .map(|p| p.0),
        p if p > 0 => Some(p as usize),
        _ => None,
    }
}

/// The seasonal component: for each phase of `period`, the median of the learnt points
/// of that phase, repeated over all `n` points.
pub fn seasonal(xs: &[f64], learn: usize, period: usize, n: usize) -> Vec<f64> {
    let phases: Vec<f64> = (0..period)
        .map(|k| {
            let same: Vec<f64> = xs[..learn]
                .iter()
                .skip(k)
                .step_by(period)
                .copied()
                .collect();
            median(&same).unwrap_or(0.0)
        })
        .collect();
    (0..n).map(|i| phases[i % period]).collect()
}

/// `series_periods_detect(x, min_period, max_period, num_periods)`: two arrays of
/// `num_periods` entries, zero-padded.
pub fn periods_detect(a: &[Value]) -> Value {
    let (Some(xs), Some(min), Some(max), Some(count)) = (
        reals(a, 0),
        args::real(a, 1),
        args::real(a, 2),
        args::long(a, 3),
    ) else {
        return Value::Null;
    };
    let count = count.clamp(0, 1024) as usize;
    let found = detect(&xs, min, max, SEASONAL_THRESHOLD);
    let periods: Vec<f64> = (0..count)
        .map(|i| found.get(i).map_or(0.0, |p| p.0 as f64))
        .collect();
    let scores: Vec<f64> = (0..count)
        .map(|i| found.get(i).map_or(0.0, |p| p.1))
        .collect();
    Value::dynamic(json!({
        "periods": real_array(periods).to_json(),
        "scores": real_array(scores).to_json(),
    }))
}

/// `series_periods_validate(x, period1, …)`: the periods as given and their scores.
pub fn periods_validate(a: &[Value]) -> Value {
    let Some(xs) = reals(a, 0) else {
        return Value::Null;
    };
    let periods: Vec<f64> = (1..a.len()).filter_map(|i| args::real(a, i)).collect();
    let scores: Vec<f64> = periods
        .iter()
        .map(|&p| {
            if p.fract() == 0.0 && p > 0.0 {
                score(&xs, p as usize)
            } else {
                0.0
            }
        })
        .collect();
    Value::dynamic(json!({
        "periods": real_array(periods).to_json(),
        "scores": real_array(scores).to_json(),
    }))
}

/// `series_seasonal(x [, period])`: the seasonal component; a period of -1 (default) is
/// detected (score 0.7 or more), another non-positive one gives zeros.
pub fn series_seasonal(a: &[Value]) -> Value {
    let Some(xs) = reals(a, 0) else {
        return Value::Null;
    };
    let requested = args::long(a, 1).unwrap_or(-1);
    let n = xs.len();
    match period_of(&xs, requested, SEASONAL_THRESHOLD) {
        Some(p) if p > 0 && p <= n => real_array(seasonal(&xs, n, p, n)),
        _ => real_array(vec![0.0; n]),
    }
}
