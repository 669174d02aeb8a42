//! Hostile work ends cleanly: a query that multiplies rows stops at `--max-memory` or
//! `--timeout` with an error (exit 1) instead of being killed by the OS or running for
//! ever; a huge `range`, a catastrophic regex and deep nesting do not hang.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common;

/// A directory of this test process's own temporary files.
fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kqlc-budgets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `rows` JSON Lines rows that all share the key `K = "k"`, written once per name.
fn constant_key_rows(name: &str, rows: usize) -> PathBuf {
    let path = temp_dir().join(name);
    if !path.exists() {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        for i in 0..rows {
            writeln!(out, "{{\"K\":\"k\",\"N\":{i}}}").expect("write");
        }
        out.flush().expect("flush");
    }
    path
}

fn write_query(name: &str, query: &str) -> PathBuf {
    let path = temp_dir().join(name);
    std::fs::write(&path, query).expect("query file");
    path
}

fn kqlc_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kqlc"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `command` under `/usr/bin/time -v`: its output, wall time and peak RSS in KiB
/// (`None` when `time` is missing or did not report it).
fn run_measured(command: &Command) -> (Output, Duration, Option<u64>) {
    let has_time = Path::new("/usr/bin/time").exists();
    let mut measured = if has_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v")
            .arg(command.get_program())
            .args(command.get_args());
        c
    } else {
        let mut c = Command::new(command.get_program());
        c.args(command.get_args());
        c
    };
    measured.current_dir(env!("CARGO_MANIFEST_DIR"));
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            measured.env(key, value);
        }
    }
    let started = Instant::now();
    let output = measured.output().expect("kqlc runs");
    let elapsed = started.elapsed();
    let stderr = text(&output.stderr);
    let peak = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|n| n.trim().parse().ok());
    (output, elapsed, peak)
}

/// The self-join on a constant key of 200,000 rows makes 40 billion rows; under
/// `--max-memory 300M` it stops with a memory error within seconds, having held about
/// the budget (peak RSS under 450 MiB).
#[test]
fn a_self_join_that_multiplies_rows_stops_at_the_memory_budget() {
    let rows = constant_key_rows("constant-key.jsonl", 200_000);
    let query = write_query("self-join.kql", "T\n| join kind=inner (T) on K\n");
    let table = format!("T={}", rows.display());
    let command = kqlc_command(&[
        "run",
        query.to_str().expect("utf-8 path"),
        "--table",
        &table,
        "--max-memory",
        "300M",
        "--format",
        "jsonl",
    ]);
    let (output, elapsed, peak) = run_measured(&command);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("KQL305"), "{stderr}");
    assert!(stderr.contains("memory"), "{stderr}");
    assert!(stderr.contains("300 MiB"), "the budget is named: {stderr}");
    assert!(stderr.contains("--max-memory"), "how to raise it: {stderr}");
    assert!(stderr.contains("join"), "the operator is named: {stderr}");
    assert!(output.stdout.is_empty(), "no partial result is printed");
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    eprintln!("self-join under --max-memory 300M: exit 1 after {elapsed:?}, peak RSS {peak:?} KiB");
    match peak {
        Some(kib) => assert!(kib < 450 * 1024, "peak RSS {kib} KiB"),
        None => eprintln!("SKIP: peak RSS not measured (no /usr/bin/time -v)"),
    }
}

/// The same self-join, counted (so it holds nothing and would run for hours), stops at
/// `--timeout 2s` within 4 s. One thread: each chunk of a parallel probe holds its join
/// output, which would reach the memory budget first. The join's matches are charged by
/// the capacity they grow to, so 300M was reached in about 2 s as well (a fresh CI run
/// hit KQL305 first); 1G leaves the timeout as the only limit it can meet.
#[test]
fn a_self_join_that_runs_for_ever_stops_at_the_timeout() {
    let rows = constant_key_rows("constant-key.jsonl", 200_000);
    let query = write_query(
        "self-join-count.kql",
        "T\n| join kind=inner (T) on K\n| count\n",
    );
    let table = format!("T={}", rows.display());
    let mut command = kqlc_command(&[
        "run",
        query.to_str().expect("utf-8 path"),
        "--table",
        &table,
        "--timeout",
        "2s",
        "--max-memory",
        "1G",
    ]);
    command.env("KQLC_THREADS", "1");
    let (output, elapsed, _) = run_measured(&command);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("KQL306"), "{stderr}");
    assert!(stderr.contains("timeout of 2s"), "{stderr}");
    assert!(stderr.contains("--timeout"), "how to raise it: {stderr}");
    assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
}

