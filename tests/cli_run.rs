//! `kqlc run` end to end: output formats, exit codes, and a clear error for each class
//! of bad input (missing table, bad flag, unreadable or malformed file, runtime error).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;
use common::kqlc;

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kqlc-cli-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SEED000: &str = "corpus/rules/provisioning-failure-burst-single-job.yaml";
const BURST: &str = "AADProvisioningLogs=corpus/rules/provisioning-failure-burst-single-job.data/burst-fires/AADProvisioningLogs.jsonl";

#[test]
fn run_format_json_prints_exactly_one_array_of_row_objects_in_column_order() {
    let out = kqlc(&[
        "run",
        SEED000,
        "--table",
        BURST,
        "--now",
        "2026-06-01T12:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 2);
    let keys: Vec<&String> = rows[0].as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        [
            "JobId",
            "SPName",
            "Source",
            "Target",
            "Failures",
            "AffectedTargets",
            "ErrorCodes",
            "ErrorMessages",
            "Operations",
            "FirstSeen",
            "LastSeen"
        ]
    );
    assert_eq!(rows[0]["Failures"], 35);
    assert_eq!(rows[0]["LastSeen"], "2026-06-01T11:50:20.2500000Z");
}

#[test]
fn run_jsonl_and_csv_print_one_line_per_row() {
    let out = kqlc(&[
        "run",
        SEED000,
        "--table",
        BURST,
        "--now",
        "2026-06-01T12:00:00Z",
        "--format",
        "jsonl",
    ]);
    assert_eq!(text(&out.stdout).lines().count(), 2);
    let out = kqlc(&[
        "run",
        SEED000,
        "--table",
        BURST,
        "--now",
        "2026-06-01T12:00:00Z",
        "--format",
        "csv",
    ]);
    let csv = text(&out.stdout);
    assert!(
        csv.starts_with("JobId,SPName,Source,Target,Failures,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);
}

#[test]
fn a_table_not_given_is_an_error_naming_it_and_the_table_flag() {
    let out = kqlc(&["run", SEED000, "--now", "2026-06-01T12:00:00Z"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("unknown table `AADProvisioningLogs`"), "{err}");
    assert!(
        err.contains("--table AADProvisioningLogs=FILE.json"),
        "{err}"
    );
    // The diagnostic points into the YAML rule file, at the line of the query.
    assert!(
        err.contains("provisioning-failure-burst-single-job.yaml:31:"),
        "{err}"
    );
}

#[test]
fn a_malformed_table_flag_is_a_usage_error() {
    let out = kqlc(&["run", SEED000, "--table", "AADProvisioningLogs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is not NAME=FILE"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_unparsable_now_is_a_usage_error() {
    let out = kqlc(&["run", SEED000, "--table", BURST, "--now", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--now `yesterday` is not a datetime"));
}

#[test]
fn a_missing_query_file_is_an_input_error() {
    let out = kqlc(&["run", "no/such/rule.kql"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read 'no/such/rule.kql'"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_missing_table_file_is_an_input_error_naming_the_file() {
    let out = kqlc(&[
        "run",
        SEED000,
        "--table",
        "AADProvisioningLogs=no/such/file.jsonl",
        "--now",
        "2026-06-01T12:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no/such/file.jsonl"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_malformed_json_lines_file_is_reported_with_line_and_column() {
    let data = temp_file("bad.jsonl", "{\"x\": 1}\n{\"x\": 2,,}\n");
    let query = temp_file("q.kql", "T | where x > 0");
    let out = kqlc(&[
        "run",
        path(&query),
        "--table",
        &format!("T={}", path(&data)),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("bad.jsonl:2:"), "{err}");
}

#[test]
fn a_runtime_error_points_at_the_query_and_exits_one() {
    let query = temp_file("regex.kql", "print x = 'a' | where x matches regex '('");
    let out = kqlc(&["run", path(&query)]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("KQL303"), "{err}");
    assert!(err.contains("regex.kql:1:"), "{err}");
}

#[test]
fn standard_input_holds_the_query() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .args(["run", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("kqlc runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"print a = 1 + 1")
        .expect("write");
    let out = child.wait_with_output().expect("output");
    assert_eq!(
        text(&out.stdout).split_whitespace().collect::<String>(),
        r#"[{"a":2}]"#
    );
}

#[test]
fn a_watchlist_feeds_get_watchlist() {
    let list = temp_file(
        "allow.csv",
        "SearchKey,IPOrRange\n10.0.0.1,10.0.0.1\n10.1.0.0/16,10.1.0.0/16\n",
    );
    let query = temp_file("wl.kql", "_GetWatchlist('Allow') | project IPOrRange");
    let out = kqlc(&[
        "run",
        path(&query),
        "--watchlist",
        &format!("Allow={}", path(&list)),
        "--format",
        "csv",
    ]);
    assert_eq!(
        text(&out.stdout),
        "IPOrRange\n10.0.0.1\n10.1.0.0/16\n",
        "{}",
        text(&out.stderr)
    );
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}
