//! `kqlc check` on every valid query of the shared ES|QL corpus
//! (`../shared/corpus/esql.public.jsonl`, real Elastic detection and hunting rules):
//! none may get an error-severity finding. The failures are printed with their rule.
//! Skips with a notice when the shared folder is absent.

use kqlc::check::CheckOptions;
use kqlc::cli::check::check_rule;
use kqlc::diagnostic::Diagnostic;
use kqlc::rules;
use std::path::PathBuf;

/// Corpus queries Elasticsearch itself rejects (syntax errors; see `esql_public_corpus.rs`).
const KNOWN_INVALID: &[&str] = &[
    "0d960760-8a40-49c1-bbdd-4deb32c7fd67",
    "3f26f262-fe14-11ef-9ee5-f661ea17fbcd",
    "7a083b24-6482-11ef-8a8f-f661ea17fbcc",
    "c784106e-6ae8-11ef-919d-f661ea17fbcc",
];

fn shared() -> PathBuf {
    PathBuf::from(std::env::var("KQLC_SHARED").unwrap_or_else(|_| "../shared".to_string()))
}

/// `(id, path, query)` of every corpus line, or `None` when the corpus is absent.
fn corpus() -> Option<Vec<(String, String, String)>> {
    let text = std::fs::read_to_string(shared().join("corpus/esql.public.jsonl")).ok()?;
    let rows = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|row| {
            let field = |name: &str| row.get(name).and_then(|v| v.as_str()).map(str::to_string);
            Some((field("id")?, field("path").unwrap_or_default(), field("query")?))
        })
        .collect();
    Some(rows)
}

fn errors(query: &str) -> Vec<Diagnostic> {
    let rule = rules::load("q.esql", query).expect("a .esql file loads");
    check_rule(&rule, false, &CheckOptions::default())
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

#[test]
fn every_valid_public_esql_query_checks_without_errors() {
    let Some(rows) = corpus() else {
        eprintln!("SKIP: {} is absent", shared().join("corpus").display());
        return;
    };
    let valid: Vec<_> = rows
        .iter()
        .filter(|(id, _, _)| !KNOWN_INVALID.contains(&id.as_str()))
        .collect();
    let mut failing = Vec::new();
    for (id, path, query) in &valid {
        let found = errors(query);
        if !found.is_empty() {
            let lines: Vec<String> = found
                .iter()
                .map(|d| {
                    let at = query.get(d.span.range()).unwrap_or("");
                    format!("    {} {} at `{at}`", d.code.id(), d.message)
                })
                .collect();
            failing.push(format!("{id} {path}\n{}", lines.join("\n")));
        }
    }
    eprintln!(
        "ES|QL corpus: {} valid queries, {} with error findings",
        valid.len(),
        failing.len()
    );
    assert!(
        failing.is_empty(),
        "{} queries with errors:\n{}",
        failing.len(),
        failing.join("\n")
    );
}

#[test]
fn the_known_invalid_corpus_queries_are_still_rejected() {
    let Some(rows) = corpus() else {
        eprintln!("SKIP: {} is absent", shared().join("corpus").display());
        return;
    };
    for (id, _, query) in rows.iter().filter(|(id, _, _)| KNOWN_INVALID.contains(&id.as_str())) {
        assert!(!errors(query).is_empty(), "{id} should be rejected");
    }
}
