//! Reading one top-level member of JSON text without building the whole tree:
//! `parse_json(col).Field` (and `col.Field` on a string) per row only needs the value of
//! `Field`. The scanner walks the object's members, checks every value it skips against
//! the JSON grammar, and parses only the value it keeps, so the result is the one the full
//! parse gives (`serde_json` keeps the last of duplicate keys, and so does this). Text it
//! cannot decide cheaply (not an object, escaped keys, `\uD…` escapes, numbers with an
//! exponent or many digits, deep nesting, anything malformed) returns `None`: the caller
//! takes the full parse, which also decides what malformed text means.

use crate::value::Value;
use serde_json::Value as J;

/// Nesting deeper than this is left to the full parse (serde_json stops at 128).
const MAX_DEPTH: usize = 64;

/// Numbers longer than this (or with an exponent) are left to the full parse, which
/// decides whether they are in range.
const MAX_NUMBER_LEN: usize = 18;

/// The member `name` of the JSON object in `text`, as the full parse would give it
/// (`Value::Null` when the object has no such member); `None` when the scanner cannot
/// decide and the caller must parse `text` whole.
pub fn member_of_json_text(text: &str, name: &str) -> Option<Value> {
    let mut scan = Scanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scan.space();
    scan.eat(b'{')?;
    scan.space();
    let mut found = None;
    if scan.peek()? == b'}' {
        scan.at += 1;
    } else {
        loop {
            let (key, escaped) = scan.string()?;
            if escaped {
                return None;
            }
            scan.space();
            scan.eat(b':')?;
            scan.space();
            let start = scan.at;
            scan.value(1)?;
            if &text[key.0..key.1] == name {
                found = Some(start..scan.at);
            }
            scan.space();
            match scan.next()? {
                b',' => scan.space(),
                b'}' => break,
                _ => return None,
            }
        }
    }
    scan.space();
    if scan.at != text.len() {
        return None;
    }
    match found {
        None => Some(Value::Null),
        Some(range) => parsed_value(&text[range]),
    }
}

/// A member's text (already checked) as the dynamic value the full parse holds for it.
fn parsed_value(text: &str) -> Option<Value> {
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'))
        && !inner.contains('\\')
    {
        return Some(Value::dynamic(J::String(inner.to_string())));
    }
    serde_json::from_str::<J>(text).ok().map(Value::dynamic)
}

