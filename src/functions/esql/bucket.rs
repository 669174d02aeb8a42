//! ES|QL's `BUCKET` (grouping functions reference; `AUTO_BUCKET` is its older name, `BIN` an alias):
//! - `BUCKET(field, span)`: a number floored to a multiple of the span (a double), a
//!   date to its time span (`1 month` to the month, `1 week` to the Monday, `1 hour`
//!   to the hour);
//! - `BUCKET(field, buckets, from, to)`: a size picked so that the range
//!   `from`‥`to` holds at most `buckets` buckets: for numbers ½·10ⁿ or 10ⁿ, the
//!   smallest not below `(to − from) / buckets`; for dates the finest of month, week,
//!   day, 12/3/1 hours, 30/10/5/1 minutes, 30/10/5/1 seconds, 100/50/10/1
//!   milliseconds that fits (a year when none does).

use super::entry;
use crate::functions::args::arg;
use crate::functions::registry::{EvalContext, ReturnType, ScalarFunction};
use crate::value::{Type, Value, time};
use chrono::{Datelike, TimeZone};

const TICKS_PER_MS: i64 = 10_000;
const MS_PER_DAY: i64 = 86_400_000;
/// 1970-01-05, a Monday, in milliseconds: weeks start there.
const MONDAY: i64 = 4 * MS_PER_DAY;

/// A date rounding: calendar months (`Months(12)` a year), or a fixed length in ms
/// counted from `origin`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Rounding {
    Months(i64),
    Fixed { ms: i64, origin: i64 },
}

/// The roundings tried from the coarsest, for `BUCKET(date, buckets, from, to)`.
const HUMAN: &[Rounding] = &[
    Rounding::Months(1),
    Rounding::Fixed {
        ms: 7 * MS_PER_DAY,
        origin: MONDAY,
    },
    Rounding::Fixed {
        ms: MS_PER_DAY,
        origin: 0,
    },
    fixed(12 * 3_600_000),
    fixed(3 * 3_600_000),
    fixed(3_600_000),
    fixed(30 * 60_000),
    fixed(10 * 60_000),
    fixed(5 * 60_000),
    fixed(60_000),
    fixed(30_000),
    fixed(10_000),
    fixed(5_000),
    fixed(1_000),
    fixed(100),
    fixed(50),
    fixed(10),
    fixed(1),
];

const fn fixed(ms: i64) -> Rounding {
    Rounding::Fixed { ms, origin: 0 }
}

impl Rounding {
    /// `ms` rounded down.
    fn round(self, ms: i64) -> Option<i64> {
        match self {
            Rounding::Fixed { ms: step, origin } => {
                Some((ms - origin).div_euclid(step) * step + origin)
            }
            Rounding::Months(n) => {
                let dt = time::ticks_to_chrono(ms.checked_mul(TICKS_PER_MS)?)?;
                let months = i64::from(dt.year()) * 12 + i64::from(dt.month0());
                month_start(months.div_euclid(n) * n)
            }
        }
    }

    /// The start of the bucket after the one starting at `start`.
    fn next(self, start: i64) -> Option<i64> {
        match self {
            Rounding::Fixed { ms, .. } => start.checked_add(ms),
            Rounding::Months(n) => {
                let dt = time::ticks_to_chrono(start.checked_mul(TICKS_PER_MS)?)?;
                let months = i64::from(dt.year()) * 12 + i64::from(dt.month0());
                month_start(months + n)
            }
        }
    }

    /// Whether `from`‥`to` spans at most `buckets` buckets of this rounding.
    fn fits(self, buckets: i64, from: i64, to: i64) -> bool {
        let Some(mut start) = self.round(from) else {
            return false;
        };
        for _ in 0..buckets {
            match self.next(start) {
                Some(n) if n >= to => return true,
                Some(n) => start = n,
                None => return false,
            }
        }
        false
    }
}

/// The first instant (ms) of month number `months` (year·12 + month − 1).
fn month_start(months: i64) -> Option<i64> {
    let year = i32::try_from(months.div_euclid(12)).ok()?;
    let month = u32::try_from(months.rem_euclid(12) + 1).ok()?;
    let d = chrono::Utc
        .with_ymd_and_hms(year, month, 1, 0, 0, 0)
        .single()?;
    Some(time::ticks_from_chrono(d).div_euclid(TICKS_PER_MS))
}

/// The finest human rounding that puts `from`‥`to` in at most `buckets` buckets.
fn pick(buckets: i64, from: i64, to: i64) -> Rounding {
    let mut chosen = Rounding::Months(12);
    for r in HUMAN {
        if !r.fits(buckets, from, to) {
            break;
        }
        chosen = *r;
    }
    chosen
}

/// A date bound: a date, or a string read as one (`"1985-01-01T00:00:00Z"`), in ms.
fn date_ms(v: &Value) -> Option<i64> {
    match v {
        Value::DateTime(t) => Some(t.div_euclid(TICKS_PER_MS)),
        Value::String(s) => time::parse_datetime(s).map(|t| t.div_euclid(TICKS_PER_MS)),
        _ => None,
    }
}

