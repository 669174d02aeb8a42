//! A fast path for the common JSON Lines row: one flat object whose values are strings,
//! numbers, booleans or null. One pass over the line marks its quotes and backslashes in
//! bit masks (64 bytes a word, 16 at a time with SSE2), escaped quotes are cleared from
//! them (branch-free when every escape is `\"` or `\\`); string ends are then found from
//! the masks, keys compared with the requested names in place, only requested fields
//! decoded, and a string unescaped only when its row is kept. Nested objects and arrays
//! are walked structurally (their strings from the same masks); a requested one is kept
//! as its text and parsed alone. Every value skipped is still checked against the JSON
//! grammar, so a line the scanner accepts is one serde_json accepts. Anything else
//! (nesting deeper than 64, escaped top-level keys, control characters,
//! lone surrogates, malformed input) returns `None`, and the caller parses the line with
//! serde_json, which also produces the error message.

use super::json::{Lazy, Prefilter, RowPlan, assemble_row, read_scalar};
use crate::value::{Row, Value};
use std::cell::{Cell, RefCell};

/// The row of `line` when it is a flat object; `None` to take the general path.
/// `Some(None)` is a row the prefilter dropped.
pub(super) fn read_row(
    plan: &RowPlan,
    prefilter: Option<&Prefilter>,
    line: &str,
) -> Option<Option<Row>> {
    thread_local! {
        static MARKS: RefCell<Marks> = const { RefCell::new(Marks::new()) };
        /// The row the early prefilter test sees, reused from line to line.
        static SCRATCH: RefCell<Row> = const { RefCell::new(Vec::new()) };
    }
    let line = line.trim_end_matches(['\r', '\n']);
    MARKS.with(|marks| {
        let mut marks = marks.borrow_mut();
        // Control characters are left to serde_json.
        if !marks.mark(line.as_bytes()) {
            return None;
        }
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let mut early = prefilter.map(|p| EarlyTest::new(plan, p, &mut scratch));
            let fields = scan_fields(plan, early.as_mut(), &marks, line)?;
            if early.is_some_and(|e| e.dropped) {
                return Some(None);
            }
            Some(assemble_row(plan, prefilter, fields))
        })
    })
}

/// The prefilter decided as soon as the line has given every field it reads, so that the
/// rest of a dropped line is only validated (no key lookups, nothing kept).
struct EarlyTest<'p> {
    prefilter: &'p Prefilter<'p>,
    /// All nulls between decisions.
    row: &'p mut Row,
    /// Prefilter columns not yet seen on this line.
    pending: usize,
    /// Bit `min(len, 63)` set for the byte length of each prefilter field name.
    lengths: u64,
    dropped: bool,
}

