//! How diagnostics look to a person: ariadne reports of rule-file errors (snapshots in
//! `snapshots/diagnostics/`), and query diagnostics drawn on the YAML file's own lines.

use kqlc::diagnostic::render::{FileDiagnostics, human};
use kqlc::diagnostic::{Code, Diagnostic};
use kqlc::rules;
use kqlc::source::Span;

/// The human rendering (no colour) of loading `text` as `path`, which must fail.
fn render_load_error(path: &str, text: &str) -> String {
    let diagnostic = match rules::load_bytes(path, text.as_bytes()) {
        Ok(_) => panic!("{path} loaded"),
        Err(d) => d,
    };
    human::render(
        &FileDiagnostics::in_file(path, text, vec![diagnostic]),
        false,
    )
}

macro_rules! assert_diagnostic_snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({snapshot_path => "../snapshots/diagnostics", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

#[test]
fn rule_without_query_snapshot() {
    let text = "id: 3a1f\nname: Sign-ins from a new country\nseverity: Medium\n";
    assert_diagnostic_snapshot!(
        "rule_missing_query",
        render_load_error("rules/new-country.yaml", text)
    );
}

#[test]
fn rule_with_empty_query_snapshot() {
    let text = "name: Empty\nquery:\nseverity: Low\n";
    assert_diagnostic_snapshot!(
        "rule_empty_query",
        render_load_error("rules/empty.yaml", text)
    );
}

#[test]
fn invalid_yaml_snapshot() {
    let text = "name: Broken list\ntactics: [Persistence, DefenseEvasion\nquery: |\n  SigninLogs\n";
    assert_diagnostic_snapshot!(
        "rule_invalid_yaml",
        render_load_error("rules/broken.yaml", text)
    );
}

#[test]
fn rule_that_is_a_list_snapshot() {
    let text = "- name: first\n- name: second\n";
    assert_diagnostic_snapshot!(
        "rule_not_a_mapping",
        render_load_error("rules/list.yaml", text)
    );
}

#[test]
fn binary_file_snapshot() {
    let bytes = b"SigninLogs\x00\x13\x37";
    let diagnostic = rules::load_bytes("rules/blob.kql", bytes).unwrap_err();
    let rendered = human::render(
        &FileDiagnostics::in_file("rules/blob.kql", "SigninLogs", vec![diagnostic]),
        false,
    );
    assert_diagnostic_snapshot!("file_not_text", rendered);
}

/// A diagnostic made by hand on a query span is drawn on the YAML file's line and
/// column, not the query's.
#[test]
fn a_query_diagnostic_in_a_yaml_rule_points_at_the_yaml_line_and_column() {
    let text = "name: Demo\nquery: |\n  SigninLogs\n  | where ResultType == 0\n  | summarize count() by Usr\n";
    let rule = rules::load("rules/demo.yaml", text).unwrap();
    let start = rule.query.find("Usr").unwrap();
    let diagnostic = Diagnostic::new(
        Code::UnknownColumn,
        Span::new(start, start + 3),
        "unknown column `Usr`",
    )
    .with_help("did you mean `User`?")
    .with_label(Span::new(0, 10), "the table comes from here")
    .with_note("columns of SigninLogs come from the Azure Monitor schema");
    let file = FileDiagnostics::new(rule.path, rule.text, rule.query_map, vec![diagnostic]);
    let rendered = human::render(&file, false);
    // `Usr` is on line 5 of the YAML file, column 26 (the query line is indented by 2).
    assert!(
        rendered.contains("╭─[ rules/demo.yaml:5:26 ]"),
        "{rendered}"
    );
    assert!(
        rendered.contains(" 5 │   | summarize count() by Usr\n"),
        "{rendered}"
    );
    assert!(rendered.contains(" 3 │   SigninLogs\n"), "{rendered}");
    assert_diagnostic_snapshot!("query_diagnostic_in_yaml", rendered);
}

#[test]
fn colour_codes_appear_only_when_asked() {
    let text = "name: x\n";
    let diagnostic = rules::load("r.yaml", text).unwrap_err();
    let file = FileDiagnostics::in_file("r.yaml", text, vec![diagnostic]);
    assert!(!human::render(&file, false).contains('\x1b'));
    assert!(human::render(&file, true).contains("\x1b["));
}

#[test]
fn warnings_are_headed_warning() {
    let d = Diagnostic::new(Code::UnusedLet, Span::new(4, 5), "`x` is never used");
    let rendered = human::render(
        &FileDiagnostics::in_file("q.kql", "let x = 1;\nT\n", vec![d]),
        false,
    );
    assert!(
        rendered.starts_with("warning[KQL209]: `x` is never used\n"),
        "{rendered}"
    );
}

#[test]
fn a_diagnostic_at_the_end_of_the_query_renders_without_panicking() {
    let d = Diagnostic::new(Code::SyntaxError, Span::new(9, 9), "expected an expression");
    let rendered = human::render(
        &FileDiagnostics::in_file("q.kql", "T | where", vec![d]),
        false,
    );
    assert!(rendered.contains("q.kql:1:10"), "{rendered}");
}

/// Spans on line ends, on multi-byte characters and across lines are drawn without panicking.
#[test]
fn awkward_spans_render_without_panicking() {
    let text = "é\nab≥\n\ncd\r\nx";
    let spans = (0..=text.len()).flat_map(|s| (s..=text.len()).map(move |e| Span::new(s, e)));
    for span in spans {
        let d = Diagnostic::new(Code::SyntaxError, span, "m")
            .with_label(Span::new(span.end as usize, 99), "l");
        let rendered = human::render(&FileDiagnostics::in_file("q.kql", text, vec![d]), false);
        assert!(
            rendered.starts_with("error[KQL001]: m\n"),
            "{span:?}: {rendered}"
        );
    }
}
