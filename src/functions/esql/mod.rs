//! ES|QL functions: a separate name table, looked up case-insensitively by the ES|QL
//! lowering. Most names map to a KQL registry entry with the same semantics; the rest
//! (three-valued `==`, `LIKE`/`RLIKE`, 1-based `substring`, `case` without an else)
//! are small implementations here.

pub mod aggregate;
pub mod aggregate_numeric;
pub mod aggregate_order;
pub mod aggregate_stats;
pub mod arith;
pub mod bounds;
pub mod bucket;
pub mod calendar;
pub mod convert;
pub mod extract;
pub mod kibana;
pub mod math;
pub mod mv;
pub mod mv_stats;
pub mod scalars;
pub mod sets;
pub mod text;

use super::args::{arg, long, text};
use super::registry::{self, EvalContext, ReturnType, ScalarFunction};
use crate::exec::eval::apply_binary;
use crate::plan::BinaryOp;
use crate::value::{Type, Value};
pub use arith::calendar_period;
pub use convert::{CONVERSIONS, iso_datetime};

/// ES|QL scalar names backed by a KQL function of the same semantics.
const KQL_SCALARS: &[(&str, &str)] = &[
    ("to_lower", "tolower"),
    ("to_upper", "toupper"),
    ("length", "strlen"),
    ("starts_with", "startswith_cs"),
    ("ends_with", "endswith_cs"),
    ("round", "round"),
    ("abs", "abs"),
    ("to_string", "tostring"),
    ("to_integer", "toint"),
    ("to_int", "toint"),
    ("to_long", "tolong"),
    ("to_double", "todouble"),
    ("to_datetime", "todatetime"),
    ("is_null", "isnull"),
    ("md5", "hash_md5"),
    ("sha1", "hash_sha1"),
    ("sha256", "hash_sha256"),
    ("to_base64", "base64_encode_tostring"),
    ("from_base64", "base64_decode_tostring"),
    ("url_decode", "url_decode"),
    ("reverse", "reverse"),
    ("isnotnull", "isnotnull"),
    // The reference's aliases and conversions kqlc keeps in its own types: an
    // unsigned_long is a long, a version its text, date_nanos a date.
    ("to_dbl", "todouble"),
    ("to_str", "tostring"),
    ("to_unsigned_long", "tolong"),
    ("to_ul", "tolong"),
    ("to_ulong", "tolong"),
    ("to_version", "tostring"),
    ("to_text", "tostring"),
    ("to_ver", "tostring"),
];

/// Whether the ES|QL function `name` is null when any argument is null (true for the
/// KQL-backed ones, whose KQL versions read null as an empty value).
pub fn null_in_null_out(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    KQL_SCALARS.iter().any(|(e, _)| *e == lower)
        && !matches!(lower.as_str(), "is_null" | "isnotnull" | "not")
}

/// The scalar functions implemented for ES|QL itself, module by module.
fn own_functions() -> impl Iterator<Item = &'static ScalarFunction> {
    [
        FUNCTIONS,
        math::FUNCTIONS,
        arith::FUNCTIONS,
        bucket::FUNCTIONS,
        text::FUNCTIONS,
        mv_stats::FUNCTIONS,
        sets::FUNCTIONS,
        bounds::FUNCTIONS,
        calendar::FUNCTIONS,
        kibana::FUNCTIONS,
    ]
    .into_iter()
    .flatten()
}

/// The scalar function an ES|QL name denotes (names are case-insensitive).
pub fn scalar(name: &str) -> Option<&'static ScalarFunction> {
    let lower = name.to_ascii_lowercase();
    if let Some(f) = own_functions().find(|f| f.name == lower) {
        return Some(f);
    }
    KQL_SCALARS
        .iter()
        .find(|(e, _)| *e == lower)
        .and_then(|(_, k)| registry::scalar(k))
}

/// How an ES|QL aggregate lowers onto a KQL accumulator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggregateKind {
    /// The KQL aggregate of that name, arguments as written.
    Kql(&'static str),
    /// `count(x)`: rows where `x` is not null (`countif(isnotnull(x))`).
    CountNonNull,
    /// `median(x)`: `esql_percentile(x, 50)`.
    Median,
}

/// Each ES|QL aggregate and how it lowers.
const AGGREGATES: &[(&str, AggregateKind)] = {
    use AggregateKind::*;
    &[
        ("count", CountNonNull),
        ("count_distinct", Kql("dcount")),
        ("values", Kql("make_set")),
        ("sum", Kql("esql_sum")),
        ("avg", Kql("esql_avg")),
        ("min", Kql("min")),
        ("max", Kql("max")),
        ("median", Median),
        ("percentile", Kql("esql_percentile")),
        ("top", Kql("esql_top")),
        ("first", Kql("esql_first")),
        ("last", Kql("esql_last")),
        ("std_dev", Kql("esql_std_dev")),
        ("variance", Kql("esql_variance")),
        ("present", Kql("esql_present")),
        ("absent", Kql("esql_absent")),
        ("weighted_avg", Kql("esql_weighted_avg")),
        (
            "median_absolute_deviation",
            Kql("esql_median_absolute_deviation"),
        ),
    ]
};

