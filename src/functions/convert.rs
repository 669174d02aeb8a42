//! Conversion functions (`tostring`, `toint`, `todatetime`, …): Kusto's casts, which
//! give null (or `""` for strings) instead of failing on input that does not convert.

use super::args::arg;
use super::registry::{EvalContext, ReturnType, ScalarFunction};
use crate::value::{Type, Value, time};

/// Ticks from 0001-01-01 to the Unix epoch: `tolong(datetime)` counts .NET ticks.
const EPOCH_DOTNET_TICKS: i64 = 621_355_968_000_000_000;

/// `value` converted to `ty` as the matching `to*()` function does (also used by
/// `extract(…, typeof(T))`).
pub(crate) fn convert_to(value: &Value, ty: Type) -> Value {
    match ty {
        Type::String => Value::string(value.to_kusto_string()),
        Type::Int => to_int(value).map_or(Value::Null, Value::Long),
        Type::Long => to_long(value).map_or(Value::Null, Value::Long),
        Type::Real | Type::Decimal => to_real(value).map_or(Value::Null, Value::Real),
        Type::Bool => to_bool(value).map_or(Value::Null, Value::Bool),
        Type::DateTime => to_datetime(value).map_or(Value::Null, Value::DateTime),
        Type::TimeSpan => to_timespan(value).map_or(Value::Null, Value::TimeSpan),
        Type::Guid => to_guid(value).map_or(Value::Null, |g| Value::Guid(g.into())),
        Type::Dynamic => match value {
            Value::Dynamic(_) => value.clone(),
            v if v.is_null() => Value::dynamic(serde_json::Value::Null),
            v => Value::dynamic(v.to_json()),
        },
        Type::Unknown => value.clone(),
    }
}

/// A dynamic scalar as the plain value it holds; other values unchanged.
fn unwrap_dynamic(value: &Value) -> Value {
    match value {
        Value::Dynamic(d) => Value::from_json_scalar(d),
        v => v.clone(),
    }
}

/// Reads a number from text: a whole number exactly, else a real.
fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    s.parse::<i64>()
        .map(|n| n as f64)
        .ok()
        .or_else(|| s.parse::<f64>().ok())
}

/// `tolong`: reals and numeric text truncate toward zero (toint-function docs:
/// `toint(2.3)` is 2); datetimes are .NET ticks, timespans ticks.
fn to_long(value: &Value) -> Option<i64> {
    match unwrap_dynamic(value) {
        Value::Long(n) => Some(n),
        Value::Real(r) => real_to_long(r),
        Value::Bool(b) => Some(i64::from(b)),
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .or_else(|| parse_number(&s).and_then(real_to_long)),
        Value::DateTime(t) => t.checked_add(EPOCH_DOTNET_TICKS),
        Value::TimeSpan(t) => Some(t),
        _ => None,
    }
}

fn real_to_long(r: f64) -> Option<i64> {
    let t = r.trunc();
    (t.is_finite() && t >= i64::MIN as f64 && t < i64::MAX as f64).then_some(t as i64)
}

/// `toint`: as `tolong`, then kept when it fits 32 bits (null otherwise).
fn to_int(value: &Value) -> Option<i64> {
    if matches!(
        unwrap_dynamic(value),
        Value::DateTime(_) | Value::TimeSpan(_)
    ) {
        return None;
    }
    to_long(value)
        .and_then(|n| i32::try_from(n).ok())
        .map(i64::from)
}

/// `todouble`/`toreal`/`todecimal`.
fn to_real(value: &Value) -> Option<f64> {
    match unwrap_dynamic(value) {
        Value::Long(n) => Some(n as f64),
        Value::Real(r) => Some(r),
        Value::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
        Value::String(s) => parse_number(&s),
        Value::TimeSpan(t) => Some(t as f64),
        Value::DateTime(t) => Some((t + EPOCH_DOTNET_TICKS) as f64),
        _ => None,
    }
}

