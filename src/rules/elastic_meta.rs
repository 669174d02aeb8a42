//! The settings of an Elastic detection rule that shape its alerts: name, severity,
//! risk score, their per-event overrides, `max_signals` and the look-back window.
//!
//! Field names and defaults follow Elastic's detection rules (the `[rule]` table of
//! elastic/detection-rules TOML, which is the detections API's rule object):
//! `from` defaults to `now-6m`, `interval` to `5m`, `max_signals` to 100.

use crate::value::time::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};
use serde_json::{Map, Value};

/// Elastic's default `max_signals`: at most this many alerts per rule run.
pub const DEFAULT_MAX_SIGNALS: usize = 100;
/// Elastic's default `from`: six minutes of look-back (a 5-minute interval plus 1 minute).
pub const DEFAULT_FROM: &str = "now-6m";
/// The field a rule's time range applies to unless `timestamp_override` names another.
pub const DEFAULT_TIMESTAMP_FIELD: &str = "@timestamp";

/// One `severity_mapping` entry: when `field` equals `value` in an event, the alert
/// gets `severity`.
#[derive(Clone, Debug, PartialEq)]
pub struct SeverityMapping {
    pub field: String,
    pub value: String,
    pub severity: String,
}

/// The alert-shaping settings of an Elastic rule.
#[derive(Clone, Debug, PartialEq)]
pub struct ElasticMeta {
    pub rule_id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// `low`, `medium`, `high` or `critical`.
    pub severity: Option<String>,
    /// 0–100.
    pub risk_score: Option<i64>,
    pub severity_mapping: Vec<SeverityMapping>,
    /// The fields whose value (a number 0–100) overrides the risk score, in order.
    pub risk_score_mapping: Vec<String>,
    pub max_signals: usize,
    /// `from` as written (`now-8h`).
    pub from: String,
    /// The look-back `from` gives, in ticks; `None` when kqlc cannot read it.
    pub lookback: Option<i64>,
    pub interval: Option<String>,
    /// The field the time range filters on.
    pub timestamp_field: String,
    /// MITRE ATT&CK tactic and technique ids of `[[rule.threat]]`.
    pub tactics: Vec<String>,
    pub techniques: Vec<String>,
    /// Where values of the rule are (`language`): spans past the query's end that the
    /// rule's query map sends to the value in the file (see `rules::load`).
    pub value_spans: Vec<(String, crate::source::Span)>,
}

impl Default for ElasticMeta {
    fn default() -> ElasticMeta {
        ElasticMeta {
            rule_id: None,
            name: None,
            description: None,
            severity: None,
            risk_score: None,
            severity_mapping: Vec::new(),
            risk_score_mapping: Vec::new(),
            max_signals: DEFAULT_MAX_SIGNALS,
            from: DEFAULT_FROM.to_string(),
            lookback: date_math_lookback(DEFAULT_FROM),
            interval: None,
            timestamp_field: DEFAULT_TIMESTAMP_FIELD.to_string(),
            tactics: Vec::new(),
            techniques: Vec::new(),
            value_spans: Vec::new(),
        }
    }
}

impl ElasticMeta {
    /// Reads the settings from the `[rule]` table; missing keys take Elastic's defaults.
    pub fn from_rule(rule: &toml_edit::Item) -> ElasticMeta {
        let json = item_to_json(rule);
        let text = |key: &str| json.get(key).and_then(Value::as_str).map(str::to_string);
        let from = text("from").unwrap_or_else(|| DEFAULT_FROM.to_string());
        ElasticMeta {
            rule_id: text("rule_id"),
            name: text("name"),
            description: text("description"),
            severity: text("severity"),
            risk_score: json.get("risk_score").and_then(Value::as_i64),
            severity_mapping: severity_mapping(json.get("severity_mapping")),
            risk_score_mapping: list(json.get("risk_score_mapping"))
                .filter_map(|m| m.get("field").and_then(Value::as_str).map(str::to_string))
                .collect(),
            max_signals: json
                .get("max_signals")
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(DEFAULT_MAX_SIGNALS),
            lookback: date_math_lookback(&from),
            from,
            interval: text("interval"),
            timestamp_field: text("timestamp_override")
                .unwrap_or_else(|| DEFAULT_TIMESTAMP_FIELD.to_string()),
            tactics: threat_ids(json.get("threat"), |t| {
                t.get("tactic").into_iter().collect()
            }),
            techniques: threat_ids(json.get("threat"), |t| list(t.get("technique")).collect()),
            value_spans: Vec::new(),
        }
    }
}

fn list(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value.and_then(Value::as_array).into_iter().flatten()
}

