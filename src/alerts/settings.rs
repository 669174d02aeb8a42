//! The parts of a Sentinel rule's metadata that decide its alerts, read leniently from
//! [`SentinelMeta`] (absent or malformed keys take Sentinel's defaults).

use super::trigger::{Trigger, TriggerOperator};
use crate::rules::SentinelMeta;
use serde_json::Value;

/// How result rows become alerts (`eventGroupingSettings.aggregationKind`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EventGrouping {
    /// One alert for all the rows of a run (Sentinel's default).
    #[default]
    SingleAlert,
    /// One alert per result row.
    AlertPerResult,
}

/// One `entityMappings` entry: an entity type and its identifier → column pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMapping {
    pub entity_type: String,
    pub fields: Vec<(String, String)>,
}

/// How alerts become incidents (`incidentConfiguration.groupingConfiguration.matchingMethod`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchingMethod {
    /// Alerts whose entities are all equal share an incident.
    AllEntities,
    /// Every alert of the run goes into one incident.
    AnyAlert,
    /// Alerts equal on the selected entity types, alert details and custom details.
    Selected,
}

/// `groupingConfiguration` when enabled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouping {
    pub matching: MatchingMethod,
    /// Entity types (`Account`, `IP`, …) compared by `Selected`.
    pub by_entities: Vec<String>,
    /// `DisplayName` and/or `Severity`, compared by `Selected`.
    pub by_alert_details: Vec<String>,
    /// Custom detail keys compared by `Selected`.
    pub by_custom_details: Vec<String>,
}

/// `incidentConfiguration`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentSettings {
    /// `createIncident` (default true).
    pub create: bool,
    /// `None` when grouping is off: one incident per alert.
    pub grouping: Option<Grouping>,
}

impl Default for IncidentSettings {
    fn default() -> IncidentSettings {
        IncidentSettings {
            create: true,
            grouping: None,
        }
    }
}

/// Everything about a rule that shapes its alerts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlertRule {
    pub id: Option<String>,
    pub name: String,
    pub description: String,
    pub severity: String,
    pub tactics: Vec<String>,
    pub techniques: Vec<String>,
    /// `queryPeriod` in ticks, when the rule has one kqlc can read.
    pub query_period: Option<i64>,
    pub trigger: Trigger,
    pub event_grouping: EventGrouping,
    pub display_name_format: Option<String>,
    pub description_format: Option<String>,
    /// `alertSeverityColumnName`: a column whose value overrides the severity.
    pub severity_column: Option<String>,
    /// `alertTacticsColumnName`: a column of comma-separated tactics.
    pub tactics_column: Option<String>,
    pub entity_mappings: Vec<EntityMapping>,
    /// Custom detail key → column, in the rule's order.
    pub custom_details: Vec<(String, String)>,
    pub incidents: IncidentSettings,
}

impl AlertRule {
    /// Reads the alert settings of a rule; `fallback_name` names a rule without `name:`.
    pub fn from_meta(meta: &SentinelMeta, fallback_name: &str) -> AlertRule {
        let other = |key: &str| meta.other.get(key);
        let overrides = meta.alert_details_override.as_ref();
        let override_text = |key: &str| overrides.and_then(|o| non_empty_text(o.get(key)));
        AlertRule {
            id: meta.id.clone(),
            name: meta
                .name
                .clone()
                .unwrap_or_else(|| fallback_name.to_string()),
            description: other("description")
                .and_then(Value::as_str)
                .map(|s| s.trim_end().to_string())
                .unwrap_or_default(),
            severity: meta
                .severity
                .clone()
                .unwrap_or_else(|| "Medium".to_string()),
            tactics: strings(other("tactics")),
            techniques: strings(other("relevantTechniques")),
            query_period: meta.query_period.as_ref().and_then(|d| d.ticks),
            trigger: Trigger {
                operator: meta
                    .trigger_operator
                    .as_deref()
                    .and_then(TriggerOperator::parse)
                    .unwrap_or(TriggerOperator::GreaterThan),
                threshold: meta.trigger_threshold.unwrap_or(0),
            },
            event_grouping: event_grouping(other("eventGroupingSettings")),
            display_name_format: override_text("alertDisplayNameFormat"),
            description_format: override_text("alertDescriptionFormat"),
            severity_column: override_text("alertSeverityColumnName"),
            tactics_column: override_text("alertTacticsColumnName"),
            entity_mappings: entity_mappings(meta.entity_mappings.as_ref()),
            custom_details: custom_details(meta.custom_details.as_ref()),
            incidents: incident_settings(meta.incident_configuration.as_ref()),
        }
    }
}

