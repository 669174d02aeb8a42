//! Rule-level lint of a Sentinel analytic rule: the columns its entity mappings,
//! custom details and alert details override name must be output columns of the
//! query, and its schedule, trigger, severity and MITRE fields must be well formed.
//! Each finding points at the value of the key it is about, in the YAML file (through
//! [`SentinelMeta::value_span`]), and names that key in its message.

use crate::diagnostic::{Code, Diagnostic};
use crate::rules::sentinel_yaml::SentinelMeta;
use serde_json::Value;

/// The MITRE ATT&CK tactics as Sentinel spells them.
const TACTICS: &[&str] = &[
    "Reconnaissance",
    "ResourceDevelopment",
    "InitialAccess",
    "Execution",
    "Persistence",
    "PrivilegeEscalation",
    "DefenseEvasion",
    "CredentialAccess",
    "Discovery",
    "LateralMovement",
    "Collection",
    "CommandAndControl",
    "Exfiltration",
    "Impact",
    "PreAttack",
    "ImpairProcessControl",
    "InhibitResponseFunction",
];

const SEVERITIES: &[&str] = &["Informational", "Low", "Medium", "High"];
const TRIGGER_OPERATORS: &[&str] = &[
    "gt",
    "lt",
    "eq",
    "ne",
    "GreaterThan",
    "LessThan",
    "Equal",
    "NotEqual",
];

/// Columns the rule's metadata names that the query does not output (`KQL110`).
/// `outputs` is the root schema; pass `None` when it is not fully known.
pub fn column_references(meta: &SentinelMeta, outputs: Option<&[String]>) -> Vec<Diagnostic> {
    let Some(outputs) = outputs else {
        return Vec::new();
    };
    referenced_columns(meta)
        .into_iter()
        .filter(|(_, column)| !column.is_empty() && !outputs.iter().any(|o| o == column))
        .map(|(key, column)| {
            let mut d = Diagnostic::new(
                Code::RuleColumnMissing,
                meta.value_span(&key),
                format!("{key} names column `{column}`, which the query does not output"),
            );
            d = match crate::diagnostic::did_you_mean(&column, outputs.iter().map(String::as_str)) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help("project or extend that column at the end of the query"),
            };
            d.with_note(format!("the query outputs: {}", outputs.join(", ")))
        })
        .collect()
}

/// `(key path, column)` for every column name in the metadata.
fn referenced_columns(meta: &SentinelMeta) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, mapping) in array(meta.entity_mappings.as_ref()).iter().enumerate() {
        let fields = mapping.get("fieldMappings");
        for (j, field) in array(fields).iter().enumerate() {
            if let Some(c) = field.get("columnName").and_then(Value::as_str) {
                out.push((
                    format!("entityMappings[{i}].fieldMappings[{j}].columnName"),
                    c.to_string(),
                ));
            }
        }
    }
    if let Some(Value::Object(details)) = &meta.custom_details {
        for (key, value) in details {
            if let Some(c) = value.as_str() {
                out.push((format!("customDetails.{key}"), c.to_string()));
            }
        }
    }
    if let Some(Value::Object(o)) = &meta.alert_details_override {
        for key in ["alertDisplayNameFormat", "alertDescriptionFormat"] {
            if let Some(text) = o.get(key).and_then(Value::as_str) {
                for c in placeholders(text) {
                    out.push((format!("alertDetailsOverride.{key}"), c));
                }
            }
        }
        for key in ["alertSeverityColumnName", "alertTacticsColumnName"] {
            if let Some(c) = o.get(key).and_then(Value::as_str) {
                out.push((format!("alertDetailsOverride.{key}"), c.to_string()));
            }
        }
        for (i, p) in array(o.get("alertDynamicProperties")).iter().enumerate() {
            if let Some(c) = p.get("value").and_then(Value::as_str) {
                out.push((
                    format!("alertDetailsOverride.alertDynamicProperties[{i}].value"),
                    c.to_string(),
                ));
            }
        }
    }
    out
}

fn array(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The `{{Column}}` names in an alert details format string (unclosed ones left out).
pub fn placeholders(text: &str) -> Vec<String> {
    template_parts(text)
        .into_iter()
        .filter_map(|part| match part {
            Placeholder::Column(name) => Some(name),
            Placeholder::Unclosed(_) => None,
        })
        .collect()
}

/// One `{{…}}` of an alert details format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placeholder {
    /// `{{Column}}`: the column name, trimmed.
    Column(String),
    /// A `{{` with no `}}` before the next `{{`, a `}` or the end: the text from it.
    Unclosed(String),
}

/// The placeholders of a format string in order. A `{{SrcIpAddr} …` is unclosed, not
/// a column named `SrcIpAddr} … {{Next`: a name ends at the first `}` or `{{`.
pub fn template_parts(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let name_end = after.find(['}', '{', '\n']).unwrap_or(after.len());
        if after[name_end..].starts_with("}}") {
            out.push(Placeholder::Column(after[..name_end].trim().to_string()));
            rest = &after[name_end + 2..];
        } else {
            let shown: String = rest[start..].chars().take(24).collect();
            out.push(Placeholder::Unclosed(shown));
            rest = &after[name_end..];
        }
    }
    out
}

