//! Encodings and digests: base64, hashes, hexadecimal, byte sizes.

use crate::functions::args::{arg, long, real, text};
use crate::functions::registry::EvalContext;
use crate::value::{Value, format_real, time};
use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Standard base64 that accepts input with or without `=` padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// `base64_encode_tostring(s)`: the UTF-8 bytes of `s` in base64.
pub(super) fn base64_encode_tostring(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(BASE64.encode(text(args, 0).as_bytes())))
}

/// `base64_decode_tostring(s)`: the decoded bytes as UTF-8; `""` when the input is not
/// base64 or does not decode to valid UTF-8 (base64-decode-tostring-function docs).
pub(super) fn base64_decode_tostring(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let decoded = BASE64
        .decode(text(args, 0).trim().as_bytes())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    Ok(Value::string(decoded.unwrap_or_default()))
}

/// The text a hash function digests: `tostring()`, except that datetimes always carry
/// seven fraction digits (hash-md5-function docs: `hash_md5(datetime(2020-01-01))`
/// is the MD5 of `2020-01-01T00:00:00.0000000Z`).
fn hash_input(value: &Value) -> String {
    match value {
        Value::DateTime(t) => {
            let s = time::format_datetime(*t);
            match s.strip_suffix('Z') {
                Some(base) if !base.contains('.') => format!("{base}.0000000Z"),
                _ => s,
            }
        }
        v => v.to_kusto_string(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `hash_md5(v)`: lower-case hex MD5 of the value's text.
pub(super) fn hash_md5(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(hex(&Md5::digest(
        hash_input(arg(args, 0)).as_bytes(),
    ))))
}

/// `hash_sha1(v)`: lower-case hex SHA-1 of the value's text.
pub(super) fn hash_sha1(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(hex(&Sha1::digest(
        hash_input(arg(args, 0)).as_bytes(),
    ))))
}

/// `hash_sha256(v)`: lower-case hex SHA-256 of the value's text.
pub(super) fn hash_sha256(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(hex(&Sha256::digest(
        hash_input(arg(args, 0)).as_bytes(),
    ))))
}

/// The bytes `hash()` digests: UTF-8 text for strings, 8 little-endian bytes of the
/// .NET tick count for datetimes (hash-xxhash64-function docs:
/// `hash(datetime("2015-01-01"))` is 1380966698541616202 only that way), and — a
/// kqlc assumption Kusto does not document — 8 little-endian bytes for longs, reals
/// and timespans.
fn xxhash_input(value: &Value) -> Vec<u8> {
    const EPOCH_DOTNET_TICKS: i64 = 621_355_968_000_000_000;
    match value {
        Value::DateTime(t) => t.wrapping_add(EPOCH_DOTNET_TICKS).to_le_bytes().to_vec(),
        Value::TimeSpan(t) | Value::Long(t) => t.to_le_bytes().to_vec(),
        Value::Real(r) => r.to_le_bytes().to_vec(),
        v => v.to_kusto_string().into_bytes(),
    }
}

/// The XXH64 `hash()` of a value as a signed long (also what `hll()` sketches hold).
pub(crate) fn xxhash64(value: &Value) -> i64 {
    xxhash_rust::xxh64::xxh64(&xxhash_input(value), 0) as i64
}

/// `hash(v [, mod])` / `hash_xxhash64`: XXH64 (seed 0) as a signed long, reduced
/// modulo `mod` when given; null for a null value.
pub(super) fn hash(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    if arg(args, 0).is_null() {
        return Ok(Value::Null);
    }
    let h = xxhash_rust::xxh64::xxh64(&xxhash_input(arg(args, 0)), 0);
    Ok(match arg(args, 1) {
        Value::Null => Value::Long(h as i64),
        _ => match long(args, 1) {
            Some(m) if m > 0 => Value::Long((h % m as u64) as i64),
            _ => Value::Null,
        },
    })
}

/// Folds one more hash into a running combined hash. Kusto does not document its
/// combining step (hash-combine-function: "may change"); kqlc uses the 64-bit form of
/// the widely used `seed ^ (h + golden + (seed << 6) + (seed >> 2))`, so its combined
/// hashes are consistent within a run but not Kusto's numbers.
fn combine(seed: u64, h: u64) -> u64 {
    seed ^ h
        .wrapping_add(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(seed << 6)
        .wrapping_add(seed >> 2)
}

/// `hash_combine(h1, h2, …)`: the hashes folded left to right; null if one is null.
pub(super) fn hash_combine(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let hashes: Option<Vec<i64>> = (0..args.len()).map(|i| long(args, i)).collect();
    Ok(hashes.map_or(Value::Null, |hs| {
        let mut it = hs.into_iter().map(|h| h as u64);
        let first = it.next().unwrap_or(0);
        Value::Long(it.fold(first, combine) as i64)
    }))
}

/// `hash_many(v1, v2, …)`: `hash_combine` of each value's `hash()` (hash-many-function:
/// the page's example equals the hash-combine page's `hash_combine(hash(a), hash(b))`);
/// a null value hashes as the empty string.
pub(super) fn hash_many(args: &[Value], cx: &EvalContext) -> Result<Value, String> {
    let hashes: Vec<Value> = args
        .iter()
        .map(|v| {
            let h = xxhash_rust::xxh64::xxh64(&xxhash_input(v), 0);
            Value::Long(h as i64)
        })
        .collect();
    hash_combine(&hashes, cx)
}

/// `tohex(n [, minLength])`: lower-case hexadecimal of a whole number (two's
/// complement for negatives), zero-padded to `minLength`; null for other input.
pub(super) fn tohex(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let n = match arg(args, 0) {
        Value::Long(n) => *n,
        Value::Dynamic(d) => match d.as_i64() {
            Some(n) => n,
            None => return Ok(Value::Null),
        },
        _ => return Ok(Value::Null),
    };
    let width = long(args, 1).unwrap_or(0).clamp(0, 64) as usize;
    Ok(Value::string(format!("{n:0width$x}")))
}

const BYTE_UNITS: [&str; 7] = ["Bytes", "KB", "MB", "GB", "TB", "PB", "EB"];

/// `format_bytes(size [, precision [, units]])`: the size in base-1024 units, rounded
/// (format-bytes-function docs: `format_bytes(20010332, 2)` is `"19.08 MB"`).
pub(super) fn format_bytes(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(size) = real(args, 0) else {
        return Ok(Value::empty_string());
    };
    let precision = long(args, 1).unwrap_or(0).clamp(0, 15) as i32;
    let asked = text(args, 2);
    let unit = match BYTE_UNITS
        .iter()
        .position(|u| u.eq_ignore_ascii_case(asked.trim()))
    {
        Some(i) => i,
        None => {
            let mut i = 0;
            while i + 1 < BYTE_UNITS.len() && size.abs() >= 1024f64.powi(i as i32 + 1) {
                i += 1;
            }
            i
        }
    };
    let scaled = size / 1024f64.powi(unit as i32);
    let factor = 10f64.powi(precision);
    let rounded = (scaled * factor).round() / factor;
    Ok(Value::string(format!(
        "{} {}",
        format_real(rounded),
        BYTE_UNITS[unit]
    )))
}
