//! The parser never panics and stays fast on broken input: every token-boundary
//! prefix of the seed queries, prefixes and byte-level mutations of a deterministic
//! sample of the public corpus, and random token soups.

use crate::common;

use common::Rng;
use kqlc::syntax::kql::lexer::lex;
use kqlc::syntax::kql::parse;
use std::time::{Duration, Instant};

/// Generous even for an unoptimised build; a backtracking blow-up takes far longer.
const SLOW: Duration = Duration::from_secs(2);

/// Parses and checks the time taken.
fn parse_quickly(text: &str) {
    let start = Instant::now();
    let (query, diagnostics) = parse(text);
    let elapsed = start.elapsed();
    assert!(elapsed < SLOW, "parsing took {elapsed:?} for {text:?}");
    assert!(
        query.is_some() || !diagnostics.is_empty(),
        "no tree and no diagnostic for {text:?}"
    );
}

/// Every prefix of `text` ending at a token boundary, at most `max_cuts` of them.
fn token_prefixes(text: &str, max_cuts: usize) -> Vec<&str> {
    let (tokens, _) = lex(text);
    let step = tokens.len().div_ceil(max_cuts.max(1)).max(1);
    tokens
        .iter()
        .step_by(step)
        .map(|(_, span)| &text[..span.end as usize])
        .collect()
}

fn seeds() -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("corpus/rules")
        .into_iter()
        .flatten()
        .flatten()
    {
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            out.push(text);
        }
    }
    out
}

fn corpus_sample() -> Option<Vec<String>> {
    common::corpus_queries("corpus/kql.public.jsonl", 10)
}

/// A copy of `text` with a few random character-level edits.
fn mutate(text: &str, rng: &mut Rng) -> String {
    const INSERTS: &[&str] = &[
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "|",
        ";",
        "'",
        "\"",
        "```",
        "..",
        "!",
        "=",
        "$",
        "\u{0}",
        "é",
        "≥",
        "datetime(",
        "dynamic(",
        "let ",
        " by ",
    ];
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if !chars.is_empty() => {
                let len = 1 + rng.below(8);
                chars.drain(at.min(chars.len() - 1)..(at + len).min(chars.len()));
            }
            1 => {
                let insert = INSERTS[rng.below(INSERTS.len())];
                chars.splice(at..at, insert.chars());
            }
            _ => {
                let from = rng.below(chars.len());
                let piece: Vec<char> = chars
                    .iter()
                    .skip(from)
                    .take(1 + rng.below(20))
                    .copied()
                    .collect();
                chars.splice(at..at, piece);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn every_token_prefix_of_the_seed_rules_parses_without_panic() {
    for seed in seeds() {
        for prefix in token_prefixes(&seed, usize::MAX) {
            parse_quickly(prefix);
        }
    }
}

#[test]
fn prefixes_and_mutations_of_corpus_queries_parse_without_panic() {
    let Some(sample) = corpus_sample() else {
        println!("SKIPPED: the shared corpus is absent");
        return;
    };
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for query in &sample {
        for prefix in token_prefixes(query, 25) {
            parse_quickly(prefix);
        }
        for _ in 0..4 {
            parse_quickly(&mutate(query, &mut rng));
        }
    }
}

#[test]
fn random_token_soups_parse_without_panic() {
    const WORDS: &[&str] = &[
        "T",
        "|",
        "where",
        "extend",
        "summarize",
        "by",
        "join",
        "on",
        "kind",
        "=",
        "==",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ";",
        "let",
        "x",
        "1",
        "1d",
        "'s'",
        "and",
        "or",
        "has_any",
        "in",
        "!in~",
        "between",
        "..",
        "mv-apply",
        "to",
        "typeof",
        "dynamic",
        "datetime(2020-01-01)",
        "$left",
        ".",
        "*",
        "project-away",
        "parse",
        "with",
        "union",
        "print",
        "-",
        "+",
        "!",
        "~",
        "=~",
        "render",
        "top",
        "make-series",
        "from",
        "step",
        "view",
    ];
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    for _ in 0..3000 {
        let len = rng.below(40);
        let soup: Vec<&str> = (0..len).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        parse_quickly(&soup.join(" "));
    }
}

#[test]
fn pathological_nesting_and_chains_are_refused_or_parsed_quickly() {
    for text in [
        "(".repeat(100_000),
        format!("print x = {}", "-".repeat(50_000)),
        format!("print x = 1{}", " + 1".repeat(5_000)),
        format!("T | where x has_any {}", "(x has_any ".repeat(60)),
        format!("T | where x in {}", "(x in ".repeat(60)),
        format!("let f = {}", "(".repeat(150)),
        "[".repeat(150) + &"]".repeat(150),
        "T".to_string() + &" | take 1".repeat(3_000),
        // Balanced nesting with the error innermost: each level must be tried once.
        format!(
            "T | where {}x =={}",
            "x has_any (".repeat(150),
            ")".repeat(150)
        ),
        format!("{}1 +{}", "search (".repeat(150), ")".repeat(150)),
        format!("print x = {}1 +{}", "f(a, ".repeat(150), ")".repeat(150)),
        format!("T | extend {}a ={}", "(a, ".repeat(150), ")".repeat(150)),
        format!("print x = {}1 +{}", "dynamic(".repeat(150), ")".repeat(150)),
        format!(
            "T | where {}1 +{}",
            "x between (".repeat(100),
            " .. 2)".repeat(100)
        ),
        format!("T | where {}1 +{}", "x in (".repeat(150), ")".repeat(150)),
        format!("let f = {}1 +{}", "(".repeat(150), ")".repeat(150)),
        format!(
            "T {}| where 1 +{}",
            "| join (T ".repeat(100),
            ") on x".repeat(100)
        ),
        format!(
            "T {}where 1 +{}",
            "| mv-apply x on (".repeat(100),
            ")".repeat(100)
        ),
        format!(
            "T {}where 1 +{}",
            "| mv-apply x on (take 1 ".repeat(100),
            ")".repeat(100)
        ),
        format!("{}T{}", "let f = () { ".repeat(100), "}".repeat(100)),
    ] {
        parse_quickly(&text);
    }
}
