//! Comparing a rule's alerts with `expect.alerts` of a test case: the count, the
//! incident count, and for each expected item any subset of its SecurityAlert fields.

use super::compare::json_matches;
use crate::alerts::Evaluation;
use crate::alerts::elastic::ElasticEvaluation;
use crate::value::time;
use serde::Deserialize;
use serde_json::{Map, Value};

/// `expect.alerts` of a case.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsExpect {
    /// How many alerts the run raises (default: the number of `items`).
    #[serde(default)]
    pub count: Option<usize>,
    /// How many incidents they are grouped into (checked when given).
    #[serde(default)]
    pub incidents: Option<usize>,
    /// The alerts in order, each with any subset of the SecurityAlert fields that
    /// `kqlc run --alerts --format json` prints.
    #[serde(default)]
    pub items: Vec<Map<String, Value>>,
}

/// `Ok` when the run's alerts match; else a readable account of every difference.
pub fn compare_alerts(evaluation: &Evaluation, expect: &AlertsExpect) -> Result<(), String> {
    let actual: Vec<Value> = evaluation
        .alerts
        .iter()
        .map(crate::alerts::Alert::to_security_alert)
        .collect();
    let not_fired = if evaluation.fired {
        ""
    } else {
        " (the trigger did not fire)"
    };
    let incidents = Some(evaluation.incidents.len());
    compare_alert_objects(&actual, not_fired, incidents, expect)
}

/// [`compare_alerts`] for an Elastic rule's alert documents (Elastic has no incidents).
pub fn compare_elastic_alerts(
    evaluation: &ElasticEvaluation,
    expect: &AlertsExpect,
) -> Result<(), String> {
    let actual: Vec<Value> = evaluation
        .alerts
        .iter()
        .cloned()
        .map(Value::Object)
        .collect();
    compare_alert_objects(&actual, "", None, expect)
}

/// Compares alert objects with the expectation; `note` explains an unexpected count,
/// `incidents` is the run's incident count when the rule kind has incidents.
fn compare_alert_objects(
    actual: &[Value],
    note: &str,
    incidents: Option<usize>,
    expect: &AlertsExpect,
) -> Result<(), String> {
    let mut problems = Vec::new();
    let count = expect.count.unwrap_or(expect.items.len());
    if actual.len() != count {
        problems.push(format!(
            "expected {count} alert(s), the rule raised {}{note}",
            actual.len(),
        ));
    }
    match (expect.incidents, incidents) {
        (Some(want), Some(got)) if want != got => problems.push(format!(
            "expected {want} incident(s), the alerts were grouped into {got}"
        )),
        (Some(_), None) => {
            problems.push("`incidents` is for Sentinel rules; Elastic rules make none".into())
        }
        _ => {}
    }
    for (i, want) in expect.items.iter().enumerate() {
        match actual.get(i) {
            None => problems.push(format!("alert {}: expected, not raised", i + 1)),
            Some(got) => {
                if let Some(why) = mismatch(&Value::Object(want.clone()), got, "") {
                    problems.push(format!("alert {}: {why}", i + 1));
                }
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut text = format!("alerts differ\n  - {}\n", problems.join("\n  - "));
    for (i, alert) in actual.iter().enumerate() {
        text.push_str(&format!("  actual alert {}: {alert}\n", i + 1));
    }
    Err(text)
}

/// Where `want` is not contained in `got`: objects need every expected key (with a
/// contained value), arrays the same length with contained elements, scalars equality
/// (datetimes compared as instants). `None` when contained.
pub fn mismatch(want: &Value, got: &Value, path: &str) -> Option<String> {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => w.iter().find_map(|(k, wv)| {
            let here = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            match g.get(k) {
                Some(gv) => mismatch(wv, gv, &here),
                None => Some(format!(
                    "{here}: expected {wv}, the alert has no such field"
                )),
            }
        }),
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => w
            .iter()
            .zip(g)
            .enumerate()
            .find_map(|(i, (wv, gv))| mismatch(wv, gv, &format!("{path}[{i}]"))),
        (Value::String(w), Value::String(g)) if same_instant(w, g) => None,
        (w, g) if json_matches(w, g) => None,
        (w, g) => Some(format!("{path}: expected {w}, actual {g}")),
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    a == b
        || matches!((time::parse_datetime(a), time::parse_datetime(b)), (Some(x), Some(y)) if x == y && a.contains('T'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_subset_of_fields_matches() {
        let got = json!({"AlertName": "x", "Entities": [{"Type": "ip", "Address": "1.2.3.4"}], "Severity": "High"});
        assert_eq!(
            mismatch(&json!({"Entities": [{"Address": "1.2.3.4"}]}), &got, ""),
            None
        );
    }

    #[test]
    fn a_different_value_names_its_path() {
        let got = json!({"Entities": [{"Type": "ip", "Address": "1.2.3.4"}]});
        let why = mismatch(&json!({"Entities": [{"Address": "5.6.7.8"}]}), &got, "");
        assert_eq!(
            why.as_deref(),
            Some("Entities[0].Address: expected \"5.6.7.8\", actual \"1.2.3.4\"")
        );
    }

    #[test]
    fn arrays_must_have_the_same_length() {
        let got = json!({"Entities": [{"Type": "ip"}, {"Type": "account"}]});
        assert!(mismatch(&json!({"Entities": [{"Type": "ip"}]}), &got, "").is_some());
    }

    #[test]
    fn datetimes_match_as_instants() {
        let got = json!({"StartTime": "2026-06-01T11:00:00Z"});
        assert_eq!(
            mismatch(
                &json!({"StartTime": "2026-06-01T11:00:00.0000000Z"}),
                &got,
                ""
            ),
            None
        );
    }
}
