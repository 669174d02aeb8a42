//! How each builtin of the function registry is written in SQL, keyed by its registry
//! name: one place per function. A function missing here is a TRN001 finding.

use super::dialect::{floor_to, string_lit, ticks_to_timestamp, timestamp_to_ticks};
use super::expr::{Findings, Scope, bin, coerce, refuse, to_dynamic, write};
use super::json;
use crate::plan::Expr;
use crate::translate::Dialect;
use crate::value::{Type, Value};

const DAY: i64 = 864_000_000_000;
const WEEK: i64 = 7 * DAY;
/// 1970-01-01 was a Thursday; Kusto's weeks start on Sunday, 4 days earlier.
const WEEK_SHIFT: i64 = 4 * DAY;

/// The call's arguments written and brought to the types the SQL function wants.
struct Args<'a, 'b> {
    args: &'a [Expr],
    s: &'a Scope<'b>,
    sql: Vec<String>,
}

impl Args<'_, '_> {
    fn get(&self, i: usize) -> &str {
        self.sql.get(i).map_or("NULL", String::as_str)
    }
    fn ty(&self, i: usize) -> Type {
        self.args.get(i).map_or(Type::Unknown, |a| a.ty)
    }
    /// Argument `i` as type `t`.
    fn of(&self, i: usize, t: Type) -> String {
        coerce(self.s.d, self.get(i), self.ty(i), t)
    }
    fn str(&self, i: usize) -> String {
        self.of(i, Type::String)
    }
    fn long(&self, i: usize) -> String {
        self.of(i, Type::Long)
    }
    fn real(&self, i: usize) -> String {
        self.of(i, Type::Real)
    }
    fn dyn_(&self, i: usize) -> String {
        to_dynamic(self.s.d, self.get(i), self.ty(i))
    }
    fn lit_str(&self, i: usize) -> Option<String> {
        match self.args.get(i)?.as_literal()? {
            Value::String(s) => Some(s.to_string()),
            _ => None,
        }
    }
    fn n(&self) -> usize {
        self.args.len()
    }
}