impl<'p> EarlyTest<'p> {
    fn new(plan: &RowPlan, prefilter: &'p Prefilter<'p>, row: &'p mut Row) -> EarlyTest<'p> {
        row.resize(plan.width(), Value::Null);
        let mut test = EarlyTest {
            prefilter,
            row,
            pending: 0,
            lengths: 0,
            dropped: false,
        };
        for i in 0..plan.width() {
            if test.first(i) {
                test.pending += 1;
                test.lengths |= 1 << plan.name(i).len().min(63);
            }
        }
        test
    }

    fn first(&self, i: usize) -> bool {
        self.prefilter.first.get(i).copied().unwrap_or(false)
    }

    /// Whether `key` names a field the prefilter reads (seen again after the decision:
    /// the last value of a duplicate key counts, so the line goes to the general path).
    #[inline]
    fn reads(&self, plan: &RowPlan, key: &str) -> bool {
        self.lengths & (1 << key.len().min(63)) != 0
            && plan
                .field_of(key)
                .is_some_and(|f| plan.readers(f).iter().any(|&i| self.first(i)))
    }

    /// Notes that column `i` gets a value (called before `fields[i]` is set); true when
    /// it was the last column the prefilter waited for.
    #[inline]
    fn saw(&mut self, i: usize, fields: &[Option<Lazy<'_>>]) -> bool {
        if self.first(i) && fields[i].is_none() {
            self.pending -= 1;
            return self.pending == 0;
        }
        false
    }

    /// Decides the prefilter (every column it reads is present).
    fn decide(&mut self, plan: &RowPlan, fields: &[Option<Lazy<'_>>]) {
        for (i, field) in fields.iter().enumerate() {
            if self.first(i) {
                let members = self.prefilter.members(i);
                let field = field.as_ref().map(Lazy::peek);
                self.row[i] = Lazy::resolve_members(field, plan.ty(i), members);
            }
        }
        self.dropped = !(self.prefilter.keep)(self.row);
        for value in self.row.iter_mut() {
            *value = Value::Null;
        }
    }
}

/// The requested fields of a flat object line, not yet converted. With an early test
/// that drops the line, the rest of the line is only validated (the fields are then
/// incomplete and not to be used).
fn scan_fields<'l>(
    plan: &RowPlan,
    mut early: Option<&mut EarlyTest<'_>>,
    marks: &Marks,
    line: &'l str,
) -> Option<Vec<Option<Lazy<'l>>>> {
    let bytes = line.as_bytes();
    let mut fields: Vec<Option<Lazy<'_>>> = (0..plan.width()).map(|_| None).collect();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        if let Some(early) = early.as_deref_mut().filter(|e| e.pending == 0) {
            early.decide(plan, &fields);
        }
        loop {
            // A key: a string without escapes.
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let (end, escaped) = marks.string_end(at + 1)?;
            if escaped {
                return None;
            }
            let key = &line[at + 1..end];
            at = skip_space(bytes, end + 1);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_space(bytes, at + 1);
            let dropped = early.as_deref().is_some_and(|e| e.dropped);
            let readers = if dropped {
                if early.as_deref().is_some_and(|e| e.reads(plan, key)) {
                    return None;
                }
                None
            } else {
                plan.field_of(key).map(|f| plan.readers(f))
            };
            let mut complete = false;
            at = match bytes.get(at)? {
                b'"' => {
                    let (end, escaped) = marks.string_end(at + 1)?;
                    if let Some(readers) = readers {
                        for &i in readers {
                            if let Some(early) = early.as_deref_mut() {
                                complete |= early.saw(i, &fields);
                            }
                            fields[i] = Some(if escaped {
                                Lazy::Escaped(&line[at..=end])
                            } else {
                                Lazy::Text(line[at + 1..end].into())
                            });
                        }
                    }
                    end + 1
                }
                b'{' | b'[' => {
                    let end = skip_nested(bytes, marks, at)?;
                    if let Some(readers) = readers {
                        for &i in readers {
                            if let Some(early) = early.as_deref_mut() {
                                complete |= early.saw(i, &fields);
                            }
                            fields[i] = Some(Lazy::Nested(&line[at..end]));
                        }
                    }
                    end
                }
                _ => {
                    let end = scalar_end(bytes, at);
                    let text = &line[at..end];
                    match readers {
                        Some(readers) => {
                            for &i in readers {
                                if let Some(early) = early.as_deref_mut() {
                                    complete |= early.saw(i, &fields);
                                }
                                fields[i] = Some(Lazy::Done(read_scalar(text, plan.ty(i))?));
                            }
                        }
                        None if !valid_scalar(text.as_bytes()) => return None,
                        None => {}
                    }
                    end
                }
            };
            if complete && let Some(early) = early.as_deref_mut() {
                early.decide(plan, &fields);
            }
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
    Some(fields)
}

/// The deepest nesting the scanner follows (one bit of the container stack per level);
/// deeper values go to serde_json, whose own limit is 128.
const MAX_DEPTH: u32 = 64;

/// The position just past the object or array that starts at `at`, checked against the
/// JSON grammar as strictly as serde_json checks it (strings come from the masks, whose
/// escapes `Marks::mark` has checked); `None` when it is malformed or nested deeper than
/// [`MAX_DEPTH`]. An explicit stack (one bit per level: 1 = object) instead of recursion.
fn skip_nested(bytes: &[u8], marks: &Marks, mut at: usize) -> Option<usize> {
    let mut objects: u64 = 0;
    let mut depth: u32 = 0;
    loop {
        // `at` is at the start of a value.
        match *bytes.get(at)? {
            open @ (b'{' | b'[') => {
                if depth == MAX_DEPTH {
                    return None;
                }
                let object = open == b'{';
                at = skip_space(bytes, at + 1);
                let close = if object { b'}' } else { b']' };
                if bytes.get(at) == Some(&close) {
                    // Empty: a complete value, nothing pushed.
                    at += 1;
                } else {
                    objects = (objects << 1) | u64::from(object);
                    depth += 1;
                    if object {
                        at = skip_key(bytes, marks, at)?;
                    }
                    continue;
                }
            }
            b'"' => at = marks.string_end(at + 1)?.0 + 1,
            _ => {
                let end = scalar_end(bytes, at);
                if !valid_scalar(&bytes[at..end]) {
                    return None;
                }
                at = end;
            }
        }
        // `at` is just past a value: close containers until one continues.
        loop {
            if depth == 0 {
                return Some(at);
            }
            let object = objects & 1 == 1;
            at = skip_space(bytes, at);
            match *bytes.get(at)? {
                b',' => {
                    at = skip_space(bytes, at + 1);
                    if object {
                        at = skip_key(bytes, marks, at)?;
                    }
                    break;
                }
                b'}' if object => {}
                b']' if !object => {}
                _ => return None,
            }
            objects >>= 1;
            depth -= 1;
            at += 1;
        }
    }
}

/// Past an object member's key and colon (at a string, escapes allowed), at its value.
fn skip_key(bytes: &[u8], marks: &Marks, at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let (end, _) = marks.string_end(at + 1)?;
    let at = skip_space(bytes, end + 1);
    if bytes.get(at) != Some(&b':') {
        return None;
    }
    Some(skip_space(bytes, at + 1))
}

/// Where a line's string delimiters and backslashes are: bit `i % 64` of word `i / 64`
/// stands for byte `i`. Kept per thread and refilled for each line.
struct Marks {
    /// Quotes that are not escaped (string delimiters, on a well-formed line).
    quotes: Vec<u64>,
    /// Backslashes.
    slashes: Vec<u64>,
    /// `(from, next)`: `next` is the first backslash at or after every position in
    /// `from..=next` (`usize::MAX`: none). Strings are visited left to right, so one search
    /// serves every string up to the next backslash instead of each scanning the mask again.
    slash_cursor: Cell<(usize, usize)>,
}

impl Marks {
    const fn new() -> Marks {
        Marks {
            quotes: Vec::new(),
            slashes: Vec::new(),
            slash_cursor: Cell::new((0, 0)),
        }
    }

