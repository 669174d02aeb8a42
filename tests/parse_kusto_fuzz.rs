//! Differential fuzzing of the KQL parser against Microsoft's (Kusto.Language,
//! `../shared/kusto`): random token-level mutations of the public corpus queries (a
//! token dropped, doubled, swapped with its neighbour, replaced or preceded by another)
//! must get the same verdict from both parsers, "syntax error or not". Each
//! disagreement is a finding, printed with the mutated line. The run is seeded, so a
//! finding reproduces; `KQLC_SYNTAX_FUZZ_ROUNDS` (mutants per query, default 2) and
//! `KQLC_SYNTAX_FUZZ_SEED` make longer or other runs (fuzz/RUNS.md lists them);
//! `KQLC_SYNTAX_FUZZ_VERBOSE` prints each disagreeing mutant whole.

use crate::common;

use common::{Rng, kusto};
use serde_json::{Value, json};
use std::path::Path;

/// Disagreements allowed per 10,000 mutants: the measured rate (35 of 4,670 with the
/// default seed; 169 before the fixes this test drove: reserved words as names,
/// `;;`, trailing commas, unknown escapes and type names, pipes as call arguments,
/// `render` properties, `datetime(…)` content). What is left, by kind: kqlc is
/// lenient about the `find … where`, `union` and `evaluate` heads, `*` as an operand
/// and `has_any` without parentheses; Kusto reads `@` alone and `$.x` as names, `.`
/// at the start as a control command and `x . f()` as a call, which kqlc rejects.
const ALLOWED_PER_10K: usize = 75;

/// Tokens the mutations put into a query: the punctuation and words KQL's grammar
/// turns on, and a literal of each common kind.
#[rustfmt::skip]
const VOCABULARY: &[&str] = &[
    "|", "(", ")", "[", "]", "{", "}", ",", ";", ".", "..", "=", "==", "!=", "=~", "<",
    ">=", "+", "-", "*", "/", "and", "or", "not", "by", "on", "in", "has", "where",
    "project", "extend", "summarize", "let", "datatable", "'x'", "\"y\"", "1", "1.5", "1h",
    "true", "dynamic", "$left", "@'z'", "=>", "!",
];

/// A query cut into tokens: runs of whitespace, comments, string literals, names and
/// numbers, two-character operators and single characters. Joining them gives the text
/// back, so a mutation edits the text only where it means to.
fn tokens(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let len = token_len(&text[at..]);
        out.push(&text[at..at + len]);
        at += len;
    }
    out
}

fn token_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let first = bytes[0];
    let run = |keep: &dyn Fn(u8) -> bool| bytes.iter().take_while(|b| keep(**b)).count();
    if first.is_ascii_whitespace() {
        return run(&|b| b.is_ascii_whitespace());
    }
    if rest.starts_with("//") {
        return rest.find('\n').unwrap_or(rest.len());
    }
    if first == b'\'' || first == b'"' {
        return string_len(bytes);
    }
    if first.is_ascii_alphanumeric() || first == b'_' {
        return run(&|b| b.is_ascii_alphanumeric() || b == b'_');
    }
    const PAIRS: &[&str] = &["==", "!=", "=~", "!~", "<=", ">=", "..", "=>", "<>"];
    if PAIRS.iter().any(|p| rest.starts_with(p)) {
        return 2;
    }
    rest.chars().next().map_or(1, char::len_utf8)
}

