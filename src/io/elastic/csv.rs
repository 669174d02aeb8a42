//! CSV as an Elastic index: Elasticsearch's typed csv-spec files (every header cell
//! `name:type`) through the same reader the conformance suite uses, and plain CSV
//! such as Kibana Discover's export (quoted cells, `MMM D, YYYY @ HH:mm:ss.SSS`
//! dates, formula cells escaped with `'`), its column types inferred.

use crate::io::IoError;
use crate::syntax::esql::lower::csv_data::typed_csv_table;
use crate::value::{Column, Table, Type, Value, time};
use std::path::Path;

/// The hint under a CSV error.
const HINT: &str = "a CSV table has a header row and the same number of cells on every row; \
     Elastic's typed header is `name:type,…` with `[a,b]` for multi-values";

/// The Elasticsearch field types a typed header may name.
const ES_TYPES: &[&str] = &[
    "keyword",
    "text",
    "integer",
    "long",
    "short",
    "byte",
    "unsigned_long",
    "double",
    "float",
    "half_float",
    "scaled_float",
    "boolean",
    "date",
    "date_nanos",
    "ip",
    "version",
    "geo_point",
    "cartesian_point",
    "geo_shape",
    "cartesian_shape",
    "null",
];

/// Reads one CSV file; the columns `schema` declares are typed as declared.
pub fn csv_table(path: &Path, text: &str, schema: Option<&[Column]>) -> Result<Table, IoError> {
    if is_typed(text) {
        return typed_csv_table(text).map_err(|e| {
            IoError::new(path, e.message)
                .at(e.line, Some(e.column))
                .with_hint(HINT)
        });
    }
    plain_table(path, text, schema)
}

/// Whether every header cell is `name:type` with an Elasticsearch type.
fn is_typed(text: &str) -> bool {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    !header.is_empty()
        && header.split(',').all(|cell| {
            cell.split_once(':')
                .is_some_and(|(_, ty)| ES_TYPES.contains(&ty.trim().to_ascii_lowercase().as_str()))
        })
}

/// A plain CSV: header names as written, cells typed as `schema` declares, else by
/// inference.
fn plain_table(path: &Path, text: &str, schema: Option<&[Column]>) -> Result<Table, IoError> {
    let mut reader = ::csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let csv_error = |e: ::csv::Error| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        let message = match e.kind() {
            ::csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("{len} cells, but the header has {expected_len}"),
            _ => e.to_string(),
        };
        IoError::new(path, message)
            .at(line, Some(1))
            .with_hint(HINT)
    };
    let names: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut cells: Vec<Vec<String>> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        cells.push(record.iter().map(unescape_formula).collect());
    }
    let types: Vec<Type> = (0..names.len())
        .map(|i| {
            super::schema::declared(schema, &names[i])
                .unwrap_or_else(|| infer(cells.iter().filter_map(|r| r.get(i))))
        })
        .collect();
    let columns = names
        .into_iter()
        .zip(&types)
        .map(|(n, t)| Column::new(n, *t))
        .collect();
    let rows = cells
        .iter()
        .map(|r| types.iter().zip(r).map(|(t, c)| value(c, *t)).collect())
        .collect();
    Ok(Table::new(columns, rows))
}

/// Kibana prefixes a cell starting with `=`, `+`, `-` or `@` with `'` so spreadsheets do
/// not run it as a formula; the value is the text after the quote.
fn unescape_formula(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// The narrowest type every non-empty cell reads as: long, double, boolean, date, or keyword.
fn infer<'a>(cells: impl Iterator<Item = &'a String> + Clone) -> Type {
    let present = cells.filter(|c| !c.trim().is_empty());
    let all = |f: fn(&str) -> bool| present.clone().all(|c| f(c.trim()));
    if present.clone().next().is_none() {
        Type::String
    } else if all(|c| c.parse::<i64>().is_ok()) {
        Type::Long
    } else if all(|c| c.parse::<f64>().is_ok()) {
        Type::Real
    } else if all(|c| matches!(c.to_ascii_lowercase().as_str(), "true" | "false")) {
        Type::Bool
    } else if all(|c| datetime(c).is_some()) {
        Type::DateTime
    } else {
        Type::String
    }
}

/// A date as Elastic tools write it: ISO 8601, or Kibana's default display format.
fn datetime(text: &str) -> Option<i64> {
    let iso = text.len() >= 10 && text.as_bytes().get(4) == Some(&b'-');
    if iso {
        return time::parse_datetime(text);
    }
    chrono::NaiveDateTime::parse_from_str(text, "%b %d, %Y @ %H:%M:%S%.f")
        .ok()
        .map(|d| time::ticks_from_chrono(d.and_utc()))
}

fn value(cell: &str, ty: Type) -> Value {
    let cell = cell.trim();
    if cell.is_empty() {
        return Value::Null;
    }
    match ty {
        Type::Long | Type::Int => cell.parse().map_or(Value::Null, Value::Long),
        Type::Real => cell.parse().map_or(Value::Null, Value::Real),
        Type::Bool => Value::Bool(cell.eq_ignore_ascii_case("true")),
        Type::DateTime => datetime(cell).map_or(Value::Null, Value::DateTime),
        _ => Value::string(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kibana_dates_and_escaped_formulas_are_read() {
        let text = "\"@timestamp\",\"user.name\",n\n\"Dec 6, 2026 @ 22:23:03.250\",\"'=cmd\",3\n";
        let t = csv_table(Path::new("k.csv"), text, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.columns[0].ty, Type::DateTime);
        assert_eq!(
            t.rows[0][0],
            Value::DateTime(time::parse_datetime("2026-12-06T22:23:03.250Z").unwrap_or(0))
        );
        assert_eq!(t.rows[0][1], Value::string("=cmd"));
        assert_eq!(t.rows[0][2], Value::Long(3));
    }

    #[test]
    fn a_typed_header_reads_like_the_csv_spec_data() {
        let t = csv_table(Path::new("t.csv"), "a:integer,b:keyword\n1,[y,x]\n", None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.columns[0].ty, Type::Int);
        assert_eq!(t.rows[0][1].to_json(), serde_json::json!(["x", "y"]));
    }
}
