//! The csv-spec conformance cases (`../shared/conformance/esql/`, Elastic License 2.0:
//! read at test time, never copied) run as a user runs them: each query in a file,
//! `kqlc run case.esql --table employees=…/employees.csv --table hosts=…/hosts.csv
//! --format json`, the printed rows compared with the case's `---expected` rows.

use crate::common;

use common::conformance::{load_cases, pass_rate};
use kqlc::testing::compare::json_matches;
use kqlc::value::time::parse_datetime;
use serde_json::{Map, Value as J};
use std::path::Path;

/// The share of the 302 cases the command line must pass (the acceptance bar).
const MIN_PASS_RATE: f64 = 0.99;

type Row = Map<String, J>;

/// One expected cell against one printed cell: equal JSON (numbers by value), the same
/// instant written two ways, or an empty string for null (as the library comparison).
fn cell_matches(actual: &J, want: &J) -> bool {
    match (actual, want) {
        (J::String(a), J::String(w)) if a != w => {
            matches!((parse_datetime(a), parse_datetime(w)), (Some(x), Some(y)) if x == y)
        }
        (J::String(s), J::Null) | (J::Null, J::String(s)) => s.is_empty(),
        _ => json_matches(actual, want),
    }
}

fn row_matches(actual: &Row, want: &Row) -> bool {
    actual.len() == want.len()
        && actual
            .iter()
            .all(|(k, v)| want.get(k).is_some_and(|w| cell_matches(v, w)))
}

/// `Ok` when the printed rows are the expected ones (in order unless `ignore_order`).
fn compare(actual: &[Row], expected: &[Row], ignore_order: bool) -> Result<(), String> {
    if let (Some(a), Some(w)) = (actual.first(), expected.first()) {
        let (a, w): (Vec<&String>, Vec<&String>) = (a.keys().collect(), w.keys().collect());
        if a != w {
            return Err(format!("columns differ: expected {w:?}, printed {a:?}"));
        }
    }
    let same = actual.len() == expected.len()
        && if ignore_order {
            let mut used = vec![false; expected.len()];
            actual.iter().all(|a| {
                let found = (0..expected.len()).find(|&j| !used[j] && row_matches(a, &expected[j]));
                found.map(|j| used[j] = true).is_some()
            })
        } else {
            actual.iter().zip(expected).all(|(a, w)| row_matches(a, w))
        };
    if same {
        return Ok(());
    }
    let show = |rows: &[Row]| {
        rows.iter()
            .take(5)
            .map(|r| J::Object(r.clone()).to_string())
            .collect::<Vec<_>>()
            .join("\n    ")
    };
    Err(format!(
        "rows differ ({} expected, {} printed)\n  expected: {}\n  printed:  {}",
        expected.len(),
        actual.len(),
        show(expected),
        show(actual)
    ))
}

/// Runs one query through the binary; the printed rows, or why there are none.
fn run_cli(query: &str, dir: &Path, data: &Path) -> Result<Vec<Row>, String> {
    let file = dir.join("case.esql");
    std::fs::write(&file, query).map_err(|e| e.to_string())?;
    let table = |name: &str| format!("{name}={}", data.join(format!("{name}.csv")).display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .arg("run")
        .arg(&file)
        .args(["--table", &table("employees"), "--table", &table("hosts")])
        .args(["--format", "json"])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("output is not rows: {e}"))
}

#[test]
fn the_csv_spec_cases_pass_through_the_command_line() {
    let data = Path::new(&common::shared_dir()).join("conformance/esql/data");
    let Some(cases) = load_cases("esql").filter(|_| data.is_dir()) else {
        println!("SKIP: ../shared/conformance/esql is absent");
        return;
    };
    let dir = std::env::temp_dir().join(format!("kqlc-esql-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
    let mut failures = Vec::new();
    for case in &cases {
        let ignore_order = case.esql_ignores_order();
        let outcome = run_cli(&case.query, &dir, &data)
            .and_then(|rows| compare(&rows, &case.expected, ignore_order));
        if let Err(why) = outcome {
            failures.push((case.name(), why));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let rate = pass_rate(
        "ES|QL conformance through `kqlc run`",
        &failures,
        cases.len(),
        1500,
    );
    assert!(
        rate >= MIN_PASS_RATE,
        "fewer than {:.0}% of the cases pass through the command line",
        MIN_PASS_RATE * 100.0
    );
}
