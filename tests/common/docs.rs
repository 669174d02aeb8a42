//! Running a Kusto docs page's example and comparing its rows with the page's output
//! table: the one helper of the docs-example test files.

use kqlc::exec::{MemoryTables, run};
use kqlc::plan::catalog::MapCatalog;
use kqlc::testing::compare::{Expectation, compare};
use kqlc::value::{Table, Value};

/// The result of a self-contained query; a real NaN becomes the string `"NaN"` (JSON
/// has no NaN number, and the pages print it so). Panics naming the page on an error.
pub fn page_table(page: &str, query: &str) -> Table {
    let plan = kqlc::compile_kql(query, &MapCatalog::default()).unwrap_or_else(|d| {
        panic!(
            "{page}: does not compile: {:?}",
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        )
    });
    let mut table = run(&plan, &MemoryTables::default(), 0)
        .unwrap_or_else(|d| panic!("{page}: does not run: {}", d.message));
    for row in &mut table.rows {
        for cell in row.iter_mut() {
            if matches!(cell, Value::Real(r) if r.is_nan()) {
                *cell = Value::string("NaN");
            }
        }
    }
    table
}

/// Compares a table's rows with the expected JSON rows (in order, or as a set).
pub fn assert_rows(page: &str, table: &Table, expected: serde_json::Value, ordered: bool) {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = match expected {
        serde_json::Value::Array(rows) => rows
            .into_iter()
            .filter_map(|r| r.as_object().cloned())
            .collect(),
        _ => panic!("{page}: expected rows must be an array"),
    };
    let expect = Expectation {
        rows: &rows,
        ordered,
        ..Default::default()
    };
    if let Err(why) = compare(table, &expect) {
        panic!("{page}: {why}");
    }
}
