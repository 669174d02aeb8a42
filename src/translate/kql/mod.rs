//! The plan written as KQL: a readable pipeline (`T | where … | extend … | summarize
//! … by …`) that keeps ES|QL's meaning — three-valued conditions, multi-values as
//! dynamic arrays, the default `LIMIT 1000` as `take 1000`, ES|QL's column order.

mod expr;
mod functions;
mod multivalue;
mod pipeline;
mod text;

pub use super::Refusals as Writer;
use super::Target;
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;

/// Writes `plan` as one KQL query.
pub fn translate(plan: &Plan) -> Result<String, Vec<Diagnostic>> {
    let mut w = Writer::new(Target::Kql);
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
