//! Starting the Spark driver script (`driver.py`, built into kqlc) with `python3`:
//! the request on its stdin, the result as one JSON object on its stdout.

use super::tables::SparkTable;
use super::{Cluster, EngineError};
use serde_json::{Value as J, json};
use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The driver script's text.
pub const SCRIPT: &str = include_str!("driver.py");

/// The exit code the driver uses when pyspark cannot be imported.
const NO_PYSPARK: i32 = 3;

const INSTALL_HINT: &str = "install Spark's Python package with `pip install pyspark` (it needs Java 17 or later), or set KQLC_PYTHON to a Python that has it";

/// Runs `sql` over `tables` on `cluster`; the result rows (JSON arrays).
pub fn run(cluster: &Cluster, sql: &str, tables: &[SparkTable]) -> Result<Vec<J>, EngineError> {
    let request = json!({
        "master": cluster.master,
        "remote": cluster.remote,
        "sql": sql,
        "tables": tables,
    })
    .to_string();
    let python = std::env::var("KQLC_PYTHON").unwrap_or_else(|_| "python3".into());
    let child = Command::new(&python)
        .args(["-c", SCRIPT])
        .env("TZ", "UTC")
        .env("PYSPARK_PYTHON", &python)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| EngineError {
            message: format!("cannot start `{python}` to run Spark: {e}"),
            hint: INSTALL_HINT.into(),
        })?;
    let (code, stdout, stderr) = finish(child, request, cluster.timeout)?;
    if code == Some(NO_PYSPARK) {
        return Err(EngineError {
            message: "--engine spark needs pyspark, which this Python does not have".into(),
            hint: INSTALL_HINT.into(),
        });
    }
    answer(&stdout, &stderr)
}

/// Writes the request, waits (killing the driver after `timeout`) and collects its
/// exit code and output.
fn finish(
    mut child: Child,
    request: String,
    timeout: Option<Duration>,
) -> Result<(Option<i32>, String, String), EngineError> {
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(request.as_bytes());
        }
    });
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if timeout.is_some_and(|t| started.elapsed() > t) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(EngineError {
                    message: format!(
                        "the query ran longer than the --timeout of {:.1} s on Spark, which was stopped",
                        timeout.unwrap_or_default().as_secs_f64()
                    ),
                    hint: "give a longer --timeout, or narrow the query's time range".into(),
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                return Err(EngineError {
                    message: format!("lost the Spark driver: {e}"),
                    hint: INSTALL_HINT.into(),
                });
            }
        }
    };
    let _ = writer.join();
    let text = |h: Option<std::thread::JoinHandle<String>>| {
        h.and_then(|h| h.join().ok()).unwrap_or_default()
    };
    Ok((status.code(), text(stdout), text(stderr)))
}

/// Reads a pipe to its end on a thread of its own, so neither pipe can fill and stall.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The rows of the driver's answer, or its error with the hint for its stage.
fn answer(stdout: &str, stderr: &str) -> Result<Vec<J>, EngineError> {
    let Ok(reply) = serde_json::from_str::<J>(stdout) else {
        return Err(EngineError {
            message: format!(
                "the Spark driver stopped without a result:\n{}",
                tail(stderr)
            ),
            hint: "is Java 17 or later installed (`java -version`)? Spark needs it".into(),
        });
    };
    if let Some(error) = reply.get("error").and_then(J::as_str) {
        let stage = reply.get("stage").and_then(J::as_str).unwrap_or("sql");
        let (what, hint) = if stage == "read" {
            (
                "Spark could not read the tables",
                "Spark reads JSON Lines, JSON arrays, Graph exports, CSV and Parquet, and .gz/.zst files of them",
            )
        } else {
            (
                "Spark could not run the query",
                "`kqlc translate QUERY --to sql --dialect spark` shows the SQL Spark was given",
            )
        };
        return Err(EngineError {
            message: format!("{what}: {error}"),
            hint: hint.into(),
        });
    }
    match reply.get("rows").and_then(J::as_array) {
        Some(rows) => Ok(rows.clone()),
        None => Err(EngineError {
            message: "the Spark driver's answer has no rows".into(),
            hint: "this is a bug in kqlc; please report it".into(),
        }),
    }
}

/// The last lines of the driver's log: where Spark says what went wrong.
fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_error_names_the_stage_and_the_readable_formats() {
        let e = answer(
            r#"{"error": "Path does not exist: x", "stage": "read"}"#,
            "",
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Spark could not read the tables: Path does not exist: x"
        );
        assert!(e.hint.contains("JSON Lines"));
    }

    #[test]
    fn no_answer_shows_the_end_of_sparks_log() {
        let log = (1..=20).map(|i| format!("line {i}\n")).collect::<String>();
        let e = answer("", &log).unwrap_err();
        assert!(
            e.message.ends_with(
                "line 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nline 20"
            )
        );
        assert!(!e.message.contains("line 12\n"));
    }

    #[test]
    fn rows_come_back_as_arrays() {
        let rows = answer(r#"{"columns": ["a"], "rows": [[1], [2]]}"#, "").unwrap();
        assert_eq!(rows, vec![json!([1]), json!([2])]);
    }
}
