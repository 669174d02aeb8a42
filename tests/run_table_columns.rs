//! `kqlc check` and `kqlc run` agree on a table's columns: a built-in table has its
//! reference columns, the Log Analytics standard columns, the advanced hunting columns
//! of a Defender XDR table, and at run time also the columns present in the data.

use crate::common;

use common::kqlc;
use std::path::PathBuf;

fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("run_table_columns");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("scratch file");
    path
}

/// Runs `query` with `table` bound to a JSON Lines file of `rows`; `case` names the
/// scratch files (tests run in parallel).
fn run(case: &str, query: &str, table: &str, rows: &str) -> (i32, String, String) {
    let q = scratch(&format!("{case}.kql"), query);
    let data = scratch(&format!("{case}.jsonl"), rows);
    let out = kqlc(&[
        "run",
        q.to_str().unwrap(),
        "--table",
        &format!("{table}={}", data.display()),
        "--format",
        "csv",
    ]);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Defender advanced hunting names the event time `Timestamp`
/// (learn.microsoft.com/defender-xdr/advanced-hunting-deviceprocessevents-table).
#[test]
fn a_defender_hunting_query_reads_timestamp_from_an_export() {
    let query = "DeviceProcessEvents\n| where Timestamp > datetime(2026-01-01)\n| project Timestamp, FileName\n";
    let rows = "{\"Timestamp\":\"2026-02-01T00:00:00Z\",\"FileName\":\"a.exe\"}\n\
                {\"Timestamp\":\"2025-02-01T00:00:00Z\",\"FileName\":\"b.exe\"}\n";
    let (code, stdout, stderr) = run("timestamp", query, "DeviceProcessEvents", rows);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "Timestamp,FileName\n2026-02-01T00:00:00Z,a.exe\n");
    let q = scratch("timestamp_check.kql", query);
    let check = kqlc(&["check", q.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0));
}

/// Timestamp also exists when the export is empty: the schema has it.
#[test]
fn timestamp_exists_on_an_empty_defender_table() {
    let query = "DeviceNetworkEvents | where Timestamp > ago(1d) | count\n";
    let (code, stdout, stderr) = run("empty", query, "DeviceNetworkEvents", "");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "Count\n0\n");
}

/// A column newer than the built-in schema (a KQL211 warning for `check`) runs when the
/// export has it.
#[test]
fn a_column_present_in_the_data_joins_the_built_in_schema() {
    let query = "SigninLogs | where BrandNewColumn == 'x' | project UserPrincipalName\n";
    let rows = "{\"UserPrincipalName\":\"a@b.c\",\"BrandNewColumn\":\"x\"}\n\
                {\"UserPrincipalName\":\"d@b.c\",\"BrandNewColumn\":\"y\"}\n";
    let (code, stdout, stderr) = run("new_column", query, "SigninLogs", rows);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "UserPrincipalName\na@b.c\n");
}

/// The standard columns of every Log Analytics table
/// (learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns) can be read.
#[test]
fn standard_columns_can_be_read_from_any_built_in_table() {
    let query = "Syslog | project _ItemId, _ResourceId, _TimeReceived\n";
    let (code, stdout, stderr) = run("standard", query, "Syslog", "{\"_ItemId\":\"i1\"}\n");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "_ItemId,_ResourceId,_TimeReceived\ni1,,\n");
}

/// A column in neither the schema nor the data does not exist at run time.
#[test]
fn a_column_in_neither_schema_nor_data_is_unknown_at_run_time() {
    let query = "SigninLogs | project NoSuchColumnAnywhere\n";
    let (code, _, stderr) = run(
        "unknown",
        query,
        "SigninLogs",
        "{\"UserPrincipalName\":\"a\"}\n",
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("KQL202"), "{stderr}");
}

/// An empty export says nothing about which columns exist: a column newer than the
/// built-in schema (a KQL211 warning for `check`) is read as null, as `check` assumes.
#[test]
fn an_empty_export_of_a_built_in_table_accepts_columns_beyond_its_schema() {
    let query = "SigninLogs | where BrandNewColumn == 'x' | count\n";
    let (code, stdout, stderr) = run("empty_new_column", query, "SigninLogs", "");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "Count\n0\n");
}

/// A workspace function or ASIM parser called as a table reads the rows given for its
/// name (its definition lives in the workspace, not in the query).
#[test]
fn a_workspace_function_reads_the_rows_given_for_its_name() {
    let query = "imDns(starttime=ago(1d))\n| where DnsQuery has 'evil'\n| project DnsQuery\n";
    let rows = "{\"DnsQuery\":\"evil.example\"}\n{\"DnsQuery\":\"good.example\"}\n";
    let (code, stdout, stderr) = run("workspace_function", query, "imDns", rows);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "DnsQuery\nevil.example\n");
}

/// `arg("").Resources` (Azure Resource Graph, learn.microsoft.com/azure/azure-monitor/logs/azure-monitor-data-explorer-proxy)
/// reads the rows given for `Resources`.
#[test]
fn a_table_of_another_service_reads_the_rows_given_for_its_name() {
    let query = "arg(\"\").Resources\n| where type == 'vm'\n| project name\n";
    let rows = "{\"type\":\"vm\",\"name\":\"a\"}\n{\"type\":\"disk\",\"name\":\"b\"}\n";
    let (code, stdout, stderr) = run("cross_service", query, "Resources", rows);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "name\na\n");
}
