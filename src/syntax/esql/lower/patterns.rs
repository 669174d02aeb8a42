//! `DISSECT` and `GROK` patterns compiled to regular expressions with a capture group
//! per extracted value, and a description of how the groups fill the output columns
//! (repeated GROK names make a multi-value, DISSECT `%{+key}` appends). The compiled
//! form travels to the `esql_extract` function as JSON (see
//! `crate::functions::esql::extract`).
//!
//! Docs: <https://www.elastic.co/guide/en/elasticsearch/reference/current/esql-process-data-with-dissect-and-grok.html>

use crate::value::Type;
use serde_json::json;

/// One compiled pattern: its regex and, per capture group, the column it fills and its
/// append order (DISSECT `%{+key/n}`; 0 when not given).
#[derive(Debug, PartialEq)]
pub struct Pattern {
    pub regex: String,
    pub groups: Vec<(usize, i64)>,
}

/// The patterns of one DISSECT or GROK command and the columns they fill.
#[derive(Debug, PartialEq)]
pub struct Compiled {
    /// `true` for DISSECT (captures of one column are joined), `false` for GROK
    /// (captures of one column make a multi-value).
    pub append: bool,
    /// DISSECT's `APPEND_SEPARATOR` (empty by default).
    pub separator: String,
    /// Tried in order on each value; the first that matches wins (GROK's pattern list).
    pub patterns: Vec<Pattern>,
    /// Output columns, in order of first appearance.
    pub columns: Vec<(String, Type)>,
}

impl Compiled {
    /// The JSON description read by `esql_extract`.
    pub fn to_json(&self) -> String {
        let types: Vec<&str> = self
            .columns
            .iter()
            .map(|(_, t)| match t {
                Type::Int | Type::Long => "long",
                Type::Real => "double",
                Type::Bool => "boolean",
                _ => "keyword",
            })
            .collect();
        let patterns: Vec<serde_json::Value> = self
            .patterns
            .iter()
            .map(|p| json!({"regex": p.regex, "groups": p.groups}))
            .collect();
        json!({
            "append": self.append,
            "separator": self.separator,
            "patterns": patterns,
            "types": types,
        })
        .to_string()
    }
}

/// The column index of `name`, adding it (typed `ty`) when new.
fn column(columns: &mut Vec<(String, Type)>, name: &str, ty: Type) -> usize {
    match columns.iter().position(|(n, _)| n == name) {
        Some(i) => i,
        None => {
            columns.push((name.to_string(), ty));
            columns.len() - 1
        }
    }
}

/// `%{name}` keys separated by literal delimiters; `%{?x}` and `%{}` skip a value,
/// `%{x->}` also absorbs repeats of the following delimiter, `%{+x}`/`%{+x/n}` append
/// to `x`. The whole value must match. References (`%{*x}`/`%{&x}`) are not supported
/// (`None`).
pub fn dissect(pattern: &str, separator: &str) -> Option<Compiled> {
    let mut regex = String::from("^");
    let mut columns = Vec::new();
    let mut groups = Vec::new();
    let mut rest = pattern;
    let mut pad_next = false;
    while let Some(start) = rest.find("%{") {
        push_delimiter(&mut regex, &rest[..start], pad_next);
        let end = rest[start..].find('}')? + start;
        let mut key = &rest[start + 2..end];
        pad_next = key.ends_with("->");
        key = key.trim_end_matches("->");
        if key.starts_with(['*', '&']) {
            return None;
        }
        if key.is_empty() || key.starts_with('?') {
            regex.push_str("(?:.*?)");
        } else {
            let (name, order) = match key.strip_prefix('+') {
                Some(k) => match k.split_once('/') {
                    Some((n, o)) => (n, o.parse().ok()?),
                    None => (k, 0),
                },
                None => (key, 0),
            };
            regex.push_str("(.*?)");
            groups.push((column(&mut columns, name, Type::String), order));
        }
        rest = &rest[end + 1..];
    }
    push_delimiter(&mut regex, rest, pad_next);
    regex.push('$');
    Some(Compiled {
        append: true,
        separator: separator.to_string(),
        patterns: vec![Pattern { regex, groups }],
        columns,
    })
}

fn push_delimiter(regex: &mut String, delimiter: &str, repeated: bool) {
    if delimiter.is_empty() {
        return;
    }
    let d = regex::escape(delimiter);
    if repeated {
        regex.push_str(&format!("(?:{d})+"));
    } else {
        regex.push_str(&d);
    }
}

