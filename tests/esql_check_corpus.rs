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
            Some((
                field("id")?,
                field("path").unwrap_or_default(),
                field("query")?,
            ))
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
    for (id, _, query) in rows
        .iter()
        .filter(|(id, _, _)| KNOWN_INVALID.contains(&id.as_str()))
    {
        assert!(!errors(query).is_empty(), "{id} should be rejected");
    }
}

/// The `---query` section of a conformance case.
fn case_query(text: &str) -> Option<String> {
    let mut lines = text.lines().skip_while(|l| *l != "---query");
    lines.next()?;
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("---")).collect();
    Some(body.join("\n"))
}

/// The queries of Elasticsearch's own csv-spec tests (`../shared/conformance/esql/`)
/// are valid ES|QL: none may get an error finding.
#[test]
fn every_esql_conformance_query_checks_without_errors() {
    let dir = shared().join("conformance/esql");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIP: {} is absent", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "case"))
        .collect();
    paths.sort();
    let mut failing = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let Some(query) = case_query(&text) else {
            continue;
        };
        let found = errors(&query);
        if !found.is_empty() {
            let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
            failing.push(format!("{}: {}", path.display(), messages.join("; ")));
        }
    }
    eprintln!(
        "ES|QL conformance queries: {} checked, {} with error findings",
        paths.len(),
        failing.len()
    );
    assert!(failing.is_empty(), "{}", failing.join("\n"));
}

/// A misspelt reference to a column a `STATS` defined, in every corpus query that
/// refers to one after its `STATS`: the name with its last character doubled at the
/// first whole-word use after the command. `None` when there is no such use.
fn misspelt_after_stats(query: &str) -> Option<(String, String)> {
    let (parsed, _) = kqlc::syntax::esql::parse(query);
    let parsed = parsed?;
    for command in &parsed.commands {
        let kqlc::syntax::esql::ast::CommandKind::Stats(stats) = &command.kind else {
            continue;
        };
        for aggregate in &stats.aggregates {
            let Some(name) = &aggregate.field.name else {
                continue;
            };
            let after = command.span.end as usize;
            let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
            let rest = query.get(after..)?;
            let hit = rest.match_indices(name.name.as_str()).find(|(i, _)| {
                let before = rest[..*i].chars().next_back();
                let next = rest[i + name.name.len()..].chars().next();
                !before.is_some_and(|c| is_ident(c) || c == '"' || c == '`')
                    && !next.is_some_and(|c| is_ident(c) || c == '"' || c == '*')
            });
            if let Some((i, _)) = hit {
                let at = after + i + name.name.len();
                let last = name.name.chars().next_back()?;
                let mutated = format!("{}{last}{}", &query[..at], &query[at..]);
                return Some((name.name.clone(), mutated));
            }
        }
    }
    None
}

#[test]
fn a_misspelt_stats_column_is_caught_in_every_corpus_query_that_uses_one() {
    let Some(rows) = corpus() else {
        eprintln!("SKIP: {} is absent", shared().join("corpus").display());
        return;
    };
    let mut tried = 0;
    let mut missed = Vec::new();
    for (id, _, query) in rows
        .iter()
        .filter(|(id, _, _)| !KNOWN_INVALID.contains(&id.as_str()))
    {
        let Some((name, mutated)) = misspelt_after_stats(query) else {
            continue;
        };
        tried += 1;
        let caught = errors(&mutated)
            .iter()
            .any(|d| d.code == kqlc::diagnostic::Code::EsqlUnknownColumn);
        if !caught {
            missed.push(format!("{id}: `{name}`"));
        }
    }
    eprintln!(
        "misspelt STATS columns: {tried} corpus queries mutated, {} missed",
        missed.len()
    );
    assert!(tried > 50, "only {tried} queries refer to a STATS column");
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

/// Bad input never panics the checker: every corpus query cut at many places (mostly
/// broken queries) and with its lines after the first reversed (commands out of order) is checked.
#[test]
fn cut_and_reordered_corpus_queries_are_checked_without_panicking() {
    let Some(rows) = corpus() else {
        eprintln!("SKIP: {} is absent", shared().join("corpus").display());
        return;
    };
    let mut checked = 0;
    for (_, _, query) in &rows {
        let cuts = query.char_indices().map(|(i, _)| i).filter(|i| i % 53 == 0);
        for cut in cuts {
            errors(&query[..cut]);
            checked += 1;
        }
        let mut lines: Vec<&str> = query.lines().collect();
        if lines.len() > 2 {
            lines[1..].reverse();
        }
        errors(&lines.join("\n"));
        checked += 1;
    }
    eprintln!("{checked} broken variants checked");
}
