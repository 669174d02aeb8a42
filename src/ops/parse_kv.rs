//! `parse-kv Text as (Key: type, …) with (pair_delimiter=',', kv_delimiter=':', quote='"',
//! greedy=true)`: extracts the listed keys of key/value text into typed columns
//! (parse-kv operator docs). Without delimiters, each key is found by name followed
//! by `:` or `=`, its value running to the next `,` or `;`.

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
        let pairs = match (&self.op.pair_delimiter, &self.op.kv_delimiter) {
            (Some(pair), Some(kv)) => {
                delimited_pairs(&text, pair, kv, self.op.quote, self.op.greedy)
            }
            _ => Vec::new(),
        };
        for (key, ty) in &self.op.columns {
            let value = if self.op.pair_delimiter.is_some() {
                pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
            } else {
                find_key(&text, key)
            };
            row.push(value.map_or_else(|| Value::null_of(*ty), |v| Value::string(v).cast(*ty)));
        }
        self.down.push(row, cx)
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}

/// Splits `text` at `pair` delimiters outside quotes, then each piece at its first `kv`.
fn delimited_pairs(
    text: &str,
    pair: &str,
    kv: &str,
    quote: Option<char>,
    greedy: bool,
) -> Vec<(String, String)> {
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if Some(c) == quote {
            quoted = !quoted;
        }
        if !quoted && rest.starts_with(pair) {
            pieces.push(std::mem::take(&mut current));
            rest = &rest[pair.len()..];
            continue;
        }
        current.push(c);
        rest = &rest[c.len_utf8()..];
    }
    pieces.push(current);
    let mut out: Vec<(String, String)> = Vec::new();
    for piece in pieces {
        match piece.split_once(kv) {
            Some((k, v)) => out.push((unquote(k.trim(), quote), unquote(v.trim(), quote))),
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

fn unquote(s: &str, quote: Option<char>) -> String {
    match quote {
        Some(q) if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) => {
            s[q.len_utf8()..s.len() - q.len_utf8()].to_string()
        }
        _ => s.to_string(),
    }
}

/// `key:value` or `key=value` anywhere in the text; the value ends at `,` or `;`.
fn find_key(text: &str, key: &str) -> Option<String> {
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

    #[test]
    fn non_greedy_values_stop_at_the_pair_delimiter_greedy_ones_at_the_next_key() {
        let text = "name=John Doe phone=555 5555";
        assert_eq!(
            delimited_pairs(text, " ", "=", None, false),
            [
                ("name".into(), "John".into()),
                ("phone".into(), "555".into())
            ]
        );
        assert_eq!(
            delimited_pairs(text, " ", "=", None, true),
            [
                ("name".into(), "John Doe".into()),
                ("phone".into(), "555 5555".into())
            ]
        );
    }

    #[test]
    fn keys_without_delimiters_are_found_by_name() {
        assert_eq!(
            find_key("[INFO] ThreadId:45, Text: up", "Text").as_deref(),
            Some("up")
        );
        assert_eq!(find_key("MyId:1, Id:2", "Id").as_deref(), Some("2"));
    }
}
