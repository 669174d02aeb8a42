//! Filling missing values: series_fill_forward/backward/const/linear (their Kusto
//! function pages). Missing means null, a non-numeric element, or an element equal to
//! the given placeholder. Element types are kept: an all-whole series is filled with
//! whole numbers.

use super::num::{Num, num_array, scalar};
use crate::functions::args;
use crate::value::Value;
use serde_json::Value as J;

/// The elements of argument 0, `None` where missing (`placeholder` is argument `at`).
fn with_gaps(a: &[Value], at: usize) -> Option<Vec<Option<Num>>> {
    let J::Array(items) = args::json(a, 0).into_owned() else {
        return None;
    };
    let placeholder = scalar(a, at).map(Num::f64);
    Some(
        items
            .iter()
            .map(|v| super::num::element(v).filter(|x| Some(x.f64()) != placeholder))
            .collect(),
    )
}

/// `series_fill_forward(x [, placeholder])`: each gap takes the nearest value on its
/// left; leading gaps stay.
pub fn forward(a: &[Value]) -> Value {
    let Some(mut items) = with_gaps(a, 1) else {
        return Value::Null;
    };
    carry(items.iter_mut());
    num_array(items)
}

/// `series_fill_backward(x [, placeholder])`: each gap takes the nearest value on its
/// right; trailing gaps stay.
pub fn backward(a: &[Value]) -> Value {
    let Some(mut items) = with_gaps(a, 1) else {
        return Value::Null;
    };
    carry(items.iter_mut().rev());
    num_array(items)
}

fn carry<'a>(items: impl Iterator<Item = &'a mut Option<Num>>) {
    let mut last = None;
    for item in items {
        match item {
            Some(x) => last = Some(*x),
            None => *item = last,
        }
    }
}

/// `series_fill_const(x, constant [, placeholder])`.
pub fn constant(a: &[Value]) -> Value {
    let Some(items) = with_gaps(a, 2) else {
        return Value::Null;
    };
    let fill = scalar(a, 1);
    num_array(items.into_iter().map(|x| x.or(fill)))
}

/// `series_fill_linear(x [, placeholder [, fill_edges [, constant]]])`: gaps between
/// two values are interpolated (truncated to whole numbers when every value is whole);
/// edge gaps take the nearest value unless `fill_edges` is false; an all-missing series
/// becomes `constant` (0 by default).
pub fn linear(a: &[Value]) -> Value {
    let Some(items) = with_gaps(a, 1) else {
        return Value::Null;
    };
    let fill_edges = args::arg(a, 2).as_bool().unwrap_or(true);
    let known: Vec<(usize, Num)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.map(|x| (i, x)))
        .collect();
    if known.is_empty() {
        let fill = if a.len() > 3 {
            scalar(a, 3).map(|c| Num::Real(c.f64()))
        } else {
            Some(Num::Real(0.0))
        };
        return num_array(items.iter().map(|_| fill));
    }
    let whole = known.iter().all(|(_, x)| matches!(x, Num::Long(_)));
    let mut out = items.clone();
    for pair in known.windows(2) {
        let ((i0, x0), (i1, x1)) = (pair[0], pair[1]);
        for (i, slot) in out.iter_mut().enumerate().take(i1).skip(i0 + 1) {
            let t = (i - i0) as f64 / (i1 - i0) as f64;
            let v = x0.f64() + t * (x1.f64() - x0.f64());
            *slot = Some(if whole {
                Num::Long(v.trunc() as i64)
            } else {
                Num::Real(v)
            });
        }
    }
    if fill_edges {
        let (first, last) = (known[0], known[known.len() - 1]);
        out.iter_mut()
            .take(first.0)
            .for_each(|s| *s = Some(first.1));
        out.iter_mut()
            .skip(last.0 + 1)
            .for_each(|s| *s = Some(last.1));
    }
    num_array(out)
}
