//! The ES|QL `_query` response shape: `{"columns":[{"name","type"}…],"values":[[…]…]}`,
//! dates as Elasticsearch writes them (`2024-05-01T10:00:00.000Z`), multi-values as
//! arrays. Types are ES|QL's names for kqlc's (`long`, `integer`, `double`, `keyword`…).

use crate::functions::esql::esql_json;
use crate::value::{Table, Type, Value};
use serde_json::{Value as J, json};
use std::io::Write;

/// Writes `table` as one `_query` response object, a column or a row per line.
pub fn write_esql_json(table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
    let columns: Vec<J> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| json!({"name": c.name, "type": type_name(c.ty, table, i)}))
        .collect();
    let values: Vec<J> = table
        .rows
        .iter()
        .map(|row| J::Array(row.iter().map(esql_json).collect()))
        .collect();
    out.write_all(b"{\n  \"columns\": [")?;
    write_lines(&columns, out)?;
    out.write_all(b"],\n  \"values\": [")?;
    write_lines(&values, out)?;
    out.write_all(b"]\n}\n")
}

/// JSON values one a line, comma-separated, indented inside an array.
fn write_lines(items: &[J], out: &mut dyn Write) -> std::io::Result<()> {
    for (i, item) in items.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *out, item)?;
    }
    if !items.is_empty() {
        out.write_all(b"\n  ")?;
    }
    Ok(())
}

/// The ES|QL type name of column `i`; a dynamic (multi-value) column is named by the
/// JSON of its first non-null element.
fn type_name(ty: Type, table: &Table, i: usize) -> &'static str {
    match ty {
        Type::Bool => "boolean",
        Type::Int => "integer",
        Type::Long => "long",
        Type::Real | Type::Decimal => "double",
        Type::DateTime => "date",
        Type::TimeSpan => "time_duration",
        Type::Dynamic => table
            .rows
            .iter()
            .filter_map(|r| r.get(i))
            .find_map(element_type)
            .unwrap_or("keyword"),
        _ => "keyword",
    }
}

fn element_type(v: &Value) -> Option<&'static str> {
    let Value::Dynamic(d) = v else {
        return None;
    };
    let first = match &**d {
        J::Array(items) => items.iter().find(|x| !x.is_null())?,
        J::Null => return None,
        other => other,
    };
    Some(match first {
        J::Bool(_) => "boolean",
        J::Number(n) if n.is_i64() => "long",
        J::Number(_) => "double",
        _ => "keyword",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Column, time};

    #[test]
    fn a_table_is_written_as_a_query_response() {
        let t = Table::new(
            vec![
                Column::new("@timestamp", Type::DateTime),
                Column::new("n", Type::Long),
            ],
            vec![vec![
                Value::DateTime(time::parse_datetime("2024-05-01T10:00:00Z").unwrap_or(0)),
                Value::Long(2),
            ]],
        );
        let mut out = Vec::new();
        write_esql_json(&t, &mut out).unwrap_or_else(|e| panic!("{e}"));
        let back: J = serde_json::from_slice(&out).unwrap_or_default();
        assert_eq!(
            back,
            json!({"columns": [{"name": "@timestamp", "type": "date"}, {"name": "n", "type": "long"}],
                   "values": [["2024-05-01T10:00:00.000Z", 2]]})
        );
    }
}
