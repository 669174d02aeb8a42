//! Linear regression on a series: series_fit_line(_dynamic) and
//! series_fit_2lines(_dynamic) (their Kusto function pages). The line is fitted over
//! x = 1, 2, …, n, so `interception` is its value at x = 0 (series-fit-line docs:
//! y = [2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30] gives slope 2.730, interception
//! -1.666 and a line_fit starting at 1.064). Missing elements are left out of the fit.

use super::num::{real_json, reals};
use crate::value::Value;
use serde_json::{Map, Value as J, json};

/// One fitted line and its quality measures.
pub struct Line {
    pub rsquare: f64,
    pub slope: f64,
    pub interception: f64,
    /// Sample variance of the input.
    pub variance: f64,
    /// Residual variance: the sum of squared residuals over n - 1.
    pub rvariance: f64,
    /// The sum of squared residuals.
    pub residual_squares: f64,
    /// The sum of squared deviations from the mean.
    pub total_squares: f64,
    pub fitted: Vec<f64>,
}

/// Fits `ys` (NaN for missing) against x = 1..=n.
pub fn fit(ys: &[f64]) -> Line {
    let points: Vec<(f64, f64)> = ys
        .iter()
        .enumerate()
        .filter(|(_, y)| y.is_finite())
        .map(|(i, y)| ((i + 1) as f64, *y))
        .collect();
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let interception = my - slope * mx;
    let fitted: Vec<f64> = (1..=ys.len())
        .map(|x| interception + slope * x as f64)
        .collect();
    let residual_squares: f64 = points
        .iter()
        .map(|(x, y)| (y - (interception + slope * x)).powi(2))
        .sum();
    let total_squares: f64 = points.iter().map(|p| (p.1 - my).powi(2)).sum();
    let dof = (n - 1.0).max(1.0);
    Line {
        rsquare: rsquare(residual_squares, total_squares),
        slope,
        interception,
        variance: total_squares / dof,
        rvariance: residual_squares / dof,
        residual_squares,
        total_squares,
        fitted,
    }
}

/// 1 - residual / total; a constant series fits any flat line perfectly (1).
fn rsquare(residual: f64, total: f64) -> f64 {
    if total > 0.0 {
        1.0 - residual / total
    } else {
        1.0
    }
}

/// `series_fit_line_dynamic(x)`: rsquare, slope, variance, rvariance, interception,
/// line_fit.
pub fn line_dynamic(a: &[Value]) -> Value {
    let Some(ys) = reals(a, 0).filter(|ys| ys.iter().any(|y| y.is_finite())) else {
        return Value::Null;
    };
    let line = fit(&ys);
    let mut bag = line_bag(&line);
    bag.insert("line_fit".into(), fitted_json(&line.fitted));
    Value::dynamic(J::Object(bag))
}

fn line_bag(line: &Line) -> Map<String, J> {
    let mut bag = Map::new();
    bag.insert("rsquare".into(), real_json(line.rsquare));
    bag.insert("slope".into(), real_json(line.slope));
    bag.insert("variance".into(), real_json(line.variance));
    bag.insert("rvariance".into(), real_json(line.rvariance));
    bag.insert("interception".into(), real_json(line.interception));
    bag
}

fn fitted_json(values: &[f64]) -> J {
    J::Array(values.iter().map(|v| real_json(*v)).collect())
}

/// `series_fit_2lines_dynamic(x)`: tries every split into a left part `0..split_idx`
/// and a right part `split_idx..n` (each of two points or more), fits each part as
/// series_fit_line does, and keeps the split of the highest total r-square:
/// `{rsquare, split_idx, variance, rvariance, line_fit, left: {…}, right: {…}}`.
pub fn two_lines_dynamic(a: &[Value]) -> Value {
    let Some(ys) = reals(a, 0) else {
        return Value::Null;
    };
    let n = ys.len();
    if n < 4 {
        return Value::Null;
    }
    let whole = fit(&ys);
    let mut best: Option<(f64, usize, Line, Line)> = None;
    for split in 2..=n - 2 {
        let (left, right) = (fit(&ys[..split]), fit(&ys[split..]));
        let total = rsquare(
            left.residual_squares + right.residual_squares,
            whole.total_squares,
        );
        if best.as_ref().is_none_or(|b| total > b.0) {
            best = Some((total, split, left, right));
        }
    }
    let Some((rsquare, split, left, right)) = best else {
        return Value::Null;
    };
    let dof = (n as f64 - 1.0).max(1.0);
    let residual = left.residual_squares + right.residual_squares;
    let fitted: Vec<f64> = left.fitted.iter().chain(&right.fitted).copied().collect();
    Value::dynamic(json!({
        "rsquare": real_json(rsquare),
        "split_idx": split,
        "variance": real_json(whole.variance),
        "rvariance": real_json(residual / dof),
        "line_fit": fitted_json(&fitted),
        "right": J::Object(line_bag(&right)),
        "left": J::Object(line_bag(&left)),
    }))
}
