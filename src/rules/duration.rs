//! Durations in rule metadata: Sentinel's `5m`, `1h`, `14d` and ISO 8601's `PT30M`, `P1D`.

use crate::value::time::{
    TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, parse_timespan_literal,
};

/// A duration as written in the rule, with its length in ticks (100 ns) when it could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDuration {
    /// The text as written, e.g. `1h` or `PT30M`.
    pub text: String,
    /// The length in ticks; `None` when the text is not a duration kqlc understands.
    pub ticks: Option<i64>,
}

impl RuleDuration {
    /// Reads a duration, keeping the text even when it cannot be parsed.
    pub fn parse(text: &str) -> RuleDuration {
        let trimmed = text.trim();
        let ticks = parse_iso8601(trimmed).or_else(|| parse_timespan_literal(trimmed));
        RuleDuration {
            text: text.to_string(),
            ticks,
        }
    }
}

/// Reads an ISO 8601 duration `P[nW][nD][T[nH][nM][n[.f]S]]` (case-insensitive).
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let upper = text.to_ascii_uppercase();
    let body = upper.strip_prefix('P')?;
    let (date, time) = match body.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (body, None),
    };
    if date.is_empty() && time.is_none() {
        return None;
    }
    let date_ticks = sum_components(date, &[('W', 7 * TICKS_PER_DAY), ('D', TICKS_PER_DAY)])?;
    let time_ticks = match time {
        Some(t) => sum_components(
            t,
            &[
                ('H', TICKS_PER_HOUR),
                ('M', TICKS_PER_MINUTE),
                ('S', TICKS_PER_SECOND),
            ],
        )?,
        None => 0,
    };
    date_ticks.checked_add(time_ticks)
}

/// Sums `<number><unit>` components that appear in the order of `units`, each at most once.
fn sum_components(text: &str, units: &[(char, i64)]) -> Option<i64> {
    let mut total: i64 = 0;
    let mut rest = text;
    let mut next_unit = 0;
    while !rest.is_empty() {
        let end = rest.find(|c: char| c.is_ascii_alphabetic())?;
        let (number, tail) = rest.split_at(end);
        let unit = tail.chars().next()?;
        let offset = units[next_unit..].iter().position(|(u, _)| *u == unit)?;
        let (_, ticks_per_unit) = units[next_unit + offset];
        next_unit += offset + 1;
        let n: f64 = number
            .parse()
            .ok()
            .filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
        let ticks = n * ticks_per_unit as f64;
        if ticks > i64::MAX as f64 {
            return None;
        }
        total = total.checked_add(ticks.round() as i64)?;
        rest = &tail[unit.len_utf8()..];
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentinel_short_durations_are_timespan_literals() {
        assert_eq!(RuleDuration::parse("1h").ticks, Some(TICKS_PER_HOUR));
        assert_eq!(RuleDuration::parse("5m").ticks, Some(5 * TICKS_PER_MINUTE));
        assert_eq!(RuleDuration::parse("14d").ticks, Some(14 * TICKS_PER_DAY));
    }

    #[test]
    fn iso8601_durations_are_read() {
        assert_eq!(parse_iso8601("PT30M"), Some(30 * TICKS_PER_MINUTE));
        assert_eq!(parse_iso8601("PT12H"), Some(12 * TICKS_PER_HOUR));
        assert_eq!(parse_iso8601("P1D"), Some(TICKS_PER_DAY));
        assert_eq!(
            parse_iso8601("P1DT2H"),
            Some(TICKS_PER_DAY + 2 * TICKS_PER_HOUR)
        );
        assert_eq!(parse_iso8601("pt1.5s"), Some(15_000_000));
        assert_eq!(parse_iso8601("P2W"), Some(14 * TICKS_PER_DAY));
    }

    #[test]
    fn malformed_durations_keep_their_text_without_ticks() {
        for bad in [
            "",
            "P",
            "PT",
            "P1H",
            "PT1D",
            "PT1M1H",
            "1 fortnight",
            "P1e400D",
        ] {
            let d = RuleDuration::parse(bad);
            assert_eq!(d.ticks, None, "{bad}");
            assert_eq!(d.text, bad);
        }
    }
}
