//! ES|QL functions (and the KQL registry entries ES|QL lowers to) written as KQL.
//! Each arm keeps ES|QL's meaning: null in gives null out, 1-based string positions,
//! multi-values read as dynamic arrays; a function with no faithful KQL form is a finding.

use super::Writer;
use super::expr::{condition as cond, guarded, operand, present, value};
use super::multivalue;
use super::text;
use crate::functions::registry::{self, ScalarFunction};
use crate::plan::{Expr, ExprKind};
use crate::value::{Column, Type, Value};

/// Whether `f` is an ES|QL-only entry (not the KQL registry's function of that name).
pub fn is_esql(f: &ScalarFunction) -> bool {
    registry::scalar(f.name).is_none_or(|k| !std::ptr::eq(k, f))
}

/// KQL operators the plan holds as functions `(haystack, needle)`.
const INFIX: &[&str] = &[
    "has",
    "has_cs",
    "hasprefix",
    "hasprefix_cs",
    "hassuffix",
    "hassuffix_cs",
    "contains",
    "contains_cs",
    "startswith",
    "startswith_cs",
    "endswith",
    "endswith_cs",
    "has_any",
    "has_all",
];

/// The comparison an ES|QL comparison function denotes, and its negation.
fn comparison(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "esql_eq" => ("==", "!="),
        "esql_not_eq" => ("!=", "=="),
        "esql_lt" => ("<", ">="),
        "esql_le" => ("<=", ">"),
        "esql_gt" => (">", "<="),
        "esql_ge" => (">=", "<"),
        _ => return None,
    })
}

/// The KQL of a call in a value position.
pub fn call(
    w: &mut Writer,
    f: &'static ScalarFunction,
    args: &[Expr],
    e: &Expr,
    cols: &[Column],
) -> String {
    if let Some(inner) = null_wrapped(f, args) {
        let v = value(w, inner, cols);
        return match &inner.kind {
            ExprKind::Call {
                args: inner_args, ..
            } if e.ty != Type::String => {
                let guards: Vec<String> = inner_args
                    .iter()
                    .filter(|a| matches!(a.ty, Type::String | Type::Unknown | Type::Dynamic))
                    .filter_map(|a| present(w, a, cols))
                    .collect();
                if guards.is_empty() {
                    v
                } else {
                    format!(
                        "iff({}, {v}, {})",
                        guards.join(" and "),
                        text::null_of(e.ty)
                    )
                }
            }
            _ => v,
        };
    }
    if let Some((op, _)) = comparison(f.name) {
        let test = format!(
            "{} {op} {}",
            coerced(w, &args[0], &args[1], cols),
            coerced(w, &args[1], &args[0], cols)
        );
        let guards: Vec<String> = args.iter().filter_map(|a| present(w, a, cols)).collect();
        return if guards.is_empty() {
            test
        } else {
            format!("iff({}, {test}, bool(null))", guards.join(" and "))
        };
    }
    if !is_esql(f) {
        return kql_call(w, f, args, cols);
    }
    esql_call(w, f, args, e, cols)
}

/// `case(isnotnull(a) and …, f(a, …))`, the lowering's null-in-null-out wrapper: KQL's
/// own functions give null (or `""`) for null, so the call alone keeps the meaning.
fn null_wrapped<'e>(f: &ScalarFunction, args: &'e [Expr]) -> Option<&'e Expr> {
    if f.name != "case" || !is_esql(f) || args.len() != 2 {
        return None;
    }
    let ExprKind::Call { .. } = &args[1].kind else {
        return None;
    };
    all_presence_checks(&args[0]).then_some(&args[1])
}

fn all_presence_checks(guard: &Expr) -> bool {
    match &guard.kind {
        ExprKind::Binary { lhs, rhs, .. } => all_presence_checks(lhs) && all_presence_checks(rhs),
        ExprKind::Call { func, args } => {
            matches!(func.0.name, "isnotnull" | "esql_sv") && args.len() == 1
        }
        _ => false,
    }
}

