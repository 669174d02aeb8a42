//! `kqlc check` and `kqlc run` on ES|QL as a user runs them: exit codes (0 clean,
//! 1 findings, 2 bad input), Elastic TOML rules mapped to their own lines, rules in
//! other Elastic languages, `--language` and the choice of language for standard input.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn kqlc_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kqlc starts");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin).expect("stdin is written");
    }
    child.wait_with_output().expect("kqlc ends")
}

fn kqlc(args: &[&str]) -> Output {
    kqlc_with_stdin(args, b"")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(output)))
}

/// Writes `content` to a fresh file `name` of the test's own folder; returns its path.
fn file(test: &str, name: &str, content: &[u8]) -> String {
    let dir: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("esql_check_cli")
        .join(test);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("scratch file");
    path.display().to_string()
}

const VALID: &[u8] = b"FROM logs-*\n| WHERE event.action == \"x\"\n| STATS c = count(*) BY host.name\n| WHERE c > 1\n";
const TYPO: &[u8] = b"FROM logs-*\n| STATS c = count(*) BY host.name\n| WHERE cc > 1\n";

#[test]
fn a_valid_esql_file_exits_0() {
    let out = kqlc(&["check", &file("valid", "q.esql", VALID)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stderr(&out), "checked 1 file: 0 errors, 0 warnings\n");
}

#[test]
fn the_seed_002_toml_rule_checks_clean() {
    let out = kqlc(&["check", "corpus/rules/azure-ad-graph-4xx-ratio.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn an_esql_file_with_an_error_exits_1() {
    let out = kqlc(&["check", &file("typo", "q.esql", TYPO)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[ESQL201]: unknown column `cc`"));
}

#[test]
fn a_toml_rule_error_is_reported_at_the_toml_line_and_column() {
    let rule = b"[rule]\nlanguage = \"esql\"\nquery = \"\"\"\nfrom logs-*\n| stats c = count(*) by user.name\n| where cc > 1\n\"\"\"\n";
    let out = kqlc(&["check", "--format", "json", &file("toml", "r.toml", rule)]);
    assert_eq!(out.status.code(), Some(1));
    let findings = json(&out);
    assert_eq!(findings[0]["code"], "ESQL201");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(6), Some(9))
    );
    assert_eq!(findings[0]["help"], "did you mean `c`?");
}

#[test]
fn a_binary_file_exits_2() {
    let out = kqlc(&["check", &file("binary", "q.esql", b"FROM \x00\x01 logs\n")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("KQL103"));
}

#[test]
fn a_missing_file_exits_2() {
    let out = kqlc(&["check", "no/such/rule.esql"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_toml_rule_without_query_exits_1() {
    let out = kqlc(&[
        "check",
        &file("no_query", "r.toml", b"[rule]\nlanguage = \"esql\"\n"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("KQL102"));
}

/// A rules folder of Elastic's repository mixes languages: a `kuery` or `eql` rule is
/// not an error of the user's, so it is a warning (exit 0) that says it was not checked.
#[test]
fn a_toml_rule_in_another_elastic_language_is_a_warning_not_a_failure() {
    for language in ["kuery", "eql"] {
        let rule = format!(
            "[rule]\nlanguage = \"{language}\"\nquery = '''\nprocess where process.name == \"cmd.exe\"\n'''\n"
        );
        let out = kqlc(&["check", &file(language, "r.toml", rule.as_bytes())]);
        assert_eq!(out.status.code(), Some(0), "{language}");
        let text = stdout(&out);
        assert!(text.contains("warning[ESQL101]"), "{text}");
        assert!(
            text.contains(&format!("language is `{language}`, not checked")),
            "{text}"
        );
    }
}

#[test]
fn language_esql_checks_a_txt_file_as_esql() {
    let path = file("language_esql", "q.txt", VALID);
    assert_eq!(
        kqlc(&["check", &path]).status.code(),
        Some(1),
        "KQL by default"
    );
    let out = kqlc(&["check", "--language", "esql", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn language_kql_checks_an_esql_file_as_kql() {
    let path = file(
        "language_kql",
        "q.esql",
        b"SigninLogs\n| where ResultType == \"50126\"\n",
    );
    assert_eq!(
        kqlc(&["check", &path]).status.code(),
        Some(1),
        "ES|QL by extension"
    );
    let out = kqlc(&["check", "--language", "kql", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn stdin_starting_with_from_is_checked_as_esql_and_says_so() {
    let out = kqlc_with_stdin(
        &["check", "-"],
        b"// hunting query\nfrom logs-* | limit 1\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with("note: standard input starts with FROM or ROW: read as ES|QL")
    );
    let quiet = kqlc_with_stdin(&["check", "-q", "-"], b"ROW a = 1\n");
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn stdin_not_starting_with_from_or_row_is_kql() {
    let out = kqlc_with_stdin(&["check", "-"], b"SigninLogs | take 1\n");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stderr(&out).contains("ES|QL"));
    let forced = kqlc_with_stdin(&["check", "--language", "kql", "-"], b"from logs-*\n");
    assert_eq!(forced.status.code(), Some(1));
    assert!(stdout(&forced).contains("this looks like ES|QL; use a .esql file or --language esql"));
}

#[test]
fn run_takes_language_for_a_txt_query() {
    let path = file(
        "run_language",
        "q.txt",
        b"ROW a = 1, b = \"x\"\n| EVAL c = a + 1\n",
    );
    let out = kqlc(&["run", "--language", "esql", "--format", "json", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out), serde_json::json!([{"a": 1, "b": "x", "c": 2}]));
    let as_kql = kqlc(&["run", &path]);
    assert_eq!(as_kql.status.code(), Some(1));
    assert!(stderr(&as_kql).contains("this looks like ES|QL"));
}

#[test]
fn run_reads_esql_from_stdin_when_it_starts_with_row() {
    let out = kqlc_with_stdin(
        &["run", "--format", "json", "-"],
        b"row x = 2\n| eval y = x * 3\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out), serde_json::json!([{"x": 2, "y": 6}]));
    assert!(stderr(&out).contains("read as ES|QL"));
}
