//! `DISSECT` and `GROK` patterns compiled to one regular expression with a group per
//! output column, so both run on the shared `parse` operator.

use crate::value::Type;

/// A compiled pattern: the regex and the output columns in group order.
#[derive(Debug, PartialEq)]
pub struct Compiled {
    pub regex: String,
    pub columns: Vec<(String, Type)>,
}

/// `%{name}` keys separated by literal delimiters; `%{?x}` and `%{}` skip a value,
/// `%{x->}` also absorbs repeats of the following delimiter. The whole value must match.
/// Append keys (`%{+x}`) and references (`%{*x}`/`%{&x}`) are not supported (`None`).
pub fn dissect(pattern: &str) -> Option<Compiled> {
    let mut regex = String::from("^");
    let mut columns = Vec::new();
    let mut rest = pattern;
    let mut pad_next = false;
    while let Some(start) = rest.find("%{") {
        push_delimiter(&mut regex, &rest[..start], pad_next);
        let end = rest[start..].find('}')? + start;
        let mut key = &rest[start + 2..end];
        pad_next = key.ends_with("->");
        key = key.trim_end_matches("->");
        if key.starts_with(['+', '*', '&']) {
            return None;
        }
        if key.is_empty() || key.starts_with('?') {
            regex.push_str("(?:.*?)");
        } else {
            regex.push_str("(.*?)");
            columns.push((key.to_string(), Type::String));
        }
        rest = &rest[end + 1..];
    }
    push_delimiter(&mut regex, rest, pad_next);
    regex.push('$');
    Some(Compiled { regex, columns })
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

/// `%{NAME[:field[:type]]}` among regex text; the first match anywhere in the value.
/// A field named twice becomes one column (the repeated captures are not merged into a
/// multi-value yet: the first non-empty one is kept by the regex engine's leftmost group).
pub fn grok(pattern: &str) -> Option<Compiled> {
    let mut regex = String::new();
    let mut columns: Vec<(String, Type)> = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("%{") {
        named_groups(&rest[..start], &mut columns);
        regex.push_str(&rest[..start]);
        let end = rest[start..].find('}')? + start;
        let mut parts = rest[start + 2..end].split(':');
        let base = grok_base(parts.next()?)?;
        match parts.next() {
            Some(field) => {
                if columns.iter().any(|(n, _)| n == field) {
                    return None;
                }
                let ty = match parts.next() {
                    Some("int") => Type::Int,
                    Some("long") => Type::Long,
                    Some("float" | "double") => Type::Real,
                    Some("boolean") => Type::Bool,
                    _ => Type::String,
                };
                regex.push_str(&format!("({base})"));
                columns.push((field.to_string(), ty));
            }
            None => regex.push_str(&format!("(?:{base})")),
        }
        rest = &rest[end + 1..];
    }
    named_groups(rest, &mut columns);
    regex.push_str(rest);
    Some(Compiled { regex, columns })
}

/// Named groups written as regex (`(?<name>…)`) are output columns too.
fn named_groups(text: &str, columns: &mut Vec<(String, Type)>) {
    let mut rest = text;
    while let Some(i) = rest.find("(?<").or_else(|| rest.find("(?P<")) {
        let after = &rest[i..];
        let open = after.find('<').map_or(0, |o| o + 1);
        let Some(close) = after[open..].find('>') else {
            return;
        };
        let name = &after[open..open + close];
        if !name.is_empty() && !name.starts_with(['=', '!']) {
            columns.push((name.to_string(), Type::String));
        }
        rest = &after[open + close..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dissect_keys_become_lazy_groups_between_delimiters() {
        let c = dissect("%{a} %{?skip} %{b}").unwrap_or_else(|| panic!("compiles"));
        assert_eq!(c.regex, "^(.*?) (?:.*?) (.*?)$");
        assert_eq!(c.columns.len(), 2);
    }

    #[test]
    fn grok_typed_fields_take_their_type() {
        let c = grok("%{NUMBER:n:int} %{WORD:w}").unwrap_or_else(|| panic!("compiles"));
        assert_eq!(c.columns[0], ("n".to_string(), Type::Int));
        assert_eq!(c.columns[1].1, Type::String);
    }
}
