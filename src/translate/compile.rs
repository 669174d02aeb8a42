//! The plan a translation starts from: the query text of either language lowered
//! against the tables `kqlc check` knows (built-in schemas; other tables open).

use crate::check::CheckCatalog;
use crate::diagnostic::{Code, Diagnostic};
use crate::plan::Plan;
use crate::source::{Language, Span};

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
    if query.is_none() || !errors.is_empty() {
        return Err(errors);
    }
    Err(vec![Diagnostic::new(
        Code::Unsupported,
        Span::new(0, text.len()),
        "translating from ES|QL is not available yet",
    )])
}

fn only_errors(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}
