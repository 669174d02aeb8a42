//! `kqlc run --engine spark` (issue 18): a query or rule runs on Apache Spark through
//! its Spark SQL translation and returns exactly the rows of kqlc's own engine, in
//! kqlc's output formats; a missing Spark or an untranslatable query is said clearly.

use crate::common;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `kqlc run` with `args`, with extra environment variables.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kqlc"));
    command
        .arg("run")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(common::TEST_JVM_OPTIONS.0, common::TEST_JVM_OPTIONS.1);
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("kqlc runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Whether Spark can run here: Java on the PATH and pyspark importable (installed
/// with `pip install --user pyspark` when missing); prints the SKIP notice when not.
fn spark_available() -> bool {
    if Command::new("java").arg("-version").output().is_err() {
        println!("SKIP: Spark needs Java 17, and `java` is not on the PATH");
        return false;
    }
    if !common::python_module("pyspark", "pyspark>=4,<5") {
        println!("SKIP: pyspark cannot be installed (`pip install pyspark`)");
        return false;
    }
    true
}

/// Rows written by a generator script of `bench/` (`ROWS OUT.jsonl [DAYS]`).
fn generated(script: &Path, rows: &str, days: &[&str], out: &Path) -> Option<PathBuf> {
    let ok = Command::new("python3")
        .arg(script)
        .arg(rows)
        .arg(out)
        .args(days)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        println!("SKIP: python3 {} failed", script.display());
    }
    ok.then(|| out.to_path_buf())
}

/// The same `kqlc run` on both engines: both exit 0 with equal, non-empty output.
fn assert_same_on_both_engines(case: &str, args: &[&str]) {
    let own = run(args, &[]);
    assert!(own.status.success(), "{case} on kqlc: {}", stderr(&own));
    let spark_args: Vec<&str> = args.iter().copied().chain(["--engine", "spark"]).collect();
    let spark = run(&spark_args, &[]);
    assert!(
        spark.status.success(),
        "{case} on Spark: {}",
        stderr(&spark)
    );
    let text = String::from_utf8_lossy(&own.stdout);
    assert!(
        text.len() > 100,
        "{case}: the comparison needs rows, got {text}"
    );
    assert_eq!(
        String::from_utf8_lossy(&spark.stdout),
        text,
        "{case}: Spark's output differs from kqlc's"
    );
}

