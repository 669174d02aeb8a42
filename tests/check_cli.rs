//! `kqlc check` options of the checker as a user runs them: `--schema` closes a table
//! kqlc has no schema for, `--strict` turns assumed workspace functions into errors,
//! and exit codes follow the findings.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kqlc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("kqlc runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("check_cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_table_without_schema_is_open_until_schema_gives_its_columns() {
    let dir = scratch("schema");
    let query = write(&dir, "q.kql", "Bitglass\n| where EventTyp == 'access'\n");
    let open = kqlc(&["check", &query]);
    assert_eq!(open.status.code(), Some(0), "{}", stdout(&open));
    assert!(stdout(&open).contains("KQL210"));
    let schema = write(&dir, "bitglass.schema", "EventType:string\nUser:string\n");
    let closed = kqlc(&["check", "--schema", &format!("Bitglass={schema}"), &query]);
    assert_eq!(closed.status.code(), Some(1));
    let out = stdout(&closed);
    assert!(
        out.contains("KQL202") && out.contains("did you mean `EventType`?"),
        "{out}"
    );
}

#[test]
fn strict_makes_assumed_workspace_functions_errors() {
    let dir = scratch("strict");
    let query = write(&dir, "q.kql", "_Im_Dns(starttime=ago(1h))\n| take 5\n");
    assert_eq!(kqlc(&["check", &query]).status.code(), Some(0));
    let strict = kqlc(&["check", "--strict", &query]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stdout(&strict).contains("error[KQL208]"));
}

#[test]
fn a_malformed_schema_option_is_an_input_error() {
    let out = kqlc(&["check", "--schema", "NoEqualsSign", "x.kql"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_format_lists_checker_findings_with_codes() {
    let dir = scratch("json");
    let query = write(&dir, "q.kql", "AuditLogs\n| where OperationNmae == 'x'\n");
    let out = kqlc(&["check", "--format", "json", &query]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(json.to_string().contains("KQL202"));
}

#[test]
fn a_schema_folder_gives_each_table_named_by_its_file() {
    let dir = scratch("folder");
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(&schemas).expect("mkdir");
    write(&schemas, "Bitglass.schema", "EventType:string\n");
    let query = write(&dir, "q.kql", "Bitglass\n| where EventTyp == 'access'\n");
    let out = kqlc(&["check", "--schema", &schemas.display().to_string(), &query]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("did you mean `EventType`?"));
}
