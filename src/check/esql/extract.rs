//! The columns `DISSECT` and `GROK` patterns add, read from the pattern text alone
//! (the check needs the names, not a matcher).

/// Keys of a dissect pattern: `%{key}`, `%{+key}`, `%{key->}`, `%{+key/2}` name a
/// column; `%{?key}` and `%{}` skip a value; `%{*k}`/`%{&k}` name a column after a
/// value, unknown to a check (`None` then).
pub fn dissect_columns(pattern: &str) -> Option<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("%{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let key = after[..end].trim_end_matches("->");
        let key = key.split('/').next().unwrap_or(key);
        rest = &after[end + 1..];
        if key.is_empty() || key.starts_with('?') {
            continue;
        }
        if key.starts_with(['*', '&']) {
            return None;
        }
        push_unique(&mut names, key.trim_start_matches('+'));
    }
    Some(names)
}

/// Semantics of a grok pattern: `%{SYNTAX:name}`, `%{SYNTAX:name:type}` and named
/// groups `(?<name>…)`; `%{SYNTAX}` alone adds nothing.
pub fn grok_columns(pattern: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("%{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let mut parts = after[..end].split(':');
        if let (Some(_syntax), Some(semantic)) = (parts.next(), parts.next())
            && !semantic.is_empty()
        {
            push_unique(&mut names, semantic);
        }
        rest = &after[end + 1..];
    }
    let mut rest = pattern;
    while let Some(start) = rest.find("(?<") {
        let after = &rest[start + 3..];
        let Some(end) = after.find('>') else { break };
        push_unique(&mut names, &after[..end]);
        rest = &after[end + 1..];
    }
    names
}

fn push_unique(names: &mut Vec<String>, name: &str) {
    if !names.iter().any(|n| n == name) {
        names.push(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dissect_keys_name_columns_skips_do_not() {
        assert_eq!(
            dissect_columns("%{a} %{?skip} %{+a} %{b->} %{} %{c/2}"),
            Some(vec!["a".to_string(), "b".to_string(), "c".to_string()])
        );
        assert_eq!(dissect_columns("%{*k} %{&k}"), None);
    }

    #[test]
    fn grok_semantics_and_named_groups_name_columns() {
        assert_eq!(
            grok_columns("%{IP:source.ip} %{WORD} %{NUMBER:bytes:int} (?<user>\\w+)"),
            vec!["source.ip", "bytes", "user"]
        );
    }
}