/// `tobool`: `true`/`false` text in any case, numbers as non-zero.
fn to_bool(value: &Value) -> Option<bool> {
    match unwrap_dynamic(value) {
        Value::Bool(b) => Some(b),
        Value::Long(n) => Some(n != 0),
        Value::Real(r) => (!r.is_nan()).then_some(r != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// `todatetime`: datetimes as they are, text as `datetime()` reads it.
fn to_datetime(value: &Value) -> Option<i64> {
    match unwrap_dynamic(value) {
        Value::DateTime(t) => Some(t),
        Value::String(s) => time::parse_datetime(&s),
        _ => None,
    }
}

/// `totimespan`: timespans, timespan text (`0.00:03:00`, `2h`), numbers as ticks.
fn to_timespan(value: &Value) -> Option<i64> {
    match unwrap_dynamic(value) {
        Value::TimeSpan(t) => Some(t),
        Value::Long(n) => Some(n),
        Value::Real(r) => real_to_long(r.round()),
        Value::String(s) => time::parse_timespan(&s),
        _ => None,
    }
}

/// `toguid`: 32 hex digits, with or without dashes/braces, as canonical lower case.
fn to_guid(value: &Value) -> Option<String> {
    match value {
        Value::Guid(g) => Some(g.to_string()),
        v => crate::io::read::convert::canonical_guid(v.as_str()?),
    }
}

fn tostring(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(convert_to(arg(args, 0), Type::String))
}
fn toint(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(convert_to(arg(args, 0), Type::Int))
}
fn tolong(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(convert_to(arg(args, 0), Type::Long))
}
fn toreal(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(convert_to(arg(args, 0), Type::Real))
}
fn tobool(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(convert_to(arg(args, 0), Type::Bool))
}
fn todatetime(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(convert_to(arg(args, 0), Type::DateTime))
}
fn totimespan(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(convert_to(arg(args, 0), Type::TimeSpan))
}
fn toguid(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(convert_to(arg(args, 0), Type::Guid))
}

/// `estimate_data_size(columns)` (estimate-data-size-function), lowered to pairs of
/// (fixed size of the column's type, or -1 for a variable-length type; value): a
/// fixed-size type counts its size (long, real, datetime, timespan 8; int 4; bool 1;
/// guid and decimal 16), a string its UTF-8 bytes (the page's `'1234567890'` is 10
/// bytes, a long 8), a dynamic value its JSON text plus 8 bytes (Kusto's internal
/// form is undocumented beyond "more than the same text as a string"); a null string
/// or dynamic counts 0.
fn estimate_data_size(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let mut total = 0i64;
    for pair in args.chunks(2) {
        let (size, value) = (
            pair[0].as_i64().unwrap_or(-1),
            pair.get(1).unwrap_or(&Value::Null),
        );
        total += match value {
            _ if size >= 0 => size,
            Value::Null => 0,
            Value::String(s) => s.len() as i64,
            Value::Dynamic(d) => d.to_string().len() as i64 + 8,
            Value::Bool(_) => 1,
            Value::Guid(_) => 16,
            _ => 8,
        };
    }
    Ok(Value::Long(total))
}

/// The fixed size in bytes of a type's values for `estimate_data_size` (-1: by value).
pub fn fixed_data_size(ty: Type) -> i64 {
    match ty {
        Type::Bool => 1,
        Type::Int => 4,
        Type::Long | Type::Real | Type::DateTime | Type::TimeSpan => 8,
        Type::Guid | Type::Decimal => 16,
        _ => -1,
    }
}

macro_rules! cast {
    ($name:literal, [$($alias:literal),*], $ty:expr, $sig:literal, $eval:expr, $doc:literal) => {
        ScalarFunction {
            name: $name,
            aliases: &[$($alias),*],
            min_args: 1,
            max_args: 1,
            signature: $sig,
            returns: ReturnType::Fixed($ty),
            eval: $eval,
            doc: $doc,
        }
    };
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    ScalarFunction {
        name: "estimate_data_size",
        aliases: &[],
        min_args: 2,
        max_args: usize::MAX,
        signature: "(columns..., or *) -> long",
        returns: ReturnType::Fixed(Type::Long),
        eval: estimate_data_size,
        doc: "The estimated bytes of the given columns (`*`: all): fixed sizes by type, a string's UTF-8 length.",
    },
    cast!(
        "tostring",
        [],
        Type::String,
        "(value) -> string",
        tostring,
        "The value as a string (\"\" for null)."
    ),
    cast!(
        "toint",
        [],
        Type::Int,
        "(value) -> int",
        toint,
        "The value as a 32-bit integer, truncating reals; null if it does not convert."
    ),
    cast!(
        "tolong",
        [],
        Type::Long,
        "(value) -> long",
        tolong,
        "The value as a 64-bit integer, truncating reals; null if it does not convert."
    ),
    cast!(
        "todouble",
        ["toreal"],
        Type::Real,
        "(value) -> real",
        toreal,
        "The value as a real number; null if it does not convert."
    ),
    cast!(
        "todecimal",
        [],
        Type::Decimal,
        "(value) -> decimal",
        toreal,
        "The value as a decimal (64-bit floating point in kqlc)."
    ),
    cast!(
        "tobool",
        ["toboolean"],
        Type::Bool,
        "(value) -> bool",
        tobool,
        "The value as a bool: \"true\"/\"false\" or a non-zero number."
    ),
    cast!(
        "todatetime",
        [],
        Type::DateTime,
        "(value) -> datetime",
        todatetime,
        "The value as a datetime; null if it does not parse."
    ),
    cast!(
        "totimespan",
        ["totime"],
        Type::TimeSpan,
        "(value) -> timespan",
        totimespan,
        "The value as a timespan; null if it does not parse."
    ),
    cast!(
        "toguid",
        [],
        Type::Guid,
        "(value) -> guid",
        toguid,
        "The value as a guid; null if it is not one."
    ),
];

#[cfg(test)]
mod tests {
    use crate::functions::registry::{EvalContext, scalar};
    use crate::value::{Value, time};
    use serde_json::json;

    fn call(name: &str, v: Value) -> Value {
        let f = scalar(name).unwrap_or_else(|| panic!("{name} is registered"));
        (f.eval)(&[v], &EvalContext { now: 0 }).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn s(t: &str) -> Value {
        Value::string(t)
    }

    #[test]
    fn tostring_renders_values_and_null_as_empty() {
        assert_eq!(call("tostring", Value::Long(123)).to_kusto_string(), "123");
        assert_eq!(call("tostring", Value::Real(1.5)).to_kusto_string(), "1.5");
        assert_eq!(
            call("tostring", Value::dynamic(json!({"a": [1]}))).to_kusto_string(),
            r#"{"a":[1]}"#
        );
        assert!(matches!(call("tostring", Value::Null), Value::String(s) if s.is_empty()));
    }

    #[test]
    fn toint_and_tolong_parse_text_and_truncate_reals() {
        // toint-function docs (conformance 215, 216); kusto-loco casts (300, 301).
        assert_eq!(call("toint", s("123")).as_i64(), Some(123));
        assert_eq!(call("toint", Value::Real(2.3)).as_i64(), Some(2));
        assert_eq!(call("toint", s("1.5")).as_i64(), Some(1));
        assert!(call("toint", s("")).is_null());
        assert!(call("tolong", s("nan")).is_null());
        assert!(call("tolong", s("not a number")).is_null());
        assert_eq!(call("tolong", s("42")).as_i64(), Some(42));
        assert_eq!(call("tolong", Value::Bool(true)).as_i64(), Some(1));
        assert_eq!(call("tolong", Value::dynamic(json!(7))).as_i64(), Some(7));
        assert!(call("toint", Value::Long(5_000_000_000)).is_null());
    }

    #[test]
    fn tolong_of_a_datetime_counts_dotnet_ticks() {
        let epoch = time::parse_datetime("1970-01-01").unwrap();
        assert_eq!(
            call("tolong", Value::DateTime(epoch)).as_i64(),
            Some(621_355_968_000_000_000)
        );
        assert_eq!(
            call("tolong", Value::TimeSpan(time::TICKS_PER_SECOND)).as_i64(),
            Some(10_000_000)
        );
    }

    #[test]
    fn todouble_and_aliases() {
        assert_eq!(call("todouble", s("1.25")).as_f64(), Some(1.25));
        assert_eq!(call("toreal", Value::Long(3)).as_f64(), Some(3.0));
        assert_eq!(call("todecimal", s("2")).as_f64(), Some(2.0));
        assert!(call("todouble", s("abc")).is_null());
    }

    #[test]
    fn tobool_reads_true_false_and_numbers() {
        // tobool-function docs.
        assert_eq!(call("tobool", s("true")).as_bool(), Some(true));
        assert_eq!(call("toboolean", s("FALSE")).as_bool(), Some(false));
        assert_eq!(call("tobool", Value::Long(123)).as_bool(), Some(true));
        assert_eq!(call("tobool", Value::Long(0)).as_bool(), Some(false));
        assert!(call("tobool", s("yes")).is_null());
    }

    #[test]
    fn todatetime_and_totimespan_parse_text() {
        // todatetime-function docs (conformance 214) and totimespan-function docs (220).
        let dt = call("todatetime", s("2022-12-02 10:00"));
        assert_eq!(dt.to_kusto_string(), "2022-12-02T10:00:00Z");
        assert!(call("todatetime", s("not a date")).is_null());
        assert_eq!(
            call("totimespan", s("0.00:03:00")).to_kusto_string(),
            "00:03:00"
        );
        assert_eq!(
            call("totimespan", Value::TimeSpan(4 * time::TICKS_PER_DAY)).to_kusto_string(),
            "4.00:00:00"
        );
        assert!(call("totimespan", s("abc")).is_null());
    }

    #[test]
    fn toguid_canonicalises_or_gives_null() {
        let g = call("toguid", s("{74BE27DE-1E4E-49D9-B579-FE0B331D3642}"));
        assert!(matches!(&g, Value::Guid(t) if &**t == "74be27de-1e4e-49d9-b579-fe0b331d3642"));
        assert!(matches!(
            call("toguid", s("74be27de1e4e49d9b579fe0b331d3642")),
            Value::Guid(_)
        ));
        assert!(call("toguid", s("not-a-guid")).is_null());
    }
}
