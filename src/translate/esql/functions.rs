//! KQL functions written as ES|QL: each keeps Kusto's meaning (`has` a whole-term
//! match, `=~` case-insensitive, `ago()` from now, `bin` flooring, positions from 0)
//! or is a finding naming what ES|QL lacks.

use super::Writer;
use super::expr::{Strings, condition, operand, value};
use super::java_regex::{java_regex, java_rewrite};
use super::terms::{Term, like_contains, lucene_regex, term_regex};
use super::text;
use crate::functions::registry::ScalarFunction;
use crate::plan::{BinaryOp, Expr, ExprKind};
use crate::value::{Column, Type, Value};

/// KQL string operators `(haystack, needle)` and how each is matched.
fn string_op(name: &str) -> Option<(StringOp, bool)> {
    use StringOp::*;
    Some(match name {
        "has" => (Has(Term::Whole), false),
        "has_cs" => (Has(Term::Whole), true),
        "hasprefix" => (Has(Term::Prefix), false),
        "hasprefix_cs" => (Has(Term::Prefix), true),
        "hassuffix" => (Has(Term::Suffix), false),
        "hassuffix_cs" => (Has(Term::Suffix), true),
        "contains" => (Contains, false),
        "contains_cs" => (Contains, true),
        "startswith" => (Starts, false),
        "startswith_cs" => (Starts, true),
        "endswith" => (Ends, false),
        "endswith_cs" => (Ends, true),
        "matches_regex" => (Regex, true),
        _ => return None,
    })
}

#[derive(Clone, Copy)]
enum StringOp {
    Has(Term),
    Contains,
    Starts,
    Ends,
    Regex,
}

/// Whether the KQL condition `e` is false whenever a string it reads is `""`, so an
/// ES|QL null there (which drops the row) changes nothing and the column reads bare.
pub fn false_on_empty(e: &Expr) -> bool {
    let nonempty = |x: &Expr| matches!(x.as_literal(), Some(Value::String(s)) if !s.is_empty());
    let number = |x: &Expr| {
        matches!(
            x.as_literal(),
            Some(Value::Long(_) | Value::Real(_) | Value::DateTime(_))
        )
    };
    match &e.kind {
        ExprKind::Call { func, args } if matches!(func.0.name, "has_any" | "has_all") => {
            args.len() >= 2
        }
        ExprKind::Call { func, args } if args.len() == 2 => match string_op(func.0.name) {
            Some((StringOp::Regex, _)) => false,
            Some(_) => nonempty(&args[1]),
            None => false,
        },
        ExprKind::Binary { op, lhs, rhs } => match op {
            BinaryOp::Eq | BinaryOp::EqIgnoreCase => {
                nonempty(rhs) || nonempty(lhs) || number(rhs) || number(lhs)
            }
            BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Lt | BinaryOp::Le => number(rhs) || number(lhs),
            _ => false,
        },
        ExprKind::In {
            list,
            negated: false,
            ..
        } => list.iter().all(|i| match i.as_literal() {
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Dynamic(d)) => d
                .as_array()
                .is_some_and(|a| a.iter().all(|v| v.as_str().is_none_or(|s| !s.is_empty()))),
            Some(_) => true,
            None => false,
        }),
        _ => false,
    }
}