    /// The first backslash at or after `from` (`usize::MAX`: none).
    fn next_slash(&self, from: usize) -> usize {
        let (valid_from, next) = self.slash_cursor.get();
        if valid_from <= from && from <= next {
            return next;
        }
        let next = next_set(&self.slashes, from).unwrap_or(usize::MAX);
        self.slash_cursor.set((from, next));
        next
    }

    /// Marks the delimiting quotes and the backslashes of `bytes`; false when the line
    /// holds a control character or an escape the fast path leaves to serde_json (an
    /// unknown one or a `\uD…` surrogate), or a backslash at its end.
    fn mark(&mut self, bytes: &[u8]) -> bool {
        self.quotes.clear();
        self.slashes.clear();
        self.slash_cursor.set((usize::MAX, 0));
        let mut control = false;
        let mut blocks = bytes.chunks_exact(64);
        for block in &mut blocks {
            let block: &[u8; 64] = block.try_into().unwrap_or(&[0; 64]);
            let (quotes, slashes, low) = mark_block(block);
            self.quotes.push(quotes);
            self.slashes.push(slashes);
            control |= low;
        }
        let rest = blocks.remainder();
        if !rest.is_empty() {
            let mut block = [b' '; 64];
            block[..rest.len()].copy_from_slice(rest);
            let (quotes, slashes, low) = mark_block(&block);
            self.quotes.push(quotes);
            self.slashes.push(slashes);
            control |= low;
        }
        !control && (self.unmark_quote_escapes() || self.unmark_escaped_quotes(bytes))
    }

