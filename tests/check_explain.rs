//! `kqlc explain` on seed 004 (New PA, PCA, or PCAS added to Azure DevOps): its
//! stages, indicators and output fields are the ones the seed page lists
//! (`../shared/seeds/004_*.txt`, "Stages and Predicates", "Indicators", "Output fields").

use crate::common;

use kqlc::check::CheckOptions;
use kqlc::check::explain::{Explanation, explain, render_table};
use std::collections::BTreeSet;

const RULE: &str = "corpus/rules/new-pa-pca-or-pcas-added-to-azure-devops.yaml";

fn seed_004() -> Explanation {
    let path = format!("{}/{RULE}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("seed 004 is in the repository");
    let rule = kqlc::rules::load(RULE, &text).expect("seed 004 loads");
    let (query, _) = kqlc::parse_kql(&rule.query);
    explain(
        &query.expect("seed 004 parses"),
        &rule.query,
        &CheckOptions::default(),
    )
    .expect("seed 004 lowers")
}

/// The seed page's text, when the shared material is present.
fn seed_page() -> Option<String> {
    let dir = std::path::Path::new(&common::shared_dir()).join("seeds");
    let entry = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("004_"))?;
    std::fs::read_to_string(entry.path()).ok()
}

/// The first cells of the `| a | b |` rows after `heading` and before `until`.
fn first_cells(page: &str, heading: &str, until: Option<&str>) -> Vec<String> {
    let start = page.find(heading).map_or(page.len(), |i| i + heading.len());
    let rest = &page[start..];
    let rest = until
        .and_then(|u| rest.find(u))
        .map_or(rest, |i| &rest[..i]);
    rest.lines()
        .filter_map(|l| l.split_once(" |").map(|(cell, _)| cell.trim().to_string()))
        .filter(|c| !c.is_empty() && !c.starts_with('|') && !c.starts_with("---"))
        .filter(|c| c != "Field")
        .collect()
}

#[test]
fn seed_004_output_fields_are_the_seed_pages_output_fields() {
    let Some(page) = seed_page() else {
        println!("SKIPPED: ../shared/seeds is absent");
        return;
    };
    let expected: BTreeSet<String> = first_cells(&page, "Output fields", None)
        .into_iter()
        .collect();
    let got: BTreeSet<String> = seed_004().outputs.iter().map(|o| o.name.clone()).collect();
    assert_eq!(got, expected);
    let sources: Vec<(String, String)> = seed_004()
        .outputs
        .iter()
        .map(|o| (o.name.clone(), o.source.clone()))
        .collect();
    assert!(sources.contains(&("ActorUPN".into(), "summarize".into())));
    assert!(sources.contains(&("AccountName".into(), "extend".into())));
}

#[test]
fn seed_004_stages_and_indicators_are_the_seed_pages() {
    let Some(page) = seed_page() else {
        println!("SKIPPED: ../shared/seeds is absent");
        return;
    };
    let expected_kinds: Vec<String> = page
        .lines()
        .filter_map(|l| l.strip_prefix("Stage "))
        .filter_map(|l| l.split_once(": ").map(|(_, k)| k.trim().to_string()))
        .collect();
    let explanation = seed_004();
    let kinds: Vec<String> = explanation.stages.iter().map(|s| s.kind.clone()).collect();
    assert_eq!(kinds, expected_kinds);
    let expected_fields: BTreeSet<String> = first_cells(&page, "Indicators", Some("Output fields"))
        .into_iter()
        .collect();
    let fields: BTreeSet<String> = explanation
        .indicators
        .iter()
        .map(|i| i.field.clone())
        .collect();
    assert_eq!(fields, expected_fields);
    let kinds: Vec<(&str, &str)> = explanation
        .indicators
        .iter()
        .map(|i| (i.field.as_str(), i.kind.as_str()))
        .collect();
    assert!(kinds.contains(&("OperationName", "eq")) && kinds.contains(&("Details", "match")));
}

#[test]
fn seed_004_explanation_snapshot() {
    let explanation = seed_004();
    insta::with_settings!({snapshot_path => "../snapshots/check", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("explain_seed_004_table", render_table(&explanation));
        insta::assert_json_snapshot!("explain_seed_004_json", explanation);
    });
}

#[test]
fn kqlc_explain_format_json_prints_stages_indicators_and_outputs() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .args(["explain", "--format", "json", RULE])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kqlc runs");
    assert!(output.status.success());
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("explain prints JSON");
    assert_eq!(json["stages"].as_array().map(Vec::len), Some(11));
    assert_eq!(json["indicators"][0]["field"], "OperationName");
    assert_eq!(json["outputs"][0]["name"], "ActorUPN");
    assert_eq!(json["outputs"][0]["type"], "string");
}
