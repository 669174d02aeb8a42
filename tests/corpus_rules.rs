//! Every case of the bundled rules (`corpus/rules/*.test.yaml`) run through the `kqlc test`
//! machinery, which must pass; and each case's result rows (JSON Lines) and alerts
//! (SecurityAlert objects, or Elastic alert documents for an Elastic rule) recorded as insta snapshots: `snapshots/rules/<rule>__<case>.snap`
//! and `snapshots/alerts/<rule>__<case>.snap`.

use kqlc::io::write::{OutputFormat, write};
use kqlc::testing::{case_result, discover, load_test_file, run_test_file};
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// `rule.test.yaml` → `rule`.
fn rule_name(test_file: &Path) -> String {
    let name = test_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.trim_end_matches(".test.yaml").to_string()
}

#[test]
fn every_corpus_case_passes() {
    let files = discover(&[corpus()]);
    assert!(files.len() >= 15, "found only {} test files", files.len());
    let mut failures = Vec::new();
    let mut cases = 0;
    for file in &files {
        let outcomes = run_test_file(file).unwrap_or_else(|e| panic!("{e}"));
        for outcome in outcomes {
            cases += 1;
            if let Some(why) = outcome.failure {
                failures.push(format!("{} :: {}\n{why}", file.display(), outcome.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(cases >= 36, "ran only {cases} cases");
}

#[test]
fn every_corpus_case_matches_its_snapshots() {
    for file in discover(&[corpus()]) {
        let (tests, rule, dir) = load_test_file(&file).unwrap_or_else(|e| panic!("{e}"));
        for case in &tests.cases {
            let (table, now) = case_result(&tests, case, &rule, &dir)
                .unwrap_or_else(|e| panic!("{} :: {}: {e}", file.display(), case.name));
            let name = format!("{}__{}", rule_name(&file), case.name);
            let mut rows = Vec::new();
            write(OutputFormat::JsonLines, &table, &mut rows).unwrap_or_else(|e| panic!("{e}"));
            insta::with_settings!({snapshot_path => "../snapshots/rules", prepend_module_to_snapshot => false, description => case.description.trim()}, {
                insta::assert_snapshot!(name.clone(), String::from_utf8_lossy(&rows));
            });
            let alerts = kqlc::alerts::rule_alerts_json(&rule, &rule_name(&file), &table, now);
            let text = serde_json::to_string_pretty(&alerts).unwrap_or_default();
            insta::with_settings!({snapshot_path => "../snapshots/alerts", prepend_module_to_snapshot => false}, {
                insta::assert_snapshot!(name, text);
            });
        }
    }
}
