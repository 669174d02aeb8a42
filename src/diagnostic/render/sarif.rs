//! Diagnostics as a SARIF 2.1.0 log (one run, the `Code` catalogue as the rules), the
//! format code-scanning services import.

use super::FileDiagnostics;
use crate::diagnostic::{Code, Severity};
use crate::source::LineIndex;
use serde_json::{Value, json};

/// The SARIF schema the output follows.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log of every diagnostic of every file, pretty-printed.
pub fn render(files: &[FileDiagnostics]) -> String {
    let mut out = serde_json::to_string_pretty(&to_value(files)).unwrap_or_default();
    out.push('\n');
    out
}

/// The SARIF log of [`render`] as a value.
pub fn to_value(files: &[FileDiagnostics]) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver() },
            // Our columns count Unicode characters, not SARIF's default UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": results(files),
        }],
    })
}

fn driver() -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.id(),
                "name": code.name(),
                "shortDescription": { "text": code.summary() },
                "defaultConfiguration": { "level": level(code.default_severity()) },
            })
        })
        .collect();
    json!({ "name": "kqlc", "version": env!("CARGO_PKG_VERSION"), "rules": rules })
}

fn results(files: &[FileDiagnostics]) -> Vec<Value> {
    let mut out = Vec::new();
    for file in files {
        let lines = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            let at = file.locate(&lines, d.span);
            let rule_index = Code::ALL.iter().position(|c| *c == d.code);
            let mut result = json!({
                "ruleId": d.code.id(),
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": path_to_uri(&file.path) },
                        "region": {
                            "startLine": at.line,
                            "startColumn": at.column,
                            "endLine": at.end_line,
                            "endColumn": at.end_column,
                            "byteOffset": at.start,
                            "byteLength": at.end - at.start,
                        },
                    },
                }],
            });
            if let Some(help) = &d.help {
                result["properties"] = json!({ "help": help });
            }
            out.push(result);
        }
    }
    out
}

/// SARIF's level for a severity (`info` is SARIF's `note`).
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: `/` separators, unsafe bytes percent-encoded.
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::source::Span;

    #[test]
    fn the_log_names_kqlc_and_lists_every_code_as_a_rule() {
        let log = to_value(&[]);
        assert_eq!(log["version"], "2.1.0");
        let driver = &log["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "kqlc");
        assert_eq!(
            driver["rules"].as_array().map(Vec::len),
            Some(Code::ALL.len())
        );
        assert_eq!(log["runs"][0]["results"], json!([]));
    }

    #[test]
    fn a_result_points_at_its_region_through_its_rule() {
        let d = Diagnostic::new(Code::UnusedLet, Span::new(4, 5), "`x` is never used");
        let file = FileDiagnostics::in_file("my rules/q.kql", "let x = 1;\nT", vec![d]);
        let result = &to_value(&[file])["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "KQL209");
        assert_eq!(result["level"], "warning");
        assert_eq!(
            Code::ALL[result["ruleIndex"].as_u64().unwrap() as usize],
            Code::UnusedLet
        );
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "my%20rules/q.kql");
        assert_eq!(location["region"]["startLine"], 1);
        assert_eq!(location["region"]["startColumn"], 5);
        assert_eq!(location["region"]["endColumn"], 6);
    }
}
