//! ES|QL's type-conversion functions (`TO_LONG`, `TO_STRING`, …, and the `::type`
//! casts), applied to every value of a multi-value as the type-conversion functions
//! reference says; a value that does not convert is dropped (null when none does).
//! Where ES|QL differs from the KQL conversion underneath:
//! - a double becomes an integer rounded half up (Java's `Math.round`: `to_long(2.5)`
//!   is 3), and a number outside the target range is null;
//! - a double becomes text as Java writes it (`1.0`, `1.0E10`);
//! - a date becomes its milliseconds, or Elasticsearch's text of it.

use super::{esql_json, from_values, scalar, values_of};
use crate::functions::args::{arg, text};
use crate::functions::registry::EvalContext;
use crate::value::Value;

/// The type conversions, which ES|QL applies to every value of a multi-value.
pub const CONVERSIONS: &[&str] = &[
    "to_string",
    "to_integer",
    "to_int",
    "to_long",
    "to_double",
    "to_datetime",
    "to_ip",
    "to_boolean",
    "to_bool",
    "to_degrees",
    "to_radians",
    "to_dbl",
    "to_str",
    "to_unsigned_long",
    "to_ul",
    "to_ulong",
    "to_version",
    "to_ver",
    "to_text",
    "to_dt",
    "to_date_nanos",
    "to_datenanos",
];

/// `esql_convert(name, x, [from])`: conversion `name` applied to each value of `x`;
/// `from` = `"datetime"` says the values are dates (a multi-value holds them as text).
pub fn convert(args: &[Value], cx: &EvalContext) -> Result<Value, String> {
    let name = text(args, 0).to_ascii_lowercase();
    let dates = arg(args, 2).as_str() == Some("datetime");
    let mut out = Vec::new();
    for v in values_of(arg(args, 1)) {
        let v = match &v {
            Value::String(s) if dates => {
                crate::value::time::parse_datetime(s).map_or(v, Value::DateTime)
            }
            _ => v,
        };
        let c = convert_one(&name, &v, cx)?;
        if !c.is_null() {
            out.push(c);
        }
    }
    Ok(from_values(out))
}

fn convert_one(name: &str, v: &Value, cx: &EvalContext) -> Result<Value, String> {
    if matches!(
        name,
        "to_datetime" | "to_dt" | "to_date_nanos" | "to_datenanos"
    ) {
        return Ok(match v {
            Value::Long(ms) => Value::DateTime(ms.saturating_mul(10_000)),
            Value::Real(ms) => Value::DateTime((ms.trunc() as i64).saturating_mul(10_000)),
            Value::DateTime(t) => Value::DateTime(*t),
            Value::String(s) => iso_datetime(s).map_or(Value::Null, Value::DateTime),
            _ => Value::Null,
        });
    }
    if let Value::DateTime(t) = v {
        return Ok(from_datetime(name, *t));
    }
    if let Some(x) = rounded_integer(name, v) {
        return Ok(x);
    }
    if let (true, Value::Real(x)) = (matches!(name, "to_string" | "to_str" | "to_text"), v) {
        return Ok(Value::string(java_double(*x)));
    }
    let converted = match scalar(name) {
        Some(f) => (f.eval)(std::slice::from_ref(v), cx)?,
        None => Value::Null,
    };
    Ok(match (name, converted) {
        // An integer holds 32 bits; a value outside is null (ES|QL warns).
        ("to_integer" | "to_int", Value::Long(n)) if i32::try_from(n).is_err() => Value::Null,
        (_, c) => c,
    })
}

/// A date in Elasticsearch's default format, `strict_date_optional_time`: a date
/// (`2024-01-31`), optionally with a time after `T` and a zone; no other layout.
pub fn iso_datetime(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let date_first = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && (b.len() == 10 || b[10] == b'T');
    if !date_first || s.contains(' ') {
        return None;
    }
    crate::value::time::parse_datetime(s)
}

