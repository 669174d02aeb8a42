//! A whole Sentinel rule's alerts from a query result: the trigger, event grouping
//! (SingleAlert by default, AlertPerResult), `{{Column}}` names and descriptions, entities,
//! custom details, severity/tactics overrides, and incident grouping of one run.
//! Sentinel docs: "Customize alert details", "Map data fields to entities", "Surface custom
//! details in alerts", "Group alerts into incidents" (learn.microsoft.com/azure/sentinel).

use kqlc::alerts::{AlertRule, evaluate};
use kqlc::value::time::parse_datetime;
use kqlc::value::{Column, Table, Type, Value};
use serde_json::json;
use std::process::Command;

fn rule(yaml: &str) -> AlertRule {
    let meta = kqlc::rules::sentinel_yaml::parse(yaml)
        .unwrap_or_else(|d| panic!("rule parses: {}", d.message))
        .meta;
    AlertRule::from_meta(&meta, "rule")
}

/// Three sign-in results: two from alice (two IPs), one from bob.
fn result() -> Table {
    let row = |user: &str, ip: &str, n: i64, sev: &str| {
        vec![
            Value::string(user),
            Value::string("contoso.com"),
            Value::string(ip),
            Value::Long(n),
            Value::string(sev),
        ]
    };
    Table::new(
        vec![
            Column::new("User", Type::String),
            Column::new("Suffix", Type::String),
            Column::new("IP", Type::String),
            Column::new("Failures", Type::Long),
            Column::new("Sev", Type::String),
        ],
        vec![
            row("alice", "203.0.113.7", 12, "High"),
            row("alice", "198.51.100.9", 8, "low"),
            row("bob", "203.0.113.7", 5, "not-a-severity"),
        ],
    )
}

const MAPPINGS: &str = "entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: User\n      - identifier: UPNSuffix\n        columnName: Suffix\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: IP\n";

fn now() -> i64 {
    parse_datetime("2026-06-01T12:00:00Z").unwrap_or_default()
}

fn per_result(extra: &str) -> AlertRule {
    rule(&format!(
        "name: Spray\nseverity: Medium\nqueryPeriod: 1h\nquery: T\ntactics: [CredentialAccess]\n\
         eventGroupingSettings:\n  aggregationKind: AlertPerResult\n\
         alertDetailsOverride:\n  alertDisplayNameFormat: '{{{{User}}}} failed {{{{Failures}}}} times'\n  alertDescriptionFormat: 'From {{{{IP}}}}'\n\
         customDetails:\n  Failures: Failures\n{MAPPINGS}{extra}"
    ))
}

#[test]
fn by_default_all_rows_make_one_alert_named_after_the_first_row() {
    let r = rule(&format!(
        "name: Spray\nquery: T\nalertDetailsOverride:\n  alertDisplayNameFormat: '{{{{User}}}} x{{{{Failures}}}}'\ncustomDetails:\n  Failures: Failures\n{MAPPINGS}"
    ));
    let run = evaluate(&r, &result(), now());
    assert!(run.fired);
    assert_eq!(run.alerts.len(), 1);
    let alert = run.alerts[0].to_security_alert();
    assert_eq!(alert["AlertName"], json!("alice x12"));
    assert_eq!(
        alert["Entities"],
        json!([
            {"Type": "account", "Name": "alice", "UPNSuffix": "contoso.com"},
            {"Type": "ip", "Address": "203.0.113.7"},
            {"Type": "ip", "Address": "198.51.100.9"},
            {"Type": "account", "Name": "bob", "UPNSuffix": "contoso.com"},
        ])
    );
    assert_eq!(
        alert["ExtendedProperties"]["Custom Details"],
        json!({"Failures": ["12", "8", "5"]})
    );
}

#[test]
fn alert_per_result_makes_one_alert_per_row_with_its_own_values() {
    let run = evaluate(&per_result(""), &result(), now());
    let names: Vec<&str> = run.alerts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "alice failed 12 times",
            "alice failed 8 times",
            "bob failed 5 times"
        ]
    );
    let third = run.alerts[2].to_security_alert();
    assert_eq!(third["Description"], json!("From 203.0.113.7"));
    assert_eq!(
        third["ExtendedProperties"]["Custom Details"],
        json!({"Failures": ["5"]})
    );
    assert_eq!(third["StartTime"], json!("2026-06-01T11:00:00Z"));
    assert_eq!(third["EndTime"], json!("2026-06-01T12:00:00Z"));
    assert_eq!(third["ProviderName"], json!("kqlc"));
    assert_eq!(third["Tactics"], json!("CredentialAccess"));
}

