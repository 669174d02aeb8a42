//! Whole rules, not only queries: a Sentinel analytic rule written as an Elastic ES|QL
//! rule (TOML) and an Elastic ES|QL rule as a Sentinel scheduled rule (YAML), each with
//! its name, description, severity, MITRE ATT&CK tactics and techniques, and schedule
//! (Sentinel `queryFrequency`/`queryPeriod` ↔ Elastic `interval`/`from`).

use crate::rules::RuleFile;
use serde_json::Value;

/// MITRE ATT&CK enterprise tactics: Sentinel's name, the tactic id, Elastic's name.
const TACTICS: &[(&str, &str, &str)] = &[
    ("Reconnaissance", "TA0043", "Reconnaissance"),
    ("ResourceDevelopment", "TA0042", "Resource Development"),
    ("InitialAccess", "TA0001", "Initial Access"),
    ("Execution", "TA0002", "Execution"),
    ("Persistence", "TA0003", "Persistence"),
    ("PrivilegeEscalation", "TA0004", "Privilege Escalation"),
    ("DefenseEvasion", "TA0005", "Defense Evasion"),
    ("CredentialAccess", "TA0006", "Credential Access"),
    ("Discovery", "TA0007", "Discovery"),
    ("LateralMovement", "TA0008", "Lateral Movement"),
    ("Collection", "TA0009", "Collection"),
    ("Exfiltration", "TA0010", "Exfiltration"),
    ("CommandAndControl", "TA0011", "Command and Control"),
    ("Impact", "TA0040", "Impact"),
];

