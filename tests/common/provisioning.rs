//! Seed 000's data and query for the input tests: rows from the shared generator
//! (`bench/gen_provisioning.py`), and the query with a threshold small samples reach.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh, empty scratch directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kqlc-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// `rows` AADProvisioningLogs rows as JSON Lines in `dir`, written by the shared
/// generator; `None` (after a `SKIP` notice) when it or `python3` is missing.
pub fn generated_rows(dir: &Path, rows: usize) -> Option<PathBuf> {
    let generator = Path::new(&super::shared_dir()).join("bench/gen_provisioning.py");
    if !generator.exists() {
        println!("SKIP: {} is absent (set KQLC_SHARED)", generator.display());
        return None;
    }
    let out = dir.join("aadprov.jsonl");
    match Command::new("python3")
        .arg(&generator)
        .arg(rows.to_string())
        .arg(&out)
        .status()
    {
        Ok(status) if status.success() => Some(out),
        outcome => {
            println!("SKIP: python3 {} failed: {outcome:?}", generator.display());
            None
        }
    }
}

/// Seed 000's query (`bench/seed000.kql`) with its `Failures >= 30` threshold lowered to
/// `threshold`, so a sample of a few thousand rows returns groups.
pub fn seed000_query(dir: &Path, threshold: u32) -> Option<PathBuf> {
    let source = Path::new(&super::shared_dir()).join("bench/seed000.kql");
    let Ok(text) = std::fs::read_to_string(&source) else {
        println!("SKIP: {} is absent (set KQLC_SHARED)", source.display());
        return None;
    };
    assert!(
        text.contains("Failures >= 30"),
        "seed 000's threshold moved"
    );
    let query = dir.join("seed000.kql");
    let lowered = text.replace("Failures >= 30", &format!("Failures >= {threshold}"));
    std::fs::write(&query, lowered).expect("write the query");
    Some(query)
}

/// `kqlc run QUERY --table AADProvisioningLogs=FILE… --now … --format json` (with
/// `KQLC_THREADS` as given); its standard output, asserting success.
pub fn run_seed000(query: &Path, files: &[&str], threads: &str) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kqlc"));
    command
        .env("KQLC_THREADS", threads)
        .arg("run")
        .arg(query)
        .args(["--now", "2026-06-01T12:00:00Z", "--format", "json"]);
    for file in files {
        command
            .arg("--table")
            .arg(format!("AADProvisioningLogs={file}"));
    }
    let output = command.output().expect("kqlc runs");
    assert!(
        output.status.success(),
        "kqlc failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
