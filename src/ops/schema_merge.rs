//! `evaluate schema_merge([PreserveOrder])` (schema-merge-plugin page): schemas in the
//! shape `getschema` gives (`ColumnName`, `ColumnOrdinal`, `DataType`, `ColumnType`),
//! one after the other, merged into one.
//!
//! Row by row, a column first seen at ordinal `i` is placed at position `i` of the merged columns (after them all when there
//! are fewer); one seen again must have the same type (an `int` and a `long` merge
//! into `long`, either of them and a `real` into `real`) and, with `PreserveOrder`
//! (the default), the ordinal of its first schema. A column that breaks a rule gets
//! ordinal -1 and an `ERROR(…)` type: `columns are out of order`, as the page shows,
//! or `types T1 and T2 differ` (a text the page does not show). The others are
//! numbered by their position.

use crate::plan::tabular::table_fn::SchemaMerge;
use crate::value::{Row, Value};

/// One merged column.
struct Merged {
    name: String,
    first_ordinal: i64,
    column_type: String,
    data_type: String,
    error: Option<String>,
}

/// The merged schema's rows.
pub fn schema_merge(op: &SchemaMerge, input: &[Row]) -> Vec<Row> {
    let text = |row: &Row, i: usize| row.get(i).map(cell_text).unwrap_or_default();
    let mut merged: Vec<Merged> = Vec::new();
    for row in input {
        let name = text(row, op.name);
        let ordinal = row.get(op.ordinal).and_then(Value::as_i64).unwrap_or(0);
        let column_type = text(row, op.column_type);
        let data_type = op.data_type.map(|i| text(row, i)).unwrap_or_default();
        let Some(seen) = merged.iter_mut().find(|m| m.name == name) else {
            let at = usize::try_from(ordinal).unwrap_or(0).min(merged.len());
            merged.insert(
                at,
                Merged {
                    name,
                    first_ordinal: ordinal,
                    column_type,
                    data_type,
                    error: None,
                },
            );
            continue;
        };
        if seen.error.is_some() {
            continue;
        }
        if op.preserve_order && ordinal != seen.first_ordinal {
            seen.error = Some("columns are out of order".to_string());
        } else if let Some((ty, dotnet)) = widened(&seen.column_type, &column_type) {
            seen.column_type = ty.to_string();
            seen.data_type = dotnet.to_string();
        } else if seen.column_type != column_type {
            seen.error = Some(format!(
                "types {} and {column_type} differ",
                seen.column_type
            ));
        }
    }
    merged
        .into_iter()
        .enumerate()
        .map(|(i, m)| match m.error {
            None => vec![
                Value::string(m.name),
                Value::Long(i as i64),
                Value::string(m.data_type),
                Value::string(m.column_type),
            ],
            Some(why) => vec![
                Value::string(m.name),
                Value::Long(-1),
                Value::string(format!("ERROR(unknown CSL type:ERROR({why}))")),
                Value::string(format!("ERROR({why})")),
            ],
        })
        .collect()
}

fn cell_text(v: &Value) -> String {
    v.as_str()
        .map_or_else(|| v.to_kusto_string(), str::to_string)
}

/// The common numeric type of two different column types, with its .NET name.
fn widened(a: &str, b: &str) -> Option<(&'static str, &'static str)> {
    match (a, b) {
        ("int", "long") | ("long", "int") => Some(("long", "System.Int64")),
        ("int" | "long", "real") | ("real", "int" | "long") => Some(("real", "System.Double")),
        _ => None,
    }
}
