//! `parse-kv Text as (Key: type, …) with (…)`: extracts the listed keys of key/value
//! text into typed columns (parse-kv operator page). Three modes: given delimiters
//! (`pair_delimiter`, `kv_delimiter`, optional `greedy`), none (each key found by
//! name), or `regex` (each match's two groups). In the first two, keys and values may
//! be quoted (`quote='"'`, or `'()'` for distinct opening and closing quotes) and
//! quoted text may hold escaped characters (`escape='\\'`). The first appearance of
//! a key wins.

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink, eval::eval};
use crate::plan::tabular::parse_kv::ParseKv;
use crate::value::{Row, Value};

pub struct ParseKvSink<'a> {
    op: &'a ParseKv,
    down: &'a mut dyn Sink,
}

impl<'a> ParseKvSink<'a> {
    pub fn new(op: &'a ParseKv, down: &'a mut dyn Sink) -> Self {
        ParseKvSink { op, down }
    }
}

impl Sink for ParseKvSink<'_> {
    fn push(&mut self, mut row: Row, cx: &ExecContext) -> Result<Flow> {
        let text = eval(&self.op.source, &row, cx)?.to_kusto_string();
        let quoting = Quoting {
            quotes: &self.op.quotes,
            escapes: &self.op.escapes,
        };
        let pairs = match (
            &self.op.regex,
            &self.op.pair_delimiter,
            &self.op.kv_delimiter,
        ) {
            (Some(pattern), _, _) => regex_pairs(&text, pattern),
            (None, Some(pair), Some(kv)) => {
                delimited_pairs(&text, pair, kv, quoting, self.op.greedy)
            }
            _ => Vec::new(),
        };
        let delimited = self.op.regex.is_some() || self.op.pair_delimiter.is_some();
        for (key, ty) in &self.op.columns {
            let value = match delimited {
                true => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
                false => find_key(&text, key, quoting),
            };
            row.push(value.map_or_else(|| Value::null_of(*ty), |v| Value::string(v).cast(*ty)));
        }
        self.down.push(row, cx)
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}

/// The quotes and escape characters of a `parse-kv`.
#[derive(Clone, Copy)]
struct Quoting<'a> {
    quotes: &'a [(char, char)],
    escapes: &'a [char],
}

impl Quoting<'_> {
    /// The closing quote of the quote `c` opens.
    fn closing(&self, c: char) -> Option<char> {
        self.quotes
            .iter()
            .find(|(open, _)| *open == c)
            .map(|(_, close)| *close)
    }

    /// The byte offsets in `text` that lie outside quotes (char starts only).
    fn outside(&self, text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut inside: Option<char> = None;
        let mut escaped = false;
        for (i, c) in text.char_indices() {
            match inside {
                Some(_) if escaped => escaped = false,
                Some(_) if self.escapes.contains(&c) => escaped = true,
                Some(close) if c == close => inside = None,
                Some(_) => {}
                None => match self.closing(c) {
                    Some(close) => inside = Some(close),
                    None => out.push(i),
                },
            }
        }
        out
    }

    /// `text` split at each `delimiter` outside quotes.
    fn split<'t>(&self, text: &'t str, delimiter: &str) -> Vec<&'t str> {
        let mut pieces = Vec::new();
        let mut start = 0;
        for i in self.outside(text) {
            if i >= start && text[i..].starts_with(delimiter) {
                pieces.push(&text[start..i]);
                start = i + delimiter.len();
            }
        }
        pieces.push(&text[start..]);
        pieces
    }

    /// `text` split at its first `delimiter` outside quotes.
    fn split_once<'t>(&self, text: &'t str, delimiter: &str) -> Option<(&'t str, &'t str)> {
        let i = self
            .outside(text)
            .into_iter()
            .find(|&i| text[i..].starts_with(delimiter))?;
        Some((&text[..i], &text[i + delimiter.len()..]))
    }

    /// Trimmed text without its enclosing quotes, escapes removed inside them.
    fn unquote(&self, text: &str) -> String {
        let text = text.trim();
        let mut chars = text.chars();
        let (Some(first), Some(last)) = (chars.next(), text.chars().next_back()) else {
            return text.to_string();
        };
        match self.closing(first) {
            Some(close) if close == last && text.len() > first.len_utf8() => {
                let inner = &text[first.len_utf8()..text.len() - last.len_utf8()];
                self.unescape(inner)
            }
            _ => text.to_string(),
        }
    }

    fn unescape(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match self.escapes.contains(&c) {
                true => out.extend(chars.next()),
                false => out.push(c),
            }
        }
        out
    }

    /// The quoted value at the start of `text` (up to its closing quote), unquoted.
    fn leading_quoted(&self, text: &str) -> Option<String> {
        let first = text.chars().next()?;
        self.closing(first)?;
        let end = self
            .outside(text)
            .into_iter()
            .next()
            .filter(|&i| i > 0)
            .unwrap_or(text.len());
        Some(self.unquote(&text[..end]))
    }
}

