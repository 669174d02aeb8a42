//! Literal (non-regex) replacement and splitting.

use crate::functions::args::{arg, json, long, text};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::Value as J;

/// `replace_string(text, lookup, rewrite)`: every occurrence of `lookup` replaced.
pub(super) fn replace_string(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let source = text(args, 0);
    let lookup = text(args, 1);
    if lookup.is_empty() {
        return Ok(Value::string(source.as_ref()));
    }
    Ok(Value::string(
        source.replace(lookup.as_ref(), text(args, 2).as_ref()),
    ))
}

/// `replace_strings(text, lookups, rewrites)`: all lookups replaced at once. Earlier
/// lookups win where matches overlap, replaced text is not searched again, and a
/// non-string rewrite keeps the matched text (the replace-strings-function docs'
/// examples show all three).
pub(super) fn replace_strings(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let source = text(args, 0);
    let lookups = json(args, 1);
    let rewrites = json(args, 2);
    let (Some(lookups), Some(rewrites)) = (lookups.as_array(), rewrites.as_array()) else {
        return Ok(Value::string(source.as_ref()));
    };
    // Claimed byte ranges of the source, each with its replacement.
    let mut claims: Vec<(usize, usize, String)> = Vec::new();
    for (i, lookup) in lookups.iter().enumerate() {
        let Some(needle) = lookup.as_str().filter(|s| !s.is_empty()) else {
            continue;
        };
        for (at, matched) in source.match_indices(needle) {
            let end = at + matched.len();
            if claims.iter().any(|(s, e, _)| at < *e && *s < end) {
                continue;
            }
            let rewrite = match rewrites.get(i) {
                Some(J::String(r)) => r.clone(),
                Some(_) => matched.to_string(),
                None => String::new(),
            };
            claims.push((at, end, rewrite));
        }
    }
    claims.sort_by_key(|(start, _, _)| *start);
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for (start, end, rewrite) in claims {
        out.push_str(&source[pos..start]);
        out.push_str(&rewrite);
        pos = end;
    }
    out.push_str(&source[pos..]);
    Ok(Value::string(out))
}

/// `split(source, delimiter [, index])`: a dynamic array of the parts, or an array
/// of the one part at `index` (empty when out of range).
pub(super) fn split(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let source = text(args, 0);
    let delimiter = text(args, 1);
    let parts: Vec<J> = if delimiter.is_empty() {
        vec![J::String(source.to_string())]
    } else {
        source
            .split(delimiter.as_ref())
            .map(|p| J::String(p.to_string()))
            .collect()
    };
    let parts = match arg(args, 2) {
        Value::Null => parts,
        _ => match long(args, 2) {
            Some(i) if i >= 0 => parts.into_iter().nth(i as usize).into_iter().collect(),
            _ => Vec::new(),
        },
    };
    Ok(Value::dynamic(J::Array(parts)))
}