/// The aggregate an ES|QL name denotes, case-insensitively.
pub fn aggregate(name: &str) -> Option<AggregateKind> {
    let lower = name.to_ascii_lowercase();
    AGGREGATES
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, kind)| *kind)
}

/// Every ES|QL function name, for did-you-mean hints.
pub fn all_names() -> Vec<&'static str> {
    own_functions()
        .map(|f| f.name)
        .chain(KQL_SCALARS.iter().map(|(e, _)| *e))
        .chain(AGGREGATES.iter().map(|(n, _)| *n))
        .collect()
}

/// `a == b` in ES|QL: null when either side is null (Kusto's `==` is not).
fn eq(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(three_valued(BinaryOp::Eq, args))
}

fn not_eq(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(three_valued(BinaryOp::NotEq, args))
}

fn three_valued(op: BinaryOp, args: &[Value]) -> Value {
    let (l, r) = (arg(args, 0), arg(args, 1));
    if l.is_null() || r.is_null() || is_multi(l) || is_multi(r) {
        return Value::Null;
    }
    apply_binary(op, l, r)
}

/// `x IN (a, b, …)` with three-valued logic: null when `x` is null, or when nothing
/// matches and the list holds a null.
fn in_list(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let x = arg(args, 0);
    if x.is_null() || is_multi(x) {
        return Ok(Value::Null);
    }
    let mut saw_null = false;
    for item in &args[1..] {
        if item.is_null() {
            saw_null = true;
        } else if apply_binary(BinaryOp::Eq, x, item) == Value::Bool(true) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(if saw_null {
        Value::Null
    } else {
        Value::Bool(false)
    })
}

/// `NOT x`: null stays null (three-valued logic).
fn not(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0).as_bool() {
        Some(b) => Value::Bool(!b),
        None => Value::Null,
    })
}

/// `date_format([pattern], date)`: Java-style `yyyy MM dd HH mm ss SSS` and quoted
/// literals; the default is ES|QL's `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`.
fn date_format(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (pattern, date) = match args {
        [d] => ("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'".to_string(), d),
        [p, d] => match p.as_str() {
            Some(p) => (p.to_string(), d),
            None => return Ok(Value::Null),
        },
        _ => return Ok(Value::Null),
    };
    let Value::DateTime(t) = date else {
        return Ok(Value::Null);
    };
    let Some(dt) = crate::value::time::ticks_to_chrono(*t) else {
        return Ok(Value::Null);
    };
    let fmt = chrono_format(&pattern);
    Ok(Value::string(dt.format(&fmt).to_string()))
}

/// A Java `DateTimeFormatter` pattern (`yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`) as a chrono format.
pub(crate) fn chrono_format(pattern: &str) -> String {
    let mut fmt = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            for q in chars.by_ref() {
                if q == '\'' {
                    break;
                }
                fmt.push_str(if q == '%' { "%%" } else { "" });
                if q != '%' {
                    fmt.push(q);
                }
            }
            continue;
        }
        let mut run = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            run += 1;
        }
        let piece = match (c, run) {
            ('y' | 'u', 2) => "%y".to_string(),
            ('y' | 'u', _) => "%Y".to_string(),
            ('M', 1 | 2) => "%m".to_string(),
            ('M', 3) => "%b".to_string(),
            ('M', _) => "%B".to_string(),
            ('d', _) => "%d".to_string(),
            ('H', _) => "%H".to_string(),
            ('m', _) => "%M".to_string(),
            ('s', _) => "%S".to_string(),
            ('S', n) => format!("%{}f", n.min(9)),
            ('%', n) => "%%".repeat(n),
            (other, n) => other.to_string().repeat(n),
        };
        fmt.push_str(&piece);
    }
    fmt
}

/// `date_extract(part, date)`: one calendar field of the date.
fn date_extract(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    use chrono::{Datelike, Timelike};
    let (Some(part), Value::DateTime(t)) = (arg(args, 0).as_str(), arg(args, 1)) else {
        return Ok(Value::Null);
    };
    let Some(dt) = crate::value::time::ticks_to_chrono(*t) else {
        return Ok(Value::Null);
    };
    let v = match part.to_ascii_uppercase().as_str() {
        "YEAR" => i64::from(dt.year()),
        "MONTH_OF_YEAR" => i64::from(dt.month()),
        "DAY_OF_MONTH" => i64::from(dt.day()),
        "DAY_OF_YEAR" => i64::from(dt.ordinal()),
        "DAY_OF_WEEK" => i64::from(dt.weekday().number_from_monday()),
        "HOUR_OF_DAY" => i64::from(dt.hour()),
        "MINUTE_OF_HOUR" => i64::from(dt.minute()),
        "SECOND_OF_MINUTE" => i64::from(dt.second()),
        _ => return Err(format!("unknown date_extract part `{part}`")),
    };
    Ok(Value::Long(v))
}

/// `case(c1, v1, …, [else])`: the value of the first true condition; null when none
/// is true and no else is given (an even argument count).
fn case(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let mut i = 0;
    while i + 1 < args.len() {
        if args[i].as_bool() == Some(true) {
            return Ok(args[i + 1].clone());
        }
        i += 2;
    }
    Ok(if args.len() % 2 == 1 {
        args[args.len() - 1].clone()
    } else {
        Value::Null
    })
}