/// The regexes of the grok patterns kqlc knows (a subset of Elastic's library).
fn grok_base(name: &str) -> Option<&'static str> {
    Some(match name {
        "WORD" => r"\b\w+\b",
        "NOTSPACE" => r"\S+",
        "SPACE" => r"\s*",
        "DATA" => r".*?",
        "GREEDYDATA" => r".*",
        "INT" => r"[+-]?(?:[0-9]+)",
        "NUMBER" | "BASE10NUM" => r"[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)",
        "POSINT" => r"\b[1-9][0-9]*\b",
        "IPV4" => r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}",
        "IP" => r"(?:(?:[0-9]{1,3}\.){3}[0-9]{1,3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)",
        "EMAILADDRESS" => {
            r"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
        }
        "TIMESTAMP_ISO8601" => {
            r"\d{4}-\d{2}-\d{2}[T ]\d{2}:?\d{2}(?::?\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
        }
        "USERNAME" | "USER" => r"[a-zA-Z0-9._-]+",
        "HOSTNAME" => r"\b[0-9A-Za-z][0-9A-Za-z-]{0,62}(?:\.[0-9A-Za-z][0-9A-Za-z-]{0,62})*\.?\b",
        "UUID" => r"[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}",
        _ => return None,
    })
}

/// GROK's pattern list: `%{NAME[:field[:type]]}` among regex text, the first match
/// anywhere in the value; a field named several times collects every capture as a
/// multi-value. With several patterns the first that matches wins and the columns are
/// the union of their fields.
pub fn grok(patterns: &[&str]) -> Option<Compiled> {
    let mut columns: Vec<(String, Type)> = Vec::new();
    let mut compiled = Vec::new();
    for p in patterns {
        compiled.push(grok_one(p, &mut columns)?);
    }
    Some(Compiled {
        append: false,
        separator: String::new(),
        patterns: compiled,
        columns,
    })
}

fn grok_one(pattern: &str, columns: &mut Vec<(String, Type)>) -> Option<Pattern> {
    let mut regex = String::new();
    let mut groups = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("%{") {
        regex.push_str(&named_groups(&rest[..start], columns, &mut groups));
        let end = rest[start..].find('}')? + start;
        let mut parts = rest[start + 2..end].split(':');
        let base = grok_base(parts.next()?)?;
        match parts.next() {
            Some(field) => {
                let ty = match parts.next() {
                    Some("int") => Type::Int,
                    Some("long") => Type::Long,
                    Some("float" | "double") => Type::Real,
                    Some("boolean") => Type::Bool,
                    _ => Type::String,
                };
                regex.push_str(&format!("({base})"));
                groups.push((column(columns, field, ty), 0));
            }
            None => regex.push_str(&format!("(?:{base})")),
        }
        rest = &rest[end + 1..];
    }
    regex.push_str(&named_groups(rest, columns, &mut groups));
    Some(Pattern { regex, groups })
}

/// Regex text with its named groups (`(?<name>…)`) made plain groups that fill the
/// column of that name, and its other groups made non-capturing (so group numbers stay
/// those of the extracted values).
fn named_groups(
    text: &str,
    columns: &mut Vec<(String, Type)>,
    groups: &mut Vec<(usize, i64)>,
) -> String {
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            '(' => {
                let after = &text[i + 1..];
                let name_start = ["?<", "?P<"]
                    .iter()
                    .find(|p| after.starts_with(**p) && !after[p.len()..].starts_with(['=', '!']))
                    .map(|p| p.len());
                match name_start.and_then(|s| after[s..].find('>').map(|e| (s, s + e))) {
                    Some((s, e)) => {
                        groups.push((column(columns, &after[s..e], Type::String), 0));
                        out.push('(');
                        for _ in 0..=e {
                            chars.next();
                        }
                    }
                    None if after.starts_with('?') => out.push('('),
                    None => out.push_str("(?:"),
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dissect_keys_become_lazy_groups_between_delimiters() {
        let c = dissect("%{a} %{?skip} %{b}", "").unwrap_or_else(|| panic!("compiles"));
        assert_eq!(c.patterns[0].regex, "^(.*?) (?:.*?) (.*?)$");
        assert_eq!(c.columns.len(), 2);
    }

    #[test]
    fn dissect_append_keys_fill_one_column_in_their_order() {
        let c = dissect("%{+b/2} %{c} %{+b/1}", ",").unwrap_or_else(|| panic!("compiles"));
        assert_eq!(c.columns.len(), 2);
        assert_eq!(c.patterns[0].groups, vec![(0, 2), (1, 0), (0, 1)]);
    }

    #[test]
    fn grok_typed_fields_take_their_type() {
        let c = grok(&["%{NUMBER:n:int} %{WORD:w}"]).unwrap_or_else(|| panic!("compiles"));
        assert_eq!(c.columns[0], ("n".to_string(), Type::Int));
        assert_eq!(c.columns[1].1, Type::String);
    }

    #[test]
    fn grok_repeated_names_share_a_column_and_named_groups_count() {
        let c = grok(&["%{WORD:b} (?<x>a(b)) %{WORD:b}"]).unwrap_or_else(|| panic!("compiles"));
        assert_eq!(c.columns.len(), 2);
        assert_eq!(c.patterns[0].groups, vec![(0, 0), (1, 0), (0, 0)]);
        assert_eq!(c.patterns[0].regex, r"(\b\w+\b) (a(?:b)) (\b\w+\b)");
    }
}
