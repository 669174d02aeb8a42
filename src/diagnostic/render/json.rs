//! Diagnostics as one JSON array for tools: positions in the file as given (1-based
//! lines and columns, byte offsets), severity, code, name, message and help.

use super::{FileDiagnostics, Location, severity_name};
use crate::source::LineIndex;
use serde_json::{Value, json};

/// Every diagnostic of every file as a pretty-printed JSON array (`[]` when clean).
pub fn render(files: &[FileDiagnostics]) -> String {
    let mut out =
        serde_json::to_string_pretty(&to_value(files)).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// The JSON array of [`render`] as a value.
pub fn to_value(files: &[FileDiagnostics]) -> Value {
    let mut items = Vec::new();
    for file in files {
        let lines = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            let at = file.locate(&lines, d.span);
            let mut item = position(&file.path, &at);
            let fields = [
                ("severity", json!(severity_name(d.severity))),
                ("code", json!(d.code.id())),
                ("name", json!(d.code.name())),
                ("message", json!(d.message)),
                ("help", json!(d.help)),
                ("notes", json!(d.notes)),
                ("labels", labels(file, &lines, d)),
            ];
            item.extend(fields.into_iter().map(|(k, v)| (k.to_string(), v)));
            items.push(Value::Object(item));
        }
    }
    Value::Array(items)
}

/// The file and [`location`] of a diagnostic.
fn position(path: &str, at: &Location) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert("file".to_string(), json!(path));
    map.extend(location(at));
    map
}

/// Where a span is: 1-based line and column of each end, and its byte offsets.
fn location(at: &Location) -> serde_json::Map<String, Value> {
    let fields = [
        ("line", at.line),
        ("column", at.column),
        ("end_line", at.end_line),
        ("end_column", at.end_column),
        ("start", at.start),
        ("end", at.end),
    ];
    fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect()
}

fn labels(file: &FileDiagnostics, lines: &LineIndex, d: &crate::diagnostic::Diagnostic) -> Value {
    let items = d.labels.iter().map(|label| {
        let mut item = location(&file.locate(lines, label.span));
        item.insert("message".to_string(), json!(label.message));
        Value::Object(item)
    });
    Value::Array(items.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Diagnostic};
    use crate::source::{SourceMap, Span};

    #[test]
    fn no_diagnostics_render_as_an_empty_array() {
        assert_eq!(render(&[]).trim(), "[]");
        let clean = FileDiagnostics::in_file("q.kql", "T", vec![]);
        assert_eq!(to_value(&[clean]), json!([]));
    }

    #[test]
    fn a_diagnostic_is_an_object_with_file_positions() {
        let d = Diagnostic::new(Code::UnknownTable, Span::new(0, 1), "unknown table `T`")
            .with_help("check the name");
        let file = FileDiagnostics::new(
            "r.yaml",
            "query: |\n  T\n",
            SourceMap::from_segments(vec![(0, 11)]),
            vec![d],
        );
        assert_eq!(
            to_value(&[file]),
            json!([{
                "file": "r.yaml", "line": 2, "column": 3, "end_line": 2, "end_column": 4, "start": 11, "end": 12,
                "severity": "error", "code": "KQL201", "name": "unknown-table", "message": "unknown table `T`",
                "help": "check the name", "notes": [], "labels": []
            }])
        );
    }
}
