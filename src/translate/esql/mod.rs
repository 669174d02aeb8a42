//! The plan written as ES|QL: `FROM T | WHERE … | EVAL … | STATS … BY … | SORT |
//! LIMIT | KEEP | RENAME`, keeping KQL's meaning (whole-term `has`, case-insensitive
//! `=~`, `""` for a missing string, `bin` flooring, one row from an empty `summarize`).

mod expr;
mod functions;
mod pipeline;
mod terms;
mod text;

use super::{Target, untranslatable};
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;
use crate::source::Span;

/// Writes `plan` as one ES|QL query.
pub fn translate(plan: &Plan) -> Result<String, Vec<Diagnostic>> {
    let mut w = Writer::default();
    if !plan.shared.is_empty() {
        w.refuse(
            plan.root.span,
            "a materialized or scalar subquery",
            "ES|QL has no subqueries",
        );
    }
    let lines = pipeline::node(&mut w, &plan.root);
    if w.findings.is_empty() {
        Ok(lines.join("\n"))
    } else {
        Err(w.findings)
    }
}

/// The findings gathered while writing.
#[derive(Default)]
pub struct Writer {
    findings: Vec<Diagnostic>,
}

impl Writer {
    /// Records that the construct at `span` cannot be written, and returns a placeholder.
    fn refuse(&mut self, span: Span, what: &str, help: &str) -> String {
        let finding = untranslatable(span, what, Target::Esql, help);
        if !self
            .findings
            .iter()
            .any(|f| f.span == finding.span && f.message == finding.message)
        {
            self.findings.push(finding);
        }
        "<untranslatable>".into()
    }
}
