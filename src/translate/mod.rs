//! `kqlc translate`: a query's shared plan written back as text in another language
//! (KQL, ES|QL, or SQL for DuckDB and Spark). Translators read the plan and nothing
//! else; a construct with no faithful translation is a finding at its source span,
//! never a silently different query.

pub mod compile;
pub mod esql;
pub mod esql_index;
pub mod kql;
pub mod rule;
pub mod sql;

use crate::diagnostic::{Code, Diagnostic};
use crate::plan::Plan;
use crate::source::Span;

/// The SQL dialects `--to sql` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB 1.x SQL.
    DuckDb,
    /// Spark 4 SQL.
    Spark,
}

/// What a plan is translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Kql,
    Esql,
    Sql(Dialect),
}

impl Target {
    /// The target's name in findings (`ES|QL`, `DuckDB SQL`, …).
    pub fn label(self) -> &'static str {
        match self {
            Target::Kql => "KQL",
            Target::Esql => "ES|QL",
            Target::Sql(Dialect::DuckDb) => "DuckDB SQL",
            Target::Sql(Dialect::Spark) => "Spark SQL",
        }
    }
}

/// Writes `plan` as a query in `target`; every construct that cannot be kept is one
/// finding (all of them, not only the first).
pub fn translate(plan: &Plan, target: Target) -> Result<String, Vec<Diagnostic>> {
    match target {
        Target::Kql => kql::translate(plan),
        Target::Esql => esql::translate(plan),
        Target::Sql(dialect) => sql::translate(plan, dialect),
    }
}

/// The finding for a construct at `span` that `target` cannot express faithfully:
/// `what` names the construct, `help` says what is missing or what to do instead.
pub fn untranslatable(span: Span, what: &str, target: Target, help: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Untranslatable,
        span,
        format!("{what} has no faithful translation to {}", target.label()),
    )
    .with_help(help)
}
