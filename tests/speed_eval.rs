//! Fast paths of the evaluator keep Kusto's answers: `=~` compares ASCII text without
//! allocating lower-case copies, and falls back to full lower-casing for other text.

use kqlc::run::run_kql;

fn row(query: &str) -> Vec<String> {
    let table = run_kql(query, Vec::new(), 0).unwrap_or_else(|e| panic!("{query}: {e:?}"));
    table.rows[0]
        .iter()
        .map(|v| v.to_json().to_string())
        .collect()
}

#[test]
fn equal_ignoring_case_holds_for_ascii_and_other_text() {
    assert_eq!(
        row(
            r#"print a = "Failure" =~ "FAILURE", b = "Été" =~ "éTÉ", c = "abc" =~ "abd", d = "ß" =~ "SS", e = "x" !~ "X""#
        ),
        ["true", "true", "false", "false", "false"]
    );
}

#[test]
fn equal_ignoring_case_compares_non_strings_by_their_text() {
    assert_eq!(
        row(r#"print a = 12 =~ "12", b = true =~ "TRUE", c = "" =~ "x""#),
        ["true", "true", "false"]
    );
}
