//! Every ES|QL conformance case (`../shared/conformance/esql/`, Elasticsearch's
//! csv-spec tests, read at test time) translated to KQL by `kqlc translate`, and the
//! KQL run by kqlc's KQL engine on the same `employees`/`hosts` rows given as JSON
//! Lines documents (as Elasticsearch's harness loads the CSV: multi-values as arrays,
//! dotted names such as `languages.long` as flat keys, a null as an absent field),
//! must return the expected rows. The pass rate may not fall below the floor.

use crate::common;

use common::conformance::{compare, load_cases, pass_rate, run_error_text};
use kqlc::io::Format;
use kqlc::run::{run_kql, table_input};
use kqlc::source::Language;
use kqlc::syntax::esql::lower::csv_data::typed_csv_table;
use kqlc::translate::{self, Target};
use std::path::{Path, PathBuf};

/// The measured pass rate this suite must keep (a ratchet).
/// Raised to what was reached: 230 of 302 cases (76.2%).
const MIN_PASS_RATE: f64 = 0.76;

/// Writes `employees`/`hosts` as JSON Lines files in `dir`; the (name, file) pairs.
fn datasets(dir: &Path) -> Vec<(String, PathBuf)> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/esql/data");
    let mut out = Vec::new();
    for name in ["employees", "hosts"] {
        let text = std::fs::read_to_string(data.join(format!("{name}.csv"))).unwrap_or_default();
        let table = match typed_csv_table(&text) {
            Ok(t) => t,
            Err(e) => {
                println!("notice: {name}.csv could not be read: {e}");
                continue;
            }
        };
        let mut lines = String::new();
        for row in &table.rows {
            let doc: serde_json::Map<String, serde_json::Value> = table
                .row_object(row)
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .collect();
            lines.push_str(&serde_json::Value::Object(doc).to_string());
            lines.push('\n');
        }
        let path = dir.join(format!("{name}.jsonl"));
        if std::fs::write(&path, lines).is_ok() {
            out.push((name.to_string(), path));
        }
    }
    out
}

/// The KQL of an ES|QL query, or the findings that stop its translation.
fn to_kql(query: &str) -> Result<String, String> {
    translate::compile::compile(query, Language::Esql)
        .and_then(|plan| translate::translate(&plan, Target::Kql))
        .map_err(|findings| {
            findings
                .iter()
                .map(|d| format!("{}: {}", d.code.id(), d.message))
                .collect::<Vec<_>>()
                .join("; ")
        })
}

fn run(kql: &str, data: &[(String, PathBuf)]) -> Result<kqlc::value::Table, String> {
    let inputs = data
        .iter()
        .map(|(name, path)| table_input(name, vec![path.clone()], Format::JsonLines))
        .collect();
    run_kql(kql, inputs, 0).map_err(run_error_text)
}

#[test]
fn esql_conformance_cases_translated_to_kql_return_the_expected_rows() {
    let Some(cases) = load_cases("esql") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("kqlc-translate-esql-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let data = datasets(&dir);
    let mut failures = Vec::new();
    for case in &cases {
        let ignore_order = case.esql_ignores_order();
        let outcome = std::panic::catch_unwind(|| {
            let kql = to_kql(&case.query).map_err(|f| format!("not translated: {f}"))?;
            run(&kql, &data)
                .and_then(|t| compare(&t, &case.expected, ignore_order))
                .map_err(|why| format!("{why}\n  KQL: {}", kql.replace('\n', " ")))
        })
        .unwrap_or_else(|_| Err("PANIC".into()));
        if let Err(why) = outcome {
            failures.push((case.name(), why));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let rate = pass_rate("ES|QL to KQL conformance", &failures, cases.len(), 1500);
    assert!(
        rate >= MIN_PASS_RATE,
        "ES|QL to KQL conformance fell below {:.0}%",
        MIN_PASS_RATE * 100.0
    );
}
