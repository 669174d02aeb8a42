//! Rendering diagnostics: for people ([`human`], ariadne reports) and for tools
//! ([`json`], [`sarif`]).
//!
//! Diagnostic spans are byte ranges of a query; a [`FileDiagnostics`] carries the file
//! the query came from and the [`SourceMap`] between them, so every renderer reports
//! positions in the file as the user wrote it.

pub mod human;
pub mod json;
pub mod sarif;

use super::{Code, Diagnostic, Severity};
use crate::source::{LineIndex, SourceMap, Span};

/// One file's diagnostics with what is needed to place them in that file.
#[derive(Clone, Debug)]
pub struct FileDiagnostics {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    /// The whole file text.
    pub text: String,
    /// Maps diagnostic spans (query offsets) to offsets of `text`.
    pub map: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a span lies in a file: byte offsets and 1-based line and column (in characters),
/// the end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl FileDiagnostics {
    /// Diagnostics whose spans are offsets of the query extracted from `text` through `map`.
    pub fn new(
        path: impl Into<String>,
        text: impl Into<String>,
        map: SourceMap,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        FileDiagnostics {
            path: path.into(),
            text: text.into(),
            map,
            diagnostics,
        }
    }

    /// Diagnostics whose spans are already offsets of `text` (rule-file errors).
    pub fn in_file(
        path: impl Into<String>,
        text: impl Into<String>,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        FileDiagnostics::new(path, text, SourceMap::identity(), diagnostics)
    }

    /// The file byte range of a query span, clamped to the file and to character boundaries.
    pub fn file_range(&self, span: Span) -> (usize, usize) {
        let text = &self.text;
        let start = floor_boundary(text, self.map.to_file(span.start as usize));
        let end = if span.end <= span.start {
            start
        } else {
            ceil_boundary(text, self.map.to_file(span.end as usize - 1) + 1).max(start)
        };
        (start, end)
    }

    /// The location of a query span in the file.
    pub fn locate(&self, lines: &LineIndex, span: Span) -> Location {
        let (start, end) = self.file_range(span);
        let (line, column) = lines.line_col(&self.text, start);
        let (end_line, end_column) = lines.line_col(&self.text, end);
        Location {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The lowercase name of a severity as the JSON output spells it.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The Markdown table of every diagnostic code (the README's catalogue).
pub fn codes_markdown_table() -> String {
    let mut out =
        String::from("| code | name | default severity | meaning |\n| --- | --- | --- | --- |\n");
    for code in Code::ALL {
        let summary = code.summary().replace('|', "\\|");
        let severity = severity_name(code.default_severity());
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            code.id(),
            code.name(),
            severity,
            summary
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_span_is_located_in_the_file() {
        // query "T\n| take 1" from "query: |\n  T\n  | take 1\n"
        let file = FileDiagnostics::new(
            "r.yaml",
            "query: |\n  T\n  | take 1\n",
            SourceMap::from_segments(vec![(0, 11), (2, 15)]),
            vec![],
        );
        let lines = LineIndex::new(&file.text);
        let loc = file.locate(&lines, Span::new(4, 8));
        assert_eq!(
            loc,
            Location {
                start: 17,
                end: 21,
                line: 3,
                column: 5,
                end_line: 3,
                end_column: 9
            }
        );
    }

    #[test]
    fn a_span_ending_at_a_line_end_stays_on_that_line() {
        let file = FileDiagnostics::new(
            "r.yaml",
            "q: |\n  ab\n  cd\n",
            SourceMap::from_segments(vec![(0, 7), (3, 12)]),
            vec![],
        );
        assert_eq!(file.file_range(Span::new(0, 3)), (7, 10));
    }

    #[test]
    fn a_reversed_span_is_treated_as_empty() {
        let file = FileDiagnostics::in_file("q.kql", "abc", vec![]);
        assert_eq!(file.file_range(Span { start: 2, end: 0 }), (2, 2));
    }

    #[test]
    fn spans_past_the_end_are_clamped_to_the_file() {
        let file = FileDiagnostics::in_file("q.kql", "é", vec![]);
        assert_eq!(file.file_range(Span::new(1, 9)), (0, 2));
    }

    #[test]
    fn the_code_table_has_a_row_per_code() {
        let table = codes_markdown_table();
        assert_eq!(table.lines().count(), Code::ALL.len() + 2);
        assert!(
            table.contains("| KQL102 | rule-missing-query | error | the rule file has no query |")
        );
    }
}