/// The SQL of a call of registry function `name`; `None` with a finding when it has none.
pub fn call(name: &str, e: &Expr, args: &[Expr], s: &Scope, f: &mut Findings) -> Option<String> {
    let mut sql = Vec::new();
    let mut ok = true;
    for a in args {
        match write(a, s, f) {
            Some(x) => sql.push(x),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let a = Args { args, s, sql };
    let out = strings(name, &a, e.ty)
        .or_else(|| terms(name, &a))
        .or_else(|| conversions(name, &a, e.ty))
        .or_else(|| times(name, &a))
        .or_else(|| dynamics(name, &a))
        .or_else(|| math(name, &a, e.ty))
        .or_else(|| ipv4(name, &a));
    if out.is_none() {
        refuse(
            f,
            s.d,
            e.span,
            &format!("`{name}()`"),
            "kqlc has no SQL translation of this function yet",
        );
    }
    out
}

/// A value of type `ty` as Kusto's `tostring`.
pub fn tostring(d: Dialect, x: &str, ty: Type) -> String {
    match ty {
        Type::String | Type::Guid => x.to_string(),
        Type::Dynamic => json::to_text(d, x),
        Type::DateTime => {
            let ts = ticks_to_timestamp(d, x);
            let st = super::dialect::sql_type(d, Type::String);
            let frac =
                format!("lpad(CAST(((({x}) % 10000000) + 10000000) % 10000000 AS {st}), 7, '0')");
            let date = match d {
                Dialect::DuckDb => format!("strftime({ts}, '%Y-%m-%dT%H:%M:%S')"),
                Dialect::Spark => format!("date_format({ts}, \"yyyy-MM-dd'T'HH:mm:ss\")"),
            };
            format!("COALESCE(concat({date}, '.', {frac}, 'Z'), '')")
        }
        Type::TimeSpan => timespan_text(d, x),
        Type::Bool => format!("COALESCE(CASE WHEN {x} THEN 'true' ELSE 'false' END, '')"),
        Type::Real | Type::Decimal => format!("COALESCE(CAST({x} AS VARCHAR), '')")
            .replace("VARCHAR", super::dialect::sql_type(d, Type::String)),
        _ => format!(
            "COALESCE(CAST({x} AS {}), '')",
            super::dialect::sql_type(d, Type::String)
        ),
    }
}

/// A timespan (ticks) as Kusto prints it: `[-][d.]hh:mm:ss[.fffffff]`.
fn timespan_text(d: Dialect, x: &str) -> String {
    let st = super::dialect::sql_type(d, Type::String);
    let a = format!("abs({x})");
    let part = |div: i64, m: i64| {
        format!("lpad(CAST((({a}) // {div}) % {m} AS {st}), 2, '0')")
            .replace("//", if d == Dialect::Spark { "div" } else { "//" })
    };
    let days = format!(
        "(({a}) {} {DAY})",
        if d == Dialect::Spark { "div" } else { "//" }
    );
    let frac = format!("(({a}) % 10000000)");
    format!(
        "COALESCE(concat(CASE WHEN {x} < 0 THEN '-' ELSE '' END, CASE WHEN {days} > 0 THEN concat(CAST({days} AS {st}), '.') ELSE '' END, {}, ':', {}, ':', {}, CASE WHEN {frac} > 0 THEN concat('.', lpad(CAST({frac} AS {st}), 7, '0')) ELSE '' END), '')",
        part(36_000_000_000, 24),
        part(600_000_000, 60),
        part(10_000_000, 60)
    )
}

/// A regex for Kusto's term matching: terms are runs of ASCII letters and digits.
fn term_regex(needle: &str, start: bool, end: bool, ci: bool) -> String {
    let is_term = |c: char| c.is_ascii_alphanumeric();
    let mut re = String::new();
    if ci {
        re.push_str("(?i)");
    }
    if start && needle.starts_with(is_term) {
        re.push_str("(^|[^0-9A-Za-z])");
    }
    re.push_str(&regex_escape(needle));
    if end && needle.ends_with(is_term) {
        re.push_str("($|[^0-9A-Za-z])");
    }
    re
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if "\\.+*?()|[]{}^$#&-~".contains(c) {
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn regex_match(d: Dialect, x: &str, re: &str) -> String {
    match d {
        Dialect::DuckDb => format!("regexp_matches({x}, {re})"),
        Dialect::Spark => format!("regexp_like({x}, {re})"),
    }
}

fn terms(name: &str, a: &Args) -> Option<String> {
    let d = a.s.d;
    let (start, end, ci) = match name {
        "has" => (true, true, true),
        "has_cs" => (true, true, false),
        "hasprefix" => (true, false, true),
        "hasprefix_cs" => (true, false, false),
        "hassuffix" => (false, true, true),
        "hassuffix_cs" => (false, true, false),
        "has_any" | "has_all" => {
            let parts: Vec<String> = literal_terms(a.args.get(1)?)?
                .iter()
                .map(|t| {
                    regex_match(
                        d,
                        &a.str(0),
                        &string_lit(d, &term_regex(t, true, true, true)),
                    )
                })
                .collect();
            let op = if name == "has_any" { " OR " } else { " AND " };
            return Some(if parts.is_empty() {
                (name == "has_all").to_string().to_uppercase()
            } else {
                format!("({})", parts.join(op))
            });
        }
        _ => return None,
    };
    let needle = a.lit_str(1)?;
    Some(regex_match(
        d,
        &a.str(0),
        &string_lit(d, &term_regex(&needle, start, end, ci)),
    ))
}

/// The terms of a constant list: a `dynamic([…])` literal, or `("a", "b")` and
/// `(someArray)`, which lower to `pack_array` of literals (arrays flattened, as Kusto's
/// `has_any` reads them).
fn literal_terms(e: &Expr) -> Option<Vec<String>> {
    match &e.kind {
        crate::plan::ExprKind::Call { func, args } if func.0.name == "pack_array" => {
            let mut terms = Vec::new();
            for arg in args {
                terms.extend(literal_terms(arg)?);
            }
            Some(terms)
        }
        _ => match e.as_literal()? {
            Value::Dynamic(j) => Some(match j.as_array() {
                Some(items) => items
                    .iter()
                    .map(|t| t.as_str().map_or_else(|| t.to_string(), str::to_string))
                    .collect(),
                None => vec![j.as_str().map_or_else(|| j.to_string(), str::to_string)],
            }),
            Value::Null => None,
            other => Some(vec![other.to_kusto_string()]),
        },
    }
}

fn strings(name: &str, a: &Args, ty: Type) -> Option<String> {
    let d = a.s.d;
    let lower = |i: usize| format!("lower({})", a.str(i));
    let (sw, ew) = match d {
        Dialect::DuckDb => ("starts_with", "suffix"),
        Dialect::Spark => ("startswith", "endswith"),
    };
    Some(match name {
        "contains" => format!("(instr({}, {}) > 0)", lower(0), lower(1)),
        "contains_cs" => format!("(instr({}, {}) > 0)", a.str(0), a.str(1)),
        "startswith" => format!("{sw}({}, {})", lower(0), lower(1)),
        "startswith_cs" => format!("{sw}({}, {})", a.str(0), a.str(1)),
        "endswith" => format!("{ew}({}, {})", lower(0), lower(1)),
        "endswith_cs" => format!("{ew}({}, {})", a.str(0), a.str(1)),
        "matches_regex" => regex_match(d, &a.str(0), &a.str(1)),
        "strlen" => format!("CAST(length({}) AS BIGINT)", a.str(0)),
        "tolower" => lower(0),
        "toupper" => format!("upper({})", a.str(0)),
        "strcat" => format!(
            "concat({})",
            (0..a.n()).map(|i| a.str(i)).collect::<Vec<_>>().join(", ")
        ),
        "strcat_delim" => format!(
            "concat_ws({})",
            (0..a.n()).map(|i| a.str(i)).collect::<Vec<_>>().join(", ")
        ),
        "reverse" => format!("reverse({})", a.str(0)),
        "replace_string" => format!("replace({}, {}, {})", a.str(0), a.str(1), a.str(2)),
        "strrep" if a.n() == 2 => format!("repeat({}, CAST({} AS INT))", a.str(0), a.long(1)),
        "substring" => {
            let len = if a.n() > 2 {
                format!(", CAST(greatest({}, 0) AS INT)", a.long(2))
            } else {
                String::new()
            };
            format!(
                "COALESCE(substring({}, CAST(greatest({}, 0) + 1 AS INT){len}), '')",
                a.str(0),
                a.long(1)
            )
        }
        "indexof" if a.n() == 2 => match d {
            Dialect::DuckDb => format!("CAST(strpos({}, {}) - 1 AS BIGINT)", a.str(0), a.str(1)),
            Dialect::Spark => format!("CAST(locate({}, {}) - 1 AS BIGINT)", a.str(1), a.str(0)),
        },
        "strcmp" => format!(
            "(CASE WHEN {0} < {1} THEN -1 WHEN {0} > {1} THEN 1 ELSE 0 END)",
            a.str(0),
            a.str(1)
        ),
        "trim" | "trim_start" | "trim_end" => {
            let re = a.str(0);
            let mut x = a.str(1);
            if name != "trim_end" {
                x = regex_replace(d, &x, &format!("concat('^(', {re}, ')+')"), "''");
            }
            if name != "trim_start" {
                x = regex_replace(d, &x, &format!("concat('(', {re}, ')+$')"), "''");
            }
            x
        }
        "replace_regex" => regex_replace(d, &a.str(0), &a.str(1), &rewrite(d, &a.str(2))),
        // The legacy `replace(regex, rewrite, text)`: replace_regex with the text last.
        "replace" => regex_replace(d, &a.str(2), &a.str(0), &rewrite(d, &a.str(1))),
        "extract" if a.n() >= 3 && ty != Type::String => {
            let (re, g, x) = (a.str(0), a.long(1), a.str(2));
            let got = coerce(
                d,
                &format!("regexp_extract({x}, {re}, CAST({g} AS INT))"),
                Type::String,
                ty,
            );
            format!("(CASE WHEN {} THEN {got} END)", regex_match(d, &x, &re))
        }
        "extract" if a.n() == 3 && ty == Type::String => {
            let (re, g, x) = (a.str(0), a.long(1), a.str(2));
            match d {
                Dialect::DuckDb => {
                    format!("COALESCE(regexp_extract({x}, {re}, CAST({g} AS INT)), '')")
                }
                Dialect::Spark => {
                    format!("COALESCE(regexp_extract({x}, {re}, CAST({g} AS INT)), '')")
                }
            }
        }
        "split" if a.n() == 2 || a.n() == 3 => {
            let parts = match d {
                Dialect::DuckDb => format!("string_split({}, {})", a.str(0), a.str(1)),
                Dialect::Spark => format!(
                    "split({}, concat('\\\\Q', {}, '\\\\E'))",
                    a.str(0),
                    a.str(1)
                ),
            };
            // split-function: with an index, an array of the one part there (empty
            // when the index is out of range or negative).
            let parts = if a.n() == 3 {
                let i = a.long(2);
                match d {
                    Dialect::DuckDb => format!(
                        "(CASE WHEN ({i}) IS NULL THEN {parts} WHEN ({i}) >= 0 THEN list_slice({parts}, ({i}) + 1, ({i}) + 1) ELSE CAST([] AS VARCHAR[]) END)"
                    ),
                    Dialect::Spark => format!(
                        "(CASE WHEN ({i}) IS NULL THEN {parts} WHEN ({i}) >= 0 THEN slice({parts}, CAST(({i}) + 1 AS INT), 1) ELSE CAST(array() AS ARRAY<STRING>) END)"
                    ),
                }
            } else {
                parts
            };
            match d {
                Dialect::DuckDb => format!("CAST(to_json({parts}) AS JSON)"),
                Dialect::Spark => format!("to_json({parts})"),
            }
        }
        "hash_md5" => format!("md5({})", a.str(0)),
        "hash_sha1" => format!("sha1({})", a.str(0)),
        "hash_sha256" => match d {
            Dialect::DuckDb => format!("sha256({})", a.str(0)),
            Dialect::Spark => format!("sha2({}, 256)", a.str(0)),
        },
        "base64_encode_tostring" => match d {
            Dialect::DuckDb => format!("to_base64(encode({}))", a.str(0)),
            Dialect::Spark => format!("base64(encode({}, 'UTF-8'))", a.str(0)),
        },
        "base64_decode_tostring" => match d {
            Dialect::DuckDb => format!("COALESCE(decode(from_base64({})), '')", a.str(0)),
            Dialect::Spark => format!("COALESCE(CAST(unbase64({}) AS STRING), '')", a.str(0)),
        },
        "url_decode" => format!("url_decode({})", a.str(0)),
        "url_encode" => format!("url_encode({})", a.str(0)),
        _ => return None,
    })
}

fn regex_replace(d: Dialect, x: &str, re: &str, with: &str) -> String {
    match d {
        Dialect::DuckDb => format!("regexp_replace({x}, {re}, {with}, 'g')"),
        Dialect::Spark => format!("regexp_replace({x}, {re}, {with})"),
    }
}

/// Kusto's `\1` in a rewrite as the engine writes it (Spark: `$1`).
fn rewrite(d: Dialect, with: &str) -> String {
    match d {
        Dialect::DuckDb => with.to_string(),
        Dialect::Spark => format!("regexp_replace({with}, '\\\\\\\\([0-9])', '\\\\$$1')"),
    }
}

fn conversions(name: &str, a: &Args, ty: Type) -> Option<String> {
    let d = a.s.d;
    Some(match name {
        "tostring" => tostring(d, a.get(0), a.ty(0)),
        "toint" | "tolong" | "toreal" | "todouble" | "todecimal" | "tobool" | "toboolean"
        | "todatetime" | "totimespan" | "toguid" => {
            if a.ty(0) == Type::String && matches!(ty, Type::Int | Type::Long) {
                format!("TRY_CAST(TRY_CAST({} AS DOUBLE) AS BIGINT)", a.get(0))
            } else if a.ty(0) == Type::String && ty == Type::DateTime {
                timestamp_to_ticks(d, &format!("TRY_CAST({} AS TIMESTAMP)", a.get(0)))
            } else if matches!(a.ty(0), Type::Real | Type::Decimal)
                && matches!(ty, Type::Int | Type::Long)
            {
                match d {
                    Dialect::DuckDb => format!("CAST(trunc({}) AS BIGINT)", a.get(0)),
                    Dialect::Spark => format!("CAST({} AS BIGINT)", a.get(0)),
                }
            } else {
                a.of(0, ty)
            }
        }
        "iff" | "iif" => format!(
            "(CASE WHEN {} THEN {} ELSE {} END)",
            a.get(0),
            a.of(1, ty),
            a.of(2, ty)
        ),
        "case" => {
            let mut s = String::from("(CASE");
            let mut i = 0;
            while i + 1 < a.n() {
                s.push_str(&format!(" WHEN {} THEN {}", a.get(i), a.of(i + 1, ty)));
                i += 2;
            }
            format!("{s} ELSE {} END)", a.of(a.n() - 1, ty))
        }
        "coalesce" if ty == Type::String => {
            let items: Vec<String> = (0..a.n())
                .map(|i| format!("WHEN {0} <> '' THEN {0}", a.str(i)))
                .collect();
            format!("(CASE {} ELSE '' END)", items.join(" "))
        }
        "coalesce" => format!(
            "COALESCE({})",
            (0..a.n())
                .map(|i| a.of(i, ty))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "isnull" => match a.ty(0) {
            Type::String => "FALSE".into(),
            Type::Dynamic => format!("({0} IS NULL OR json_type_is_null)", a.get(0)).replace(
                " OR json_type_is_null",
                &format!(" OR {} = 'null'", json_text(d, a.get(0))),
            ),
            _ => format!("({} IS NULL)", a.get(0)),
        },
        "isnotnull" => match a.ty(0) {
            Type::String => "TRUE".into(),
            Type::Dynamic => format!(
                "({0} IS NOT NULL AND {1} <> 'null')",
                a.get(0),
                json_text(d, a.get(0))
            ),
            _ => format!("({} IS NOT NULL)", a.get(0)),
        },
        "isempty" => match a.ty(0) {
            Type::String => format!("({} = '')", a.get(0)),
            Type::Dynamic => format!("({} = '')", json::to_text(d, a.get(0))),
            _ => format!("({} IS NULL)", a.get(0)),
        },
        "isnotempty" => match a.ty(0) {
            Type::String => format!("({} <> '')", a.get(0)),
            Type::Dynamic => format!("({} <> '')", json::to_text(d, a.get(0))),
            _ => format!("({} IS NOT NULL)", a.get(0)),
        },
        "not" => format!("(NOT {})", a.get(0)),
        "min_of" => format!(
            "least({})",
            (0..a.n())
                .map(|i| a.of(i, ty))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "max_of" => format!(
            "greatest({})",
            (0..a.n())
                .map(|i| a.of(i, ty))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => return None,
    })
}

fn json_text(d: Dialect, x: &str) -> String {
    format!("CAST({x} AS {})", super::dialect::sql_type(d, Type::String))
}

/// The query's "now" as ticks: the run's fixed instant, else the engine's clock.
fn now(s: &super::expr::Scope) -> String {
    match s.now {
        Some(ticks) => ticks.to_string(),
        None => timestamp_to_ticks(s.d, "current_timestamp"),
    }
}

fn times(name: &str, a: &Args) -> Option<String> {
    let d = a.s.d;
    let t = |i: usize| a.of(i, Type::DateTime);
    Some(match name {
        // now()/ago() (docs): the one "now" of the query, offset by a timespan.
        // kqlc's tables have no IngestionTime policy: null, as its own engine gives.
        "ingestion_time" => "CAST(NULL AS BIGINT)".into(),
        "now" if a.n() == 0 => now(a.s),
        "now" => format!("({} + {})", now(a.s), a.long(0)),
        "ago" => format!("({} - {})", now(a.s), a.long(0)),
        "bin" | "floor" if a.n() == 2 => bin(d, a.get(0), a.get(1), a.ty(0)),
        "bin_at" => {
            let (x, size, at) = (a.get(0), a.get(1), a.get(2));
            match a.ty(0) {
                Type::Real | Type::Decimal => {
                    format!("({at} + floor(({x} - {at}) / {size}) * {size})")
                }
                _ => format!("({at} + {})", floor_to(&format!("{x} - {at}"), size)),
            }
        }
        // startof*/endof* (docs): the optional offset moves by whole units.
        "startofday" | "endofday" | "startofweek" | "endofweek" => {
            let unit = if name.ends_with("day") { DAY } else { WEEK };
            let start = if unit == DAY {
                floor_to(&t(0), &DAY.to_string())
            } else {
                start_of_week(&t(0))
            };
            let off = if a.n() > 1 { a.long(1) } else { "0".into() };
            let end = if name.starts_with("end") {
                format!(" + {unit} - 1")
            } else {
                String::new()
            };
            format!("({start} + ({off}) * {unit}{end})")
        }
        "startofmonth" | "startofyear" | "endofmonth" | "endofyear" => {
            let (unit, months) = if name.ends_with("month") {
                ("month", 1)
            } else {
                ("year", 12)
            };
            let off = if a.n() > 1 { a.long(1) } else { "0".into() };
            let start = add_months(d, &trunc(d, &t(0), unit), &format!("({off}) * {months}"));
            if name.starts_with("end") {
                format!("({} - 1)", add_months(d, &start, &months.to_string()))
            } else {
                start
            }
        }
        "dayofweek" => format!(
            "({} - {})",
            floor_to(&t(0), &DAY.to_string()),
            start_of_week(&t(0))
        ),
        "make_datetime" => {
            let p = |i: usize| if i < a.n() { a.long(i) } else { "0".into() };
            let sec = if a.n() > 5 { a.real(5) } else { "0".into() };
            let base = match d {
                Dialect::DuckDb => format!("make_timestamp({}, {}, {}, 0, 0, 0)", p(0), p(1), p(2)),
                Dialect::Spark => format!(
                    "make_timestamp({}, {}, {}, 0, 0, 0, 'UTC')",
                    p(0),
                    p(1),
                    p(2)
                ),
            };
            format!(
                "({} + {} * 36000000000 + {} * 600000000 + CAST(round({sec} * 10000000) AS BIGINT))",
                timestamp_to_ticks(d, &base),
                p(3),
                p(4)
            )
        }
        "datetime_add" => {
            let part = a.lit_str(0)?.to_lowercase();
            let n = a.long(1);
            let x = t(2);
            match part.as_str() {
                "year" => add_months(d, &x, &format!("{n} * 12")),
                "quarter" => add_months(d, &x, &format!("{n} * 3")),
                "month" => add_months(d, &x, &n),
                p => format!("({x} + {n} * {})", unit_ticks(p)?),
            }
        }
        "datetime_part" => {
            let part = a.lit_str(0)?.to_lowercase();
            date_part(d, &part, &t(1))?
        }
        "datetime_diff" => {
            let part = a.lit_str(0)?.to_lowercase();
            let (x, y) = (t(1), t(2));
            match part.as_str() {
                "year" => format!(
                    "({} - {})",
                    date_part(d, "year", &x)?,
                    date_part(d, "year", &y)?
                ),
                "month" => format!("({} - {})", months_of(d, &x)?, months_of(d, &y)?),
                "quarter" => format!(
                    "(({0} - {1}) * 4 + ({2} - {3}))",
                    date_part(d, "year", &x)?,
                    date_part(d, "year", &y)?,
                    date_part(d, "quarter", &x)?,
                    date_part(d, "quarter", &y)?
                ),
                "week" => format!("(({} - {}) / {WEEK})", start_of_week(&x), start_of_week(&y)),
                "nanosecond" => format!("(({x} - {y}) * 100)"),
                p => {
                    let u = unit_ticks(p)?;
                    format!(
                        "(({} - {}) / {u})",
                        floor_to(&x, &u.to_string()),
                        floor_to(&y, &u.to_string())
                    )
                    .replace(" / ", if d == Dialect::Spark { " div " } else { " // " })
                }
            }
        }
        "unixtime_seconds_todatetime" => format!("CAST(round({} * 10000000) AS BIGINT)", a.real(0)),
        "unixtime_milliseconds_todatetime" => {
            format!("CAST(round({} * 10000) AS BIGINT)", a.real(0))
        }
        "unixtime_microseconds_todatetime" => format!("CAST(round({} * 10) AS BIGINT)", a.real(0)),
        "make_timespan" => {
            let p = |i: usize| if i < a.n() { a.long(i) } else { "0".into() };
            match a.n() {
                2 => format!("({} * 36000000000 + {} * 600000000)", p(0), p(1)),
                3 => format!(
                    "({} * 36000000000 + {} * 600000000 + CAST(round({} * 10000000) AS BIGINT))",
                    p(0),
                    p(1),
                    a.real(2)
                ),
                _ => format!(
                    "({} * {DAY} + {} * 36000000000 + {} * 600000000 + CAST(round({} * 10000000) AS BIGINT))",
                    p(0),
                    p(1),
                    p(2),
                    a.real(3)
                ),
            }
        }
        _ => return None,
    })
}

fn start_of_week(x: &str) -> String {
    format!(
        "({} - {WEEK_SHIFT})",
        floor_to(&format!("{x} + {WEEK_SHIFT}"), &WEEK.to_string())
    )
}

fn unit_ticks(part: &str) -> Option<i64> {
    Some(match part {
        "week" | "weeks" => WEEK,
        "day" | "days" => DAY,
        "hour" | "hours" => 36_000_000_000,
        "minute" | "minutes" => 600_000_000,
        "second" | "seconds" => 10_000_000,
        "millisecond" | "milliseconds" => 10_000,
        "microsecond" | "microseconds" => 10,
        "nanosecond" | "nanoseconds" => 1,
        _ => return None,
    })
}

/// Ticks truncated to the start of the month or year.
fn trunc(d: Dialect, x: &str, unit: &str) -> String {
    let ts = ticks_to_timestamp(d, x);
    timestamp_to_ticks(d, &format!("date_trunc('{unit}', {ts})"))
}

/// Ticks plus `n` calendar months (the time of day and sub-second ticks kept).
fn add_months(d: Dialect, x: &str, n: &str) -> String {
    let ts = ticks_to_timestamp(d, x);
    let moved = match d {
        Dialect::DuckDb => format!("({ts} + to_months(CAST({n} AS INT)))"),
        Dialect::Spark => format!("({ts} + make_ym_interval(0, CAST({n} AS INT)))"),
    };
    format!(
        "({} + ((({x}) % 10) + 10) % 10)",
        timestamp_to_ticks(d, &moved)
    )
}

fn months_of(d: Dialect, x: &str) -> Option<String> {
    Some(format!(
        "({} * 12 + {})",
        date_part(d, "year", x)?,
        date_part(d, "month", x)?
    ))
}

fn date_part(d: Dialect, part: &str, x: &str) -> Option<String> {
    let ts = ticks_to_timestamp(d, x);
    let frac = format!("((({x}) % 10000000 + 10000000) % 10000000)");
    let field = match part {
        "year" => "year",
        "quarter" => "quarter",
        "month" => "month",
        "day" => "day",
        "dayofyear" => "doy",
        "hour" => "hour",
        "minute" => "minute",
        "second" => "second",
        "week_of_year" => "week",
        "millisecond" => {
            return Some(
                format!("CAST({frac} / 10000 AS BIGINT)")
                    .replace(" / ", if d == Dialect::Spark { " div " } else { " // " }),
            );
        }
        "microsecond" => {
            return Some(
                format!("CAST({frac} / 10 AS BIGINT)")
                    .replace(" / ", if d == Dialect::Spark { " div " } else { " // " }),
            );
        }
        "nanosecond" => return Some(format!("CAST({frac} * 100 AS BIGINT)")),
        _ => return None,
    };
    Some(match d {
        Dialect::DuckDb => format!("CAST(date_part('{field}', {ts}) AS BIGINT)"),
        Dialect::Spark => format!(
            "CAST(floor(extract({} FROM {ts})) AS BIGINT)",
            field.to_uppercase()
        ),
    })
}

fn dynamics(name: &str, a: &Args) -> Option<String> {
    let d = a.s.d;
    Some(match name {
        "pack_array" => json::array(d, &(0..a.n()).map(|i| a.dyn_(i)).collect::<Vec<_>>()),
        "bag_pack" | "pack" | "pack_dictionary" => {
            let pairs: Vec<String> = (0..a.n() / 2)
                .map(|i| format!("{}, {}", a.str(2 * i), a.dyn_(2 * i + 1)))
                .collect();
            json::object(d, &pairs)
        }
        "array_length" => json::array_length(d, &a.dyn_(0)),
        "parse_json" | "todynamic" | "toobject" if a.ty(0) == Type::String => match d {
            Dialect::DuckDb => format!(
                "(CASE WHEN json_valid({0}) THEN CAST({0} AS JSON) ELSE to_json({0}) END)",
                a.get(0)
            ),
            Dialect::Spark => format!(
                "COALESCE(to_json(try_parse_json({0})), {1})",
                a.get(0),
                json::from_scalar(d, a.get(0), Type::String)
            ),
        },
        "parse_json" | "todynamic" | "toobject" => a.dyn_(0),
        "dynamic_to_json" => json_text(d, &a.dyn_(0)),
        "array_concat" => json::from_items(
            d,
            &match d {
                Dialect::DuckDb => format!(
                    "flatten([{}])",
                    (0..a.n())
                        .map(|i| json::items(d, &a.dyn_(i)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Dialect::Spark => format!(
                    "concat({})",
                    (0..a.n())
                        .map(|i| json::items(d, &a.dyn_(i)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        ),
        "set_has_element" => format!(
            "array_contains({}, {})",
            json::items(d, &a.dyn_(0)),
            a.dyn_(1)
        ),
        "array_index_of" if a.n() == 2 => match d {
            Dialect::DuckDb => format!(
                "COALESCE(CAST(list_position({}, {}) AS BIGINT) - 1, -1)",
                json::items(d, &a.dyn_(0)),
                a.dyn_(1)
            ),
            Dialect::Spark => format!(
                "CAST(array_position({}, {}) AS BIGINT) - 1",
                json::items(d, &a.dyn_(0)),
                a.dyn_(1)
            ),
        },
        "array_sum" => match d {
            Dialect::DuckDb => format!(
                "list_sum(list_transform({}, lambda v: TRY_CAST(json_extract_string(v, '$') AS DOUBLE)))",
                json::items(d, &a.dyn_(0))
            ),
            Dialect::Spark => format!(
                "aggregate({}, CAST(0 AS DOUBLE), (acc, v) -> acc + CAST(v AS DOUBLE))",
                json::items(d, &a.dyn_(0))
            ),
        },
        "strcat_array" => match d {
            Dialect::DuckDb => format!(
                "COALESCE(array_to_string(list_transform({}, lambda v: {}), {}), '')",
                json::items(d, &a.dyn_(0)),
                json::to_text(d, "v"),
                a.str(1)
            ),
            Dialect::Spark => format!(
                "COALESCE(array_join(transform({}, v -> {}), {}), '')",
                json::items(d, &a.dyn_(0)),
                json::to_text(d, "v"),
                a.str(1)
            ),
        },
        "bag_keys" if d == Dialect::DuckDb => format!(
            "(CASE WHEN json_type({0}) = 'OBJECT' THEN CAST(to_json(json_keys({0})) AS JSON) END)",
            a.dyn_(0)
        ),
        "bag_has_key" if d == Dialect::DuckDb => format!(
            "COALESCE(json_exists({0}, CASE WHEN starts_with({1}, '$') THEN {1} ELSE concat('$.\"', {1}, '\"') END), FALSE)",
            a.dyn_(0),
            a.str(1)
        ),
        "array_slice" if d == Dialect::DuckDb => {
            let (x, n) = (
                json::items(d, &a.dyn_(0)),
                json::array_length(d, &a.dyn_(0)),
            );
            let at = |i: usize| {
                format!(
                    "(CASE WHEN {0} < 0 THEN {n} + {0} ELSE {0} END + 1)",
                    a.long(i)
                )
            };
            json::from_items(d, &format!("list_slice({x}, {}, {})", at(1), at(2)))
        }
        "array_sort_asc" | "array_sort_desc" if d == Dialect::DuckDb && a.n() == 1 => {
            let dir = if name == "array_sort_asc" {
                "ASC"
            } else {
                "DESC"
            };
            // Nulls last in both directions (array_sort_asc docs), numbers by value.
            let items = json::items(d, &a.dyn_(0));
            let keyed = format!(
                "list_transform(list_filter({items}, lambda v: json_type(v) <> 'NULL'), lambda v: struct_pack(n := TRY_CAST(json_extract_string(v, '$') AS DOUBLE), s := json_extract_string(v, '$'), j := v))"
            );
            let nulls = format!("list_filter({items}, lambda v: json_type(v) = 'NULL')");
            json::from_items(
                d,
                &format!(
                    "list_concat(list_transform(list_sort({keyed}, '{dir}'), lambda x: x.j), {nulls})"
                ),
            )
        }
        "bag_merge" if d == Dialect::DuckDb => {
            let mut x = a.dyn_(0);
            for i in 1..a.n() {
                x = format!("json_merge_patch({}, {x})", a.dyn_(i));
            }
            x
        }
        _ => return None,
    })
}

fn math(name: &str, a: &Args, ty: Type) -> Option<String> {
    Some(match name {
        "abs" => format!("abs({})", a.of(0, ty)),
        "sqrt" => format!("sqrt({})", a.real(0)),
        "exp" => format!("exp({})", a.real(0)),
        "log" => format!("ln({})", a.real(0)),
        "log10" => format!("log10({})", a.real(0)),
        "pow" => format!("power({}, {})", a.real(0), a.real(1)),
        "sign" => format!("sign({})", a.get(0)),
        "ceiling" => format!("ceil({})", a.get(0)),
        "round" if a.n() == 1 => format!("round({})", a.get(0)),
        "round" => format!("round({}, CAST({} AS INT))", a.get(0), a.long(1)),
        "floor" if a.n() == 1 => format!("floor({})", a.get(0)),
        _ => return None,
    })
}

/// An IPv4 address (`a.b.c.d`, optionally `/bits`) as its 32-bit number; null when it
/// is not one (Kusto's IPv4 functions return null for invalid input).
fn ipv4_num(d: Dialect, x: &str) -> String {
    let addr = format!("split_part({x}, '/', 1)");
    let octet = |k: usize| format!("TRY_CAST(split_part({addr}, '.', {k}) AS BIGINT)");
    let valid = regex_match(
        d,
        x,
        &string_lit(
            d,
            "^[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}(/[0-9]{1,2})?$",
        ),
    );
    format!(
        "(CASE WHEN {valid} AND greatest({0}, {1}, {2}, {3}) <= 255 THEN {0} * 16777216 + {1} * 65536 + {2} * 256 + {3} END)",
        octet(1),
        octet(2),
        octet(3),
        octet(4)
    )
}

/// The prefix length of an IPv4 text (32 without `/bits`).
fn ipv4_bits(x: &str) -> String {
    format!(
        "(CASE WHEN instr({x}, '/') > 0 THEN TRY_CAST(split_part({x}, '/', 2) AS BIGINT) ELSE 32 END)"
    )
}

/// The first `bits` bits of an IPv4 number.
fn ipv4_masked(d: Dialect, num: &str, bits: &str) -> String {
    super::dialect::int_div(
        d,
        num,
        &format!("CAST(power(2, 32 - least(greatest({bits}, 0), 32)) AS BIGINT)"),
    )
}

/// Whether IPv4 text `ip` lies in range text `range` (`net/bits`).
fn ipv4_in_range(d: Dialect, ip: &str, range: &str) -> String {
    let bits = ipv4_bits(range);
    format!(
        "({} = {})",
        ipv4_masked(d, &ipv4_num(d, ip), &bits),
        ipv4_masked(d, &ipv4_num(d, range), &bits)
    )
}

fn ipv4(name: &str, a: &Args) -> Option<String> {
    let d = a.s.d;
    let compare = || {
        let (x, y) = (a.str(0), a.str(1));
        let mut bits = format!("least({}, {})", ipv4_bits(&x), ipv4_bits(&y));
        if a.n() > 2 {
            bits = format!("least({bits}, {})", a.long(2));
        }
        format!(
            "CAST(sign({} - {}) AS BIGINT)",
            ipv4_masked(d, &ipv4_num(d, &x), &bits),
            ipv4_masked(d, &ipv4_num(d, &y), &bits)
        )
    };
    Some(match name {
        "parse_ipv4" => {
            let x = a.str(0);
            let bits = ipv4_bits(&x);
            format!(
                "({} * CAST(power(2, 32 - {bits}) AS BIGINT))",
                ipv4_masked(d, &ipv4_num(d, &x), &bits)
            )
        }
        "ipv4_compare" => compare(),
        "ipv4_is_match" => format!("({} = 0)", compare()),
        "ipv4_is_in_range" => ipv4_in_range(d, &a.str(0), &a.str(1)),
        "ipv4_netmask_suffix" => format!(
            "(CASE WHEN {} IS NOT NULL THEN {} END)",
            ipv4_num(d, &a.str(0)),
            ipv4_bits(&a.str(0))
        ),
        "ipv4_is_private" => {
            let ip = a.str(0);
            let ranges = ["'10.0.0.0/8'", "'172.16.0.0/12'", "'192.168.0.0/16'"];
            format!(
                "({})",
                ranges.map(|r| ipv4_in_range(d, &ip, r)).join(" OR ")
            )
        }
        "ipv4_is_in_any_range" => {
            let ip = a.str(0);
            let mut tests = Vec::new();
            for i in 1..a.n() {
                match a.args.get(i)?.as_literal() {
                    Some(crate::value::Value::Dynamic(j)) => {
                        for r in j.as_array()? {
                            tests.push(ipv4_in_range(d, &ip, &string_lit(d, r.as_str()?)));
                        }
                    }
                    _ if a.ty(i) == Type::Dynamic => return None,
                    _ => tests.push(ipv4_in_range(d, &ip, &a.str(i))),
                }
            }
            if tests.is_empty() {
                "FALSE".into()
            } else {
                format!("COALESCE({}, FALSE)", tests.join(" OR "))
            }
        }
        _ => return None,
    })
}
