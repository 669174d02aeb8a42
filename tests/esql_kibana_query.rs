//! `KQL("…")` inside an ES|QL `WHERE` filters with the Kibana Query Language, as the
//! public Elastic rules write it (Kibana's "KQL" reference: `field : value`, value
//! lists in parentheses, quoted phrases, wildcards, `and`/`or`/`not`).

use kqlc::run::run_esql_on;
use kqlc::value::{Column, Table, Type, Value};

/// Three process events, by hand: wget started, curl forked, bash started with a tag list.
fn events() -> Table {
    let columns = vec![
        Column::new("event.type", Type::String),
        Column::new("event.action", Type::String),
        Column::new("process.name", Type::String),
        Column::new("tags", Type::Dynamic),
    ];
    let s = Value::string;
    let tags = Value::dynamic(serde_json::json!([
        "Rule Type: Higher-Order Rule",
        "OS: Linux"
    ]));
    let rows = vec![
        vec![s("start"), s("exec"), s("wget"), Value::Null],
        vec![s("start"), s("fork"), s("curl"), Value::Null],
        vec![s("start"), s("exec"), s("bash"), tags],
    ];
    Table { columns, rows }
}

fn names(query: &str) -> Vec<String> {
    let table = run_esql_on(query, vec![("logs".to_string(), events())], 0)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let i = table.columns.iter().position(|c| c.name == "process.name");
    let i = i.unwrap_or_else(|| panic!("no process.name column"));
    table.rows.iter().map(|r| r[i].to_kusto_string()).collect()
}

#[test]
fn kql_filter_with_a_value_list_and_not() {
    let q = r#"FROM logs | WHERE KQL("""event.type:start and not event.action:fork and process.name:(wget or curl)""")"#;
    assert_eq!(names(q), ["wget"]);
}

#[test]
fn kql_filter_quoted_phrase_matches_any_value_of_a_multi_valued_field() {
    let q = r#"FROM logs | WHERE KQL("""tags : "Rule Type: Higher-Order Rule" """)"#;
    assert_eq!(names(q), ["bash"]);
}

#[test]
fn kql_filter_wildcards_and_missing_fields() {
    assert_eq!(
        names(r#"FROM logs | WHERE KQL("process.name:*sh")"#),
        ["bash"]
    );
    // A field the index lacks matches nothing; `not` of it matches everything.
    assert!(names(r#"FROM logs | WHERE KQL("host.name:x")"#).is_empty());
    assert_eq!(
        names(r#"FROM logs | WHERE KQL("not host.name:x")"#).len(),
        3
    );
}

#[test]
fn a_malformed_kibana_query_is_a_finding_not_a_panic() {
    let result = run_esql_on(
        r#"FROM logs | WHERE KQL("process.name:(wget or")"#,
        vec![("logs".to_string(), events())],
        0,
    );
    assert!(result.is_err());
}
