//! Parses every query of the shared public corpus (`../shared/corpus/kql.public.jsonl`)
//! and reports how many parse with no error diagnostic; fails below 95%.

mod common;

use kqlc::syntax::kql::parse;
use std::collections::BTreeMap;

/// The corpus, relative to the shared directory (`../shared`, or `$KQLC_SHARED`).
const CORPUS: &str = "corpus/kql.public.jsonl";
const REQUIRED_RATE: f64 = 95.0;

/// The `query` field of every line of the corpus, or `None` when it is absent.
fn corpus_queries() -> Option<Vec<String>> {
    common::corpus_queries(CORPUS, 1)
}

#[test]
fn public_corpus_parses_at_least_95_percent() {
    let Some(queries) = corpus_queries() else {
        println!("SKIPPED: {CORPUS} is absent");
        return;
    };
    let mut clean = 0usize;
    let mut reasons: BTreeMap<String, (usize, String, String)> = BTreeMap::new();
    for query in &queries {
        let (_, diagnostics) = parse(query);
        let first_error = diagnostics.iter().find(|d| d.is_error());
        match first_error {
            None => clean += 1,
            Some(d) => {
                if std::env::var_os("KQLC_CORPUS_VERBOSE").is_some() {
                    let from = (d.span.start as usize).saturating_sub(200);
                    println!(
                        "=== {} @{}\n{}\n---",
                        d.message,
                        d.span.start,
                        query
                            .get(from..(d.span.end as usize + 100).min(query.len()))
                            .unwrap_or("")
                    );
                }
                let context: String = query
                    .get(d.span.start.saturating_sub(60) as usize..)
                    .unwrap_or("")
                    .chars()
                    .take(140)
                    .collect();
                let entry =
                    reasons
                        .entry(d.message.clone())
                        .or_insert((0, d.message.clone(), context));
                entry.0 += 1;
            }
        }
    }
    let rate = 100.0 * clean as f64 / queries.len().max(1) as f64;
    println!(
        "public corpus: {clean}/{} queries parse with no error ({rate:.2}%)",
        queries.len()
    );
    let mut top: Vec<_> = reasons.into_values().collect();
    top.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    for (count, message, example) in top.iter().take(15) {
        println!(
            "{count:5}  {message}\n       e.g. …{}",
            example.replace('\n', "⏎")
        );
    }
    assert!(
        rate >= REQUIRED_RATE,
        "parse rate {rate:.2}% is below {REQUIRED_RATE}%"
    );
}