    /// The common case done branch-free: when every escape is `\"` or `\\`, clears the
    /// escaped quotes and is true; false (nothing changed) when any other escape, or a
    /// backslash at the end of the line, needs the checks of `unmark_escaped_quotes`.
    fn unmark_quote_escapes(&mut self) -> bool {
        let mut carry = 0;
        let mut other = 0;
        for (&slashes, &quotes) in self.slashes.iter().zip(&self.quotes) {
            let escaped = escaped_block(slashes, &mut carry);
            other |= escaped & !(quotes | slashes);
        }
        if other != 0 || carry != 0 {
            return false;
        }
        let mut carry = 0;
        for (&slashes, quotes) in self.slashes.iter().zip(&mut self.quotes) {
            *quotes &= !escaped_block(slashes, &mut carry);
        }
        true
    }

    /// Checks every escape of the line and clears the quotes they escape. A backslash
    /// outside a string makes the line malformed, which the structural scan rejects.
    fn unmark_escaped_quotes(&mut self, bytes: &[u8]) -> bool {
        let mut from = 0;
        while let Some(slash) = next_set(&self.slashes, from) {
            let Some(end) = escape_end(bytes, slash) else {
                return false;
            };
            let escaped = slash + 1;
            self.quotes[escaped / 64] &= !(1u64 << (escaped % 64));
            from = end;
        }
        true
    }

    /// The position of the closing quote of a string whose text starts at `from`, and
    /// whether the string has escapes; `None` for an unterminated string.
    fn string_end(&self, from: usize) -> Option<(usize, bool)> {
        let end = next_set(&self.quotes, from)?;
        Some((end, self.next_slash(from) < end))
    }
}

/// The quote and backslash masks of one block and whether it has a control character:
/// SSE2 (always present on x86-64) compares 16 bytes at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn mark_block_sse2(block: &[u8; 64]) -> (u64, u64, bool) {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_max_epu8, _mm_movemask_epi8, _mm_set_epi64x, _mm_set1_epi8,
    };
    let quote = _mm_set1_epi8(b'"' as i8);
    let slash = _mm_set1_epi8(b'\\' as i8);
    let space = _mm_set1_epi8(0x20);
    let (mut quotes, mut slashes, mut low) = (0u64, 0u64, false);
    for (lane, chunk) in block.as_chunks::<16>().0.iter().enumerate() {
        let word = u128::from_le_bytes(*chunk);
        let v = _mm_set_epi64x((word >> 64) as i64, word as i64);
        let mask = |m| u64::from(_mm_movemask_epi8(m) as u16);
        quotes |= mask(_mm_cmpeq_epi8(v, quote)) << (lane * 16);
        slashes |= mask(_mm_cmpeq_epi8(v, slash)) << (lane * 16);
        // max(b, 0x20) == b exactly when b >= 0x20 (unsigned).
        low |= mask(_mm_cmpeq_epi8(_mm_max_epu8(v, space), v)) != 0xFFFF;
    }
    (quotes, slashes, low)
}

/// The quote and backslash masks of one block and whether it has a control character.
#[cfg(target_arch = "x86_64")]
#[inline]
fn mark_block(block: &[u8; 64]) -> (u64, u64, bool) {
    // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
    unsafe { mark_block_sse2(block) }
}