/// A KQL registry function: infix operators as operators, the rest as calls.
fn kql_call(w: &mut Writer, f: &ScalarFunction, args: &[Expr], cols: &[Column]) -> String {
    let a: Vec<String> = args.iter().map(|x| value(w, x, cols)).collect();
    if INFIX.contains(&f.name) && a.len() == 2 {
        return format!(
            "{} {} {}",
            operand(w, &args[0], cols),
            f.name,
            operand(w, &args[1], cols)
        );
    }
    if f.name == "matches_regex" && a.len() == 2 {
        return format!(
            "{} matches regex {}",
            operand(w, &args[0], cols),
            operand(w, &args[1], cols)
        );
    }
    format!("{}({})", f.name, a.join(", "))
}

/// The KQL condition of a boolean call, when it has a three-valued reading of its own.
pub fn condition(
    w: &mut Writer,
    f: &'static ScalarFunction,
    args: &[Expr],
    cols: &[Column],
    positive: bool,
) -> Option<String> {
    if let Some(inner) = null_wrapped(f, args) {
        return Some(cond(w, inner, cols, positive));
    }
    if let Some((op, negated)) = comparison(f.name) {
        return Some(compare(
            w,
            f.name,
            args,
            cols,
            if positive { op } else { negated },
            positive,
        ));
    }
    match f.name {
        "isnull" | "isnotnull" => {
            let wants_null = (f.name == "isnull") == positive;
            let test = if wants_null { "isempty" } else { "isnotempty" };
            Some(format!("{test}({})", value(w, &args[0], cols)))
        }
        "esql_in" if !args.is_empty() => {
            let items: Vec<String> = args[1..].iter().map(|i| value(w, i, cols)).collect();
            let x = operand(w, &args[0], cols);
            let op = if positive { "in" } else { "!in" };
            let test = format!("{x} {op} ({})", items.join(", "));
            let guards = present(w, &args[0], cols).into_iter().collect();
            Some(guarded(guards, test))
        }
        _ if f.returns.resolve(&[]) == Type::Bool || is_predicate(f.name) => {
            let test = value(
                w,
                &Expr {
                    kind: ExprKind::Call {
                        func: crate::plan::FunctionRef(f),
                        args: args.to_vec(),
                    },
                    ty: Type::Bool,
                    span: args
                        .first()
                        .map_or(crate::source::Span::new(0, 0), |a| a.span),
                },
                cols,
            );
            if positive {
                Some(test)
            } else {
                let guards = args.iter().filter_map(|a| present(w, a, cols)).collect();
                Some(guarded(guards, format!("not({test})")))
            }
        }
        _ => None,
    }
}

fn is_predicate(name: &str) -> bool {
    INFIX.contains(&name) || matches!(name, "like" | "rlike" | "matches_regex" | "cidr_match")
}

/// An ES|QL comparison as KQL: true only when both operands have values. A positive
/// `==`/`>`/`>=` with a non-empty constant, and `<`/`<=` of numbers, need no guard
/// (KQL's comparison with null, or with `""`, is not true there either).
fn compare(
    w: &mut Writer,
    name: &str,
    args: &[Expr],
    cols: &[Column],
    op: &str,
    positive: bool,
) -> String {
    let l = coerced(w, &args[0], &args[1], cols);
    let r = coerced(w, &args[1], &args[0], cols);
    let test = format!("{l} {op} {r}");
    let constant =
        |e: &Expr| matches!(e.as_literal(), Some(v) if !v.is_null() && v.as_str() != Some(""));
    let numeric = |e: &Expr| {
        matches!(
            e.ty,
            Type::Int | Type::Long | Type::Real | Type::DateTime | Type::TimeSpan
        )
    };
    let safe = positive
        && match name {
            "esql_eq" | "esql_gt" | "esql_ge" => constant(&args[0]) || constant(&args[1]),
            "esql_lt" | "esql_le" => numeric(&args[0]) && numeric(&args[1]),
            _ => false,
        };
    if safe {
        return test;
    }
    let guards = args.iter().filter_map(|a| present(w, a, cols)).collect();
    guarded(guards, test)
}

