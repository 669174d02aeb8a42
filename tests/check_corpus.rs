//! False errors: `kqlc check` over every query of the shared public corpus that parses.
//! These are published Sentinel rules and hunting queries that run in Sentinel, so an
//! error-severity finding on one of them is a bug in kqlc, unless the query is wrong as
//! published. Fails above the ratchet (0.4%; the issue asks for at most 2%); prints the
//! figure and the most frequent error messages (`KQLC_CORPUS_VERBOSE=1` prints each;
//! `KQLC_CORPUS_LINT=CODE` prints each finding of one lint).

use crate::common;

use kqlc::check::{CheckOptions, check_kql};
use kqlc::syntax::kql::parse;
use std::collections::BTreeMap;

const CORPUS: &str = "corpus/kql.public.jsonl";
/// The query-cost and style lints whose corpus counts the test prints.
const LINT_CODES: &[&str] = &[
    "KQL220", "KQL221", "KQL222", "KQL223", "KQL224", "KQL225", "KQL226", "KQL227",
];
/// A ratchet: the figure reached (9/2,337 = 0.39%), never to rise. The 9 queries left
/// are wrong as published (Kusto rejects them too): `array_len` (no such function,
/// `array_length` is), `summarize count by` (twice; `count()` needs parentheses), a
/// query cut off in the middle of a name (`Tota`), a query made only of `let`s
/// (twice), and columns dropped by an earlier `project`/`summarize`/`make-series` or
/// never produced (`SrcUserName`, `Timestamp`, `count_AlertName`).
/// With the type checker (KQL216–219) the published queries that Kusto.Language also
/// rejects for their types count here too: `count(Column)` (count takes a bool
/// predicate; seven Defender queries), `TimeGenerated >= (30d)`, `_IsBillable =~ true`,
/// `in~` of a timespan, `ago()` of a datetime, `dynamic()`: 31/2,344 = 1.32%. Which
/// errors Kusto.Language does *not* report is measured, query by query, by
/// `check_kusto_differential.rs` (its "original" row); this figure is the ratchet.
const ALLOWED_ERROR_RATE: f64 = 1.35;

fn corpus_queries() -> Option<Vec<String>> {
    common::corpus_queries(CORPUS, 1)
}

/// Collapses the names in backquotes so that messages group by kind.
fn message_kind(message: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in message.chars() {
        if c == '`' {
            inside = !inside;
            out.push_str(if inside { "`…" } else { "`" });
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// About 260 characters of `query` around byte `at`.
fn excerpt(query: &str, at: usize) -> String {
    let start = (0..=at.saturating_sub(120))
        .rev()
        .find(|&i| query.is_char_boundary(i))
        .unwrap_or(0);
    query.get(start..).unwrap_or("").chars().take(260).collect()
}

#[test]
fn public_corpus_queries_that_parse_check_with_at_most_0_4_percent_false_errors() {
    let Some(queries) = corpus_queries() else {
        println!("SKIPPED: {CORPUS} is absent");
        return;
    };
    let verbose = std::env::var_os("KQLC_CORPUS_VERBOSE").is_some();
    // `KQLC_CORPUS_LINT=KQL224` prints every finding of that code, to review them.
    let show_lint = std::env::var("KQLC_CORPUS_LINT").ok();
    let options = CheckOptions::default();
    let (mut parsed, mut with_error) = (0usize, 0usize);
    let started = std::time::Instant::now();
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut lint_queries: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, query) in queries.iter().enumerate() {
        let (Some(tree), diagnostics) = parse(query) else {
            continue;
        };
        if diagnostics.iter().any(|d| d.is_error()) {
            continue;
        }
        parsed += 1;
        let findings = check_kql(&tree, query, &options);
        let mut lints: Vec<&str> = findings
            .iter()
            .map(|d| d.code.id())
            .filter(|id| LINT_CODES.contains(id))
            .collect();
        lints.dedup();
        if let Some(code) = &show_lint {
            for d in findings.iter().filter(|d| d.code.id() == code) {
                println!("--- #{index} {}: {}", d.code.id(), d.message);
                println!("{}", excerpt(query, d.span.start as usize));
            }
        }
        for id in lints {
            *lint_queries.entry(id).or_default() += 1;
        }
        let Some(error) = findings.iter().find(|d| d.is_error()) else {
            continue;
        };
        with_error += 1;
        *by_code.entry(error.code.id()).or_default() += 1;
        *by_kind
            .entry(format!(
                "{} {}",
                error.code.id(),
                message_kind(&error.message)
            ))
            .or_default() += 1;
        if verbose {
            let context = excerpt(query, error.span.start as usize);
            println!(
                "=== #{index} {} {}\n{context}\n---",
                error.code.id(),
                error.message
            );
        }
    }
    let elapsed = started.elapsed();
    let rate = 100.0 * with_error as f64 / parsed.max(1) as f64;
    println!(
        "parse + check of {} corpus queries: {:.3} s",
        queries.len(),
        elapsed.as_secs_f64()
    );
    println!("check: {with_error}/{parsed} parsed corpus queries get an error ({rate:.2}%)");
    println!("by code: {by_code:?}");
    // Lints are warnings (KQL225 info) and fire on working queries by design; these
    // counts are how many corpus queries each one flags (its false positives include).
    println!("queries per lint: {lint_queries:?}");
    let mut top: Vec<_> = by_kind.into_iter().collect();
    top.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    for (kind, n) in top.iter().take(20) {
        println!("{n:5}  {kind}");
    }
    assert!(
        rate <= ALLOWED_ERROR_RATE,
        "{rate:.2}% of parsed corpus queries get an error (at most {ALLOWED_ERROR_RATE}% allowed)"
    );
}

#[test]
fn checking_cut_off_corpus_queries_never_panics() {
    let Some(queries) = corpus_queries() else {
        println!("SKIPPED: {CORPUS} is absent");
        return;
    };
    let options = CheckOptions::default();
    let mut checked = 0usize;
    for query in queries.iter().take(400) {
        let cuts = [query.len() / 3, query.len() / 2, query.len() * 4 / 5];
        for cut in cuts {
            let Some(prefix) = query.get(..cut) else {
                continue;
            };
            if let (Some(tree), _) = parse(prefix) {
                let _ = check_kql(&tree, prefix, &options);
                checked += 1;
            }
        }
    }
    println!("checked {checked} cut-off queries without a panic");
    assert!(checked > 0);
}
