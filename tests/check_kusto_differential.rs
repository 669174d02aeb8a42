//! `kqlc check` against Microsoft's own analyzer (Kusto.Language, `../shared/kusto`):
//! on the public corpus and on mutants of it that this test makes (a rule author's
//! typical mistakes: misspelt names, `TimeGenerated > 1d`, `| where Column`, dropped
//! or extra arguments, a wrong join key), both must give the same verdict: kqlc flags
//! an error (on the same line) where Kusto.Language rejects the query, and none where
//! it accepts it. Both are given the same schemas (`tests/common/kusto.rs`). Only
//! queries whose tables and functions both know take part: a custom table or a
//! workspace function is an error for Kusto.Language without its definition, and
//! kqlc leaves such names unchecked by design (KQL208/KQL210).

use crate::common;

use common::{Rng, kusto};
use kqlc::check::{CheckOptions, check_kql};
use kqlc::diagnostic::{Code, Diagnostic};
use std::collections::BTreeMap;

/// What kqlc says of one query: whether it has an error, the lines of its errors, and
/// whether any error is a syntax error.
struct KqlcVerdict {
    error_lines: Vec<usize>,
    syntax_error: bool,
    fully_known: bool,
}

fn line_of(text: &str, byte: usize) -> usize {
    text.get(..byte.min(text.len()))
        .map_or(0, |t| t.matches('\n').count())
}

fn kqlc_verdict(text: &str) -> KqlcVerdict {
    let (query, diags) = kqlc::parse_kql(text);
    let syntax_error = diags.iter().any(Diagnostic::is_error);
    let findings = match (&query, syntax_error) {
        (Some(q), false) => check_kql(q, text, &CheckOptions::default()),
        _ => diags,
    };
    // A table without schema, an assumed workspace function or a column missing from
    // a dated schema: names kqlc leaves unchecked, so the query does not take part.
    let fully_known = !findings.iter().any(|d| {
        matches!(
            d.code,
            Code::TableWithoutSchema
                | Code::AssumedWorkspaceFunction
                | Code::ColumnNotInSchema
                | Code::Unsupported
        )
    });
    KqlcVerdict {
        error_lines: findings
            .iter()
            .filter(|d| d.is_error())
            .map(|d| line_of(text, d.span.start as usize))
            .collect(),
        syntax_error,
        fully_known,
    }
}

/// Kusto.Language's verdict: the lines of its errors (its offsets count UTF-16 units)
/// and whether one is a syntax error (codes below KS100, and KS198, an incomplete
/// fragment).
struct KustoVerdict {
    error_lines: Vec<usize>,
    /// An error Kusto.Language gives no place (offset 0, length 0: "Inconsistent data
    /// types for join keys"); kqlc's error on any line answers it.
    unplaced_error: bool,
    syntax_error: bool,
}

fn kusto_verdict(text: &str, line: &serde_json::Value) -> KustoVerdict {
    let utf16_line = |start: usize| {
        let mut units = 0;
        let mut lines = 0;
        for c in text.chars() {
            if units >= start {
                break;
            }
            units += c.len_utf16();
            lines += usize::from(c == '\n');
        }
        lines
    };
    let errors: Vec<&serde_json::Value> = line["diagnostics"]
        .as_array()
        .map(|a| a.iter().filter(|d| d["sev"] == "Error").collect())
        .unwrap_or_default();
    KustoVerdict {
        error_lines: errors
            .iter()
            .map(|d| utf16_line(d["start"].as_u64().unwrap_or(0) as usize))
            .collect(),
        unplaced_error: errors
            .iter()
            .any(|d| d["start"].as_u64() == Some(0) && d["len"].as_u64() == Some(0)),
        syntax_error: errors.iter().any(|d| {
            d["code"]
                .as_str()
                .and_then(|c| c.strip_prefix("KS"))
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| n < 100 || n == 198)
        }),
    }
}

/// One mutation of a query, by kind.
type Mutation = fn(&str, &mut Rng) -> Option<String>;

const MUTATIONS: &[(&str, Mutation)] = &[
    ("misspelt column", mutations::misspelt_column),
    ("misspelt function", mutations::misspelt_function),
    ("dropped argument", mutations::dropped_argument),
    ("extra argument", mutations::extra_argument),
    ("datetime vs timespan", mutations::datetime_vs_timespan),
    ("non-bool predicate", mutations::non_bool_predicate),
    ("wrong join key", mutations::wrong_join_key),
];

