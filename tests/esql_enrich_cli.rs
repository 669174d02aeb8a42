//! `kqlc run QUERY.esql --enrich-policy NAME=FILE`: ENRICH reads its policy from a
//! local JSON file (`match_field`, `enrich_fields`, `rows`); a policy the query needs
//! but no flag gives is a usage error (exit 2) naming it; a malformed policy or document
//! file is an input error (exit 2) at its file, line and column.

use std::path::PathBuf;

use crate::common;
use common::kqlc;

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("kqlc-esql-enrich-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path.to_string_lossy().into_owned()
}

const QUERY: &str = "FROM logs-web | ENRICH owners ON host.name WITH team | KEEP host.name, team | SORT host.name\n";
const DOCS: &str = "{\"host\": {\"name\": \"web-1\"}}\n{\"host\": {\"name\": \"web-2\"}}\n";
const POLICY: &str = r#"{"match_field": "host.name", "enrich_fields": ["team"],
  "rows": [{"host": {"name": "web-1"}, "team": "blue"}]}"#;

#[test]
fn enrich_policy_file_adds_its_fields_to_matching_rows() {
    let query = temp_file("enrich.esql", QUERY);
    let docs = temp_file("docs.ndjson", DOCS);
    let policy = temp_file("owners.json", POLICY);
    let out = kqlc(&[
        "run",
        &query,
        "--table",
        &format!("logs-web={docs}"),
        "--enrich-policy",
        &format!("owners={policy}"),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        rows,
        serde_json::json!([
            {"host.name": "web-1", "team": "blue"},
            {"host.name": "web-2", "team": null}
        ])
    );
}

#[test]
fn a_missing_enrich_policy_is_a_usage_error_naming_it() {
    let query = temp_file("enrich-missing.esql", QUERY);
    let docs = temp_file("docs2.ndjson", DOCS);
    let out = kqlc(&["run", &query, "--table", &format!("logs-web={docs}")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("owners") && err.contains("--enrich-policy"),
        "{err}"
    );
}

#[test]
fn a_malformed_policy_file_is_an_input_error_naming_the_file_and_line() {
    let query = temp_file("q-bad-policy.esql", "row a = \"1\"\n| enrich p on a\n");
    let policy = temp_file("bad-policy.json", "{\"match_field\": \"a\", \"rows\": [\n");
    let out = kqlc(&["run", &query, "--enrich-policy", &format!("p={policy}")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with(&format!("error: {policy}:")), "{err}");
    assert!(err.contains("not a policy JSON"), "{err}");
    assert!(
        err.contains("match_field"),
        "the hint shows the format: {err}"
    );
}

#[test]
fn a_malformed_document_file_is_an_input_error_at_its_line_and_column() {
    let query = temp_file("q-bad-docs.esql", "from logs-*\n| keep a\n");
    let good = temp_file("good-docs.ndjson", "{\"a\": 1}\n");
    let bad = temp_file("bad-docs.ndjson", "{\"a\": 1}\n{\"a\": 2,}\n");
    let out = kqlc(&[
        "run",
        &query,
        "--table",
        &format!("logs-x={good}"),
        "--table",
        &format!("logs-x={bad}"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("error: {bad}:2:9: trailing comma")),
        "{err}"
    );
    assert!(err.contains("JSON Lines"), "{err}");
}
