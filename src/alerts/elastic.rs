//! Running a whole Elastic ES|QL rule, not just its query: each result row becomes an
//! alert document, as Elastic Security's detection engine writes them.
//!
//! Semantics (Elastic Security docs, "ES|QL rules" and "How alerts are generated"):
//! - every row of the query result is one alert; a row of a non-aggregating query
//!   (one that keeps `_id` through `METADATA _id`) is deduplicated on the source
//!   document (`_index`, `_id`, `_version`), as the engine's alert ids are a hash of them;
//! - a run writes at most `max_signals` alerts (default 100), in result order;
//! - `severity_mapping`: the highest severity whose `field` equals its `value` in the
//!   row overrides `severity`; `risk_score_mapping`: a number 0–100 in the mapped field
//!   overrides `risk_score` (Kibana's build_severity_from_mapping /
//!   build_risk_score_from_mapping).
//!
//! The query's time range (`from`, default `now-6m`, on `@timestamp` or the
//! `timestamp_override` field) is applied to the documents before the query runs
//! (`crate::run::run_esql_in_window`).

use crate::rules::elastic_meta::{ElasticMeta, SeverityMapping};
use crate::value::{Table, Value, time};
use serde_json::{Map, Value as J};

/// Elastic's severities, lowest first: a mapping to a later one wins over an earlier one.
const SEVERITY_ORDER: [&str; 4] = ["low", "medium", "high", "critical"];

/// What one run of an Elastic rule produced.
#[derive(Clone, Debug, PartialEq)]
pub struct ElasticEvaluation {
    /// The alert documents, flat objects with dotted keys (`kibana.alert.severity`, and
    /// the row's own columns).
    pub alerts: Vec<Map<String, J>>,
    /// Rows of the query result.
    pub result_rows: usize,
    /// Rows dropped as duplicates of an earlier row's source document.
    pub duplicates: usize,
    /// Rows past `max_signals`, not written.
    pub over_limit: usize,
}

/// Turns the query result of an Elastic rule into the alerts of one run at `now`.
pub fn evaluate(
    meta: &ElasticMeta,
    fallback_name: &str,
    table: &Table,
    now: i64,
) -> ElasticEvaluation {
    let mut seen: Vec<[String; 3]> = Vec::new();
    let mut alerts = Vec::new();
    let mut duplicates = 0;
    let mut over_limit = 0;
    for row in 0..table.rows.len() {
        if let Some(source) = source_document(table, row) {
            if seen.contains(&source) {
                duplicates += 1;
                continue;
            }
            seen.push(source);
        }
        if alerts.len() == meta.max_signals {
            over_limit += 1;
            continue;
        }
        alerts.push(alert(meta, fallback_name, table, row, now));
    }
    ElasticEvaluation {
        alerts,
        result_rows: table.rows.len(),
        duplicates,
        over_limit,
    }
}

/// `[_index, _id, _version]` of a row that kept `_id`; `None` for aggregated rows.
fn source_document(table: &Table, row: usize) -> Option<[String; 3]> {
    let text = |name: &str| {
        table
            .column_index(name)
            .and_then(|i| table.rows.get(row)?.get(i))
            .filter(|v| !v.is_null())
            .map(Value::to_kusto_string)
    };
    let id = text("_id")?;
    Some([
        text("_index").unwrap_or_default(),
        id,
        text("_version").unwrap_or_default(),
    ])
}

