//! Finding test files and running their cases.

use super::case_file::{self, TestCase, TestFile};
use super::compare::{Expectation, compare};
use crate::io::Format;
use crate::run::{RunError, run_kql, table_input, watchlist_input};
use crate::value::time;
use std::path::{Path, PathBuf};

/// The result of one case.
#[derive(Debug)]
pub struct CaseOutcome {
    pub name: String,
    /// `None` when it passed; else what went wrong (a row diff, or an error).
    pub failure: Option<String>,
}

/// The `*.test.yaml` files under the given paths (files or directories), sorted.
pub fn discover(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in paths {
        collect(path, &mut found);
    }
    found.sort();
    found
}

fn collect(path: &Path, found: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            collect(&entry.path(), found);
        }
    } else if path.to_string_lossy().ends_with(".test.yaml") {
        found.push(path.to_path_buf());
    }
}

/// Runs every case of one test file; `Err` when the file or its rule cannot be read.
pub fn run_test_file(path: &Path) -> Result<Vec<CaseOutcome>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = case_file::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let rule_path = dir.join(&file.rule);
    let rule_text = std::fs::read_to_string(&rule_path)
        .map_err(|e| format!("cannot read rule {}: {e}", rule_path.display()))?;
    let rule = crate::rules::load(&rule_path.to_string_lossy(), &rule_text)
        .map_err(|d| format!("{}: {}", rule_path.display(), d.message))?;
    Ok(file
        .cases
        .iter()
        .map(|case| run_case(&file, case, &rule.query, dir))
        .collect())
}

fn run_case(file: &TestFile, case: &TestCase, query: &str, dir: &Path) -> CaseOutcome {
    let failure = outcome(file, case, query, dir).err();
    CaseOutcome {
        name: case.name.clone(),
        failure,
    }
}

fn outcome(file: &TestFile, case: &TestCase, query: &str, dir: &Path) -> Result<(), String> {
    let now_text = case
        .now
        .as_ref()
        .or(file.now.as_ref())
        .ok_or("the case has no `now` (set it on the case or the file)")?;
    let now = time::parse_datetime(now_text)
        .ok_or_else(|| format!("`now: {now_text}` is not a datetime"))?;
    let mut inputs = Vec::new();
    for (name, entry) in &case.tables {
        let paths = TestCase::files(entry)
            .into_iter()
            .map(|f| dir.join(f))
            .collect();
        inputs.push(table_input(name, paths, Format::Auto));
    }
    for (name, entry) in &case.watchlists {
        inputs.push(watchlist_input(
            name,
            TestCase::files(entry)
                .into_iter()
                .map(|f| dir.join(f))
                .collect(),
        ));
    }
    let table = match run_kql(query, inputs, now) {
        Ok(table) => table,
        Err(RunError::Query(diags)) => {
            let lines: Vec<String> = diags
                .iter()
                .map(|d| format!("{}: {}", d.code.id(), d.message))
                .collect();
            return Err(format!("the query failed: {}", lines.join("; ")));
        }
        Err(RunError::Io(e)) => return Err(format!("reading a table failed: {e}")),
    };
    let expect = &case.expect;
    compare(
        &table,
        &Expectation {
            columns: expect.columns.as_deref(),
            rows: &expect.rows,
            ordered: expect.ordered,
            set_columns: &expect.set_columns,
        },
    )
}
