//! ES|QL tokens: names (back-quoted when they are not plain field names) and literals.

use crate::value::{Type, Value, time};

/// `name` as ES|QL writes it: bare for `[A-Za-z_@][A-Za-z0-9_.@]*`, else `` `name` ``.
pub fn name(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '@')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@'))
        && !name.ends_with('.')
        && !RESERVED.contains(&name.to_ascii_lowercase().as_str());
    if plain {
        name.to_string()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

/// ES|QL words a field may not be named bare.
const RESERVED: &[&str] = &[
    "and", "or", "not", "by", "on", "with", "in", "is", "null", "true", "false", "like", "rlike",
    "asc", "desc", "nulls", "first", "last", "as", "metadata", "where", "eval", "stats", "keep",
    "drop", "rename", "sort", "limit", "from", "row",
];

/// An ES|QL string literal with its quotes.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A literal value; `None` for a value ES|QL has no literal for (a sub-millisecond
/// timespan, a dynamic value).
pub fn literal(value: &Value, ty: Type) -> Option<String> {
    Some(match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Long(n) if ty == Type::Real => format!("{n}.0"),
        Value::Long(n) => n.to_string(),
        Value::Real(r) if r.is_finite() => {
            let s = format!("{r:?}");
            if s.contains(['.', 'e', 'E']) {
                s
            } else {
                format!("{s}.0")
            }
        }
        Value::String(s) | Value::Guid(s) => string(s),
        Value::DateTime(t) => format!("TO_DATETIME(\"{}\")", esql_datetime(*t)),
        Value::TimeSpan(t) => timespan(*t)?,
        _ => return None,
    })
}

/// A date as ES|QL writes it (milliseconds).
fn esql_datetime(ticks: i64) -> String {
    let text = time::format_datetime(ticks - ticks.rem_euclid(10_000));
    match text.split_once('.') {
        Some((base, frac)) => format!("{base}.{}Z", &frac[..3]),
        None => text,
    }
}

/// A timespan as an ES|QL time duration (`1 hour`, `90 seconds`); `None` below a millisecond.
pub fn timespan(ticks: i64) -> Option<String> {
    const UNITS: &[(i64, &str)] = &[
        (864_000_000_000, "day"),
        (36_000_000_000, "hour"),
        (600_000_000, "minute"),
        (10_000_000, "second"),
        (10_000, "millisecond"),
    ];
    if ticks == 0 {
        return Some("0 seconds".into());
    }
    let (per, unit) = UNITS.iter().find(|(per, _)| ticks % per == 0)?;
    let n = ticks / per;
    let plural = if n.abs() == 1 { "" } else { "s" };
    Some(if n < 0 {
        format!("(0 seconds - {} {unit}{plural})", -n)
    } else {
        format!("{n} {unit}{plural}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_names_stay_bare_and_others_are_back_quoted() {
        assert_eq!(name("host.name"), "host.name");
        assert_eq!(name("@timestamp"), "@timestamp");
        assert_eq!(name("count_"), "count_");
        assert_eq!(name("a b"), "`a b`");
        assert_eq!(name("by"), "`by`");
    }

    #[test]
    fn timespans_are_time_durations() {
        assert_eq!(timespan(36_000_000_000).as_deref(), Some("1 hour"));
        assert_eq!(timespan(3 * 864_000_000_000).as_deref(), Some("3 days"));
        assert_eq!(timespan(5), None);
    }
}
