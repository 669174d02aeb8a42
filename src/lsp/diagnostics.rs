//! `kqlc check`'s findings as LSP diagnostics: the same codes, messages and spans,
//! mapped from the query to the file and to UTF-16 positions.

use super::documents::Document;
use super::settings::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString};

/// The source name every published diagnostic carries.
pub const SOURCE: &str = "kqlc";

/// The findings of `kqlc check` about a document, as `kqlc check` orders them.
pub fn check_document(doc: &Document, settings: &Settings) -> Vec<Diagnostic> {
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
    fn a_broken_rule_file_reports_at_the_file_offset() {
        let d = doc("file:///r.yaml", "name: [unclosed\n");
        let found = publishable(&d, &Settings::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Some(DiagnosticSeverity::ERROR));
    }
}
