//! Base64 to and from byte arrays and GUIDs (base64-decode-toarray-function,
//! base64-encode-fromarray-function, base64-decode-toguid-function,
//! base64-encode-fromguid-function). A GUID's bytes are in .NET's order: the first
//! three groups little-endian, the last two as written.

use crate::functions::args::{arg, json, text};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value as J;

/// `base64_decode_toarray(s)`: the bytes as an array of longs; empty when `s` is not
/// padded base64 (the page's example of a bad input gives an empty array).
pub fn base64_decode_toarray(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let bytes = STANDARD.decode(text(args, 0).trim()).unwrap_or_default();
    Ok(Value::dynamic(J::Array(
        bytes.into_iter().map(J::from).collect(),
    )))
}

/// `base64_encode_fromarray(bytes)`: null unless every element is a byte (0–255);
/// an empty array gives an empty string.
pub fn base64_encode_fromarray(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let J::Array(items) = &*json(args, 0) else {
        return Ok(Value::Null);
    };
    let bytes: Option<Vec<u8>> = items
        .iter()
        .map(|v| v.as_i64().and_then(|n| u8::try_from(n).ok()))
        .collect();
    Ok(bytes.map_or(Value::Null, |b| Value::string(STANDARD.encode(b))))
}

/// The 16 bytes of a GUID's text, in .NET's `ToByteArray` order.
fn guid_bytes(guid: &str) -> Option<[u8; 16]> {
    let hex: String = guid.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || guid.len() != 36 {
        return None;
    }
    let mut raw = [0u8; 16];
    for (i, byte) in raw.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    raw[0..4].reverse();
    raw[4..6].reverse();
    raw[6..8].reverse();
    Some(raw)
}

/// The GUID text of 16 bytes in .NET's order.
fn guid_text(bytes: &[u8]) -> Option<String> {
    let mut raw: [u8; 16] = bytes.try_into().ok()?;
    raw[0..4].reverse();
    raw[4..6].reverse();
    raw[6..8].reverse();
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

/// `base64_encode_fromguid(g)`: the page calls any non-GUID argument an error.
pub fn base64_encode_fromguid(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    match arg(args, 0) {
        Value::Null => Ok(Value::Null),
        Value::Guid(g) => guid_bytes(g)
            .map(|b| Value::string(STANDARD.encode(b)))
            .ok_or_else(|| format!("base64_encode_fromguid(): `{g}` is not a GUID")),
        other => Err(format!(
            "base64_encode_fromguid() needs a guid, not {}",
            other.to_kusto_string()
        )),
    }
}

/// `base64_decode_toguid(s)`: null unless `s` is base64 of exactly 16 bytes.
pub fn base64_decode_toguid(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let guid = STANDARD
        .decode(text(args, 0).trim())
        .ok()
        .and_then(|bytes| guid_text(&bytes));
    Ok(guid.map_or(Value::Null, |g| Value::Guid(g.into())))
}