fn alert(
    meta: &ElasticMeta,
    fallback_name: &str,
    table: &Table,
    row: usize,
    now: i64,
) -> Map<String, J> {
    let cell = |name: &str| {
        table
            .column_index(name)
            .and_then(|i| table.rows.get(row)?.get(i))
            .filter(|v| !v.is_null())
    };
    let mut doc = Map::new();
    doc.insert("@timestamp".into(), J::String(time::format_datetime(now)));
    let name = meta
        .name
        .clone()
        .unwrap_or_else(|| fallback_name.to_string());
    doc.insert("kibana.alert.rule.name".into(), J::String(name));
    if let Some(id) = &meta.rule_id {
        doc.insert("kibana.alert.rule.rule_id".into(), J::String(id.clone()));
    }
    doc.insert("kibana.alert.rule.type".into(), J::String("esql".into()));
    if let Some(severity) = severity(meta, &cell) {
        doc.insert("kibana.alert.severity".into(), J::String(severity));
    }
    if let Some(score) = risk_score(meta, &cell) {
        doc.insert("kibana.alert.risk_score".into(), J::from(score));
    }
    if !meta.tactics.is_empty() {
        doc.insert(
            "kibana.alert.rule.threat.tactic.id".into(),
            ids(&meta.tactics),
        );
    }
    if !meta.techniques.is_empty() {
        doc.insert(
            "kibana.alert.rule.threat.technique.id".into(),
            ids(&meta.techniques),
        );
    }
    doc.insert(
        "kibana.alert.workflow_status".into(),
        J::String("open".into()),
    );
    if let Some(original) = cell(&meta.timestamp_field) {
        doc.insert("kibana.alert.original_time".into(), original.to_json());
    }
    let values = table.rows.get(row);
    for (i, column) in table.columns.iter().enumerate() {
        let value = values.and_then(|r| r.get(i)).unwrap_or(&Value::Null);
        doc.entry(column.name.clone())
            .or_insert_with(|| value.to_json());
    }
    doc
}

fn ids(list: &[String]) -> J {
    J::Array(list.iter().cloned().map(J::String).collect())
}

/// The rule's severity, or the highest one of a `severity_mapping` entry the row matches.
fn severity<'t>(meta: &ElasticMeta, cell: &dyn Fn(&str) -> Option<&'t Value>) -> Option<String> {
    let matched = meta
        .severity_mapping
        .iter()
        .filter(|m| cell(&m.field).is_some_and(|v| value_equals(v, m)))
        .max_by_key(|m| rank(&m.severity));
    matched
        .map(|m| m.severity.to_ascii_lowercase())
        .or_else(|| meta.severity.as_ref().map(|s| s.to_ascii_lowercase()))
}

fn rank(severity: &str) -> usize {
    SEVERITY_ORDER
        .iter()
        .position(|s| s.eq_ignore_ascii_case(severity))
        .unwrap_or(0)
}

/// Whether a row value (or one of its multi-values) equals a mapping's value as text.
fn value_equals(value: &Value, mapping: &SeverityMapping) -> bool {
    match value {
        Value::Dynamic(json) => match &**json {
            J::Array(items) => items.iter().any(|item| json_text(item) == mapping.value),
            other => json_text(other) == mapping.value,
        },
        other => other.to_kusto_string() == mapping.value,
    }
}

