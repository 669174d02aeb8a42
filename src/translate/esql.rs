//! The plan written as ES|QL.

use super::{Target, untranslatable};
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;

/// Writes `plan` as one ES|QL query.
pub fn translate(plan: &Plan) -> Result<String, Vec<Diagnostic>> {
    Err(vec![untranslatable(
        plan.root.span,
        "this query",
        Target::Esql,
        "this target is not written yet",
    )])
}
