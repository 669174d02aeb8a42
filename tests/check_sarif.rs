//! `kqlc check --format sarif` output validates against the SARIF 2.1.0 JSON schema
//! (`tests/sarif-schema-2.1.0.json`: OASIS's schema as the `serde-sarif` 0.8.0 crate
//! on crates.io ships it), for clean rules, warnings, errors and rule-lint findings.

use crate::check_support;

use kqlc::check::CheckOptions;
use kqlc::diagnostic::render::{FileDiagnostics, sarif};
use kqlc::rules;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sarif-schema-2.1.0.json"
    ))
    .expect("the SARIF schema is in tests/");
    let mut schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    // The schema's `language` patterns (`…-[a-zA-Z]{2}]?$`, a stray `]`) are valid
    // ECMAScript but not regexes the validator accepts; kqlc never writes `language`,
    // so those patterns are dropped here rather than edited in the shipped file.
    drop_language_patterns(&mut schema);
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// Removes the `pattern` of every `language` property in the schema.
fn drop_language_patterns(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(language)) = map.get_mut("language") {
                language.remove("pattern");
            }
            map.values_mut().for_each(drop_language_patterns);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_language_patterns),
        _ => {}
    }
}

fn file(path: &str, text: &str) -> FileDiagnostics {
    let rule = rules::load(path, text).expect("the rule loads");
    let found = check_support::findings(path, text, &CheckOptions::default());
    FileDiagnostics::new(rule.path, rule.text, rule.query_map, found)
}

fn seed(name: &str) -> (String, String) {
    let path = format!("corpus/rules/{name}");
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .expect("the seed rule is in the repository");
    (path, text)
}

fn assert_valid(files: &[FileDiagnostics]) -> serde_json::Value {
    let log: serde_json::Value =
        serde_json::from_str(&sarif::render(files)).expect("the SARIF output is JSON");
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
    log
}

#[test]
fn sarif_of_the_seed_rules_validates_against_the_sarif_2_1_0_schema() {
    let files: Vec<FileDiagnostics> = [
        "provisioning-failure-burst-single-job.yaml",
        "new-pa-pca-or-pcas-added-to-azure-devops.yaml",
        "workload-identity-multiple-sps-created-by-single-principal.kql",
    ]
    .iter()
    .map(|name| {
        let (path, text) = seed(name);
        file(&path, &text)
    })
    .collect();
    let log = assert_valid(&files);
    let results = log["runs"][0]["results"].as_array().expect("results");
    // Seed 004's three info notes (KQL225, KQL227) are SARIF `note`s.
    let not_notes: Vec<&serde_json::Value> =
        results.iter().filter(|r| r["level"] != "note").collect();
    assert_eq!(not_notes.len(), 1, "only the unused-let warning");
    assert_eq!(not_notes[0]["ruleId"], "KQL209");
}

#[test]
fn sarif_with_errors_warnings_infos_and_rule_lint_validates() {
    let query = file(
        "q.kql",
        "let unused = 1;\nCustom_CL\n| take 5\n| where TimeGenerated > 14\n",
    );
    let rule = file(
        "rule.yaml",
        "id: x\nname: y\nseverity: Severe\nqueryFrequency: 1d\nqueryPeriod: 1h\ntriggerOperator: gt\ntriggerThreshold: 0\nquery: |\n  AuditLogs\n  | where OperationNmae == 'x'\n",
    );
    let log = assert_valid(&[query, rule]);
    let levels: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["level"].as_str())
        .collect();
    assert!(levels.contains(&"error") && levels.contains(&"warning") && levels.contains(&"note"));
}

#[test]
fn the_schema_rejects_a_log_with_a_wrong_version_and_level() {
    let bad = serde_json::json!({
        "version": "2.0.9",
        "runs": [{ "tool": { "driver": { "name": "kqlc" } },
                   "results": [{ "message": { "text": "x" }, "level": "fatal" }] }]
    });
    assert!(validator().iter_errors(&bad).count() >= 2);
}
