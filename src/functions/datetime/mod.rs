//! datetime functions: `ago`, `now`, `bin`, `datetime_diff`, `format_datetime`,
//! `startofday`, `dayofweek`, `make_datetime`, `unixtime_*_todatetime`, …
//! Datetimes and timespans are 100 ns ticks (datetimes from the Unix epoch).

mod bins;
mod calendar;
mod construct;
mod format;
pub mod zones;

use super::args;
use super::registry::{
    EvalContext, ReturnType, ScalarFunction, scalar_entry as entry, widened_first,
};
use crate::value::time::TICKS_PER_DAY;
use crate::value::{Type, Value};
use calendar::Period;
use chrono::Datelike;

const DT: ReturnType = ReturnType::Fixed(Type::DateTime);
const TS: ReturnType = ReturnType::Fixed(Type::TimeSpan);
const INT: ReturnType = ReturnType::Fixed(Type::Int);

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "ingestion_time",
        &[],
        (0, 0),
        "() -> datetime",
        DT,
        ingestion_time,
        "When the record was ingested: null, as for a table without the IngestionTime policy (kqlc's tables have none).",
    ),
    entry(
        "ago",
        &[],
        (1, 1),
        "(span: timespan) -> datetime",
        DT,
        ago,
        "now() minus the timespan.",
    ),
    entry(
        "now",
        &[],
        (0, 1),
        "([offset: timespan]) -> datetime",
        DT,
        now,
        "The run's current time, plus an optional offset.",
    ),
    entry(
        "bin",
        &["floor"],
        (2, 2),
        "(value, roundTo) -> same type as value",
        ReturnType::Rule(widened_first),
        bin,
        "Rounds down to a multiple of roundTo (numbers, datetimes, timespans).",
    ),
    entry(
        "bin_at",
        &[],
        (3, 3),
        "(value, binSize, fixedPoint) -> same type as value",
        ReturnType::Rule(widened_first),
        bin_at,
        "Rounds down to bins of binSize aligned on fixedPoint.",
    ),
    entry(
        "datetime_diff",
        &[],
        (3, 3),
        "(period: string, datetime1: datetime, datetime2: datetime) -> long",
        ReturnType::Fixed(Type::Long),
        datetime_diff,
        "How many period boundaries lie between datetime2 and datetime1.",
    ),
    entry(
        "datetime_add",
        &[],
        (3, 3),
        "(period: string, amount: long, datetime: datetime) -> datetime",
        DT,
        datetime_add,
        "The datetime moved by amount periods.",
    ),
    entry(
        "datetime_part",
        &["datepart"],
        (2, 2),
        "(part: string, datetime: datetime) -> int",
        INT,
        datetime_part,
        "One component of a datetime (year, month, week_of_year, …).",
    ),
    entry(
        "format_datetime",
        &[],
        (2, 2),
        "(datetime: datetime, format: string) -> string",
        ReturnType::Fixed(Type::String),
        format_datetime,
        "Formats a datetime with specifiers such as yyyy-MM-dd HH:mm:ss.fff.",
    ),
    entry(
        "format_timespan",
        &[],
        (2, 2),
        "(timespan: timespan, format: string) -> string",
        ReturnType::Fixed(Type::String),
        format_timespan,
        "Formats a timespan with specifiers such as dd.hh:mm:ss.",
    ),
    entry(
        "startofday",
        &[],
        (1, 2),
        "(datetime: datetime, [offset: long]) -> datetime",
        DT,
        startofday,
        "Midnight of the day, moved by offset days.",
    ),
    entry(
        "startofweek",
        &[],
        (1, 2),
        "(datetime: datetime, [offset: long]) -> datetime",
        DT,
        startofweek,
        "Midnight of the week's Sunday, moved by offset weeks.",
    ),
    entry(
        "startofmonth",
        &[],
        (1, 2),
        "(datetime: datetime, [offset: long]) -> datetime",
        DT,
        startofmonth,
        "Midnight of the month's first day, moved by offset months.",
    ),
    entry(
        "startofyear",
        &[],
        (1, 2),
        "(datetime: datetime, [offset: long]) -> datetime",
        DT,
        startofyear,
        "Midnight of January 1st, moved by offset years.",
    ),
    entry(
        "endofday",
        &[],
        (1, 2),
        "(datetime: datetime, [offset: long]) -> datetime",
        DT,
        endofday,
        "The day's last tick, moved by offset days.",
    ),
    entry(
        "endofweek",
        &[],
        (1, 2),
        "(datetime: datetime, [offset: long]) -> datetime",
        DT,
        endofweek,
        "The week's last tick (Saturday), moved by offset weeks.",
    ),
    entry(
        "endofmonth",
        &[],
        (1, 2),
        "(datetime: datetime, [offset: long]) -> datetime",
        DT,
        endofmonth,
        "The month's last tick, moved by offset months.",
    ),
    entry(
        "endofyear",
        &[],
        (1, 2),
        "(datetime: datetime, [offset: long]) -> datetime",
        DT,
        endofyear,
        "The year's last tick, moved by offset years.",
    ),
    entry(
        "dayofweek",
        &[],
        (1, 1),
        "(datetime: datetime) -> timespan",
        TS,
        dayofweek,
        "Days since the preceding Sunday, as a timespan.",
    ),
    entry(
        "dayofmonth",
        &[],
        (1, 1),
        "(datetime: datetime) -> int",
        INT,
        dayofmonth,
        "The day of the month, 1–31.",
    ),
    entry(
        "dayofyear",
        &[],
        (1, 1),
        "(datetime: datetime) -> int",
        INT,
        dayofyear,
        "The day of the year, 1–366.",
    ),
    entry(
        "hourofday",
        &[],
        (1, 1),
        "(datetime: datetime) -> int",
        INT,
        hourofday,
        "The hour, 0–23.",
    ),
    entry(
        "getmonth",
        &["monthofyear"],
        (1, 1),
        "(datetime: datetime) -> int",
        INT,
        getmonth,
        "The month, 1–12.",
    ),
    entry(
        "getyear",
        &[],
        (1, 1),
        "(datetime: datetime) -> int",
        INT,
        getyear,
        "The year.",
    ),
    entry(
        "week_of_year",
        &["weekofyear"],
        (1, 1),
        "(datetime: datetime) -> int",
        INT,
        week_of_year,
        "The ISO 8601 week number, 1–53.",
    ),
    entry(
        "make_datetime",
        &[],
        (3, 6),
        "(year, month, day, [hour, minute, second: real]) -> datetime",
        DT,
        construct::make_datetime,
        "A datetime from its parts; null when they are not a valid date.",
    ),
    entry(
        "make_timespan",
        &[],
        (2, 4),
        "([day,] hour, minute, [second: real]) -> timespan",
        TS,
        construct::make_timespan,
        "A timespan from its parts: (h, m), (h, m, s) or (d, h, m, s).",
    ),
    entry(
        "unixtime_seconds_todatetime",
        &[],
        (1, 1),
        "(seconds: real) -> datetime",
        DT,
        construct::unixtime_seconds,
        "The datetime of a count of seconds since 1970-01-01.",
    ),
    entry(
        "unixtime_milliseconds_todatetime",
        &[],
        (1, 1),
        "(milliseconds: real) -> datetime",
        DT,
        construct::unixtime_milliseconds,
        "The datetime of a count of milliseconds since 1970-01-01.",
    ),
    entry(
        "unixtime_microseconds_todatetime",
        &[],
        (1, 1),
        "(microseconds: real) -> datetime",
        DT,
        construct::unixtime_microseconds,
        "The datetime of a count of microseconds since 1970-01-01.",
    ),
    entry(
        "unixtime_nanoseconds_todatetime",
        &[],
        (1, 1),
        "(nanoseconds: real) -> datetime",
        DT,
        construct::unixtime_nanoseconds,
        "The datetime of a count of nanoseconds since 1970-01-01.",
    ),
];