/// An ES|QL-only function.
fn esql_call(
    w: &mut Writer,
    f: &'static ScalarFunction,
    args: &[Expr],
    e: &Expr,
    cols: &[Column],
) -> String {
    let a: Vec<String> = args.iter().map(|x| value(w, x, cols)).collect();
    let o = |w: &mut Writer, i: usize| operand(w, &args[i], cols);
    match (f.name, a.len()) {
        ("esql_add" | "esql_sub", 2) => arithmetic(w, f.name, args, cols),
        ("esql_mul", 2) => format!("{} * {}", o(w, 0), o(w, 1)),
        ("esql_div", 2) => format!("{} / {}", o(w, 0), o(w, 1)),
        ("esql_mod", 2) => format!("{} % {}", o(w, 0), o(w, 1)),
        ("not", 1) => format!("not({})", a[0]),
        ("esql_in", n) if n > 0 => in_value(w, args, cols),
        ("esql_convert", 2 | 3) => convert(w, args, e, cols),
        ("esql_sv", 1) => format!("isnotnull({})", a[0]),
        // The range check of an integer result: KQL's arithmetic has none to add.
        ("esql_int", 1) => a[0].clone(),
        ("esql_neg", 1) => format!("-{}", o(w, 0)),
        ("esql_sort_key", 2) => a[0].clone(),
        ("case", n) if n >= 2 => case(w, args, e, cols),
        ("coalesce", _) => format!("coalesce({})", a.join(", ")),
        ("concat", _) => format!("strcat({})", a.join(", ")),
        ("like" | "rlike", 2) => matches(w, f.name, args, cols),
        ("contains", 2) => format!("{} contains_cs {}", o(w, 0), o(w, 1)),
        ("substring", 2 | 3) => substring(w, args, &a),
        ("left", 2) => format!("substring({}, 0, {})", a[0], a[1]),
        ("right", 2) => format!(
            "iff({1} >= strlen({0}), {0}, substring({0}, strlen({0}) - {1}))",
            a[0], a[1]
        ),
        ("trim", 1) => format!("trim(@\"\\s+\", {})", a[0]),
        ("ltrim", 1) => format!("trim_start(@\"\\s+\", {})", a[0]),
        ("rtrim", 1) => format!("trim_end(@\"\\s+\", {})", a[0]),
        ("locate", 2) => format!("indexof({}, {}) + 1", a[0], a[1]),
        ("greatest", _) => format!("max_of({})", a.join(", ")),
        ("least", _) => format!("min_of({})", a.join(", ")),
        ("floor", 1) => format!("floor({}, 1)", a[0]),
        ("ceil", 1) => format!("ceiling({})", a[0]),
        ("sqrt" | "log10" | "exp", 1) => format!("{}({})", f.name, a[0]),
        ("log", 1) => format!("log({})", a[0]),
        ("log", 2) => format!("log({}) / log({})", a[1], a[0]),
        ("pow", 2) => format!("pow({}, {})", a[0], a[1]),
        ("signum", 1) => format!("sign({})", a[0]),
        ("pi", 0) => "pi()".into(),
        ("e", 0) => "exp(1)".into(),
        ("now", 0) => "now()".into(),
        ("to_ip", 1) => format!("tostring({})", a[0]),
        ("date_extract", 2) => date_extract(w, args, &a),
        ("esql_date_trunc", 2) => date_trunc(w, args, &a),
        ("esql_date_trunc_months", 2) => date_trunc_months(w, args, &a),
        ("date_diff", 3) => date_diff(w, args, cols),
        ("split", 2) => format!("split({}, {})", a[0], a[1]),
        ("replace", 3) => match args[2].as_literal().and_then(Value::as_str) {
            Some(r) if !r.contains(['$', '\\']) => {
                format!("replace_regex({}, {}, {})", a[0], a[1], a[2])
            }
            _ => w.refuse(
                e.span,
                "this REPLACE",
                "only a constant replacement without group references is translated",
            ),
        },
        ("cidr_match", n) if n >= 2 => cidr_match(w, args, &a),
        ("esql_extract", 2) => extraction(w, args, &a),
        ("esql_pick", 2) => pick(args, e, &a),
        (name, _) if name.starts_with("mv_") => multivalue::call(w, name, args, e, cols),
        _ => w.refuse(
            e.span,
            &format!("`{}`", f.name.trim_start_matches("esql_")),
            "KQL has no function with the same meaning",
        ),
    }
}

