//! Incident grouping of the alerts of one run (`incidentConfiguration`). Only the run's
//! own alerts are grouped; the lookback over earlier incidents is out of scope.

use super::alert::Alert;
use super::entities::entity_kind;
use super::settings::{Grouping, IncidentSettings, MatchingMethod};
use serde_json::{Value, json};

/// One incident: the alerts (indices into the run's alerts) grouped into it.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    /// The title: the name of its first alert.
    pub title: String,
    /// The highest severity among its alerts.
    pub severity: String,
    pub alerts: Vec<usize>,
}

impl Incident {
    /// The incident as a JSON object (`Title`, `Severity`, `AlertCount`, `Alerts`).
    pub fn to_json(&self) -> Value {
        json!({
            "Title": self.title,
            "Severity": self.severity,
            "AlertCount": self.alerts.len(),
            "Alerts": self.alerts,
        })
    }
}

/// Groups the alerts into incidents: none when `createIncident` is false, one per alert
/// when grouping is off, else one per distinct grouping key.
pub fn group(settings: &IncidentSettings, alerts: &[Alert]) -> Vec<Incident> {
    if !settings.create {
        return Vec::new();
    }
    let mut keys: Vec<String> = Vec::new();
    let mut incidents: Vec<Incident> = Vec::new();
    for (i, alert) in alerts.iter().enumerate() {
        let key = match &settings.grouping {
            None => i.to_string(),
            Some(grouping) => grouping_key(grouping, alert),
        };
        match keys.iter().position(|k| *k == key) {
            Some(at) => {
                let incident = &mut incidents[at];
                incident.alerts.push(i);
                if severity_rank(&alert.severity) > severity_rank(&incident.severity) {
                    incident.severity = alert.severity.clone();
                }
            }
            None => {
                keys.push(key);
                incidents.push(Incident {
                    title: alert.name.clone(),
                    severity: alert.severity.clone(),
                    alerts: vec![i],
                });
            }
        }
    }
    incidents
}

fn severity_rank(severity: &str) -> usize {
    ["informational", "low", "medium", "high"]
        .iter()
        .position(|s| s.eq_ignore_ascii_case(severity))
        .unwrap_or(0)
}

/// What two alerts must share to be grouped.
fn grouping_key(grouping: &Grouping, alert: &Alert) -> String {
    match grouping.matching {
        MatchingMethod::AnyAlert => String::new(),
        MatchingMethod::AllEntities => sorted_entities(alert, |_| true).to_string(),
        MatchingMethod::Selected => {
            let kinds: Vec<String> = grouping
                .by_entities
                .iter()
                .map(|t| entity_kind(t))
                .collect();
            let entities = sorted_entities(alert, |kind| kinds.iter().any(|k| k == kind));
            let details: Vec<&str> = grouping
                .by_alert_details
                .iter()
                .map(|d| match d.to_ascii_lowercase().as_str() {
                    "displayname" => alert.name.as_str(),
                    "severity" => alert.severity.as_str(),
                    _ => "",
                })
                .collect();
            let custom: Vec<Option<&Value>> = grouping
                .by_custom_details
                .iter()
                .map(|k| alert.custom_details.get(k))
                .collect();
            json!([entities, details, custom]).to_string()
        }
    }
}

/// The alert's entities whose `Type` passes `keep`, as sorted JSON texts.
fn sorted_entities(alert: &Alert, keep: impl Fn(&str) -> bool) -> Value {
    let mut texts: Vec<String> = alert
        .entities
        .iter()
        .filter(|e| e.get("Type").and_then(Value::as_str).is_some_and(&keep))
        .map(|e| Value::Object(e.clone()).to_string())
        .collect();
    texts.sort();
    json!(texts)
}