#[test]
fn the_trigger_compares_the_row_count_with_the_threshold() {
    let fires = |op: &str, n: i64| {
        let r = rule(&format!(
            "query: T\ntriggerOperator: {op}\ntriggerThreshold: {n}\n"
        ));
        evaluate(&r, &result(), now()).alerts.len()
    };
    assert_eq!(fires("gt", 2), 1);
    assert_eq!(fires("gt", 3), 0);
    assert_eq!(fires("GreaterThan", 3), 0);
    assert_eq!(fires("lt", 4), 1);
    assert_eq!(fires("eq", 3), 1);
    assert_eq!(fires("ne", 3), 0);
}

#[test]
fn an_empty_result_does_not_fire_the_default_trigger() {
    let empty = Table::new(result().columns, Vec::new());
    let run = evaluate(&rule("query: T\n"), &empty, now());
    assert!(!run.fired);
    assert!(run.alerts.is_empty() && run.incidents.is_empty());
}

#[test]
fn severity_and_tactics_columns_override_when_valid() {
    let r = per_result("");
    let mut r2 = r.clone();
    r2.severity_column = Some("Sev".into());
    let run = evaluate(&r2, &result(), now());
    let severities: Vec<&str> = run.alerts.iter().map(|a| a.severity.as_str()).collect();
    // "low" is read case-insensitively; "not-a-severity" falls back to the rule's severity.
    assert_eq!(severities, ["High", "Low", "Medium"]);
}

#[test]
fn a_name_whose_placeholder_is_empty_falls_back_to_the_rule_name() {
    let mut table = result();
    table.rows[0][0] = Value::string("");
    let run = evaluate(&per_result(""), &table, now());
    assert_eq!(run.alerts[0].name, "Spray");
}

fn incidents(grouping: &str) -> Vec<Vec<usize>> {
    let config = format!(
        "incidentConfiguration:\n  createIncident: true\n  groupingConfiguration:\n{grouping}"
    );
    evaluate(&per_result(&config), &result(), now())
        .incidents
        .into_iter()
        .map(|i| i.alerts)
        .collect()
}

#[test]
fn without_grouping_each_alert_is_its_own_incident() {
    assert_eq!(
        incidents("    enabled: false\n"),
        [vec![0], vec![1], vec![2]]
    );
}

#[test]
fn any_alert_groups_the_whole_run_into_one_incident() {
    assert_eq!(
        incidents("    enabled: true\n    matchingMethod: AnyAlert\n"),
        [vec![0, 1, 2]]
    );
}

#[test]
fn all_entities_groups_only_alerts_with_identical_entities() {
    // alice/203.0.113.7, alice/198.51.100.9 and bob/203.0.113.7 all differ somewhere.
    assert_eq!(
        incidents("    enabled: true\n    matchingMethod: AllEntities\n"),
        [vec![0], vec![1], vec![2]]
    );
}

#[test]
fn selected_groups_by_the_chosen_entity_types() {
    assert_eq!(
        incidents(
            "    enabled: true\n    matchingMethod: Selected\n    groupByEntities: [Account]\n"
        ),
        [vec![0, 1], vec![2]]
    );
    assert_eq!(
        incidents("    enabled: true\n    matchingMethod: Selected\n    groupByEntities: [IP]\n"),
        [vec![0, 2], vec![1]]
    );
}

#[test]
fn no_incident_when_create_incident_is_false() {
    let r = per_result("incidentConfiguration:\n  createIncident: false\n");
    assert!(evaluate(&r, &result(), now()).incidents.is_empty());
}

#[test]
fn kqlc_run_alerts_prints_security_alert_objects() {
    let out = Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            "corpus/rules/provisioning-failure-burst-single-job.yaml",
            "--table",
            "AADProvisioningLogs=corpus/rules/provisioning-failure-burst-single-job.data/burst-fires/AADProvisioningLogs.jsonl",
            "--now",
            "2026-06-01T12:00:00Z",
            "--alerts",
            "--format",
            "json",
        ])
        .output()
        .expect("kqlc runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let alerts: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let alerts = alerts.as_array().expect("an array");
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        alerts[0]["AlertName"],
        json!("Provisioning Failure Burst on Litware-HR-SCIM - 35 failures")
    );
    assert_eq!(alerts[0]["Severity"], json!("Medium"));
    assert_eq!(alerts[0]["Entities"].as_array().map(Vec::len), Some(2));
}

#[test]
fn kqlc_run_alerts_says_when_the_rule_does_not_fire() {
    let out = Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            "corpus/rules/provisioning-failure-burst-single-job.yaml",
            "--table",
            "AADProvisioningLogs=corpus/rules/provisioning-failure-burst-single-job.data/near-miss-29/AADProvisioningLogs.jsonl",
            "--now",
            "2026-06-01T12:00:00Z",
            "--alerts",
        ])
        .output()
        .expect("kqlc runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout.starts_with(
            "Rule \"Provisioning Failure Burst - Single Job\" did not fire: 0 result rows"
        ),
        "{stdout}"
    );
}
