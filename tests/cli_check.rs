//! `kqlc check` as a user runs it: exit codes, output formats, standard input and
//! directory walking. These cases need no KQL parser (rule-file and input errors);
//! the cases that depend on the parser are in `cli_check_parser.rs`.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn kqlc(args: &[&str]) -> Output {
    kqlc_with_stdin(args, b"")
}

fn kqlc_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(output)))
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_check")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, content: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

const NO_QUERY: &[u8] = b"id: 1\nname: a rule without its query\n";

#[test]
fn a_missing_file_exits_2_with_an_error_and_a_hint() {
    let out = kqlc(&["check", "no/such/rule.kql"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error: cannot read 'no/such/rule.kql': No such file or directory\n"),
        "{err}"
    );
    assert!(err.contains("\n  help: "), "{err}");
}

#[test]
fn a_binary_file_exits_2_with_kql103() {
    let dir = scratch("binary");
    let path = write(&dir, "rule.kql", b"T | take\x00\x01\x02");
    let out = kqlc(&["check", &path]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("error[KQL103]: '{path}' is not UTF-8 text")),
        "{text}"
    );
}

#[test]
fn a_yaml_rule_without_query_exits_1_with_kql102() {
    let dir = scratch("no_query");
    let path = write(&dir, "rule.yaml", NO_QUERY);
    let out = kqlc(&["check", "--format", "json", &path]);
    assert_eq!(out.status.code(), Some(1));
    let findings = json(&out);
    assert_eq!(findings[0]["code"], "KQL102");
    assert_eq!(findings[0]["name"], "rule-missing-query");
    assert_eq!(findings.as_array().map(Vec::len), Some(1));
}

#[test]
fn invalid_yaml_exits_1_with_kql101_at_the_yaml_line() {
    let dir = scratch("invalid_yaml");
    let path = write(
        &dir,
        "rule.yml",
        b"name: x\nquery: |\n  T\ntactics: [a, b\n",
    );
    let out = kqlc(&["check", "--format", "json", &path]);
    assert_eq!(out.status.code(), Some(1));
    let finding = &json(&out)[0];
    assert_eq!(finding["code"], "KQL101");
    assert!(finding["line"].as_u64().unwrap() >= 4, "{finding}");
}

