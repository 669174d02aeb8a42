//! The string operators as functions named like the operator, each `(haystack, needle)`:
//! `"North America" has "america"` is `has("North America", "america")` in the plan.
//! Negated operators (`!has`) are `not(has(…))`, so they have no entries here.
//!
//! Terms (datatypes-string-operators docs): a string's terms are its maximal runs of
//! alphanumeric characters. `has` is a whole-term match: the needle must occur where
//! it is not glued to more alphanumerics on either side — so `"ab-cd" has "cd"` is
//! true and `"abcd" has "cd"` is false. A needle edge that is itself punctuation
//! (`has @"\system32\"`) needs no boundary on that side. Needles shorter than three
//! characters are not indexed by Kusto but match by the same rule.

use super::args::{arg, text};
use super::registry::{EvalContext, ReturnType, ScalarFunction};
use super::string::regex::compiled;
use crate::value::{Type, Value};
use std::borrow::Cow;

/// Case folding for the case-insensitive operators.
fn fold(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| c.is_uppercase()) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

fn is_term_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Where a needle must sit relative to term boundaries.
#[derive(Clone, Copy)]
enum TermMatch {
    Whole,
    Prefix,
    Suffix,
}

/// Whether `needle` occurs in `hay` at a place that satisfies `how` (see module doc).
fn term_match(hay: &str, needle: &str, how: TermMatch) -> bool {
    if needle.is_empty() {
        return true;
    }
    let check_start =
        matches!(how, TermMatch::Whole | TermMatch::Prefix) && needle.starts_with(is_term_char);
    let check_end =
        matches!(how, TermMatch::Whole | TermMatch::Suffix) && needle.ends_with(is_term_char);
    hay.match_indices(needle).any(|(at, m)| {
        let before_ok = !check_start || !hay[..at].ends_with(is_term_char);
        let after_ok = !check_end || !hay[at + m.len()..].starts_with(is_term_char);
        before_ok && after_ok
    })
}

/// Applies `test` to the two texts, folding case first unless `case_sensitive`.
fn compare(
    args: &[Value],
    case_sensitive: bool,
    test: impl Fn(&str, &str) -> bool,
) -> Result<Value, String> {
    let (hay, needle) = (text(args, 0), text(args, 1));
    Ok(Value::Bool(if case_sensitive {
        test(&hay, &needle)
    } else {
        test(&fold(&hay), &fold(&needle))
    }))
}

fn has(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, false, |h, n| term_match(h, n, TermMatch::Whole))
}
fn has_cs(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, true, |h, n| term_match(h, n, TermMatch::Whole))
}
fn hasprefix(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, false, |h, n| term_match(h, n, TermMatch::Prefix))
}
fn hasprefix_cs(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, true, |h, n| term_match(h, n, TermMatch::Prefix))
}
fn hassuffix(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, false, |h, n| term_match(h, n, TermMatch::Suffix))
}
fn hassuffix_cs(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, true, |h, n| term_match(h, n, TermMatch::Suffix))
}
fn contains(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, false, |h, n| h.contains(n))
}
fn contains_cs(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, true, |h, n| h.contains(n))
}
fn startswith(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, false, |h, n| h.starts_with(n))
}
fn startswith_cs(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, true, |h, n| h.starts_with(n))
}
fn endswith(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, false, |h, n| h.ends_with(n))
}
fn endswith_cs(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    compare(args, true, |h, n| h.ends_with(n))
}

/// `matches_regex(text, regex)`: whether the regex matches anywhere in the text.
fn matches_regex(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let re = compiled(&text(args, 1))?;
    Ok(Value::Bool(re.is_match(&text(args, 0))))
}

/// The needles of `has_any`/`has_all`: the dynamic array flattened (nested arrays
/// included), each element by its string form; a non-array is one needle.
fn needles(list: &Value) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => out.push(s.clone()),
            other => out.push(other.to_string()),
        }
    }
    let mut out = Vec::new();
    match list {
        Value::Dynamic(d) => walk(d, &mut out),
        v if v.is_null() => {}
        v => out.push(v.to_kusto_string()),
    }
    out
}

