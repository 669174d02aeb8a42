//! Converting input fields (JSON values, CSV cells) to values of a column's type.
//!
//! A value that does not fit the column type becomes the type's null (`""` for
//! strings), as Kusto's ingestion does, rather than an error.

use crate::value::{Type, Value, time};
use serde_json::Value as Json;

/// A JSON field as a value of column type `ty` (`None` = the field is missing).
pub fn from_json(field: Option<Json>, ty: Type) -> Value {
    match field {
        None | Some(Json::Null) => Value::null_of(ty),
        Some(json) => convert_json(json, ty),
    }
}

/// A JSON string field's text as a value of column type `ty`: the same result as
/// [`from_json`] on `Json::String(text)`, without building that JSON value first.
pub fn from_json_str(text: &str, ty: Type) -> Value {
    match ty {
        Type::String | Type::Unknown if text.is_empty() => empty_string(),
        Type::String | Type::Unknown => Value::string(text),
        Type::Int | Type::Long => text_to_long(text).map_or(Value::Null, Value::Long),
        Type::Real | Type::Decimal => text_to_real(text).map_or(Value::Null, Value::Real),
        Type::Bool => text_to_bool(text).map_or(Value::Null, Value::Bool),
        Type::DateTime => time::parse_datetime(text).map_or(Value::Null, Value::DateTime),
        Type::TimeSpan => time::parse_timespan(text).map_or(Value::Null, Value::TimeSpan),
        Type::Guid => canonical_guid(text).map_or(Value::Null, |g| Value::Guid(g.into())),
        Type::Dynamic => Value::dynamic(Json::String(text.to_string())),
    }
}

/// The empty string value, sharing one allocation per thread (empty and missing string
/// fields are common in logs).
pub fn empty_string() -> Value {
    thread_local! {
        static EMPTY: std::sync::Arc<str> = std::sync::Arc::from("");
    }
    EMPTY.with(|e| Value::String(e.clone()))
}

fn convert_json(json: Json, ty: Type) -> Value {
    match ty {
        Type::String => match json {
            Json::String(s) => Value::string(s),
            other => Value::string(other.to_string()),
        },
        Type::Int | Type::Long => json_to_long(&json).map_or(Value::Null, Value::Long),
        Type::Real | Type::Decimal => json_to_real(&json).map_or(Value::Null, Value::Real),
        Type::Bool => match &json {
            Json::Bool(b) => Value::Bool(*b),
            Json::String(s) => text_to_bool(s).map_or(Value::Null, Value::Bool),
            _ => Value::Null,
        },
        Type::DateTime => json
            .as_str()
            .and_then(time::parse_datetime)
            .map_or(Value::Null, Value::DateTime),
        Type::TimeSpan => json
            .as_str()
            .and_then(time::parse_timespan)
            .map_or(Value::Null, Value::TimeSpan),
        Type::Guid => json
            .as_str()
            .and_then(canonical_guid)
            .map_or(Value::Null, |g| Value::Guid(g.into())),
        Type::Dynamic => Value::dynamic(json),
        Type::Unknown => natural(json),
    }
}

/// The value a JSON field has when its column type is not known.
pub fn natural(json: Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(b),
        Json::Number(n) => n
            .as_i64()
            .map_or_else(|| Value::Real(n.as_f64().unwrap_or(f64::NAN)), Value::Long),
        Json::String(s) => Value::string(s),
        other => Value::dynamic(other),
    }
}

fn json_to_long(json: &Json) -> Option<i64> {
    match json {
        Json::Number(n) => n.as_i64().or_else(|| n.as_f64().and_then(whole_to_long)),
        Json::String(s) => text_to_long(s),
        _ => None,
    }
}

fn json_to_real(json: &Json) -> Option<f64> {
    match json {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => text_to_real(s),
        _ => None,
    }
}

/// A CSV cell as a value of column type `ty`; an empty cell is the type's null.
pub fn from_text(cell: &str, ty: Type) -> Value {
    if cell.is_empty() {
        return Value::null_of(ty);
    }
    match ty {
        Type::String | Type::Unknown => Value::string(cell),
        Type::Int | Type::Long => text_to_long(cell).map_or(Value::Null, Value::Long),
        Type::Real | Type::Decimal => text_to_real(cell).map_or(Value::Null, Value::Real),
        Type::Bool => text_to_bool(cell).map_or(Value::Null, Value::Bool),
        Type::DateTime => time::parse_datetime(cell).map_or(Value::Null, Value::DateTime),
        Type::TimeSpan => time::parse_timespan(cell).map_or(Value::Null, Value::TimeSpan),
        Type::Guid => canonical_guid(cell).map_or(Value::Null, |g| Value::Guid(g.into())),
        // A cell of a dynamic column holds JSON; text that is not JSON is a dynamic string.
        Type::Dynamic => Value::dynamic(
            serde_json::from_str(cell).unwrap_or_else(|_| Json::String(cell.to_string())),
        ),
    }
}