fn json_text(value: &J) -> String {
    match value {
        J::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The rule's risk score, or the first mapped field's value when it is a number 0–100.
fn risk_score<'t>(meta: &ElasticMeta, cell: &dyn Fn(&str) -> Option<&'t Value>) -> Option<i64> {
    let mapped = meta.risk_score_mapping.iter().find_map(|field| {
        let text = cell(field)?.to_kusto_string();
        let score: f64 = text.trim().parse().ok()?;
        // Elastic keeps a fractional score; kqlc's alert keeps whole numbers.
        (0.0..=100.0)
            .contains(&score)
            .then_some(score.round() as i64)
    });
    mapped.or(meta.risk_score)
}

/// A readable account of one run: each alert's name, severity, risk score and the
/// row's own fields.
pub fn human(evaluation: &ElasticEvaluation, rule_name: &str) -> String {
    let mut out = format!(
        "Rule \"{rule_name}\": {} result rows -> {} alert(s)",
        evaluation.result_rows,
        evaluation.alerts.len()
    );
    if evaluation.duplicates > 0 {
        out.push_str(&format!(
            ", {} duplicate(s) of a source document dropped",
            evaluation.duplicates
        ));
    }
    if evaluation.over_limit > 0 {
        out.push_str(&format!(
            ", {} over max_signals not written",
            evaluation.over_limit
        ));
    }
    out.push('\n');
    for (i, alert) in evaluation.alerts.iter().enumerate() {
        let text = |key: &str| alert.get(key).map(json_text).unwrap_or_default();
        out.push_str(&format!(
            "\nAlert {}: {}\n  Severity:    {}\n  Risk score:  {}\n",
            i + 1,
            text("kibana.alert.rule.name"),
            text("kibana.alert.severity"),
            text("kibana.alert.risk_score"),
        ));
        for (key, value) in alert.iter().filter(|(k, _)| !is_alert_field(k)) {
            out.push_str(&format!("  {key} = {}\n", json_text(value)));
        }
    }
    out
}

fn is_alert_field(key: &str) -> bool {
    key == "@timestamp" || key.starts_with("kibana.alert.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Column, Type};

    fn meta() -> ElasticMeta {
        ElasticMeta {
            name: Some("Test rule".into()),
            severity: Some("medium".into()),
            risk_score: Some(47),
            ..ElasticMeta::default()
        }
    }

    fn users(names: &[&str]) -> Table {
        Table::new(
            vec![Column::new("user.name", Type::String)],
            names.iter().map(|n| vec![Value::string(*n)]).collect(),
        )
    }

    #[test]
    fn each_row_of_an_aggregating_query_is_one_alert_with_the_rule_severity_and_score() {
        let e = evaluate(&meta(), "fallback", &users(&["alice", "bob"]), 0);
        assert_eq!(e.alerts.len(), 2);
        assert_eq!(e.alerts[0]["kibana.alert.rule.name"], "Test rule");
        assert_eq!(e.alerts[0]["kibana.alert.severity"], "medium");
        assert_eq!(e.alerts[0]["kibana.alert.risk_score"], 47);
        assert_eq!(e.alerts[1]["user.name"], "bob");
    }

    #[test]
    fn a_run_writes_at_most_max_signals_alerts() {
        let m = ElasticMeta {
            max_signals: 2,
            ..meta()
        };
        let e = evaluate(&m, "r", &users(&["a", "b", "c"]), 0);
        assert_eq!(e.alerts.len(), 2);
        assert_eq!(e.over_limit, 1);
        assert_eq!(e.alerts[1]["user.name"], "b");
    }

    #[test]
    fn rows_of_the_same_source_document_make_one_alert() {
        let table = Table::new(
            vec![
                Column::new("_id", Type::String),
                Column::new("_index", Type::String),
                Column::new("tag", Type::String),
            ],
            vec![
                vec![Value::string("d1"), Value::string("i"), Value::string("x")],
                vec![Value::string("d1"), Value::string("i"), Value::string("y")],
                vec![Value::string("d2"), Value::string("i"), Value::string("x")],
            ],
        );
        let e = evaluate(&meta(), "r", &table, 0);
        assert_eq!(e.alerts.len(), 2);
        assert_eq!(e.duplicates, 1);
        assert_eq!(e.alerts[1]["_id"], "d2");
    }

    #[test]
    fn the_highest_matching_severity_mapping_wins_and_a_mapped_risk_score_overrides() {
        let m = ElasticMeta {
            severity_mapping: vec![
                SeverityMapping {
                    field: "level".into(),
                    value: "9".into(),
                    severity: "critical".into(),
                },
                SeverityMapping {
                    field: "user.name".into(),
                    value: "alice".into(),
                    severity: "high".into(),
                },
            ],
            risk_score_mapping: vec!["score".into()],
            ..meta()
        };
        let table = Table::new(
            vec![
                Column::new("user.name", Type::String),
                Column::new("level", Type::Long),
                Column::new("score", Type::Long),
            ],
            vec![
                vec![Value::string("alice"), Value::Long(9), Value::Long(88)],
                vec![Value::string("alice"), Value::Long(1), Value::Long(101)],
                vec![Value::string("bob"), Value::Long(1), Value::Null],
            ],
        );
        let e = evaluate(&m, "r", &table, 0);
        let got: Vec<(&J, &J)> = e
            .alerts
            .iter()
            .map(|a| (&a["kibana.alert.severity"], &a["kibana.alert.risk_score"]))
            .collect();
        assert_eq!(got[0], (&J::from("critical"), &J::from(88)));
        assert_eq!(
            got[1],
            (&J::from("high"), &J::from(47)),
            "101 is not a risk score"
        );
        assert_eq!(got[2], (&J::from("medium"), &J::from(47)));
    }
}