type Out = Result<Value, String>;

fn datetime_or_null(ticks: Option<i64>) -> Value {
    ticks
        .and_then(calendar::in_range)
        .map_or(Value::Null, Value::DateTime)
}

fn int_or_null(n: Option<i64>) -> Value {
    n.map_or(Value::Null, Value::Long)
}

fn ago(a: &[Value], ctx: &EvalContext) -> Out {
    Ok(datetime_or_null(
        args::timespan(a, 0).and_then(|span| ctx.now.checked_sub(span)),
    ))
}

/// ingestion-time-function: "returns null if the table doesn't have the IngestionTime
/// policy enabled"; tables read from files carry no ingestion time.
fn ingestion_time(_: &[Value], _: &EvalContext) -> Out {
    Ok(Value::Null)
}

fn now(a: &[Value], ctx: &EvalContext) -> Out {
    if a.is_empty() {
        return Ok(Value::DateTime(ctx.now));
    }
    Ok(datetime_or_null(
        args::timespan(a, 0).and_then(|offset| ctx.now.checked_add(offset)),
    ))
}

fn bin(a: &[Value], _: &EvalContext) -> Out {
    Ok(bins::bin(args::arg(a, 0), args::arg(a, 1)))
}

fn bin_at(a: &[Value], _: &EvalContext) -> Out {
    Ok(bins::bin_at(
        args::arg(a, 0),
        args::arg(a, 1),
        args::arg(a, 2),
    ))
}