/// An integer written as text (`42`, ` -7 `, or a whole number such as `42.0`).
pub fn text_to_long(text: &str) -> Option<i64> {
    let t = text.trim();
    t.parse::<i64>()
        .ok()
        .or_else(|| t.parse::<f64>().ok().and_then(whole_to_long))
}

/// A real written as text (`1.5`, `1e3`, `NaN`, `Infinity`).
pub fn text_to_real(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok()
}

/// `true`/`false` in any letter case.
pub fn text_to_bool(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn whole_to_long(r: f64) -> Option<i64> {
    // Bounds exclusive of 2^63, which i64 cannot hold.
    (r == r.trunc() && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&r))
        .then_some(r as i64)
}

/// A GUID in Kusto's canonical lower-case `8-4-4-4-12` form (toguid page): the first
/// 32 hex digits of the text, each hyphen between them only where the canonical form
/// has one (after the 8th, 12th, 16th or 20th digit, each optional); an opening brace
/// and whatever follows the 32nd digit are ignored. `None` when the text is not a GUID.
pub fn canonical_guid(text: &str) -> Option<String> {
    let t = text.trim();
    let mut chars = t.strip_prefix('{').unwrap_or(t).chars();
    let mut hex = String::with_capacity(32);
    let mut after_hyphen = false;
    while hex.len() < 32 {
        match chars.next()? {
            c if c.is_ascii_hexdigit() => {
                hex.push(c.to_ascii_lowercase());
                after_hyphen = false;
            }
            '-' if matches!(hex.len(), 8 | 12 | 16 | 20) && !after_hyphen => after_hyphen = true,
            _ => return None,
        }
    }
    Some(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

/// Whether a string looks like an ISO 8601 date or date-time (`2024-05-01`,
/// `2024-05-01T10:00:00Z`, …) that `parse_datetime` reads — used to infer datetime columns.
pub fn is_iso_datetime(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let date_shape = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    let time_follows = matches!(b.get(10), None | Some(b'T' | b't' | b' '));
    date_shape && time_follows && time::parse_datetime(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn guids_are_canonical_lower_case() {
        assert_eq!(
            canonical_guid("{0A1B2C3D-0000-4000-8000-ABCDEFABCDEF}").as_deref(),
            Some("0a1b2c3d-0000-4000-8000-abcdefabcdef")
        );
        assert_eq!(canonical_guid("0a1b2c3d00004000800 0abcdefabcdef"), None);
        assert_eq!(canonical_guid("not-a-guid"), None);
    }

    #[test]
    fn guid_hyphens_may_be_left_out_but_not_misplaced_and_the_tail_is_ignored() {
        // toguid page: "ignoring properly located hyphens … The rest of the string is ignored".
        let canonical = Some("01234567-89ab-cdef-0123-456789abcdef");
        assert_eq!(
            canonical_guid("0123456789ab-cdef-0123-456789abcdef").as_deref(),
            canonical
        );
        assert_eq!(
            canonical_guid("0123456789abcdef0123456789abcdef").as_deref(),
            canonical
        );
        assert_eq!(
            canonical_guid("0123456789abcdef0123456789abcdefXYZ").as_deref(),
            canonical
        );
        assert_eq!(canonical_guid("0123-456789abcdef0123456789abcdef"), None);
        assert_eq!(canonical_guid("01234567--89abcdef0123456789abcdef"), None);
        assert_eq!(canonical_guid("0123456789abcdef0123456789abcde"), None);
    }

    #[test]
    fn iso_datetime_shape_requires_a_full_date() {
        assert!(is_iso_datetime("2024-05-01"));
        assert!(is_iso_datetime("2024-05-01T10:00:00.5Z"));
        assert!(!is_iso_datetime("2024-05"));
        assert!(!is_iso_datetime("2024-05-01x"));
        assert!(!is_iso_datetime("05/01/2024"));
    }

    #[test]
    fn string_fields_convert_like_their_json_values() {
        let cases = [
            ("42", Type::Long),
            ("1.5", Type::Real),
            ("TRUE", Type::Bool),
            ("2024-05-01T10:00:00Z", Type::DateTime),
            ("1.02:03:04", Type::TimeSpan),
            ("0A1B2C3D-0000-4000-8000-ABCDEFABCDEF", Type::Guid),
            ("text", Type::Dynamic),
            ("", Type::String),
            ("x", Type::Unknown),
            ("not a number", Type::Long),
        ];
        for (text, ty) in cases {
            assert_eq!(
                format!("{:?}", from_json_str(text, ty)),
                format!("{:?}", from_json(Some(json!(text)), ty)),
                "{text:?} as {ty:?}"
            );
        }
    }

    #[test]
    fn whole_reals_fit_long_columns_and_fractions_do_not() {
        assert_eq!(from_json(Some(json!(3.0)), Type::Long).as_i64(), Some(3));
        assert!(from_json(Some(json!(3.5)), Type::Long).is_null());
        assert!(from_json(Some(json!(1e300)), Type::Long).is_null());
    }
}
