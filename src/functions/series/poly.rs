//! Polynomial regression: series_fit_poly (series-fit-poly-function). The polynomial
//! of the given degree (default 1) is fitted by least squares to `y` against `x`
//! (default 1, 2, …, n, as series_fit_line, so degree 1 gives series_fit_line's line);
//! elements missing in either series are left out of the fit. `coefficients` go from
//! the highest power to the lowest; `variance` and `rvariance` divide by n - 1, as
//! series_fit_line's do.

use super::num::{real_array, real_json, reals};
use crate::functions::args;
use crate::value::Value;
use serde_json::{Map, Value as J};

/// `series_fit_poly(y [, x, degree])`: `{rsquare, coefficients, variance, rvariance,
/// poly_fit}`; null when `y` is not an array, `x` is not one of the same length, or
/// the degree is negative.
pub fn fit_poly(a: &[Value]) -> Value {
    let Some(ys) = reals(a, 0) else {
        return Value::Null;
    };
    let xs = match args::arg(a, 1) {
        Value::Null => (1..=ys.len()).map(|i| i as f64).collect(),
        _ => match reals(a, 1) {
            Some(xs) if xs.len() == ys.len() => xs,
            _ => return Value::Null,
        },
    };
    let degree = match args::arg(a, 2) {
        Value::Null => 1,
        v => match v.as_i64() {
            Some(d) if d >= 0 => d as usize,
            _ => return Value::Null,
        },
    };
    let points: Vec<(f64, f64)> = xs
        .iter()
        .zip(&ys)
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|(x, y)| (*x, *y))
        .collect();
    if points.is_empty() {
        return Value::Null;
    }
    // Lowest power first while solving.
    let coefficients = least_squares(&points, degree);
    let at = |x: f64| coefficients.iter().rev().fold(0.0, |acc, c| acc * x + c);
    let n = points.len() as f64;
    let mean = points.iter().map(|p| p.1).sum::<f64>() / n;
    let total: f64 = points.iter().map(|p| (p.1 - mean).powi(2)).sum();
    let residual: f64 = points.iter().map(|(x, y)| (y - at(*x)).powi(2)).sum();
    let dof = (n - 1.0).max(1.0);
    let rsquare = if total > 0.0 {
        1.0 - residual / total
    } else {
        1.0
    };
    let mut bag = Map::new();
    let array = |v: Value| match v {
        Value::Dynamic(d) => (*d).clone(),
        _ => J::Null,
    };
    bag.insert("rsquare".into(), real_json(rsquare));
    bag.insert(
        "coefficients".into(),
        array(real_array(coefficients.iter().rev().copied())),
    );
    bag.insert("variance".into(), real_json(total / dof));
    bag.insert("rvariance".into(), real_json(residual / dof));
    let fitted = xs
        .iter()
        .map(|x| if x.is_finite() { at(*x) } else { f64::NAN });
    bag.insert("poly_fit".into(), array(real_array(fitted)));
    Value::dynamic(J::Object(bag))
}

/// The least-squares coefficients (lowest power first) of a polynomial of `degree`
/// through `points`, by Householder QR of the Vandermonde matrix; the powers beyond
/// what the points determine are 0.
#[allow(clippy::needless_range_loop)] // matrix code reads best with indices
fn least_squares(points: &[(f64, f64)], degree: usize) -> Vec<f64> {
    let m = points.len();
    let cols = degree + 1;
    let mut a: Vec<Vec<f64>> = points
        .iter()
        .map(|(x, _)| (0..cols).map(|p| x.powi(p as i32)).collect())
        .collect();
    let mut b: Vec<f64> = points.iter().map(|p| p.1).collect();
    let steps = cols.min(m);
    let mut pivot_ok = vec![false; cols];
    for k in 0..steps {
        let norm = (k..m).map(|i| a[i][k].powi(2)).sum::<f64>().sqrt();
        if norm < 1e-300 {
            continue;
        }
        pivot_ok[k] = true;
        let alpha = if a[k][k] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = (k..m).map(|i| a[i][k]).collect();
        v[0] -= alpha;
        let vnorm2: f64 = v.iter().map(|x| x * x).sum();
        if vnorm2 == 0.0 {
            continue;
        }
        for j in k..cols {
            let dot: f64 = (k..m).map(|i| v[i - k] * a[i][j]).sum();
            let f = 2.0 * dot / vnorm2;
            for i in k..m {
                a[i][j] -= f * v[i - k];
            }
        }
        let dot: f64 = (k..m).map(|i| v[i - k] * b[i]).sum();
        let f = 2.0 * dot / vnorm2;
        for i in k..m {
            b[i] -= f * v[i - k];
        }
    }
    let mut c = vec![0.0; cols];
    for k in (0..steps).rev() {
        if !pivot_ok[k] || a[k][k].abs() < 1e-12 * a[0][0].abs().max(1.0) {
            continue;
        }
        let s: f64 = (k + 1..cols).map(|j| a[k][j] * c[j]).sum();
        c[k] = (b[k] - s) / a[k][k];
    }
    c
}