/// Unclosed `{{` in the alert details format strings (`KQL111`).
fn unclosed_templates(meta: &SentinelMeta) -> Vec<Diagnostic> {
    let Some(Value::Object(o)) = &meta.alert_details_override else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in ["alertDisplayNameFormat", "alertDescriptionFormat"] {
        let Some(text) = o.get(key).and_then(Value::as_str) else {
            continue;
        };
        for part in template_parts(text) {
            if let Placeholder::Unclosed(shown) = part {
                let path = format!("alertDetailsOverride.{key}");
                out.push(
                    Diagnostic::new(
                        Code::RuleMetadataInvalid,
                        meta.value_span(&path),
                        format!("{path} has an unclosed `{{{{` at `{shown}`"),
                    )
                    .with_help("close the placeholder with `}}`: {{ColumnName}}"),
                );
            }
        }
    }
    out
}

/// Schedule, trigger, severity, tactics and techniques (`KQL111`).
pub fn fields(meta: &SentinelMeta) -> Vec<Diagnostic> {
    // (path of the value, message, help)
    let mut problems: Vec<(String, String, &str)> = Vec::new();
    for (key, d) in [
        ("queryFrequency", &meta.query_frequency),
        ("queryPeriod", &meta.query_period),
    ] {
        if let Some(d) = d
            && d.ticks.is_none()
        {
            problems.push((
                key.to_string(),
                format!("{key} `{}` is not a duration", d.text.trim()),
                "write it as 5m, 1h, 14d or ISO 8601 (PT1H, P14D)",
            ));
        }
    }
    if let (Some(f), Some(p)) = (
        meta.query_frequency.as_ref().and_then(|d| d.ticks),
        meta.query_period.as_ref().and_then(|d| d.ticks),
    ) && f > p
    {
        problems.push((
            "queryFrequency".into(),
            "queryFrequency is longer than queryPeriod: events between runs are never queried"
                .into(),
            "make queryPeriod at least as long as queryFrequency",
        ));
    }
    if let Some(op) = &meta.trigger_operator
        && !TRIGGER_OPERATORS.contains(&op.as_str())
    {
        problems.push((
            "triggerOperator".into(),
            format!("triggerOperator `{op}` is not one of gt, lt, eq, ne"),
            "use gt, lt, eq or ne",
        ));
    }
    if let Some(s) = &meta.severity
        && !SEVERITIES.contains(&s.as_str())
    {
        problems.push((
            "severity".into(),
            format!("severity `{s}` is not Informational, Low, Medium or High"),
            "use Informational, Low, Medium or High",
        ));
    }
    for (i, t) in strings(meta.other.get("tactics")) {
        if !TACTICS.contains(&t.as_str()) {
            problems.push((
                format!("tactics[{i}]"),
                format!("tactic `{t}` is not a MITRE ATT&CK tactic as Sentinel names it"),
                "use names such as InitialAccess, Persistence, PrivilegeEscalation",
            ));
        }
    }
    for (i, t) in strings(meta.other.get("relevantTechniques")) {
        if !is_technique(&t) {
            problems.push((
                format!("relevantTechniques[{i}]"),
                format!("relevantTechniques entry `{t}` is not of the form T1234 or T1234.001"),
                "write the technique id as T1234 or a sub-technique as T1234.001",
            ));
        }
    }
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .map(|(path, message, help)| {
            Diagnostic::new(Code::RuleMetadataInvalid, meta.value_span(&path), message)
                .with_help(help)
        })
        .collect();
    out.extend(unclosed_templates(meta));
    out
}

/// The string items of a list with their indices (the paths of their values).
fn strings(v: Option<&Value>) -> Vec<(usize, String)> {
    array(v)
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.as_str().map(|s| (i, s.to_string())))
        .collect()
}

/// `T1234` or `T1234.001`.
pub fn is_technique(t: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match t.strip_prefix('T') {
        Some(rest) => match rest.split_once('.') {
            Some((main, sub)) => digits(main, 4) && digits(sub, 3),
            None => digits(rest, 4),
        },
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn techniques_are_t_and_four_digits_with_an_optional_three_digit_sub_technique() {
        assert!(is_technique("T1078"));
        assert!(is_technique("T1078.004"));
        assert!(!is_technique("T107"));
        assert!(!is_technique("1078"));
        assert!(!is_technique("T1078.4"));
    }

    #[test]
    fn a_placeholder_with_one_closing_brace_is_unclosed_not_a_column() {
        // Seen in Azure-Sentinel's Detections folder: `{{SrcIpAddr}` with one brace; the
        // excerpt is the first 24 characters from the `{{`.
        assert_eq!(
            template_parts("from {{SrcIpAddr} with a Domain {{Name}}"),
            vec![
                Placeholder::Unclosed("{{SrcIpAddr} with a Doma".to_string()),
                Placeholder::Column("Name".to_string()),
            ]
        );
        assert_eq!(
            template_parts("{{A}} and {{B"),
            vec![
                Placeholder::Column("A".to_string()),
                Placeholder::Unclosed("{{B".to_string()),
            ]
        );
    }

    #[test]
    fn placeholders_are_the_names_in_double_braces() {
        assert_eq!(
            placeholders("{{Actor}} added {{ Target }} to {{Role}"),
            vec!["Actor".to_string(), "Target".to_string()]
        );
    }
}