/// A date converted by `name`: a number is its milliseconds since the epoch (an integer
/// only when they fit 32 bits), a string Elasticsearch's rendering of it.
fn from_datetime(name: &str, ticks: i64) -> Value {
    let ms = ticks.div_euclid(10_000);
    match name {
        "to_long" | "to_unsigned_long" | "to_ul" | "to_ulong" => Value::Long(ms),
        "to_integer" | "to_int" => i32::try_from(ms).map_or(Value::Null, |i| Value::Long(i.into())),
        "to_double" | "to_dbl" => Value::Real(ms as f64),
        "to_string" | "to_str" => match esql_json(&Value::DateTime(ticks)) {
            serde_json::Value::String(s) => Value::string(s),
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}

/// The bounds `[low, high)` of a conversion to an integer type (`None` for others).
fn integer_range(name: &str) -> Option<(f64, f64)> {
    match name {
        "to_integer" | "to_int" => Some((f64::from(i32::MIN), f64::from(i32::MAX) + 1.0)),
        "to_long" => Some((-9.223_372_036_854_776e18, 9.223_372_036_854_776e18)),
        "to_unsigned_long" | "to_ul" | "to_ulong" => Some((0.0, 9.223_372_036_854_776e18)),
        _ => None,
    }
}

/// A double (or the text of one that is not an integer) converted to an integer
/// type: rounded half up as Java's `Math.round`, null outside the type's range.
/// `None` when `v` is not such a value or `name` is not such a conversion.
fn rounded_integer(name: &str, v: &Value) -> Option<Value> {
    let (low, high) = integer_range(name)?;
    let x = match v {
        Value::Real(x) => *x,
        Value::String(s) if s.trim().parse::<i64>().is_err() => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    let floor = x.floor();
    let r = if x - floor >= 0.5 { floor + 1.0 } else { floor };
    Some(if r.is_finite() && r >= low && r < high {
        Value::Long(r as i64)
    } else {
        Value::Null
    })
}

/// A double as Java's `Double.toString` writes it: the shortest digits that read
/// back, `1.0` rather than `1`, scientific (`1.0E10`, `1.0E-4`) outside 10⁻³‥10⁷.
pub fn java_double(x: f64) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let magnitude = x.abs();
    if (1e-3..1e7).contains(&magnitude) {
        let plain = format!("{x}");
        return if plain.contains('.') {
            plain
        } else {
            format!("{plain}.0")
        };
    }
    let sci = format!("{x:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    format!("{mantissa}E{exponent}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> EvalContext {
        EvalContext { now: 0 }
    }

    fn conv(name: &str, v: Value) -> Value {
        convert(&[Value::string(name), v], &cx()).unwrap_or(Value::Null)
    }

    #[test]
    fn doubles_round_half_up_to_integers() {
        // docs: TO_LONG ("2147483648.2" → 2147483648), TO_INTEGER
        assert_eq!(conv("to_long", Value::Real(2.5)), Value::Long(3));
        assert_eq!(conv("to_long", Value::Real(-2.5)), Value::Long(-2));
        assert_eq!(
            conv("to_long", Value::string("2147483648.2")),
            Value::Long(2_147_483_648)
        );
        assert_eq!(conv("to_integer", Value::Real(3e9)), Value::Null);
        assert_eq!(conv("to_long", Value::Real(1e19)), Value::Null);
    }

    #[test]
    fn doubles_are_written_as_java_writes_them() {
        // docs: TO_STRING
        assert_eq!(java_double(1.0), "1.0");
        assert_eq!(java_double(0.001), "0.001");
        assert_eq!(java_double(1e7), "1.0E7");
        assert_eq!(java_double(1.2345e-5), "1.2345E-5");
        assert_eq!(java_double(-520128000000.0), "-5.20128E11");
        assert_eq!(conv("to_string", Value::Real(2.5)), Value::string("2.5"));
    }

    #[test]
    fn dates_held_as_text_in_a_multi_value_convert_as_dates() {
        // docs: TO_INTEGER of a date is its milliseconds
        let dates = Value::dynamic(serde_json::json!(["1970-01-01T00:00:01.000Z"]));
        let args = [
            Value::string("to_integer"),
            dates,
            Value::string("datetime"),
        ];
        assert_eq!(
            convert(&args, &cx()).unwrap_or(Value::Null),
            Value::Long(1000)
        );
    }
}
