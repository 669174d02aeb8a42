//! KQL tokens: names (bracket-quoted when they are not plain identifiers) and literals.

use crate::syntax::kql::reserved;
use crate::value::{Type, Value, time};

/// Words the writer brackets besides those Kusto reserves
/// ([`crate::syntax::kql::reserved`]): literals and operator names, to be safe.
const RESERVED: &[&str] = &[
    "and",
    "or",
    "not",
    "by",
    "on",
    "with",
    "in",
    "has",
    "contains",
    "between",
    "true",
    "false",
    "null",
    "let",
    "set",
    "print",
    "where",
    "project",
    "extend",
    "summarize",
    "sort",
    "order",
    "take",
    "limit",
    "join",
    "union",
    "asc",
    "desc",
    "nulls",
    "first",
    "last",
    "kind",
    "to",
    "typeof",
    "count",
    "top",
    "range",
    "datatable",
    "as",
    "of",
    "step",
    "from",
];

/// `name` as KQL writes it: bare when it is an identifier, else `['name']`.
pub fn name(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name.to_ascii_lowercase().as_str())
        && !reserved::is_reserved(name);
    if plain {
        name.to_string()
    } else {
        format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// A KQL string literal with its quotes.
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

/// The null of a type (a string's null is `""`: Kusto strings are never null).
pub fn null_of(ty: Type) -> String {
    match ty {
        Type::Bool => "bool(null)",
        Type::Int => "int(null)",
        Type::Long => "long(null)",
        Type::Real | Type::Decimal => "real(null)",
        Type::String => "\"\"",
        Type::DateTime => "datetime(null)",
        Type::TimeSpan => "timespan(null)",
        Type::Guid => "guid(null)",
        Type::Dynamic | Type::Unknown => "dynamic(null)",
    }
    .to_string()
}

/// A literal value typed `ty`; `None` for a value KQL has no literal for.
pub fn literal(value: &Value, ty: Type) -> Option<String> {
    Some(match value {
        Value::Null => null_of(ty),
        Value::Bool(b) => b.to_string(),
        Value::Long(n) if ty == Type::Real => format!("real({n})"),
        Value::Long(n) => n.to_string(),
        Value::Real(r) => real(*r),
        Value::String(s) => string(s),
        Value::DateTime(t) => format!("datetime({})", time::format_datetime(*t)),
        Value::TimeSpan(t) => timespan(*t),
        Value::Guid(g) => format!("guid({g})"),
        Value::Dynamic(d) if d.get("esql_months").is_some() => return None,
        Value::Dynamic(d) => format!("dynamic({d})"),
    })
}

fn real(r: f64) -> String {
    if r.is_nan() {
        "real(nan)".into()
    } else if r.is_infinite() {
        if r > 0.0 { "real(+inf)" } else { "real(-inf)" }.into()
    } else {
        let s = format!("{r:?}");
        if s.contains(['.', 'e', 'E']) {
            s
        } else {
            format!("{s}.0")
        }
    }
}

/// A timespan literal in the largest unit that divides it (`1h`, `90s`, `5tick`).
pub fn timespan(ticks: i64) -> String {
    const UNITS: &[(i64, &str)] = &[
        (864_000_000_000, "d"),
        (36_000_000_000, "h"),
        (600_000_000, "m"),
        (10_000_000, "s"),
        (10_000, "ms"),
        (1, "tick"),
    ];
    if ticks == 0 {
        return "0s".into();
    }
    let (per, unit) = UNITS
        .iter()
        .find(|(per, _)| ticks % per == 0)
        .copied()
        .unwrap_or((1, "tick"));
    if ticks < 0 {
        format!("(-{}{unit})", -(ticks / per))
    } else {
        format!("{}{unit}", ticks / per)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_not_identifiers_are_bracket_quoted() {
        assert_eq!(name("host_name"), "host_name");
        assert_eq!(name("host.name"), "['host.name']");
        assert_eq!(name("@timestamp"), "['@timestamp']");
        assert_eq!(name("by"), "['by']");
        assert_eq!(name("it's"), "['it\\'s']");
    }

    #[test]
    fn timespans_use_the_largest_whole_unit() {
        assert_eq!(timespan(36_000_000_000), "1h");
        assert_eq!(timespan(900_000_000), "90s");
        assert_eq!(timespan(-864_000_000_000), "(-1d)");
    }
}
