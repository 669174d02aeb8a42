//! Elasticsearch's typed CSV test data (`name:type` header, `[a,b]` multi-values) read
//! as an index: narrow types widened, multi-values in doc-values order (keyword and ip
//! sorted and de-duplicated, numbers/booleans/dates sorted, `text` as written).

use crate::value::{Column, Table, Type, Value, time};
use serde_json::Value as J;

/// Where and why a typed CSV could not be read (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvDataError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for CsvDataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Reads a typed CSV into a table; `Err` locates the first bad line.
pub fn typed_csv_table(text: &str) -> Result<Table, CsvDataError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().ok_or(CsvDataError {
        line: 1,
        column: 1,
        message: "the CSV is empty".into(),
    })?;
    let fields: Vec<(String, String)> = header
        .split(',')
        .map(|f| {
            let (n, t) = f.split_once(':').unwrap_or((f, "keyword"));
            (n.trim().to_string(), t.trim().to_ascii_lowercase())
        })
        .collect();
    let columns: Vec<Column> = fields
        .iter()
        .map(|(n, t)| Column::new(n.clone(), column_type(t)))
        .collect();
    let mut rows = Vec::new();
    for (line, text) in lines {
        let cells = split_cells(text);
        if cells.len() != fields.len() {
            return Err(CsvDataError {
                line,
                column: cell_column(&cells, fields.len()),
                message: format!("{} cells, but the header has {}", cells.len(), fields.len()),
            });
        }
        let row = cells
            .iter()
            .zip(&fields)
            .map(|(c, (_, t))| cell(c, t))
            .collect();
        rows.push(row);
    }
    Ok(Table::new(columns, rows))
}

/// The column (characters, 1-based) where cell `wanted` would start: the first extra
/// cell of a long row, or the end of a short one.
fn cell_column(cells: &[String], wanted: usize) -> usize {
    let upto = cells.len().min(wanted);
    let chars: usize = cells[..upto].iter().map(|c| c.chars().count() + 1).sum();
    if cells.len() > wanted {
        chars + 1
    } else {
        chars.max(1)
    }
}

/// The kqlc type holding values of an Elasticsearch field type.
pub fn column_type(es: &str) -> Type {
    match es {
        "date" | "date_nanos" => Type::DateTime,
        "integer" | "short" | "byte" => Type::Int,
        "long" | "unsigned_long" => Type::Long,
        "double" | "float" | "half_float" | "scaled_float" => Type::Real,
        "boolean" => Type::Bool,
        _ => Type::String,
    }
}

/// Splits on commas outside `[…]`.
fn split_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in line.chars() {
        match c {
            '[' => {
                depth += 1;
                cur.push(c);
            }
            ']' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => cells.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

fn cell(text: &str, es: &str) -> Value {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        let mut values: Vec<Value> = inner
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| scalar(s, es))
            .filter(|v| !v.is_null())
            .collect();
        if es != "text" {
            values.sort_by(crate::functions::esql::mv::esql_cmp);
            if matches!(es, "keyword" | "ip") {
                values.dedup();
            }
        }
        return match values.len() {
            0 => Value::Null,
            1 => values.remove(0),
            _ => Value::dynamic(J::Array(
                values
                    .iter()
                    .map(crate::functions::esql::esql_json)
                    .collect(),
            )),
        };
    }
    scalar(text, es)
}

/// `x` rounded to the nearest IEEE 754 half-precision value (10-bit mantissa, ties to
/// even), as a `half_float` field stores it: 1.7 reads back as 1.7001953125.
fn half_precision(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    // Below 2^-14 the spacing stays that of the subnormals, 2^-24.
    let exponent = x.abs().log2().floor().max(-14.0);
    let quantum = (exponent - 10.0).exp2();
    let scaled = x / quantum;
    let rounded = if (scaled - scaled.trunc()).abs() == 0.5 {
        2.0 * (scaled / 2.0).round()
    } else {
        scaled.round()
    };
    let v = rounded * quantum;
    if v.abs() > 65504.0 {
        f64::INFINITY.copysign(x)
    } else {
        v
    }
}

fn scalar(text: &str, es: &str) -> Value {
    if text.is_empty() {
        return Value::Null;
    }
    match es {
        "date" | "date_nanos" => time::parse_datetime(text).map_or(Value::Null, Value::DateTime),
        "integer" | "short" | "byte" | "long" | "unsigned_long" => {
            text.parse().map_or(Value::Null, Value::Long)
        }
        "double" => text.parse().map_or(Value::Null, Value::Real),
        "float" => text
            .parse::<f32>()
            .map_or(Value::Null, |f| Value::Real(f64::from(f))),
        "half_float" => text
            .parse::<f32>()
            .map_or(Value::Null, |f| Value::Real(half_precision(f64::from(f)))),
        "scaled_float" => text
            .parse::<f64>()
            .map_or(Value::Null, |f| Value::Real((f * 100.0).round() / 100.0)),
        "boolean" => match text.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::Null,
        },
        _ => Value::string(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_values_are_read_in_doc_values_order() {
        let t = typed_csv_table("k:keyword,d:double,s:text\n[b,a,b],[2.5,1.5],[y,x]\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.rows[0][0].to_json(), serde_json::json!(["a", "b"]));
        assert_eq!(t.rows[0][1].to_json(), serde_json::json!([1.5, 2.5]));
        assert_eq!(t.rows[0][2].to_json(), serde_json::json!(["y", "x"]));
    }

    #[test]
    fn half_floats_read_back_at_half_precision() {
        assert_eq!(half_precision(1.7), 1.7001953125);
        assert_eq!(half_precision(2.1), 2.099609375);
    }

    #[test]
    fn empty_cells_are_null_and_cells_are_trimmed() {
        let t =
            typed_csv_table("a:integer , b:keyword\n,  x  \n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.rows[0], vec![Value::Null, Value::string("x")]);
    }
}
