//! `evaluate basket(…)`: the frequent patterns of column values (basket-plugin page,
//! the Apriori algorithm): every combination of up to `MaxDimensions` column values
//! whose rows weigh at least `Threshold` of all rows, kept when no larger pattern
//! matches the same rows (a closed pattern: `{Damage=NO}` is not listed beside
//! `{Damage=NO, DamageCrops=0}` when every `NO` row has `DamageCrops` 0, as in the
//! page's example). Kusto finds the first values on a sample; kqlc counts exactly.
//! The page does not say in which order the patterns come: kqlc lists them by count,
//! most rows first, then by fewer columns.

use crate::plan::tabular::table_fn::Basket;
use crate::value::{Row, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One column value of a pattern: (column, the value's text).
type Item = (usize, String);

/// The patterns of `rows` as output rows: `SegmentId`, `Count`, `Percent`, then one
/// cell per input column (the pattern's value, or the column's wildcard).
pub fn basket(op: &Basket, rows: &[Row]) -> Vec<Row> {
    let weights: Vec<f64> = rows.iter().map(|r| weight(op, r)).collect();
    let total: f64 = weights.iter().sum();
    let minimum = op.threshold * total;
    let transactions: Vec<BTreeSet<Item>> = rows.iter().map(|r| items(op, r)).collect();
    let mut frequent: BTreeMap<BTreeSet<Item>, f64> = BTreeMap::new();
    let mut level: Vec<BTreeSet<Item>> = single_items(&transactions);
    for _ in 0..op.max_dimensions {
        let counted: Vec<(BTreeSet<Item>, f64)> = level
            .into_iter()
            .map(|set| {
                let count = support(&set, &transactions, &weights);
                (set, count)
            })
            .filter(|(_, count)| *count > 0.0 && *count >= minimum)
            .collect();
        let sets: Vec<BTreeSet<Item>> = counted.iter().map(|(s, _)| s.clone()).collect();
        frequent.extend(counted);
        level = grow(&sets);
    }
    let mut closed: Vec<(&BTreeSet<Item>, f64)> = frequent
        .iter()
        .filter(|(set, count)| {
            !frequent
                .iter()
                .any(|(other, c)| other.len() > set.len() && c == *count && set.is_subset(other))
        })
        .map(|(set, count)| (set, *count))
        .collect();
    closed.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.len().cmp(&b.0.len())));
    closed
        .iter()
        .enumerate()
        .map(|(id, (set, count))| output_row(op, rows, id, set, *count, total))
        .collect()
}

fn weight(op: &Basket, row: &Row) -> f64 {
    op.weight
        .map_or(1.0, |i| row.get(i).and_then(Value::as_f64).unwrap_or(0.0))
}

/// A row's items: each column's value, where it has one (not null, not empty, not
/// dynamic, not the weight).
fn items(op: &Basket, row: &Row) -> BTreeSet<Item> {
    row.iter()
        .enumerate()
        .filter(|(i, v)| op.columns.contains(i) && !v.is_null() && !is_empty_text(v))
        .map(|(i, v)| (i, v.to_kusto_string()))
        .collect()
}

fn is_empty_text(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.is_empty())
}

fn single_items(transactions: &[BTreeSet<Item>]) -> Vec<BTreeSet<Item>> {
    let all: BTreeSet<&Item> = transactions.iter().flatten().collect();
    all.into_iter()
        .map(|item| BTreeSet::from([item.clone()]))
        .collect()
}

fn support(set: &BTreeSet<Item>, transactions: &[BTreeSet<Item>], weights: &[f64]) -> f64 {
    transactions
        .iter()
        .zip(weights)
        .filter(|(t, _)| set.is_subset(t))
        .map(|(_, w)| w)
        .sum()
}

/// The candidates one item larger: unions of two frequent sets that differ in one
/// item, on different columns, whose every subset one smaller is frequent (Apriori).
fn grow(sets: &[BTreeSet<Item>]) -> Vec<BTreeSet<Item>> {
    let known: BTreeSet<&BTreeSet<Item>> = sets.iter().collect();
    let mut out: BTreeSet<BTreeSet<Item>> = BTreeSet::new();
    for (i, a) in sets.iter().enumerate() {
        for b in &sets[i + 1..] {
            let union: BTreeSet<Item> = a.union(b).cloned().collect();
            let columns: BTreeSet<usize> = union.iter().map(|(c, _)| *c).collect();
            if union.len() != a.len() + 1 || columns.len() != union.len() {
                continue;
            }
            let closed_down = union.iter().all(|item| {
                let mut smaller = union.clone();
                smaller.remove(item);
                known.contains(&smaller)
            });
            if closed_down {
                out.insert(union);
            }
        }
    }
    out.into_iter().collect()
}

fn output_row(
    op: &Basket,
    rows: &[Row],
    id: usize,
    set: &BTreeSet<Item>,
    count: f64,
    total: f64,
) -> Row {
    let mut row = vec![
        Value::Long(id as i64),
        Value::Long(count.round() as i64),
        Value::Real(100.0 * count / total),
    ];
    for (column, wildcard) in op.wildcards.iter().enumerate() {
        let value = set
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|_| first_value(rows, column, set));
        row.push(value.unwrap_or_else(|| wildcard.clone()));
    }
    row
}

/// The column's value in the pattern, as the rows hold it (typed).
fn first_value(rows: &[Row], column: usize, set: &BTreeSet<Item>) -> Option<Value> {
    let text = &set.iter().find(|(c, _)| *c == column)?.1;
    rows.iter()
        .map(|r| &r[column])
        .find(|v| !v.is_null() && v.to_kusto_string() == *text)
        .cloned()
}