/// `a + b` / `a - b`; a calendar period (`1 month`) is added with `datetime_add`.
fn arithmetic(w: &mut Writer, name: &str, args: &[Expr], cols: &[Column]) -> String {
    let months = |e: &Expr| match e.as_literal() {
        Some(Value::Dynamic(d)) => d.get("esql_months").and_then(serde_json::Value::as_i64),
        _ => None,
    };
    let sign = if name == "esql_sub" { -1 } else { 1 };
    if let Some(m) = months(&args[1]) {
        return format!(
            "datetime_add('month', {}, {})",
            sign * m,
            value(w, &args[0], cols)
        );
    }
    if let (Some(m), 1) = (months(&args[0]), sign) {
        return format!("datetime_add('month', {m}, {})", value(w, &args[1], cols));
    }
    let op = if sign < 0 { "-" } else { "+" };
    format!(
        "{} {op} {}",
        operand(w, &args[0], cols),
        operand(w, &args[1], cols)
    )
}

/// `TO_*` conversions; an ES|QL date converts to and from epoch milliseconds.
fn convert(w: &mut Writer, args: &[Expr], e: &Expr, cols: &[Column]) -> String {
    let Some(Value::String(name)) = args[0].as_literal() else {
        return w.refuse(
            e.span,
            "this conversion",
            "its target type is not a constant",
        );
    };
    let x = value(w, &args[1], cols);
    let from_date = args[1].ty == Type::DateTime;
    let numeric_in = matches!(args[1].ty, Type::Int | Type::Long | Type::Real);
    match &**name {
        "to_string" | "to_str" | "to_ip" | "to_version" | "to_ver" if from_date => {
            format!("format_datetime({x}, 'yyyy-MM-ddTHH:mm:ss.fffZ')")
        }
        "to_string" | "to_str" | "to_ip" | "to_version" | "to_ver" => format!("tostring({x})"),
        "to_long" | "to_unsigned_long" | "to_ul" | "to_ulong" | "to_integer" | "to_int"
            if from_date =>
        {
            format!("tolong(({x} - datetime(1970-01-01)) / 1ms)")
        }
        "to_integer" | "to_int" => format!("toint({x})"),
        "to_long" | "to_unsigned_long" | "to_ul" | "to_ulong" => format!("tolong({x})"),
        "to_double" | "to_dbl" => format!("todouble({x})"),
        "to_boolean" | "to_bool" => format!("tobool({x})"),
        "to_datetime" | "to_dt" if numeric_in => format!("unixtime_milliseconds_todatetime({x})"),
        "to_datetime" | "to_dt" => format!("todatetime({x})"),
        other => w.refuse(
            e.span,
            &format!("`{other}`"),
            "KQL has no conversion to this type",
        ),
    }
}

/// ES|QL `CASE(c1, v1, …[, else])`: a missing else is null.
fn case(w: &mut Writer, args: &[Expr], e: &Expr, cols: &[Column]) -> String {
    let mut parts = Vec::new();
    let pairs = args.len() / 2;
    for i in 0..pairs {
        parts.push(cond(w, &args[2 * i], cols, true));
        parts.push(value(w, &args[2 * i + 1], cols));
    }
    let otherwise = if args.len() % 2 == 1 {
        value(w, &args[args.len() - 1], cols)
    } else {
        text::null_of(e.ty)
    };
    if pairs == 1 {
        format!("iff({}, {}, {otherwise})", parts[0], parts[1])
    } else {
        parts.push(otherwise);
        format!("case({})", parts.join(", "))
    }
}

/// `LIKE` (wildcards `*`, `?`) and `RLIKE` (a Lucene regex): whole-string matches.
fn matches(w: &mut Writer, name: &str, args: &[Expr], cols: &[Column]) -> String {
    let Some(Value::String(pattern)) = args[1].as_literal() else {
        return w.refuse(args[1].span, "this pattern", "KQL needs a constant pattern");
    };
    let regex = if name == "like" {
        like_regex(pattern)
    } else {
        format!("^(?:{pattern})$")
    };
    format!(
        "{} matches regex {}",
        operand(w, &args[0], cols),
        text::string(&regex)
    )
}

/// An ES|QL `LIKE` pattern as an anchored regex (`\` escapes the next character).
fn like_regex(pattern: &str) -> String {
    let mut out = String::from("^");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => out.push_str("(?s:.*)"),
            '?' => out.push_str("(?s:.)"),
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push_str(&regex_escape(n));
                }
            }
            c => out.push_str(&regex_escape(c)),
        }
    }
    out.push('$');
    out
}

