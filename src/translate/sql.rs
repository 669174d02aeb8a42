//! The plan written as SQL for DuckDB or Spark.

use super::{Dialect, Target, untranslatable};
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;

/// Writes `plan` as one SQL query in `dialect`.
pub fn translate(plan: &Plan, dialect: Dialect) -> Result<String, Vec<Diagnostic>> {
    Err(vec![untranslatable(
        plan.root.span,
        "this query",
        Target::Sql(dialect),
        "this target is not written yet",
    )])
}
