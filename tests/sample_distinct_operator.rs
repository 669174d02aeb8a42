//! `sample-distinct N of Column`: a single column of up to N distinct values of the column
//! (learn.microsoft.com/kusto/query/sample-distinct-operator; which values is not
//! specified, so the test checks the documented properties).

use kqlc::exec::{MemoryTables, run};
use kqlc::plan::catalog::MapCatalog;
use kqlc::value::time::parse_datetime;
use serde_json::Value;
use std::collections::HashSet;

fn column(query: &str, name: &str) -> Vec<Value> {
    let plan = kqlc::compile_kql(query, &MapCatalog::default())
        .unwrap_or_else(|d| panic!("{query}: {:?}", d.first().map(|d| &d.message)));
    let now = parse_datetime("2026-06-01T12:00:00Z").unwrap_or_default();
    let table = run(&plan, &MemoryTables::default(), now)
        .unwrap_or_else(|d| panic!("{query}: {}", d.message));
    assert_eq!(table.columns.len(), 1, "one column");
    table
        .rows
        .iter()
        .map(|r| table.row_object(r).get(name).cloned().unwrap_or_default())
        .collect()
}

#[test]
fn sample_distinct_gives_at_most_n_distinct_values_of_the_column() {
    let input = "datatable(State:string, n:long)['TEXAS',1,'KANSAS',2,'TEXAS',3,'IOWA',4,'KANSAS',5,'OHIO',6]";
    let got = column(&format!("{input} | sample-distinct 3 of State"), "State");
    assert_eq!(got.len(), 3);
    let unique: HashSet<String> = got.iter().map(|v| v.to_string()).collect();
    assert_eq!(unique.len(), 3, "{got:?}");
    let all = ["\"TEXAS\"", "\"KANSAS\"", "\"IOWA\"", "\"OHIO\""];
    assert!(unique.iter().all(|v| all.contains(&v.as_str())), "{got:?}");
    let every = column(&format!("{input} | sample-distinct 10 of State"), "State");
    assert_eq!(every.len(), 4);
}
