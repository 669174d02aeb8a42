//! A fast path for the common JSON Lines row: one flat object whose values are strings,
//! numbers, booleans or null. The scanner finds each member's extent with `memchr`
//! (string ends) and compares keys with the requested names; only requested fields are
//! decoded, and a string is unescaped only when its row is kept. Every value skipped is
//! still checked against the JSON grammar, so a line the scanner accepts is one
//! serde_json accepts. Anything else (nested values, escaped keys, control characters,
//! lone surrogates, malformed input) returns `None`, and the caller parses the line with
//! serde_json, which also produces the error message.

use super::json::{Lazy, Prefilter, RowPlan, assemble_row, read_scalar};
use crate::value::Row;

/// The row of `line` when it is a flat object; `None` to take the general path.
/// `Some(None)` is a row the prefilter dropped.
pub(super) fn read_row(
    plan: &RowPlan,
    prefilter: Option<&Prefilter>,
    line: &str,
) -> Option<Option<Row>> {
    let line = line.trim_end_matches(['\r', '\n']);
    let bytes = line.as_bytes();
    // A branch-free pass (it vectorises): control characters are left to serde_json.
    if bytes.iter().fold(false, |seen, &b| seen | (b < 0x20)) {
        return None;
    }
    let mut fields: Vec<Option<Lazy<'_>>> = (0..plan.width()).map(|_| None).collect();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            // A key: a string without escapes.
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let (end, escaped) = string_end(bytes, at + 1)?;
            if escaped {
                return None;
            }
            let key = &line[at + 1..end];
            at = skip_space(bytes, end + 1);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_space(bytes, at + 1);
            let readers = plan.field_of(key).map(|f| plan.readers(f));
            at = match bytes.get(at)? {
                b'"' => {
                    let (end, escaped) = string_end(bytes, at + 1)?;
                    if let Some(readers) = readers {
                        for &i in readers {
                            fields[i] = Some(if escaped {
                                Lazy::Escaped(&line[at..=end])
                            } else {
                                Lazy::Text(line[at + 1..end].into())
                            });
                        }
                    }
                    end + 1
                }
                b'{' | b'[' => return None,
                _ => {
                    let end = scalar_end(bytes, at);
                    let text = &line[at..end];
                    match readers {
                        Some(readers) => {
                            for &i in readers {
                                fields[i] = Some(Lazy::Done(read_scalar(text, plan.ty(i))?));
                            }
                        }
                        None if !valid_scalar(text.as_bytes()) => return None,
                        None => {}
                    }
                    end
                }
            };
            at = skip_space(bytes, at);
            match bytes.get(at)? {
                b',' => at = skip_space(bytes, at + 1),
                b'}' => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    if skip_space(bytes, at) != bytes.len() {
        return None;
    }
    Some(assemble_row(plan, prefilter, fields))
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// The position of the closing quote of a string whose text starts at `from`, and
/// whether it has escapes; `None` for an unterminated string or an invalid or
/// surrogate `\u` escape (left to serde_json).
fn string_end(bytes: &[u8], mut from: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    loop {
        let found = from + memchr::memchr2(b'"', b'\\', bytes.get(from..)?)?;
        if bytes[found] == b'"' {
            return Some((found, escaped));
        }
        escaped = true;
        from = match bytes.get(found + 1)? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => found + 2,
            b'u' => {
                let hex = bytes.get(found + 2..found + 6)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) || matches!(hex[0], b'd' | b'D') {
                    // Not a hex escape, or possibly half of a surrogate pair.
                    return None;
                }
                found + 6
            }
            _ => return None,
        };
    }
}

/// The end of a number or literal starting at `at`.
fn scalar_end(bytes: &[u8], at: usize) -> usize {
    let rest = &bytes[at..];
    at + rest
        .iter()
        .position(|b| matches!(b, b',' | b'}' | b' '))
        .unwrap_or(rest.len())
}

