//! Time zones (IANA names, through the `chrono-tz` crate): `datetime_utc_to_local`,
//! `datetime_local_to_utc` and `datetime_list_timezones`, per their docs pages.

use super::super::args;
use super::super::registry::{EvalContext, ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::time::TICKS_PER_SECOND;
use crate::value::{Type, Value};
use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use serde_json::Value as J;

const DT: ReturnType = ReturnType::Fixed(Type::DateTime);

/// The zone of argument `i` (names compare ignoring case); `None` when unknown.
fn zone(a: &[Value], i: usize) -> Option<Tz> {
    let name = args::text(a, i);
    let name = name.trim();
    name.parse::<Tz>().ok().or_else(|| {
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
            .copied()
    })
}

/// Ticks as a naive date-time (the wall clock they denote) and the sub-second rest.
fn naive(ticks: i64) -> Option<(NaiveDateTime, i64)> {
    let secs = ticks.div_euclid(TICKS_PER_SECOND);
    let rest = ticks.rem_euclid(TICKS_PER_SECOND);
    Some((DateTime::from_timestamp(secs, 0)?.naive_utc(), rest))
}

/// The zone's offset from UTC at an instant, in ticks.
fn offset_at(tz: Tz, utc: NaiveDateTime) -> i64 {
    let seconds = tz.offset_from_utc_datetime(&utc).fix().local_minus_utc();
    i64::from(seconds) * TICKS_PER_SECOND
}

/// `datetime_utc_to_local(from, timezone)`: the wall clock of the zone at that instant.
fn utc_to_local(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(ticks), Some(tz)) = (args::datetime(a, 0), zone(a, 1)) else {
        return Ok(Value::Null);
    };
    let Some((utc, _)) = naive(ticks) else {
        return Ok(Value::Null);
    };
    Ok(Value::DateTime(ticks.saturating_add(offset_at(tz, utc))))
}

/// `datetime_local_to_utc(from, timezone)`: the instant of that wall clock. An hour
/// skipped by a daylight-saving change takes the offset after the change (the page's
/// Europe/Brussels example: local 02:00 on 2022-03-27 is 00:00 UTC); a repeated hour
/// takes the earlier instant.
fn local_to_utc(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(ticks), Some(tz)) = (args::datetime(a, 0), zone(a, 1)) else {
        return Ok(Value::Null);
    };
    let Some((local, _)) = naive(ticks) else {
        return Ok(Value::Null);
    };
    let offset = match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
            i64::from(t.offset().fix().local_minus_utc()) * TICKS_PER_SECOND
        }
        LocalResult::None => {
            let before = offset_at(tz, local - chrono::Duration::days(1));
            match naive(ticks.saturating_sub(before)) {
                Some((instant, _)) => offset_at(tz, instant),
                None => return Ok(Value::Null),
            }
        }
    };
    Ok(Value::DateTime(ticks.saturating_sub(offset)))
}

/// `datetime_list_timezones()`: the IANA zone names.
fn list_timezones(_: &[Value], _: &EvalContext) -> Result<Value, String> {
    let names = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| J::String(tz.name().to_string()))
        .collect();
    Ok(Value::dynamic(J::Array(names)))
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "datetime_utc_to_local",
        &[],
        (2, 2),
        "(from: datetime, timezone: string) -> datetime",
        DT,
        utc_to_local,
        "The local wall-clock time in the IANA time zone of a UTC datetime.",
    ),
    entry(
        "datetime_local_to_utc",
        &[],
        (2, 2),
        "(from: datetime, timezone: string) -> datetime",
        DT,
        local_to_utc,
        "The UTC datetime of a local wall-clock time in the IANA time zone.",
    ),
    entry(
        "datetime_list_timezones",
        &[],
        (0, 0),
        "() -> dynamic",
        ReturnType::Fixed(Type::Dynamic),
        list_timezones,
        "The names of the supported IANA time zones.",
    ),
];
