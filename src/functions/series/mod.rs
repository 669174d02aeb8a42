//! The time-series functions (`series_*`): element-wise arithmetic, comparisons and
//! math, whole-series statistics, filling, line fitting, outliers, periods, filters
//! and seasonal decomposition (docs: kusto/query/series-*-function).
//!
//! Functions Kusto documents as returning several columns (`series_stats`,
//! `series_fit_line`, `series_decompose_anomalies`, …) return here one property bag
//! holding every result; [`RESULTS`] names each result's column suffix and place in
//! the bag, and the `extend`/`project` lowering spreads them into columns.

mod decompose;
mod elementwise;
mod fill;
mod filters;
mod fit;
mod num;
mod outliers;
mod periods;
mod poly;
mod spectral;
mod stats;

use super::registry::{ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::{Type, Value};
use elementwise::{arithmetic, compare, real_arithmetic, unary};
use std::cmp::Ordering;

const DYN: ReturnType = ReturnType::Fixed(Type::Dynamic);
const REAL: ReturnType = ReturnType::Fixed(Type::Real);

/// One result of a function of several results: its column suffix, its path in the
/// function's bag, and its type.
pub type Result1 = (&'static str, &'static [&'static str], Type);

const R: Type = Type::Real;
const L: Type = Type::Long;
const D: Type = Type::Dynamic;

/// The functions of several results and their results, in Kusto's column order.
pub static RESULTS: &[(&str, &[Result1])] = &[
    (
        "series_stats",
        &[
            ("min", &["min"], R),
            ("min_idx", &["min_idx"], L),
            ("max", &["max"], R),
            ("max_idx", &["max_idx"], L),
            ("avg", &["avg"], R),
            ("stdev", &["stdev"], R),
            ("variance", &["variance"], R),
        ],
    ),
    (
        "series_fit_line",
        &[
            ("rsquare", &["rsquare"], R),
            ("slope", &["slope"], R),
            ("variance", &["variance"], R),
            ("rvariance", &["rvariance"], R),
            ("interception", &["interception"], R),
            ("line_fit", &["line_fit"], D),
        ],
    ),
    (
        "series_fit_2lines",
        &[
            ("rsquare", &["rsquare"], R),
            ("split_idx", &["split_idx"], L),
            ("variance", &["variance"], R),
            ("rvariance", &["rvariance"], R),
            ("line_fit", &["line_fit"], D),
            ("right_rsquare", &["right", "rsquare"], R),
            ("right_slope", &["right", "slope"], R),
            ("right_interception", &["right", "interception"], R),
            ("right_variance", &["right", "variance"], R),
            ("right_rvariance", &["right", "rvariance"], R),
            ("left_rsquare", &["left", "rsquare"], R),
            ("left_slope", &["left", "slope"], R),
            ("left_interception", &["left", "interception"], R),
            ("left_variance", &["left", "variance"], R),
            ("left_rvariance", &["left", "rvariance"], R),
        ],
    ),
    (
        "series_decompose",
        &[
            ("baseline", &["baseline"], D),
            ("seasonal", &["seasonal"], D),
            ("trend", &["trend"], D),
            ("residual", &["residual"], D),
        ],
    ),
    (
        "series_decompose_anomalies",
        &[
            ("ad_flag", &["ad_flag"], D),
            ("ad_score", &["ad_score"], D),
            ("baseline", &["baseline"], D),
        ],
    ),
    (
        "series_periods_detect",
        &[
            ("periods", &["periods"], D),
            ("periods_scores", &["scores"], D),
        ],
    ),
    (
        "series_fft",
        &[("real", &["real"], D), ("imag", &["imag"], D)],
    ),
    (
        "series_ifft",
        &[("real", &["real"], D), ("imag", &["imag"], D)],
    ),
    (
        "series_fit_poly",
        &[
            ("rsquare", &["rsquare"], R),
            ("coefficients", &["coefficients"], D),
            ("variance", &["variance"], R),
            ("rvariance", &["rvariance"], R),
            ("poly_fit", &["poly_fit"], D),
        ],
    ),
    (
        "series_periods_validate",
        &[("periods", &["periods"], D), ("scores", &["scores"], D)],
    ),
];

/// The results of a function of several results, by its name.
pub fn results(name: &str) -> Option<&'static [Result1]> {
    RESULTS.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
}

fn add(x: i64, y: i64) -> Option<i64> {
    x.checked_add(y)
}
fn sub(x: i64, y: i64) -> Option<i64> {
    x.checked_sub(y)
}
fn mul(x: i64, y: i64) -> Option<i64> {
    x.checked_mul(y)
}
fn signum(n: i64) -> Option<i64> {
    Some(n.signum())
}
fn abs(n: i64) -> Option<i64> {
    n.checked_abs()
}

/// A binary element-wise entry.
const fn pairwise(
    name: &'static str,
    f: fn(&[Value], &super::registry::EvalContext) -> Result<Value, String>,
    doc: &'static str,
) -> ScalarFunction {
    entry(
        name,
        &[],
        (2, 2),
        "(series1: dynamic, series2: dynamic) -> dynamic",
        DYN,
        f,
        doc,
    )
}

/// A one-series entry.
const fn one(
    name: &'static str,
    returns: ReturnType,
    f: fn(&[Value], &super::registry::EvalContext) -> Result<Value, String>,
    doc: &'static str,
) -> ScalarFunction {
    entry(
        name,
        &[],
        (1, 1),
        if matches!(returns, ReturnType::Fixed(Type::Real)) {
            "(series: dynamic) -> real"
        } else {
            "(series: dynamic) -> dynamic"
        },
        returns,
        f,
        doc,
    )
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    pairwise(
        "series_add",
        |a, _| Ok(arithmetic(a, add, |x, y| x + y)),
        "Element-wise sum.",
    ),
    pairwise(
        "series_subtract",
        |a, _| Ok(arithmetic(a, sub, |x, y| x - y)),
        "Element-wise difference.",
    ),
    pairwise(
        "series_multiply",
        |a, _| Ok(arithmetic(a, mul, |x, y| x * y)),
        "Element-wise product.",
    ),
    pairwise(
        "series_divide",
        |a, _| Ok(real_arithmetic(a, |x, y| x / y)),
        "Element-wise real quotient.",
    ),
    pairwise(
        "series_pow",
        |a, _| Ok(real_arithmetic(a, f64::powf)),
        "Element-wise power.",
    ),
    pairwise(
        "series_greater",
        |a, _| Ok(compare(a, Ordering::is_gt)),
        "Element-wise `>`.",
    ),
    pairwise(
        "series_greater_equals",
        |a, _| Ok(compare(a, Ordering::is_ge)),
        "Element-wise `>=`.",
    ),
    pairwise(
        "series_less",
        |a, _| Ok(compare(a, Ordering::is_lt)),
        "Element-wise `<`.",
    ),
    pairwise(
        "series_less_equals",
        |a, _| Ok(compare(a, Ordering::is_le)),
        "Element-wise `<=`.",
    ),
    pairwise(
        "series_equals",
        |a, _| Ok(compare(a, Ordering::is_eq)),
        "Element-wise `==`.",
    ),
    pairwise(
        "series_not_equals",
        |a, _| Ok(compare(a, Ordering::is_ne)),
        "Element-wise `!=`.",
    ),
    one(
        "series_abs",
        DYN,
        |a, _| Ok(unary(a, Some(abs), f64::abs)),
        "Element-wise absolute value.",
    ),
    one(
        "series_sign",
        DYN,
        |a, _| Ok(unary(a, Some(signum), real_sign)),
        "Element-wise sign (-1, 0, 1).",
    ),
    one(
        "series_ceiling",
        DYN,
        |a, _| Ok(unary(a, None, f64::ceil)),
        "Element-wise ceiling.",
    ),
    one(
        "series_floor",
        DYN,
        |a, _| Ok(unary(a, None, f64::floor)),
        "Element-wise floor.",
    ),
    one(
        "series_exp",
        DYN,
        |a, _| Ok(unary(a, None, f64::exp)),
        "Element-wise e^x.",
    ),
    one(
        "series_log",
        DYN,
        |a, _| Ok(unary(a, None, f64::ln)),
        "Element-wise natural logarithm.",
    ),
    one(
        "series_sin",
        DYN,
        |a, _| Ok(unary(a, None, f64::sin)),
        "Element-wise sine.",
    ),
    one(
        "series_cos",
        DYN,
        |a, _| Ok(unary(a, None, f64::cos)),
        "Element-wise cosine.",
    ),
    one(
        "series_tan",
        DYN,
        |a, _| Ok(unary(a, None, f64::tan)),
        "Element-wise tangent.",
    ),
    one(
        "series_asin",
        DYN,
        |a, _| Ok(unary(a, None, f64::asin)),
        "Element-wise arcsine.",
    ),
    one(
        "series_acos",
        DYN,
        |a, _| Ok(unary(a, None, f64::acos)),
        "Element-wise arccosine.",
    ),
    one(
        "series_atan",
        DYN,
        |a, _| Ok(unary(a, None, f64::atan)),
        "Element-wise arctangent.",
    ),
    one(
        "series_sum",
        REAL,
        |a, _| Ok(stats::sum(a)),
        "The sum of the elements.",
    ),
    one(
        "series_product",
        REAL,
        |a, _| Ok(stats::product(a)),
        "The product of the elements.",
    ),
    one(
        "series_magnitude",
        REAL,
        |a, _| Ok(stats::magnitude(a)),
        "The square root of the sum of squares.",
    ),
    entry(
        "series_dot_product",
        &[],
        (2, 2),
        "(series1: dynamic, series2: dynamic) -> real",
        REAL,
        |a, _| Ok(stats::dot_product(a)),
        "The sum of element-wise products (the longer series truncated).",
    ),
    entry(
        "series_cosine_similarity",
        &[],
        (2, 4),
        "(series1: dynamic, series2: dynamic, [magnitude1: real, magnitude2: real]) -> real",
        REAL,
        |a, _| Ok(stats::cosine_similarity(a)),
        "The cosine of the angle between two series.",
    ),
    entry(
        "series_pearson_correlation",
        &[],
        (2, 2),
        "(series1: dynamic, series2: dynamic) -> real",
        REAL,
        |a, _| Ok(stats::pearson_correlation(a)),
        "The Pearson correlation coefficient of two series.",
    ),
    entry(
        "series_stats_dynamic",
        &[],
        (1, 2),
        "(series: dynamic, [ignore_nonfinite: bool]) -> dynamic",
        DYN,
        |a, _| Ok(stats::stats_dynamic(a)),
        "min, min_idx, max, max_idx, avg, stdev, variance, sum and len as a bag.",
    ),
    entry(
        "series_stats",
        &[],
        (1, 2),
        "(series: dynamic, [ignore_nonfinite: bool]) -> (min: real, min_idx: long, max: real, max_idx: long, avg: real, stdev: real, variance: real)",
        DYN,
        |a, _| Ok(stats::stats_dynamic(a)),
        "min, min_idx, max, max_idx, avg, stdev and variance as columns.",
    ),
    entry(
        "series_fill_forward",
        &[],
        (1, 2),
        "(series: dynamic, [missing_value_placeholder: scalar]) -> dynamic",
        DYN,
        |a, _| Ok(fill::forward(a)),
        "Fills each missing value with the nearest value on its left.",
    ),
    entry(
        "series_fill_backward",
        &[],
        (1, 2),
        "(series: dynamic, [missing_value_placeholder: scalar]) -> dynamic",
        DYN,
        |a, _| Ok(fill::backward(a)),
        "Fills each missing value with the nearest value on its right.",
    ),
    entry(
        "series_fill_const",
        &[],
        (2, 3),
        "(series: dynamic, constant_value: scalar, [missing_value_placeholder: scalar]) -> dynamic",
        DYN,
        |a, _| Ok(fill::constant(a)),
        "Fills each missing value with a constant.",
    ),
    entry(
        "series_fill_linear",
        &[],
        (1, 4),
        "(series: dynamic, [missing_value_placeholder: scalar, fill_edges: bool, constant_value: scalar]) -> dynamic",
        DYN,
        |a, _| Ok(fill::linear(a)),
        "Interpolates missing values linearly.",
    ),
    entry(
        "series_fit_line_dynamic",
        &[],
        (1, 1),
        "(series: dynamic) -> dynamic",
        DYN,
        |a, _| Ok(fit::line_dynamic(a)),
        "Linear regression: rsquare, slope, variance, rvariance, interception, line_fit.",
    ),
    entry(
        "series_fit_line",
        &[],
        (1, 1),
        "(series: dynamic) -> (rsquare: real, slope: real, variance: real, rvariance: real, interception: real, line_fit: dynamic)",
        DYN,
        |a, _| Ok(fit::line_dynamic(a)),
        "Linear regression, as columns.",
    ),
    entry(
        "series_fit_2lines_dynamic",
        &[],
        (1, 1),
        "(series: dynamic) -> dynamic",
        DYN,
        |a, _| Ok(fit::two_lines_dynamic(a)),
        "Two-segment linear regression at the split of best r-square, as a bag.",
    ),
    entry(
        "series_fit_2lines",
        &[],
        (1, 1),
        "(series: dynamic) -> (rsquare: real, split_idx: long, variance: real, rvariance: real, line_fit: dynamic, right_*: real, left_*: real)",
        DYN,
        |a, _| Ok(fit::two_lines_dynamic(a)),
        "Two-segment linear regression, as columns.",
    ),
    entry(
        "series_outliers",
        &[],
        (1, 5),
        "(series: dynamic, [kind: string, ignore_val: real, min_percentile: real, max_percentile: real]) -> dynamic",
        DYN,
        |a, _| outliers::series_outliers(a),
        "Tukey-fence anomaly scores (beyond ±1.5: outside the fence).",
    ),
    entry(
        "series_periods_detect",
        &[],
        (4, 4),
        "(series: dynamic, min_period: real, max_period: real, num_periods: long) -> (periods: dynamic, periods_scores: dynamic)",
        DYN,
        |a, _| Ok(periods::periods_detect(a)),
        "The most significant periods and their scores.",
    ),
    entry(
        "series_periods_validate",
        &[],
        (2, 17),
        "(series: dynamic, period1: real, ...) -> (periods: dynamic, scores: dynamic)",
        DYN,
        |a, _| Ok(periods::periods_validate(a)),
        "The scores of the given periods.",
    ),
    entry(
        "series_seasonal",
        &[],
        (1, 2),
        "(series: dynamic, [period: int]) -> dynamic",
        DYN,
        |a, _| Ok(periods::series_seasonal(a)),
        "The seasonal component: the median of each phase of the period.",
    ),
    entry(
        "series_decompose",
        &[],
        (1, 5),
        "(series: dynamic, [seasonality: int, trend: string, test_points: int, seasonality_threshold: real]) -> (baseline: dynamic, seasonal: dynamic, trend: dynamic, residual: dynamic)",
        DYN,
        |a, _| decompose::series_decompose(a),
        "Seasonal, trend, baseline and residual components.",
    ),
    entry(
        "series_decompose_anomalies",
        &[],
        (1, 7),
        "(series: dynamic, [threshold: real, seasonality: int, trend: string, test_points: int, ad_method: string, seasonality_threshold: real]) -> (ad_flag: dynamic, ad_score: dynamic, baseline: dynamic)",
        DYN,
        |a, _| decompose::series_decompose_anomalies(a),
        "Anomalies of the decomposition's residual: flags (+1, -1, 0), scores, baseline.",
    ),
    entry(
        "series_decompose_forecast",
        &[],
        (2, 5),
        "(series: dynamic, points: int, [seasonality: int, trend: string, seasonality_threshold: real]) -> dynamic",
        DYN,
        |a, _| decompose::series_decompose_forecast(a),
        "The baseline learnt without the last points, over the whole series.",
    ),
    entry(
        "series_fir",
        &[],
        (2, 4),
        "(series: dynamic, filter: dynamic, [normalize: bool, center: bool]) -> dynamic",
        DYN,
        |a, _| Ok(filters::fir(a)),
        "A finite impulse response filter.",
    ),
    entry(
        "series_fft",
        &[],
        (1, 2),
        "(x_real: dynamic, [x_imaginary: dynamic]) -> (real: dynamic, imag: dynamic)",
        DYN,
        |a, _| Ok(spectral::fft(a)),
        "The discrete Fourier transform of a (complex) series: real and imaginary parts.",
    ),
    entry(
        "series_ifft",
        &[],
        (1, 2),
        "(fft_real: dynamic, [fft_imaginary: dynamic]) -> (real: dynamic, imag: dynamic)",
        DYN,
        |a, _| Ok(spectral::ifft(a)),
        "The inverse discrete Fourier transform (divided by the length).",
    ),
    entry(
        "series_fit_poly",
        &[],
        (1, 3),
        "(y_series: dynamic, [x_series: dynamic, degree: int]) -> (rsquare: real, coefficients: dynamic, variance: real, rvariance: real, poly_fit: dynamic)",
        DYN,
        |a, _| Ok(poly::fit_poly(a)),
        "Least-squares polynomial regression of the given degree (default 1).",
    ),
    entry(
        "series_iir",
        &[],
        (3, 3),
        "(series: dynamic, numerators: dynamic, denominators: dynamic) -> dynamic",
        DYN,
        |a, _| Ok(filters::iir(a)),
        "An infinite impulse response filter.",
    ),
];

fn real_sign(x: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x.signum() }
}
