//! The ES|QL `_query` response as a table: `{"columns":[{"name","type"}…],
//! "values":[[…]…]}` (row-major, as Elasticsearch answers without `columnar`).
//! Columns keep their declared types; an array cell is a multi-value.

use crate::syntax::esql::lower::csv_data::column_type;
use crate::value::{Column, Table, Type, Value, time};
use serde_json::{Map, Value as J};

/// The hint under a malformed `_query` response.
pub const HINT: &str =
    "a _query response is {\"columns\": [{\"name\": …, \"type\": …}], \"values\": [[…], …]}";

/// Whether a whole-file object is a `_query` response (`columns` and `values` arrays).
pub fn is_query_response(o: &Map<String, J>) -> bool {
    matches!(o.get("columns"), Some(J::Array(_))) && matches!(o.get("values"), Some(J::Array(_)))
}

/// Why a `_query` response is malformed, and the 0-based index of the bad row if any.
pub type QueryError = (Option<usize>, String);

/// The table of a `_query` response; `Err` names the first malformed column or row.
pub fn query_table(o: &Map<String, J>) -> Result<Table, QueryError> {
    let (Some(J::Array(columns)), Some(J::Array(values))) = (o.get("columns"), o.get("values"))
    else {
        return Err((
            None,
            "a _query response needs `columns` and `values` arrays".into(),
        ));
    };
    let mut fields = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let name = c.get("name").and_then(J::as_str);
        let es = c.get("type").and_then(J::as_str).unwrap_or("keyword");
        let name = name.ok_or_else(|| (None, format!("column {} has no `name`", i + 1)))?;
        fields.push((Column::new(name, column_type(es)), es.to_string()));
    }
    let mut rows = Vec::new();
    for (n, row) in values.iter().enumerate() {
        let cells = row
            .as_array()
            .filter(|cells| cells.len() == fields.len())
            .ok_or_else(|| {
                let message = format!(
                    "row {} of `values` is not an array of {} values",
                    n + 1,
                    fields.len()
                );
                (Some(n), message)
            })?;
        rows.push(
            cells
                .iter()
                .zip(&fields)
                .map(|(v, (c, _))| cell(v, c.ty))
                .collect(),
        );
    }
    Ok(Table::new(
        fields.into_iter().map(|(c, _)| c).collect(),
        rows,
    ))
}

/// The 1-based line and column where row `n` (0-based) of the top-level `values`
/// array starts in `text`, found by scanning brackets outside strings.
pub fn row_position(text: &str, n: usize) -> Option<(usize, usize)> {
    let start = text.find("\"values\"")?;
    let (mut depth, mut rows, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for (offset, c) in text[start..].char_indices() {
        if in_string {
            (escaped, in_string) = match c {
                _ if escaped => (false, true),
                '\\' => (true, true),
                '"' => (false, false),
                _ => (false, true),
            };
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth == 2 && rows == n {
                    return Some(line_column(text, start + offset));
                }
            }
            ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 1 {
                    rows += 1;
                }
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    None
}

/// The 1-based line and column (in characters) of byte `at`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A value of a column of type `ty`; arrays are multi-values, kept as JSON.
fn cell(v: &J, ty: Type) -> Value {
    match (v, ty) {
        (J::Null, _) => Value::Null,
        (J::Array(_), _) => Value::dynamic(v.clone()),
        (J::String(s), Type::DateTime) => {
            time::parse_datetime(s).map_or(Value::Null, Value::DateTime)
        }
        (J::Number(n), Type::Real) => n.as_f64().map_or(Value::Null, Value::Real),
        (J::Number(n), Type::Int | Type::Long) => n.as_i64().map_or(Value::Null, Value::Long),
        (other, _) => Value::from_json_scalar(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_query_response_keeps_declared_types_and_multi_values() {
        let o = json!({"columns": [{"name": "@timestamp", "type": "date"},
                                    {"name": "n", "type": "long"},
                                    {"name": "tags", "type": "keyword"}],
                       "values": [["2024-05-01T10:00:00.000Z", 3, ["a", "b"]]]});
        let t =
            query_table(o.as_object().unwrap_or(&Map::new())).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(t.columns[0].ty, Type::DateTime);
        assert_eq!(t.rows[0][1], Value::Long(3));
        assert_eq!(t.rows[0][2].to_json(), json!(["a", "b"]));
    }

    #[test]
    fn a_short_row_is_an_error_naming_it() {
        let o = json!({"columns": [{"name": "a", "type": "long"}], "values": [[1], []]});
        let e = query_table(o.as_object().unwrap_or(&Map::new())).err();
        assert_eq!(
            e,
            Some((
                Some(1),
                "row 2 of `values` is not an array of 1 values".to_string()
            ))
        );
    }

    #[test]
    fn a_row_is_located_by_its_opening_bracket() {
        let text = "{\"columns\": [{\"name\": \"a]\"}],\n \"values\": [\n  [1],\n  [\"x]\", 2]\n]}";
        assert_eq!(row_position(text, 0), Some((3, 3)));
        assert_eq!(row_position(text, 1), Some((4, 3)));
        assert_eq!(row_position(text, 2), None);
    }
}
