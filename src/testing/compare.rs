//! Comparing a result table with expected rows written as JSON, reading each expected
//! cell by the type of our column (a datetime string equals a datetime value), and
//! showing the difference readably.

use crate::value::{Table, Type, Value, time};
use serde_json::{Map, Value as J};

/// How to compare.
#[derive(Clone, Debug, Default)]
pub struct Expectation<'a> {
    /// Column names in order, when they must match.
    pub columns: Option<&'a [String]>,
    pub rows: &'a [Map<String, J>],
    /// Rows in this order (else as a multiset).
    pub ordered: bool,
    /// Columns whose arrays are compared as sets.
    pub set_columns: &'a [String],
    /// Rows name only some of the columns: compare those, ignore the others (for
    /// queries that keep every column of a wide table).
    pub partial: bool,
}

/// `Ok` when the table matches; else a readable account of the difference.
pub fn compare(table: &Table, expect: &Expectation) -> Result<(), String> {
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    let wanted: Option<Vec<&str>> = expect
        .columns
        .map(|c| c.iter().map(String::as_str).collect())
        .or_else(|| {
            expect
                .rows
                .first()
                .map(|r| r.keys().map(String::as_str).collect())
        });
    if expect.partial {
        let missing: Vec<&str> = expect
            .rows
            .iter()
            .flat_map(|r| r.keys())
            .map(String::as_str)
            .filter(|k| !names.contains(k))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "the result has no column {}\n  actual: {}",
                missing.join(", "),
                names.join(", ")
            ));
        }
    } else if let Some(want) = wanted
        && names != want
    {
        return Err(format!(
            "columns differ\n  expected: {}\n  actual:   {}",
            want.join(", "),
            names.join(", ")
        ));
    }
    let row_matches = |row: &[Value], want: &Map<String, J>| {
        table.columns.iter().zip(row).all(|(c, v)| {
            let set = expect.set_columns.contains(&c.name);
            match want.get(&c.name) {
                Some(w) => cell_matches(v, c.ty, w, set),
                None => expect.partial,
            }
        })
    };
    let mut unmatched_expected: Vec<usize> = Vec::new();
    let mut unexpected_actual: Vec<usize> = Vec::new();
    if expect.ordered {
        for i in 0..table.rows.len().max(expect.rows.len()) {
            match (table.rows.get(i), expect.rows.get(i)) {
                (Some(row), Some(want)) if row_matches(row, want) => {}
                (row, want) => {
                    unmatched_expected.extend(want.map(|_| i));
                    unexpected_actual.extend(row.map(|_| i));
                }
            }
        }
    } else {
        let mut used = vec![false; expect.rows.len()];
        for (i, row) in table.rows.iter().enumerate() {
            match (0..expect.rows.len()).find(|&j| !used[j] && row_matches(row, &expect.rows[j])) {
                Some(j) => used[j] = true,
                None => unexpected_actual.push(i),
            }
        }
        unmatched_expected.extend((0..expect.rows.len()).filter(|&j| !used[j]));
    }
    if unmatched_expected.is_empty() && unexpected_actual.is_empty() {
        return Ok(());
    }
    let mut text = format!(
        "rows differ ({} expected, {} actual)\n",
        expect.rows.len(),
        table.rows.len()
    );
    for j in unmatched_expected {
        text.push_str(&format!(
            "  - expected, not found: {}\n",
            J::Object(expect.rows[j].clone())
        ));
    }
    let shown: Vec<&str> = match (expect.partial, expect.rows.first()) {
        (true, Some(first)) => first.keys().map(String::as_str).collect(),
        _ => names.clone(),
    };
    for i in unexpected_actual {
        text.push_str(&format!(
            "  + actual, not expected: {}\n",
            row_json_of(table, i, &shown)
        ));
    }
    Err(text)
}

/// Row `i` of a table as one JSON object with only the named columns.
fn row_json_of(table: &Table, i: usize, names: &[&str]) -> String {
    let map: Map<String, J> = table
        .row_object(&table.rows[i])
        .into_iter()
        .filter(|(name, _)| names.contains(&name.as_str()))
        .collect();
    J::Object(map).to_string()
}

/// Row `i` of a table as one JSON object.
pub fn row_json(table: &Table, i: usize) -> String {
    J::Object(table.row_object(&table.rows[i])).to_string()
}

/// Whether our value equals the expected JSON cell, read by our column's type. An
/// empty string equals `null` in a string column (Kusto strings are never null).
pub fn cell_matches(v: &Value, ty: Type, want: &J, as_set: bool) -> bool {
    match (v, want) {
        (v, J::Null) => v.is_null() || (ty == Type::String && v.as_str() == Some("")),
        (Value::DateTime(t), J::String(s)) => time::parse_datetime(s) == Some(*t),
        (Value::TimeSpan(t), J::String(s)) => time::parse_timespan(s) == Some(*t),
        (Value::Guid(g), J::String(s)) => g.eq_ignore_ascii_case(s),
        (Value::Dynamic(d), J::Array(w)) if as_set => match &**d {
            J::Array(items) => {
                items.len() == w.len() && items.iter().all(|i| w.iter().any(|x| json_matches(i, x)))
            }
            _ => false,
        },
        (Value::Dynamic(d), w) => json_matches(d, w),
        (v, w) => json_matches(&v.to_json(), w),
    }
}

/// JSON equality with numbers compared as numbers (`1` equals `1.0`).
pub fn json_matches(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs())
        }
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_matches(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_matches(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Column;

    fn table() -> Table {
        Table::new(
            vec![
                Column::new("When", Type::DateTime),
                Column::new("Set", Type::Dynamic),
            ],
            vec![vec![
                Value::DateTime(time::parse_datetime("2026-06-01T11:00:00Z").unwrap_or(0)),
                Value::dynamic(serde_json::json!(["a", "b"])),
            ]],
        )
    }

    fn rows(json: J) -> Vec<Map<String, J>> {
        serde_json::from_value(json).unwrap_or_default()
    }

    #[test]
    fn datetimes_compare_by_value_and_sets_ignore_order() {
        let want =
            rows(serde_json::json!([{"When": "2026-06-01T11:00:00.0000000Z", "Set": ["b", "a"]}]));
        let set = ["Set".to_string()];
        assert!(
            compare(
                &table(),
                &Expectation {
                    rows: &want,
                    set_columns: &set,
                    ..Default::default()
                }
            )
            .is_ok()
        );
        assert!(
            compare(
                &table(),
                &Expectation {
                    rows: &want,
                    ..Default::default()
                }
            )
            .is_err()
        );
    }

    #[test]
    fn a_difference_names_the_missing_and_the_unexpected_row() {
        let want = rows(serde_json::json!([{"When": "2026-06-01T12:00:00Z", "Set": ["a", "b"]}]));
        let err = compare(
            &table(),
            &Expectation {
                rows: &want,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(
            err.contains("- expected, not found: {\"When\":\"2026-06-01T12:00:00Z\""),
            "{err}"
        );
        assert!(
            err.contains("+ actual, not expected: {\"When\":\"2026-06-01T11:00:00Z\""),
            "{err}"
        );
    }
}
