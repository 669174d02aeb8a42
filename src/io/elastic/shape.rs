//! Telling what an Elastic data file holds — CSV, documents, a `_search` response or a
//! `_query` response — from the format asked for, the extension and the first character.

use super::{csv, hits, query_response};
use crate::io::{Format, IoError};
use crate::value::{Column, Table};
use serde_json::Value as J;
use std::path::Path;

/// A file read: documents still to be flattened, or a table whose columns are typed.
pub enum Parsed {
    Documents(Vec<J>),
    Table(Table),
}

/// The hint under a JSON error.
const JSON_HINT: &str = "give Elastic documents as JSON Lines (one object a line), one JSON object, an array of \
     objects, a `_search` response or a `_query` response; use --table-format csv for CSV";

/// Parses one file of an index.
pub fn parse(
    path: &Path,
    text: &str,
    format: Format,
    schema: Option<&[Column]>,
) -> Result<Parsed, IoError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.trim_start().chars().next();
    let extension = crate::io::read::compression::inner_extension(path);
    let is_csv = match format {
        Format::Csv => true,
        Format::Auto => {
            extension.as_deref() == Some("csv")
                || !(matches!(first, Some('[' | '{') | None)
                    || matches!(extension.as_deref(), Some("json" | "jsonl" | "ndjson")))
        }
        _ => false,
    };
    if is_csv {
        return csv::csv_table(path, text, schema).map(Parsed::Table);
    }
    let values = json_values(path, text)?;
    match (format, <[J; 1]>::try_from(values)) {
        (Format::JsonLines, Ok([one])) => Ok(Parsed::Documents(vec![hits::document(one)])),
        (_, Ok([one])) => whole_file(path, text, one),
        (_, Err(values)) => Ok(Parsed::Documents(
            values.into_iter().map(hits::document).collect(),
        )),
    }
}

/// One JSON value filling the file: an array of documents, a response, or one document.
fn whole_file(path: &Path, text: &str, value: J) -> Result<Parsed, IoError> {
    match value {
        J::Array(docs) => Ok(Parsed::Documents(
            docs.into_iter().map(hits::document).collect(),
        )),
        J::Object(o) if query_response::is_query_response(&o) => query_response::query_table(&o)
            .map(Parsed::Table)
            .map_err(|(row, m)| {
                let error = IoError::new(path, m).with_hint(query_response::HINT);
                match row.and_then(|n| query_response::row_position(text, n)) {
                    Some((line, column)) => error.at(line, Some(column)),
                    None => error,
                }
            }),
        J::Object(o) if hits::is_search_response(&o) => Ok(Parsed::Documents(
            hits::search_documents(o).map_err(|m| IoError::new(path, m).with_hint(hits::HINT))?,
        )),
        other => Ok(Parsed::Documents(vec![hits::document(other)])),
    }
}

/// Every JSON value of the file, one after another (one value, or JSON Lines).
fn json_values(path: &Path, text: &str) -> Result<Vec<J>, IoError> {
    let mut values = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<J>() {
        values.push(value.map_err(|e| json_error(path, text, &e))?);
    }
    Ok(values)
}

/// A serde_json error at its line and column (serde's column 0, the start of a line
/// after an unfinished value, is placed at the end of the line before).
fn json_error(path: &Path, text: &str, e: &serde_json::Error) -> IoError {
    let shown = e.to_string();
    let message = shown
        .rsplit_once(" at line ")
        .map_or(shown.as_str(), |(m, _)| m)
        .to_string();
    let error = IoError::new(path, message).with_hint(JSON_HINT);
    match (e.line(), e.column()) {
        (0, _) => error,
        (line, 0) if line > 1 => {
            let end = text.lines().nth(line - 2).map_or(0, |l| l.chars().count());
            error.at(line - 1, Some(end + 1))
        }
        (line, column) => error.at(line, Some(column.max(1))),
    }
}