fn period(a: &[Value], i: usize) -> Result<Period, String> {
    let name = args::text(a, i);
    Period::parse(&name).ok_or_else(|| format!("unknown datetime period '{name}'"))
}

fn datetime_diff(a: &[Value], _: &EvalContext) -> Out {
    let p = period(a, 0)?;
    let (Some(x), Some(y)) = (args::datetime(a, 1), args::datetime(a, 2)) else {
        return Ok(Value::Null);
    };
    Ok(int_or_null(calendar::diff_periods(p, x, y)))
}

fn datetime_add(a: &[Value], _: &EvalContext) -> Out {
    let p = period(a, 0)?;
    let (Some(amount), Some(t)) = (args::long(a, 1), args::datetime(a, 2)) else {
        return Ok(Value::Null);
    };
    Ok(datetime_or_null(calendar::add_period(p, amount, t)))
}

fn datetime_part(a: &[Value], _: &EvalContext) -> Out {
    let name = args::text(a, 0);
    let Some(t) = args::datetime(a, 1) else {
        return Ok(Value::Null);
    };
    match calendar::part(&name, t) {
        Some(n) => Ok(Value::Long(n)),
        None if calendar::civil(t).is_none() => Ok(Value::Null),
        None => Err(format!("unknown datetime part '{name}'")),
    }
}

fn format_datetime(a: &[Value], _: &EvalContext) -> Out {
    let text = args::datetime(a, 0).and_then(|t| format::format_datetime(t, &args::text(a, 1)));
    Ok(Value::string(text.unwrap_or_default()))
}

fn format_timespan(a: &[Value], _: &EvalContext) -> Out {
    let text = args::timespan(a, 0).map(|t| format::format_timespan(t, &args::text(a, 1)));
    Ok(Value::string(text.unwrap_or_default()))
}

/// The optional whole-number offset argument (absent → 0; present but null → `None`).
fn offset(a: &[Value], i: usize) -> Option<i64> {
    if a.len() <= i {
        Some(0)
    } else {
        args::long(a, i)
    }
}

/// A start-of-period function: the start of the period `offset` periods away.
fn start_of(a: &[Value], extra: i64, start: fn(i64, i64) -> Option<i64>) -> Value {
    let (Some(t), Some(n)) = (args::datetime(a, 0), offset(a, 1)) else {
        return Value::Null;
    };
    datetime_or_null(n.checked_add(extra).and_then(|n| start(t, n)))
}