/// The ES|QL of a call.
pub fn call(
    w: &mut Writer,
    f: &'static ScalarFunction,
    args: &[Expr],
    e: &Expr,
    cols: &[Column],
    strings: Strings,
) -> String {
    if let Some((op, cs)) = string_op(f.name)
        && args.len() == 2
    {
        return string_test(w, op, cs, args, cols, strings);
    }
    let a = |w: &mut Writer, i: usize| value(w, &args[i], cols, Strings::Kusto);
    let all = |w: &mut Writer| -> Vec<String> {
        args.iter()
            .map(|x| value(w, x, cols, Strings::Kusto))
            .collect()
    };
    let string_arg = |i: usize| args.get(i).is_some_and(|x| x.ty == Type::String);
    match (f.name, args.len()) {
        ("not", 1) => condition(w, &args[0], cols, false),
        ("tolower", 1) => format!("TO_LOWER({})", a(w, 0)),
        ("toupper", 1) => format!("TO_UPPER({})", a(w, 0)),
        ("strlen", 1) => format!("LENGTH({})", a(w, 0)),
        ("tostring", 1) => tostring(w, &args[0], cols),
        ("toint", 1) => format!("TO_INTEGER({})", a(w, 0)),
        ("tolong", 1) => format!("TO_LONG({})", a(w, 0)),
        ("todouble" | "toreal", 1) => format!("TO_DOUBLE({})", a(w, 0)),
        ("tobool" | "toboolean", 1) => format!("TO_BOOLEAN({})", a(w, 0)),
        ("todatetime", 1) => format!("TO_DATETIME({})", a(w, 0)),
        ("isnull", 1) if string_arg(0) => "false".into(),
        ("isnotnull", 1) if string_arg(0) => "true".into(),
        ("isnull", 1) => format!("{} IS NULL", operand(w, &args[0], cols, Strings::Bare)),
        ("isnotnull", 1) => format!("{} IS NOT NULL", operand(w, &args[0], cols, Strings::Bare)),
        ("isempty", 1) => {
            let x = operand(w, &args[0], cols, Strings::Bare);
            if string_arg(0) {
                format!("({x} IS NULL OR {x} == \"\")")
            } else {
                format!("{x} IS NULL")
            }
        }
        ("isnotempty", 1) => {
            let x = operand(w, &args[0], cols, Strings::Bare);
            if string_arg(0) {
                format!("({x} IS NOT NULL AND {x} != \"\")")
            } else {
                format!("{x} IS NOT NULL")
            }
        }
        ("strcat", _) => {
            let parts: Vec<String> = args.iter().map(|x| tostring(w, x, cols)).collect();
            format!("CONCAT({})", parts.join(", "))
        }
        ("iff" | "iif", 3) | ("case", _) if args.len() >= 3 && args.len() % 2 == 1 => {
            let mut parts = Vec::new();
            for (i, x) in args.iter().enumerate() {
                if i % 2 == 0 && i + 1 < args.len() {
                    parts.push(condition(w, x, cols, true));
                } else {
                    parts.push(value(w, x, cols, Strings::Kusto));
                }
            }
            format!("CASE({})", parts.join(", "))
        }
        ("coalesce", _) => format!("COALESCE({})", all(w).join(", ")),
        ("ago", 1) => format!("NOW() - {}", operand(w, &args[0], cols, Strings::Kusto)),
        ("now", 0) => "NOW()".into(),
        ("bin" | "floor", 2) => bin(w, args, cols),
        ("startofday", 1) => format!("DATE_TRUNC(1 day, {})", a(w, 0)),
        ("startofmonth", 1) => format!("DATE_TRUNC(1 month, {})", a(w, 0)),
        ("startofyear", 1) => format!("DATE_TRUNC(1 year, {})", a(w, 0)),
        ("substring", 2 | 3) => substring(w, args, cols),
        ("indexof", 2) => format!("LOCATE({}, {}) - 1", a(w, 0), a(w, 1)),
        ("split", 2) => format!("SPLIT({}, {})", a(w, 0), a(w, 1)),
        ("array_length", 1) => format!("MV_COUNT({})", a(w, 0)),
        ("abs", 1) => format!("ABS({})", a(w, 0)),
        ("round", 1 | 2) => format!("ROUND({})", all(w).join(", ")),
        ("sqrt" | "log10" | "exp", 1) => format!("{}({})", f.name.to_uppercase(), a(w, 0)),
        ("log", 1) => format!("LOG({})", a(w, 0)),
        ("pow", 2) => format!("POW({}, {})", a(w, 0), a(w, 1)),
        ("max_of", _) => format!("GREATEST({})", all(w).join(", ")),
        ("min_of", _) => format!("LEAST({})", all(w).join(", ")),
        ("has_any", n) if n >= 2 => has_list(w, args, cols, strings, false),
        ("has_all", n) if n >= 2 => has_list(w, args, cols, strings, true),
        ("parse_json" | "todynamic", 1) => value(w, &args[0], cols, strings),
        ("replace_regex", 3) => replace_regex(w, [&args[0], &args[1], &args[2]], cols),
        // The deprecated `replace(regex, rewrite, text)` takes the text last.
        ("replace", 3) => replace_regex(w, [&args[2], &args[0], &args[1]], cols),
        (name, _) => w.refuse(
            e.span,
            &format!("`{name}`"),
            "ES|QL has no function with the same meaning",
        ),
    }
}

