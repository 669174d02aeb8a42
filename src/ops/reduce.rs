//! `reduce by Expr [with threshold = T, characters = C]` (reduce-operator page): the
//! values grouped by the pattern that describes them, `*` standing for what varies.
//!
//! The page names Vaarandi's clustering of event logs and shows its outputs, not its
//! rule; kqlc's rule reproduces the page's deterministic examples:
//!
//! - A value splits into terms at the separator characters (the `characters` given,
//!   else every character that is not a letter or digit); what lies between two
//!   terms, or before the first and after the last, is a separator run.
//! - Values of the same number of terms are compared term by term, left to right,
//!   within their group (at first: all the values of that many terms). At a
//!   position where the group's values all have one term, or where the distinct terms
//!   are at most `threshold` of the group's values, the term is constant and the group
//!   splits by it; where more of them differ, the position varies and becomes `*`.
//!   (So a smaller threshold makes more positions vary and fewer, broader groups, as
//!   the page says.)
//! - The pattern is a group's terms with its separator runs: a run that differs
//!   within the group, or that is made of given `characters` and touches a `*`, is
//!   taken into the `*` (the page's `foo*` for `fooZ1`…`fooZ10` with
//!   `characters="Z"`); adjacent `*`s merge.
//! - A group whose pattern has no constant term, an empty value included, is part of
//!   one `others` row whose representative is empty (the page's example of ten
//!   distinct values).
//!
//! Rows come one per group, by count (descending), then by first appearance, with
//! `others` last; the representative is the group's first value. With `kind = source`
//! each input row keeps its place and gets its group's three columns.

use crate::diagnostic::Result;
use crate::exec::ExecContext;
use crate::exec::eval::eval;
use crate::plan::tabular::table_fn::Reduce;
use crate::value::{Row, Value};
use std::collections::HashMap;

/// The pattern of the values no group describes.
const OTHERS: &str = "others";

/// The output rows: `Pattern`, `Count`, `Representative` per group, or with
/// `kind = source` the input rows with those three appended.
pub fn reduce(op: &Reduce, input: &[Row], cx: &ExecContext) -> Result<Vec<Row>> {
    let texts = input
        .iter()
        .map(|row| eval(&op.value, row, cx).map(|v| text_of(&v)))
        .collect::<Result<Vec<String>>>()?;
    let separator = |c: char| match &op.characters {
        Some(given) => given.contains(c),
        None => !c.is_alphanumeric(),
    };
    let splits: Vec<Split> = texts.iter().map(|t| split(t, &separator)).collect();
    let groups = group(&splits, op.threshold, op.characters.is_some());
    let mut rows_of_groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut others: Vec<usize> = Vec::new();
    for (pattern, members) in groups {
        match pattern {
            Some(p) => rows_of_groups.push((p, members)),
            None => others.extend(members),
        }
    }
    rows_of_groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.1[0].cmp(&b.1[0])));
    others.sort_unstable();
    let mut described: Vec<(String, i64, String)> = Vec::new();
    let mut group_of = vec![0usize; input.len()];
    for (pattern, members) in rows_of_groups {
        let representative = texts[members[0]].clone();
        for &m in &members {
            group_of[m] = described.len();
        }
        described.push((pattern, members.len() as i64, representative));
    }
    if !others.is_empty() {
        for &m in &others {
            group_of[m] = described.len();
        }
        described.push((OTHERS.to_string(), others.len() as i64, String::new()));
    }
    let cells = |(pattern, count, representative): &(String, i64, String)| {
        [
            Value::string(pattern.as_str()),
            Value::Long(*count),
            Value::string(representative.as_str()),
        ]
    };
    if op.source {
        return Ok(input
            .iter()
            .zip(&group_of)
            .map(|(row, &g)| {
                let mut out = row.clone();
                out.extend(cells(&described[g]));
                out
            })
            .collect());
    }
    Ok(described.iter().map(|d| cells(d).to_vec()).collect())
}

/// A value's text (null as empty, other types as Kusto writes them).
fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        v => v
            .as_str()
            .map_or_else(|| v.to_kusto_string(), str::to_string),
    }
}

/// A value as terms and the separator runs around them: `runs.len() == terms.len() + 1`.
#[derive(Debug, PartialEq)]
struct Split<'t> {
    terms: Vec<&'t str>,
    runs: Vec<&'t str>,
}

fn split<'t>(text: &'t str, separator: &dyn Fn(char) -> bool) -> Split<'t> {
    let (mut terms, mut runs) = (Vec::new(), Vec::new());
    let mut run_start = 0;
    let mut term_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (separator(c), term_start) {
            (false, None) => {
                runs.push(&text[run_start..i]);
                term_start = Some(i);
            }
            (true, Some(start)) => {
                terms.push(&text[start..i]);
                term_start = None;
                run_start = i;
            }
            _ => {}
        }
    }
    match term_start {
        Some(start) => {
            terms.push(&text[start..]);
            runs.push("");
        }
        None => runs.push(&text[run_start..]),
    }
    Split { terms, runs }
}