/// The rounding a date span gives: months for a period, else its length.
fn span_rounding(span: &Value) -> Option<Rounding> {
    if let Value::TimeSpan(t) = span {
        let ms = t.div_euclid(TICKS_PER_MS);
        let origin = if ms == 7 * MS_PER_DAY { MONDAY } else { 0 };
        return (ms > 0).then_some(Rounding::Fixed { ms, origin });
    }
    let months = match span {
        Value::Dynamic(d) => d.get("esql_months")?.as_i64()?,
        _ => return None,
    };
    (months > 0).then_some(Rounding::Months(months))
}

/// The number bucket size for `buckets` buckets over `from`‥`to`.
fn number_size(buckets: f64, from: f64, to: f64) -> f64 {
    let precise = (to - from) / buckets;
    let power = 10f64.powf(precise.log10().ceil());
    let half = power / 2.0;
    if precise < half { half } else { power }
}

fn bucket_date(date: i64, args: &[Value]) -> Option<Value> {
    let rounding = match args {
        [_, span] => span_rounding(span)?,
        [_, buckets, from, to] => pick(buckets.as_i64()?, date_ms(from)?, date_ms(to)?),
        _ => return None,
    };
    let ms = rounding.round(date.div_euclid(TICKS_PER_MS))?;
    Some(Value::DateTime(ms.checked_mul(TICKS_PER_MS)?))
}

fn bucket_number(x: f64, args: &[Value]) -> Option<Value> {
    let size = match args {
        [_, span] => span.as_f64()?,
        [_, buckets, from, to] => number_size(buckets.as_f64()?, from.as_f64()?, to.as_f64()?),
        _ => return None,
    };
    if !(size > 0.0 && size.is_finite()) {
        return None;
    }
    Some(super::aggregate_numeric::finite((x / size).floor() * size))
}

/// `bucket(field, span)` or `bucket(field, buckets, from, to)`.
fn bucket(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let field = arg(args, 0);
    if super::is_multi(field) {
        return Ok(Value::Null);
    }
    let out = match field {
        Value::DateTime(t) => bucket_date(*t, args),
        Value::Long(_) | Value::Real(_) => field.as_f64().and_then(|x| bucket_number(x, args)),
        _ => None,
    };
    Ok(out.unwrap_or(Value::Null))
}

/// A date stays a date; a number's bucket is a double.
fn bucket_type(args: &[Type]) -> Type {
    match args.first() {
        Some(Type::DateTime) => Type::DateTime,
        Some(Type::Unknown) | None => Type::Unknown,
        Some(_) => Type::Real,
    }
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "bucket",
        (2, 4),
        "(field, buckets|span, [from, to]) -> double|date",
        ReturnType::Rule(bucket_type),
        bucket,
        "The bucket of a number or date: by a span, or sized to fit a range.",
    ),
    entry(
        "auto_bucket",
        (4, 4),
        "(field, buckets, from, to) -> double|date",
        ReturnType::Rule(bucket_type),
        bucket,
        "BUCKET's older name.",
    ),
    entry(
        "bin",
        (2, 4),
        "(field, buckets|span, [from, to]) -> double|date",
        ReturnType::Rule(bucket_type),
        bucket,
        "BUCKET's other name.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Value {
        Value::DateTime(time::parse_datetime(s).unwrap_or_default())
    }

    fn call(args: &[Value]) -> Value {
        bucket(args, &EvalContext { now: 0 }).unwrap_or(Value::Null)
    }

    #[test]
    fn twenty_buckets_over_a_year_are_months_and_a_hundred_are_weeks() {
        // docs: BUCKET ("… 20 buckets … a monthly bucket"; 100 buckets give weeks)
        let (from, to) = (
            Value::string("1985-01-01T00:00:00Z"),
            Value::string("1986-01-01T00:00:00Z"),
        );
        let d = date("1985-07-09T00:00:00Z");
        let args = [d.clone(), Value::Long(20), from.clone(), to.clone()];
        assert_eq!(call(&args), date("1985-07-01T00:00:00Z"));
        let args = [d, Value::Long(100), from, to];
        assert_eq!(call(&args), date("1985-07-08T00:00:00Z"));
    }

    #[test]
    fn numbers_bucket_by_a_round_size() {
        // docs: BUCKET(salary, 20, 25324, 74999) uses buckets of 5000
        let args = [
            Value::Long(66174),
            Value::Long(20),
            Value::Long(25324),
            Value::Long(74999),
        ];
        assert_eq!(call(&args), Value::Real(65000.0));
        assert_eq!(
            call(&[Value::Long(123), Value::Real(50.0)]),
            Value::Real(100.0)
        );
    }

    #[test]
    fn a_date_span_truncates() {
        let period = Value::dynamic(serde_json::json!({ "esql_months": 12 }));
        assert_eq!(
            call(&[date("1987-05-06T10:00:00Z"), period]),
            date("1987-01-01T00:00:00Z")
        );
    }
}
