//! After a syntax error, the invalid characters that follow on the same line are its
//! consequences and are not reported again (an unquoted regex gave one KQL001 and
//! three KQL005); on another line they are still reported. Kusto regexes are string
//! literals: learn.microsoft.com/kusto/query/extract-function (`extract(regex, …)`).

use kqlc::diagnostic::Code;
use kqlc::syntax::kql::parse;

fn codes(text: &str) -> Vec<Code> {
    parse(text).1.iter().map(|d| d.code).collect()
}

#[test]
fn an_unquoted_regex_is_one_syntax_error() {
    assert_eq!(
        codes("T | extend x = extract(@(\\.\\w+)$, 1, y)"),
        vec![Code::SyntaxError]
    );
}

#[test]
fn an_invalid_character_on_a_later_line_is_still_reported() {
    let found = codes("T | extend x = extract(@(\\.\\w+), 1, y)\n| where a == 1 $\n");
    assert_eq!(found.first(), Some(&Code::SyntaxError), "{found:?}");
    assert!(found.contains(&Code::InvalidToken), "{found:?}");
}

#[test]
fn an_invalid_character_before_the_syntax_error_is_still_reported() {
    let found = codes("T | where a == 1 $ and extract(@(x), 1, y)");
    assert_eq!(found.first(), Some(&Code::InvalidToken), "{found:?}");
}
