//! `bin`/`floor` and `bin_at`: rounding numbers, datetimes and timespans down to a
//! multiple of a bin size (docs: kusto/query/bin-function, bin-at-function).

use super::calendar::MIN_TICKS;
use crate::functions::args;
use crate::value::Value;

/// `bin(value, size)`: the value floored to a multiple of `size` (also for negative
/// values). Datetimes are floored from 0001-01-01 as Kusto's ticks are, so `7d` bins
/// start on Mondays. A size that is not positive gives null.
pub fn bin(value: &Value, size: &Value) -> Value {
    match value {
        Value::DateTime(t) => {
            let Some(step) = positive(args::timespan(std::slice::from_ref(size), 0)) else {
                return Value::Null;
            };
            let binned = t
                .checked_sub(MIN_TICKS)
                .and_then(|since| floor_i64(since, step)?.checked_add(MIN_TICKS));
            binned.map_or(Value::Null, Value::DateTime)
        }
        _ => bin_from(value, size, &zero_like(value)),
    }
}

/// `bin_at(value, size, origin)`: like `bin`, with bins aligned on `origin`.
pub fn bin_at(value: &Value, size: &Value, origin: &Value) -> Value {
    bin_from(value, size, origin)
}

fn zero_like(value: &Value) -> Value {
    match value {
        Value::DateTime(_) => Value::DateTime(0),
        Value::TimeSpan(_) => Value::TimeSpan(0),
        Value::Real(_) => Value::Real(0.0),
        _ => Value::Long(0),
    }
}

fn bin_from(value: &Value, size: &Value, origin: &Value) -> Value {
    let size_arg = std::slice::from_ref(size);
    match (value, origin) {
        (Value::DateTime(t), _) | (Value::TimeSpan(t), _) => {
            let Some(step) = positive(args::timespan(size_arg, 0)) else {
                return Value::Null;
            };
            let origin_ticks = match (value, origin) {
                (Value::DateTime(_), _) => args::datetime(std::slice::from_ref(origin), 0),
                _ => args::timespan(std::slice::from_ref(origin), 0),
            };
            let Some(o) = origin_ticks else {
                return Value::Null;
            };
            let Some(offset) = t.checked_sub(o) else {
                return Value::Null;
            };
            let binned = floor_i64(offset, step).and_then(|b| b.checked_add(o));
            match (value, binned) {
                (Value::DateTime(_), Some(b)) => Value::DateTime(b),
                (_, Some(b)) => Value::TimeSpan(b),
                _ => Value::Null,
            }
        }
        (Value::Long(v), _) => match (size, origin.as_i64()) {
            (Value::Long(step), Some(o)) if *step > 0 => v
                .checked_sub(o)
                .and_then(|d| floor_i64(d, *step)?.checked_add(o))
                .map_or(Value::Null, Value::Long),
            _ => match bin_real(*v as f64, size, origin) {
                Some(r) => Value::Long(r as i64),
                None => Value::Null,
            },
        },
        (Value::Real(v), _) => bin_real(*v, size, origin).map_or(Value::Null, Value::Real),
        (Value::Dynamic(d), _) if d.is_number() => {
            bin_from(&Value::from_json_scalar(d), size, origin)
        }
        _ => Value::Null,
    }
}

fn bin_real(v: f64, size: &Value, origin: &Value) -> Option<f64> {
    let step = size.as_f64().filter(|s| *s > 0.0)?;
    let o = origin.as_f64()?;
    Some(((v - o) / step).floor() * step + o)
}

fn positive(step: Option<i64>) -> Option<i64> {
    step.filter(|s| *s > 0)
}

/// `v` rounded down to a multiple of `step` (`None` on overflow).
fn floor_i64(v: i64, step: i64) -> Option<i64> {
    v.div_euclid(step).checked_mul(step)
}
