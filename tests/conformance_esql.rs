//! Runs every ES|QL case of `../shared/conformance/esql/` (Elasticsearch's csv-spec
//! tests, Elastic License 2.0: read at test time, never copied) and requires the pass
//! rate below not to fall.

use crate::common;

use common::conformance::{compare, load_cases, pass_rate, run_error_text};
use kqlc::run::run_esql_on;
use kqlc::syntax::esql::lower::csv_data::typed_csv_table;
use kqlc::value::Table;
use std::path::Path;

/// The measured pass rate this suite must keep (a ratchet: all 302 cases passed when it was last raised).
const MIN_PASS_RATE: f64 = 1.0;

fn datasets() -> Vec<(String, Table)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/esql/data");
    let mut out = Vec::new();
    for name in ["employees", "hosts"] {
        let text = std::fs::read_to_string(dir.join(format!("{name}.csv"))).unwrap_or_default();
        match typed_csv_table(&text) {
            Ok(t) => out.push((name.to_string(), t)),
            Err(e) => println!("notice: {name}.csv could not be read: {e}"),
        }
    }
    out
}

fn run_case(query: &str, tables: Vec<(String, Table)>) -> Result<Table, String> {
    run_esql_on(query, tables, 0).map_err(run_error_text)
}

#[test]
fn esql_conformance_cases_pass() {
    let Some(cases) = load_cases("esql") else {
        return;
    };
    let tables = datasets();
    let mut failures = Vec::new();
    for case in &cases {
        let ignore_order = case.esql_ignores_order();
        let t = tables.clone();
        let outcome = std::panic::catch_unwind(|| run_case(&case.query, t))
            .unwrap_or_else(|_| Err("PANIC".into()));
        if let Err(why) = outcome.and_then(|t| compare(&t, &case.expected, ignore_order)) {
            failures.push((case.name(), why));
        }
    }
    let rate = pass_rate("ES|QL conformance", &failures, cases.len(), 2000);
    assert!(
        rate >= MIN_PASS_RATE,
        "ES|QL conformance fell below {:.0}%",
        MIN_PASS_RATE * 100.0
    );
}
