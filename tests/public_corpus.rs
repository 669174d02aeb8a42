//! Parses every query of the shared public corpus (`../shared/corpus/kql.public.jsonl`)
//! and reports how many parse with no error diagnostic; fails below 95%.

use crate::common;

use common::parse_rate::ParseRate;
use kqlc::syntax::kql::parse;

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
    let mut rate = ParseRate::default();
    for query in &queries {
        let (_, diagnostics) = parse(query);
        let first_error = diagnostics.iter().find(|d| d.is_error());
        if let Some(d) = first_error
            && std::env::var_os("KQLC_CORPUS_VERBOSE").is_some()
        {
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
        rate.add(query, first_error);
    }
    let (clean, rate_percent) = (rate.clean, rate.percent());
    println!(
        "public corpus: {clean}/{} queries parse with no error ({rate_percent:.2}%)",
        queries.len()
    );
    rate.print_top_reasons();
    assert!(
        rate_percent >= REQUIRED_RATE,
        "parse rate {rate_percent:.2}% is below {REQUIRED_RATE}%"
    );
}
