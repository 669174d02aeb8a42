//! Calendar arithmetic on datetime ticks: starts of periods, month arithmetic,
//! period differences and parts, as Kusto's datetime functions define them.

use crate::value::time::{
    self, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MICROSECOND, TICKS_PER_MILLISECOND,
    TICKS_PER_MINUTE, TICKS_PER_SECOND,
};
use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, Timelike};

/// Ticks of 0001-01-01T00:00:00Z, the smallest datetime Kusto holds.
pub const MIN_TICKS: i64 = -62_135_596_800 * TICKS_PER_SECOND;
/// Ticks of 9999-12-31T23:59:59.9999999Z, the largest datetime Kusto holds.
pub const MAX_TICKS: i64 = 253_402_300_800 * TICKS_PER_SECOND - 1;

/// The datetime when it lies in Kusto's range (0001-01-01 … 9999-12-31), else `None`.
pub fn in_range(ticks: i64) -> Option<i64> {
    (MIN_TICKS..=MAX_TICKS).contains(&ticks).then_some(ticks)
}

/// The calendar date and time of a tick count.
pub fn civil(ticks: i64) -> Option<NaiveDateTime> {
    time::ticks_to_chrono(ticks).map(|d| d.naive_utc())
}

/// The ticks of a calendar date at midnight.
pub fn date_ticks(date: NaiveDate) -> i64 {
    time::ticks_from_chrono(date.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// The ticks of a calendar date and time.
pub fn civil_ticks(dt: NaiveDateTime) -> i64 {
    time::ticks_from_chrono(dt.and_utc())
}

/// Midnight of the same day.
pub fn start_of_day(ticks: i64) -> i64 {
    ticks - ticks.rem_euclid(TICKS_PER_DAY)
}

/// Midnight of the Sunday that starts the week (Kusto's weeks start on Sunday).
pub fn start_of_week(ticks: i64) -> Option<i64> {
    let date = civil(ticks)?.date();
    let back = i64::from(date.weekday().num_days_from_sunday());
    Some(start_of_day(ticks) - back * TICKS_PER_DAY)
}

/// Midnight of the first day of the month.
pub fn start_of_month(ticks: i64) -> Option<i64> {
    let date = civil(ticks)?.date();
    Some(date_ticks(date.with_day(1)?))
}

/// Midnight of January 1st of the year.
pub fn start_of_year(ticks: i64) -> Option<i64> {
    let date = civil(ticks)?.date();
    Some(date_ticks(NaiveDate::from_ymd_opt(date.year(), 1, 1)?))
}

/// Adds calendar months, keeping the time of day and clamping the day to the
/// month's last day (as .NET's `AddMonths`, which Kusto uses).
pub fn add_months(ticks: i64, months: i64) -> Option<i64> {
    let dt = civil(ticks)?;
    let shifted = if months >= 0 {
        dt.checked_add_months(Months::new(u32::try_from(months).ok()?))?
    } else {
        dt.checked_sub_months(Months::new(u32::try_from(months.checked_neg()?).ok()?))?
    };
    let frac = ticks.rem_euclid(TICKS_PER_SECOND);
    in_range(civil_ticks(shifted.with_nanosecond(0)?) + frac)
}

/// A period name of `datetime_add`/`datetime_diff`, read case-insensitively.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
    Nanosecond,
}

impl Period {
    /// Reads `year`, `Quarter`, `days`, … (singular or plural, any case).
    pub fn parse(name: &str) -> Option<Period> {
        let lower = name.trim().to_ascii_lowercase();
        let singular = lower.strip_suffix('s').unwrap_or(&lower);
        Some(match singular {
            "year" => Period::Year,
            "quarter" => Period::Quarter,
            "month" => Period::Month,
            "week" => Period::Week,
            "day" => Period::Day,
            "hour" => Period::Hour,
            "minute" => Period::Minute,
            "second" => Period::Second,
            "millisecond" => Period::Millisecond,
            "microsecond" => Period::Microsecond,
            "nanosecond" => Period::Nanosecond,
            _ => return None,
        })
    }

    /// Ticks of one period when the period has a fixed length.
    fn fixed_ticks(self) -> Option<i64> {
        Some(match self {
            Period::Week => 7 * TICKS_PER_DAY,
            Period::Day => TICKS_PER_DAY,
            Period::Hour => TICKS_PER_HOUR,
            Period::Minute => TICKS_PER_MINUTE,
            Period::Second => TICKS_PER_SECOND,
            Period::Millisecond => TICKS_PER_MILLISECOND,
            Period::Microsecond => TICKS_PER_MICROSECOND,
            _ => return None,
        })
    }
}

/// `datetime_add`: the datetime moved by `amount` periods (`None` out of range).
pub fn add_period(period: Period, amount: i64, ticks: i64) -> Option<i64> {
    match period {
        Period::Year => add_months(ticks, amount.checked_mul(12)?),
        Period::Quarter => add_months(ticks, amount.checked_mul(3)?),
        Period::Month => add_months(ticks, amount),
        Period::Nanosecond => in_range(ticks.checked_add(amount / 100)?),
        fixed => in_range(ticks.checked_add(amount.checked_mul(fixed.fixed_ticks()?)?)?),
    }
}

/// `datetime_diff`: how many period boundaries lie between `b` and `a` (a − b),
/// e.g. 2017-01-01 and 2016-12-31 are one year apart.
pub fn diff_periods(period: Period, a: i64, b: i64) -> Option<i64> {
    let (ca, cb) = (civil(a)?, civil(b)?);
    let months = |c: &NaiveDateTime| i64::from(c.year()) * 12 + i64::from(c.month0());
    Some(match period {
        Period::Year => i64::from(ca.year() - cb.year()),
        Period::Quarter => months(&ca).div_euclid(3) - months(&cb).div_euclid(3),
        Period::Month => months(&ca) - months(&cb),
        Period::Week => (start_of_week(a)? - start_of_week(b)?) / (7 * TICKS_PER_DAY),
        Period::Nanosecond => a.checked_sub(b)?.checked_mul(100)?,
        fixed => {
            let unit = fixed.fixed_ticks()?;
            a.div_euclid(unit) - b.div_euclid(unit)
        }
    })
}

/// `datetime_part`: one component of a datetime.
pub fn part(name: &str, ticks: i64) -> Option<i64> {
    let c = civil(ticks)?;
    let frac = ticks.rem_euclid(TICKS_PER_SECOND);
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "year" => i64::from(c.year()),
        "quarter" => i64::from(c.month0() / 3 + 1),
        "month" => i64::from(c.month()),
        "week_of_year" | "weekofyear" | "week" => i64::from(c.iso_week().week()),
        "day" => i64::from(c.day()),
        "dayofyear" | "day_of_year" => i64::from(c.ordinal()),
        "hour" => i64::from(c.hour()),
        "minute" => i64::from(c.minute()),
        "second" => i64::from(c.second()),
        "millisecond" => frac / TICKS_PER_MILLISECOND,
        "microsecond" => frac / TICKS_PER_MICROSECOND,
        "nanosecond" => frac * 100,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        time::parse_datetime(text).unwrap()
    }

    #[test]
    fn adding_a_month_clamps_to_the_last_day() {
        assert_eq!(
            add_months(at("2017-01-31 10:00"), 1),
            Some(at("2017-02-28 10:00"))
        );
        assert_eq!(add_months(at("2016-03-31"), -1), Some(at("2016-02-29")));
    }

    #[test]
    fn range_limits_are_years_1_and_9999() {
        assert_eq!(civil(MIN_TICKS).map(|c| c.year()), Some(1));
        assert_eq!(civil(MAX_TICKS).map(|c| c.year()), Some(9999));
        assert_eq!(in_range(MAX_TICKS + 1), None);
    }
}
