//! Running a whole Sentinel scheduled rule, not just its query: the `queryPeriod` time
//! window over the tables, the trigger on the result row count, and the alerts the
//! result becomes (names and descriptions from `{{Column}}` templates, entities,
//! custom details) grouped into incidents as `incidentConfiguration` says.
//!
//! Semantics (Microsoft Sentinel docs, "Scheduled analytics rules", "Customize alert
//! details", "Map data fields to entities", "Surface custom details in alerts"):
//! - the query sees rows with `now - queryPeriod <= TimeGenerated <= now` ([`window`]);
//! - the rule fires when `rows <op> triggerThreshold` ([`trigger`]);
//! - `eventGroupingSettings.aggregationKind`: `SingleAlert` (default) makes one alert of
//!   all rows, `AlertPerResult` one alert per row (at most [`MAX_ALERTS_PER_RUN`]).

pub mod alert;
pub mod elastic;
pub mod entities;
pub mod incidents;
pub mod render;
pub mod settings;
pub mod template;
pub mod trigger;
pub mod window;

pub use alert::Alert;
pub use incidents::Incident;
pub use settings::{AlertRule, EventGrouping};
pub use window::TimeWindow;

use crate::value::Table;

/// Sentinel creates at most 150 alerts per run of an `AlertPerResult` rule.
pub const MAX_ALERTS_PER_RUN: usize = 150;

/// What one run of a rule produced.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// Whether the trigger condition held on the result row count.
    pub fired: bool,
    pub alerts: Vec<Alert>,
    pub incidents: Vec<Incident>,
}

/// Turns a query result into the alerts and incidents of one run at `now` (ticks).
pub fn evaluate(rule: &AlertRule, result: &Table, now: i64) -> Evaluation {
    let fired = rule.trigger.fires(result.rows.len());
    if !fired {
        return Evaluation {
            fired,
            alerts: Vec::new(),
            incidents: Vec::new(),
        };
    }
    let groups: Vec<Vec<usize>> = match rule.event_grouping {
        EventGrouping::SingleAlert => vec![(0..result.rows.len()).collect()],
        EventGrouping::AlertPerResult => (0..result.rows.len().min(MAX_ALERTS_PER_RUN))
            .map(|i| vec![i])
            .collect(),
    };
    let alerts: Vec<Alert> = groups
        .iter()
        .map(|rows| alert::build(rule, result, rows, now))
        .collect();
    let incidents = incidents::group(&rule.incidents, &alerts);
    Evaluation {
        fired,
        alerts,
        incidents,
    }
}

/// The alerts of one run of a rule file as JSON: Elastic alert documents for an
/// Elastic rule, SecurityAlert-shaped objects with incidents for a Sentinel rule.
pub fn rule_alerts_json(
    rule: &crate::rules::RuleFile,
    fallback_name: &str,
    result: &Table,
    now: i64,
) -> serde_json::Value {
    match &rule.elastic {
        Some(meta) => {
            let run = elastic::evaluate(meta, fallback_name, result, now);
            serde_json::Value::Array(
                run.alerts
                    .into_iter()
                    .map(serde_json::Value::Object)
                    .collect(),
            )
        }
        None => {
            let settings = AlertRule::from_meta(&rule.meta, fallback_name);
            render::json(&evaluate(&settings, result, now))
        }
    }
}