/// `replace_regex(text, regex, rewrite)` as `REPLACE(text, regex, rewrite)`, with the
/// regex and rewrite (constants) written as Java reads them.
fn replace_regex(w: &mut Writer, [text, regex, rewrite]: [&Expr; 3], cols: &[Column]) -> String {
    let (Some(Value::String(re)), Some(Value::String(rw))) =
        (regex.as_literal(), rewrite.as_literal())
    else {
        return w.refuse(
            regex.span,
            "a computed regular expression or rewrite",
            "only constant patterns are rewritten for ES|QL's REPLACE",
        );
    };
    match (java_regex(re), java_rewrite(rw)) {
        (Some(re), Some(rw)) => format!(
            "REPLACE({}, {}, {})",
            value(w, text, cols, Strings::Kusto),
            text::string(&re),
            text::string(&rw)
        ),
        _ => w.refuse(
            regex.span,
            "this regular expression",
            "ES|QL's REPLACE reads Java regular expressions, where POSIX classes and `&&` in a class mean other things",
        ),
    }
}

/// `tostring(x)`: a string is itself (`""` when missing); other values `TO_STRING`.
fn tostring(w: &mut Writer, x: &Expr, cols: &[Column]) -> String {
    let v = value(w, x, cols, Strings::Kusto);
    match x.ty {
        Type::String => v,
        _ => format!("COALESCE(TO_STRING({v}), \"\")"),
    }
}

/// A KQL string operator as an ES|QL test.
fn string_test(
    w: &mut Writer,
    op: StringOp,
    case_sensitive: bool,
    args: &[Expr],
    cols: &[Column],
    strings: Strings,
) -> String {
    let Some(Value::String(needle)) = args[1].as_literal() else {
        return w.refuse(
            args[1].span,
            "a string operator with a computed needle",
            "ES|QL patterns are constants",
        );
    };
    let needle: String = if case_sensitive {
        needle.to_string()
    } else {
        needle.to_lowercase()
    };
    let hay = if case_sensitive {
        operand(w, &args[0], cols, strings)
    } else {
        format!("TO_LOWER({})", value(w, &args[0], cols, strings))
    };
    match op {
        StringOp::Has(how) => format!(
            "{hay} RLIKE {}",
            text::string(&term_regex(&needle, how, case_sensitive))
        ),
        StringOp::Contains => format!("{hay} LIKE {}", text::string(&like_contains(&needle))),
        StringOp::Starts => format!("STARTS_WITH({hay}, {})", text::string(&needle)),
        StringOp::Ends => format!("ENDS_WITH({hay}, {})", text::string(&needle)),
        StringOp::Regex => match lucene_regex(&needle) {
            Some(re) => format!("{hay} RLIKE {}", text::string(&re)),
            None => w.refuse(
                args[1].span,
                "this regular expression",
                "ES|QL's RLIKE reads Lucene regular expressions, which lack `\\d`, `\\w`, `\\s`, anchors inside, flags and lazy repeats",
            ),
        },
    }
}

/// `x has_any (a, b)` / `x has_all (a, b)`: any (all) of the whole-term tests.
fn has_list(w: &mut Writer, args: &[Expr], cols: &[Column], strings: Strings, all: bool) -> String {
    let mut needles = Vec::new();
    for a in &args[1..] {
        if !needles_of(a, &mut needles) {
            return w.refuse(
                a.span,
                "this has_any list",
                "ES|QL patterns are constant strings",
            );
        }
    }
    if needles.is_empty() {
        return "false".into();
    }
    let hay = format!("TO_LOWER({})", value(w, &args[0], cols, strings));
    let tests: Vec<String> = needles
        .iter()
        .map(|n| {
            format!(
                "{hay} RLIKE {}",
                text::string(&term_regex(n, Term::Whole, false))
            )
        })
        .collect();
    let word = if all { " AND " } else { " OR " };
    format!("({})", tests.join(word))
}

/// Collects the constant strings of a list (`("a", "b")`, `dynamic([…])`), lower-cased;
/// false when an item is not a constant string.
fn needles_of(a: &Expr, out: &mut Vec<String>) -> bool {
    match (&a.kind, a.as_literal()) {
        (_, Some(Value::String(s))) => {
            out.push(s.to_lowercase());
            true
        }
        (_, Some(Value::Dynamic(d))) => d.as_array().is_some_and(|items| {
            items.iter().all(|i| match i.as_str() {
                Some(s) => {
                    out.push(s.to_lowercase());
                    true
                }
                None => false,
            })
        }),
        (ExprKind::Call { func, args }, _) if func.0.name == "pack_array" => {
            args.iter().all(|x| needles_of(x, out))
        }
        _ => false,
    }
}

