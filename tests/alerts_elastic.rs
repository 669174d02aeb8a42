//! Running a whole Elastic ES|QL rule: its `from` look-back on `@timestamp` (or
//! `timestamp_override`), one alert per result row with the rule's severity and risk
//! score, `max_signals`, and `kqlc run --alerts` on a TOML rule.
//! Elastic Security docs: "ES|QL rules" (each row becomes an alert) and "Common rule
//! settings" (`from`, `max_signals` default 100, severity and risk score overrides).

use kqlc::alerts::elastic::evaluate;
use kqlc::run::{run_rule_query, table_input};
use kqlc::value::time::parse_datetime;
use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("kqlc-alerts-elastic-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A rule over `logs-*` that keeps every document's user and time.
fn rule(dir: &Path, settings: &str) -> PathBuf {
    let text = format!(
        "[rule]\nname = \"Sign-ins\"\nrule_id = \"r-1\"\nlanguage = \"esql\"\ntype = \"esql\"\n\
         severity = \"low\"\nrisk_score = 21\n{settings}\n\
         query = '''\nfrom logs-* metadata _id\n| keep user.name, @timestamp, _id\n| sort @timestamp\n'''\n"
    );
    let path = dir.join("rule.toml");
    std::fs::write(&path, text).expect("rule");
    path
}

/// Documents at the window's edge for `from = "now-1h"` and now = 12:00.
fn documents(dir: &Path) -> PathBuf {
    let docs = [
        ("2026-06-01T10:59:59Z", "older"),
        ("2026-06-01T11:00:00Z", "edge"),
        ("2026-06-01T11:30:00Z", "inside"),
        ("2026-06-01T12:00:00Z", "now"),
        ("2026-06-01T12:00:01Z", "future"),
    ];
    let text: String = docs
        .iter()
        .map(|(t, u)| format!("{{\"@timestamp\": \"{t}\", \"user\": {{\"name\": \"{u}\"}}}}\n"))
        .collect();
    let path = dir.join("docs.ndjson");
    std::fs::write(&path, text).expect("docs");
    path
}

fn now() -> i64 {
    parse_datetime("2026-06-01T12:00:00Z").expect("now")
}

/// Loads the test rule with `settings` and runs its query on [`documents`] at [`now`].
fn run_rule(settings: &str, name: &str) -> (kqlc::rules::RuleFile, kqlc::value::Table) {
    let dir = temp_dir(name);
    let path = rule(&dir, settings);
    let text = std::fs::read_to_string(&path).expect("read");
    let rule = kqlc::rules::load(&path.to_string_lossy(), &text).expect("rule loads");
    let inputs = vec![table_input(
        "logs-test",
        vec![documents(&dir)],
        kqlc::io::Format::Auto,
    )];
    let table = run_rule_query(&rule, inputs, now(), rule.lookback()).expect("runs");
    (rule, table)
}

fn users_seen(settings: &str, name: &str) -> Vec<String> {
    let (_, table) = run_rule(settings, name);
    let user = table.column_index("user.name").expect("user.name");
    table
        .rows
        .iter()
        .map(|r| r[user].to_kusto_string())
        .collect()
}

#[test]
fn the_query_sees_documents_from_now_minus_from_to_now_both_ends_inclusive() {
    assert_eq!(
        users_seen("from = \"now-1h\"", "window"),
        ["edge", "inside", "now"]
    );
}

#[test]
fn without_from_the_look_back_is_elastics_default_of_six_minutes() {
    assert_eq!(users_seen("", "default"), ["now"]);
}

#[test]
fn timestamp_override_moves_the_window_to_another_field() {
    // No document has `event.ingested`: a range filter never matches a missing field.
    let seen = users_seen(
        "from = \"now-1h\"\ntimestamp_override = \"event.ingested\"",
        "override",
    );
    assert!(seen.is_empty(), "{seen:?}");
}

#[test]
fn each_row_becomes_an_alert_up_to_max_signals() {
    let (rule, table) = run_rule("from = \"now-1h\"\nmax_signals = 2", "max-signals");
    let meta = rule.elastic.as_ref().expect("an Elastic rule");
    let run = evaluate(meta, "rule", &table, now());
    assert_eq!(table.rows.len(), 3);
    assert_eq!(run.alerts.len(), 2);
    assert_eq!(run.over_limit, 1);
    let first = &run.alerts[0];
    assert_eq!(first["kibana.alert.rule.name"], "Sign-ins");
    assert_eq!(first["kibana.alert.rule.rule_id"], "r-1");
    assert_eq!(first["kibana.alert.severity"], "low");
    assert_eq!(first["kibana.alert.risk_score"], 21);
    let original = first["kibana.alert.original_time"]
        .as_str()
        .and_then(parse_datetime);
    assert_eq!(original, parse_datetime("2026-06-01T11:00:00Z"));
    assert_eq!(first["user.name"], "edge");
    assert_eq!(run.alerts[1]["user.name"], "inside");
}

#[test]
fn kqlc_run_alerts_prints_the_alert_documents_of_a_toml_rule() {
    let dir = temp_dir("cli");
    let path = rule(&dir, "from = \"now-1h\"");
    let docs = documents(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .args([
            "run",
            "--alerts",
            "--format",
            "json",
            "--now",
            "2026-06-01T12:00:00Z",
        ])
        .arg(&path)
        .arg("--table")
        .arg(format!("logs-test={}", docs.display()))
        .output()
        .expect("kqlc runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let alerts: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let users: Vec<&str> = alerts
        .as_array()
        .expect("an array of alerts")
        .iter()
        .map(|a| a["user.name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(users, ["edge", "inside", "now"]);
    assert_eq!(alerts[0]["kibana.alert.rule.type"], "esql");
}

#[test]
fn a_wrong_alert_expectation_fails_with_the_difference_and_the_actual_alert() {
    use kqlc::testing::alerts::{AlertsExpect, compare_elastic_alerts};
    let table = kqlc::value::Table::new(
        vec![kqlc::value::Column::new(
            "user.name",
            kqlc::value::Type::String,
        )],
        vec![vec![kqlc::value::Value::string("alice")]],
    );
    let meta = kqlc::rules::ElasticMeta {
        severity: Some("high".into()),
        ..Default::default()
    };
    let run = evaluate(&meta, "rule", &table, now());
    let want: AlertsExpect = serde_json::from_str(
        r#"{"items": [{"kibana.alert.severity": "critical", "user.name": "alice"}]}"#,
    )
    .expect("expectation");
    let why = compare_elastic_alerts(&run, &want).expect_err("severity differs");
    assert!(why.contains("alert 1"), "{why}");
    assert!(why.contains("critical") && why.contains("high"), "{why}");
    assert!(why.contains("actual alert 1"), "{why}");
}