fn day_start(t: i64, n: i64) -> Option<i64> {
    calendar::start_of_day(t).checked_add(n.checked_mul(TICKS_PER_DAY)?)
}
fn week_start(t: i64, n: i64) -> Option<i64> {
    calendar::start_of_week(t)?.checked_add(n.checked_mul(7 * TICKS_PER_DAY)?)
}
fn month_start(t: i64, n: i64) -> Option<i64> {
    calendar::add_months(calendar::start_of_month(t)?, n)
}
fn year_start(t: i64, n: i64) -> Option<i64> {
    calendar::add_months(calendar::start_of_year(t)?, n.checked_mul(12)?)
}

fn startofday(a: &[Value], _: &EvalContext) -> Out {
    Ok(start_of(a, 0, day_start))
}
fn startofweek(a: &[Value], _: &EvalContext) -> Out {
    Ok(start_of(a, 0, week_start))
}
fn startofmonth(a: &[Value], _: &EvalContext) -> Out {
    Ok(start_of(a, 0, month_start))
}
fn startofyear(a: &[Value], _: &EvalContext) -> Out {
    Ok(start_of(a, 0, year_start))
}

/// The last tick of a period: one tick before the next period starts.
fn end_of(a: &[Value], start: fn(i64, i64) -> Option<i64>) -> Value {
    match start_of(a, 1, start) {
        Value::DateTime(next) => Value::DateTime(next - 1),
        _ => {
            // The period after 9999-12 is out of range; its end is then the maximum.
            let last = args::datetime(a, 0)
                .zip(offset(a, 1))
                .and_then(|(t, n)| start(t, n));
            if last.is_some() {
                Value::DateTime(calendar::MAX_TICKS)
            } else {
                Value::Null
            }
        }
    }
}

fn endofday(a: &[Value], _: &EvalContext) -> Out {
    Ok(end_of(a, day_start))
}
fn endofweek(a: &[Value], _: &EvalContext) -> Out {
    Ok(end_of(a, week_start))
}
fn endofmonth(a: &[Value], _: &EvalContext) -> Out {
    Ok(end_of(a, month_start))
}
fn endofyear(a: &[Value], _: &EvalContext) -> Out {
    Ok(end_of(a, year_start))
}

/// A calendar field of the datetime argument.
fn field(a: &[Value], get: fn(&chrono::NaiveDateTime) -> i64) -> Value {
    int_or_null(
        args::datetime(a, 0)
            .and_then(calendar::civil)
            .map(|c| get(&c)),
    )
}

fn dayofweek(a: &[Value], _: &EvalContext) -> Out {
    let days = args::datetime(a, 0)
        .and_then(calendar::civil)
        .map(|c| i64::from(c.weekday().num_days_from_sunday()));
    Ok(days.map_or(Value::Null, |d| Value::TimeSpan(d * TICKS_PER_DAY)))
}
fn dayofmonth(a: &[Value], _: &EvalContext) -> Out {
    Ok(field(a, |c| i64::from(c.day())))
}
fn dayofyear(a: &[Value], _: &EvalContext) -> Out {
    Ok(field(a, |c| i64::from(c.ordinal())))
}
fn hourofday(a: &[Value], _: &EvalContext) -> Out {
    Ok(field(a, |c| i64::from(chrono::Timelike::hour(c))))
}
fn getmonth(a: &[Value], _: &EvalContext) -> Out {
    Ok(field(a, |c| i64::from(c.month())))
}
fn getyear(a: &[Value], _: &EvalContext) -> Out {
    Ok(field(a, |c| i64::from(c.year())))
}
fn week_of_year(a: &[Value], _: &EvalContext) -> Out {
    Ok(field(a, |c| i64::from(c.iso_week().week())))
}

#[cfg(test)]
mod tests;
