//! The syntax rules the differential fuzzing against Kusto.Language found kqlc too
//! lenient or too strict about (tests/parse_kusto_fuzz.rs). Each verdict here was
//! checked with Kusto.Language's parser (`KustoCode.Parse`) before it was written down;
//! the string escapes follow the Kusto docs' string data type page.

use crate::common;

use common::query::rows;
use kqlc::diagnostic::{Code, Severity};
use serde_json::json;

/// The codes of the errors kqlc's parser reports for `text`.
fn syntax_errors(text: &str) -> Vec<Code> {
    let (_, diagnostics) = kqlc::parse_kql(text);
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect()
}

fn accepted(text: &str) -> bool {
    syntax_errors(text).is_empty()
}

#[test]
fn reserved_words_are_no_column_names_unless_bracketed() {
    for text in [
        "T | where has == 1",
        "T | project a, where, b",
        "T | extend x = y.to",
        "T | extend x = f(string)",
        "T | summarize count() by by",
        "T | where x == dynamic",
    ] {
        assert_eq!(syntax_errors(text), [Code::SyntaxError], "{text}");
    }
    for text in [
        "T | where ['has'] == 1",
        "T | extend x = y.['to']",
        "T | where count == 1 and kind == 'x' and on > 0",
        "T | where Title == 'x' and Where == 1",
    ] {
        assert!(accepted(text), "{text}");
    }
}

#[test]
fn reserved_words_cannot_be_called_but_conversions_and_toscalar_can() {
    assert_eq!(syntax_errors("T | where x == in(1)"), [Code::SyntaxError]);
    assert_eq!(
        syntax_errors("T | extend y = project(x)"),
        [Code::SyntaxError]
    );
    assert!(accepted("print a = int(1), b = toscalar(T | count)"));
    assert!(accepted("let M = materialize(T | take 1); M"));
}

#[test]
fn an_argument_with_a_pipe_needs_parentheses_but_in_toscalar() {
    assert_eq!(
        syntax_errors("print x = strlen(T | count)"),
        [Code::SyntaxError]
    );
    assert!(accepted("print x = strlen((T | count))"));
    assert!(accepted("print x = toscalar(T | count)"));
}

#[test]
fn one_semicolon_ends_a_statement_and_a_second_is_an_error() {
    assert!(accepted("let a = 1; print a;"));
    assert_eq!(syntax_errors("let a = 1;; print a"), [Code::SyntaxError]);
    assert_eq!(syntax_errors("; print 1"), [Code::SyntaxError]);
    assert!(accepted("let f = () { print x = 1; }; f()"));
}

#[test]
fn trailing_commas_are_errors_in_lists_but_not_in_a_datatable() {
    for text in [
        "T | where x in (1, 2, )",
        "T | where x has_any ('a', )",
        "print x = dynamic([1, 2, ])",
        "print x = dynamic({'a': 1, })",
        "T | where x in ()",
    ] {
        assert!(!accepted(text), "{text}");
    }
    assert!(accepted("datatable(a:long, )[1, ]"));
}

#[test]
fn dynamic_reads_quoted_keys_and_no_bare_words_but_true_false_null() {
    assert!(!accepted("print x = dynamic([abc])"));
    assert!(!accepted("print x = dynamic({a: 1})"));
    assert!(accepted("print x = dynamic({'a': [true, false, null]})"));
}

#[test]
fn an_unknown_escape_is_an_error_string_data_type_docs() {
    for text in [
        r"print x = 'a\.b'",
        r"print x = 'C:\Temp'",
        r"print x = 'a\x4g'",
    ] {
        assert_eq!(syntax_errors(text), [Code::InvalidLiteral], "{text}");
    }
    assert!(accepted(r"print x = @'C:\Temp\.x'"));
}

#[test]
fn escapes_decode_as_kusto_reads_them_string_data_type_docs() {
    let got =
        rows(r#"print a = 'tab\there', b = "\x41\u0042\U00000043", c = 'it\'s', d = @'C:\T'"#);
    assert_eq!(
        got,
        [json!({"a": "tab\there", "b": "ABC", "c": "it's", "d": "C:\\T"})]
    );
}

#[test]
fn only_kusto_type_names_are_types() {
    assert!(!accepted("datatable(a:stringx)[]"));
    assert!(!accepted("datatable(a:float)[]"));
    assert!(accepted(
        "datatable(a:bool, b:boolean, c:date, d:double, e:int64, f:time, g:guid)[]"
    ));
}

#[test]
fn unreadable_datetime_content_is_a_warning_and_null_because_kusto_parses_any() {
    let text = "print d = datetime(2018-07-15 19:51:)";
    let (_, diagnostics) = kqlc::parse_kql(text);
    let codes: Vec<(Code, Severity)> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(codes, [(Code::UnreadableLiteral, Severity::Warning)]);
    assert_eq!(rows(text), [json!({"d": null})]);
}

#[test]
fn project_without_columns_is_valid_syntax() {
    assert!(accepted("T | project"));
}

#[test]
fn render_properties_follow_with_and_are_name_equals_value() {
    for text in [
        "T | render timechart with (title = 'x', ycolumns = a, b)",
        "T | render piechart with (, title = 'x')",
        "T | render timechart kind = stacked",
    ] {
        assert!(accepted(text), "{text}");
    }
    for text in [
        "T | render timechart with (title title = 'x')",
        "T | render timechart with (title = )",
        "T | render render columnchart",
        "T | render piechart with with (title = 'x')",
    ] {
        assert!(!accepted(text), "{text}");
    }
}

#[test]
fn graph_arrows_touch_and_variable_length_edges_have_both_bounds() {
    let graph = "T | make-graph s --> d | ";
    for op in [
        "graph-match (a)-[e*1..3]->(b) project a.x",
        "graph-match (a)-[e *1 .. 3]->(b) project a.x",
        "graph-match (a) -[e]-> (b) project a.x",
        "graph-match (a)<--(b)--()-->(c), (c)-[*0..2]-(d) project a.x",
        "graph-match cycles=none (a)-->(b) where a.x > 1 project a.x",
        "graph-match (a)-->(b)",
        "graph-mark-components kind=strong with_component_id=c | graph-to-table nodes",
        "graph-shortest-paths output=all (a)-[e*1..5]->(b) project a.x",
        "graph-to-table edges as E",
    ] {
        assert!(accepted(&format!("{graph}{op}")), "{op}");
    }
    for op in [
        "graph-match (a)-[e*1..]->(b) project a.x",
        "graph-match (a)-[e*3]->(b) project a.x",
        "graph-match (a)- >(b) project a.x",
        "graph-match (a)-[e]- >(b) project a.x",
        "graph-match (a)- [e]->(b) project a.x",
        "graph-match (a)< -[e]-(b) project a.x",
    ] {
        assert!(!accepted(&format!("{graph}{op}")), "{op}");
    }
    for text in [
        "T | make-graph s --> d with N on id, M on k | graph-to-table nodes as X with_node_id=i, edges as Y with_source_id=s with_target_id=t",
        "T | make-graph s --> d with_node_id=n partitioned-by t (graph-match (a)-->(b) project a.n)",
    ] {
        assert!(accepted(text), "{text}");
    }
    assert!(!accepted("T | make-graph s - -> d | graph-to-table nodes"));
}
