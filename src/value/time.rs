//! Datetimes and timespans as Kusto keeps them: signed 64-bit counts of 100 ns ticks
//! (datetimes counted from the Unix epoch), with Kusto's text forms.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// 100 ns ticks in one unit.
pub const TICKS_PER_MICROSECOND: i64 = 10;
pub const TICKS_PER_MILLISECOND: i64 = 10_000;
pub const TICKS_PER_SECOND: i64 = 10_000_000;
pub const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
pub const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
pub const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;

/// Ticks of a chrono UTC datetime.
pub fn ticks_from_chrono(dt: DateTime<Utc>) -> i64 {
    dt.timestamp() * TICKS_PER_SECOND + i64::from(dt.timestamp_subsec_nanos()) / 100
}

/// The chrono datetime of a tick count (`None` out of chrono's range).
pub fn ticks_to_chrono(ticks: i64) -> Option<DateTime<Utc>> {
    let secs = ticks.div_euclid(TICKS_PER_SECOND);
    let nanos = (ticks.rem_euclid(TICKS_PER_SECOND) * 100) as u32;
    DateTime::from_timestamp(secs, nanos)
}

/// Reads a datetime as Kusto's `datetime()`/`todatetime()` accept it: ISO 8601 with
/// `T` or a space, with or without fraction and zone, or a date alone; RFC 822/850.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(ticks_from_chrono(dt.with_timezone(&Utc)));
    }
    let naive_forms = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S%.f",
        "%Y/%m/%d %H:%M",
        "%m/%d/%Y %H:%M:%S%.f",
        "%m/%d/%Y %H:%M",
    ];
    let trimmed = s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix(" UTC"))
        .unwrap_or(s);
    for form in naive_forms {
        if let Ok(dt) = NaiveDateTime::parse_from_str(trimmed, form) {
            return Some(ticks_from_chrono(dt.and_utc()));
        }
    }
    for form in ["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(trimmed, form) {
            return Some(ticks_from_chrono(d.and_time(NaiveTime::MIN).and_utc()));
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(ticks_from_chrono(dt.with_timezone(&Utc)));
    }
    for form in [
        "%a, %d %b %y %H:%M:%S GMT",
        "%A, %d-%b-%y %H:%M:%S GMT",
        "%d %b %Y %H:%M:%S GMT",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, form) {
            return Some(ticks_from_chrono(dt.and_utc()));
        }
    }
    None
}

/// Kusto's ISO 8601 rendering: `2026-06-01T11:39:37.3710950Z` — seven fraction digits
/// when the value has a fraction, none when it has not.
pub fn format_datetime(ticks: i64) -> String {
    let Some(dt) = ticks_to_chrono(ticks) else {
        return format!("<datetime out of range: {ticks}>");
    };
    let frac = ticks.rem_euclid(TICKS_PER_SECOND);
    let base = dt.format("%Y-%m-%dT%H:%M:%S");
    if frac == 0 {
        format!("{base}Z")
    } else {
        format!("{base}.{frac:07}Z")
    }
}

/// Kusto's timespan rendering `[-][d.]hh:mm:ss[.fffffff]`.
pub fn format_timespan(ticks: i64) -> String {
    let sign = if ticks < 0 { "-" } else { "" };
    let t = ticks.unsigned_abs();
    let per = |u: i64| u as u64;
    let days = t / per(TICKS_PER_DAY);
    let hours = t % per(TICKS_PER_DAY) / per(TICKS_PER_HOUR);
    let minutes = t % per(TICKS_PER_HOUR) / per(TICKS_PER_MINUTE);
    let seconds = t % per(TICKS_PER_MINUTE) / per(TICKS_PER_SECOND);
    let frac = t % per(TICKS_PER_SECOND);
    let mut out = String::from(sign);
    if days > 0 {
        out.push_str(&format!("{days}."));
    }
    out.push_str(&format!("{hours:02}:{minutes:02}:{seconds:02}"));
    if frac > 0 {
        out.push_str(&format!(".{frac:07}"));
    }
    out
}

