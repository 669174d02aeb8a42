//! ES|QL string, date and multi-value functions the KQL registry has no equivalent of,
//! each as Elastic's reference describes it (<https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/>:
//! string-functions/contains, hash, url_encode, url_encode_component;
//! mv-functions/mv_zip; date-time-functions/date_parse). Null in, null out.

use super::{entry, from_values, is_multi, values_of};
use crate::functions::args::arg;
use crate::functions::registry::{EvalContext, ReturnType, ScalarFunction};
use crate::value::{Type, Value, time};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// The single string argument `i` (`None` for null or a multi-value).
fn single_str(args: &[Value], i: usize) -> Option<&str> {
    let v = arg(args, i);
    if is_multi(v) { None } else { v.as_str() }
}

/// `contains(string, substring)`: whether the substring occurs (case-sensitive).
fn contains(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match (single_str(a, 0), single_str(a, 1)) {
        (Some(s), Some(sub)) => Value::Bool(s.contains(sub)),
        _ => Value::Null,
    })
}

/// `hash(algorithm, input)`: the lower-case hex digest of the input's UTF-8 bytes
/// (MD5, SHA, SHA-1, SHA-256, SHA-384, SHA-512); an unknown algorithm is an error.
fn hash(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(algorithm), Some(input)) = (single_str(a, 0), single_str(a, 1)) else {
        return Ok(Value::Null);
    };
    let bytes = input.as_bytes();
    let digest: Vec<u8> = match algorithm.to_ascii_uppercase().as_str() {
        "MD5" => Md5::digest(bytes).to_vec(),
        "SHA" | "SHA-1" | "SHA1" => Sha1::digest(bytes).to_vec(),
        "SHA-256" | "SHA256" => Sha256::digest(bytes).to_vec(),
        "SHA-384" | "SHA384" => Sha384::digest(bytes).to_vec(),
        "SHA-512" | "SHA512" => Sha512::digest(bytes).to_vec(),
        other => return Err(format!("unknown hash algorithm `{other}`")),
    };
    Ok(Value::string(
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
    ))
}

/// Percent-encodes all but alphanumerics, `.`, `-`, `_` and `~` (upper-case hex, as
/// Java's encoder); a space is `space`.
fn percent_encode(s: &str, space: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push_str(space),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `url_encode(s)`: spaces become `+`.
fn url_encode(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(single_str(a, 0).map_or(Value::Null, |s| Value::string(percent_encode(s, "+"))))
}

/// `url_encode_component(s)`: spaces become `%20`.
fn url_encode_component(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(single_str(a, 0).map_or(Value::Null, |s| Value::string(percent_encode(s, "%20"))))
}

/// `mv_zip(string1, string2, [delim])`: the values paired up and joined by `delim`
/// (default `,`); the longer side's extra values stay as they are.
fn mv_zip(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let delim = match arg(a, 2) {
        Value::Null if a.len() < 3 => ",".to_string(),
        v => match v.as_str() {
            Some(d) => d.to_string(),
            None => return Ok(Value::Null),
        },
    };
    let (left, right) = (values_of(arg(a, 0)), values_of(arg(a, 1)));
    if left.is_empty() && right.is_empty() {
        return Ok(Value::Null);
    }
    let text = |v: &Value| {
        v.as_str()
            .map_or_else(|| v.to_json().to_string(), str::to_string)
    };
    let zipped = (0..left.len().max(right.len()))
        .map(|i| match (left.get(i), right.get(i)) {
            (Some(l), Some(r)) => Value::string(format!("{}{delim}{}", text(l), text(r))),
            (Some(v), None) | (None, Some(v)) => Value::string(text(v)),
            (None, None) => Value::Null,
        })
        .collect();
    Ok(from_values(zipped))
}

/// `date_parse([pattern,] date_string)`: the date the string writes in the Java
/// pattern (default ISO 8601, `yyyy-MM-dd'T'HH:mm:ss.SSSZ`); null when it does not parse.
fn date_parse(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (pattern, text) = match a.len() {
        1 => (None, single_str(a, 0)),
        _ => (single_str(a, 0), single_str(a, 1)),
    };
    let Some(text) = text else {
        return Ok(Value::Null);
    };
    let parsed = match pattern {
        None => time::parse_datetime(text).filter(|_| text.contains('T')),
        Some(p) => parse_with(&super::chrono_format(p), text),
    };
    Ok(parsed.map_or(Value::Null, Value::DateTime))
}

/// A date-time, or a date at midnight, in chrono format `fmt` (UTC).
fn parse_with(fmt: &str, text: &str) -> Option<i64> {
    let with_time = chrono::NaiveDateTime::parse_from_str(text, fmt).ok();
    let date_only = || {
        chrono::NaiveDate::parse_from_str(text, fmt)
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    };
    with_time
        .or_else(date_only)
        .map(|d| time::ticks_from_chrono(d.and_utc()))
}

/// The functions of this module.
pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "contains",
        (2, 2),
        "(string, substring) -> boolean",
        ReturnType::Fixed(Type::Bool),
        contains,
        "Whether the substring occurs in the string.",
    ),
    entry(
        "hash",
        (2, 2),
        "(algorithm, input) -> keyword",
        ReturnType::Fixed(Type::String),
        hash,
        "The hex digest of the input (MD5, SHA-1, SHA-256, SHA-384, SHA-512).",
    ),
    entry(
        "url_encode",
        (1, 1),
        "(string) -> keyword",
        ReturnType::Fixed(Type::String),
        url_encode,
        "URL-encodes the input; spaces become +.",
    ),
    entry(
        "url_encode_component",
        (1, 1),
        "(string) -> keyword",
        ReturnType::Fixed(Type::String),
        url_encode_component,
        "URL-encodes the input; spaces become %20.",
    ),
    entry(
        "mv_zip",
        (2, 3),
        "(string1, string2, [delim]) -> keyword",
        ReturnType::Fixed(Type::String),
        mv_zip,
        "The values of two multi-values joined pairwise by a delimiter.",
    ),
    entry(
        "date_parse",
        (1, 2),
        "([pattern], date_string) -> date",
        ReturnType::Fixed(Type::DateTime),
        date_parse,
        "The date a string writes in a Java date pattern.",
    ),
];