/// The quote and backslash masks of one block and whether it has a control character.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn mark_block(block: &[u8; 64]) -> (u64, u64, bool) {
    let mut quotes = 0u64;
    let mut slashes = 0u64;
    let mut low = false;
    for (i, &b) in block.iter().enumerate() {
        quotes |= u64::from(b == b'"') << i;
        slashes |= u64::from(b == b'\\') << i;
        low |= b < 0x20;
    }
    (quotes, slashes, low)
}

/// The positions escaped by a backslash in one block (simdjson's branch-free scan of
/// backslash runs: in a run, every other backslash escapes the byte after it). `carry`
/// is 1 when the block before ended with an escaping backslash, and is set for the next.
#[inline]
fn escaped_block(slashes: u64, carry: &mut u64) -> u64 {
    const EVEN: u64 = 0x5555_5555_5555_5555;
    let slashes = slashes & !*carry;
    let follows_escape = (slashes << 1) | *carry;
    let odd_starts = slashes & !EVEN & !follows_escape;
    let (even_runs, overflow) = odd_starts.overflowing_add(slashes);
    *carry = u64::from(overflow);
    (EVEN ^ (even_runs << 1)) & follows_escape
}

/// The first position at or after `from` whose bit is set in `mask`.
#[inline]
fn next_set(mask: &[u64], from: usize) -> Option<usize> {
    let mut word = from / 64;
    let mut bits = mask.get(word)? & (u64::MAX << (from % 64));
    while bits == 0 {
        word += 1;
        bits = *mask.get(word)?;
    }
    Some(word * 64 + bits.trailing_zeros() as usize)
}