/// `bin(x, size)`: a date floored by a span that divides a day is `DATE_TRUNC`; a
/// number is floored to a multiple of the size.
fn bin(w: &mut Writer, args: &[Expr], cols: &[Column]) -> String {
    const DAY: i64 = 864_000_000_000;
    let x = value(w, &args[0], cols, Strings::Kusto);
    match (args[0].ty, args[1].as_literal()) {
        (Type::DateTime, Some(Value::TimeSpan(t))) if *t > 0 && DAY % t == 0 => {
            let span = text::timespan(*t).unwrap_or_default();
            format!("DATE_TRUNC({span}, {x})")
        }
        (Type::Int | Type::Long, Some(Value::Long(n))) if *n > 0 => {
            format!("TO_LONG(FLOOR(TO_DOUBLE({x}) / {n})) * {n}")
        }
        (Type::Real, Some(v @ (Value::Long(_) | Value::Real(_)))) => {
            let n = text::literal(v, Type::Real).unwrap_or_default();
            format!("FLOOR({x} / {n}) * {n}")
        }
        _ => w.refuse(
            args[1].span,
            "this bin size",
            "only constant sizes (for dates, spans that divide a day) floor the same way in ES|QL",
        ),
    }
}

/// `substring(s, start[, length])` counts from 0; ES|QL's `SUBSTRING` from 1.
fn substring(w: &mut Writer, args: &[Expr], cols: &[Column]) -> String {
    let s = value(w, &args[0], cols, Strings::Kusto);
    match args[1].as_literal() {
        Some(Value::Long(n)) if *n >= 0 => {
            let mut parts = vec![s, (n + 1).to_string()];
            if let Some(len) = args.get(2) {
                parts.push(value(w, len, cols, Strings::Kusto));
            }
            format!("SUBSTRING({})", parts.join(", "))
        }
        _ => w.refuse(
            args[1].span,
            "this substring start",
            "only a constant start is translated",
        ),
    }
}

/// Dynamic member access on a column: `x.a.b` of a dynamic column is the flat ES|QL
/// field `x.a.b` (nested documents are dotted fields in ES|QL), `x[i]` of such a field
/// its `i`-th value; `parse_json(s).a.b` of a string column holding JSON is
/// `JSON_EXTRACT(s, "a.b")`.
pub fn member(w: &mut Writer, e: &Expr, cols: &[Column]) -> String {
    match path(e, cols) {
        Some(Path::Field(p)) => text::name(&p),
        Some(Path::Json(column, p)) => {
            format!(
                "JSON_EXTRACT({}, {})",
                text::name(&column),
                text::string(&p)
            )
        }
        None => match &e.kind {
            ExprKind::Index { target, index } => match (path(target, cols), index.as_literal()) {
                (Some(Path::Field(p)), Some(Value::Long(i))) => {
                    format!("MV_SLICE({}, {i}, {i})", text::name(&p))
                }
                _ => w.refuse(
                    e.span,
                    "this index",
                    "only a constant index of a field is translated",
                ),
            },
            _ => w.refuse(
                e.span,
                "this member access",
                "only members of a column (dotted ES|QL fields, or JSON text) are translated",
            ),
        },
    }
}

/// Where a member chain reads.
enum Path {
    /// A flat dotted field.
    Field(String),
    /// A JSON path into a string column.
    Json(String, String),
}

/// The field (or JSON path) a member chain on a column reads.
fn path(e: &Expr, cols: &[Column]) -> Option<Path> {
    let step = |target: &Expr, key: String| match path(target, cols)? {
        Path::Field(p) => Some(Path::Field(format!("{p}.{key}"))),
        Path::Json(c, p) if p.is_empty() => Some(Path::Json(c, key)),
        Path::Json(c, p) => Some(Path::Json(c, format!("{p}.{key}"))),
    };
    match &e.kind {
        ExprKind::Column(i) => cols.get(*i).map(|c| Path::Field(c.name.clone())),
        ExprKind::Member { target, name } => step(target, name.clone()),
        ExprKind::Index { target, index } => match index.as_literal() {
            Some(Value::String(k)) => step(target, k.to_string()),
            Some(Value::Long(i)) => match path(target, cols)? {
                Path::Json(c, p) => Some(Path::Json(c, format!("{p}[{i}]"))),
                Path::Field(_) => None,
            },
            _ => None,
        },
        ExprKind::Call { func, args }
            if matches!(func.0.name, "parse_json" | "todynamic") && args.len() == 1 =>
        {
            match (&args[0].kind, args[0].ty) {
                (ExprKind::Column(i), Type::String) => cols
                    .get(*i)
                    .map(|c| Path::Json(c.name.clone(), String::new())),
                _ => path(&args[0], cols),
            }
        }
        _ => None,
    }
}
