//! `project-by-names` on the examples of its Kusto page
//! (learn.microsoft.com/kusto/query/project-by-names-operator): names, a dynamic array of
//! names and a `*` pattern keep and order columns; unknown names are ignored.

use kqlc::exec::{MemoryTables, run};
use kqlc::plan::catalog::MapCatalog;
use kqlc::value::time::parse_datetime;
use serde_json::{Value, json};

fn rows(query: &str) -> Vec<Value> {
    let plan = kqlc::compile_kql(query, &MapCatalog::default())
        .unwrap_or_else(|d| panic!("{query}: {:?}", d.first().map(|d| &d.message)));
    let now = parse_datetime("2026-06-01T12:00:00Z").unwrap_or_default();
    let table = run(&plan, &MemoryTables::default(), now)
        .unwrap_or_else(|d| panic!("{query}: {}", d.message));
    table
        .rows
        .iter()
        .map(|r| Value::Object(table.row_object(r)))
        .collect()
}

/// The column names and values of the only row, in order.
fn only(spec: &str) -> Vec<(String, Value)> {
    let query = format!(
        "datatable(Name:string, Age:int, City:string, Country:string) \
         ['Peter', 39, 'New York', 'USA'] | project-by-names {spec}"
    );
    let all = rows(&query);
    assert_eq!(all.len(), 1, "{all:?}");
    all[0]
        .as_object()
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

fn cells(expected: &[(&str, Value)]) -> Vec<(String, Value)> {
    expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn project_by_names_keeps_the_named_columns_in_order_project_by_names_docs() {
    assert_eq!(
        only(r#""Name", "City""#),
        cells(&[("Name", json!("Peter")), ("City", json!("New York"))])
    );
    assert_eq!(
        only(r#"dynamic(["Name", "Country"])"#),
        cells(&[("Name", json!("Peter")), ("Country", json!("USA"))])
    );
    assert_eq!(
        only(r#""C*""#),
        cells(&[("City", json!("New York")), ("Country", json!("USA"))])
    );
}

// "Column names that don't match any existing column are safely ignored."
#[test]
fn project_by_names_ignores_names_that_match_nothing_project_by_names_docs() {
    assert_eq!(only(r#""Nope", "Age""#), cells(&[("Age", json!(39))]));
}