#[derive(Default)]
struct Tally {
    cases: usize,
    kusto_rejects: usize,
    kqlc_flags_rejected: usize,
    kusto_accepts: usize,
    kqlc_flags_accepted: usize,
}

#[test]
fn kqlc_check_agrees_with_kusto_language_on_the_corpus_and_its_mutants() {
    let Some((reference, corpus)) = kusto::reference_and_corpus() else {
        return;
    };
    let schemas = reference.join(format!("schemas-{}", std::process::id()));
    kusto::write_schemas(&schemas);

    // Originals first; mutants are made of the originals Kusto.Language accepts, so
    // that the set of mutants (and the cache of its verdicts) does not depend on kqlc.
    let original_verdicts = kusto::analyze(&reference, &schemas, &corpus);
    let mut rng = Rng(0x5eed_c0ffee);
    // (kind, query, whether it takes part: its original's names are all known)
    let mut cases: Vec<(String, String, bool)> = Vec::new();
    let mut mutants: Vec<(String, String, bool)> = Vec::new();
    for (query, verdict) in corpus.iter().zip(&original_verdicts) {
        let known = kqlc_verdict(query).fully_known && !reads_table_parameter(query);
        cases.push(("original".into(), query.clone(), known));
        if !kusto_verdict(query, verdict).error_lines.is_empty() {
            continue;
        }
        let mut applicable: Vec<(&str, String)> = MUTATIONS
            .iter()
            .filter_map(|(kind, mutate)| Some((*kind, mutate(query, &mut rng)?)))
            .filter(|(_, m)| m != query)
            .collect();
        for _ in 0..2.min(applicable.len()) {
            let (kind, mutant) = applicable.swap_remove(rng.below(applicable.len()));
            mutants.push((kind.to_string(), mutant, known));
        }
    }
    let syntax_pairs: Vec<usize> = (0..cases.len()).collect();
    let mutant_queries: Vec<String> = mutants.iter().map(|(_, q, _)| q.clone()).collect();
    let verdicts: Vec<serde_json::Value> = original_verdicts
        .into_iter()
        .chain(kusto::analyze(&reference, &schemas, &mutant_queries))
        .collect();
    cases.extend(mutants);
    let _ = std::fs::remove_dir_all(&schemas);
    assert_eq!(verdicts.len(), cases.len(), "one verdict per query");

    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses: Vec<String> = Vec::new();
    let mut false_flags: Vec<String> = Vec::new();
    let mut syntax_disagree: Vec<String> = Vec::new();
    for (id, ((kind, query, takes_part), line)) in cases.iter().zip(&verdicts).enumerate() {
        let ours = kqlc_verdict(query);
        let theirs = kusto_verdict(query, line);
        if syntax_pairs.binary_search(&id).is_ok() && ours.syntax_error != theirs.syntax_error {
            syntax_disagree.push(format!(
                "kusto syntax error {}: {}\n    kusto: {}\n    kqlc: {}",
                theirs.syntax_error,
                first_line(query),
                describe(query, line),
                describe_kqlc(query)
            ));
        }
        if !takes_part {
            continue;
        }
        let t = tally.entry(kind.clone()).or_default();
        t.cases += 1;
        if theirs.error_lines.is_empty() {
            t.kusto_accepts += 1;
            if !ours.error_lines.is_empty() {
                t.kqlc_flags_accepted += 1;
                false_flags.push(format!(
                    "[{kind}] kqlc: {}\n    {}",
                    describe_kqlc(query),
                    query.replace('\n', "\n    ")
                ));
            }
        } else {
            t.kusto_rejects += 1;
            let answered = (theirs.unplaced_error && !ours.error_lines.is_empty())
                || ours
                    .error_lines
                    .iter()
                    .any(|l| theirs.error_lines.contains(l));
            if answered {
                t.kqlc_flags_rejected += 1;
            } else {
                misses.push(format!(
                    "[{kind}] kusto: {}\n    kqlc lines {:?}\n    {}",
                    describe(query, line),
                    ours.error_lines,
                    query.replace('\n', "\n    ")
                ));
            }
        }
    }

    println!(
        "{:<22} {:>6} {:>14} {:>12} {:>14} {:>12}",
        "kind", "cases", "Kusto rejects", "kqlc flags", "Kusto accepts", "kqlc flags"
    );
    let mut total = Tally::default();
    for (kind, t) in &tally {
        println!(
            "{kind:<22} {:>6} {:>14} {:>12} {:>14} {:>12}",
            t.cases, t.kusto_rejects, t.kqlc_flags_rejected, t.kusto_accepts, t.kqlc_flags_accepted
        );
        total.cases += t.cases;
        total.kusto_rejects += t.kusto_rejects;
        total.kqlc_flags_rejected += t.kqlc_flags_rejected;
        total.kusto_accepts += t.kusto_accepts;
        total.kqlc_flags_accepted += t.kqlc_flags_accepted;
    }
    println!(
        "{:<22} {:>6} {:>14} {:>12} {:>14} {:>12}",
        "all",
        total.cases,
        total.kusto_rejects,
        total.kqlc_flags_rejected,
        total.kusto_accepts,
        total.kqlc_flags_accepted
    );
    let syntax_agree = corpus.len() - syntax_disagree.len();
    println!(
        "syntax verdicts agree on {syntax_agree} of {} public queries",
        corpus.len()
    );
    for m in syntax_disagree.iter() {
        println!("SYNTAX {m}");
    }
    for m in misses.iter().take(40) {
        println!("MISS {m}");
    }
    for m in false_flags.iter().take(40) {
        println!("FALSE {m}");
    }
    let caught = total.kqlc_flags_rejected as f64 / total.kusto_rejects.max(1) as f64;
    let false_rate = total.kqlc_flags_accepted as f64 / total.kusto_accepts.max(1) as f64;
    println!(
        "kqlc flags {:.1}% of what Kusto.Language rejects and {:.2}% of what it accepts",
        caught * 100.0,
        false_rate * 100.0
    );
    assert!(
        caught >= MIN_CAUGHT,
        "kqlc flags only {:.1}% of the rejected queries",
        caught * 100.0
    );
    assert!(
        false_rate <= MAX_FALSE,
        "kqlc flags {:.2}% of the accepted queries",
        false_rate * 100.0
    );
    assert!(
        syntax_disagree.len() <= MAX_SYNTAX_DISAGREEMENTS,
        "{} syntax disagreements",
        syntax_disagree.len()
    );
}

