//! `kqlc check` end to end through the KQL parser. These tests assert exact behaviour
//! that needs the real parser (`kqlc::syntax::kql::parse`): they fail while the parser is
//! the placeholder that reports `KQL206` for every query, and pass once it lands.
//! The integrator runs them after merging the parser and this branch.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn kqlc_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn kqlc(args: &[&str]) -> Output {
    kqlc_with_stdin(args, b"")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn scratch_file(test: &str, name: &str, content: &str) -> String {
    let dir: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_check_parser")
        .join(test);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

#[test]
fn the_bundled_rules_are_syntactically_clean() {
    // 15 KQL rules (.yaml, .kql) and seed 002 as an Elastic TOML rule.
    let out = kqlc(&["check", "--syntax-only", "corpus/rules"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "checked 16 files: 0 errors, 0 warnings\n"
    );
    assert_eq!(out.status.code(), Some(0));
    let as_json = kqlc(&["check", "--syntax-only", "--format", "json", "corpus/rules"]);
    assert_eq!(json(&as_json), serde_json::json!([]));
}

#[test]
fn a_valid_query_on_standard_input_exits_0() {
    let out = kqlc_with_stdin(
        &["check", "--syntax-only", "-"],
        b"SigninLogs | where ResultType == 0 | take 5\n",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "checked 1 file: 0 errors, 0 warnings\n"
    );
}

#[test]
fn an_unterminated_string_in_a_yaml_rule_points_at_the_yaml_line_and_column() {
    let text = "name: Demo\nquery: |\n  SigninLogs\n  | where UserPrincipalName == \"admin@contoso.com\n  | take 5\n";
    let path = scratch_file("unterminated", "rule.yaml", text);
    let out = kqlc(&["check", "--syntax-only", "--format", "json", &path]);
    assert_eq!(out.status.code(), Some(1));
    let findings = json(&out);
    let finding = &findings[0];
    assert_eq!(finding["code"], "KQL002");
    assert_eq!(finding["line"], 4);
    assert_eq!(
        finding["column"], 32,
        "the column of the opening quote in the YAML file"
    );
    assert_eq!(finding["start"], text.find('"').unwrap());
}

#[test]
fn an_unknown_operator_in_a_yaml_rule_points_at_the_yaml_line_and_column() {
    let text = "name: Demo\nquery: |\n  SigninLogs\n  | wher ResultType == 0\n";
    let path = scratch_file("unknown_operator", "rule.yaml", text);
    let out = kqlc(&["check", "--syntax-only", "--format", "json", &path]);
    assert_eq!(out.status.code(), Some(1));
    let finding = &json(&out)[0];
    assert_eq!(finding["code"], "KQL004");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(4), Some(5))
    );
    assert_eq!(
        (finding["end_line"].as_u64(), finding["end_column"].as_u64()),
        (Some(4), Some(9))
    );
}

#[test]
fn a_syntax_error_is_drawn_on_the_yaml_files_own_line() {
    let text = "name: Demo\nquery: |\n  SigninLogs\n  | wher ResultType == 0\n";
    let path = scratch_file("human", "rule.yaml", text);
    let out = kqlc(&["check", "--syntax-only", &path]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.starts_with("error[KQL004]: "), "{shown}");
    assert!(shown.contains(&format!("╭─[ {path}:4:5 ]")), "{shown}");
    assert!(shown.contains(" 4 │   | wher ResultType == 0\n"), "{shown}");
}
