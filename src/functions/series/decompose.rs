//! Seasonal decomposition and what builds on it: series_decompose,
//! series_decompose_anomalies and series_decompose_forecast (their Kusto function
//! pages). The documented order: the seasonal component is the median of the points of
//! each phase; the trend is extracted from the deseasonalised series (`avg`: its mean,
//! `linefit`: a fitted line, `none`: 0); baseline = seasonal + trend; residual = x -
//! baseline. The last `test_points` points are left out of the learning and forecast.

use super::fit::fit;
use super::num::{real_array, reals};
use super::outliers::{Fences, scores};
use super::periods::{period_of, seasonal};
use crate::functions::args;
use crate::value::Value;
use serde_json::{Value as J, json};

/// The documented defaults: autodetected seasonality scoring 0.6 or more, `avg` trend.
const SEASONALITY_THRESHOLD: f64 = 0.6;

/// The four components, each as long as the series.
pub struct Decomposition {
    pub baseline: Vec<f64>,
    pub seasonal: Vec<f64>,
    pub trend: Vec<f64>,
    pub residual: Vec<f64>,
}

/// The decomposition's parameters as Kusto takes them.
pub struct Options<'a> {
    pub seasonality: i64,
    pub trend: &'a str,
    pub test_points: usize,
    pub threshold: f64,
}

/// Decomposes `xs` (NaN for missing).
pub fn decompose(xs: &[f64], o: &Options) -> Result<Decomposition, String> {
    let n = xs.len();
    let learn = n.saturating_sub(o.test_points).max(1).min(n);
    let period = period_of(&xs[..learn], o.seasonality, o.threshold).filter(|&p| p <= learn);
    let seasonal = match period {
        Some(p) if o.trend == "linefit" => linefit_seasonal(xs, learn, p),
        Some(p) => seasonal(xs, learn, p, n),
        None => vec![0.0; n],
    };
    let deseasoned: Vec<f64> = xs.iter().zip(&seasonal).map(|(x, s)| x - s).collect();
    let trend = match o.trend {
        "avg" | "" => {
            let known: Vec<f64> = deseasoned[..learn]
                .iter()
                .copied()
                .filter(|x| x.is_finite())
                .collect();
            let mean = if known.is_empty() {
                0.0
            } else {
                known.iter().sum::<f64>() / known.len() as f64
            };
            vec![mean; n]
        }
        "linefit" => {
            let line = fit(&deseasoned[..learn]);
            (1..=n)
                .map(|x| line.interception + line.slope * x as f64)
                .collect()
        }
        "none" => vec![0.0; n],
        other => {
            return Err(format!(
                "trend must be 'avg', 'linefit' or 'none', not '{other}'"
            ));
        }
    };
    let baseline: Vec<f64> = seasonal.iter().zip(&trend).map(|(s, t)| s + t).collect();
    let residual: Vec<f64> = xs.iter().zip(&baseline).map(|(x, b)| x - b).collect();
    Ok(Decomposition {
        baseline,
        seasonal,
        trend,
        residual,
    })
}

/// The phase medians of a trending series mix the trend into every phase, so with
/// `linefit` kqlc alternates: phase medians of the series less the current line, then
/// the line of the series less those medians, a few rounds (kqlc's choice; the docs
/// give only the order seasonal, then trend).
fn linefit_seasonal(xs: &[f64], learn: usize, period: usize) -> Vec<f64> {
    let n = xs.len();
    let line_of = |ys: &[f64]| {
        let line = fit(&ys[..learn]);
        (1..=n)
            .map(|x| line.interception + line.slope * x as f64)
            .collect::<Vec<f64>>()
    };
    let mut level = line_of(xs);
    let mut phases = vec![0.0; n];
    for _ in 0..ROUNDS {
        let flat: Vec<f64> = xs.iter().zip(&level).map(|(x, l)| x - l).collect();
        phases = seasonal(&flat, learn, period, n);
        let rest: Vec<f64> = xs.iter().zip(&phases).map(|(x, s)| x - s).collect();
        level = line_of(&rest);
    }
    phases
}

/// Rounds of [`linefit_seasonal`].
const ROUNDS: usize = 8;

/// Reads `seasonality, trend, test_points` at `at..` and the threshold at `threshold_at`.
fn options<'a>(
    a: &'a [Value],
    at: usize,
    test_at: Option<usize>,
    threshold_at: usize,
) -> Options<'a> {
    let trend = match args::arg(a, at + 1) {
        Value::String(s) => s,
        _ => "avg",
    };
    Options {
        seasonality: args::long(a, at).unwrap_or(-1),
        trend,
        test_points: test_at.and_then(|i| args::long(a, i)).unwrap_or(0).max(0) as usize,
        threshold: args::real(a, threshold_at).unwrap_or(SEASONALITY_THRESHOLD),
    }
}

/// `series_decompose(x [, seasonality, trend, test_points, seasonality_threshold])`:
/// `{baseline, seasonal, trend, residual}`.
pub fn series_decompose(a: &[Value]) -> Result<Value, String> {
    let Some(xs) = reals(a, 0) else {
        return Ok(Value::Null);
    };
    let d = decompose(&xs, &options(a, 1, Some(3), 4))?;
    Ok(Value::dynamic(json!({
        "baseline": array(&d.baseline),
        "seasonal": array(&d.seasonal),
        "trend": array(&d.trend),
        "residual": array(&d.residual),
    })))
}

fn array(xs: &[f64]) -> J {
    real_array(xs.iter().copied()).to_json()
}

/// `series_decompose_anomalies(x [, threshold, seasonality, trend, test_points,
/// ad_method, seasonality_threshold])`: `{ad_flag, ad_score, baseline}`. The score is
/// series_outliers of the residual (ctukey by default); the flag is +1 where the score
/// is above the threshold (1.5 by default), -1 where below its negative, else 0.
pub fn series_decompose_anomalies(a: &[Value]) -> Result<Value, String> {
    let Some(xs) = reals(a, 0) else {
        return Ok(Value::Null);
    };
    let k = args::real(a, 1).unwrap_or(1.5);
    let o = options(a, 2, Some(4), 6);
    let d = decompose(&xs, &o)?;
    let fences = Fences::of(&args::text(a, 5), None, None)?;
    let learn = xs.len().saturating_sub(o.test_points);
    let score = scores(&d.residual, learn, fences);
    let flags: Vec<J> = score
        .iter()
        .map(|&s| J::from(i64::from(s > k) - i64::from(s < -k)))
        .collect();
    Ok(Value::dynamic(json!({
        "ad_flag": flags,
        "ad_score": array(&score),
        "baseline": array(&d.baseline),
    })))
}

/// `series_decompose_forecast(x, points [, seasonality, trend, seasonality_threshold])`:
/// the baseline learnt without the last `points` points, over the whole series.
pub fn series_decompose_forecast(a: &[Value]) -> Result<Value, String> {
    let Some(xs) = reals(a, 0) else {
        return Ok(Value::Null);
    };
    let d = decompose(&xs, &options(a, 2, Some(1), 4))?;
    Ok(real_array(d.baseline))
}