/// Whether `text` is a JSON number, `true`, `false` or `null`.
fn valid_scalar(text: &[u8]) -> bool {
    if matches!(text, b"true" | b"false" | b"null") {
        return true;
    }
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut at = usize::from(text.first() == Some(&b'-'));
    match text.get(at) {
        Some(b'0') => at += 1,
        Some(b'1'..=b'9') => at += digits(&text[at..]),
        _ => return false,
    }
    if text.get(at) == Some(&b'.') {
        let n = digits(&text[at + 1..]);
        if n == 0 {
            return false;
        }
        at += 1 + n;
    }
    if matches!(text.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(text.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let n = digits(&text[at..]);
        if n == 0 {
            return false;
        }
        at += n;
    }
    at == text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Column, Type, Value};

    fn plan() -> RowPlan {
        RowPlan::new(&[
            Column::new("s", Type::String),
            Column::new("n", Type::Long),
            Column::new("d", Type::Dynamic),
        ])
    }

    fn fast(line: &str) -> Option<Vec<String>> {
        let row = read_row(&plan(), None, line)??;
        Some(
            row.iter()
                .map(|v: &Value| v.to_json().to_string())
                .collect(),
        )
    }

    /// The same line through serde_json, for comparison.
    fn general(line: &str) -> Option<Vec<String>> {
        use serde::de::DeserializeSeed;
        let plan = plan();
        let mut de = serde_json::Deserializer::from_str(line);
        let row = super::super::json::RowSeed(&plan, None)
            .deserialize(&mut de)
            .ok()??;
        de.end().ok()?;
        Some(
            row.iter()
                .map(|v: &Value| v.to_json().to_string())
                .collect(),
        )
    }

    #[test]
    fn flat_lines_read_as_serde_json_reads_them() {
        for line in [
            r#"{"s":"a","n":1,"d":"x"}"#,
            r#" { "s" : "a\"b\\c\u00e9" , "n" : -1.0e2 , "x" : [1] } "#,
            r#"{"n":"42","s":7,"d":true,"other":"\"q\"","z":null}"#,
            r#"{"s":"1","s":"2"}"#,
            r#"{}"#,
            "{\"s\":\"a\"}\r\n",
        ] {
            assert_eq!(
                general(line),
                fast(line).or_else(|| general(line)),
                "{line}"
            );
        }
    }

    #[test]
    fn lines_outside_the_flat_shape_are_left_to_serde_json() {
        for line in [
            r#"{"s":"a","d":{"k":1}}"#,
            r#"{"s":"a\ud83d\ude00"}"#,
            r#"{"s\u0041":"a"}"#,
            "{\"s\":\"a\tb\"}",
            "{\"s\":\"a\rb\"}",
        ] {
            assert_eq!(fast(line), None, "{line}");
        }
    }

    #[test]
    fn malformed_lines_are_never_accepted() {
        for line in [
            r#"{"s":"a","x":01}"#,
            r#"{"s":"a","x":tru}"#,
            r#"{"s":"a","x":1.}"#,
            r#"{"s":"a","x":"\q"}"#,
            r#"{"s":"a",}"#,
            r#"{"s":"a"} x"#,
            r#"{"s":"a""#,
            r#"{"s" "a"}"#,
            r#"{"n":12x}"#,
        ] {
            assert_eq!(fast(line), None, "{line}");
            assert_eq!(general(line), None, "{line}");
        }
    }

    #[test]
    fn valid_scalars_follow_the_json_number_grammar() {
        for ok in ["0", "-0", "12", "1.5", "-1e9", "2E+3", "true", "null"] {
            assert!(valid_scalar(ok.as_bytes()), "{ok}");
        }
        for bad in ["", "-", "01", "1.", ".5", "1e", "+1", "True", "nul", "1-"] {
            assert!(!valid_scalar(bad.as_bytes()), "{bad}");
        }
    }
}
