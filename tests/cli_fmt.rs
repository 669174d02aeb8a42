//! `kqlc fmt`: the layout rules on small queries (expected outputs written by hand),
//! `--check`, standard input, rule files kept byte for byte outside the query, and the
//! exit codes (0 formatted, 1 would change or does not parse, 2 unreadable).

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `kqlc fmt ARGS` with `stdin`, returning (exit code, stdout, stderr).
fn fmt(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .arg("fmt")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kqlc runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("kqlc ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh temporary directory for one test.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kqlc-cli-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn each_tabular_operator_goes_on_its_own_line_with_spaced_operators_and_commas() {
    let (code, out, _) = fmt(&["-"], "T|where a==1 and b!~'x'|project a,b\n");
    assert_eq!(code, 0);
    assert_eq!(out, "T\n| where a == 1 and b !~ 'x'\n| project a, b\n");
}

#[test]
fn let_statements_go_one_per_line() {
    let (_, out, _) = fmt(&["-"], "let a = 1; let b = 2; T | take a\n");
    assert_eq!(out, "let a = 1;\nlet b = 2;\nT\n| take a\n");
}

#[test]
fn a_join_subquery_is_indented_and_closed_before_its_on_clause() {
    let (_, out, _) = fmt(&["-"], "A | join kind=inner (B | where x > 1) on Id\n");
    assert_eq!(
        out,
        "A\n| join kind=inner (\n    B\n    | where x > 1\n) on Id\n"
    );
}

#[test]
fn comments_and_strings_are_kept_as_written() {
    let input = "// header\nT   // the table\n|where s == \"a  |  b\"  // spaced string\n";
    let (_, out, _) = fmt(&["-"], input);
    assert_eq!(
        out,
        "// header\nT // the table\n| where s == \"a  |  b\" // spaced string\n"
    );
}

#[test]
fn long_lines_wrap_after_commas_at_the_width() {
    let (_, out, _) = fmt(
        &["--width", "40", "-"],
        "T | project Alpha, Bravo, Charlie, Delta, Echo, Foxtrot\n",
    );
    assert_eq!(
        out,
        "T\n| project Alpha, Bravo, Charlie, Delta,\n    Echo, Foxtrot\n"
    );
}

#[test]
fn formatting_the_output_again_changes_nothing() {
    let (_, once, _) = fmt(
        &["-"],
        "let x = materialize(T | where a in ('x','y'));x|count\n",
    );
    let (_, twice, _) = fmt(&["-"], &once);
    assert_eq!(once, twice);
    assert_eq!(
        once,
        "let x = materialize(\n    T\n    | where a in ('x', 'y')\n);\nx\n| count\n"
    );
}

#[test]
fn esql_gets_one_processing_command_per_line_and_keeps_index_patterns() {
    let (code, out, _) = fmt(
        &["--language", "esql", "-"],
        "from logs-*,.alerts-security.* | where a==1 | keep a,b | limit 5\n",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "from logs-*,.alerts-security.*\n| where a == 1\n| keep a, b\n| limit 5\n"
    );
}

#[test]
fn check_lists_the_files_that_would_change_and_exits_1() {
    let dir = temp_dir("check");
    let messy = dir.join("messy.kql");
    let tidy = dir.join("tidy.kql");
    std::fs::write(&messy, "T|take 1\n").expect("write");
    std::fs::write(&tidy, "T\n| take 1\n").expect("write");
    let (code, out, _) = fmt(&["--check", &dir.display().to_string()], "");
    assert_eq!(code, 1);
    assert_eq!(out, format!("would reformat {}\n", messy.display()));
    assert_eq!(std::fs::read_to_string(&messy).expect("read"), "T|take 1\n");
    let (code, _, _) = fmt(&["--check", &tidy.display().to_string()], "");
    assert_eq!(code, 0);
}

#[test]
fn without_check_files_are_rewritten_in_place() {
    let dir = temp_dir("write");
    let file = dir.join("q.kql");
    std::fs::write(&file, "T|take 1\n").expect("write");
    let (code, _, _) = fmt(&[&file.display().to_string()], "");
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "T\n| take 1\n"
    );
}

#[test]
fn a_sentinel_rule_changes_only_inside_its_query_block() {
    let dir = temp_dir("yaml");
    let file = dir.join("rule.yaml");
    let rule = "id: 1  # keep me\nquery: |\n  T|where x==1\n  |take 5\nseverity:   Low\n";
    std::fs::write(&file, rule).expect("write");
    let (code, _, err) = fmt(&[&file.display().to_string()], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "id: 1  # keep me\nquery: |\n  T\n  | where x == 1\n  | take 5\nseverity:   Low\n"
    );
}

#[test]
fn an_elastic_rule_changes_only_inside_its_query_string() {
    let dir = temp_dir("toml");
    let file = dir.join("rule.toml");
    let rule =
        "[rule]\nname = \"x\"\nlanguage = \"esql\"\nquery = '''\nfrom logs-* | where a>1\n'''\n";
    std::fs::write(&file, rule).expect("write");
    let (code, _, err) = fmt(&[&file.display().to_string()], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "[rule]\nname = \"x\"\nlanguage = \"esql\"\nquery = '''\nfrom logs-*\n| where a > 1\n'''\n"
    );
}

#[test]
fn a_query_that_does_not_parse_is_left_alone_with_its_position_and_exit_1() {
    let dir = temp_dir("broken");
    let file = dir.join("broken.kql");
    std::fs::write(&file, "T\n| where (x\n").expect("write");
    let (code, _, err) = fmt(&[&file.display().to_string()], "");
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("error: {}:2:", file.display())),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "T\n| where (x\n"
    );
}

#[test]
fn a_missing_file_is_an_input_error_exit_2() {
    let (code, _, err) = fmt(&["does/not/exist.kql"], "");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read 'does/not/exist.kql'"), "{err}");
}
