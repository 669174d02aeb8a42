//! Rule-level findings (KQL110, KQL111) point at the YAML value of the key they are
//! about, not at the query's first line; a `{{Column}` with one closing brace is an
//! unclosed placeholder. Lines and columns (1-based) are counted by hand from RULE.
//! Sentinel's rule schema (keys, tactics, `{{Column}}` placeholders):
//! learn.microsoft.com/azure/sentinel/sentinel-analytic-rules-creation (alert details,
//! "Customize alert details").

use crate::common;

use serde_json::Value;

/// Lines 3 (severity), 7 (tactic), 16 (columnName) and 18 (the format string) hold the
/// mistakes; the query (lines 9–11) outputs `Computer` and `count_`.
const RULE: &str = "id: 1
name: test
severity: Medum
queryFrequency: 1h
queryPeriod: 1h
tactics:
  - CommandandControl
query: |
  SecurityEvent
  | where TimeGenerated > ago(1h)
  | summarize count() by Computer
entityMappings:
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: SrcDvcIpAddr
alertDetailsOverride:
  alertDisplayNameFormat: \"Beacon from {{SrcIpAddr} with a Domain {{Computer}}\"
";

fn findings() -> Vec<Value> {
    let dir = std::env::temp_dir().join(format!("kqlc-rule-place-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("rule.yaml");
    std::fs::write(&path, RULE).expect("write rule");
    let out = common::kqlc(&["check", "--format", "json", &path.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    serde_json::from_slice(&out.stdout).expect("JSON findings")
}

/// `(code, line, column, end_column)` of the finding whose message contains `needle`.
fn place(findings: &[Value], needle: &str) -> (String, u64, u64, u64) {
    let f = findings
        .iter()
        .find(|f| f["message"].as_str().is_some_and(|m| m.contains(needle)))
        .unwrap_or_else(|| panic!("a finding about {needle} in {findings:#?}"));
    let n = |k: &str| f[k].as_u64().unwrap_or(0);
    (
        f["code"].as_str().unwrap_or("").to_string(),
        n("line"),
        n("column"),
        n("end_column"),
    )
}

#[test]
fn an_entity_mapping_column_is_reported_at_its_column_name_value() {
    // `        columnName: SrcDvcIpAddr`: the value starts at column 21, 12 characters.
    let found = findings();
    assert_eq!(
        place(&found, "`SrcDvcIpAddr`"),
        ("KQL110".into(), 16, 21, 33)
    );
}

#[test]
fn severity_and_tactic_are_reported_at_their_values() {
    let found = findings();
    // `severity: Medum`: column 11, 5 characters.
    assert_eq!(
        place(&found, "severity `Medum`"),
        ("KQL111".into(), 3, 11, 16)
    );
    // `  - CommandandControl`: column 5, 17 characters.
    assert_eq!(
        place(&found, "tactic `CommandandControl`"),
        ("KQL111".into(), 7, 5, 22)
    );
}

#[test]
fn a_placeholder_with_one_closing_brace_is_an_unclosed_template_at_the_format_string() {
    let found = findings();
    // The quoted value starts at column 27 of line 18 and is 53 characters long.
    assert_eq!(
        place(&found, "unclosed `{{`"),
        ("KQL111".into(), 18, 27, 80)
    );
    // No KQL110 names a column `SrcIpAddr} with a Domain {{Computer`, and `Computer`,
    // which the query outputs, is not reported either.
    let kql110: Vec<&str> = found
        .iter()
        .filter(|f| f["code"] == "KQL110")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        kql110
            .iter()
            .all(|m| !m.contains("SrcIpAddr") && !m.contains("`Computer`")),
        "{kql110:#?}"
    );
}

#[test]
fn an_elastic_rule_in_another_language_is_reported_at_its_language_value() {
    // Line 3 `language = "kuery"`: the quoted value starts at column 12, 7 characters.
    let dir = std::env::temp_dir().join(format!("kqlc-rule-place-toml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("rule.toml");
    std::fs::write(
        &path,
        "[rule]\nname = \"x\"\nlanguage = \"kuery\"\nquery = '''\nprocess.name : \"x\"\n'''\n",
    )
    .expect("write rule");
    let out = common::kqlc(&["check", "--format", "json", &path.display().to_string()]);
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON findings");
    assert_eq!(
        place(&found, "language is `kuery`"),
        ("ESQL101".into(), 3, 12, 19)
    );
}
