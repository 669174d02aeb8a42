//! `expect.alerts` in `.test.yaml` cases: a right expectation passes, a wrong one fails
//! with a readable account, and `rows` may be left out when `alerts` is given.

use kqlc::testing::run_test_file;
use std::path::{Path, PathBuf};

const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/rules");

/// A temporary test file beside a copy-free reference to the bundled provisioning rule.
fn case_file(name: &str, expect: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kqlc-alerts-testing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.test.yaml"));
    let text = format!(
        "rule: {RULES}/provisioning-failure-burst-single-job.yaml\nnow: 2026-06-01T12:00:00Z\ncases:\n  - name: {name}\n    tables:\n      AADProvisioningLogs: {RULES}/provisioning-failure-burst-single-job.data/burst-fires/AADProvisioningLogs.jsonl\n    expect:\n{expect}"
    );
    std::fs::write(&path, text).expect("test file");
    path
}

fn failure(path: &Path) -> Option<String> {
    let outcomes = run_test_file(path).unwrap_or_else(|e| panic!("the file runs: {e}"));
    outcomes.into_iter().next().and_then(|o| o.failure)
}

#[test]
fn alerts_alone_are_a_complete_expectation() {
    let path = case_file(
        "alerts-only",
        "      alerts:\n        count: 1\n        incidents: 1\n        items:\n          - {AlertName: \"Provisioning Failure Burst on Litware-HR-SCIM - 35 failures\"}\n",
    );
    assert_eq!(failure(&path), None);
}

#[test]
fn a_wrong_alert_field_fails_naming_the_field_and_both_values() {
    let path = case_file(
        "wrong-entity",
        "      alerts:\n        items:\n          - {Entities: [{Name: Litware-HR-SCIM}, {Name: Contoso-Workday}]}\n",
    );
    let why = failure(&path).expect("the case fails");
    assert!(why.starts_with("alerts differ\n"), "{why}");
    assert!(
        why.contains("alert 1: Entities[1].Name: expected \"Contoso-Workday\", actual \"Fabrikam-ServiceNow\""),
        "{why}"
    );
    assert!(why.contains("actual alert 1: {\"AlertName\":"), "{why}");
}

#[test]
fn a_wrong_count_fails_and_says_whether_the_trigger_fired() {
    let path = case_file("wrong-count", "      alerts:\n        count: 2\n");
    let why = failure(&path).expect("the case fails");
    assert!(
        why.contains("expected 2 alert(s), the rule raised 1"),
        "{why}"
    );
}

#[test]
fn a_wrong_incident_count_fails() {
    let path = case_file(
        "wrong-incidents",
        "      alerts:\n        count: 1\n        incidents: 2\n",
    );
    let why = failure(&path).expect("the case fails");
    assert!(
        why.contains("expected 2 incident(s), the alerts were grouped into 1"),
        "{why}"
    );
}

#[test]
fn rows_and_alerts_are_both_checked() {
    let path = case_file(
        "wrong-rows-right-alerts",
        "      rows: []\n      alerts:\n        count: 1\n",
    );
    let why = failure(&path).expect("the case fails");
    assert!(
        why.starts_with("rows differ (0 expected, 2 actual)"),
        "{why}"
    );
}

#[test]
fn an_expectation_without_rows_or_alerts_is_an_error() {
    let path = case_file("nothing", "      ordered: false\n");
    let why = failure(&path).expect("the case fails");
    assert!(
        why.contains("`expect` needs `rows`, `alerts` or both"),
        "{why}"
    );
}
