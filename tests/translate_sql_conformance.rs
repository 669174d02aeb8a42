//! Every KQL conformance case (`../shared/conformance/kql`) translated to DuckDB SQL
//! by `kqlc translate` and run in DuckDB (the `duckdb` Python package) must return the
//! expected rows; the pass rate may not fall below the floor (issue 17 aims at 95%).

use crate::common;

/// The measured pass rate this suite must keep (raise it as translations are added).
const MIN_PASS_RATE: f64 = 0.74;

#[test]
fn kql_conformance_cases_return_their_rows_in_duckdb() {
    let Some(rate) =
        common::sql_engine::conformance_rate("duckdb", kqlc::translate::Dialect::DuckDb)
    else {
        return;
    };
    assert!(
        rate >= MIN_PASS_RATE,
        "DuckDB translation fell below {:.0}%",
        MIN_PASS_RATE * 100.0
    );
}
