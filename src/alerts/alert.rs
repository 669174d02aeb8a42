//! One alert: what Sentinel would write to SecurityAlert for a group of result rows.

use super::entities::entities_of_rows;
use super::settings::{AlertRule, EventGrouping};
use super::template::{cell_text, render};
use crate::value::{Table, time};
use serde_json::{Map, Value, json};

/// The severities Sentinel accepts from `alertSeverityColumnName`.
const SEVERITIES: [&str; 4] = ["Informational", "Low", "Medium", "High"];

/// An alert of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub name: String,
    pub description: String,
    pub severity: String,
    pub tactics: Vec<String>,
    pub techniques: Vec<String>,
    /// Entity objects (`{"Type": "account", "Name": …}`), without duplicates.
    pub entities: Vec<Map<String, Value>>,
    /// Custom detail key → the alert's rows' values as text, in row order.
    pub custom_details: Map<String, Value>,
    /// The query window: `now - queryPeriod` (or `now`) and `now`, in ticks.
    pub start_time: i64,
    pub end_time: i64,
    /// The result rows the alert is made of (indices into the result table).
    pub rows: Vec<usize>,
    /// Facts about the run kept in ExtendedProperties.
    pub rule_id: Option<String>,
    pub rule_name: String,
    pub result_count: usize,
    pub event_grouping: EventGrouping,
    pub query_period: Option<i64>,
    pub trigger: super::trigger::Trigger,
}

/// Builds the alert of `rows` (indices into `table`); names, description, severity
/// and tactics come from the first of them, as Sentinel takes an alert's details from
/// its first event.
pub fn build(rule: &AlertRule, table: &Table, rows: &[usize], now: i64) -> Alert {
    let first = rows.first().copied();
    let from_format = |format: &Option<String>| {
        first
            .zip(format.as_deref())
            .and_then(|(row, f)| render(f, table, row))
    };
    let severity = first
        .zip(rule.severity_column.as_deref())
        .and_then(|(row, column)| cell_text(table, row, column))
        .and_then(|s| SEVERITIES.iter().find(|k| k.eq_ignore_ascii_case(s.trim())))
        .map_or_else(|| rule.severity.clone(), |s| s.to_string());
    let tactics = first
        .zip(rule.tactics_column.as_deref())
        .and_then(|(row, column)| cell_text(table, row, column))
        .map(|text| split_list(&text))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| rule.tactics.clone());
    Alert {
        name: from_format(&rule.display_name_format).unwrap_or_else(|| rule.name.clone()),
        description: from_format(&rule.description_format)
            .unwrap_or_else(|| rule.description.clone()),
        severity,
        tactics,
        techniques: rule.techniques.clone(),
        entities: entities_of_rows(&rule.entity_mappings, table, rows),
        custom_details: custom_details(rule, table, rows),
        start_time: rule.query_period.map_or(now, |p| now.saturating_sub(p)),
        end_time: now,
        rows: rows.to_vec(),
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        result_count: table.rows.len(),
        event_grouping: rule.event_grouping,
        query_period: rule.query_period,
        trigger: rule.trigger,
    }
}

/// A tactics column value: comma-separated (also accepts a JSON array's text).
fn split_list(text: &str) -> Vec<String> {
    text.trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Each custom detail key with the non-empty values of its column over the rows.
fn custom_details(rule: &AlertRule, table: &Table, rows: &[usize]) -> Map<String, Value> {
    let mut details = Map::new();
    for (key, column) in &rule.custom_details {
        if table.column_index(column).is_none() {
            continue;
        }
        let values: Vec<Value> = rows
            .iter()
            .filter_map(|&row| cell_text(table, row, column))
            .filter(|text| !text.is_empty())
            .map(Value::String)
            .collect();
        details.insert(key.clone(), Value::Array(values));
    }
    details
}

impl Alert {
    /// The alert as a SecurityAlert-shaped object. Entities and ExtendedProperties are
    /// JSON values here (Sentinel stores them as JSON text); Tactics is comma-separated
    /// text as in SecurityAlert.
    pub fn to_security_alert(&self) -> Value {
        let trigger_operator = match self.trigger.operator {
            super::trigger::TriggerOperator::GreaterThan => "GreaterThan",
            super::trigger::TriggerOperator::LessThan => "LessThan",
            super::trigger::TriggerOperator::Equal => "Equal",
            super::trigger::TriggerOperator::NotEqual => "NotEqual",
        };
        let grouping = match self.event_grouping {
            EventGrouping::SingleAlert => "SingleAlert",
            EventGrouping::AlertPerResult => "AlertPerResult",
        };
        json!({
            "AlertName": self.name,
            "AlertType": self.rule_id.clone().unwrap_or_else(|| self.rule_name.clone()),
            "Description": self.description,
            "Severity": self.severity,
            "Status": "New",
            "ProviderName": "kqlc",
            "ProductName": "Azure Sentinel",
            "Tactics": self.tactics.join(", "),
            "Techniques": self.techniques,
            "StartTime": time::format_datetime(self.start_time),
            "EndTime": time::format_datetime(self.end_time),
            "TimeGenerated": time::format_datetime(self.end_time),
            "Entities": self.entities,
            "ExtendedProperties": {
                "Analytic Rule Name": self.rule_name,
                "Analytic Rule Ids": self.rule_id.iter().collect::<Vec<_>>(),
                "Event Grouping": grouping,
                "Query Period": self.query_period.map(time::format_timespan),
                "Trigger Operator": trigger_operator,
                "Trigger Threshold": self.trigger.threshold,
                "Search Query Results Overall Count": self.result_count,
                "Query Start Time UTC": time::format_datetime(self.start_time),
                "Query End Time UTC": time::format_datetime(self.end_time),
                "Custom Details": self.custom_details,
            },
        })
    }
}