/// Splits `text` at `pair` delimiters outside quotes, then each piece at its first `kv`;
/// `greedy` joins a piece without `kv` to the value before it.
fn delimited_pairs(
    text: &str,
    pair: &str,
    kv: &str,
    quoting: Quoting,
    greedy: bool,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for piece in quoting.split(text, pair) {
        match quoting.split_once(piece, kv) {
            Some((k, v)) => out.push((quoting.unquote(k), quoting.unquote(v))),
            None if greedy => {
                if let Some(last) = out.last_mut() {
                    last.1 = format!("{}{pair}{}", last.1, piece.trim());
                }
            }
            None => {}
        }
    }
    out
}

/// Each match of `pattern`: its first group the key, its second the value.
fn regex_pairs(text: &str, pattern: &str) -> Vec<(String, String)> {
    let Ok(re) = crate::functions::string::regex::compiled(pattern) else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            let key = c.get(1)?.as_str().trim().to_string();
            let value = c.get(2).map_or("", |m| m.as_str()).trim().to_string();
            Some((key, value))
        })
        .collect()
}

/// `key:value` or `key=value` anywhere in the text; a quoted value runs to its closing
/// quote, another ends at `,` or `;`.
fn find_key(text: &str, key: &str, quoting: Quoting) -> Option<String> {
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let start = from + i;
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        let after = text[start + key.len()..].trim_start();
        if before_ok
            && let Some(value) = after.strip_prefix(':').or_else(|| after.strip_prefix('='))
        {
            let value = value.trim_start();
            if let Some(quoted) = quoting.leading_quoted(value) {
                return Some(quoted);
            }
            let end = value.find([',', ';']).unwrap_or(value.len());
            return Some(value[..end].trim().to_string());
        }
        from = start + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Quoting = Quoting {
        quotes: &[],
        escapes: &[],
    };

    #[test]
    fn non_greedy_values_stop_at_the_pair_delimiter_greedy_ones_at_the_next_key() {
        let text = "name=John Doe phone=555 5555";
        assert_eq!(
            delimited_pairs(text, " ", "=", NONE, false),
            [
                ("name".into(), "John".into()),
                ("phone".into(), "555".into())
            ]
        );
        assert_eq!(
            delimited_pairs(text, " ", "=", NONE, true),
            [
                ("name".into(), "John Doe".into()),
                ("phone".into(), "555 5555".into())
            ]
        );
    }

    #[test]
    fn keys_without_delimiters_are_found_by_name() {
        assert_eq!(
            find_key("[INFO] ThreadId:45, Text: up", "Text", NONE).as_deref(),
            Some("up")
        );
        assert_eq!(find_key("MyId:1, Id:2", "Id", NONE).as_deref(), Some("2"));
    }

    #[test]
    fn distinct_opening_and_closing_quotes_wrap_keys_and_values() {
        let quoting = Quoting {
            quotes: &[('(', ')')],
            escapes: &[],
        };
        let text = "failure=(connection aborted) (event time)=(2021-01-01 10:00:54)";
        assert_eq!(
            delimited_pairs(text, " ", "=", quoting, false),
            [
                ("failure".into(), "connection aborted".into()),
                ("event time".into(), "2021-01-01 10:00:54".into())
            ]
        );
    }

    #[test]
    fn escaped_quotes_stay_inside_the_value_and_lose_their_escape() {
        let quoting = Quoting {
            quotes: &[('"', '"')],
            escapes: &['\\'],
        };
        let text = r#"failure="sent \"bye!\"" time=1"#;
        assert_eq!(
            delimited_pairs(text, " ", "=", quoting, false)[0].1,
            r#"sent "bye!""#
        );
        let quoting = Quoting {
            quotes: &[('\'', '\'')],
            escapes: &['\\'],
        };
        assert_eq!(
            find_key(r"Machine:N1, Text: 'The service \' is up'", "Text", quoting).as_deref(),
            Some("The service ' is up")
        );
    }
}
