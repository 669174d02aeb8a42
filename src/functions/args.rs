//! Reading function arguments with Kusto's implicit conversions, shared by every family.

use crate::value::{Value, time};
use std::borrow::Cow;

/// Argument `i`, or null when absent (optional arguments).
pub fn arg(args: &[Value], i: usize) -> &Value {
    static NULL: Value = Value::Null;
    args.get(i).unwrap_or(&NULL)
}

/// Argument `i` as text, as `tostring()` renders it (null → `""`).
pub fn text(args: &[Value], i: usize) -> Cow<'_, str> {
    match arg(args, i) {
        Value::String(s) | Value::Guid(s) => Cow::Borrowed(s),
        v => Cow::Owned(v.to_kusto_string()),
    }
}

/// Argument `i` as a whole number (reals truncate; strings are read as numbers).
pub fn long(args: &[Value], i: usize) -> Option<i64> {
    match arg(args, i) {
        Value::String(s) => s.trim().parse().ok(),
        v => v.as_i64(),
    }
}

/// Argument `i` as a real number.
pub fn real(args: &[Value], i: usize) -> Option<f64> {
    match arg(args, i) {
        Value::String(s) => s.trim().parse().ok(),
        v => v.as_f64(),
    }
}

/// Argument `i` as datetime ticks (strings are parsed as `todatetime()` does).
pub fn datetime(args: &[Value], i: usize) -> Option<i64> {
    match arg(args, i) {
        Value::DateTime(t) => Some(*t),
        v => v.as_str().and_then(time::parse_datetime),
    }
}

/// Argument `i` as timespan ticks.
pub fn timespan(args: &[Value], i: usize) -> Option<i64> {
    match arg(args, i) {
        Value::TimeSpan(t) => Some(*t),
        v => v.as_str().and_then(time::parse_timespan),
    }
}

/// Argument `i` as JSON: dynamic values as they are, a string parsed as JSON when it
/// holds JSON (as Kusto's dynamic functions accept), any other scalar as JSON.
pub fn json(args: &[Value], i: usize) -> Cow<'_, serde_json::Value> {
    match arg(args, i) {
        Value::Dynamic(d) => Cow::Borrowed(&**d),
        Value::String(s) => Cow::Owned(
            serde_json::from_str(s).unwrap_or_else(|_| serde_json::Value::String(s.to_string())),
        ),
        v => Cow::Owned(v.to_json()),
    }
}
