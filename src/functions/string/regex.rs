//! Regular expressions as Kusto uses them (RE2 syntax, which the `regex` crate follows),
//! compiled once per distinct pattern text, and the regex-based string functions.

use super::super::args::{arg, long, text};
use crate::functions::registry::EvalContext;
use crate::value::{Type, Value};
use regex::Regex;
use std::cell::RefCell;
use std::collections::HashMap;

/// How many distinct patterns one thread keeps compiled before starting over.
const CACHE_CAPACITY: usize = 512;

thread_local! {
    static CACHE: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

/// The compiled regex of `pattern`, from this thread's cache when seen before.
/// An invalid pattern is `Err("invalid regular expression …")`, as Kusto reports it.
pub(crate) fn compiled(pattern: &str) -> Result<Regex, String> {
    if let Some(re) = CACHE.with(|c| c.borrow().get(pattern).cloned()) {
        return Ok(re);
    }
    let re = Regex::new(&re2_to_rust(pattern))
        .map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))?;
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(pattern.to_string(), re.clone());
    });
    Ok(re)
}

/// RE2 text as the `regex` crate reads it: inside a character class RE2 takes `[`
/// (unless it opens `[:alpha:]`) and the pairs `&&`, `--`, `~~` literally, where the
/// crate would read a nested class or a set operation, so those are escaped.
pub(crate) fn re2_to_rust(pattern: &str) -> std::borrow::Cow<'_, str> {
    if !pattern.contains('[') {
        return std::borrow::Cow::Borrowed(pattern);
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            out.push(c);
            if let Some(&next) = chars.get(i + 1) {
                out.push(next);
            }
            i += 2;
            continue;
        }
        if !in_class {
            if c == '[' {
                in_class = true;
                out.push(c);
                // A leading `^` and a leading `]` belong to the class itself.
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
            } else {
                out.push(c);
            }
        } else if c == ']' {
            in_class = false;
            out.push(c);
        } else if c == '[' && chars.get(i + 1) == Some(&':') {
            let end = (i + 2..chars.len())
                .find(|&j| chars[j] == ']')
                .unwrap_or(chars.len() - 1);
            out.extend(&chars[i..=end]);
            i = end;
        } else if c == '[' || (matches!(c, '&' | '-' | '~') && chars.get(i + 1) == Some(&c)) {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// `trim(regex, source)`: removes leading and trailing runs of matches.
pub(super) fn trim(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let source = text(args, 1);
    let trimmed = trim_end_str(&text(args, 0), &trim_start_str(&text(args, 0), &source)?)?;
    Ok(Value::string(trimmed))
}

/// `trim_start(regex, source)`: removes a leading run of matches.
pub(super) fn trim_start(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(trim_start_str(
        &text(args, 0),
        &text(args, 1),
    )?))
}

/// `trim_end(regex, source)`: removes a trailing run of matches.
pub(super) fn trim_end(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(trim_end_str(&text(args, 0), &text(args, 1))?))
}

fn trim_start_str(pattern: &str, source: &str) -> Result<String, String> {
    let re = compiled(&format!("^(?:{pattern})+"))?;
    Ok(match re.find(source) {
        Some(m) => source[m.end()..].to_string(),
        None => source.to_string(),
    })
}

fn trim_end_str(pattern: &str, source: &str) -> Result<String, String> {
    let re = compiled(&format!("(?:{pattern})+$"))?;
    // The leftmost match of `(?:p)+$` is the longest trailing run.
    Ok(match re.find(source) {
        Some(m) => source[..m.start()].to_string(),
        None => source.to_string(),
    })
}

/// `replace_regex(source, lookup_regex, rewrite)`: every match replaced; `\1`…`\9` in
/// the rewrite are capture groups.
pub(super) fn replace_regex(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    replace_with(&text(args, 0), &text(args, 1), &text(args, 2))
}

/// Legacy `replace(regex, rewrite, source)`.
pub(super) fn replace_legacy(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    replace_with(&text(args, 2), &text(args, 0), &text(args, 1))
}

fn replace_with(source: &str, pattern: &str, rewrite: &str) -> Result<Value, String> {
    let re = compiled(pattern)?;
    let rewrite = kusto_rewrite_to_rust(rewrite);
    Ok(Value::string(
        re.replace_all(source, rewrite.as_str()).into_owned(),
    ))
}

/// Kusto rewrites (RE2's) name groups `\1` and write a backslash as `\\`; the `regex`
/// crate writes `${1}` and treats `$` specially.
fn kusto_rewrite_to_rust(rewrite: &str) -> String {
    let mut out = String::with_capacity(rewrite.len());
    let mut chars = rewrite.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => out.push_str("$$"),
            '\\' => match chars.peek() {
                Some(d) if d.is_ascii_digit() => {
                    out.push_str(&format!("${{{d}}}"));
                    chars.next();
                }
                Some('\\') => {
                    out.push('\\');
                    chars.next();
                }
                _ => out.push('\\'),
            },
            other => out.push(other),
        }
    }
    out
}