fn severity_mapping(value: Option<&Value>) -> Vec<SeverityMapping> {
    list(value)
        .filter_map(|m| {
            let field = m.get("field")?.as_str()?.to_string();
            let value = match m.get("value")? {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let severity = m.get("severity")?.as_str()?.to_string();
            Some(SeverityMapping {
                field,
                value,
                severity,
            })
        })
        .collect()
}

/// The `id`s of what `pick` selects from each `[[rule.threat]]` entry.
fn threat_ids(threat: Option<&Value>, pick: impl Fn(&Value) -> Vec<&Value>) -> Vec<String> {
    let mut ids = Vec::new();
    for entry in list(threat) {
        for item in pick(entry) {
            if let Some(id) = item.get("id").and_then(Value::as_str)
                && !ids.iter().any(|known| known == id)
            {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

/// The look-back of an Elastic date-math `from` such as `now-8h` or `now-90s`:
/// `now` minus a whole number of `s`, `m`, `h`, `H`, `d` or `w`. `None` for other forms.
pub fn date_math_lookback(from: &str) -> Option<i64> {
    let rest = from.trim().strip_prefix("now")?;
    if rest.is_empty() {
        return Some(0);
    }
    let amount = rest.strip_prefix('-')?;
    let unit = amount.chars().last()?;
    let number: i64 = amount[..amount.len() - unit.len_utf8()].parse().ok()?;
    let per_unit = match unit {
        's' => TICKS_PER_SECOND,
        'm' => TICKS_PER_MINUTE,
        'h' | 'H' => TICKS_PER_HOUR,
        'd' => TICKS_PER_DAY,
        'w' => 7 * TICKS_PER_DAY,
        _ => return None,
    };
    number.checked_mul(per_unit).filter(|t| *t >= 0)
}

/// A TOML item as JSON, so nested tables and arrays of tables read alike.
fn item_to_json(item: &toml_edit::Item) -> Value {
    match item {
        toml_edit::Item::None => Value::Null,
        toml_edit::Item::Value(v) => value_to_json(v),
        toml_edit::Item::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), item_to_json(v)))
                .collect::<Map<_, _>>(),
        ),
        toml_edit::Item::ArrayOfTables(a) => Value::Array(
            a.iter()
                .map(|t| {
                    Value::Object(
                        t.iter()
                            .map(|(k, v)| (k.to_string(), item_to_json(v)))
                            .collect(),
                    )
                })
                .collect(),
        ),
    }
}

fn value_to_json(value: &toml_edit::Value) -> Value {
    use toml_edit::Value as T;
    match value {
        T::String(s) => Value::String(s.value().clone()),
        T::Integer(i) => Value::from(*i.value()),
        T::Float(f) => serde_json::Number::from_f64(*f.value()).map_or(Value::Null, Value::Number),
        T::Boolean(b) => Value::Bool(*b.value()),
        T::Datetime(d) => Value::String(d.value().to_string()),
        T::Array(a) => Value::Array(a.iter().map(value_to_json).collect()),
        T::InlineTable(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.to_string(), value_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(toml: &str) -> ElasticMeta {
        let doc = toml_edit::Document::parse(toml).unwrap_or_else(|e| panic!("{e}"));
        ElasticMeta::from_rule(&doc.as_item()["rule"])
    }

    #[test]
    fn missing_settings_take_elastics_defaults() {
        let m = meta("[rule]\nquery = 'from x'\n");
        assert_eq!(m.max_signals, 100);
        assert_eq!(m.from, "now-6m");
        assert_eq!(m.lookback, Some(6 * TICKS_PER_MINUTE));
        assert_eq!(m.timestamp_field, "@timestamp");
    }

    #[test]
    fn severity_risk_score_and_their_overrides_are_read() {
        let m = meta(
            "[rule]\nseverity = 'medium'\nrisk_score = 47\nmax_signals = 5\nfrom = 'now-8h'\n\
             timestamp_override = 'event.ingested'\n\
             [[rule.severity_mapping]]\nfield = 'event.severity'\noperator = 'equals'\nvalue = '4'\nseverity = 'critical'\n\
             [[rule.risk_score_mapping]]\nfield = 'event.risk_score'\noperator = 'equals'\nvalue = ''\n\
             [[rule.threat]]\nframework = 'MITRE ATT&CK'\n[rule.threat.tactic]\nid = 'TA0006'\nname = 'Credential Access'\n\
             [[rule.threat.technique]]\nid = 'T1110'\nname = 'Brute Force'\n",
        );
        assert_eq!(m.severity.as_deref(), Some("medium"));
        assert_eq!(m.risk_score, Some(47));
        assert_eq!(m.max_signals, 5);
        assert_eq!(m.lookback, Some(8 * TICKS_PER_HOUR));
        assert_eq!(m.timestamp_field, "event.ingested");
        assert_eq!(
            m.severity_mapping,
            vec![SeverityMapping {
                field: "event.severity".into(),
                value: "4".into(),
                severity: "critical".into()
            }]
        );
        assert_eq!(m.risk_score_mapping, vec!["event.risk_score".to_string()]);
        assert_eq!(m.tactics, vec!["TA0006".to_string()]);
        assert_eq!(m.techniques, vec!["T1110".to_string()]);
    }

    #[test]
    fn date_math_reads_now_minus_a_whole_number_of_units() {
        assert_eq!(date_math_lookback("now-90s"), Some(90 * TICKS_PER_SECOND));
        assert_eq!(date_math_lookback("now-2d"), Some(2 * TICKS_PER_DAY));
        assert_eq!(date_math_lookback("now"), Some(0));
        assert_eq!(
            date_math_lookback("now-1M"),
            None,
            "months are not fixed lengths"
        );
        assert_eq!(date_math_lookback("2024-01-01"), None);
        assert_eq!(date_math_lookback("now-"), None);
    }
}