/// A cursor over JSON text that checks what it skips.
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn eat(&mut self, expected: u8) -> Option<()> {
        (self.next()? == expected).then_some(())
    }

    /// Skips JSON whitespace.
    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Skips one value at nesting `depth`.
    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.eat(b'{')?;
        self.space();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            self.string()?;
            self.space();
            self.eat(b':')?;
            self.space();
            self.value(depth + 1)?;
            self.space();
            match self.next()? {
                b',' => self.space(),
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.eat(b'[')?;
        self.space();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        loop {
            self.value(depth + 1)?;
            self.space();
            match self.next()? {
                b',' => self.space(),
                b']' => return Some(()),
                _ => return None,
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    /// Skips a string (the cursor on its opening quote): the byte range of its text
    /// and whether it has escapes. `None` for control characters, unknown escapes and
    /// `\uD…` escapes (surrogates, left to the full parse).
    fn string(&mut self) -> Option<((usize, usize), bool)> {
        self.eat(b'"')?;
        let start = self.at;
        let mut escaped = false;
        loop {
            match self.next()? {
                b'"' => return Some(((start, self.at - 1), escaped)),
                b'\\' => {
                    escaped = true;
                    match self.next()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            let hex = self.bytes.get(self.at..self.at + 4)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit)
                                || matches!(hex[0], b'd' | b'D')
                            {
                                return None;
                            }
                            self.at += 4;
                        }
                        _ => return None,
                    }
                }
                0..0x20 => return None,
                _ => {}
            }
        }
    }

    /// Skips a number without an exponent of at most [`MAX_NUMBER_LEN`] bytes.
    fn number(&mut self) -> Option<()> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            let before = self.at;
            self.digits();
            if self.at == before {
                return None;
            }
        }
        let plain = !matches!(self.peek(), Some(b'e' | b'E' | b'0'..=b'9'));
        (plain && self.at - start <= MAX_NUMBER_LEN).then_some(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::eval::member;

    /// The member as the full path gives it: parse the text, then take the member.
    fn full(text: &str, name: &str) -> Value {
        member(&Value::string(text), name)
    }

    fn same_as_full_parse(text: &str, name: &str) {
        let fast = member_of_json_text(text, name);
        if let Some(fast) = &fast {
            assert_eq!(
                fast.to_json(),
                full(text, name).to_json(),
                "{text} . {name}"
            );
            assert_eq!(
                fast.is_null(),
                full(text, name).is_null(),
                "{text} . {name}"
            );
        }
    }

    #[test]
    fn a_top_level_member_is_read_without_the_full_parse() {
        let text = r#"{"Id":"1","Name":"svc-sync","Tags":[1,{"a":null}],"N":{"Name":"inner"}}"#;
        assert_eq!(
            member_of_json_text(text, "Name").map(|v| v.to_json()),
            Some(J::String("svc-sync".into()))
        );
        assert_eq!(
            member_of_json_text(text, "N").map(|v| v.to_json()),
            Some(serde_json::json!({"Name": "inner"}))
        );
        assert_eq!(
            member_of_json_text(text, "Missing").map(|v| v.is_null()),
            Some(true)
        );
    }

    #[test]
    fn the_last_of_duplicate_keys_wins_as_in_the_full_parse() {
        let text = r#"{"Name":"first","Name":"second"}"#;
        assert_eq!(
            member_of_json_text(text, "Name").map(|v| v.to_json()),
            Some(J::String("second".into()))
        );
        same_as_full_parse(text, "Name");
    }

    #[test]
    fn escaped_values_decode_as_in_the_full_parse() {
        let text = r#"{"Name":"a\"b\\c\u00e9\n\/","Other":"x\ty"}"#;
        assert_eq!(
            member_of_json_text(text, "Name").map(|v| v.to_json()),
            Some(J::String("a\"b\\c\u{e9}\n/".into()))
        );
        same_as_full_parse(text, "Name");
        same_as_full_parse(text, "Other");
    }

    #[test]
    fn text_the_scanner_cannot_decide_goes_to_the_full_parse() {
        for text in [
            r#"[1,2]"#,
            r#""just a string""#,
            "",
            "   ",
            r#"{"N\u0061me":"x"}"#,
            r#"{"Name":"\ud83d\ude00"}"#,
            r#"{"Name":1e400}"#,
            r#"{"Name":123456789012345678901234}"#,
        ] {
            assert!(member_of_json_text(text, "Name").is_none(), "{text}");
        }
    }

    #[test]
    fn malformed_text_is_never_accepted() {
        for text in [
            r#"{"Name":"x""#,
            r#"{"Name":"x",}"#,
            r#"{"Name":"x"} trailing"#,
            r#"{"Name":01}"#,
            r#"{"Name":"x","Other":tru}"#,
            r#"{"Name":"x","Other":[1,]}"#,
            r#"{"Name":"x","Other":{"a" 1}}"#,
            r#"{"Name":"x","Other":"\q"}"#,
            "{\"Name\":\"x\",\"Other\":\"a\u{1}b\"}",
            r#"{"Name":"x","Other":1.}"#,
            r#"{"Name" "x"}"#,
        ] {
            assert!(member_of_json_text(text, "Name").is_none(), "{text}");
            assert!(full(text, "Name").is_null(), "{text}");
        }
    }

    #[test]
    fn well_formed_shapes_agree_with_the_full_parse() {
        for text in [
            r#"{}"#,
            " { \"Name\" : \"x\" ,\n\t\"b\" : [ ] , \"c\" : { } } \r\n",
            r#"{"Name":null}"#,
            r#"{"Name":true,"x":false}"#,
            r#"{"Name":-0.5,"x":12}"#,
            r#"{"Name":12345}"#,
            r#"{"Name":[1,"two",{"three":3}]}"#,
            r#"{"a":{"Name":"nested only"}}"#,
            r#"{"Name":"","Name2":"y"}"#,
            r#"{"Name":{"k":1,"k":2}}"#,
        ] {
            same_as_full_parse(text, "Name");
            assert!(member_of_json_text(text, "Name").is_some(), "{text}");
        }
    }
}
