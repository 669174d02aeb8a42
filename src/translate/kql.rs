//! The plan written as KQL.

use super::{Target, untranslatable};
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;

/// Writes `plan` as one KQL query.
pub fn translate(plan: &Plan) -> Result<String, Vec<Diagnostic>> {
    Err(vec![untranslatable(
        plan.root.span,
        "this query",
        Target::Kql,
        "this target is not written yet",
    )])
}