/// The floors this test holds kqlc to (the issue's): at least 99% of what
/// Kusto.Language rejects flagged on the same line (reached: 2,829 of 2,848, 99.3%),
/// at most 1% of what it accepts (reached: 2 of 1,654, 0.12%), and syntax verdicts
/// equal on 99.9% of the corpus (reached: all 2,380).
const MIN_CAUGHT: f64 = 0.99;
const MAX_FALSE: f64 = 0.01;
const MAX_SYNTAX_DISAGREEMENTS: usize = 2;

/// Whether the query reads `table(name)` with a parameter: Kusto.Language types such a
/// table as open (any column, any type) inside the function, so it accepts whatever
/// the body does with it, while kqlc binds the argument and checks the body against
/// the real table (as the engine does when it runs the query). Such queries do not
/// take part: Kusto.Language's verdict on them says nothing about the body.
fn reads_table_parameter(query: &str) -> bool {
    query.match_indices("table(").any(|(i, _)| {
        let arg = query[i + 6..].trim_start();
        !arg.starts_with(['"', '\'', '@'])
            && !query[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
    })
}

/// Kusto.Language's errors of a query, each with the text of its line.
fn describe(query: &str, line: &serde_json::Value) -> String {
    let lines: Vec<&str> = query.lines().collect();
    let theirs = kusto_verdict(query, line);
    let msgs: Vec<String> = line["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|d| d["sev"] == "Error")
                .map(|d| format!("{} {}", d["code"], d["msg"]))
                .collect()
        })
        .unwrap_or_default();
    let texts: Vec<&str> = theirs
        .error_lines
        .iter()
        .map(|&l| lines.get(l).copied().unwrap_or(""))
        .collect();
    format!("{msgs:?} at {texts:?}")
}

