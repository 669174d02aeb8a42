//! Building datetimes and timespans from parts and from Unix time counts:
//! make_datetime, make_timespan, unixtime_*_todatetime.

use super::{calendar, datetime_or_null};
use crate::functions::args;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use crate::value::time::{
    TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MICROSECOND, TICKS_PER_MILLISECOND, TICKS_PER_MINUTE,
    TICKS_PER_SECOND,
};
use chrono::NaiveDate;

type Out = Result<Value, String>;

/// Seconds (with a fraction) as ticks, rounded to the nearest tick.
fn seconds_ticks(seconds: f64) -> Option<i64> {
    let ticks = (seconds * TICKS_PER_SECOND as f64).round();
    (ticks.is_finite() && ticks.abs() < 9.2e18).then_some(ticks as i64)
}

pub fn make_datetime(a: &[Value], _: &EvalContext) -> Out {
    let part = |i: usize| {
        if a.len() <= i {
            Some(0)
        } else {
            args::long(a, i)
        }
    };
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi)) =
        (part(0), part(1), part(2), part(3), part(4))
    else {
        return Ok(Value::Null);
    };
    let second = if a.len() <= 5 {
        Some(0.0)
    } else {
        args::real(a, 5)
    };
    let date = (|| {
        let date = NaiveDate::from_ymd_opt(
            i32::try_from(y).ok()?,
            u32::try_from(mo).ok()?,
            u32::try_from(d).ok()?,
        )?;
        let s = second.filter(|s| (0.0..60.0).contains(s))?;
        if !(0..24).contains(&h) || !(0..60).contains(&mi) {
            return None;
        }
        Some(
            calendar::date_ticks(date)
                + h * TICKS_PER_HOUR
                + mi * TICKS_PER_MINUTE
                + seconds_ticks(s)?,
        )
    })();
    Ok(datetime_or_null(date))
}

pub fn make_timespan(a: &[Value], _: &EvalContext) -> Out {
    let (day, hour, minute, second) = match a.len() {
        2 => (Some(0), args::long(a, 0), args::long(a, 1), Some(0.0)),
        3 => (
            Some(0),
            args::long(a, 0),
            args::long(a, 1),
            args::real(a, 2),
        ),
        _ => (
            args::long(a, 0),
            args::long(a, 1),
            args::long(a, 2),
            args::real(a, 3),
        ),
    };
    let ticks = (|| {
        let whole = day?
            .checked_mul(TICKS_PER_DAY)?
            .checked_add(hour?.checked_mul(TICKS_PER_HOUR)?)?
            .checked_add(minute?.checked_mul(TICKS_PER_MINUTE)?)?;
        whole.checked_add(seconds_ticks(second?)?)
    })();
    Ok(ticks.map_or(Value::Null, Value::TimeSpan))
}

/// A count of units since the Unix epoch as a datetime (whole counts exactly,
/// fractional ones rounded to the tick).
fn unixtime(a: &[Value], ticks_per_unit: f64) -> Value {
    let ticks = match args::arg(a, 0) {
        Value::Long(n) if ticks_per_unit >= 1.0 => n.checked_mul(ticks_per_unit as i64),
        Value::Long(n) => Some(n.div_euclid((1.0 / ticks_per_unit) as i64)),
        _ => args::real(a, 0).and_then(|x| {
            let t = (x * ticks_per_unit).floor();
            (t.is_finite() && t.abs() < 9.2e18).then_some(t as i64)
        }),
    };
    datetime_or_null(ticks)
}

pub fn unixtime_seconds(a: &[Value], _: &EvalContext) -> Out {
    Ok(unixtime(a, TICKS_PER_SECOND as f64))
}
pub fn unixtime_milliseconds(a: &[Value], _: &EvalContext) -> Out {
    Ok(unixtime(a, TICKS_PER_MILLISECOND as f64))
}
pub fn unixtime_microseconds(a: &[Value], _: &EvalContext) -> Out {
    Ok(unixtime(a, TICKS_PER_MICROSECOND as f64))
}
pub fn unixtime_nanoseconds(a: &[Value], _: &EvalContext) -> Out {
    Ok(unixtime(a, 0.01))
}
