//! `parse_version(v)` (parse-version-function): one to four dot-separated parts of up
//! to eight digits each, missing trailing parts zero, read as the decimal
//! `p1·10^24 + p2·10^16 + p3·10^8 + p4` (so versions compare as numbers). kqlc's
//! decimals are 64-bit reals, so versions whose parts span more than 15 digits compare
//! only to the first 15 or so significant digits.

use super::args::text;
use super::registry::{EvalContext, ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::{Type, Value};

/// The parts of a version text; `None` unless it has one to four parts of 1–8 digits.
fn parts(text: &str) -> Option<Vec<u64>> {
    let parts: Vec<&str> = text.trim().split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    parts
        .iter()
        .map(|p| {
            let ok = !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_digit());
            ok.then(|| p.parse().ok()).flatten()
        })
        .collect()
}

fn parse_version(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(parts) = parts(&text(a, 0)) else {
        return Ok(Value::Null);
    };
    let mut value: u128 = 0;
    for i in 0..4 {
        value = value * 100_000_000 + u128::from(parts.get(i).copied().unwrap_or(0));
    }
    Ok(Value::Real(value as f64))
}

pub static FUNCTIONS: &[ScalarFunction] = &[entry(
    "parse_version",
    &[],
    (1, 1),
    "(version: string) -> decimal",
    ReturnType::Fixed(Type::Decimal),
    parse_version,
    "A version string of up to four parts as a comparable decimal.",
)];
