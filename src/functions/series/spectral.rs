//! The Fourier transform of a series: series_fft and series_ifft (their Kusto function
//! pages). Both take a real and an optional imaginary series (a missing element reads
//! as 0) and return both components; the forward transform is unscaled and the inverse
//! divides by the length, so `series_ifft(series_fft(x))` gives `x` back, as the
//! series-fft page's second example shows.

use super::num::{real_array, reals};
use crate::value::Value;
use serde_json::{Map, Value as J};
use std::f64::consts::PI;

/// `series_fft(x_real [, x_imaginary])`: `{real, imag}`.
pub fn fft(a: &[Value]) -> Value {
    transform(a, false)
}

/// `series_ifft(fft_real [, fft_imaginary])`: `{real, imag}`.
pub fn ifft(a: &[Value]) -> Value {
    transform(a, true)
}

fn transform(a: &[Value], inverse: bool) -> Value {
    let Some(re) = reals(a, 0) else {
        return Value::Null;
    };
    let im = if a.len() > 1 {
        match reals(a, 1) {
            Some(im) if im.len() == re.len() => im,
            _ => return Value::Null,
        }
    } else {
        vec![0.0; re.len()]
    };
    let zero = |x: f64| if x.is_finite() { x } else { 0.0 };
    let mut data: Vec<(f64, f64)> = re
        .iter()
        .zip(&im)
        .map(|(r, i)| (zero(*r), zero(*i)))
        .collect();
    dft(&mut data, inverse);
    if inverse && !data.is_empty() {
        let n = data.len() as f64;
        for v in &mut data {
            *v = (v.0 / n, v.1 / n);
        }
    }
    let mut bag = Map::new();
    let part = |f: fn(&(f64, f64)) -> f64| match real_array(data.iter().map(f)) {
        Value::Dynamic(d) => (*d).clone(),
        _ => J::Null,
    };
    bag.insert("real".into(), part(|v| v.0));
    bag.insert("imag".into(), part(|v| v.1));
    Value::dynamic(J::Object(bag))
}

/// The discrete Fourier transform in place: radix-2 when the length is a power of two,
/// the direct sum otherwise. `inverse` flips the sign of the exponent (no scaling).
fn dft(data: &mut [(f64, f64)], inverse: bool) {
    let n = data.len();
    if n <= 1 {
        return;
    }
    let sign = if inverse { 1.0 } else { -1.0 };
    if n.is_power_of_two() {
        let even: Vec<(f64, f64)> = data.iter().step_by(2).copied().collect();
        let odd: Vec<(f64, f64)> = data.iter().skip(1).step_by(2).copied().collect();
        let (mut even, mut odd) = (even, odd);
        dft(&mut even, inverse);
        dft(&mut odd, inverse);
        for k in 0..n / 2 {
            let angle = sign * 2.0 * PI * k as f64 / n as f64;
            let (c, s) = (angle.cos(), angle.sin());
            let (or, oi) = odd[k];
            let t = (or * c - oi * s, or * s + oi * c);
            data[k] = (even[k].0 + t.0, even[k].1 + t.1);
            data[k + n / 2] = (even[k].0 - t.0, even[k].1 - t.1);
        }
        return;
    }
    let input = data.to_vec();
    for (k, out) in data.iter_mut().enumerate() {
        let mut sum = (0.0, 0.0);
        for (t, (r, i)) in input.iter().enumerate() {
            let angle = sign * 2.0 * PI * ((k * t) % n) as f64 / n as f64;
            let (c, s) = (angle.cos(), angle.sin());
            sum.0 += r * c - i * s;
            sum.1 += r * s + i * c;
        }
        *out = sum;
    }
}
