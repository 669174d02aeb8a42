//! `kqlc check`'s findings as LSP diagnostics: the same codes, messages and spans,
//! mapped from the query to the file and to UTF-16 positions.

use super::documents::{Document, uri_path};
use super::settings::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleKind;
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString};

/// The source name every published diagnostic carries.
pub const SOURCE: &str = "kqlc";

/// The findings of `kqlc check` about a document, as `kqlc check` orders them; none
/// for a YAML or TOML file that is not a rule at all (see [`is_other_file`]).
pub fn check_document(doc: &Document, settings: &Settings) -> Vec<Diagnostic> {
    if is_other_file(doc) {
        return Vec::new();
    }
    match &doc.rule {
        Ok(rule) => {
            let mut diagnostics = crate::cli::check::check_rule(rule, false, &settings.check);
            diagnostics
                .sort_by_key(|d| doc.file_range(d.span.start as usize, d.span.end as usize).0);
            diagnostics
        }
        Err(error) => vec![error.clone()],
    }
}

/// Whether a `.yaml`/`.toml` file is some other kind of file (a CI workflow, a
/// `Cargo.toml`): a YAML file with no top-level `query` key, a TOML file with no `[rule]`
/// table. Editors send every YAML file to the server; those get no diagnostics, while a
/// rule with a broken or missing query still gets `kqlc check`'s.
pub fn is_other_file(doc: &Document) -> bool {
    match RuleKind::from_path(&uri_path(&doc.uri)) {
        RuleKind::SentinelYaml => !doc.text.lines().any(|l| l.starts_with("query")),
        RuleKind::ElasticToml => !doc.text.lines().any(|l| l.trim() == "[rule]"),
        RuleKind::KqlFile | RuleKind::EsqlFile => false,
    }
}

/// The LSP diagnostics of a document.
pub fn publishable(doc: &Document, settings: &Settings) -> Vec<lsp_types::Diagnostic> {
    let in_query = doc.rule.is_ok();
    check_document(doc, settings)
        .iter()
        .map(|d| to_lsp(doc, d, in_query))
        .collect()
}

/// One finding as an LSP diagnostic. `in_query`: the spans are query offsets (else
/// offsets of the file, as rule-loading errors are). The help and notes follow the
/// message; labels become related information.
pub fn to_lsp(doc: &Document, d: &Diagnostic, in_query: bool) -> lsp_types::Diagnostic {
    let range_of = |span: crate::source::Span| {
        let (start, end) = (span.start as usize, span.end as usize);
        if in_query {
            doc.query_range(start, end)
        } else {
            doc.range(start, end.max(start))
        }
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(doc.uri.clone(), range_of(label.span)),
            message: label.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: range_of(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.id().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range, Uri};
    use std::str::FromStr;

    fn doc(path: &str, text: &str) -> Document {
        Document::new(Uri::from_str(path).unwrap(), 1, text.to_string())
    }

    #[test]
    fn an_unknown_column_in_a_yaml_rule_points_into_the_file() {
        let text = "name: r\nquery: |\n  AuditLogs\n  | where OperatonName == \"x\"\n";
        let d = doc("file:///r.yaml", text);
        let found = publishable(&d, &Settings::default());
        let typo = found
            .iter()
            .find(|d| d.code == Some(NumberOrString::String("KQL202".into())))
            .expect("an unknown-column finding");
        // `OperatonName` starts at line 3, character 10 (after "  | where ").
        assert_eq!(
            typo.range,
            Range::new(Position::new(3, 10), Position::new(3, 22))
        );
        assert_eq!(typo.source.as_deref(), Some("kqlc"));
        assert!(typo.message.contains("OperationName"), "{}", typo.message);
    }

    #[test]
    fn yaml_and_toml_files_that_are_not_rules_get_no_diagnostics() {
        let workflow = doc("file:///ci.yaml", "on: push\njobs: {}\n");
        assert!(publishable(&workflow, &Settings::default()).is_empty());
        let cargo = doc("file:///Cargo.toml", "[package]\nname = \"x\"\n");
        assert!(publishable(&cargo, &Settings::default()).is_empty());
        let no_query = doc("file:///r.toml", "[rule]\nname = \"x\"\n");
        assert_eq!(publishable(&no_query, &Settings::default()).len(), 1);
    }

    #[test]
    fn a_broken_rule_file_reports_at_the_file_offset() {
        let d = doc("file:///r.yaml", "name: x\nquery: [unclosed\n");
        let found = publishable(&d, &Settings::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Some(DiagnosticSeverity::ERROR));
    }
}
