//! Elastic data as ES|QL reads it: the files of one index become the rows of one table,
//! whichever Elastic tool wrote them — the csv-spec typed CSV (`name:type` headers,
//! `[a,b]` multi-values), plain or Kibana Discover CSV, JSON documents (an array, one
//! object, JSON Lines, Kibana/elasticdump NDJSON of hits), an Elasticsearch `_search`
//! response, or an ES|QL `_query` response.

mod csv;
mod hits;
pub mod query_response;
pub mod schema;
mod shape;
mod union;

use crate::io::{Format, IoError};
use crate::syntax::esql::lower::documents::documents_table_typed;
use crate::value::{Column, Table};
use shape::Parsed;
use std::path::PathBuf;

/// Reads the files of index `name` (each in `format`, or detected when `Auto`) into one
/// table: documents are flattened to dotted columns, typed files keep their types, and
/// the files' columns are united by name.
pub fn read_index(name: &str, paths: &[PathBuf], format: Format) -> Result<Table, IoError> {
    read_index_typed(name, paths, format, None)
}

/// Like [`read_index`], the fields `schema` declares (`--schema`) typed as declared,
/// whatever the files' values look like or their headers say.
pub fn read_index_typed(
    name: &str,
    paths: &[PathBuf],
    format: Format,
    schema: Option<&[Column]>,
) -> Result<Table, IoError> {
    let mut documents = Vec::new();
    let mut tables = Vec::new();
    for path in paths {
        let bytes = read_decompressed(path)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            IoError::new(path, "the file is not UTF-8 text").at(
                line_of_byte(e.as_bytes(), e.utf8_error().valid_up_to()),
                None,
            )
        })?;
        match shape::parse(path, &text, format, schema)? {
            Parsed::Documents(docs) => documents.extend(docs),
            Parsed::Table(table) => tables.push(table),
        }
    }
    if !documents.is_empty() || tables.is_empty() {
        tables.insert(0, documents_table_typed(name, documents, schema));
    }
    let table = union::concat(tables);
    Ok(match schema {
        Some(columns) => schema::apply(table, columns),
        None => table,
    })
}

/// The 1-based line holding byte `at`.
fn line_of_byte(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// The whole file, decompressed when its name ends in `.gz` or `.zst`.
fn read_decompressed(path: &std::path::Path) -> Result<Vec<u8>, IoError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    crate::io::read::compression::open_decompressed(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| IoError::from_os(path, &e))?;
    Ok(bytes)
}