fn case_type(args: &[Type]) -> Type {
    args.iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 1 || *i + 1 == args.len())
        .map(|(_, t)| *t)
        .find(|t| *t != Type::Unknown)
        .unwrap_or(Type::Unknown)
}

/// `substring(s, start, [length])`: `start` counts from 1; a negative start counts
/// from the end.
fn substring(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(start)) = (arg(args, 0).as_str(), long(args, 1)) else {
        return Ok(Value::Null);
    };
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let from = if start < 0 {
        (n + start).max(0)
    } else {
        (start - 1).max(0)
    }
    .min(n);
    let len = match arg(args, 2) {
        Value::Null => n - from,
        _ => long(args, 2).unwrap_or(0).max(0),
    };
    let to = (from + len).min(n);
    Ok(Value::string(
        chars[from as usize..to as usize].iter().collect::<String>(),
    ))
}

/// `trim(s)`: leading and trailing whitespace removed.
fn trim(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Null => Value::Null,
        _ => Value::string(text(args, 0).trim()),
    })
}

/// `x LIKE pattern`: `*` any run, `?` one character, `\` escapes; whole-value match.
fn like(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(p)) = (arg(args, 0).as_str(), arg(args, 1).as_str()) else {
        return Ok(Value::Null);
    };
    Ok(Value::Bool(wildcard_matches(p, s)))
}

/// `x RLIKE pattern`: a regular expression that must match the whole value.
fn rlike(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(p)) = (arg(args, 0).as_str(), arg(args, 1).as_str()) else {
        return Ok(Value::Null);
    };
    let re = regex::Regex::new(&format!("^(?:{p})$")).map_err(|e| e.to_string())?;
    Ok(Value::Bool(re.is_match(s)))
}

/// Matches `text` against a `LIKE` pattern.
pub fn wildcard_matches(pattern: &str, text: &str) -> bool {
    let mut re = String::from("^(?s:");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '\\' => {
                if let Some(n) = chars.next() {
                    re.push_str(&regex::escape(&n.to_string()));
                }
            }
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push_str(")$");
    regex::Regex::new(&re).is_ok_and(|r| r.is_match(text))
}

/// `mv_count(x)`: how many values `x` holds (1 for a single value, null for null).
fn mv_count(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Null => Value::Null,
        Value::Dynamic(d) => match d.as_array() {
            Some(a) => Value::Long(a.len() as i64),
            None => Value::Long(1),
        },
        _ => Value::Long(1),
    })
}

/// 100 ns ticks per day.
const TICKS_PER_DAY: i64 = 864_000_000_000;

/// `date_trunc(interval, date)` for a clock interval: floored to a multiple of the
/// interval since the epoch; exactly one week floors to the Monday (calendar week).
fn date_trunc(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Value::TimeSpan(step), Value::DateTime(t)) = (arg(args, 0), arg(args, 1)) else {
        return Ok(Value::Null);
    };
    if *step <= 0 {
        return Ok(Value::Null);
    }
    // 1970-01-05 was a Monday.
    let origin = if *step == 7 * TICKS_PER_DAY {
        4 * TICKS_PER_DAY
    } else {
        0
    };
    Ok(Value::DateTime(
        (t - origin).div_euclid(*step) * step + origin,
    ))
}

/// `date_trunc(n month|quarter|year, date)`: floored to a multiple of `n` months
/// counted from year 0 (so quarters and years align with the calendar).
fn date_trunc_months(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    use chrono::{Datelike, TimeZone};
    let (Value::Long(n), Value::DateTime(t)) = (arg(args, 0), arg(args, 1)) else {
        return Ok(Value::Null);
    };
    let Some(dt) = crate::value::time::ticks_to_chrono(*t) else {
        return Ok(Value::Null);
    };
    if *n <= 0 {
        return Ok(Value::Null);
    }
    let months = i64::from(dt.year()) * 12 + i64::from(dt.month0());
    let floored = months.div_euclid(*n) * n;
    let (y, m) = (floored.div_euclid(12), floored.rem_euclid(12) + 1);
    let Ok(y) = i32::try_from(y) else {
        return Ok(Value::Null);
    };
    Ok(chrono::Utc
        .with_ymd_and_hms(y, m as u32, 1, 0, 0, 0)
        .single()
        .map_or(Value::Null, |d| {
            Value::DateTime(crate::value::time::ticks_from_chrono(d))
        }))
}

/// `concat(a, b, …)`: null when any argument is null (KQL's `strcat` is not).
fn concat(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    if args.iter().any(|a| a.is_null() || is_multi(a)) {
        return Ok(Value::Null);
    }
    Ok(Value::string(
        (0..args.len()).map(|i| text(args, i)).collect::<String>(),
    ))
}

/// The values of a (possibly multi-valued) argument; empty for null.
pub(crate) fn values_of(v: &Value) -> Vec<Value> {
    match v {
        Value::Null => Vec::new(),
        Value::Dynamic(d) => match d.as_array() {
            Some(a) => a.iter().map(Value::from_json_scalar).collect(),
            None => vec![Value::from_json_scalar(d)],
        },
        other => vec![other.clone()],
    }
}

