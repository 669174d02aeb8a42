//! Special functions: `gamma`, `loggamma`, `erf`, `erfc` (through the `libm` crate) and
//! the beta distribution's `beta_cdf`, `beta_pdf`, `beta_inv`, with the domain rules of
//! their learn.microsoft.com/kusto/query pages.

use super::super::args::real;
use super::super::registry::{EvalContext, ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::{Type, Value};

const REAL: ReturnType = ReturnType::Fixed(Type::Real);

/// A real function of one real argument; null for null or non-numeric input.
fn unary(args: &[Value], f: fn(f64) -> f64) -> Result<Value, String> {
    Ok(real(args, 0).map_or(Value::Null, |x| Value::Real(f(x))))
}

fn gamma(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, libm::tgamma)
}
fn loggamma(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, libm::lgamma)
}
fn erf(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, libm::erf)
}
fn erfc(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, libm::erfc)
}

/// The three arguments of a beta function as reals, or `None` when one is not numeric.
fn beta_args(args: &[Value]) -> Option<(f64, f64, f64)> {
    Some((real(args, 0)?, real(args, 1)?, real(args, 2)?))
}

/// ln B(a, b).
fn log_beta(a: f64, b: f64) -> f64 {
    libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b)
}

/// The continued fraction of the regularized incomplete beta (modified Lentz method).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    d = 1.0 / if d.abs() < TINY { TINY } else { d };
    let mut h = d;
    for m in 1..=300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        for aa in [
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ] {
            d = 1.0 + aa * d;
            d = 1.0 / if d.abs() < TINY { TINY } else { d };
            c = 1.0 + aa / c;
            if c.abs() < TINY {
                c = TINY;
            }
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b), for x in [0, 1] and a, b > 0.
fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (a * x.ln() + b * (1.0 - x).ln() - log_beta(a, b)).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, 1.0 - x) / b
    }
}

/// beta-cdf-function: NaN for x outside [0, 1] or a shape outside (0, 10000].
fn beta_cdf(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some((x, a, b)) = beta_args(args) else {
        return Ok(Value::Null);
    };
    let shape = |s: f64| s > 0.0 && s <= 10000.0;
    Ok(Value::Real(
        if (0.0..=1.0).contains(&x) && shape(a) && shape(b) {
            incomplete_beta(x, a, b)
        } else {
            f64::NAN
        },
    ))
}

/// beta-pdf-function: NaN for x outside (0, 1) or a shape not above 0.
fn beta_pdf(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some((x, a, b)) = beta_args(args) else {
        return Ok(Value::Null);
    };
    Ok(Value::Real(if x > 0.0 && x < 1.0 && a > 0.0 && b > 0.0 {
        ((a - 1.0) * x.ln() + (b - 1.0) * (1.0 - x).ln() - log_beta(a, b)).exp()
    } else {
        f64::NAN
    }))
}

/// beta-inv-function: the x whose `beta_cdf` is the probability, found by bisection.
/// As the page's example table shows: null for a probability outside (0, 1], NaN for
/// a shape not above 0.
fn beta_inv(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some((p, a, b)) = beta_args(args) else {
        return Ok(Value::Null);
    };
    if p <= 0.0 || p > 1.0 || p.is_nan() {
        return Ok(Value::Null);
    }
    if a <= 0.0 || b <= 0.0 || a.is_nan() || b.is_nan() {
        return Ok(Value::Real(f64::NAN));
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if incomplete_beta(mid, a, b) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(Value::Real(0.5 * (lo + hi)))
}

/// welch-test-function: the two-tailed p-value of Welch's t-test for two samples given
/// by mean, variance and count; null when a count is below 2 or both variances are 0.
fn welch_test(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let v: Option<Vec<f64>> = (0..6).map(|i| real(args, i)).collect();
    let Some([m1, v1, c1, m2, v2, c2]) = v.and_then(|v| <[f64; 6]>::try_from(v).ok()) else {
        return Ok(Value::Null);
    };
    let (s1, s2) = (v1 / c1, v2 / c2);
    if c1 < 2.0 || c2 < 2.0 || s1 + s2 <= 0.0 {
        return Ok(Value::Null);
    }
    let t = (m1 - m2) / (s1 + s2).sqrt();
    let df = (s1 + s2).powi(2) / (s1 * s1 / (c1 - 1.0) + s2 * s2 / (c2 - 1.0));
    Ok(Value::Real(incomplete_beta(
        df / (df + t * t),
        df / 2.0,
        0.5,
    )))
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "welch_test",
        &[],
        (6, 6),
        "(mean1: real, variance1: real, count1: real, mean2: real, variance2: real, count2: real) -> real",
        REAL,
        welch_test,
        "The p-value of Welch's t-test that two samples have equal means.",
    ),
    entry(
        "gamma",
        &[],
        (1, 1),
        "(number: real) -> real",
        REAL,
        gamma,
        "The gamma function.",
    ),
    entry(
        "loggamma",
        &[],
        (1, 1),
        "(number: real) -> real",
        REAL,
        loggamma,
        "The natural logarithm of the absolute value of the gamma function.",
    ),
    entry(
        "erf",
        &[],
        (1, 1),
        "(x: real) -> real",
        REAL,
        erf,
        "The error function.",
    ),
    entry(
        "erfc",
        &[],
        (1, 1),
        "(x: real) -> real",
        REAL,
        erfc,
        "The complementary error function.",
    ),
    entry(
        "beta_cdf",
        &[],
        (3, 3),
        "(x: real, alpha: real, beta: real) -> real",
        REAL,
        beta_cdf,
        "The cumulative beta distribution function.",
    ),
    entry(
        "beta_pdf",
        &[],
        (3, 3),
        "(x: real, alpha: real, beta: real) -> real",
        REAL,
        beta_pdf,
        "The beta probability density function.",
    ),
    entry(
        "beta_inv",
        &[],
        (3, 3),
        "(probability: real, alpha: real, beta: real) -> real",
        REAL,
        beta_inv,
        "The inverse of the cumulative beta distribution function.",
    ),
];