#[test]
fn a_directory_without_rule_files_exits_2() {
    let dir = scratch("empty_dir");
    write(&dir, "notes.md", b"# not a rule");
    let out = kqlc(&["check", &dir.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error: no rule files in directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(kqlc(&["check"]).status.code(), Some(2));
    assert_eq!(
        kqlc(&["check", "--format", "xml", "x.kql"]).status.code(),
        Some(2)
    );
    assert_eq!(kqlc(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn input_errors_win_over_findings() {
    let dir = scratch("mixed");
    let path = write(&dir, "rule.yaml", NO_QUERY);
    let out = kqlc(&["check", &path, "missing.kql"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("error[KQL102]"));
}

#[test]
fn directories_are_walked_recursively_in_sorted_order_for_rule_extensions() {
    let dir = scratch("walk");
    for name in [
        "b.yaml",
        "a/z.yml",
        "a/c.kql",
        "d.csl",
        "e.CSL",
        "notes.md",
        "x.json",
        ".hidden/h.kql",
        "a/.h.yaml",
    ] {
        write(&dir, name, NO_QUERY);
    }
    let root = dir.display().to_string();
    let out = kqlc(&["check", "-v", &root]);
    let checked: Vec<String> = stderr(&out)
        .lines()
        .filter_map(|l| l.strip_prefix("checking "))
        .map(|p| p.strip_prefix(&root).unwrap_or(p).replace('\\', "/"))
        .collect();
    assert_eq!(
        checked,
        ["/a/c.kql", "/a/z.yml", "/b.yaml", "/d.csl", "/e.CSL"]
    );
}

#[test]
fn human_mode_prints_a_summary_on_stderr_that_quiet_removes() {
    let dir = scratch("summary");
    let path = write(&dir, "rule.yaml", NO_QUERY);
    let out = kqlc(&["check", &path]);
    assert_eq!(stderr(&out), "checked 1 file: 1 error, 0 warnings\n");
    assert!(stdout(&out).starts_with("error[KQL102]: this Sentinel rule has no `query:` key\n"));
    let quiet = kqlc(&["check", "-q", &path]);
    assert_eq!(stderr(&quiet), "");
    assert_eq!(stdout(&quiet), stdout(&out));
}

#[test]
fn colour_is_off_in_pipes_and_on_when_asked() {
    let dir = scratch("colour");
    let path = write(&dir, "rule.yaml", NO_QUERY);
    assert!(!stdout(&kqlc(&["check", &path])).contains('\x1b'));
    assert!(!stdout(&kqlc(&["check", "--color", "never", &path])).contains('\x1b'));
    assert!(stdout(&kqlc(&["check", "--color", "always", &path])).contains("\x1b["));
}

#[test]
fn json_output_is_one_array_of_findings_with_file_positions() {
    let dir = scratch("json");
    let path = write(&dir, "rule.yaml", NO_QUERY);
    let out = kqlc(&["check", "--format", "json", &path]);
    let findings = json(&out);
    let finding = &findings[0];
    for (key, expected) in [
        ("file", Value::from(path.as_str())),
        ("line", Value::from(1)),
        ("column", Value::from(1)),
        ("end_line", Value::from(1)),
        ("end_column", Value::from(1)),
        ("start", Value::from(0)),
        ("end", Value::from(0)),
        ("severity", Value::from("error")),
        ("code", Value::from("KQL102")),
        ("name", Value::from("rule-missing-query")),
        (
            "message",
            Value::from("this Sentinel rule has no `query:` key"),
        ),
        (
            "help",
            Value::from("a Sentinel analytic rule needs a `query:` key holding the KQL"),
        ),
    ] {
        assert_eq!(finding[key], expected, "{key}");
    }
    assert_eq!(stderr(&out), "", "no summary line outside human mode");
}

#[test]
fn sarif_output_has_the_required_fields() {
    let dir = scratch("sarif");
    let path = write(&dir, "rule.yaml", NO_QUERY);
    let log = json(&kqlc(&["check", "--format", "sarif", &path]));
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "kqlc");
    assert!(driver["version"].is_string());
    let rules = driver["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .all(|r| r["id"].is_string() && r["shortDescription"]["text"].is_string())
    );
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "KQL102");
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "KQL102"
    );
    assert_eq!(result["level"], "error");
    assert!(result["message"]["text"].is_string());
    let location = &result["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("sarif/rule.yaml")
    );
    let region = &location["region"];
    for key in ["startLine", "startColumn", "endLine", "endColumn"] {
        assert!(region[key].as_u64().unwrap() >= 1, "{key}");
    }
}

#[test]
fn dash_reads_the_query_from_standard_input() {
    let out = kqlc_with_stdin(&["check", "--format", "json", "-"], b"T | take 1\xff");
    assert_eq!(out.status.code(), Some(2));
    let finding = &json(&out)[0];
    assert_eq!(finding["file"], "-");
    assert_eq!(finding["code"], "KQL103");
    assert_eq!(finding["start"], 10);
    assert_eq!(finding["column"], 11);
}

#[test]
fn version_and_help_exit_0() {
    let version = kqlc(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout(&version).starts_with("kqlc "));
    let help = kqlc(&["check", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--syntax-only"));
}

/// The help texts are part of the interface: a change shows up as a snapshot diff.
#[test]
fn help_texts_snapshot() {
    for (name, args) in [
        ("kqlc_help", vec!["--help"]),
        ("kqlc_check_help", vec!["check", "--help"]),
    ] {
        let out = kqlc(&args);
        assert_eq!(out.status.code(), Some(0));
        insta::with_settings!({snapshot_path => "../snapshots/cli", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name, stdout(&out));
        });
    }
}

#[test]
fn a_chain_just_under_the_parsers_limit_is_checked_and_run_without_crashing() {
    // 1,990 `+` operands: valid KQL below the 2,000-operator limit; lowering and
    // checking recurse once per operator, which must fit the command's stack.
    let query = format!("print x = {}", vec!["1"; 1990].join(" + "));
    let dir = scratch("long-chain");
    let path = write(&dir, "chain.kql", query.as_bytes());
    let checked = kqlc(&["check", &path]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    let ran = kqlc(&["run", "--format", "jsonl", &path]);
    assert_eq!(ran.status.code(), Some(0), "{}", stderr(&ran));
    assert_eq!(stdout(&ran), "{\"x\":1990}\n");
}
