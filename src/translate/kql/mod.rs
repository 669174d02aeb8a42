//! The plan written as KQL: a readable pipeline (`T | where … | extend … | summarize
//! … by …`) that keeps ES|QL's meaning — three-valued conditions, multi-values as
//! dynamic arrays, the default `LIMIT 1000` as `take 1000`, ES|QL's column order.

mod expr;
mod functions;
mod multivalue;
mod pipeline;
mod text;

use super::{Target, untranslatable};
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;
use crate::source::Span;

/// Writes `plan` as one KQL query.
pub fn translate(plan: &Plan) -> Result<String, Vec<Diagnostic>> {
    let mut w = Writer::default();
    if !plan.shared.is_empty() {
        w.refuse(
            plan.root.span,
            "a shared subquery",
            "KQL translation reads one pipeline",
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
        let finding = untranslatable(span, what, Target::Kql, help);
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
