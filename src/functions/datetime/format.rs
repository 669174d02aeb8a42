//! `format_datetime` and `format_timespan`: Kusto's .NET-style custom format
//! specifiers (`yyyy MM dd HH mm ss fff tt …`); any other character is copied.
//! Docs: kusto/query/format-datetime-function, format-timespan-function.

use super::calendar;
use crate::value::time::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};
use chrono::{Datelike, Timelike};

/// The fields a format string can print.
struct Fields {
    year: i64,
    month: u32,
    day: i64,
    weekday: usize,
    hour: i64,
    minute: i64,
    second: i64,
    /// 100 ns ticks within the second, 0..10^7.
    fraction: i64,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Formats a datetime (`None` for an out-of-range value).
pub fn format_datetime(ticks: i64, format: &str) -> Option<String> {
    let c = calendar::civil(ticks)?;
    let fields = Fields {
        year: i64::from(c.year()),
        month: c.month(),
        day: i64::from(c.day()),
        weekday: c.weekday().num_days_from_sunday() as usize,
        hour: i64::from(c.hour()),
        minute: i64::from(c.minute()),
        second: i64::from(c.second()),
        fraction: ticks.rem_euclid(TICKS_PER_SECOND),
    };
    Some(render(format, &fields, Kind::DateTime))
}

/// Formats a timespan; the sign is not printed (the format has no sign element).
pub fn format_timespan(ticks: i64, format: &str) -> String {
    let t = ticks.unsigned_abs();
    let per = |unit: i64| unit as u64;
    let fields = Fields {
        year: 0,
        month: 1,
        day: (t / per(TICKS_PER_DAY)) as i64,
        weekday: 0,
        hour: (t % per(TICKS_PER_DAY) / per(TICKS_PER_HOUR)) as i64,
        minute: (t % per(TICKS_PER_HOUR) / per(TICKS_PER_MINUTE)) as i64,
        second: (t % per(TICKS_PER_MINUTE) / per(TICKS_PER_SECOND)) as i64,
        fraction: (t % per(TICKS_PER_SECOND)) as i64,
    };
    render(format, &fields, Kind::TimeSpan)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    DateTime,
    TimeSpan,
}

fn render(format: &str, f: &Fields, kind: Kind) -> String {
    let chars: Vec<char> = format.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&x| x == c).count();
        i += run;
        match element(c, run, f, kind) {
            Some(text) => out.push_str(&text),
            None => out.extend(std::iter::repeat_n(c, run)),
        }
    }
    out
}

/// The text of one run of a specifier letter (`None`: not a specifier, copy it).
fn element(c: char, run: usize, f: &Fields, kind: Kind) -> Option<String> {
    let padded = |n: i64, width: usize| format!("{n:0width$}");
    let twelve = if f.hour % 12 == 0 { 12 } else { f.hour % 12 };
    Some(match (c, kind) {
        ('d', Kind::TimeSpan) => padded(f.day, run),
        ('d', _) if run >= 4 => DAYS[f.weekday].to_string(),
        ('d', _) if run == 3 => DAYS[f.weekday][..3].to_string(),
        ('d', _) => padded(f.day, run),
        ('f', _) => fraction_digits(f.fraction, run),
        ('F', _) => fraction_digits(f.fraction, run)
            .trim_end_matches('0')
            .to_string(),
        ('h', _) => padded(twelve, run.min(2)),
        ('H', _) => padded(f.hour, run.min(2)),
        ('m', _) => padded(f.minute, run.min(2)),
        ('s', _) => padded(f.second, run.min(2)),
        ('M', Kind::DateTime) if run >= 4 => MONTHS[(f.month - 1) as usize].to_string(),
        ('M', Kind::DateTime) if run == 3 => MONTHS[(f.month - 1) as usize][..3].to_string(),
        ('M', Kind::DateTime) => padded(i64::from(f.month), run),
        ('y', Kind::DateTime) if run <= 2 => padded(f.year % 100, run),
        ('y', Kind::DateTime) => padded(f.year, run),
        ('t', Kind::DateTime) => {
            let ampm = if f.hour < 12 { "AM" } else { "PM" };
            ampm[..run.min(2)].to_string()
        }
        _ => return None,
    })
}

/// The first `run` digits (at most 7) of a seven-digit tick fraction.
fn fraction_digits(fraction: i64, run: usize) -> String {
    let digits = format!("{fraction:07}");
    digits[..run.min(7)].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::time::{parse_datetime, parse_timespan};

    fn dt(format: &str, at: &str) -> String {
        format_datetime(parse_datetime(at).unwrap(), format).unwrap()
    }

    #[test]
    fn datetime_doc_header_example() {
        // format-datetime-function: 'y-M-d h:m:s.fffffff' of 2015-12-14 02:03:04.12345
        assert_eq!(
            dt("y-M-d h:m:s.fffffff", "2015-12-14 02:03:04.12345"),
            "15-12-14 2:3:4.1234500"
        );
    }

    #[test]
    fn capital_f_drops_trailing_zeros_and_vanishes_when_zero() {
        assert_eq!(dt("FFFFFFF", "2009-06-15T13:45:30.0001150"), "000115");
        assert_eq!(dt("ss.FF", "2009-06-15T13:45:30.0050000"), "30.");
        assert_eq!(dt("fff", "2009-06-15T13:45:30.0005"), "000");
    }

    #[test]
    fn twelve_hour_clock_and_designator() {
        assert_eq!(dt("hh:mm tt", "2009-06-15T13:45:09"), "01:45 PM");
        assert_eq!(dt("h tt", "2009-06-15T00:05:09"), "12 AM");
    }

    #[test]
    fn year_forms() {
        assert_eq!(dt("y|yy|yyyy", "0900-01-01"), "0|00|0900");
        assert_eq!(dt("y|yy|yyyy", "2009-06-15"), "9|09|2009");
    }

    #[test]
    fn timespan_doc_examples() {
        let ts = parse_timespan("29.09:00:05.12345").unwrap();
        assert_eq!(format_timespan(ts, "dd.hh:mm:ss [FF]"), "29.09:00:05 [12]");
        assert_eq!(
            format_timespan(ts, "ddd.h:mm:ss [fff]"),
            "029.9:00:05 [123]"
        );
        let ts = parse_timespan("14.02:03:04.12345").unwrap();
        assert_eq!(format_timespan(ts, "h:m:s.fffffff"), "2:3:4.1234500");
    }
}
