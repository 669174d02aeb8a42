//! kqlc: a compiler and interpreter for the KQL and ES|QL of detection rules.
//!
//! Stages: text → tokens → syntax tree (per language, `syntax`) → shared logical plan
//! (`plan`) → checked plan (`check`) → rows (`exec`). Diagnostics of every stage are
//! one type (`diagnostic`).

pub mod alerts;
pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod exec;
pub mod fmt;
pub mod functions;
pub mod io;
pub mod lsp;
pub mod ops;
pub mod plan;
pub mod rules;
pub mod run;
pub mod schema;
pub mod source;
pub mod spark;
pub mod syntax;
pub mod testing;
pub mod translate;
pub mod value;

use diagnostic::Diagnostic;
use plan::Plan;
use plan::catalog::Catalog;

/// Parses KQL text into its syntax tree (partial after errors) and diagnostics.
pub fn parse_kql(text: &str) -> (Option<syntax::kql::ast::Query>, Vec<Diagnostic>) {
    syntax::kql::parse(text)
}

/// Parses and lowers KQL text to a plan over the tables `catalog` knows.
pub fn compile_kql(text: &str, catalog: &dyn Catalog) -> Result<Plan, Vec<Diagnostic>> {
    let (query, mut diags) = parse_kql(text);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let Some(query) = query else {
        return Err(diags);
    };
    let mut plan = syntax::kql::lower::lower(&query, catalog).map_err(|d| {
        diags.push(d);
        diags
    })?;
    plan::prune::prune_columns(&mut plan);
    Ok(plan)
}
