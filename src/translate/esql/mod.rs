//! The plan written as ES|QL: `FROM T | WHERE … | EVAL … | STATS … BY … | SORT |
//! LIMIT | KEEP | RENAME`, keeping KQL's meaning (whole-term `has`, case-insensitive
//! `=~`, `""` for a missing string, `bin` flooring, one row from an empty `summarize`).

mod expr;
mod functions;
mod java_regex;
mod pipeline;
mod terms;
mod text;

pub use super::Refusals as Writer;
use super::Target;
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;

/// Writes `plan` as one ES|QL query.
pub fn translate(plan: &Plan) -> Result<String, Vec<Diagnostic>> {
    let mut w = Writer::new(Target::Esql);
    if !plan.shared.is_empty() {
        w.refuse(
            plan.root.span,
            "a materialized or scalar subquery",
            "ES|QL has no subqueries",
        );
    }
    let lines = pipeline::node(&mut w, &plan.root);
    w.result(lines.join("\n"))
}