/// Elastic's default risk score of a severity.
fn risk_score(severity: &str) -> i64 {
    match severity {
        "critical" => 99,
        "high" => 73,
        "medium" => 47,
        _ => 21,
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// A Sentinel rule with its query translated to ES|QL (`query`), as an Elastic ES|QL
/// rule TOML; `from` is `now-<queryPeriod>`, `interval` the `queryFrequency`.
pub fn to_elastic_toml(rule: &RuleFile, query: &str) -> String {
    let meta = &rule.meta;
    let other = |k: &str| meta.other.get(k);
    let severity = match meta
        .severity
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("high") => "high",
        Some("medium") => "medium",
        _ => "low",
    };
    let mut doc = toml_edit::DocumentMut::new();
    doc["metadata"] = toml_edit::table();
    doc["rule"] = toml_edit::table();
    doc["metadata"]["maturity"] = toml_edit::value("development");
    let r = &mut doc["rule"];
    r["author"] = toml_edit::value(toml_edit::Array::from_iter(["kqlc translate"]));
    r["name"] = toml_edit::value(meta.name.clone().unwrap_or_else(|| rule.path.clone()));
    let description = other("description").and_then(Value::as_str).unwrap_or("");
    r["description"] = toml_edit::value(description.trim());
    if let Some(id) = &meta.id {
        r["rule_id"] = toml_edit::value(id.as_str());
    }
    r["risk_score"] = toml_edit::value(risk_score(severity));
    r["severity"] = toml_edit::value(severity);
    r["type"] = toml_edit::value("esql");
    r["language"] = toml_edit::value("esql");
    if let Some(f) = &meta.query_frequency {
        r["interval"] = toml_edit::value(elastic_duration(&f.text));
    }
    if let Some(p) = &meta.query_period {
        r["from"] = toml_edit::value(format!("now-{}", elastic_duration(&p.text)));
    }
    r["query"] = toml_edit::value(format!("{}\n", query.trim_end()));
    let tactics = strings(other("tactics"));
    let techniques = strings(other("relevantTechniques"));
    let mut threats = toml_edit::ArrayOfTables::new();
    for (i, name) in tactics.iter().enumerate() {
        let Some((_, id, elastic)) = TACTICS.iter().find(|(s, _, _)| s == name) else {
            continue;
        };
        let mut threat = toml_edit::Table::new();
        threat["framework"] = toml_edit::value("MITRE ATT&CK");
        let mut tactic = toml_edit::Table::new();
        tactic["id"] = toml_edit::value(*id);
        tactic["name"] = toml_edit::value(*elastic);
        tactic["reference"] = toml_edit::value(format!("https://attack.mitre.org/tactics/{id}/"));
        threat["tactic"] = toml_edit::Item::Table(tactic);
        // Sentinel does not say which technique belongs to which tactic: they are
        // listed once, under the first tactic.
        if i == 0 && !techniques.is_empty() {
            let mut list = toml_edit::ArrayOfTables::new();
            for t in &techniques {
                let mut technique = toml_edit::Table::new();
                technique["id"] = toml_edit::value(t.as_str());
                technique["name"] = toml_edit::value(t.as_str());
                let path = t.replace('.', "/");
                technique["reference"] =
                    toml_edit::value(format!("https://attack.mitre.org/techniques/{path}/"));
                list.push(technique);
            }
            threat["technique"] = toml_edit::Item::ArrayOfTables(list);
        }
        threats.push(threat);
    }
    if !threats.is_empty() {
        doc["rule"]["threat"] = toml_edit::Item::ArrayOfTables(threats);
    }
    doc.to_string()
}

/// A Sentinel duration (`1h`, `PT30M`, `1d`) as Elastic writes one (`1h`, `30m`, `1d`).
fn elastic_duration(text: &str) -> String {
    let t = text.trim();
    match t.strip_prefix("PT").or_else(|| t.strip_prefix("P")) {
        Some(rest) => rest.to_ascii_lowercase(),
        None => t.to_string(),
    }
}

/// An Elastic ES|QL rule with its query translated to KQL (`query`), as a Sentinel
/// scheduled rule YAML; `queryPeriod` comes from `from`, `queryFrequency` from `interval`.
pub fn to_sentinel_yaml(rule: &RuleFile, query: &str) -> String {
    let meta = rule.elastic.clone().unwrap_or_default();
    let quoted = |s: &str| Value::String(s.to_string()).to_string();
    let mut out = String::new();
    let id = meta
        .rule_id
        .clone()
        .unwrap_or_else(|| "00000000-0000-0000-0000-000000000000".into());
    out.push_str(&format!("id: {}\n", quoted(&id)));
    out.push_str(&format!(
        "name: {}\n",
        quoted(meta.name.as_deref().unwrap_or(&rule.path))
    ));
    out.push_str("description: |\n");
    for line in meta.description.as_deref().unwrap_or("").trim().lines() {
        out.push_str(&format!("  {line}\n"));
    }
    let severity = match meta.severity.as_deref() {
        Some("critical" | "high") => "High",
        Some("medium") => "Medium",
        _ => "Low",
    };
    out.push_str(&format!("severity: {severity}\n"));
    out.push_str("kind: Scheduled\n");
    let interval = meta.interval.clone().unwrap_or_else(|| "5m".into());
    out.push_str(&format!("queryFrequency: {interval}\n"));
    let period = meta
        .from
        .trim()
        .strip_prefix("now-")
        .unwrap_or("6m")
        .to_string();
    out.push_str(&format!("queryPeriod: {period}\n"));
    out.push_str("triggerOperator: gt\ntriggerThreshold: 0\n");
    let tactics: Vec<&str> = meta
        .tactics
        .iter()
        .filter_map(|id| TACTICS.iter().find(|(_, t, _)| t == id).map(|(s, _, _)| *s))
        .collect();
    out.push_str(if tactics.is_empty() {
        "tactics: []\n"
    } else {
        "tactics:\n"
    });
    for t in &tactics {
        out.push_str(&format!("  - {t}\n"));
    }
    out.push_str(if meta.techniques.is_empty() {
        "relevantTechniques: []\n"
    } else {
        "relevantTechniques:\n"
    });
    for t in &meta.techniques {
        out.push_str(&format!("  - {}\n", quoted(t)));
    }
    out.push_str("query: |\n");
    for line in query.trim_end().lines() {
        out.push_str(&format!("  {line}\n"));
    }
    out.push_str("version: 1.0.0\n");
    out
}