/// kqlc's errors of a query, each with its line.
fn describe_kqlc(query: &str) -> String {
    let (parsed, diags) = kqlc::parse_kql(query);
    let findings = match parsed {
        Some(q) if !diags.iter().any(Diagnostic::is_error) => {
            check_kql(&q, query, &CheckOptions::default())
        }
        _ => diags,
    };
    let lines: Vec<&str> = query.lines().collect();
    findings
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{} {} at {:?}",
                d.code.info().0,
                d.message,
                lines
                    .get(line_of(query, d.span.start as usize))
                    .copied()
                    .unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn first_line(q: &str) -> String {
    q.lines().next().unwrap_or("").chars().take(120).collect()
}

/// The text mutations, each a typical mistake of a rule author.
mod mutations {
    use super::Rng;
    use kqlc::functions::signature::{Kind, names};
    use std::sync::LazyLock;

    static FUNCTIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| names(Kind::Scalar).collect());

    /// Identifier tokens outside strings and comments, with their byte ranges.
    fn identifiers(q: &str) -> Vec<(usize, usize)> {
        let b = q.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b'"' || c == b'\'' {
                i += 1;
                while i < b.len() && b[i] != c {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            } else if c == b'/' && b.get(i + 1) == Some(&b'/') {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            } else if c.is_ascii_alphabetic() || c == b'_' {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let prev = start.checked_sub(1).map(|p| b[p]);
                if prev != Some(b'.') && prev != Some(b'$') && prev != Some(b'@') {
                    out.push((start, i));
                }
            } else {
                i += 1;
            }
        }
        out
    }

    fn followed_by_paren(q: &str, end: usize) -> bool {
        q[end..].trim_start().starts_with('(')
    }

    /// Drops an inner letter of a name (`UserPrincipalName` → `UserPrincialName`).
    fn misspell(name: &str, rng: &mut Rng) -> String {
        let chars: Vec<char> = name.chars().collect();
        if chars.len() < 4 {
            return format!("{name}x");
        }
        let i = 1 + rng.below(chars.len() - 2);
        let mut c = chars.clone();
        c.remove(i);
        c.into_iter().collect()
    }

    fn pick<T: Copy>(items: &[T], rng: &mut Rng) -> Option<T> {
        (!items.is_empty()).then(|| items[rng.below(items.len())])
    }

    /// A CamelCase column name read after the first pipe, with a letter dropped.
    pub fn misspelt_column(q: &str, rng: &mut Rng) -> Option<String> {
        let first_pipe = q.find('|')?;
        let candidates: Vec<(usize, usize)> = identifiers(q)
            .into_iter()
            .filter(|&(s, e)| {
                s > first_pipe
                    && e - s >= 6
                    && q[s..e].starts_with(|c: char| c.is_ascii_uppercase())
                    && q[s..e].chars().any(|c| c.is_ascii_lowercase())
                    && !followed_by_paren(q, e)
                    && !q[e..].trim_start().starts_with('=')
            })
            .collect();
        let (s, e) = pick(&candidates, rng)?;
        Some(format!("{}{}{}", &q[..s], misspell(&q[s..e], rng), &q[e..]))
    }

    /// A call of a built-in function with a letter dropped from its name.
    pub fn misspelt_function(q: &str, rng: &mut Rng) -> Option<String> {
        let calls = calls(q);
        let (s, e, _) = pick(&calls, rng)?;
        Some(format!("{}{}{}", &q[..s], misspell(&q[s..e], rng), &q[e..]))
    }

    /// Built-in calls: name range and the byte ranges of their arguments.
    fn calls(q: &str) -> Vec<(usize, usize, usize)> {
        identifiers(q)
            .into_iter()
            .filter(|&(s, e)| FUNCTIONS.contains(&&q[s..e]) && followed_by_paren(q, e))
            .map(|(s, e)| (s, e, e + q[e..].find('(').unwrap_or(0)))
            .collect()
    }

    /// The argument ranges of the call whose `(` is at `open`; `None` when unbalanced.
    fn arguments(q: &str, open: usize) -> Option<(Vec<(usize, usize)>, usize)> {
        let b = q.as_bytes();
        let mut depth = 0;
        let mut start = open + 1;
        let mut args = Vec::new();
        let mut i = open;
        while i < b.len() {
            match b[i] {
                b'"' | b'\'' => {
                    let quote = b[i];
                    i += 1;
                    while i < b.len() && b[i] != quote {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        if !q[start..i].trim().is_empty() {
                            args.push((start, i));
                        }
                        return Some((args, i));
                    }
                }
                b',' if depth == 1 => {
                    args.push((start, i));
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// A built-in call with its last argument left out.
    pub fn dropped_argument(q: &str, rng: &mut Rng) -> Option<String> {
        let with_args: Vec<(usize, Vec<(usize, usize)>)> = calls(q)
            .into_iter()
            .filter_map(|(_, _, open)| Some((open, arguments(q, open)?.0)))
            .filter(|(_, args)| !args.is_empty())
            .collect();
        let (_, args) = with_args.get(rng.below(with_args.len().max(1)))?.clone();
        let (s, e) = *args.last()?;
        let cut_from = if args.len() > 1 {
            args[args.len() - 2].1
        } else {
            s
        };
        Some(format!("{}{}", &q[..cut_from], &q[e..]))
    }

    /// A built-in call with one argument too many.
    pub fn extra_argument(q: &str, rng: &mut Rng) -> Option<String> {
        let closes: Vec<usize> = calls(q)
            .into_iter()
            .filter_map(|(_, _, open)| Some(arguments(q, open)?.1))
            .collect();
        let close = pick(&closes, rng)?;
        let sep = if q[..close].trim_end().ends_with('(') {
            ""
        } else {
            ", "
        };
        Some(format!("{}{sep}42{}", &q[..close], &q[close..]))
    }

    /// `TimeGenerated > ago(1d)` written `TimeGenerated > 1d`.
    pub fn datetime_vs_timespan(q: &str, rng: &mut Rng) -> Option<String> {
        let spots: Vec<usize> = q
            .match_indices("ago(")
            .map(|(i, _)| i)
            .filter(|&i| {
                let before = q[..i].trim_end();
                before.ends_with('>') || before.ends_with(">=") || before.ends_with('<')
            })
            .collect();
        let at = pick(&spots, rng)?;
        let (args, close) = arguments(q, at + 3)?;
        let (s, e) = *args.first()?;
        Some(format!("{}{}{}", &q[..at], q[s..e].trim(), &q[close + 1..]))
    }

    /// `| where Column == "x"` written `| where Column`.
    pub fn non_bool_predicate(q: &str, rng: &mut Rng) -> Option<String> {
        let spots: Vec<(usize, usize)> = q
            .match_indices("where ")
            .filter_map(|(i, _)| {
                let rest = &q[i + 6..];
                let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
                let after = rest[name_len..].trim_start();
                let op = ["==", "!=", "=~"]
                    .into_iter()
                    .find(|op| after.starts_with(op))?;
                let value_start = i + 6 + (rest.len() - after.len()) + op.len();
                let value = q[value_start..].trim_start();
                let offset = q.len() - value.len();
                let end = if value.starts_with('"') || value.starts_with('\'') {
                    offset + 1 + value[1..].find(&value[..1])? + 1
                } else {
                    offset + value.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?
                };
                (name_len > 0).then_some((i + 6 + name_len, end))
            })
            .collect();
        let (s, e) = pick(&spots, rng)?;
        Some(format!("{}{}", &q[..s], &q[e..]))
    }

    /// `join … on Key` with the key misspelt on the right side: `$right.Key` or
    /// `on Key` becoming `on $left.Key == $right.Ky`.
    pub fn wrong_join_key(q: &str, rng: &mut Rng) -> Option<String> {
        if let Some(i) = q.find("$right.") {
            let start = i + 7;
            let len = q[start..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
            let name = &q[start..start + len];
            return Some(format!(
                "{}{}{}",
                &q[..start],
                misspell(name, rng),
                &q[start + len..]
            ));
        }
        let i = q.find(") on ")?;
        let start = i + 5;
        let len = q[start..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
        let name = &q[start..start + len];
        (len > 0).then(|| {
            format!(
                "{}$left.{name} == $right.{}{}",
                &q[..start],
                misspell(name, rng),
                &q[start + len..]
            )
        })
    }
}
