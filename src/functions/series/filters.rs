//! Digital filters on a series: series_fir and series_iir (their Kusto function pages).
//! Points before the start of the series (and after its end, for a centred FIR) count
//! as 0; missing elements count as 0.

use super::num::{real_array, reals};
use crate::functions::args;
use crate::value::Value;

fn at(xs: &[f64], i: isize) -> f64 {
    if i < 0 {
        return 0.0;
    }
    xs.get(i as usize)
        .copied()
        .filter(|x| x.is_finite())
        .unwrap_or(0.0)
}

/// `series_fir(x, filter [, normalize [, center]])`: y[i] = Σ f[j]·x[i - j], the filter
/// divided by its sum when normalising (the default unless a coefficient is negative;
/// asking for it with a negative coefficient gives null), shifted back by half the
/// filter's length when centred.
pub fn fir(a: &[Value]) -> Value {
    let (Some(xs), Some(mut filter)) = (reals(a, 0), reals(a, 1)) else {
        return Value::Null;
    };
    let negative = filter.iter().any(|f| *f < 0.0);
    let normalize = args::arg(a, 2).as_bool().unwrap_or(!negative);
    if normalize {
        let sum: f64 = filter.iter().sum();
        if negative || sum == 0.0 {
            return Value::Null;
        }
        filter.iter_mut().for_each(|f| *f /= sum);
    }
    let shift = if args::arg(a, 3).as_bool().unwrap_or(false) {
        (filter.len() as isize - 1) / 2
    } else {
        0
    };
    let ys = (0..xs.len() as isize).map(|i| {
        filter
            .iter()
            .enumerate()
            .map(|(j, f)| f * at(&xs, i + shift - j as isize))
            .sum()
    });
    real_array(ys)
}

/// `series_iir(x, numerators, denominators)`: y[i] = (Σ b[j]·x[i - j] - Σ_{j≥1}
/// a[j]·y[i - j]) / a[0]; null when a[0] is 0.
pub fn iir(a: &[Value]) -> Value {
    let (Some(xs), Some(b), Some(den)) = (reals(a, 0), reals(a, 1), reals(a, 2)) else {
        return Value::Null;
    };
    let Some(&a0) = den.first().filter(|a0| **a0 != 0.0) else {
        return Value::Null;
    };
    let mut ys: Vec<f64> = Vec::with_capacity(xs.len());
    for i in 0..xs.len() as isize {
        let forward: f64 = b
            .iter()
            .enumerate()
            .map(|(j, bj)| bj * at(&xs, i - j as isize))
            .sum();
        let feedback: f64 = den
            .iter()
            .enumerate()
            .skip(1)
            .map(|(j, aj)| aj * at(&ys, i - j as isize))
            .sum();
        ys.push((forward - feedback) / a0);
    }
    real_array(ys)
}
