//! Parses every query of the shared ES|QL corpus (`../shared/corpus/esql.public.jsonl`)
//! and reports how many parse with no error diagnostic; fails below 98% of the valid
//! queries. A few corpus queries are not valid ES|QL (listed in [`KNOWN_INVALID`]):
//! they must be rejected, and they are left out of the rate. Also parses
//! the `---query` of every ES|QL conformance case (`../shared/conformance/esql/*.case`)
//! and reports that rate. Both skip with a notice when the shared folder is absent.

use crate::common;

use common::parse_rate::ParseRate;
use kqlc::syntax::esql::parse;
use std::path::{Path, PathBuf};

const CORPUS: &str = "corpus/esql.public.jsonl";
const CONFORMANCE: &str = "conformance/esql";
const REQUIRED_RATE: f64 = 98.0;

/// Corpus queries (by `id`) that Elasticsearch itself rejects, with the reason.
const KNOWN_INVALID: &[(&str, &str)] = &[
    (
        "0d960760-8a40-49c1-bbdd-4deb32c7fd67",
        "`now(-)`: an argument list cannot be a lone `-`",
    ),
    (
        "3f26f262-fe14-11ef-9ee5-f661ea17fbcd",
        "`… LIKE \"%kali%\" or )`: `OR` without a right operand",
    ),
    (
        "7a083b24-6482-11ef-8a8f-f661ea17fbcc",
        "`event.provider = \"…\"` in WHERE: `=` is not a comparison",
    ),
    (
        "c784106e-6ae8-11ef-919d-f661ea17fbcc",
        "`reset_counts = by …`: an assignment without an expression",
    ),
];

/// The shared directory: `../shared`, or `$KQLC_SHARED`.
fn shared() -> PathBuf {
    PathBuf::from(common::shared_dir())
}

/// `(id, query)` of every line of the corpus, or `None` when it is absent.
fn corpus_queries() -> Option<Vec<(String, String)>> {
    let text = std::fs::read_to_string(shared().join(CORPUS)).ok()?;
    let queries = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|row| {
            let query = row.get("query").and_then(|q| q.as_str())?.to_string();
            let id = row
                .get("id")
                .and_then(|i| i.as_str())
                .unwrap_or("")
                .to_string();
            Some((id, query))
        })
        .collect();
    Some(queries)
}

fn is_known_invalid(id: &str) -> bool {
    KNOWN_INVALID.iter().any(|(known, _)| *known == id)
}

/// The `---query` section of a case file (its single trailing newline stripped).
fn case_query(text: &str) -> Option<String> {
    let mut lines = text.lines().skip_while(|l| *l != "---query");
    lines.next()?;
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("---")).collect();
    Some(body.join("\n"))
}

/// `(file name, query)` of every ES|QL conformance case, or `None` when absent.
fn conformance_queries() -> Option<Vec<(String, String)>> {
    let dir = shared().join(CONFORMANCE);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "case"))
        .collect();
    entries.sort();
    let queries = entries
        .iter()
        .filter_map(|path: &PathBuf| {
            let text = std::fs::read_to_string(path).ok()?;
            let name = Path::new(path).file_name()?.to_string_lossy().to_string();
            Some((name, case_query(&text)?))
        })
        .collect();
    Some(queries)
}

/// Parses each query and counts how many have no error, grouping the failures' reasons.
fn parse_all<'q>(queries: impl Iterator<Item = &'q str>) -> ParseRate {
    let mut rate = ParseRate::default();
    for query in queries {
        let (_, diagnostics) = parse(query);
        rate.add(query, diagnostics.iter().find(|d| d.is_error()));
    }
    rate
}

#[test]
fn esql_public_corpus_parses_at_least_98_percent() {
    let Some(queries) = corpus_queries() else {
        println!("SKIPPED: {CORPUS} is absent");
        return;
    };
    let valid = queries
        .iter()
        .filter(|(id, _)| !is_known_invalid(id))
        .map(|(_, q)| q.as_str());
    let parsed = parse_all(valid);
    let (clean, total, rate) = (parsed.clean, parsed.total, parsed.percent());
    let all = queries.len();
    let raw_rate = 100.0 * clean as f64 / all.max(1) as f64;
    println!(
        "ES|QL public corpus: {clean}/{total} valid queries parse with no error ({rate:.2}%); {clean}/{all} of all ({raw_rate:.2}%)"
    );
    parsed.print_top_reasons();
    for (id, reason) in KNOWN_INVALID {
        let Some((_, query)) = queries.iter().find(|(qid, _)| qid == id) else {
            continue;
        };
        let (_, diagnostics) = parse(query);
        let error = diagnostics.iter().find(|d| d.is_error());
        assert!(
            error.is_some(),
            "known-invalid query {id} ({reason}) parsed without error"
        );
        println!(
            "  rejected as expected: {id} ({reason}): {}",
            error.map_or("", |d| d.message.as_str())
        );
    }
    assert!(total > 0, "the corpus has no queries");
    assert!(
        rate >= REQUIRED_RATE,
        "parse rate {rate:.2}% is below {REQUIRED_RATE}%"
    );
}

#[test]
fn esql_conformance_queries_parse_rate_is_reported() {
    let Some(cases) = conformance_queries() else {
        println!("SKIPPED: {CONFORMANCE} is absent");
        return;
    };
    let parsed = parse_all(cases.iter().map(|(_, q)| q.as_str()));
    let (clean, total, rate) = (parsed.clean, parsed.total, parsed.percent());
    println!("ES|QL conformance: {clean}/{total} case queries parse with no error ({rate:.2}%)");
    parsed.print_top_reasons();
    for (name, query) in &cases {
        let (_, diagnostics) = parse(query);
        if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
            println!("  {name}: {} @{}", d.message, d.span.start);
        }
    }
    assert!(total > 0, "no conformance cases were found");
}

#[test]
fn corpus_queries_cut_anywhere_parse_without_panicking() {
    let Some(queries) = corpus_queries() else {
        println!("SKIPPED: {CORPUS} is absent");
        return;
    };
    let mut parsed = 0usize;
    for (_, query) in &queries {
        let cuts = (0..query.len())
            .step_by(127)
            .filter(|&i| query.is_char_boundary(i));
        for cut in cuts {
            let _ = parse(&query[..cut]);
            parsed += 1;
        }
    }
    println!("parsed {parsed} truncated corpus queries");
    assert!(parsed > queries.len());
}