/// A list of values back as one value: null, a single value, or a multi-value.
pub(crate) fn from_values(mut values: Vec<Value>) -> Value {
    match values.len() {
        0 => Value::Null,
        1 => values.remove(0),
        _ => Value::dynamic(serde_json::Value::Array(
            values.iter().map(esql_json).collect(),
        )),
    }
}

/// A value as an element of an ES|QL multi-value: dates in ES|QL's own rendering
/// (`YYYY-MM-DDTHH:MM:SS.sssZ`, milliseconds), the rest as JSON.
pub fn esql_json(v: &Value) -> serde_json::Value {
    match v {
        Value::DateTime(t) => crate::value::time::ticks_to_chrono(*t).map_or_else(
            || v.to_json(),
            |d| serde_json::Value::String(d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
        ),
        other => other.to_json(),
    }
}

fn mv_first(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(values_of(arg(args, 0))
        .into_iter()
        .next()
        .unwrap_or(Value::Null))
}

fn mv_last(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(values_of(arg(args, 0)).pop().unwrap_or(Value::Null))
}

fn mv_min(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(values_of(arg(args, 0))
        .into_iter()
        .min_by(|a, b| a.total_cmp(b))
        .unwrap_or(Value::Null))
}

fn mv_max(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(values_of(arg(args, 0))
        .into_iter()
        .max_by(|a, b| a.total_cmp(b))
        .unwrap_or(Value::Null))
}

fn mv_dedupe(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let mut out: Vec<Value> = Vec::new();
    for v in values_of(arg(args, 0)) {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(from_values(out))
}

fn mv_concat(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let values = values_of(arg(args, 0));
    if values.is_empty() || arg(args, 1).is_null() {
        return Ok(Value::Null);
    }
    let parts: Vec<String> = values.iter().map(Value::to_kusto_string).collect();
    Ok(Value::string(parts.join(&text(args, 1))))
}

fn split(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(d)) = (arg(args, 0).as_str(), arg(args, 1).as_str()) else {
        return Ok(Value::Null);
    };
    if d.is_empty() {
        return Ok(Value::Null);
    }
    Ok(from_values(s.split(d).map(Value::string).collect()))
}

fn ltrim(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(arg(args, 0)
        .as_str()
        .map_or(Value::Null, |s| Value::string(s.trim_start())))
}

fn rtrim(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(arg(args, 0)
        .as_str()
        .map_or(Value::Null, |s| Value::string(s.trim_end())))
}

/// `esql_join_key(x)`: `x`, with null made a marker value so that the shared hash join
/// (which never matches null keys) puts null-keyed rows in the null group.
fn join_key(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Null => Value::string("\u{0}null"),
        Value::Dynamic(d) if d.is_null() => Value::string("\u{0}null"),
        other => other.clone(),
    })
}

/// `esql_lookup_key(x)`: `x`, or null (no match) when it is multi-valued.
fn lookup_key(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let x = arg(args, 0);
    Ok(if is_multi(x) { Value::Null } else { x.clone() })
}

/// `coalesce(a, …)`: the first non-null argument (one argument is allowed).
fn coalesce(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(args
        .iter()
        .find(|v| !v.is_null())
        .cloned()
        .unwrap_or(Value::Null))
}

fn first_known(args: &[Type]) -> Type {
    args.iter()
        .copied()
        .find(|t| *t != Type::Unknown)
        .unwrap_or(Type::Unknown)
}

/// `to_ip(s)`: the address in canonical text, null when `s` is not an IP address.
fn to_ip(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(arg(args, 0)
        .as_str()
        .and_then(|s| s.trim().parse::<std::net::IpAddr>().ok())
        .map_or(Value::Null, |ip| Value::string(ip.to_string())))
}

/// `cidr_match(ip, block, …)`: whether the address is in any of the blocks.
fn cidr_match(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(ip) = arg(args, 0)
        .as_str()
        .and_then(|s| s.parse::<std::net::IpAddr>().ok())
    else {
        return Ok(Value::Null);
    };
    // A block without a prefix length is that one address.
    let hit = args[1..].iter().flat_map(values_of).any(|b| {
        b.as_str().is_some_and(|b| match b.parse::<ipnet::IpNet>() {
            Ok(net) => net.contains(&ip),
            Err(_) => b.parse::<std::net::IpAddr>().is_ok_and(|one| one == ip),
        })
    });
    Ok(Value::Bool(hit))
}

/// `date_diff(unit, start, end)`: whole units from start to end (truncated), an
/// `integer`: a difference beyond its range is null (docs: functions-operators/
/// date-time-functions `DATE_DIFF`, which lists the units and abbreviations; strings
/// are read as dates).
fn date_diff(args: &[Value], cx: &EvalContext) -> Result<Value, String> {
    let v = date_diff_long(args, cx)?;
    Ok(match v {
        Value::Long(n) if i32::try_from(n).is_err() => Value::Null,
        other => other,
    })
}

