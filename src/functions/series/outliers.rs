//! `series_outliers`: Tukey-fence anomaly scores (series-outliers-function page). With
//! the quantiles Q1 and Q3 of the series (the 25th and 75th percentiles for "tukey", the
//! 10th and 90th, or the given ones, for the default "ctukey") and IQR = Q3 - Q1, a
//! value above Q3 scores (x - Q3) / IQR, one below Q1 scores (x - Q1) / IQR, and one
//! between scores 0; so |score| > k is exactly "outside Tukey's fence of factor k"
//! (the page: above 1.5 a rise, below -1.5 a decline). Missing values score 0.

use super::num::{median, real_array, reals};
use crate::functions::args;
use crate::value::Value;

/// The quantile range a kind of Tukey test uses.
#[derive(Clone, Copy)]
pub struct Fences {
    pub low_percentile: f64,
    pub high_percentile: f64,
}

impl Fences {
    /// "tukey" is 25/75; "ctukey" (the default) is 10/90 unless given.
    pub fn of(kind: &str, low: Option<f64>, high: Option<f64>) -> Result<Fences, String> {
        match kind {
            "tukey" => Ok(Fences {
                low_percentile: 25.0,
                high_percentile: 75.0,
            }),
            "" | "ctukey" => {
                let (low, high) = (low.unwrap_or(10.0), high.unwrap_or(90.0));
                let valid = |p: f64| (2.0..=98.0).contains(&p);
                if !valid(low) || !valid(high) || low >= high {
                    return Err(format!(
                        "series_outliers: the percentiles must be in [2, 98], the first below the second (got {low}, {high})"
                    ));
                }
                Ok(Fences {
                    low_percentile: low,
                    high_percentile: high,
                })
            }
            other => Err(format!(
                "series_outliers: kind must be \"tukey\" or \"ctukey\", not \"{other}\""
            )),
        }
    }
}

/// The `p`th percentile of sorted `xs`, interpolating linearly between ranks.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    sorted[lo] + (rank - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The scores of `xs` (NaN for missing), the quantiles learnt from `learn` of them.
pub fn scores(xs: &[f64], learn: usize, fences: Fences) -> Vec<f64> {
    let mut sorted: Vec<f64> = xs[..learn.min(xs.len())]
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    if sorted.is_empty() {
        return vec![0.0; xs.len()];
    }
    sorted.sort_by(f64::total_cmp);
    let q1 = percentile(&sorted, fences.low_percentile);
    let q3 = percentile(&sorted, fences.high_percentile);
    let spread = spread(&sorted, q3 - q1);
    xs.iter()
        .map(|&x| match x {
            x if !x.is_finite() => 0.0,
            x if x > q3 => (x - q3) / spread,
            x if x < q1 => (x - q1) / spread,
            _ => 0.0,
        })
        .collect()
}

/// The IQR; when it is 0 (a flat series), the mean absolute deviation from the median,
/// else 1, so that a lone spike in a flat series still scores (kqlc's choice: Kusto
/// does not document this case).
fn spread(sorted: &[f64], iqr: f64) -> f64 {
    if iqr > 0.0 {
        return iqr;
    }
    let mid = median(sorted).unwrap_or(0.0);
    let mad = sorted.iter().map(|x| (x - mid).abs()).sum::<f64>() / sorted.len() as f64;
    if mad > 0.0 { mad } else { 1.0 }
}

/// `series_outliers(x [, kind [, ignore_val [, min_percentile [, max_percentile]]]])`.
pub fn series_outliers(a: &[Value]) -> Result<Value, String> {
    let Some(mut xs) = reals(a, 0) else {
        return Ok(Value::Null);
    };
    let kind = args::text(a, 1);
    let fences = Fences::of(&kind, args::real(a, 3), args::real(a, 4))?;
    if let Some(ignore) = args::real(a, 2) {
        xs.iter_mut()
            .filter(|x| **x == ignore)
            .for_each(|x| *x = f64::NAN);
    }
    let learn = xs.len();
    Ok(real_array(scores(&xs, learn, fences)))
}
