//! The human (ariadne) rendering of query syntax errors, as `kqlc check` prints them:
//! one snapshot per class of bad input, read and checked by hand.

use kqlc::diagnostic::render::{FileDiagnostics, human};
use kqlc::rules;

/// Loads `text` as the rule file `path` and renders its parse diagnostics without colour.
fn rendered(path: &str, text: &str) -> String {
    let rule = rules::load(path, text).expect("the rule file loads");
    let (_, diagnostics) = kqlc::parse_kql(&rule.query);
    assert!(!diagnostics.is_empty(), "{path} should have findings");
    human::render(
        &FileDiagnostics::new(rule.path, rule.text, rule.query_map, diagnostics),
        false,
    )
}

fn snapshot(name: &str, text: String) {
    insta::with_settings!({snapshot_path => "../snapshots/rendered", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn unterminated_string_points_at_its_opening_quote() {
    snapshot(
        "unterminated_string",
        rendered(
            "q.kql",
            "SigninLogs\n| where UserPrincipalName == \"admin@contoso.com\n| take 10\n",
        ),
    );
}

#[test]
fn missing_by_expression_points_after_by() {
    snapshot(
        "missing_by_expression",
        rendered("q.kql", "SigninLogs\n| summarize count() by\n"),
    );
}

#[test]
fn unbalanced_parenthesis_labels_the_opener() {
    snapshot(
        "unbalanced_parenthesis",
        rendered("q.kql", "SigninLogs\n| where (ResultType == 0\n| take 5\n"),
    );
}

#[test]
fn unknown_operator_in_a_yaml_rule_suggests_summarize_at_the_yaml_line() {
    let rule = "id: 1\nname: Example\nquery: |\n  SigninLogs\n  | summarise count() by UserPrincipalName\nseverity: Low\n";
    snapshot("summarise_in_yaml_rule", rendered("rule.yaml", rule));
}