fn date_diff_long(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    use chrono::Datelike;
    let (Some(unit), Some(a), Some(b)) = (
        arg(args, 0).as_str(),
        super::args::datetime(args, 1),
        super::args::datetime(args, 2),
    ) else {
        return Ok(Value::Null);
    };
    let (a, b) = (&a, &b);
    let tick = |n: i64| Value::Long((b - a) / n);
    Ok(match unit.to_ascii_lowercase().as_str() {
        "nanosecond" | "nanoseconds" | "ns" => {
            (b - a).checked_mul(100).map_or(Value::Null, Value::Long)
        }
        "microsecond" | "microseconds" | "mcs" => tick(10),
        "millisecond" | "milliseconds" | "ms" => tick(10_000),
        "second" | "seconds" | "ss" | "s" => tick(10_000_000),
        "minute" | "minutes" | "mi" | "n" => tick(600_000_000),
        "hour" | "hours" | "hh" => tick(36_000_000_000),
        "day" | "days" | "dd" | "d" | "dayofyear" | "dy" | "y" | "weekday" | "weekdays" | "dw" => {
            tick(TICKS_PER_DAY)
        }
        "week" | "weeks" | "wk" | "ww" => tick(7 * TICKS_PER_DAY),
        "month" | "months" | "mm" | "m" | "quarter" | "quarters" | "qq" | "q" | "year"
        | "years" | "yyyy" | "yy" => {
            let (Some(x), Some(y)) = (
                crate::value::time::ticks_to_chrono(*a),
                crate::value::time::ticks_to_chrono(*b),
            ) else {
                return Ok(Value::Null);
            };
            let mut months =
                i64::from(y.year() - x.year()) * 12 + i64::from(y.month()) - i64::from(x.month());
            let later_in_month = (y.day(), y.time()) < (x.day(), x.time());
            if months > 0 && later_in_month {
                months -= 1;
            } else if months < 0 && (y.day(), y.time()) > (x.day(), x.time()) {
                months += 1;
            }
            let per = match unit.chars().next() {
                Some('q') => 3,
                Some('y') => 12,
                _ => 1,
            };
            Value::Long(months / per)
        }
        _ => return Err(format!("unknown date_diff unit `{unit}`")),
    })
}

fn op_lt(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(single_valued(BinaryOp::Lt, args))
}

fn op_le(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(single_valued(BinaryOp::Le, args))
}

fn op_gt(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(single_valued(BinaryOp::Gt, args))
}

fn op_ge(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(single_valued(BinaryOp::Ge, args))
}

/// A binary operator as ES|QL applies it: null when either side is null or multi-valued.
fn single_valued(op: BinaryOp, args: &[Value]) -> Value {
    let (l, r) = (arg(args, 0), arg(args, 1));
    if is_multi(l) || is_multi(r) || l.is_null() || r.is_null() {
        return Value::Null;
    }
    if let (Some(a), Some(b)) = (l.as_str(), r.as_str())
        && let (Some(a), Some(b)) = (mv::ip_key(a), mv::ip_key(b))
    {
        let o = a.cmp(&b);
        let hit = match op {
            BinaryOp::Lt => o.is_lt(),
            BinaryOp::Le => o.is_le(),
            BinaryOp::Gt => o.is_gt(),
            BinaryOp::Ge => o.is_ge(),
            _ => return apply_binary(op, l, r),
        };
        return Value::Bool(hit);
    }
    apply_binary(op, l, r)
}

pub(crate) fn is_multi(v: &Value) -> bool {
    matches!(v, Value::Dynamic(d) if d.is_array())
}

/// A table entry of a function with no aliases (ES|QL names are the KQL-free ones).
const fn entry(
    name: &'static str,
    arity: (usize, usize),
    signature: &'static str,
    returns: ReturnType,
    eval: registry::ScalarImpl,
    doc: &'static str,
) -> ScalarFunction {
    registry::scalar_entry(name, &[], arity, signature, returns, eval, doc)
}

