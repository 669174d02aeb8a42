//! KQL's string operators as ES|QL patterns. `has` is a whole-term match (a term is a
//! run of letters and digits): ES|QL has no term match, so it becomes an `RLIKE`
//! whose pattern puts a non-alphanumeric character (or the string's edge) on each side
//! of the needle; `contains` is a `LIKE "*needle*"`. Case-insensitive operators fold
//! both sides to lower case first.

/// Where the needle must sit relative to term boundaries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Term {
    Whole,
    Prefix,
    Suffix,
}

/// A Lucene regular expression (as ES|QL `RLIKE` reads it, matching the whole string)
/// that matches a string having `needle` at a term boundary.
pub fn term_regex(needle: &str, how: Term, case_sensitive: bool) -> String {
    let class = if case_sensitive {
        "[^a-zA-Z0-9]"
    } else {
        "[^a-z0-9]"
    };
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let before = if alnum(needle.chars().next()) && how != Term::Suffix {
        format!("(.*{class})?")
    } else {
        ".*".to_string()
    };
    let after = if alnum(needle.chars().last()) && how != Term::Prefix {
        format!("({class}.*)?")
    } else {
        ".*".to_string()
    };
    format!("{before}{}{after}", lucene_escape(needle))
}

/// `text` with Lucene's regex operators escaped.
pub fn lucene_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if ".?+*|{}[]()\"\\#@&<>~^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `*needle*` as an ES|QL `LIKE` pattern (`*`, `?` and `\` escaped).
pub fn like_contains(needle: &str) -> String {
    let mut out = String::from("*");
    for c in needle.chars() {
        if "*?\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('*');
    out
}

/// A KQL (RE2) regex as a Lucene regex matching the whole string, when its syntax is
/// one both read alike; `None` for classes (`\d`, `\w`, `\s`), anchors inside, flags,
/// non-greedy or other RE2-only syntax.
pub fn lucene_regex(re: &str) -> Option<String> {
    let core = re.strip_prefix('^');
    let anchored_start = core.is_some();
    let core = core.unwrap_or(re);
    let (core, anchored_end) = match core.strip_suffix('$') {
        Some(c) if !c.ends_with('\\') => (c, true),
        _ => (core, false),
    };
    let mut chars = core.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n) if !n.is_ascii_alphanumeric() => {}
                _ => return None,
            },
            '^' | '$' | '#' | '@' | '&' | '<' | '>' | '~' | '"' => return None,
            '(' if chars.peek() == Some(&'?') => return None,
            '*' | '+' | '?' | '}' if chars.peek() == Some(&'?') => return None,
            _ => {}
        }
    }
    let start = if anchored_start { "" } else { ".*" };
    let end = if anchored_end { "" } else { ".*" };
    Some(format!("{start}({core}){end}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_needs_a_boundary_where_the_needle_edge_is_alphanumeric() {
        // has-operator docs: "North America" has "america", not "amer".
        assert_eq!(
            term_regex("america", Term::Whole, false),
            "(.*[^a-z0-9])?america([^a-z0-9].*)?"
        );
        assert_eq!(
            term_regex("\\system32\\", Term::Whole, false),
            ".*\\\\system32\\\\.*"
        );
        assert_eq!(
            term_regex("ame", Term::Prefix, false),
            "(.*[^a-z0-9])?ame.*"
        );
    }

    #[test]
    fn regexes_with_classes_are_not_translated() {
        assert_eq!(lucene_regex("^ab+c$").as_deref(), Some("(ab+c)"));
        assert_eq!(lucene_regex("a.c").as_deref(), Some(".*(a.c).*"));
        assert_eq!(lucene_regex("\\d+"), None);
        assert_eq!(lucene_regex("(?i)abc"), None);
    }
}