/// The length of a quoted literal (backslash escapes honoured; unterminated: the rest).
fn string_len(bytes: &[u8]) -> usize {
    let quote = bytes[0];
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// One random token-level edit of `text`, or `None` when it has no token to edit.
fn mutate(text: &str, rng: &mut Rng) -> Option<String> {
    let mut parts: Vec<String> = tokens(text).into_iter().map(str::to_string).collect();
    let solid: Vec<usize> = (0..parts.len())
        .filter(|&i| !parts[i].trim().is_empty() && !parts[i].starts_with("//"))
        .collect();
    let &at = solid.get(rng.below(solid.len()))?;
    let word = VOCABULARY[rng.below(VOCABULARY.len())].to_string();
    match rng.below(5) {
        0 => parts[at].clear(),
        1 => parts[at] = format!("{0} {0}", parts[at]),
        2 => {
            let next = solid.iter().find(|&&i| i > at)?;
            parts.swap(at, *next);
        }
        3 => parts[at] = word,
        _ => parts[at] = format!("{word} {}", parts[at]),
    }
    Some(parts.concat())
}

fn kqlc_rejects(text: &str) -> bool {
    kqlc_error_at(text).is_some()
}

/// The byte offset of kqlc's first syntax error in `text`, if it has one.
fn kqlc_error_at(text: &str) -> Option<usize> {
    let (_, diagnostics) = kqlc::parse_kql(text);
    let first = diagnostics.iter().find(|d| d.is_error())?;
    Some(first.span.start as usize)
}

/// The line of `text` holding byte `at`, trimmed and cut to 120 characters.
fn line_around(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let begin = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[begin..].lines().next().unwrap_or("");
    line.trim().chars().take(120).collect()
}

/// The byte offset in `text` of UTF-16 offset `start`, as Kusto.Language counts.
fn byte_of_utf16(text: &str, start: u64) -> usize {
    let mut units = 0u64;
    for (i, c) in text.char_indices() {
        if units >= start {
            return i;
        }
        units += c.len_utf16() as u64;
    }
    text.len()
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn the_parser_agrees_with_kusto_language_on_mutated_corpus_queries() {
    let Some((reference, queries)) = kusto::reference_and_corpus() else {
        return;
    };
    let rounds = env_number("KQLC_SYNTAX_FUZZ_ROUNDS", 2);
    let mut rng = Rng(env_number("KQLC_SYNTAX_FUZZ_SEED", 0x5eed_f022));
    let mutants: Vec<String> = queries
        .iter()
        .filter(|q| !kqlc_rejects(q))
        .flat_map(|q| (0..rounds).map(|_| q.as_str()).collect::<Vec<_>>())
        .filter_map(|q| mutate(q, &mut rng))
        .collect();
    let input: Vec<Value> = mutants
        .iter()
        .enumerate()
        .map(|(id, query)| json!({"id": id, "query": query}))
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kusto/syntax.js");
    let verdicts = kusto::run_node(&reference, &script, &[], &input);
    let mut findings = Vec::new();
    for verdict in &verdicts {
        let id = verdict["id"].as_u64().unwrap_or(0) as usize;
        let errors = verdict["errors"].as_array().cloned().unwrap_or_default();
        let text = &mutants[id];
        let ours = kqlc_error_at(text);
        let theirs = errors
            .first()
            .map(|e| byte_of_utf16(text, e["start"].as_u64().unwrap_or(0)));
        if theirs.is_some() != ours.is_some() {
            let line = line_around(text, theirs.or(ours).unwrap_or(0));
            let code = errors
                .first()
                .map_or("", |e| e["code"].as_str().unwrap_or(""));
            findings.push((
                format!(
                    "m{id:<6} Kusto {} {code} kqlc {}: {line}",
                    if theirs.is_some() {
                        "rejects"
                    } else {
                        "accepts"
                    },
                    if ours.is_some() { "rejects" } else { "accepts" },
                ),
                id,
            ));
        }
    }
    println!(
        "{} mutants of {} queries: {} syntax disagreements with Kusto.Language",
        mutants.len(),
        queries.len(),
        findings.len()
    );
    let verbose = std::env::var_os("KQLC_SYNTAX_FUZZ_VERBOSE").is_some();
    for (finding, id) in &findings {
        println!("  {finding}");
        if verbose {
            println!("{}\n", mutants[*id]);
        }
    }
    let allowed = mutants.len() * ALLOWED_PER_10K / 10_000;
    assert!(
        findings.len() <= allowed,
        "{} disagreements, at most {allowed} allowed",
        findings.len()
    );
}

#[test]
fn tokens_join_back_to_the_query() {
    let text = "T | where A == 'x\\'y' // note\n| extend B = 1.5h..2";
    assert_eq!(tokens(text).concat(), text);
    assert!(tokens(text).contains(&"'x\\'y'"));
    assert!(tokens(text).contains(&"=="));
}
