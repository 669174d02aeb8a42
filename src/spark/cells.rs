//! A SQL engine's result rows, as JSON arrays, read back as a kqlc table of the plan's
//! column types (the driver's encoding: datetimes ISO 8601 text, intervals 100 ns
//! ticks, dynamic values JSON text).

use crate::value::{Column, Table, Type, Value, time};
use serde_json::Value as J;

/// The rows as a table with `schema`'s columns (matched by position); an error when a
/// row is not an array of as many cells.
pub fn table(schema: &[Column], rows: &[J]) -> Result<Table, String> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let cells = row.as_array().ok_or("a row is not an array")?;
        if cells.len() != schema.len() {
            return Err(format!(
                "{} columns, the plan has {}",
                cells.len(),
                schema.len()
            ));
        }
        out.push(
            cells
                .iter()
                .zip(schema)
                .map(|(v, c)| value(v, c.ty))
                .collect(),
        );
    }
    Ok(Table::new(schema.to_vec(), out))
}

/// One cell read by its Kusto type; a SQL null string is Kusto's empty string.
pub fn value(v: &J, ty: Type) -> Value {
    match (ty, v) {
        (Type::String, J::Null) => Value::empty_string(),
        (_, J::Null) => Value::Null,
        (Type::String | Type::Guid, J::String(s)) => Value::string(s.as_str()),
        (Type::String | Type::Guid, other) => Value::string(other.to_string()),
        (Type::Bool, J::Bool(b)) => Value::Bool(*b),
        (Type::Int | Type::Long, J::Number(n)) => n.as_i64().map_or(Value::Null, Value::Long),
        (Type::Real | Type::Decimal, J::Number(n)) => n.as_f64().map_or(Value::Null, Value::Real),
        (Type::Real | Type::Decimal, J::String(s)) => s.parse().map_or(Value::Null, Value::Real),
        (Type::DateTime, J::String(s)) => {
            time::parse_datetime(s).map_or(Value::Null, Value::DateTime)
        }
        (Type::TimeSpan, J::Number(n)) => n.as_i64().map_or(Value::Null, Value::TimeSpan),
        (Type::Dynamic, J::String(s)) => match serde_json::from_str::<J>(s) {
            Ok(J::Null) => Value::Null,
            Ok(j) => Value::dynamic(j),
            Err(_) => Value::dynamic(J::String(s.clone())),
        },
        (_, other) => Value::dynamic(other.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn col(name: &str, ty: Type) -> Column {
        Column::new(name, ty)
    }

    #[test]
    fn cells_are_read_by_the_plans_types() {
        let schema = [
            col("S", Type::String),
            col("T", Type::DateTime),
            col("D", Type::Dynamic),
            col("N", Type::Long),
            col("P", Type::TimeSpan),
        ];
        let rows = [json!([
            null,
            "2026-06-01T12:00:00.000000Z",
            "{\"a\":[1]}",
            7,
            36000000000i64
        ])];
        let t = table(&schema, &rows).expect("one row");
        assert_eq!(t.rows[0][0], Value::empty_string());
        assert_eq!(
            t.rows[0][1],
            Value::DateTime(time::parse_datetime("2026-06-01T12:00:00Z").unwrap())
        );
        assert_eq!(t.rows[0][2], Value::dynamic(json!({"a": [1]})));
        assert_eq!(t.rows[0][3], Value::Long(7));
        assert_eq!(t.rows[0][4], Value::TimeSpan(36_000_000_000));
    }

    #[test]
    fn a_row_of_the_wrong_width_is_an_error() {
        let err = table(&[col("S", Type::String)], &[json!(["a", "b"])]).unwrap_err();
        assert_eq!(err, "2 columns, the plan has 1");
    }
}
