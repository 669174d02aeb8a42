//! `kqlc check` on the seed rules (`corpus/rules/`): the only warning or error is the
//! real one, seed 001's never-called `_ExcludeAllowlistedIPs` (KQL209). Seed 004 also
//! gets three info-level notes (a `join` without `kind=`, and `extend ActorUserId`
//! replacing the table's column twice): the issue asks to lint `join` without `kind=`
//! and column shadowing, and both are deliberate in this rule, hence info, not warning.

use crate::check_support;

use check_support::{findings, rendered, snapshot};
use kqlc::check::CheckOptions;
use kqlc::diagnostic::{Code, Severity};

fn seed(file: &str) -> (String, String) {
    let path = format!("corpus/rules/{file}");
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .expect("the seed rule is in the repository");
    (path, text)
}

#[test]
fn seed_000_provisioning_failure_burst_has_no_findings() {
    let (path, text) = seed("provisioning-failure-burst-single-job.yaml");
    assert_eq!(findings(&path, &text, &CheckOptions::default()), vec![]);
    snapshot("seed_000_clean", rendered(&path, &text));
}

#[test]
fn seed_004_azure_devops_admin_added_has_only_info_notes() {
    let (path, text) = seed("new-pa-pca-or-pcas-added-to-azure-devops.yaml");
    let found = findings(&path, &text, &CheckOptions::default());
    let codes: Vec<(Code, Severity)> = found.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        codes,
        vec![
            (Code::ColumnOverwritten, Severity::Info),
            (Code::JoinWithoutKind, Severity::Info),
            (Code::ColumnOverwritten, Severity::Info),
        ]
    );
    snapshot("seed_004_info_notes", rendered(&path, &text));
}

#[test]
fn seed_001_only_finding_is_the_unused_allowlist_function() {
    let (path, text) = seed("workload-identity-multiple-sps-created-by-single-principal.kql");
    let found = findings(&path, &text, &CheckOptions::default());
    let codes: Vec<Code> = found.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![Code::UnusedLet]);
    assert!(found[0].message.contains("_ExcludeAllowlistedIPs"));
    snapshot("seed_001_unused_let", rendered(&path, &text));
}
