//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod conformance;
pub mod docs;
pub mod kusto;
pub mod parse_rate;
pub mod provisioning;
pub mod query;
pub mod sql_engine;

/// The shared test material: `$KQLC_SHARED`, else `../shared` beside the repository.
pub fn shared_dir() -> String {
    std::env::var("KQLC_SHARED")
        .unwrap_or_else(|_| format!("{}/../shared", env!("CARGO_MANIFEST_DIR")))
}

/// Runs the `kqlc` binary with `args` in the crate root and waits for its output.
pub fn kqlc(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("kqlc runs: {e}"))
}

/// Every `every`th `query` of a shared JSON-lines corpus (`corpus/kql.public.jsonl`,
/// `corpus/esql.public.jsonl`); `None` when the file is absent (the caller skips).
pub fn corpus_queries(file: &str, every: usize) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(std::path::Path::new(&shared_dir()).join(file)).ok()?;
    let queries = text
        .lines()
        .step_by(every.max(1))
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|row| row.get("query")?.as_str().map(str::to_string))
        .collect();
    Some(queries)
}

/// A small deterministic generator (xorshift), so failures of random-edit tests reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The JVM options of every Spark the tests start: C1 only. A test's Spark session is
/// short, and without C2 it spends about 40% less CPU (17 s rather than 28 s a start
/// here), which CI's two cores share with the other tests.
pub const TEST_JVM_OPTIONS: (&str, &str) = ("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");

/// Whether `python3` can import `module`, after `pip install --user PACKAGE` when it
/// cannot at first; the caller prints its SKIP notice on `false`.
pub fn python_module(module: &str, package: &str) -> bool {
    let importable = || {
        std::process::Command::new("python3")
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !importable() {
        let _ = std::process::Command::new("python3")
            .args(["-m", "pip", "install", "--user", "--quiet", package])
            .status();
    }
    importable()
}