/// The position just past the escape whose backslash is at `at`; `None` for an invalid
/// escape or a `\uD…` one (possibly half of a surrogate pair, left to serde_json).
fn escape_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at + 1)? {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(at + 2),
        b'u' => {
            let hex = bytes.get(at + 2..at + 6)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) || matches!(hex[0], b'd' | b'D') {
                return None;
            }
            Some(at + 6)
        }
        _ => None,
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// The end of a number or literal starting at `at`.
fn scalar_end(bytes: &[u8], at: usize) -> usize {
    let rest = &bytes[at..];
    at + rest
        .iter()
        .position(|b| matches!(b, b',' | b'}' | b']' | b' '))
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
    fn escapes_across_64_byte_blocks_read_as_serde_json_reads_them() {
        // Escaped quotes and backslashes land on every offset around a block boundary.
        for pad in 0..80 {
            let filler = "x".repeat(pad);
            for line in [
                format!(r#"{{"other":"{filler}","s":"a\"b\\","d":"\\\"q\"\\"}}"#),
                format!(r#"{{"s":"{filler}\\","n":1,"d":"{{\"k\": \"v\"}}"}}"#),
                format!(r#"{{"s":"{filler}\u00e9\/","x":"\"\"\"\""}}"#),
            ] {
                assert!(fast(&line).is_some(), "{line}");
                assert_eq!(fast(&line), general(&line), "{line}");
            }
        }
    }

    #[test]
    fn a_backslash_outside_strings_or_a_bad_escape_anywhere_is_never_accepted() {
        for line in [
            r#"{"s":"a"\,"n":1}"#,
            r#"{"s":"a","x":"\q"}"#,
            r#"{"s":"a","x":"\u12"}"#,
            r#"{"s":"a\"}"#,
            "{\"s\":\"a\"}\\",
        ] {
            assert_eq!(fast(line), None, "{line}");
        }
    }

    #[test]
    fn escaped_positions_follow_backslash_runs_across_blocks() {
        // Backslash patterns of three blocks from a small LCG, against a byte-by-byte walk.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2000 {
            let density = (seed >> 60) as u32;
            let bits: Vec<bool> = (0..192)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    ((seed >> 33) as u32 % 16) < density
                })
                .collect();
            let mut expected = vec![false; 192];
            let mut i = 0;
            while i < bits.len() {
                if bits[i] && i + 1 < bits.len() {
                    expected[i + 1] = true;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            let mut carry = 0;
            let mut found = Vec::new();
            for block in bits.chunks(64) {
                let mask = block
                    .iter()
                    .enumerate()
                    .fold(0u64, |m, (i, &b)| m | (u64::from(b) << i));
                let escaped = escaped_block(mask, &mut carry);
                found.extend((0..64).map(|i| escaped >> i & 1 == 1));
            }
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn lines_outside_the_flat_shape_are_left_to_serde_json() {
        for line in [
            r#"{"s":"a\ud83d\ude00"}"#,
            r#"{"s\u0041":"a"}"#,
            "{\"s\":\"a\tb\"}",
            "{\"s\":\"a\rb\"}",
        ] {
            assert_eq!(fast(line), None, "{line}");
        }
    }

    #[test]
    fn nested_values_read_as_serde_json_reads_them() {
        for line in [
            r#"{"s":"a","d":{"k":1}}"#,
            r#"{"d":{"MemberId":"m-1","Scope":{"Id":[1,2.5,-3e2,true,null]},"e":{}},"n":3}"#,
            r#"{"x":[[],{},[{"a":"]}"}]],"s":"b","d":[ 1 , { "k" : [ ] } ]}"#,
            r#"{"d":{"q\"k":"v\\","k":{"k":{"k":"\"]"}}},"x":{"a":[0]}}"#,
            r#"{"d":{"k":1,"k":2},"s":"dup keys keep the last"}"#,
            r#"{"s":{"k":"a nested value read as a string column"},"n":[1]}"#,
            r#"{"n":{"k":1},"d":"x"}"#,
            r#"{"d":[],"s":"a","d":{"k":"the last d wins"}}"#,
        ] {
            assert!(fast(line).is_some(), "{line}");
            assert_eq!(fast(line), general(line), "{line}");
        }
    }

    #[test]
    fn nesting_deeper_than_the_scanner_follows_is_left_to_serde_json() {
        let depth = MAX_DEPTH as usize;
        let within = format!(r#"{{"d":{}{}}}"#, "[".repeat(depth), "]".repeat(depth));
        assert!(fast(&within).is_some());
        assert_eq!(fast(&within), general(&within));
        let deeper = format!(
            r#"{{"d":{}{}}}"#,
            "[".repeat(depth + 1),
            "]".repeat(depth + 1)
        );
        assert_eq!(fast(&deeper), None);
        assert!(general(&deeper).is_some());
    }

    #[test]
    fn malformed_nested_values_are_never_accepted() {
        for line in [
            r#"{"d":{"k":1,}}"#,
            r#"{"d":[1,]}"#,
            r#"{"d":[1 2]}"#,
            r#"{"d":{"k" 1}}"#,
            r#"{"d":{k:1}}"#,
            r#"{"d":{"k":1]}"#,
            r#"{"d":[1}"#,
            r#"{"d":[1]]}"#,
            r#"{"d":{"k":01}}"#,
            r#"{"d":{"k":[tru]}}"#,
            r#"{"d":{"k":"a"}"#,
            r#"{"d":[,1]}"#,
            r#"{"d":{,}}"#,
            r#"{"d":{"k":}}"#,
            r#"{"d":["a\q"]}"#,
            r#"{"d":[1]x}"#,
            r#"{"x":{"k":[1,]},"s":"unrequested"}"#,
            r#"{"x":[{"k":1}}],"s":"unrequested"}"#,
        ] {
            assert_eq!(fast(line), None, "{line}");
            assert_eq!(general(line), None, "{line}");
        }
    }

    #[test]
    fn every_edit_of_a_nested_line_is_read_as_serde_json_reads_it_or_left_to_it() {
        // Each byte of a valid line replaced by each structural byte, or deleted: the
        // scanner either declines the line or reads exactly what serde_json reads, and
        // never accepts a line serde_json rejects.
        let line = r#"{"s":"a","d":{"k":[1,{"q":"\"x"},[]],"e":null},"x":[{"a":-1.5e3}],"n":2}"#;
        let mut edits = Vec::new();
        for at in 0..line.len() {
            for b in ["{", "}", "[", "]", ",", ":", "\"", " ", "1", "", "\\"] {
                let mut edited = line.as_bytes()[..at].to_vec();
                edited.extend_from_slice(b.as_bytes());
                edited.extend_from_slice(&line.as_bytes()[at + 1..]);
                if let Ok(text) = String::from_utf8(edited) {
                    edits.push(text);
                }
            }
        }
        for edited in &edits {
            if let Some(read) = fast(edited) {
                assert_eq!(Some(read), general(edited), "{edited}");
            }
        }
    }

    /// A line through the scanner with a prefilter keeping rows whose `s` is "keep":
    /// `None` = left to serde_json, `Some(None)` = dropped.
    fn fast_filtered(line: &str) -> Option<Option<Vec<String>>> {
        let keep = |row: &Row| matches!(&row[0], Value::String(s) if &**s == "keep");
        let prefilter = Prefilter {
            first: vec![true, false, false],
            keep: &keep,
            members: Vec::new(),
        };
        let row = read_row(&plan(), Some(&prefilter), line)?;
        Some(row.map(|row| row.iter().map(|v| v.to_json().to_string()).collect()))
    }

    /// The same through serde_json with the same prefilter.
    fn general_filtered(line: &str) -> Option<Option<Vec<String>>> {
        use serde::de::DeserializeSeed;
        let keep = |row: &Row| matches!(&row[0], Value::String(s) if &**s == "keep");
        let prefilter = Prefilter {
            first: vec![true, false, false],
            keep: &keep,
            members: Vec::new(),
        };
        let plan = plan();
        let mut de = serde_json::Deserializer::from_str(line);
        let row = super::super::json::RowSeed(&plan, Some(&prefilter))
            .deserialize(&mut de)
            .ok()?;
        de.end().ok()?;
        Some(row.map(|row| row.iter().map(|v| v.to_json().to_string()).collect()))
    }

    #[test]
    fn a_prefilter_decided_early_drops_and_keeps_as_serde_json_does() {
        for line in [
            r#"{"s":"drop","n":1,"d":{"k":[1,2]},"x":"y"}"#,
            r#"{"n":1,"s":"keep","d":{"k":[1,2]},"x":"y"}"#,
            r#"{"s":"keep","s":"drop","n":2}"#,
            r#"{"s":"drop","s":"keep","n":2}"#,
            r#"{"n":3,"d":[]}"#,
            r#"{"s":"drop","n":"x","d":1,"n":4}"#,
        ] {
            assert_eq!(
                fast_filtered(line).or_else(|| general_filtered(line)),
                general_filtered(line),
                "{line}"
            );
        }
        assert_eq!(fast_filtered(r#"{"s":"drop","n":1,"x":[{}]}"#), Some(None));
    }

    #[test]
    fn a_line_dropped_early_is_still_validated_to_its_end() {
        for line in [
            r#"{"s":"drop","n":01}"#,
            r#"{"s":"drop","x":[1,]}"#,
            r#"{"s":"drop","d":{"k":1}} x"#,
            r#"{"s":"drop","x":"\q"}"#,
            r#"{"s":"drop","x":tru}"#,
            r#"{"s":"drop","x":1"#,
            r#"{"s":"drop",}"#,
        ] {
            assert_eq!(fast_filtered(line), None, "{line}");
            assert_eq!(general_filtered(line), None, "{line}");
        }
    }

    #[test]
    fn a_predicate_field_repeated_after_an_early_drop_goes_to_serde_json() {
        // The last value of a duplicate key counts: this row is kept.
        let line = r#"{"s":"drop","n":1,"s":"keep"}"#;
        assert_eq!(fast_filtered(line), None);
        assert!(general_filtered(line).is_some_and(|row| row.is_some()));
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
