//! ES|QL functions: a separate name table, looked up case-insensitively by the ES|QL
//! lowering. Most names map to a KQL registry entry with the same semantics; the rest
//! (three-valued `==`, `LIKE`/`RLIKE`, 1-based `substring`, `case` without an else)
//! are small implementations here.

use super::args::{arg, long, text};
use super::registry::{self, EvalContext, ReturnType, ScalarFunction};
use crate::exec::eval::apply_binary;
use crate::plan::BinaryOp;
use crate::value::{Type, Value};

/// ES|QL scalar names backed by a KQL function of the same semantics.
const KQL_SCALARS: &[(&str, &str)] = &[
    ("coalesce", "coalesce"),
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
    ("not", "not"),
    ("isnotnull", "isnotnull"),
];

/// The scalar function an ES|QL name denotes (names are case-insensitive).
pub fn scalar(name: &str) -> Option<&'static ScalarFunction> {
    let lower = name.to_ascii_lowercase();
    if let Some(f) = FUNCTIONS.iter().find(|f| f.name == lower) {
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
    /// `median(x)`: `percentile(x, 50)`.
    Median,
}

/// The aggregate an ES|QL name denotes, case-insensitively.
pub fn aggregate(name: &str) -> Option<AggregateKind> {
    use AggregateKind::*;
    Some(match name.to_ascii_lowercase().as_str() {
        "count" => CountNonNull,
        "count_distinct" => Kql("dcount"),
        "values" => Kql("make_set"),
        "sum" => Kql("sum"),
        "avg" => Kql("avg"),
        "min" => Kql("min"),
        "max" => Kql("max"),
        "median" => Median,
        "percentile" => Kql("percentile"),
        _ => return None,
    })
}

/// Every ES|QL function name, for did-you-mean hints.
pub fn all_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = FUNCTIONS.iter().map(|f| f.name).collect();
    names.extend(KQL_SCALARS.iter().map(|(e, _)| *e));
    names.extend([
        "count",
        "count_distinct",
        "values",
        "sum",
        "avg",
        "min",
        "max",
        "median",
        "percentile",
    ]);
    names
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
    if l.is_null() || r.is_null() {
        return Value::Null;
    }
    apply_binary(op, l, r)
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
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    Ok(Value::string(
        (0..args.len()).map(|i| text(args, i)).collect::<String>(),
    ))
}

const fn entry(
    name: &'static str,
    args: (usize, usize),
    signature: &'static str,
    returns: ReturnType,
    eval: registry::ScalarImpl,
    doc: &'static str,
) -> ScalarFunction {
    ScalarFunction {
        name,
        aliases: &[],
        min_args: args.0,
        max_args: args.1,
        signature,
        returns,
        eval,
        doc,
    }
}

/// The functions implemented here (ES|QL semantics that differ from KQL's).
pub static FUNCTIONS: &[ScalarFunction] = &[
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
