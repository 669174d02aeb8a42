//! The plan a translation starts from: the query text of either language lowered
//! against the tables `kqlc check` knows (built-in schemas; other tables open).

use super::esql_index;
use crate::check::CheckCatalog;
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;
use crate::source::Language;

/// Parses and lowers `text` in `language`; the error findings when it does not parse
/// or lower (a query must check clean of errors to be translated).
pub fn compile(text: &str, language: Language) -> Result<Plan, Vec<Diagnostic>> {
    match language {
        Language::Kql => compile_kql(text),
        Language::Esql => compile_esql(text),
    }
}

fn compile_kql(text: &str) -> Result<Plan, Vec<Diagnostic>> {
    let (query, diagnostics) = crate::syntax::kql::parse(text);
    let errors = only_errors(diagnostics);
    let Some(query) = query.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let lowered = crate::syntax::kql::lower::lower_for_check(&query, &CheckCatalog::default());
    let errors = only_errors(lowered.findings);
    match lowered.plan {
        Ok(mut plan) if errors.is_empty() => {
            crate::plan::prune::prune_columns(&mut plan);
            Ok(plan)
        }
        Ok(_) => Err(errors),
        Err(error) => Err(errors.into_iter().chain([error]).collect()),
    }
}

fn compile_esql(text: &str) -> Result<Plan, Vec<Diagnostic>> {
    let (query, diagnostics) = crate::syntax::esql::parse(text);
    let errors = only_errors(diagnostics);
    let Some(query) = query.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let refused = esql_index::unreadable_commands(&query);
    if !refused.is_empty() {
        return Err(refused);
    }
    let catalog = esql_index::catalog(&query, text);
    crate::syntax::esql::lower::lower(&query, text, &catalog).map_err(|d| vec![d])
}

fn only_errors(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}
