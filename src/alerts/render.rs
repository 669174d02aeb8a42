//! Printing the alerts of a run: a readable summary for people, SecurityAlert-shaped
//! JSON for programs.

use super::{AlertRule, Evaluation};
use serde_json::Value;

/// A readable account of one run: whether it fired, each alert and each incident.
pub fn human(rule: &AlertRule, evaluation: &Evaluation, rows: usize) -> String {
    let trigger = format!(
        "trigger: rows {:?} {}",
        rule.trigger.operator, rule.trigger.threshold
    );
    let mut out = if evaluation.fired {
        format!(
            "Rule \"{}\" fired: {rows} result rows ({trigger}) -> {} alert(s), {} incident(s)\n",
            rule.name,
            evaluation.alerts.len(),
            evaluation.incidents.len()
        )
    } else {
        return format!(
            "Rule \"{}\" did not fire: {rows} result rows ({trigger})\n",
            rule.name
        );
    };
    for (i, alert) in evaluation.alerts.iter().enumerate() {
        out.push_str(&format!("\nAlert {}: {}\n", i + 1, alert.name));
        out.push_str(&format!("  Severity:    {}\n", alert.severity));
        if !alert.description.is_empty() {
            out.push_str(&format!(
                "  Description: {}\n",
                alert.description.replace('\n', "\n               ")
            ));
        }
        if !alert.tactics.is_empty() {
            out.push_str(&format!("  Tactics:     {}\n", alert.tactics.join(", ")));
        }
        for entity in &alert.entities {
            out.push_str(&format!("  Entity:      {}\n", entity_text(entity)));
        }
        for (key, values) in &alert.custom_details {
            out.push_str(&format!("  Detail:      {key} = {}\n", values_text(values)));
        }
    }
    for (i, incident) in evaluation.incidents.iter().enumerate() {
        let members: Vec<String> = incident
            .alerts
            .iter()
            .map(|a| (a + 1).to_string())
            .collect();
        out.push_str(&format!(
            "\nIncident {}: {} ({}), alerts {}\n",
            i + 1,
            incident.title,
            incident.severity,
            members.join(", ")
        ));
    }
    out
}

fn entity_text(entity: &serde_json::Map<String, Value>) -> String {
    let kind = entity.get("Type").and_then(Value::as_str).unwrap_or("?");
    let fields: Vec<String> = entity
        .iter()
        .filter(|(k, _)| *k != "Type")
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect();
    format!("{kind} {}", fields.join(" "))
}

fn values_text(values: &Value) -> String {
    match values {
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), String::from))
            .collect::<Vec<_>>()
            .join(" | "),
        other => other.to_string(),
    }
}

/// The alerts as a JSON array of SecurityAlert-shaped objects.
pub fn json(evaluation: &Evaluation) -> Value {
    Value::Array(
        evaluation
            .alerts
            .iter()
            .map(super::Alert::to_security_alert)
            .collect(),
    )
}
