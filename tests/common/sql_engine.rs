//! Running translated SQL in a real engine (DuckDB or Spark through their Python
//! packages, installed with `pip install --user` when missing) and reading the rows
//! back as a kqlc table of the plan's column types.

use kqlc::value::{Column, Table};
use serde_json::Value as J;
use std::io::Write;
use std::process::{Command, Stdio};

/// The outcome of one query: its rows as a table, or the engine's error.
pub type Outcome = Result<Table, String>;

/// Runs every query in ONE engine process; `None` (after a `SKIP` notice) when the
/// engine's Python package cannot be had.
pub fn run_batch(engine: &str, queries: &[(String, Vec<Column>)]) -> Option<Vec<Outcome>> {
    let package = if engine == "duckdb" {
        "duckdb"
    } else {
        "pyspark"
    };
    let texts: Vec<&str> = queries.iter().map(|(q, _)| q.as_str()).collect();
    let request = serde_json::json!({ "engine": engine, "queries": texts }).to_string();
    let mut answer = call_runner(&request);
    if matches!(answer, Err(3)) {
        let _ = Command::new("python3")
            .args(["-m", "pip", "install", "--user", "--quiet", package])
            .status();
        answer = call_runner(&request);
    }
    let text = match answer {
        Ok(text) => text,
        Err(code) => {
            println!(
                "SKIP: the {engine} runner failed (exit {code}); `pip install --user {package}` (and Java 17 for Spark) is needed"
            );
            return None;
        }
    };
    let results: Vec<J> = serde_json::from_str(&text).ok()?;
    Some(
        results
            .iter()
            .zip(queries)
            .map(|(r, (_, schema))| match r.get("error") {
                Some(e) => Err(format!("{engine}: {}", e.as_str().unwrap_or_default())),
                None => to_table(schema, r),
            })
            .collect(),
    )
}

fn call_runner(request: &str) -> Result<String, i32> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/sql_runner.py");
    let mut child = Command::new("python3")
        .arg(script)
        .env("TZ", "UTC")
        .env(super::TEST_JVM_OPTIONS.0, super::TEST_JVM_OPTIONS.1)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| 127)?;
    let mut stdin = child.stdin.take().ok_or(127)?;
    let request = request.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let out = child.wait_with_output().map_err(|_| 127)?;
    let _ = writer.join();
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(out.status.code().unwrap_or(1))
    }
}

/// The engine's rows as a table with the plan's columns (matched by position).
fn to_table(schema: &[Column], result: &J) -> Outcome {
    let rows = result.get("rows").and_then(J::as_array).ok_or("no rows")?;
    kqlc::spark::cells::table(schema, rows)
}

/// Translates every KQL conformance case to `dialect`, runs them all in `engine`, and
/// compares with the expected rows as `conformance_kql` does; prints the failures and
/// untranslated cases (with the finding) and returns the pass rate (`None`: skipped).
pub fn conformance_rate(engine: &str, dialect: kqlc::translate::Dialect) -> Option<f64> {
    use super::conformance::{compare, load_cases, pass_rate};
    use kqlc::source::Language;
    use kqlc::translate::{Target, compile::compile, translate};
    let cases = load_cases("kql")?;
    let mut failures = Vec::new();
    let mut batch = Vec::new();
    let mut batched = Vec::new();
    for case in &cases {
        let plan = match compile(&case.query, Language::Kql) {
            Ok(plan) => plan,
            Err(d) => {
                failures.push((case.name(), format!("does not compile: {}", findings(&d))));
                continue;
            }
        };
        match translate(&plan, Target::Sql(dialect)) {
            Ok(sql) => {
                batch.push((sql, plan.root.schema.clone()));
                batched.push(case);
            }
            Err(d) => failures.push((case.name(), format!("untranslated: {}", findings(&d)))),
        }
    }
    let outcomes = run_batch(engine, &batch)?;
    for ((case, outcome), (sql, _)) in batched.iter().zip(outcomes).zip(&batch) {
        let ignore_order = case.header("ignore_order") == Some("true");
        if let Err(why) = outcome.and_then(|t| compare(&t, &case.expected, ignore_order)) {
            let sql = if std::env::var_os("KQLC_SHOW_SQL").is_some() {
                format!("\n{sql}")
            } else {
                String::new()
            };
            failures.push((case.name(), format!("{why}{sql}")));
        }
    }
    failures.sort();
    let shown = if std::env::var_os("KQLC_SHOW_SQL").is_some() {
        100_000
    } else {
        400
    };
    Some(pass_rate(
        &format!("KQL conformance on {engine}"),
        &failures,
        cases.len(),
        shown,
    ))
}

fn findings(d: &[kqlc::diagnostic::Diagnostic]) -> String {
    d.iter()
        .map(|d| format!("{} {}", d.code.id(), d.message))
        .collect::<Vec<_>>()
        .join("; ")
}
