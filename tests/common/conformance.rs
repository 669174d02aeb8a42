//! Reading the shared conformance cases (`../shared/conformance/<lang>/*.case`) and
//! comparing our result tables with their expected rows.

use kqlc::testing::compare::Expectation;
use kqlc::value::Table;
use serde_json::Value as J;
use std::path::{Path, PathBuf};

/// One case: its file, header keys, query and expected rows.
pub struct Case {
    pub path: PathBuf,
    pub headers: Vec<(String, String)>,
    pub query: String,
    pub expected: Vec<serde_json::Map<String, J>>,
}

impl Case {
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    /// Whether an ES|QL case's rows may come in any order: its header says so, or no
    /// `SORT` stands among its last three commands (then the expected order is only the
    /// data file's order).
    pub fn esql_ignores_order(&self) -> bool {
        let sorted = self
            .query
            .to_ascii_lowercase()
            .rsplit('|')
            .take(3)
            .any(|c| c.trim_start().starts_with("sort"));
        self.header("ignore_order") == Some("true") || !sorted
    }

    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The cases of one language, or `None` (with a printed notice) when `../shared` is absent.
pub fn load_cases(lang: &str) -> Option<Vec<Case>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/conformance")
        .join(lang);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "notice: {} is absent; skipping the {lang} conformance cases",
            dir.display()
        );
        return None;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "case"))
        .collect();
    paths.sort();
    Some(paths.into_iter().filter_map(|p| parse_case(&p)).collect())
}

fn parse_case(path: &Path) -> Option<Case> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut headers = Vec::new();
    let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line
            .strip_prefix("---")
            .filter(|n| ["query", "columns", "expected"].contains(n))
        {
            sections.push((name.to_string(), Vec::new()));
        } else if let Some(last) = sections.last_mut() {
            last.1.push(line);
        } else if let Some((k, v)) = line.strip_prefix("# ").and_then(|l| l.split_once(": ")) {
            headers.push((k.to_string(), v.to_string()));
        }
    }
    let section = |name: &str| {
        sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, l)| l.join("\n"))
    };
    let expected: Vec<J> = serde_json::from_str(&section("expected")?).ok()?;
    let expected = expected
        .into_iter()
        .filter_map(|r| if let J::Object(m) = r { Some(m) } else { None })
        .collect();
    Some(Case {
        path: path.to_path_buf(),
        headers,
        query: section("query")?,
        expected,
    })
}

/// Compares a result with the expected rows: same column names in order, same rows
/// (as a multiset when `ignore_order`), through the library's comparison.
pub fn compare(
    table: &Table,
    expected: &[serde_json::Map<String, J>],
    ignore_order: bool,
) -> Result<(), String> {
    kqlc::testing::compare::compare(
        table,
        &Expectation {
            rows: expected,
            ordered: !ignore_order,
            ..Default::default()
        },
    )
}

/// Prints each failure (its reason cut to `shown` characters) and the line
/// `{what}: P of N cases pass (R%)`; returns the share that passed.
pub fn pass_rate(what: &str, failures: &[(String, String)], total: usize, shown: usize) -> f64 {
    for (name, why) in failures {
        let why: String = why.chars().take(shown).collect();
        println!("FAIL {name}: {why}");
    }
    let passed = total - failures.len();
    let rate = passed as f64 / total.max(1) as f64;
    println!(
        "{what}: {passed} of {total} cases pass ({:.1}%)",
        rate * 100.0
    );
    rate
}

/// A failed run as one line: each finding's code and message, or the I/O error.
pub fn run_error_text(e: kqlc::run::RunError) -> String {
    match e {
        kqlc::run::RunError::Query(d) => d
            .iter()
            .map(|d| format!("{}: {}", d.code.id(), d.message))
            .collect::<Vec<_>>()
            .join("; "),
        kqlc::run::RunError::Io(e) => e.to_string(),
        kqlc::run::RunError::Engine(e) => e.message,
    }
}
