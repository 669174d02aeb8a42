//! Running a self-contained KQL query (its input built with `datatable`, `print`,
//! `range`) through the library, as the semantics tests of operators and functions do.

use kqlc::exec::{MemoryTables, run};
use kqlc::plan::catalog::MapCatalog;
use kqlc::value::Table;
use kqlc::value::time::parse_datetime;
use serde_json::Value;

/// The result table of `query`, with now = 2026-06-01T12:00:00Z; panics (naming the
/// query) on a compile or run error.
pub fn result_table(query: &str) -> Table {
    let plan = kqlc::compile_kql(query, &MapCatalog::default()).unwrap_or_else(|d| {
        panic!(
            "{query}: {:?}",
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        )
    });
    let now = parse_datetime("2026-06-01T12:00:00Z").unwrap_or_default();
    run(&plan, &MemoryTables::default(), now).unwrap_or_else(|d| panic!("{query}: {}", d.message))
}

/// The rows of `query` as JSON objects, keys in column order.
pub fn rows(query: &str) -> Vec<Value> {
    let table = result_table(query);
    table
        .rows
        .iter()
        .map(|r| Value::Object(table.row_object(r)))
        .collect()
}