/// Ticks of one unit of a timespan literal suffix (`d`, `h`, `m`, `s`, `ms`, …).
pub fn timespan_unit_ticks(unit: &str) -> Option<f64> {
    Some(match unit.to_ascii_lowercase().as_str() {
        "d" | "day" | "days" => TICKS_PER_DAY as f64,
        "h" | "hr" | "hrs" | "hour" | "hours" => TICKS_PER_HOUR as f64,
        "m" | "min" | "minute" | "minutes" => TICKS_PER_MINUTE as f64,
        "s" | "sec" | "second" | "seconds" => TICKS_PER_SECOND as f64,
        "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => TICKS_PER_MILLISECOND as f64,
        "microsecond" | "microseconds" => TICKS_PER_MICROSECOND as f64,
        "tick" | "ticks" => 1.0,
        _ => return None,
    })
}

/// Reads a timespan literal such as `1h`, `1.5s`, `100ms`, `30d`.
pub fn parse_timespan_literal(text: &str) -> Option<i64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (num, unit) = text.split_at(split);
    let n: f64 = num.parse().ok()?;
    Some((n * timespan_unit_ticks(unit)?).round() as i64)
}

/// Reads Kusto's timespan text `[-][d.]hh:mm[:ss[.fffffff]]` or a literal like `2h`.
pub fn parse_timespan(text: &str) -> Option<i64> {
    let s = text.trim();
    if let Some(t) = parse_timespan_literal(s) {
        return Some(t);
    }
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (days, clock) = match s.split_once('.') {
        Some((d, rest)) if !d.contains(':') => (d.parse::<i64>().ok()?, rest),
        _ => (0, s),
    };
    let mut parts = clock.split(':');
    let hours: i64 = parts.next()?.parse().ok()?;
    let minutes: i64 = parts.next()?.parse().ok()?;
    let (seconds, frac) = match parts.next() {
        Some(sec) => match sec.split_once('.') {
            Some((whole, f)) => {
                let digits: String = f.chars().chain(std::iter::repeat('0')).take(7).collect();
                (whole.parse::<i64>().ok()?, digits.parse::<i64>().ok()?)
            }
            None => (sec.parse::<i64>().ok()?, 0),
        },
        None => (0, 0),
    };
    if parts.next().is_some() {
        return None;
    }
    let ticks = days * TICKS_PER_DAY
        + hours * TICKS_PER_HOUR
        + minutes * TICKS_PER_MINUTE
        + seconds * TICKS_PER_SECOND
        + frac;
    Some(if neg { -ticks } else { ticks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_round_trips_with_seven_digit_fraction() {
        let t = parse_datetime("2026-06-01T11:39:37.371095Z").unwrap();
        assert_eq!(format_datetime(t), "2026-06-01T11:39:37.3710950Z");
        assert_eq!(
            format_datetime(parse_datetime("2026-06-01").unwrap()),
            "2026-06-01T00:00:00Z"
        );
        assert_eq!(
            parse_datetime("2026-06-01 10:00"),
            parse_datetime("2026-06-01T10:00:00Z")
        );
    }

    #[test]
    fn timespans_print_as_kusto_does() {
        assert_eq!(format_timespan(TICKS_PER_HOUR), "01:00:00");
        assert_eq!(
            format_timespan(
                TICKS_PER_DAY
                    + 2 * TICKS_PER_HOUR
                    + 3 * TICKS_PER_MINUTE
                    + 4 * TICKS_PER_SECOND
                    + 5_000_000
            ),
            "1.02:03:04.5000000"
        );
        assert_eq!(format_timespan(-12 * TICKS_PER_HOUR), "-12:00:00");
    }

    #[test]
    fn timespan_literals_and_text() {
        assert_eq!(parse_timespan_literal("1.5s"), Some(15_000_000));
        assert_eq!(parse_timespan_literal("100ms"), Some(1_000_000));
        assert_eq!(parse_timespan_literal("30d"), Some(30 * TICKS_PER_DAY));
        assert_eq!(parse_timespan("1.00:00:00"), Some(TICKS_PER_DAY));
        assert_eq!(parse_timespan("-12:00:00"), Some(-12 * TICKS_PER_HOUR));
        assert_eq!(parse_timespan("00:00:01.5"), Some(15_000_000));
    }
}