/// `extract(regex, captureGroup, source [, typeName])`: the group's text, `""` when no
/// match; with a type name, converted to that type (null when it does not convert).
pub(super) fn extract(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let re = compiled(&text(args, 0))?;
    let group = long(args, 1).unwrap_or(0).max(0) as usize;
    let source = text(args, 2);
    let found = re
        .captures(&source)
        .and_then(|c| c.get(group))
        .map(|m| m.as_str().to_string());
    let target = match arg(args, 3) {
        Value::Null => None,
        v => Type::from_name(&v.to_kusto_string()),
    };
    Ok(match (found, target) {
        (Some(s), None | Some(Type::String)) => Value::string(s),
        (None, None | Some(Type::String)) => Value::empty_string(),
        (None, Some(_)) => Value::Null,
        (Some(s), Some(ty)) => super::super::convert::convert_to(&Value::string(s), ty),
    })
}

/// `extract_all(regex, [groups,] source)`: every match, as an array of strings (one
/// group) or of arrays of strings (several groups); null when nothing matches.
pub(super) fn extract_all(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (pattern, groups, source) = if args.len() >= 3 {
        (text(args, 0), Some(arg(args, 1)), text(args, 2))
    } else {
        (text(args, 0), None, text(args, 1))
    };
    let re = compiled(&pattern)?;
    let selected = select_groups(&re, groups)?;
    let mut rows = Vec::new();
    for caps in re.captures_iter(&source) {
        let cell = |i: usize| {
            serde_json::Value::String(caps.get(i).map_or("", |m| m.as_str()).to_string())
        };
        if selected.len() == 1 {
            rows.push(cell(selected[0]));
        } else {
            rows.push(serde_json::Value::Array(
                selected.iter().map(|&i| cell(i)).collect(),
            ));
        }
    }
    Ok(if rows.is_empty() {
        Value::Null
    } else {
        Value::dynamic(serde_json::Value::Array(rows))
    })
}

/// The capture-group indexes `extract_all` reports: the ones asked for (numbers or
/// group names), else every group, else the whole match when there are no groups.
fn select_groups(re: &Regex, groups: Option<&Value>) -> Result<Vec<usize>, String> {
    let group_count = re.captures_len() - 1;
    let Some(Value::Dynamic(list)) = groups else {
        return Ok(if group_count == 0 {
            vec![0]
        } else {
            (1..=group_count).collect()
        });
    };
    let items = list
        .as_array()
        .cloned()
        .unwrap_or_else(|| vec![(**list).clone()]);
    let names: Vec<Option<&str>> = re.capture_names().collect();
    items
        .iter()
        .map(|item| match item {
            serde_json::Value::Number(n) => {
                n.as_u64().map(|n| n as usize).filter(|&n| n <= group_count)
            }
            serde_json::Value::String(s) => names.iter().position(|name| *name == Some(s.as_str())),
            _ => None,
        })
        .map(|g| {
            g.ok_or_else(|| {
                "extract_all(): capture group not in the regular expression".to_string()
            })
        })
        .collect()
}

/// `countof(source, search [, kind])`: non-overlapping occurrences; kind `"normal"`
/// (plain text, the default) or `"regex"`.
pub(super) fn countof(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let source = text(args, 0);
    let search = text(args, 1);
    let kind = text(args, 2);
    let count = if kind.eq_ignore_ascii_case("regex") {
        compiled(&search)?.find_iter(&source).count()
    } else if search.is_empty() {
        0
    } else {
        source.matches(search.as_ref()).count()
    };
    Ok(Value::Long(count as i64))
}

/// `indexof_regex(source, regex [, start [, length [, occurrence]]])`: the character
/// index of the n-th non-overlapping match, -1 when none, null on a bad start.
pub(super) fn indexof_regex(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let re = compiled(&text(args, 1))?;
    let source = text(args, 0);
    let Some(window) = super::basic::SearchWindow::read(args, &source, false) else {
        return Ok(Value::Null);
    };
    let Some((begin, end)) = window.byte_range(&source, window.start) else {
        return Ok(Value::Long(-1));
    };
    let hay = &source[begin..end];
    let found = re.find_iter(hay).nth(window.occurrence - 1);
    Ok(Value::Long(found.map_or(-1, |m| {
        (window.start + hay[..m.start()].chars().count()) as i64
    })))
}

/// `regex_quote(s)`: `s` with every regex metacharacter escaped.
pub(super) fn regex_quote(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(regex::escape(&text(args, 0))))
}

#[cfg(test)]
mod tests {
    use super::compiled;

    #[test]
    fn an_invalid_pattern_is_an_error_naming_it() {
        let err = compiled("(unclosed").unwrap_err();
        assert!(err.starts_with("invalid regular expression"), "{err}");
    }

    #[test]
    fn the_same_pattern_compiles_once_and_matches_alike() {
        let a = compiled("a+b").unwrap();
        let b = compiled("a+b").unwrap();
        assert_eq!(a.as_str(), b.as_str());
        assert!(b.is_match("xaab"));
    }
}

#[cfg(test)]
mod re2_tests {
    use super::*;

    #[test]
    fn re2_classes_with_a_bracket_compile_as_re2_reads_them() {
        let re = compiled("^[[]+").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(re.replace("[[x", ""), "x");
        assert!(compiled("[a-z&&x]").is_ok_and(|r| r.is_match("&")));
        assert!(compiled("[[:alpha:]]+").is_ok_and(|r| r.is_match("abc")));
        assert!(compiled("[]a]").is_ok_and(|r| r.is_match("]")));
    }
}
