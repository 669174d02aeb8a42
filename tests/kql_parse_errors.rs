//! Bad input → exact diagnostics (code, span, message, help, labels), snapshotted
//! under `snapshots/parse_errors/`.

use kqlc::diagnostic::Code;
use kqlc::syntax::kql::parse;

/// One line per diagnostic: `KQL001 12..13 message` plus help and labels, with the
/// spanned text quoted so the span can be checked by eye.
fn render(text: &str) -> String {
    let (_, diagnostics) = parse(text);
    let mut out = format!("input: {text:?}\n");
    for d in &diagnostics {
        let snippet = text
            .get(d.span.range())
            .unwrap_or("<not on a char boundary>");
        out.push_str(&format!(
            "{} {:?} {:?}: {}\n",
            d.code.id(),
            d.span,
            snippet,
            d.message
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!("  help: {help}\n"));
        }
        for label in &d.labels {
            out.push_str(&format!("  label {:?}: {}\n", label.span, label.message));
        }
    }
    out
}

fn snapshot(name: &str, text: &str) {
    let rendered = render(text);
    insta::with_settings!({snapshot_path => "../snapshots/parse_errors", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, rendered);
    });
}

fn codes(text: &str) -> Vec<Code> {
    parse(text).1.iter().map(|d| d.code).collect()
}

#[test]
fn unterminated_string_points_at_the_opening_quote() {
    assert_eq!(codes("T | where x == 'abc"), vec![Code::UnterminatedString]);
    snapshot("unterminated_string", "T | where x == 'abc\n| take 1");
}

#[test]
fn missing_by_expression() {
    assert_eq!(codes("T | summarize count() by"), vec![Code::SyntaxError]);
    snapshot("missing_by_expression", "T | summarize count() by");
}

#[test]
fn unbalanced_parentheses_label_the_opener() {
    assert_eq!(codes("T | where (a == 1"), vec![Code::UnbalancedDelimiter]);
    snapshot("unclosed_parenthesis", "T | where (a == 1");
    snapshot("unmatched_closer", "T | where a == 1)");
    snapshot("mismatched_closer", "T | where f(a] == 1");
}

#[test]
fn misspelled_operator_suggests_the_right_one() {
    assert_eq!(codes("T | summarise count()"), vec![Code::UnknownOperator]);
    snapshot("did_you_mean_summarize", "T | summarise count()");
}

#[test]
fn several_errors_in_one_query_are_all_reported() {
    // `where a = 1` is no error: Kusto reads a single `=` in a predicate as `==`.
    let text = "T\n| where a = 1 +\n| extend = 2\n| summarise count()\n| take";
    assert_eq!(
        codes(text),
        vec![
            Code::SyntaxError,
            Code::SyntaxError,
            Code::UnknownOperator,
            Code::SyntaxError
        ]
    );
    snapshot("several_errors", text);
}

#[test]
fn errors_in_separate_statements_are_all_reported() {
    assert_eq!(
        codes("let x = ; let y = 1 +; T | where"),
        vec![Code::SyntaxError, Code::SyntaxError, Code::SyntaxError]
    );
}

#[test]
fn binary_garbage_is_reported_not_panicked_on() {
    let text = "\u{1}\u{2}\u{7f} garbage ))) (( \u{0} # 'x";
    assert!(parse(text).1.iter().any(|d| d.code == Code::InvalidToken));
    snapshot("binary_garbage", text);
}

#[test]
fn empty_input_has_no_diagnostics() {
    let (query, diagnostics) = parse("");
    assert!(diagnostics.is_empty());
    assert_eq!(query.map(|q| q.statements.len()), Some(0));
}

#[test]
fn a_dangling_pipe_expects_an_operator() {
    snapshot("dangling_pipe", "T |");
}

#[test]
fn junk_after_a_where_predicate() {
    snapshot("junk_after_predicate", "T | where a b | take 1");
}

#[test]
fn unreadable_literals_are_warned_of_with_their_span() {
    // Kusto's parser takes any text in `datetime(…)`, `timespan(…)`, `guid(…)`: a
    // warning, not a syntax error (tests/kql_syntax_kusto.rs).
    assert_eq!(
        codes("print d = datetime(2021-13-45), t = timespan(abc), g = guid(nope)"),
        vec![Code::UnreadableLiteral; 3]
    );
    snapshot(
        "invalid_literals",
        "print d = datetime(2021-13-45), t = timespan(abc)",
    );
}

#[test]
fn nesting_deeper_than_200_is_too_complex() {
    let deep = format!("print x = {}1{}", "(".repeat(300), ")".repeat(300));
    assert_eq!(codes(&deep), vec![Code::TooComplex]);
    let fine = format!("print x = {}1{}", "(".repeat(150), ")".repeat(150));
    assert!(codes(&fine).is_empty());
}

#[test]
fn an_unclosed_multiline_string_is_unterminated() {
    assert_eq!(codes("print x = ```abc"), vec![Code::UnterminatedString]);
}
