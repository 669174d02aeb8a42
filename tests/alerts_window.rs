//! The `queryPeriod` window of a Sentinel rule: the query sees only rows with
//! `now - queryPeriod <= TimeGenerated <= now` in every table with a TimeGenerated column
//! (Sentinel runs a scheduled rule's query over the time range [now - queryPeriod, now];
//! learn.microsoft.com/azure/sentinel/scheduled-rules-overview, "Query scheduling").

use kqlc::io::Format;
use kqlc::run::{run_kql_in_window, table_input, watchlist_input};
use kqlc::value::time::{TICKS_PER_HOUR, parse_datetime};
use std::path::PathBuf;
use std::process::Command;

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("kqlc-alerts-window-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Audit rows at the boundary (11:00:00), one second older, inside, at now and after now.
fn audit_rows(dir: &std::path::Path) -> PathBuf {
    let rows = [
        ("2026-06-01T10:59:59Z", "one second older than the window"),
        ("2026-06-01T11:00:00Z", "exactly at now - queryPeriod"),
        ("2026-06-01T11:30:00Z", "inside"),
        ("2026-06-01T12:00:00Z", "exactly at now"),
        ("2026-06-01T12:00:01Z", "after now"),
    ];
    let text: String = rows
        .iter()
        .map(|(t, op)| format!("{{\"TimeGenerated\": \"{t}\", \"OperationName\": \"{op}\"}}\n"))
        .collect();
    let path = dir.join("AuditLogs.jsonl");
    std::fs::write(&path, text).expect("rows");
    path
}

fn now() -> i64 {
    parse_datetime("2026-06-01T12:00:00Z").expect("now")
}

fn operations(query: &str, dir: &std::path::Path, period: Option<i64>) -> Vec<String> {
    let inputs = vec![table_input(
        "AuditLogs",
        vec![audit_rows(dir)],
        Format::Auto,
    )];
    let table = run_kql_in_window(query, inputs, now(), period)
        .unwrap_or_else(|e| panic!("the query runs: {e:?}"));
    table.rows.iter().map(|r| r[0].to_kusto_string()).collect()
}

#[test]
fn the_boundary_row_is_visible_and_one_a_second_older_is_not() {
    let dir = temp_dir("boundary");
    let seen = operations(
        "AuditLogs | project OperationName",
        &dir,
        Some(TICKS_PER_HOUR),
    );
    assert_eq!(
        seen,
        ["exactly at now - queryPeriod", "inside", "exactly at now"]
    );
}

#[test]
fn without_a_query_period_every_row_is_visible() {
    let dir = temp_dir("unbounded");
    assert_eq!(
        operations("AuditLogs | project OperationName", &dir, None).len(),
        5
    );
}

#[test]
fn the_window_applies_when_the_query_never_names_time_generated() {
    let dir = temp_dir("pushdown");
    let seen = operations(
        "AuditLogs | count | project tostring(Count)",
        &dir,
        Some(TICKS_PER_HOUR),
    );
    assert_eq!(seen, ["3"]);
}

#[test]
fn the_window_applies_to_every_scan_of_the_table() {
    let dir = temp_dir("union");
    let seen = operations(
        "union AuditLogs, (AuditLogs | where OperationName == 'inside') | count | project tostring(Count)",
        &dir,
        Some(TICKS_PER_HOUR),
    );
    assert_eq!(seen, ["4"]);
}

#[test]
fn a_watchlist_without_time_generated_is_not_filtered() {
    let dir = temp_dir("watchlist");
    let list = dir.join("list.csv");
    std::fs::write(&list, "Name\nalpha\nbeta\n").expect("watchlist");
    let inputs = vec![
        table_input("AuditLogs", vec![audit_rows(&dir)], Format::Auto),
        watchlist_input("L", vec![list]),
    ];
    let table = run_kql_in_window(
        "_GetWatchlist('L') | count",
        inputs,
        now(),
        Some(TICKS_PER_HOUR),
    )
    .unwrap_or_else(|e| panic!("runs: {e:?}"));
    assert_eq!(table.rows[0][0].as_i64(), Some(2));
}

#[test]
fn kqlc_run_applies_the_rules_query_period_unless_told_not_to() {
    let dir = temp_dir("cli");
    let rows = audit_rows(&dir);
    let rule = dir.join("rule.yaml");
    std::fs::write(
        &rule,
        "name: Window\nqueryPeriod: 1h\nquery: |\n  AuditLogs | project OperationName\n",
    )
    .expect("rule");
    let run = |extra: &[&str]| {
        let table = format!("AuditLogs={}", rows.display());
        let mut args = vec![
            "run",
            rule.to_str().expect("utf-8 path"),
            "--table",
            &table,
            "--now",
            "2026-06-01T12:00:00Z",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = Command::new(env!("CARGO_BIN_EXE_kqlc"))
            .args(&args)
            .output()
            .expect("kqlc runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        rows.as_array().map_or(0, Vec::len)
    };
    assert_eq!(run(&[]), 3);
    assert_eq!(run(&["--ignore-query-period"]), 5);
}
