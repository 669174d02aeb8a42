//! Finding test files and running their cases.

use super::alerts::compare_alerts;
use super::case_file::{self, TestCase, TestFile};
use super::compare::{Expectation, compare};
use crate::alerts::AlertRule;
use crate::io::Format;
use crate::rules::RuleFile;
use crate::run::{RunError, table_input, watchlist_input};
use crate::value::Table;
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
    let (file, rule, dir) = load_test_file(path)?;
    Ok(file
        .cases
        .iter()
        .map(|case| run_case(&file, case, &rule, &dir))
        .collect())
}

fn run_case(file: &TestFile, case: &TestCase, rule: &RuleFile, dir: &Path) -> CaseOutcome {
    let failure = outcome(file, case, rule, dir).err();
    CaseOutcome {
        name: case.name.clone(),
        failure,
    }
}

/// Runs one case's query (in the rule's `queryPeriod` window) and returns its result
/// with the case's `now`; `Err` describes why it could not run.
pub fn case_result(
    file: &TestFile,
    case: &TestCase,
    rule: &RuleFile,
    dir: &Path,
) -> Result<(Table, i64), String> {
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
    let query_period = rule.lookback();
    match crate::run::run_rule_query(rule, inputs, now, query_period) {
        Ok(table) => Ok((table, now)),
        Err(RunError::Query(diags)) => {
            let lines: Vec<String> = diags
                .iter()
                .map(|d| format!("{}: {}", d.code.id(), d.message))
                .collect();
            Err(format!("the query failed: {}", lines.join("; ")))
        }
        Err(RunError::Io(e)) => Err(format!("reading a table failed: {e}")),
        Err(RunError::Engine(e)) => Err(e.message),
    }
}

fn outcome(file: &TestFile, case: &TestCase, rule: &RuleFile, dir: &Path) -> Result<(), String> {
    let expect = &case.expect;
    if expect.rows.is_none() && expect.alerts.is_none() {
        return Err("`expect` needs `rows`, `alerts` or both".to_string());
    }
    let (table, now) = case_result(file, case, rule, dir)?;
    let mut failures = Vec::new();
    if let Some(rows) = &expect.rows
        && let Err(why) = compare(
            &table,
            &Expectation {
                columns: expect.columns.as_deref(),
                rows,
                ordered: expect.ordered,
                set_columns: &expect.set_columns,
                partial: expect.partial_columns,
            },
        )
    {
        failures.push(why);
    }
    if let Some(want) = &expect.alerts
        && let Err(why) = rule_alerts_match(rule, &table, now, want)
    {
        failures.push(why);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// Evaluates the whole rule (Sentinel or Elastic) on its query result and compares
/// its alerts with the expectation.
fn rule_alerts_match(
    rule: &RuleFile,
    table: &Table,
    now: i64,
    want: &super::alerts::AlertsExpect,
) -> Result<(), String> {
    let name = rule_stem(&rule.path);
    match &rule.elastic {
        Some(meta) => {
            let evaluation = crate::alerts::elastic::evaluate(meta, &name, table, now);
            super::alerts::compare_elastic_alerts(&evaluation, want)
        }
        None => {
            let settings = AlertRule::from_meta(&rule.meta, &name);
            compare_alerts(&crate::alerts::evaluate(&settings, table, now), want)
        }
    }
}

/// A rule file's name without directories and extension.
fn rule_stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned())
}

/// Reads a test file and its rule: the parsed cases, the rule and the directory the
/// cases' paths are relative to.
pub fn load_test_file(path: &Path) -> Result<(TestFile, RuleFile, PathBuf), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = case_file::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let rule_path = dir.join(&file.rule);
    let rule_text = std::fs::read_to_string(&rule_path)
        .map_err(|e| format!("cannot read rule {}: {e}", rule_path.display()))?;
    let rule = crate::rules::load(&rule_path.to_string_lossy(), &rule_text)
        .map_err(|d| format!("{}: {}", rule_path.display(), d.message))?;
    Ok((file, rule, dir))
}