#[test]
fn seeds_000_001_and_004_on_spark_return_the_rows_of_kqlcs_engine() {
    if !spark_available() {
        return;
    }
    let dir = common::provisioning::scratch("spark-seeds");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Seed 000: the Sentinel rule (queryPeriod 1h) over 20,000 generated rows, its
    // `Failures >= 30` threshold lowered to 3 so that a sample this size returns groups
    // (Spark reads JSON at about 40,000 rows a second a core: CI time goes to row count).
    let Some(prov) = common::provisioning::generated_rows(&dir, 20_000) else {
        return;
    };
    let rule000 = dir.join("seed000.yaml");
    let text = std::fs::read_to_string(root.join(BURST_RULE)).expect("read seed 000's rule");
    assert!(
        text.contains("Failures >= 30"),
        "seed 000's threshold moved"
    );
    std::fs::write(&rule000, text.replace("Failures >= 30", "Failures >= 3"))
        .expect("write the rule");
    let table = format!("AADProvisioningLogs={}", prov.display());
    assert_same_on_both_engines(
        "seed 000",
        &[
            &rule000.to_string_lossy(),
            "--table",
            &table,
            "--now",
            "2026-06-01T12:00:00Z",
            "--format",
            "json",
        ],
    );
    // Seed 001: the .kql query (joins, toscalar, make_set, a fuzzy union with a
    // watchlist no flag gives) over 20,000 generated AuditLogs rows.
    let Some(audit) = generated(
        &root.join("bench/gen_sp_creations.py"),
        "20000",
        &[],
        &dir.join("audit.jsonl"),
    ) else {
        return;
    };
    let table = format!("AuditLogs={}", audit.display());
    assert_same_on_both_engines(
        "seed 001",
        &[
            "corpus/rules/workload-identity-multiple-sps-created-by-single-principal.kql",
            "--table",
            &table,
            "--now",
            "2026-06-01T12:00:00Z",
            "--format",
            "jsonl",
        ],
    );
    // Seed 004: the rule's alerts (its 1d query period cuts two days of rows to one)
    // over 20,000 generated ADOAuditLogs rows in a `.zst` file.
    let Some(ado) = generated(
        &root.join("bench/gen_ado_audit.py"),
        "20000",
        &["2"],
        &dir.join("ado.jsonl"),
    ) else {
        return;
    };
    // Compressed with zstd: Spark decompresses `.zst` itself, as kqlc does.
    let zst = dir.join("ado.jsonl.zst");
    let raw = std::fs::read(&ado).expect("read the generated rows");
    std::fs::write(&zst, zstd::encode_all(raw.as_slice(), 3).expect("zstd")).expect("write .zst");
    let table = format!("ADOAuditLogs={}", zst.display());
    assert_same_on_both_engines(
        "seed 004",
        &[
            "corpus/rules/new-pa-pca-or-pcas-added-to-azure-devops.yaml",
            "--table",
            &table,
            "--now",
            "2026-06-02T00:00:00Z",
            "--alerts",
            "--format",
            "json",
        ],
    );
    // A rule whose query never reads TimeGenerated still sees only its query period.
    let rule = dir.join("count.yaml");
    std::fs::write(
        &rule,
        "name: count\nqueryFrequency: 1h\nqueryPeriod: 1h\nquery: |\n  AADProvisioningLogs\n  | summarize n = count() by ResultType\n",
    )
    .expect("write the rule");
    assert_same_on_both_engines(
        "a query period over a query that does not read TimeGenerated",
        &[
            &rule.to_string_lossy(),
            "--table",
            &format!("AADProvisioningLogs={}", prov.display()),
            "--now",
            "2026-06-01T12:00:00Z",
            "--format",
            "jsonl",
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spark_run_past_its_timeout_is_stopped_with_exit_2() {
    if !spark_available() {
        return;
    }
    let out = run(
        &[
            "corpus/rules/provisioning-failure-burst-single-job.yaml",
            "--table",
            "AADProvisioningLogs=corpus/rules/provisioning-failure-burst-single-job.data/burst-fires/AADProvisioningLogs.jsonl",
            "--engine",
            "spark",
            "--timeout",
            "1s",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ran longer than the --timeout of 1.0 s on Spark"),
        "{}",
        stderr(&out)
    );
}

const BURST_RULE: &str = "corpus/rules/provisioning-failure-burst-single-job.yaml";
const BURST_ROWS: &str = "AADProvisioningLogs=corpus/rules/provisioning-failure-burst-single-job.data/burst-fires/AADProvisioningLogs.jsonl";

#[test]
fn a_python_without_pyspark_is_a_usage_error_that_says_how_to_install_it() {
    // A real Python with no site packages (`-S`): pyspark cannot be imported.
    let dir = common::provisioning::scratch("spark-no-pyspark");
    let python = dir.join("python-without-site");
    std::fs::write(&python, "#!/bin/sh\nexec python3 -S \"$@\"\n").expect("write the wrapper");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755))
            .expect("make it runnable");
    }
    let python = python.to_string_lossy().into_owned();
    let out = run(
        &[BURST_RULE, "--table", BURST_ROWS, "--engine", "spark"],
        &[("KQLC_PYTHON", &python)],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("error: --engine spark needs pyspark"),
        "{text}"
    );
    assert!(
        text.contains("help: install Spark's Python package with `pip install pyspark`"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_python_is_a_usage_error() {
    let out = run(
        &[BURST_RULE, "--table", BURST_ROWS, "--engine", "spark"],
        &[("KQLC_PYTHON", "/nonexistent/python3")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: cannot start `/nonexistent/python3` to run Spark"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_function_spark_sql_cannot_express_is_a_finding_at_its_place() {
    let dir = common::provisioning::scratch("spark-untranslatable");
    let query = dir.join("q.kql");
    std::fs::write(
        &query,
        "AADProvisioningLogs\n| extend U = parse_url(OperationName)\n",
    )
    .expect("write the query");
    let query = query.to_string_lossy().into_owned();
    // No Python is started: the translation fails first.
    let out = run(
        &[&query, "--table", BURST_ROWS, "--engine", "spark"],
        &[("KQLC_PYTHON", "/nonexistent/python3")],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("error[TRN001]: `parse_url()` has no faithful translation to Spark SQL"),
        "{text}"
    );
    assert!(text.contains("q.kql:2:14"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn esql_on_spark_is_a_usage_error() {
    let out = run(
        &[
            "corpus/rules/azure-ad-graph-4xx-ratio.toml",
            "--engine",
            "spark",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("--engine spark runs KQL queries and Sentinel rules; this query is ES|QL"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_spark_master_without_engine_spark_is_a_usage_error() {
    let out = run(
        &[
            BURST_RULE,
            "--table",
            BURST_ROWS,
            "--spark-master",
            "local[2]",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--spark-master is for --engine spark"),
        "{}",
        stderr(&out)
    );
}