/// The functions implemented here (ES|QL semantics that differ from KQL's).
pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "esql_convert",
        (2, 3),
        "(conversion: keyword, x, [from: keyword]) -> any",
        ReturnType::Fixed(Type::Unknown),
        convert::convert,
        "A type conversion applied to every value of a multi-value.",
    ),
    entry(
        "date_format",
        (1, 2),
        "([pattern: keyword], date) -> keyword",
        ReturnType::Fixed(Type::String),
        date_format,
        "The date as text in a Java-style pattern.",
    ),
    entry(
        "date_extract",
        (2, 2),
        "(part: keyword, date) -> long",
        ReturnType::Fixed(Type::Long),
        date_extract,
        "One calendar field of a date (YEAR, MONTH_OF_YEAR, …).",
    ),
    entry(
        "not",
        (1, 1),
        "(x: boolean) -> boolean",
        ReturnType::Fixed(Type::Bool),
        not,
        "Negation; null stays null.",
    ),
    entry(
        "esql_in",
        (1, usize::MAX),
        "(x, item, …) -> boolean",
        ReturnType::Fixed(Type::Bool),
        in_list,
        "`x IN (items)`, null when x is null or no item matches and one is null.",
    ),
    entry(
        "esql_lt",
        (2, 2),
        "(a, b) -> any",
        ReturnType::Fixed(Type::Bool),
        op_lt,
        "The `Lt` operator, null on null or multi-valued input.",
    ),
    entry(
        "esql_le",
        (2, 2),
        "(a, b) -> any",
        ReturnType::Fixed(Type::Bool),
        op_le,
        "The `Le` operator, null on null or multi-valued input.",
    ),
    entry(
        "esql_gt",
        (2, 2),
        "(a, b) -> any",
        ReturnType::Fixed(Type::Bool),
        op_gt,
        "The `Gt` operator, null on null or multi-valued input.",
    ),
    entry(
        "esql_ge",
        (2, 2),
        "(a, b) -> any",
        ReturnType::Fixed(Type::Bool),
        op_ge,
        "The `Ge` operator, null on null or multi-valued input.",
    ),
    entry(
        "esql_sv",
        (1, 1),
        "(x) -> boolean",
        ReturnType::Fixed(Type::Bool),
        scalars::single_value,
        "Whether x is one value: not null, not multi-valued.",
    ),
    entry(
        "mv_first",
        (1, 1),
        "(x) -> any",
        ReturnType::SameAs(0),
        mv_first,
        "The first value of a multi-value.",
    ),
    entry(
        "mv_last",
        (1, 1),
        "(x) -> any",
        ReturnType::SameAs(0),
        mv_last,
        "The last value of a multi-value.",
    ),
    entry(
        "mv_min",
        (1, 1),
        "(x) -> any",
        ReturnType::SameAs(0),
        mv_min,
        "The smallest value of a multi-value.",
    ),
    entry(
        "mv_max",
        (1, 1),
        "(x) -> any",
        ReturnType::SameAs(0),
        mv_max,
        "The largest value of a multi-value.",
    ),
    entry(
        "mv_dedupe",
        (1, 1),
        "(x) -> any",
        ReturnType::SameAs(0),
        mv_dedupe,
        "The multi-value without duplicates.",
    ),
    entry(
        "mv_concat",
        (2, 2),
        "(x, delimiter: keyword) -> keyword",
        ReturnType::Fixed(Type::String),
        mv_concat,
        "The values joined by the delimiter.",
    ),
    entry(
        "split",
        (2, 2),
        "(s: keyword, delimiter: keyword) -> keyword",
        ReturnType::Fixed(Type::String),
        split,
        "The string split into a multi-value.",
    ),
    entry(
        "ltrim",
        (1, 1),
        "(s: keyword) -> keyword",
        ReturnType::Fixed(Type::String),
        ltrim,
        "Leading whitespace removed.",
    ),
    entry(
        "rtrim",
        (1, 1),
        "(s: keyword) -> keyword",
        ReturnType::Fixed(Type::String),
        rtrim,
        "Trailing whitespace removed.",
    ),
    entry(
        "coalesce",
        (1, usize::MAX),
        "(a, …) -> any",
        ReturnType::Rule(first_known),
        coalesce,
        "The first non-null argument.",
    ),
    entry(
        "to_ip",
        (1, 1),
        "(s: keyword) -> ip",
        ReturnType::Fixed(Type::String),
        to_ip,
        "The IP address in canonical text.",
    ),
    entry(
        "esql_to_ip",
        (2, 2),
        "(s: keyword, leading_zeros: keyword) -> ip",
        ReturnType::Fixed(Type::String),
        mv::to_ip,
        "`to_ip` with its `leading_zeros` option (reject, decimal, octal).",
    ),
    entry(
        "mv_sort",
        (1, 2),
        "(x, [order: keyword]) -> any",
        ReturnType::SameAs(0),
        mv::mv_sort,
        "The values sorted, ascending or DESC.",
    ),
    entry(
        "mv_slice",
        (2, 3),
        "(x, start: integer, [end: integer]) -> any",
        ReturnType::SameAs(0),
        mv::mv_slice,
        "The values from start to end inclusive (0-based).",
    ),
    entry(
        "esql_sort_key",
        (2, 2),
        "(x, descending: boolean) -> any",
        ReturnType::SameAs(0),
        mv::sort_key,
        "What SORT orders a value by (multi-value min/max, IP as bytes).",
    ),
    entry(
        "esql_extract",
        (2, 2),
        "(input: keyword, description: keyword) -> dynamic",
        ReturnType::Fixed(Type::Dynamic),
        extract::extract,
        "The columns DISSECT or GROK extract from one row.",
    ),
    entry(
        "replace",
        (3, 3),
        "(s: keyword, regex: keyword, new: keyword) -> keyword",
        ReturnType::Fixed(Type::String),
        scalars::replace,
        "Every match of the regex replaced.",
    ),
    entry(
        "locate",
        (2, 3),
        "(s: keyword, sub: keyword, [start: integer]) -> integer",
        ReturnType::Fixed(Type::Int),
        scalars::locate,
        "1-based position of a substring, 0 when absent.",
    ),
    entry(
        "floor",
        (1, 1),
        "(n) -> number",
        ReturnType::SameAs(0),
        scalars::floor,
        "Rounded down (integers unchanged).",
    ),
    entry(
        "ceil",
        (1, 1),
        "(n) -> number",
        ReturnType::SameAs(0),
        scalars::ceil,
        "Rounded up (integers unchanged).",
    ),
    entry(
        "sqrt",
        (1, 1),
        "(n) -> double",
        ReturnType::Fixed(Type::Real),
        scalars::sqrt,
        "Square root.",
    ),
    entry(
        "log10",
        (1, 1),
        "(n) -> double",
        ReturnType::Fixed(Type::Real),
        scalars::log10,
        "Base-10 logarithm.",
    ),
    entry(
        "log",
        (1, 2),
        "([base], n) -> double",
        ReturnType::Fixed(Type::Real),
        scalars::log,
        "Logarithm, natural or to a base.",
    ),
    entry(
        "exp",
        (1, 1),
        "(n) -> double",
        ReturnType::Fixed(Type::Real),
        scalars::exp,
        "e to the power n.",
    ),
    entry(
        "signum",
        (1, 1),
        "(n) -> double",
        ReturnType::Fixed(Type::Real),
        scalars::signum,
        "-1, 0 or 1 as a double.",
    ),
    entry(
        "pow",
        (2, 2),
        "(base, exponent) -> double",
        ReturnType::Fixed(Type::Real),
        scalars::pow,
        "base to the power exponent.",
    ),
    entry(
        "pi",
        (0, 0),
        "() -> double",
        ReturnType::Fixed(Type::Real),
        scalars::pi,
        "The constant pi.",
    ),
    entry(
        "e",
        (0, 0),
        "() -> double",
        ReturnType::Fixed(Type::Real),
        scalars::e,
        "Euler's number.",
    ),
    entry(
        "now",
        (0, 0),
        "() -> date",
        ReturnType::Fixed(Type::DateTime),
        scalars::now,
        "The query's one current time.",
    ),
    entry(
        "ip_prefix",
        (3, 3),
        "(ip, prefix_v4: integer, prefix_v6: integer) -> ip",
        ReturnType::Fixed(Type::String),
        scalars::ip_prefix,
        "The network address of the prefix.",
    ),
    entry(
        "mv_contains",
        (2, 2),
        "(superset, subset) -> boolean",
        ReturnType::Fixed(Type::Bool),
        scalars::mv_contains,
        "Whether every value of subset is in superset.",
    ),
    entry(
        "mv_append",
        (2, 2),
        "(a, b) -> any",
        ReturnType::SameAs(0),
        scalars::mv_append,
        "The values of both.",
    ),
    entry(
        "mv_sum",
        (1, 1),
        "(x) -> number",
        ReturnType::SameAs(0),
        scalars::mv_sum,
        "The sum of the values.",
    ),
    entry(
        "mv_avg",
        (1, 1),
        "(x) -> double",
        ReturnType::Fixed(Type::Real),
        scalars::mv_avg,
        "The mean of the values.",
    ),
    entry(
        "mv_median",
        (1, 1),
        "(x) -> number",
        ReturnType::SameAs(0),
        scalars::mv_median,
        "The median of the values.",
    ),
    entry(
        "greatest",
        (1, usize::MAX),
        "(a, …) -> any",
        ReturnType::Rule(first_known),
        scalars::greatest,
        "The largest argument.",
    ),
    entry(
        "least",
        (1, usize::MAX),
        "(a, …) -> any",
        ReturnType::Rule(first_known),
        scalars::least,
        "The smallest argument.",
    ),
    entry(
        "left",
        (2, 2),
        "(s: keyword, n: integer) -> keyword",
        ReturnType::Fixed(Type::String),
        scalars::left,
        "The first n characters.",
    ),
    entry(
        "right",
        (2, 2),
        "(s: keyword, n: integer) -> keyword",
        ReturnType::Fixed(Type::String),
        scalars::right,
        "The last n characters.",
    ),
    entry(
        "repeat",
        (2, 2),
        "(s: keyword, n: integer) -> keyword",
        ReturnType::Fixed(Type::String),
        scalars::repeat,
        "The string n times.",
    ),
    entry(
        "space",
        (1, 1),
        "(n: integer) -> keyword",
        ReturnType::Fixed(Type::String),
        scalars::space,
        "n spaces.",
    ),
    entry(
        "byte_length",
        (1, 1),
        "(s: keyword) -> integer",
        ReturnType::Fixed(Type::Int),
        scalars::byte_length,
        "UTF-8 length in bytes.",
    ),
    entry(
        "bit_length",
        (1, 1),
        "(s: keyword) -> integer",
        ReturnType::Fixed(Type::Int),
        scalars::bit_length,
        "UTF-8 length in bits.",
    ),
    entry(
        "to_boolean",
        (1, 1),
        "(x) -> boolean",
        ReturnType::Fixed(Type::Bool),
        scalars::to_boolean,
        "The value as a boolean.",
    ),
    entry(
        "to_bool",
        (1, 1),
        "(x) -> boolean",
        ReturnType::Fixed(Type::Bool),
        scalars::to_boolean,
        "The value as a boolean.",
    ),
    entry(
        "json_extract",
        (2, 2),
        "(json: keyword, path: keyword) -> keyword",
        ReturnType::Fixed(Type::String),
        scalars::json_extract,
        "The value at a JSON path, as text.",
    ),
    entry(
        "esql_join_key",
        (1, 1),
        "(x) -> any",
        ReturnType::Fixed(Type::Unknown),
        join_key,
        "A join key under which null matches null (INLINE STATS groups).",
    ),
    entry(
        "esql_lookup_key",
        (1, 1),
        "(x) -> any",
        ReturnType::SameAs(0),
        lookup_key,
        "A LOOKUP JOIN/ENRICH key: a multi-value matches nothing.",
    ),
    entry(
        "esql_pick",
        (2, 2),
        "(columns: dynamic, i: integer) -> any",
        ReturnType::Fixed(Type::Unknown),
        extract::pick,
        "One column of an esql_extract result.",
    ),
    entry(
        "cidr_match",
        (2, usize::MAX),
        "(ip, block: keyword, …) -> boolean",
        ReturnType::Fixed(Type::Bool),
        cidr_match,
        "Whether the address is in any block.",
    ),
    entry(
        "date_diff",
        (3, 3),
        "(unit: keyword, start: date, end: date) -> integer",
        ReturnType::Fixed(Type::Long),
        date_diff,
        "Whole units between two dates.",
    ),
    entry(
        "esql_date_trunc",
        (2, 2),
        "(interval: time_duration, date) -> date",
        ReturnType::Fixed(Type::DateTime),
        date_trunc,
        "The date floored to a multiple of the interval.",
    ),
    entry(
        "esql_date_trunc_months",
        (2, 2),
        "(months: long, date) -> date",
        ReturnType::Fixed(Type::DateTime),
        date_trunc_months,
        "The date floored to a multiple of n calendar months.",
    ),
    entry(
        "concat",
        (2, usize::MAX),
        "(a: keyword, b: keyword, …) -> keyword",
        ReturnType::Fixed(Type::String),
        concat,
        "The strings joined; null when any is null.",
    ),
    entry(
        "esql_eq",
        (2, 2),
        "(a, b) -> boolean",
        ReturnType::Fixed(Type::Bool),
        eq,
        "`a == b`, null when either side is null.",
    ),
    entry(
        "esql_not_eq",
        (2, 2),
        "(a, b) -> boolean",
        ReturnType::Fixed(Type::Bool),
        not_eq,
        "`a != b`, null when either side is null.",
    ),
    entry(
        "case",
        (1, usize::MAX),
        "(condition, value, …, [else]) -> any",
        ReturnType::Rule(case_type),
        case,
        "The value of the first true condition, else the else value or null.",
    ),
    entry(
        "substring",
        (2, 3),
        "(s: keyword, start: integer, [length: integer]) -> keyword",
        ReturnType::Fixed(Type::String),
        substring,
        "Part of a string; start counts from 1.",
    ),
    entry(
        "trim",
        (1, 1),
        "(s: keyword) -> keyword",
        ReturnType::Fixed(Type::String),
        trim,
        "The string without leading and trailing whitespace.",
    ),
    entry(
        "like",
        (2, 2),
        "(s: keyword, pattern: keyword) -> boolean",
        ReturnType::Fixed(Type::Bool),
        like,
        "Whole-value wildcard match (`*`, `?`).",
    ),
    entry(
        "rlike",
        (2, 2),
        "(s: keyword, pattern: keyword) -> boolean",
        ReturnType::Fixed(Type::Bool),
        rlike,
        "Whole-value regular-expression match.",
    ),
    entry(
        "mv_count",
        (1, 1),
        "(x) -> integer",
        ReturnType::Fixed(Type::Long),
        mv_count,
        "How many values a field holds.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[Value]) -> Value {
        let f = scalar(name).map(|f| f.eval);
        let cx = EvalContext { now: 0 };
        f.and_then(|f| f(args, &cx).ok()).unwrap_or(Value::Null)
    }

    #[test]
    fn equality_is_null_when_either_side_is_null() {
        assert_eq!(call("esql_eq", &[Value::Null, Value::Long(1)]), Value::Null);
        assert_eq!(
            call("esql_not_eq", &[Value::string("a"), Value::Null]),
            Value::Null
        );
        assert_eq!(
            call("esql_eq", &[Value::Long(1), Value::Long(1)]),
            Value::Bool(true)
        );
    }

    #[test]
    fn names_are_case_insensitive() {
        assert!(scalar("TO_LOWER").is_some());
        assert_eq!(
            aggregate("COUNT_DISTINCT"),
            Some(AggregateKind::Kql("dcount"))
        );
    }

    #[test]
    fn like_uses_star_and_question_mark_on_the_whole_value() {
        assert!(wildcard_matches("a*c", "abbc"));
        assert!(wildcard_matches("a?c", "abc"));
        assert!(!wildcard_matches("a*", "ba"));
        assert!(!wildcard_matches("a.c", "abc"));
    }

    #[test]
    fn case_without_else_is_null() {
        let args = [Value::Bool(false), Value::Long(1)];
        assert_eq!(call("case", &args), Value::Null);
    }

    #[test]
    fn substring_counts_from_one() {
        let args = [Value::string("hello"), Value::Long(2), Value::Long(3)];
        assert_eq!(call("substring", &args), Value::string("ell"));
    }
}
