//! CSV files with a header row. A header cell may carry a type, `Name:type`, with a
//! Kusto type name or an ES|QL one (`keyword`, `integer`, `date`, …); plain cells are
//! typed by inference. Rows may be shorter or longer than the header: missing cells
//! are the column type's null, extra cells are ignored.

use super::convert;
use super::infer::{Inference, Mix, text_type};
use crate::io::IoError;
use crate::schema::type_from_name;
use crate::value::{Column, Row, Type, Value};
use std::collections::HashMap;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::Path;

/// The hint for a header cell whose type is not known.
const TYPE_HINT: &str = "a typed header cell is `Name:type` with a Kusto type (string, long, int, real, decimal, bool, \
     datetime, timespan, guid, dynamic) or an ES|QL type (keyword, text, integer, long, double, boolean, date, ip)";

/// The header row: column names and the types declared on them.
struct Header {
    cells: Vec<(String, Option<Type>)>,
}

/// Streams the rows of a CSV file with exactly `columns`, matched to header names.
pub(super) fn read_rows<R: Read>(
    path: &Path,
    reader: R,
    columns: &[Column],
    sink: &mut dyn FnMut(Row) -> Result<ControlFlow<()>, IoError>,
) -> Result<(), IoError> {
    let mut csv = open(reader);
    let header = read_header(path, &mut csv)?;
    let mut field_of_name: HashMap<&str, usize> = HashMap::new();
    for (i, (name, _)) in header.cells.iter().enumerate() {
        field_of_name.entry(name.as_str()).or_insert(i);
    }
    let fields: Vec<Option<usize>> = columns
        .iter()
        .map(|c| field_of_name.get(c.name.as_str()).copied())
        .collect();
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // A record that is not UTF-8 can be skipped; the reader resumes after it.
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
                crate::io::bad_rows::skip_or_fail(csv_error(path, &e))?;
                continue;
            }
            Err(e) => return Err(csv_error(path, &e)),
        }
        let row = columns
            .iter()
            .zip(&fields)
            .map(|(column, field)| match field.and_then(|i| record.get(i)) {
                Some(cell) => convert::from_text(cell, column.ty),
                None => Value::null_of(column.ty),
            })
            .collect();
        if sink(row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// Adds the columns of a CSV file to `inference`, reading at most `budget` rows to type
/// the plain header cells; returns the number of rows read.
pub(super) fn infer<R: Read>(
    path: &Path,
    reader: R,
    budget: usize,
    inference: &mut Inference,
) -> Result<usize, IoError> {
    let mut csv = open(reader);
    let header = read_header(path, &mut csv)?;
    for (name, ty) in &header.cells {
        match ty {
            Some(ty) => inference.declare(name, *ty),
            None => inference.observe(name, None, Mix::Text),
        }
    }
    let mut record = csv::StringRecord::new();
    let mut rows = 0;
    while rows < budget
        && csv
            .read_record(&mut record)
            .map_err(|e| csv_error(path, &e))?
    {
        rows += 1;
        for ((name, declared), cell) in header.cells.iter().zip(record.iter()) {
            if declared.is_none() {
                inference.observe(name, text_type(cell), Mix::Text);
            }
        }
    }
    // A plain column with only empty cells holds text.
    for (name, declared) in &header.cells {
        if declared.is_none() {
            inference.default_to(name, Type::String);
        }
    }
    Ok(rows)
}

fn open<R: Read>(reader: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader)
}

fn read_header<R: Read>(path: &Path, csv: &mut csv::Reader<R>) -> Result<Header, IoError> {
    let mut record = csv::StringRecord::new();
    if !csv
        .read_record(&mut record)
        .map_err(|e| csv_error(path, &e))?
    {
        return Ok(Header { cells: Vec::new() });
    }
    let line = record.position().map_or(1, |p| p.line() as usize);
    let mut cells = Vec::with_capacity(record.len());
    for (i, cell) in record.iter().enumerate() {
        let cell = if i == 0 {
            cell.trim_start_matches('\u{feff}')
        } else {
            cell
        };
        let parsed = parse_header_cell(cell).map_err(|bad_type| {
            let column = record.range(i).map(|r| r.start + i + 1);
            IoError::new(
                path,
                format!("unknown type `{bad_type}` in header cell `{cell}`"),
            )
            .at(line, column)
            .with_hint(TYPE_HINT)
        })?;
        cells.push(parsed);
    }
    Ok(Header { cells })
}

/// `Name` → (Name, None); `Name:type` → (Name, Some(type)); an unknown type is `Err(type)`.
fn parse_header_cell(cell: &str) -> Result<(String, Option<Type>), String> {
    match cell.rsplit_once(':') {
        Some((name, ty)) if !name.trim().is_empty() => match type_from_name(ty.trim()) {
            Some(ty) => Ok((name.trim().to_string(), Some(ty))),
            None => Err(ty.trim().to_string()),
        },
        _ => Ok((cell.trim().to_string(), None)),
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> IoError {
    let line = e.position().map(|p| p.line() as usize);
    let error = match e.kind() {
        csv::ErrorKind::Io(io) => IoError::from_os(path, io),
        csv::ErrorKind::Utf8 { err, .. } => {
            IoError::new(path, format!("invalid UTF-8 in field {}", err.field() + 1))
                .with_hint("CSV files must be UTF-8")
        }
        _ => IoError::new(path, e.to_string()),
    };
    match line {
        Some(line) => error.at(line, None),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells_may_carry_kusto_or_esql_types() {
        assert_eq!(
            parse_header_cell("Count:long"),
            Ok(("Count".into(), Some(Type::Long)))
        );
        assert_eq!(
            parse_header_cell("host.name:keyword"),
            Ok(("host.name".into(), Some(Type::String)))
        );
        assert_eq!(parse_header_cell("Name"), Ok(("Name".into(), None)));
        assert_eq!(parse_header_cell("Count:lnog"), Err("lnog".into()));
    }
}