/// The groups of the values (indexes, in input order), each with its pattern, or
/// `None` for one with no constant term.
fn group(splits: &[Split], threshold: f64, given: bool) -> Vec<(Option<String>, Vec<usize>)> {
    let mut families: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut family_of_length: HashMap<usize, usize> = HashMap::new();
    for (i, s) in splits.iter().enumerate() {
        let f = *family_of_length.entry(s.terms.len()).or_insert_with(|| {
            families.push((s.terms.len(), Vec::new()));
            families.len() - 1
        });
        families[f].1.push(i);
    }
    let mut out = Vec::new();
    for (length, members) in families {
        refine(
            splits,
            members,
            0,
            vec![false; length],
            threshold,
            &mut |members, varies| {
                out.push((pattern(splits, &members, &varies, given), members));
            },
        );
    }
    out
}

/// Splits `members` at positions from `at` on: constant positions split the group by
/// their term, varying ones are marked in `varies`; `emit` gets each final group.
fn refine(
    splits: &[Split],
    members: Vec<usize>,
    at: usize,
    mut varies: Vec<bool>,
    threshold: f64,
    emit: &mut dyn FnMut(Vec<usize>, Vec<bool>),
) {
    if at == varies.len() {
        emit(members, varies);
        return;
    }
    let mut by_term: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for &m in &members {
        let term = splits[m].terms[at];
        let k = *index.entry(term).or_insert_with(|| {
            by_term.push((term, Vec::new()));
            by_term.len() - 1
        });
        by_term[k].1.push(m);
    }
    let distinct = by_term.len() as f64 / members.len() as f64;
    if by_term.len() > 1 && distinct > threshold {
        varies[at] = true;
        refine(splits, members, at + 1, varies, threshold, emit);
        return;
    }
    for (_, sub) in by_term {
        refine(splits, sub, at + 1, varies.clone(), threshold, emit);
    }
}

/// One piece of a pattern.
#[derive(PartialEq)]
enum Piece<'t> {
    Text(&'t str),
    Star,
}

/// The pattern of a group (its first value's terms and runs, `*` where it varies), or
/// `None` when no term is constant.
fn pattern(splits: &[Split], members: &[usize], varies: &[bool], given: bool) -> Option<String> {
    if varies.iter().all(|&v| v) {
        return None;
    }
    let first = &splits[members[0]];
    let run_agrees = |r: usize| members.iter().all(|&m| splits[m].runs[r] == first.runs[r]);
    let touches_star = |r: usize| (r > 0 && varies[r - 1]) || (r < varies.len() && varies[r]);
    let mut pieces: Vec<Piece> = Vec::new();
    for r in 0..first.runs.len() {
        let run = first.runs[r];
        if !run_agrees(r) || (given && !run.is_empty() && touches_star(r)) {
            pieces.push(Piece::Star);
        } else if !run.is_empty() {
            pieces.push(Piece::Text(run));
        }
        if r < varies.len() {
            pieces.push(if varies[r] {
                Piece::Star
            } else {
                Piece::Text(first.terms[r])
            });
        }
    }
    pieces.dedup_by(|a, b| *a == Piece::Star && *b == Piece::Star);
    Some(
        pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => *t,
                Piece::Star => "*",
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_separator(c: char) -> bool {
        !c.is_alphanumeric()
    }

    #[test]
    fn a_value_splits_into_terms_and_the_runs_around_them() {
        let s = split(" One -on- One", &default_separator);
        assert_eq!(s.terms, ["One", "on", "One"]);
        assert_eq!(s.runs, [" ", " -", "- ", ""]);
        let empty = split("", &default_separator);
        assert!(empty.terms.is_empty());
        assert_eq!(empty.runs, [""]);
    }

    #[test]
    fn a_varying_term_keeps_default_separators_and_takes_given_ones() {
        let values = ["San Diego", "San Jose", "San Mateo"];
        let splits: Vec<Split> = values
            .iter()
            .map(|v| split(v, &default_separator))
            .collect();
        let groups = group(&splits, 0.1, false);
        assert_eq!(groups, [(Some("San *".to_string()), vec![0, 1, 2])]);
        let z = |c: char| c == 'Z';
        let values = ["fooZ1", "fooZ2", "fooZ3"];
        let splits: Vec<Split> = values.iter().map(|v| split(v, &z)).collect();
        assert_eq!(
            group(&splits, 0.1, true),
            [(Some("foo*".to_string()), vec![0, 1, 2])]
        );
    }

    #[test]
    fn identical_values_are_one_group_and_unique_ones_are_others() {
        let values = ["started", "started", "a", "b"];
        let splits: Vec<Split> = values
            .iter()
            .map(|v| split(v, &default_separator))
            .collect();
        // One-term family of 4 values with 3 distinct terms: the position varies.
        assert_eq!(group(&splits, 0.1, false), [(None, vec![0, 1, 2, 3])]);
        // A threshold above the share of distinct terms keeps them apart.
        let groups = group(&splits, 0.9, false);
        assert_eq!(groups.len(), 3);
        assert_eq!(groups[0], (Some("started".to_string()), vec![0, 1]));
    }
}