/// `has_any(text, dynamic([…]))`: whether any needle is a whole term of the text.
fn has_any(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let hay = fold(&text(args, 0)).into_owned();
    Ok(Value::Bool(
        needles(arg(args, 1))
            .iter()
            .any(|n| term_match(&hay, &fold(n), TermMatch::Whole)),
    ))
}

/// `has_all(text, dynamic([…]))`: whether every needle is a whole term of the text
/// (true for an empty list).
fn has_all(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let hay = fold(&text(args, 0)).into_owned();
    Ok(Value::Bool(
        needles(arg(args, 1))
            .iter()
            .all(|n| term_match(&hay, &fold(n), TermMatch::Whole)),
    ))
}

/// `has_any_index(text, dynamic([…]))`: the array index of the first needle that is a
/// whole term of the text, -1 when none (has-any-index-function docs:
/// `has_any_index("this is an example", dynamic(['not', 'example']))` is 1).
fn has_any_index(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let hay = fold(&text(args, 0)).into_owned();
    let found = needles(arg(args, 1))
        .iter()
        .position(|n| !n.is_empty() && term_match(&hay, &fold(n), TermMatch::Whole));
    Ok(Value::Long(found.map_or(-1, |i| i as i64)))
}

macro_rules! op {
    ($name:literal, $sig:literal, $eval:expr, $doc:literal) => {
        ScalarFunction {
            name: $name,
            aliases: &[],
            min_args: 2,
            max_args: 2,
            signature: $sig,
            returns: ReturnType::Fixed(Type::Bool),
            eval: $eval,
            doc: $doc,
        }
    };
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    op!(
        "has",
        "(text: string, term: string) -> bool",
        has,
        "Whether the term is a whole term of the text, ignoring case."
    ),
    op!(
        "has_cs",
        "(text: string, term: string) -> bool",
        has_cs,
        "Whether the term is a whole term of the text, case-sensitive."
    ),
    op!(
        "hasprefix",
        "(text: string, prefix: string) -> bool",
        hasprefix,
        "Whether a term of the text starts with the prefix, ignoring case."
    ),
    op!(
        "hasprefix_cs",
        "(text: string, prefix: string) -> bool",
        hasprefix_cs,
        "Whether a term of the text starts with the prefix, case-sensitive."
    ),
    op!(
        "hassuffix",
        "(text: string, suffix: string) -> bool",
        hassuffix,
        "Whether a term of the text ends with the suffix, ignoring case."
    ),
    op!(
        "hassuffix_cs",
        "(text: string, suffix: string) -> bool",
        hassuffix_cs,
        "Whether a term of the text ends with the suffix, case-sensitive."
    ),
    op!(
        "contains",
        "(text: string, substring: string) -> bool",
        contains,
        "Whether the substring occurs in the text, ignoring case."
    ),
    op!(
        "contains_cs",
        "(text: string, substring: string) -> bool",
        contains_cs,
        "Whether the substring occurs in the text, case-sensitive."
    ),
    op!(
        "startswith",
        "(text: string, prefix: string) -> bool",
        startswith,
        "Whether the text starts with the prefix, ignoring case."
    ),
    op!(
        "startswith_cs",
        "(text: string, prefix: string) -> bool",
        startswith_cs,
        "Whether the text starts with the prefix, case-sensitive."
    ),
    op!(
        "endswith",
        "(text: string, suffix: string) -> bool",
        endswith,
        "Whether the text ends with the suffix, ignoring case."
    ),
    op!(
        "endswith_cs",
        "(text: string, suffix: string) -> bool",
        endswith_cs,
        "Whether the text ends with the suffix, case-sensitive."
    ),
    op!(
        "matches_regex",
        "(text: string, regex: string) -> bool",
        matches_regex,
        "Whether the regular expression matches anywhere in the text."
    ),
    op!(
        "has_any",
        "(text: string, terms: dynamic) -> bool",
        has_any,
        "Whether any of the terms is a whole term of the text, ignoring case."
    ),
    op!(
        "has_all",
        "(text: string, terms: dynamic) -> bool",
        has_all,
        "Whether all of the terms are whole terms of the text, ignoring case."
    ),
    ScalarFunction {
        name: "has_any_index",
        aliases: &[],
        min_args: 2,
        max_args: 2,
        signature: "(text: string, terms: dynamic) -> long",
        returns: ReturnType::Fixed(Type::Long),
        eval: has_any_index,
        doc: "The index of the first of the terms that is a whole term of the text, or -1.",
    },
];