fn non_empty_text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(String::from)
}

/// A list of strings (non-strings skipped); a lone string is a list of one.
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn event_grouping(value: Option<&Value>) -> EventGrouping {
    let kind = value
        .and_then(|v| v.get("aggregationKind"))
        .and_then(Value::as_str);
    match kind {
        Some(k) if k.eq_ignore_ascii_case("AlertPerResult") => EventGrouping::AlertPerResult,
        _ => EventGrouping::SingleAlert,
    }
}

fn entity_mappings(value: Option<&Value>) -> Vec<EntityMapping> {
    let Some(Value::Array(items)) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let entity_type = item.get("entityType")?.as_str()?.to_string();
            let fields = match item.get("fieldMappings") {
                Some(Value::Array(fields)) => fields
                    .iter()
                    .filter_map(|f| {
                        Some((
                            f.get("identifier")?.as_str()?.to_string(),
                            f.get("columnName")?.as_str()?.to_string(),
                        ))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Some(EntityMapping {
                entity_type,
                fields,
            })
        })
        .collect()
}

fn custom_details(value: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = value else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect()
}

fn incident_settings(value: Option<&Value>) -> IncidentSettings {
    let Some(config) = value else {
        return IncidentSettings::default();
    };
    let create = config
        .get("createIncident")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let grouping = config
        .get("groupingConfiguration")
        .filter(|g| g.get("enabled").and_then(Value::as_bool).unwrap_or(false))
        .map(|g| Grouping {
            matching: match g.get("matchingMethod").and_then(Value::as_str) {
                Some(m) if m.eq_ignore_ascii_case("AnyAlert") => MatchingMethod::AnyAlert,
                Some(m) if m.eq_ignore_ascii_case("Selected") => MatchingMethod::Selected,
                _ => MatchingMethod::AllEntities,
            },
            by_entities: strings(g.get("groupByEntities")),
            by_alert_details: strings(g.get("groupByAlertDetails")),
            by_custom_details: strings(g.get("groupByCustomDetails")),
        });
    IncidentSettings { create, grouping }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(yaml: &str) -> AlertRule {
        let meta = crate::rules::sentinel_yaml::parse(yaml)
            .map(|r| r.meta)
            .unwrap_or_default();
        AlertRule::from_meta(&meta, "fallback")
    }

    #[test]
    fn absent_keys_take_sentinels_defaults() {
        let r = rule("query: T\n");
        assert_eq!(r.name, "fallback");
        assert_eq!(r.severity, "Medium");
        assert_eq!(r.trigger, Trigger::default());
        assert_eq!(r.event_grouping, EventGrouping::SingleAlert);
        assert_eq!(r.incidents, IncidentSettings::default());
    }

    #[test]
    fn the_alert_settings_are_read_from_the_metadata() {
        let r = rule(
            "name: R\nquery: T\ntriggerOperator: Equal\ntriggerThreshold: 2\n\
             eventGroupingSettings:\n  aggregationKind: AlertPerResult\n\
             alertDetailsOverride:\n  alertDisplayNameFormat: 'x {{A}}'\n  alertSeverityColumnName: ''\n\
             entityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: Ip\n\
             customDetails:\n  N: Count\n\
             incidentConfiguration:\n  createIncident: true\n  groupingConfiguration:\n    enabled: true\n    matchingMethod: Selected\n    groupByEntities: [IP]\n",
        );
        assert_eq!(r.trigger.operator, TriggerOperator::Equal);
        assert_eq!(r.trigger.threshold, 2);
        assert_eq!(r.event_grouping, EventGrouping::AlertPerResult);
        assert_eq!(r.display_name_format.as_deref(), Some("x {{A}}"));
        assert_eq!(r.severity_column, None);
        assert_eq!(
            r.entity_mappings[0].fields,
            vec![("Address".into(), "Ip".into())]
        );
        assert_eq!(r.custom_details, vec![("N".into(), "Count".into())]);
        let grouping = r.incidents.grouping.unwrap_or_else(|| panic!("grouping"));
        assert_eq!(grouping.matching, MatchingMethod::Selected);
        assert_eq!(grouping.by_entities, vec!["IP".to_string()]);
    }
}
