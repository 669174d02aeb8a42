//! Plain-text string functions: concatenation, case, length, slicing, searching.

use crate::functions::args::{arg, long, text};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use std::cmp::Ordering;

/// Kusto caps `strrep`'s multiplier (strrep-function docs: at most 1024 repetitions).
const STRREP_MAX: i64 = 1024;

/// `strcat(a, b, …)`: the arguments' `tostring()` forms joined.
pub(super) fn strcat(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(
        (0..args.len()).map(|i| text(args, i)).collect::<String>(),
    ))
}

/// `strcat_delim(delim, a, b, …)`: the arguments joined with the delimiter.
pub(super) fn strcat_delim(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let parts: Vec<_> = (1..args.len()).map(|i| text(args, i)).collect();
    Ok(Value::string(parts.join(text(args, 0).as_ref())))
}

/// `strlen(s)`: the number of characters (Unicode scalar values).
pub(super) fn strlen(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Long(text(args, 0).chars().count() as i64))
}

/// `string_size(s)`: the number of bytes of the UTF-8 text.
pub(super) fn string_size(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Long(text(args, 0).len() as i64))
}

pub(super) fn tolower(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(text(args, 0).to_lowercase()))
}

pub(super) fn toupper(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(text(args, 0).to_uppercase()))
}

/// `reverse(s)`: the characters in reverse order.
pub(super) fn reverse(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(
        text(args, 0).chars().rev().collect::<String>(),
    ))
}

/// `strcmp(a, b)`: -1, 0 or 1 by ordinal comparison.
pub(super) fn strcmp(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Long(match text(args, 0).cmp(&text(args, 1)) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }))
}

/// `isascii(s)`: whether every character is ASCII.
pub(super) fn isascii(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Bool(text(args, 0).is_ascii()))
}

/// `strrep(value, count [, delimiter])`: the text repeated; null for a count below 1.
pub(super) fn strrep(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(count) = long(args, 1).filter(|n| *n >= 1) else {
        return Ok(Value::empty_string());
    };
    let item = text(args, 0);
    let copies = vec![item.as_ref(); count.min(STRREP_MAX) as usize];
    Ok(Value::string(copies.join(text(args, 2).as_ref())))
}

/// `translate(searchList, replacementList, source)`: each character of the search
/// list replaced by the one at the same place in the replacement list (its last
/// character when shorter); removed when the replacement list is empty.
pub(super) fn translate(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let search: Vec<char> = text(args, 0).chars().collect();
    let replacement: Vec<char> = text(args, 1).chars().collect();
    let out = text(args, 2)
        .chars()
        .filter_map(|c| match search.iter().position(|s| *s == c) {
            None => Some(c),
            Some(i) => replacement.get(i).or(replacement.last()).copied(),
        })
        .collect::<String>();
    Ok(Value::string(out))
}

/// `substring(source, start [, length])` by characters; a negative start counts from
/// the end (substring-function docs: `substring("123456", -2, 2)` is `"56"`).
pub(super) fn substring(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let source: Vec<char> = text(args, 0).chars().collect();
    let len = source.len() as i64;
    let Some(start) = long(args, 1) else {
        return Ok(Value::empty_string());
    };
    let start = if start < 0 {
        (len + start).max(0)
    } else {
        start.min(len)
    };
    let end = match arg(args, 2) {
        Value::Null => len,
        _ => match long(args, 2) {
            Some(n) if n >= 0 => start.saturating_add(n).min(len),
            _ => return Ok(Value::empty_string()),
        },
    };
    Ok(Value::string(
        source[start as usize..end as usize]
            .iter()
            .collect::<String>(),
    ))
}

/// The part of a string `indexof`/`indexof_regex` search, and which occurrence.
pub(super) struct SearchWindow {
    /// Character index where the search starts.
    pub start: usize,
    /// Characters examined from each search position (`None`: to the end).
    pub length: Option<usize>,
    /// 1-based occurrence asked for.
    pub occurrence: usize,
}

impl SearchWindow {
    /// Reads `start, length, occurrence` (arguments 2..=4). `None` is Kusto's null
    /// result: occurrence below 1, length below -1, or (when `negative_start_from_end`
    /// is false) a negative start.
    pub fn read(
        args: &[Value],
        source: &str,
        negative_start_from_end: bool,
    ) -> Option<SearchWindow> {
        let len = source.chars().count() as i64;
        let start = long(args, 2).unwrap_or(0);
        let start = match start {
            s if s >= 0 => s,
            s if negative_start_from_end => (len + s).max(0),
            _ => return None,
        };
        let length = match long(args, 3).unwrap_or(-1) {
            -1 => None,
            n if n >= 0 => Some(n as usize),
            _ => return None,
        };
        let occurrence = long(args, 4).unwrap_or(1);
        if occurrence < 1 {
            return None;
        }
        Some(SearchWindow {
            start: start as usize,
            length,
            occurrence: occurrence as usize,
        })
    }

    /// The byte range of characters `[from, from + length)` of `source`, clipped.
    pub fn byte_range(&self, source: &str, from: usize) -> Option<(usize, usize)> {
        let to = self.length.map_or(usize::MAX, |n| from.saturating_add(n));
        let mut bounds = source
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(source.len()));
        let begin = bounds.by_ref().nth(from)?;
        let end = match to {
            usize::MAX => source.len(),
            to if to == from => begin,
            to => bounds.nth(to - from - 1).unwrap_or(source.len()),
        };
        Some((begin, end))
    }
}

/// `indexof(source, lookup [, start [, length [, occurrence]]])`: the character index
/// of the n-th occurrence, -1 when absent. Each successive search examines `length`
/// characters from just after the previous match, which is what the indexof-function
/// docs' examples show (`indexof("abcdefgabcdefg", "cde", 1, 10, 2)` is 9).
pub(super) fn indexof(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let source = text(args, 0);
    let lookup = text(args, 1);
    let Some(window) = SearchWindow::read(args, &source, true) else {
        return Ok(Value::Null);
    };
    let mut from = window.start;
    let mut found = -1;
    for _ in 0..window.occurrence {
        let Some((begin, end)) = window.byte_range(&source, from) else {
            return Ok(Value::Long(-1));
        };
        match source[begin..end].find(lookup.as_ref()) {
            Some(at) => {
                let index = from + source[begin..begin + at].chars().count();
                found = index as i64;
                from = index + lookup.chars().count().max(1);
            }
            None => return Ok(Value::Long(-1)),
        }
    }
    Ok(Value::Long(found))
}
