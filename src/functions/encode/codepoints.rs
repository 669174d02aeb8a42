//! Unicode code points to and from strings (unicode-codepoints-from-string-function,
//! unicode-codepoints-to-string-function) and the UTF-8 test `isutf8`.

use crate::functions::args::{arg, text};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::Value as J;

/// `unicode_codepoints_from_string(s)`: the code point of each character.
pub fn codepoints_from_string(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let points = text(args, 0)
        .chars()
        .map(|c| J::from(u32::from(c)))
        .collect();
    Ok(Value::dynamic(J::Array(points)))
}

/// Appends the characters of one argument (a number or an array of numbers); `None`
/// when one is not a valid code point.
fn push_chars(value: &J, out: &mut String) -> Option<()> {
    match value {
        J::Array(items) => items.iter().try_for_each(|v| push_chars(v, out)),
        v => {
            let point = u32::try_from(v.as_i64()?).ok()?;
            out.push(char::from_u32(point)?);
            Some(())
        }
    }
}

/// `unicode_codepoints_to_string(v1, …)`: null if any value is not a code point.
pub fn codepoints_to_string(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let mut out = String::new();
    for value in args {
        if push_chars(&value.to_json(), &mut out).is_none() {
            return Ok(Value::Null);
        }
    }
    Ok(Value::string(out))
}

/// `isutf8(s)`: kqlc's strings are always UTF-8, so true for any string; null for null.
pub fn isutf8(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Null => Value::Null,
        _ => Value::Bool(true),
    })
}