fn regex_escape(c: char) -> String {
    if "\\.+*?()|[]{}^$#&-~".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// ES|QL `SUBSTRING(s, start[, length])` counts from 1; KQL's from 0.
fn substring(w: &mut Writer, args: &[Expr], a: &[String]) -> String {
    match args[1].as_literal() {
        Some(Value::Long(n)) if *n >= 1 => {
            let rest: Vec<String> = a[2..].to_vec();
            let mut parts = vec![a[0].clone(), (n - 1).to_string()];
            parts.extend(rest);
            format!("substring({})", parts.join(", "))
        }
        _ => w.refuse(
            args[1].span,
            "this SUBSTRING start",
            "only a constant start of 1 or more is translated (ES|QL counts a negative start from the end)",
        ),
    }
}

/// `DATE_EXTRACT("unit", d)` for the units `datetime_part` has.
fn date_extract(w: &mut Writer, args: &[Expr], a: &[String]) -> String {
    let part = match args[0].as_literal().and_then(Value::as_str) {
        Some(p) => p.to_ascii_lowercase(),
        None => String::new(),
    };
    let kql = match part.as_str() {
        "year" => "year",
        "month_of_year" => "month",
        "day_of_month" => "day",
        "hour_of_day" => "hour",
        "minute_of_hour" => "minute",
        "second_of_minute" => "second",
        "day_of_year" => return format!("dayofyear({})", a[1]),
        _ => {
            return w.refuse(
                args[0].span,
                "this DATE_EXTRACT unit",
                "KQL's datetime_part has year, month, day, hour, minute and second",
            );
        }
    };
    format!("datetime_part(\"{kql}\", {})", a[1])
}

/// `DATE_TRUNC(span, d)` of a span that divides a day is `bin(d, span)`.
fn date_trunc(w: &mut Writer, args: &[Expr], a: &[String]) -> String {
    const DAY: i64 = 864_000_000_000;
    match args[0].as_literal() {
        Some(Value::TimeSpan(t)) if *t > 0 && DAY % t == 0 => format!("bin({}, {})", a[1], a[0]),
        _ => w.refuse(
            args[0].span,
            "this DATE_TRUNC interval",
            "only spans that divide a day floor the same way in KQL's bin",
        ),
    }
}

/// `DATE_TRUNC(1 month|1 quarter|1 year, d)`.
fn date_trunc_months(w: &mut Writer, args: &[Expr], a: &[String]) -> String {
    match args[0].as_literal() {
        Some(Value::Long(1)) => format!("startofmonth({})", a[1]),
        Some(Value::Long(12)) => format!("startofyear({})", a[1]),
        Some(Value::Long(3)) => format!(
            "datetime_add('month', -((getmonth({0}) - 1) % 3), startofmonth({0}))",
            a[1]
        ),
        _ => w.refuse(
            args[0].span,
            "this DATE_TRUNC period",
            "only 1 month, 1 quarter and 1 year are translated",
        ),
    }
}

/// `DATE_DIFF(unit, start, end)`: whole units from start to end (fixed-length units).
fn date_diff(w: &mut Writer, args: &[Expr], cols: &[Column]) -> String {
    let unit = args[0]
        .as_literal()
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let span = match unit.as_str() {
        "millisecond" | "milliseconds" | "ms" => "1ms",
        "second" | "seconds" | "ss" | "s" => "1s",
        "minute" | "minutes" | "mi" | "n" => "1m",
        "hour" | "hours" | "hh" => "1h",
        "day" | "days" | "dd" | "d" | "dayofyear" | "dy" | "y" | "weekday" | "weekdays" | "dw" => {
            "1d"
        }
        "microsecond" | "microseconds" | "mcs" => "1microsecond",
        "week" | "weeks" | "wk" | "ww" => "7d",
        _ => {
            return w.refuse(
                args[0].span,
                "this DATE_DIFF unit",
                "months and years have no fixed length to divide by",
            );
        }
    };
    let start = coerced(w, &args[1], &args[2], cols);
    let end = coerced(w, &args[2], &args[1], cols);
    format!("toint(({end} - {start}) / {span})")
}

/// `e` as an operand next to `other`: a string constant beside a date is a date (ES|QL
/// reads a date string there).
fn coerced(w: &mut Writer, e: &Expr, other: &Expr, cols: &[Column]) -> String {
    match e.as_literal() {
        Some(Value::String(s)) if other.ty == Type::DateTime => {
            format!("todatetime({})", text::string(s))
        }
        _ => operand(w, e, cols),
    }
}

/// `x IN (…)` as a value: null when `x` is null, or when nothing matched and the
/// list holds a null (ES|QL's three-valued `IN`).
fn in_value(w: &mut Writer, args: &[Expr], cols: &[Column]) -> String {
    let x = operand(w, &args[0], cols);
    let (nulls, items): (Vec<&Expr>, Vec<&Expr>) = args[1..]
        .iter()
        .partition(|i| matches!(i.as_literal(), Some(Value::Null)));
    let items: Vec<String> = items.iter().map(|i| value(w, i, cols)).collect();
    let test = if items.is_empty() {
        "false".to_string()
    } else {
        format!("{x} in ({})", items.join(", "))
    };
    let otherwise = if nulls.is_empty() {
        "false"
    } else {
        "bool(null)"
    };
    match present(w, &args[0], cols) {
        Some(guard) => format!("iff({guard}, iff({test}, true, {otherwise}), bool(null))"),
        None => format!("iff({test}, true, {otherwise})"),
    }
}

/// `CIDR_MATCH(ip, block, …)` of constant IPv4 (or IPv6) blocks.
fn cidr_match(w: &mut Writer, args: &[Expr], a: &[String]) -> String {
    let blocks: Option<Vec<String>> = args[1..]
        .iter()
        .map(|b| b.as_literal().and_then(Value::as_str).map(str::to_string))
        .collect();
    let Some(blocks) = blocks else {
        return w.refuse(
            args[1].span,
            "this CIDR block",
            "KQL's range test takes constant blocks",
        );
    };
    let (v6, v4): (Vec<&String>, Vec<&String>) = blocks.iter().partition(|b| b.contains(':'));
    let test = |f: &str, list: &[&String]| {
        let items: Vec<String> = list.iter().map(|b| text::string(b)).collect();
        format!("{f}({}, dynamic([{}]))", a[0], items.join(", "))
    };
    match (v4.is_empty(), v6.is_empty()) {
        (false, true) => test("ipv4_is_in_any_range", &v4),
        (true, false) => test("ipv6_is_in_any_range", &v6),
        _ => format!(
            "{} or {}",
            test("ipv4_is_in_any_range", &v4),
            test("ipv6_is_in_any_range", &v6)
        ),
    }
}

/// DISSECT/GROK's extraction: one `extract(regex, group, input)` per output column,
/// when the command has one pattern and each column one capture group.
fn extraction(w: &mut Writer, args: &[Expr], a: &[String]) -> String {
    let refuse = |w: &mut Writer| {
        w.refuse(
            args[1].span,
            "this DISSECT/GROK pattern",
            "only one pattern filling each column from one capture is written as KQL `extract`",
        )
    };
    let Some(desc) = args[1]
        .as_literal()
        .and_then(Value::as_str)
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
    else {
        return refuse(w);
    };
    let patterns = desc["patterns"].as_array().cloned().unwrap_or_default();
    let columns = desc["types"].as_array().map_or(0, Vec::len);
    let [pattern] = patterns.as_slice() else {
        return refuse(w);
    };
    let regex = pattern["regex"].as_str().unwrap_or_default();
    let groups: Vec<usize> = pattern["groups"]
        .as_array()
        .map(|g| {
            g.iter()
                .filter_map(|x| x[0].as_u64().map(|c| c as usize))
                .collect()
        })
        .unwrap_or_default();
    let mut parts = Vec::new();
    for col in 0..columns {
        let found: Vec<usize> = groups
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == col)
            .map(|(g, _)| g + 1)
            .collect();
        let [g] = found.as_slice() else {
            return refuse(w);
        };
        parts.push(format!("extract({}, {g}, {})", text::string(regex), a[0]));
    }
    format!("pack_array({})", parts.join(", "))
}

/// One extracted column, converted to its type (an empty capture is null).
fn pick(args: &[Expr], e: &Expr, a: &[String]) -> String {
    let cell = format!("tostring({}[{}])", a[0], a[1]);
    let _ = args;
    match e.ty {
        Type::Int | Type::Long => format!("tolong({cell})"),
        Type::Real => format!("todouble({cell})"),
        Type::Bool => format!("tobool({cell})"),
        _ => cell,
    }
}
