//! The plan written as KQL: a readable pipeline (`T | where … | extend … | summarize
//! … by …`) that keeps ES|QL's meaning — three-valued conditions, multi-values as
//! dynamic arrays, the default `LIMIT 1000` as `take 1000`, ES|QL's column order.

mod expr;
mod functions;
mod multivalue;
mod pipeline;
mod text;

use super::{Refusals, Target};
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;
use crate::source::Span;

/// What the KQL writer keeps while it goes through a plan: the refused constructs, and
/// the names of the columns a `ROW` fills with a multi-valued constant (typed by its
/// values, `[1, 2]` an integer, yet a dynamic array in KQL).
pub struct Writer {
    refusals: Refusals,
    multi_valued: Vec<String>,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            refusals: Refusals::new(Target::Kql),
            multi_valued: Vec::new(),
        }
    }

    /// Records that the construct at `span` cannot be written (see [`Refusals::refuse`]).
    pub fn refuse(&mut self, span: Span, what: &str, help: &str) -> String {
        self.refusals.refuse(span, what, help)
    }

    /// Notes that column `name` holds a multi-valued constant.
    pub fn note_multi_valued(&mut self, name: &str) {
        if !self.is_multi_valued(name) {
            self.multi_valued.push(name.to_string());
        }
    }

    /// Whether column `name` was filled with a multi-valued constant.
    pub fn is_multi_valued(&self, name: &str) -> bool {
        self.multi_valued.iter().any(|n| n == name)
    }

    fn result(self, text: String) -> Result<String, Vec<Diagnostic>> {
        self.refusals.result(text)
    }
}

/// Writes `plan` as one KQL query.
pub fn translate(plan: &Plan) -> Result<String, Vec<Diagnostic>> {
    let mut w = Writer::new();
    if !plan.shared.is_empty() {
        w.refuse(
            plan.root.span,
            "a shared subquery",
            "KQL translation reads one pipeline",
        );
    }
    let lines = pipeline::node(&mut w, &plan.root);
    w.result(lines.join("\n"))
}
