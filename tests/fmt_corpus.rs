//! `kqlc fmt` over every public corpus query that parses (`../shared/corpus`): the
//! output parses, has the input's tokens and comments (only blanks differ), and
//! formats to itself. At least 99.5% of each corpus must pass; the rest are listed.

use crate::common;

use kqlc::fmt::{FmtOptions, format_query, significant_texts};
use kqlc::source::Language;
use std::collections::BTreeMap;

const REQUIRED_RATE: f64 = 99.5;

/// Why one query fails, or `None` when it passes.
fn failure(query: &str, language: Language) -> Option<String> {
    let options = FmtOptions::default();
    let once = match format_query(query, language, &options) {
        Ok(text) => text,
        Err(e) => return Some(format!("not formatted: {e:?}").chars().take(160).collect()),
    };
    if parse_errors(&once, language) > 0 {
        return Some("the output does not parse".into());
    }
    if significant_texts(query, language) != significant_texts(&once, language) {
        return Some("tokens or comments changed".into());
    }
    match format_query(&once, language, &options) {
        Ok(twice) if twice == once => None,
        Ok(_) => Some("formatting twice changes the text".into()),
        Err(e) => Some(
            format!("the output does not format again: {e:?}")
                .chars()
                .take(160)
                .collect(),
        ),
    }
}

fn parse_errors(text: &str, language: Language) -> usize {
    let diagnostics = match language {
        Language::Kql => kqlc::syntax::kql::parse(text).1,
        Language::Esql => kqlc::syntax::esql::parse(text).1,
    };
    diagnostics.iter().filter(|d| d.is_error()).count()
}

/// Formats every query of `file` that parses; asserts the pass rate.
fn check_corpus(file: &str, language: Language) {
    let Some(queries) = common::corpus_queries(file, 1) else {
        println!("SKIP: {file} is absent");
        return;
    };
    let parsing: Vec<&String> = queries
        .iter()
        .filter(|q| parse_errors(q, language) == 0)
        .collect();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for query in &parsing {
        if let Some(reason) = failure(query, language) {
            if std::env::var_os("KQLC_FMT_VERBOSE").is_some() {
                println!("=== {reason}\n{query}\n");
            }
            *reasons.entry(reason).or_default() += 1;
        }
    }
    let failed: usize = reasons.values().sum();
    let rate = 100.0 * (parsing.len() - failed) as f64 / parsing.len().max(1) as f64;
    println!(
        "{file}: {} of {} parsing queries format cleanly ({rate:.2}%)",
        parsing.len() - failed,
        parsing.len()
    );
    for (reason, count) in &reasons {
        println!("  {count} × {reason}");
    }
    assert!(
        rate >= REQUIRED_RATE,
        "{file}: {rate:.2}% < {REQUIRED_RATE}%"
    );
}

#[test]
fn every_parsing_kql_corpus_query_formats_to_a_fixed_point_with_only_blanks_changed() {
    check_corpus("corpus/kql.public.jsonl", Language::Kql);
}

#[test]
fn every_parsing_esql_corpus_query_formats_to_a_fixed_point_with_only_blanks_changed() {
    check_corpus("corpus/esql.public.jsonl", Language::Esql);
}
