//! ES|QL's DAY_NAME and MONTH_NAME (date-time functions reference): the English name of
//! a date's weekday or month, in UTC (the default locale and time zone of a query).

use super::entry;
use crate::functions::args::arg;
use crate::functions::registry::{EvalContext, ReturnType, ScalarFunction};
use crate::value::{Type, Value, time};

/// The date argument as a chrono date-time, or `None` (null, not a date).
fn date(args: &[Value]) -> Option<chrono::DateTime<chrono::Utc>> {
    match arg(args, 0).cast(Type::DateTime) {
        Value::DateTime(ticks) => time::ticks_to_chrono(ticks),
        _ => None,
    }
}

/// `day_name(date)`: `Monday` … `Sunday`; null for null.
fn day_name(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(date(args).map_or(Value::Null, |d| Value::string(d.format("%A").to_string())))
}

/// `month_name(date)`: `January` … `December`; null for null.
fn month_name(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(date(args).map_or(Value::Null, |d| Value::string(d.format("%B").to_string())))
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "day_name",
        (1, 1),
        "(date) -> keyword",
        ReturnType::Fixed(Type::String),
        day_name,
        "The English name of the date's weekday.",
    ),
    entry(
        "month_name",
        (1, 1),
        "(date) -> keyword",
        ReturnType::Fixed(Type::String),
        month_name,
        "The English name of the date's month.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn on(text: &str, f: fn(&[Value], &EvalContext) -> Result<Value, String>) -> Value {
        let ticks = time::parse_datetime(text).map_or(Value::Null, Value::DateTime);
        f(&[ticks], &EvalContext { now: 0 }).unwrap_or(Value::Null)
    }

    #[test]
    fn day_name_is_the_english_weekday() {
        // 1953-09-02 was a Wednesday.
        assert_eq!(
            on("1953-09-02T00:00:00Z", day_name),
            Value::string("Wednesday")
        );
        assert_eq!(
            on("2026-12-07T23:59:59Z", day_name),
            Value::string("Monday")
        );
    }

    #[test]
    fn month_name_is_the_english_month() {
        assert_eq!(
            on("1953-09-02T00:00:00Z", month_name),
            Value::string("September")
        );
    }

    #[test]
    fn null_dates_give_null() {
        assert_eq!(
            day_name(&[Value::Null], &EvalContext { now: 0 }),
            Ok(Value::Null)
        );
        assert_eq!(
            month_name(&[Value::Null], &EvalContext { now: 0 }),
            Ok(Value::Null)
        );
    }
}
