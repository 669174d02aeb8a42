//! The seed rules through `kqlc translate`, proved by running: the KQL seed 000
//! translated to ES|QL and run by kqlc's ES|QL engine on each sample case of
//! `corpus/rules/` returns the case's hand-checked rows; the ES|QL seed 002 translated
//! to KQL and run by kqlc's KQL engine on its documents (flattened to dotted column
//! names, as the README states) likewise. Seeds 001 and 004 use what ES|QL cannot
//! express (a materialized subquery, an `innerunique` join), so their translation is
//! refused with a finding at that construct.

use kqlc::io::Format;
use kqlc::run::{RunError, run_esql, run_kql, table_input};
use kqlc::testing::case_file::TestCase;
use kqlc::testing::compare::{Expectation, compare};
use kqlc::testing::runner::load_test_file;
use kqlc::translate::{self, Target};
use kqlc::value::{Table, Value, time};
use std::path::{Path, PathBuf};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/rules")
}

fn messages(e: RunError) -> String {
    match e {
        RunError::Query(d) => d
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
        RunError::Io(e) => e.to_string(),
        RunError::Engine(e) => e.message,
    }
}

/// The translation of a rule's query, or the findings' messages.
fn translated(query: &str, language: kqlc::source::Language, to: Target) -> Result<String, String> {
    translate::compile::compile(query, language)
        .and_then(|plan| translate::translate(&plan, to))
        .map_err(|f| {
            f.iter()
                .map(|d| format!("{} {}", d.code.id(), d.message))
                .collect::<Vec<_>>()
                .join("; ")
        })
}

/// ES|QL has no one-element multi-value: a set column's single value is a set of one.
fn as_sets(mut table: Table, columns: &[String]) -> Table {
    for (i, c) in table.columns.clone().iter().enumerate() {
        if !columns.contains(&c.name) {
            continue;
        }
        for row in &mut table.rows {
            if !matches!(&row[i], Value::Dynamic(d) if d.is_array()) && !row[i].is_null() {
                row[i] = Value::dynamic(serde_json::Value::Array(vec![row[i].to_json()]));
            }
            table.columns[i].ty = kqlc::value::Type::Dynamic;
        }
    }
    table
}

fn expect_rows(table: &Table, case: &TestCase) -> Result<(), String> {
    let rows = case.expect.rows.clone().unwrap_or_default();
    compare(
        &as_sets(table.clone(), &case.expect.set_columns),
        &Expectation {
            columns: case.expect.columns.as_deref(),
            rows: &rows,
            ordered: case.expect.ordered,
            set_columns: &case.expect.set_columns,
            partial: case.expect.partial_columns,
        },
    )
}

fn now_of(file_now: &Option<String>, case: &TestCase) -> i64 {
    case.now
        .as_ref()
        .or(file_now.as_ref())
        .and_then(|t| time::parse_datetime(t))
        .unwrap_or(0)
}

#[test]
fn seed_000_translated_to_esql_returns_the_hand_checked_rows_of_every_case() {
    let test = rules_dir().join("provisioning-failure-burst-single-job.test.yaml");
    let (file, rule, dir) = load_test_file(&test).expect("the seed's test file loads");
    let esql = translated(&rule.query, rule.language, Target::Esql).expect("seed 000 translates");
    println!("{esql}");
    for case in &file.cases {
        let indices: Vec<(String, Vec<PathBuf>)> = case
            .tables
            .iter()
            .map(|(name, v)| {
                (
                    name.clone(),
                    TestCase::files(v).iter().map(|f| dir.join(f)).collect(),
                )
            })
            .collect();
        let table = run_esql(&esql, &indices, now_of(&file.now, case))
            .unwrap_or_else(|e| panic!("{}: the ES|QL fails: {}", case.name, messages(e)));
        if let Err(why) = expect_rows(&table, case) {
            panic!("{}: {why}", case.name);
        }
    }
}

/// A document with nested objects as one object of dotted keys (`{"a": {"b": 1}}` →
/// `{"a.b": 1}`), the flat columns a translated ES|QL query reads.
fn flattened(
    doc: &serde_json::Value,
    prefix: &str,
    out: &mut serde_json::Map<String, serde_json::Value>,
) {
    match doc {
        serde_json::Value::Object(fields) => {
            for (k, v) in fields {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flattened(v, &key, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

#[test]
fn seed_002_translated_to_kql_returns_the_hand_checked_rows_of_every_case() {
    let test = rules_dir().join("azure-ad-graph-4xx-ratio.test.yaml");
    let (file, rule, dir) = load_test_file(&test).expect("the seed's test file loads");
    let kql = translated(&rule.query, rule.language, Target::Kql).expect("seed 002 translates");
    println!("{kql}");
    let table_name = "logs-azure.aadgraphactivitylogs-*";
    let tmp = std::env::temp_dir().join(format!("kqlc-seed-002-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&tmp);
    for (n, case) in file.cases.iter().enumerate() {
        if case.expect.rows.is_none() {
            continue;
        }
        let mut lines = String::new();
        for files in case.tables.values() {
            for f in TestCase::files(files) {
                let text = std::fs::read_to_string(dir.join(&f)).unwrap_or_default();
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    let doc: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
                    let mut flat = serde_json::Map::new();
                    flattened(&doc, "", &mut flat);
                    lines.push_str(&serde_json::Value::Object(flat).to_string());
                    lines.push('\n');
                }
            }
        }
        let path = tmp.join(format!("case{n}.jsonl"));
        std::fs::write(&path, lines).expect("the temporary directory is writable");
        let input = table_input(table_name, vec![path], Format::JsonLines);
        // The cases with their own "now" test the rule's look-back (`from = "now-8h"`),
        // which is the rule's, not the query's: the query alone sees every document.
        if case.now.is_some() {
            continue;
        }
        let table = run_kql(&kql, vec![input], now_of(&file.now, case))
            .unwrap_or_else(|e| panic!("{}: the KQL fails: {}", case.name, messages(e)));
        if let Err(why) = expect_rows(&table, case) {
            panic!("{}: {why}", case.name);
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn seed_001_is_refused_at_its_materialized_subquery() {
    let test =
        rules_dir().join("workload-identity-multiple-sps-created-by-single-principal.test.yaml");
    let (_, rule, _) = load_test_file(&test).expect("the seed's test file loads");
    let why =
        translated(&rule.query, rule.language, Target::Esql).expect_err("seed 001 is refused");
    assert!(why.contains("TRN001"), "{why}");
}

#[test]
fn seed_004_is_refused_at_its_innerunique_join() {
    let test = rules_dir().join("new-pa-pca-or-pcas-added-to-azure-devops.test.yaml");
    let (_, rule, _) = load_test_file(&test).expect("the seed's test file loads");
    let why =
        translated(&rule.query, rule.language, Target::Esql).expect_err("seed 004 is refused");
    assert!(why.contains("TRN001") && why.contains("join"), "{why}");
}