#[cfg(test)]
mod tests {
    use crate::functions::registry::{EvalContext, scalar};
    use crate::value::Value;
    use serde_json::json;

    fn op(name: &str, hay: impl Into<Value>, needle: impl Into<Value>) -> bool {
        let f = scalar(name).unwrap_or_else(|| panic!("{name} is registered"));
        match (f.eval)(&[hay.into(), needle.into()], &EvalContext { now: 0 }) {
            Ok(Value::Bool(b)) => b,
            other => panic!("{name}: {other:?}"),
        }
    }

    fn s(text: &str) -> Value {
        Value::string(text)
    }

    #[test]
    fn has_matches_whole_terms_only() {
        assert!(op("has", s("ab-cd"), s("cd")));
        assert!(!op("has", s("abcd"), s("cd")));
        // has-operator docs: "North America" has "america"; !has "amer".
        assert!(op("has", s("North America"), s("america")));
        assert!(!op("has", s("North America"), s("amer")));
        // datatypes-string-operators docs: "Explorer" is not a term of this one.
        assert!(!op("has", s("KustoExplorerQueryRun"), s("Explorer")));
    }

    #[test]
    fn has_with_punctuation_in_the_needle_checks_only_alphanumeric_edges() {
        assert!(op(
            "has",
            s(r"C:\Windows\System32\cmd.exe"),
            s(r"\system32\")
        ));
        assert!(op("has", s("ad67d136-c1db-4f9f"), s("c1db-4f9f")));
        assert!(!op("has", s("ad67d136-c1db-4f9f"), s("1db-4f9f")));
        assert!(op("has", s("a.b.c"), s(".b.")));
    }

    #[test]
    fn has_short_needles_still_need_whole_terms() {
        assert!(op("has", s("a b c"), s("b")));
        assert!(!op("has", s("abc"), s("b")));
    }

    #[test]
    fn has_cs_respects_case() {
        // has-operator docs: "North America" has_cs "America"; !has_cs "amer".
        assert!(op("has_cs", s("North America"), s("America")));
        assert!(!op("has_cs", s("North America"), s("america")));
    }

    #[test]
    fn hasprefix_and_hassuffix_match_term_edges() {
        // datatypes-string-operators docs examples.
        assert!(op("hasprefix", s("North America"), s("ame")));
        assert!(!op("hasprefix", s("North America"), s("mer")));
        assert!(op("hasprefix_cs", s("North America"), s("Ame")));
        assert!(!op("hasprefix_cs", s("North America"), s("CA")));
        assert!(op("hassuffix", s("North America"), s("ica")));
        assert!(!op("hassuffix", s("North America"), s("americ")));
        assert!(op("hassuffix_cs", s("North America"), s("ica")));
        assert!(!op("hassuffix_cs", s("North America"), s("icA")));
    }

    #[test]
    fn contains_is_substring_and_ignores_case_unless_cs() {
        // kusto-loco BinOp_StringContains / _Cs cases (conformance 290, 291).
        for (needle, ci, cs) in [
            ("a", true, true),
            ("ac", false, false),
            ("bc", true, true),
            ("BC", true, false),
        ] {
            assert_eq!(
                op("contains", s("abcd"), s(needle)),
                ci,
                "contains {needle}"
            );
            assert_eq!(
                op("contains_cs", s("abcd"), s(needle)),
                cs,
                "contains_cs {needle}"
            );
        }
        assert!(op("contains", s("FabriKam"), s("BRik")));
    }

    #[test]
    fn startswith_and_endswith_follow_case_rules() {
        // conformance 292-295.
        for (needle, ci, cs) in [
            ("a", true, true),
            ("ab", true, true),
            ("ABC", true, false),
            ("bc", false, false),
        ] {
            assert_eq!(
                op("startswith", s("abcd"), s(needle)),
                ci,
                "startswith {needle}"
            );
            assert_eq!(
                op("startswith_cs", s("abcd"), s(needle)),
                cs,
                "startswith_cs {needle}"
            );
        }
        for (needle, ci, cs) in [
            ("d", true, true),
            ("cd", true, true),
            ("BCD", true, false),
            ("bc", false, false),
        ] {
            assert_eq!(
                op("endswith", s("abcd"), s(needle)),
                ci,
                "endswith {needle}"
            );
            assert_eq!(
                op("endswith_cs", s("abcd"), s(needle)),
                cs,
                "endswith_cs {needle}"
            );
        }
    }

    #[test]
    fn matches_regex_searches_anywhere_and_empty_pattern_matches() {
        // conformance 296: '' !matches '[0-9]', 'a1c' matches, '123abc' matches ''.
        assert!(!op("matches_regex", s(""), s("[0-9]")));
        assert!(op("matches_regex", s("a1c"), s("[0-9]")));
        assert!(op("matches_regex", s("123abc"), s("")));
    }

    #[test]
    fn matches_regex_reports_an_invalid_pattern() {
        let f = scalar("matches_regex").unwrap();
        let err = (f.eval)(&[s("x"), s("(")], &EvalContext { now: 0 }).unwrap_err();
        assert!(err.contains("invalid regular expression"), "{err}");
    }

    #[test]
    fn has_any_and_has_all_take_a_flattened_needle_array() {
        let needles = Value::dynamic(json!(["nope", ["powershell", "cmd"]]));
        assert!(op(
            "has_any",
            s("C:\\Windows\\PowerShell.exe -enc"),
            needles.clone()
        ));
        assert!(!op(
            "has_all",
            s("C:\\Windows\\PowerShell.exe -enc"),
            needles
        ));
        let both = Value::dynamic(json!(["windows", "enc"]));
        assert!(op("has_all", s("C:\\Windows\\PowerShell.exe -enc"), both));
        assert!(!op("has_any", s("abc"), Value::dynamic(json!([]))));
    }

    #[test]
    fn has_any_index_reports_the_first_found_needle() {
        // has-any-index-function docs (conformance 072).
        let f = scalar("has_any_index").unwrap();
        let idx = |hay: &str, needles: serde_json::Value| {
            (f.eval)(&[s(hay), Value::dynamic(needles)], &EvalContext { now: 0 })
                .unwrap()
                .as_i64()
        };
        assert_eq!(
            idx("this is an example", json!(["this", "example"])),
            Some(0)
        );
        assert_eq!(
            idx("this is an example", json!(["not", "example"])),
            Some(1)
        );
        assert_eq!(idx("this is an example", json!(["not", "found"])), Some(-1));
        assert_eq!(idx("Example number 2", json!([1, 2, 3])), Some(1));
        assert_eq!(idx("this is an example", json!([])), Some(-1));
    }

    #[test]
    fn has_any_compares_numbers_by_their_text() {
        assert!(op(
            "has_any",
            s("port 443 open"),
            Value::dynamic(json!([80, 443]))
        ));
    }

    #[test]
    fn dynamic_and_null_haystacks_use_their_string_form() {
        assert!(op("has", Value::dynamic(json!("Hello World")), s("world")));
        assert!(op(
            "contains",
            Value::dynamic(json!({"k": "value"})),
            s("\"k\"")
        ));
        assert!(!op("has", Value::Null, s("x")));
    }
}
