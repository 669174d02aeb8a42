//! KQL functions through `kqlc translate --to esql`: the ES|QL text written for each,
//! and the rows kqlc's ES|QL engine returns for it, which must be the page's.

use kqlc::run::{run_esql_on, run_kql};
use kqlc::source::Language;
use kqlc::translate::{self, Target};
use kqlc::value::{Column, Table, Type, Value};

/// The ES|QL translation of a KQL query, or the findings' messages.
fn to_esql(query: &str) -> Result<String, String> {
    translate::compile::compile(query, Language::Kql)
        .and_then(|plan| translate::translate(&plan, Target::Esql))
        .map_err(|f| {
            f.iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        })
}

/// The one row's last cell of a query run on no tables.
fn last_cell(table: kqlc::value::Table) -> Value {
    table
        .rows
        .first()
        .and_then(|r| r.last().cloned())
        .unwrap_or(Value::Null)
}

#[test]
fn replace_regex_becomes_replace_with_javas_group_references() {
    // replace-regex-function page: "Number is 2.000000" → "Number was: 2.000000".
    let kql = r#"print theText = "Number is 2.000000"
        | extend theNewText = replace_regex(theText, @'is (\d+)', @'was: \1')"#;
    let esql = to_esql(kql).expect("translates");
    assert!(
        esql.contains(r#"REPLACE(COALESCE(theText, ""), "is (\\d+)", "was: $1")"#),
        "{esql}"
    );
    let expected = Value::string("Number was: 2.000000");
    assert_eq!(
        last_cell(run_kql(kql, vec![], 0).expect("KQL runs")),
        expected
    );
    assert_eq!(
        last_cell(run_esql_on(&esql, vec![], 0).expect("ES|QL runs")),
        expected
    );
}

#[test]
fn the_deprecated_replace_takes_its_text_last() {
    // The deprecated `replace(regex, rewrite, text)` (its signature in Kusto.Language).
    let esql =
        to_esql(r#"print t = "a1" | extend r = replace(@'(\d)', @'<\1>', t)"#).expect("translates");
    assert!(
        esql.contains(r#"REPLACE(COALESCE(t, ""), "(\\d)", "<$1>")"#),
        "{esql}"
    );
}

#[test]
fn a_posix_class_is_refused_since_java_reads_it_otherwise() {
    let why = to_esql(r#"print t = "a1" | extend r = replace_regex(t, '[[:digit:]]', 'x')"#)
        .expect_err("refused");
    assert!(why.contains("regular expression"), "{why}");
}

#[test]
fn make_set_if_becomes_values_with_a_filter() {
    // make-set-if-aggregation-function page: the set of the values whose predicate
    // holds; ES|QL filters an aggregate with `WHERE` (STATS … WHERE).
    let kql = "T | summarize s = make_set_if(name, strlen(name) > 4)";
    let esql = to_esql(kql).expect("translates");
    assert!(esql.contains("VALUES(name) WHERE"), "{esql}");
    let names = ["John", "Paul", "George", "Ringo"];
    let table = Table {
        columns: vec![Column::new("name".to_string(), Type::String)],
        rows: names.iter().map(|n| vec![Value::string(*n)]).collect(),
    };
    let result = run_esql_on(&esql, vec![("T".to_string(), table)], 0).expect("ES|QL runs");
    let mut set = match last_cell(result) {
        Value::Dynamic(d) => d.as_array().cloned().unwrap_or_default(),
        other => panic!("not a set of two: {other:?}"),
    };
    set.sort_by_key(|v| v.to_string());
    assert_eq!(
        set,
        vec![serde_json::json!("George"), serde_json::json!("Ringo")]
    );
}
