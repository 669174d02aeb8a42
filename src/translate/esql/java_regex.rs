//! KQL's RE2 regular expressions and `replace_regex` rewrites as ES|QL's `REPLACE`
//! reads them: Java's `Pattern` and `Matcher.replaceAll`. RE2's syntax is nearly a
//! subset of Java's; the differences kqlc knows are rewritten (`(?P<name>` is
//! `(?<name>`) or refused (POSIX classes `[[:alpha:]]` and `&&` inside a class mean
//! other things to Java). In a rewrite, RE2's `\1` is Java's `$1`, and a `$` or `\`
//! meant as text is escaped.

/// The Java form of an RE2 pattern, or `None` when Java would read it differently.
pub fn java_regex(re: &str) -> Option<String> {
    if re.contains("[[:") || re.contains("&&") {
        return None;
    }
    Some(re.replace("(?P<", "(?<"))
}

/// The Java `replaceAll` form of an RE2 rewrite (`\0`–`\9` name groups, `\\` is a
/// backslash), or `None` for another escape, which RE2 rejects.
pub fn java_rewrite(rewrite: &str) -> Option<String> {
    let mut out = String::with_capacity(rewrite.len());
    let mut chars = rewrite.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                d if d.is_ascii_digit() => {
                    out.push('$');
                    out.push(d);
                }
                '\\' => out.push_str("\\\\"),
                _ => return None,
            },
            '$' => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_groups_are_rewritten_and_posix_classes_refused() {
        assert_eq!(java_regex(r"is (\d+)").as_deref(), Some(r"is (\d+)"));
        assert_eq!(java_regex(r"(?P<n>\w+)").as_deref(), Some(r"(?<n>\w+)"));
        assert_eq!(java_regex("[[:alpha:]]+"), None);
        assert_eq!(java_regex("[a-z&&[^e]]"), None);
    }

    #[test]
    fn group_references_become_dollars_and_text_dollars_are_escaped() {
        // replace-regex-function page: `was: \1` puts the first group after "was: ".
        assert_eq!(java_rewrite(r"was: \1").as_deref(), Some("was: $1"));
        assert_eq!(
            java_rewrite(r"\0 costs $5").as_deref(),
            Some(r"$0 costs \$5")
        );
        assert_eq!(java_rewrite(r"a\\b").as_deref(), Some(r"a\\b"));
        assert_eq!(java_rewrite(r"\q"), None);
    }
}
