//! `partition by Column (subquery)` runs the subquery on each partition and concatenates
//! the results (learn.microsoft.com/kusto/query/partition-operator).

use kqlc::exec::{MemoryTables, run};
use kqlc::plan::catalog::MapCatalog;
use kqlc::value::time::parse_datetime;
use serde_json::{Value, json};

/// The rows of a self-contained query, or the message of its first error.
fn rows(query: &str) -> Result<Vec<Value>, String> {
    let plan = kqlc::compile_kql(query, &MapCatalog::default())
        .map_err(|d| d.first().map(|d| d.message.clone()).unwrap_or_default())?;
    let now = parse_datetime("2026-06-01T12:00:00Z").unwrap_or_default();
    let table = run(&plan, &MemoryTables::default(), now).map_err(|d| d.message)?;
    Ok(table
        .rows
        .iter()
        .map(|r| Value::Object(table.row_object(r)))
        .collect())
}

// partition-operator page, "Find top values": summarize then top per State, in the
// order the states first appear. Small input, expected rows worked out by hand:
// WYOMING has Hail ×2 (injuries 0+1) and High Wind ×1 (5); WASHINGTON has Heavy Snow ×3
// (0+1+0) and Wildfire ×2 (2+0).
#[test]
fn partition_runs_the_subquery_per_value_partition_operator_docs() {
    let got = rows(
        "datatable(State:string, EventType:string, InjuriesDirect:long)
        ['WYOMING','Hail',0, 'WYOMING','Hail',1, 'WYOMING','High Wind',5,
         'WASHINGTON','Heavy Snow',0, 'WASHINGTON','Wildfire',2, 'WASHINGTON','Wildfire',0,
         'WASHINGTON','Heavy Snow',1, 'WASHINGTON','Heavy Snow',0]
        | partition hint.strategy=native by State
            ( summarize Events=count(), Injuries=sum(InjuriesDirect) by EventType, State
            | top 1 by Events )",
    );
    assert_eq!(
        got,
        Ok(vec![
            json!({"EventType": "Hail", "State": "WYOMING", "Events": 2, "Injuries": 1}),
            json!({"EventType": "Heavy Snow", "State": "WASHINGTON", "Events": 3, "Injuries": 1}),
        ])
    );
}

// partition-operator page: the legacy strategy (the default) fails on more than 64
// distinct values; native does not.
#[test]
fn the_legacy_strategy_allows_64_partitions_partition_operator_docs() {
    let legacy = rows("range x from 1 to 65 step 1 | partition by x (take 1)");
    assert!(
        legacy.as_ref().is_err_and(|m| m.contains("64")),
        "{legacy:?}"
    );
    let native =
        rows("range x from 1 to 65 step 1 | partition hint.strategy=native by x (take 1) | count");
    assert_eq!(native, Ok(vec![json!({"Count": 65})]));
}

// The legacy `{ subquery with its own source }` form runs its query once per value of
// the column, the column's name being that value (partition-operator page).
#[test]
fn the_legacy_braces_form_runs_its_query_per_value() {
    let got = rows("datatable(a:long)[1,2,2] | partition by a { print x=1 }");
    assert_eq!(got, Ok(vec![json!({"x": 1}), json!({"x": 1})]));
    let got =
        rows("datatable(a:long)[2,1,2] | partition by a { print v = a * 10, s = toscalar(a) }");
    assert_eq!(
        got,
        Ok(vec![json!({"v": 20, "s": 2}), json!({"v": 10, "s": 1})])
    );
}