/// A 10-million-row `range` is counted to the end; a 10-billion-row one is bounded (by
/// the timeout here, else by the 100-million-row limit of `range`).
#[test]
fn a_ten_million_row_range_finishes_and_a_longer_one_is_bounded() {
    let query = write_query(
        "range.kql",
        "range x from 1 to 10000000 step 1\n| summarize n = count(), top = max(x)\n",
    );
    let out = common::kqlc(&[
        "run",
        query.to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        rows,
        serde_json::json!([{"n": 10_000_000, "top": 10_000_000}])
    );

    let endless = write_query(
        "range-endless.kql",
        "range x from 1 to 10000000000 step 1\n| count\n",
    );
    let started = Instant::now();
    let out = common::kqlc(&[
        "run",
        endless.to_str().expect("utf-8 path"),
        "--timeout",
        "1s",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("timeout"),
        "{}",
        text(&out.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// `(a+)+$` on a long run of `a` ending in `b` takes exponential time in a backtracking
/// engine; kqlc's regex engine (the `regex` crate) is linear, so it answers at once.
#[test]
fn a_catastrophic_regex_answers_without_backtracking() {
    let subject = format!("{}b", "a".repeat(5_000));
    let query = write_query(
        "regex.kql",
        &format!(
            "print m = \"{subject}\" matches regex \"(a+)+$\", n = \"aaaa\" matches regex \"(a+)+$\"\n"
        ),
    );
    let started = Instant::now();
    let out = common::kqlc(&[
        "run",
        query.to_str().expect("utf-8 path"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(rows, serde_json::json!([{"m": false, "n": true}]));
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// An expression nested 5,000 deep is refused with a diagnostic (or evaluated), never a
/// stack overflow or a hang.
#[test]
fn a_five_thousand_deep_expression_is_refused_or_evaluated_quickly() {
    for (name, query) in [
        (
            "parens.kql",
            format!("print x = {}1{}\n", "(".repeat(5_000), ")".repeat(5_000)),
        ),
        (
            "negations.kql",
            format!("print x = {}1\n", "-".repeat(5_000)),
        ),
        (
            "calls.kql",
            format!("print x = {}1{}\n", "abs(".repeat(5_000), ")".repeat(5_000)),
        ),
    ] {
        let path = write_query(name, &query);
        let started = Instant::now();
        let out = common::kqlc(&["run", path.to_str().expect("utf-8 path")]);
        let code = out.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "{name}: exit {code:?}: {}",
            text(&out.stderr)
        );
        assert!(started.elapsed() < Duration::from_secs(20), "{name}");
    }
}

/// `kqlc run … | head -1`: the reader closing the pipe ends kqlc quietly (exit 0,
/// nothing on stderr), as Unix tools do; for JSON, JSON Lines and the table format.
#[test]
fn a_closed_output_pipe_ends_quietly_with_exit_0() {
    let rows = constant_key_rows("million.jsonl", 1_000_000);
    let table = format!("T={}", rows.display());
    for format in ["json", "jsonl", "table", "csv"] {
        let mut child = kqlc_command(&["run", "-", "--table", &table, "--format", format])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kqlc starts");
        {
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(b"T | project N\n").expect("query");
        }
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 1];
        std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("kqlc ends");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stderr), "", "{format}: nothing on stderr");
    }
}

/// A malformed line in the middle of a large JSON Lines file is named by its number; with
/// `--on-bad-rows skip` it is dropped, counted on stderr, and the other rows are read.
#[test]
fn a_malformed_line_is_named_by_its_number_and_skip_counts_it() {
    let path = temp_dir().join("one-bad-line.jsonl");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        for i in 1..=100_000 {
            if i == 50_001 {
                writeln!(out, "{{\"K\":\"k\",\"N\":}}").expect("write");
            } else {
                writeln!(out, "{{\"K\":\"k\",\"N\":{i}}}").expect("write");
            }
        }
    }
    let query = write_query("count.kql", "T | count\n");
    let table = format!("T={}", path.display());
    let q = query.to_str().expect("utf-8 path");
    let out = common::kqlc(&["run", q, "--table", &table]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:50001:", path.display())),
        "file and line: {stderr}"
    );

    let out = common::kqlc(&[
        "run",
        q,
        "--table",
        &table,
        "--on-bad-rows",
        "skip",
        "--format",
        "json",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("skipped 1 bad row"), "{stderr}");
    assert!(
        stderr.contains(":50001:"),
        "the first skipped row: {stderr}"
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(rows, serde_json::json!([{"Count": 99_999}]));
}

/// JSON nested deeper than serde_json's limit (128) is an input error, not a crash.
#[test]
fn input_nested_deeper_than_the_parser_limit_is_an_error_not_a_crash() {
    let path = temp_dir().join("deep.jsonl");
    let deep = format!(
        "{{\"K\":{}1{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(&path, format!("{{\"K\":1}}\n{deep}")).expect("write");
    let query = write_query("take.kql", "T | take 5\n");
    let table = format!("T={}", path.display());
    let out = common::kqlc(&[
        "run",
        query.to_str().expect("utf-8 path"),
        "--table",
        &table,
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(":2:"), "the deep line is named: {stderr}");
}
