//! Reading tables from files: JSON arrays, JSON Lines, CSV, Microsoft Graph list
//! responses and Parquet, each optionally gzip- or zstd-compressed. Push-style: rows go
//! to a sink as they are read, so large files stream in bounded memory, and only the
//! requested fields are materialised.

pub mod compression;
pub mod convert;
mod csv;
pub mod files;
mod flat;
mod graph;
pub mod graph_audit;
mod infer;
mod json;
mod jsonl;
mod parquet;
mod pieces;

use crate::io::IoError;
use crate::value::{Column, Row, Table};
use compression::{inner_extension, open_decompressed};
use infer::Inference;
pub use json::Prefilter;
use json::{Callback, ObjectSeed, RowPlan, RowSeed};
pub use pieces::{ByteRange, Piece, read_pieces, split_input};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// A field to materialise from each input object: its name and the type to convert to.
pub type ColumnRequest = Column;

/// The rows a sample for `infer_columns` reads by default.
pub const DEFAULT_SAMPLE_ROWS: usize = 1000;

/// An input file format; `Auto` detects it per file from extension and content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Auto,
    /// One JSON array of row objects.
    Json,
    /// One JSON object per line.
    JsonLines,
    /// CSV with a header row (cells `Name` or `Name:type`).
    Csv,
    /// A Microsoft Graph list response: rows in the top-level `value` array.
    Graph,
    /// A Graph `directoryAudits` / `riskyUsers` export, its rows mapped to the Sentinel
    /// AuditLogs / AADRiskyUsers columns (see `graph_audit`).
    GraphAudit,
    /// An Apache Parquet file: typed columns, read column by column (see `parquet`).
    Parquet,
}

impl Format {
    /// The format named on the command line (`auto`, `json`, `jsonl`/`ndjson`, `csv`, `graph`).
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "auto" => Format::Auto,
            "json" => Format::Json,
            "jsonl" | "ndjson" | "jsonlines" => Format::JsonLines,
            "csv" => Format::Csv,
            "graph" => Format::Graph,
            "graph-audit" => Format::GraphAudit,
            "parquet" => Format::Parquet,
            _ => return None,
        })
    }
}

/// The concrete format of `path`: `format` itself unless it is `Auto`, else by the
/// extension under any compression suffix (`.csv`, `.jsonl`, `.ndjson`, `.parquet`) and
/// then by content: `PAR1` → Parquet; `[` → JSON array; `{` → a Graph response when the
/// file is one object with a top-level `value` array, else JSON Lines (so an Azure
/// Monitor export's `PT1H.json`, one record a line, is JSON Lines).
pub fn detect_format(path: &Path, format: Format) -> Result<Format, IoError> {
    if format != Format::Auto {
        return Ok(format);
    }
    match inner_extension(path).as_deref() {
        Some("csv") => return Ok(Format::Csv),
        Some("jsonl" | "ndjson") => return Ok(Format::JsonLines),
        Some("parquet" | "parq") => return Ok(Format::Parquet),
        _ => {}
    }
    sniff(path, open(path)?)
}

fn sniff(path: &Path, mut reader: Input) -> Result<Format, IoError> {
    let os = |e: std::io::Error| IoError::from_os(path, &e);
    if reader.fill_buf().map_err(os)?.starts_with(parquet::MAGIC) {
        return Ok(Format::Parquet);
    }
    let (first, line_number) = match skip_blank(&mut reader).map_err(os)? {
        Some(found) => found,
        // An empty file: zero rows of JSON Lines.
        None => return Ok(Format::JsonLines),
    };
    match first {
        b'[' => Ok(Format::Json),
        b'{' => {
            let mut de = serde_json::Deserializer::from_reader(FirstLine {
                inner: &mut reader,
                done: false,
            });
            match de
                .deserialize_map(ValueMemberIsArray)
                .and_then(|found| de.end().map(|()| found))
            {
                // One complete object on the line: Graph only if nothing follows.
                Ok(true) if only_blank_remains(&mut reader).map_err(os)? => Ok(Format::Graph),
                Ok(_) => Ok(Format::JsonLines),
                // An object spread over several lines can only be a whole-file document.
                Err(e) if e.is_eof() => Ok(Format::Graph),
                Err(e) if e.is_io() => Err(IoError::new(path, e.to_string())),
                Err(_) => Ok(Format::JsonLines),
            }
        }
        _ => Err(IoError::new(
            path,
            "cannot tell the format of this file (it does not start with `[` or `{`)",
        )
        .at(line_number, None)
        .with_hint(
            "name CSV files `.csv` and JSON Lines files `.jsonl`, or give the format explicitly",
        )),
    }
}

/// Skips a byte order mark and whitespace; yields the first other byte (left unread)
/// and its 1-based line, or `None` at the end of the file.
fn skip_blank(reader: &mut impl BufRead) -> std::io::Result<Option<(u8, usize)>> {
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    let mut line = 1;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(None);
        }
        let blank = buffer
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        line += buffer[..blank].iter().filter(|b| **b == b'\n').count();
        let first = buffer.get(blank).copied();
        reader.consume(blank);
        if let Some(first) = first {
            return Ok(Some((first, line)));
        }
    }
}

/// Reads from a buffered reader up to and including its next line break, then ends.
struct FirstLine<'r, R> {
    inner: &'r mut R,
    done: bool,
}

impl<R: BufRead> std::io::Read for FirstLine<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        let buffer = self.inner.fill_buf()?;
        let available = &buffer[..buffer.len().min(out.len())];
        let n = match available.iter().position(|b| *b == b'\n') {
            Some(newline) => {
                self.done = true;
                newline + 1
            }
            None => available.len(),
        };
        out[..n].copy_from_slice(&available[..n]);
        self.inner.consume(n);
        Ok(n)
    }
}

fn only_blank_remains(reader: &mut impl BufRead) -> std::io::Result<bool> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(true);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            return Ok(false);
        }
    }
}

/// Reads a JSON object's members without building them; yields whether its `value`
/// member is an array (the mark of a Graph list response).
struct ValueMemberIsArray;

impl<'de> Visitor<'de> for ValueMemberIsArray {
    type Value = bool;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "value" {
                found = map.next_value_seed(IsArray)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Skips one JSON value; yields whether it was an array.
struct IsArray;

impl<'de> DeserializeSeed<'de> for IsArray {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for IsArray {
    type Value = bool;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(true)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<bool, A::Error> {
        IgnoredAny.visit_map(map).map(|_| false)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// A buffered reader of a file's (decompressed) bytes.
type Input = BufReader<Box<dyn Read + Send>>;

fn open(path: &Path) -> Result<Input, IoError> {
    Ok(BufReader::with_capacity(
        64 * 1024,
        open_decompressed(path)?,
    ))
}

/// A reader positioned after a UTF-8 byte order mark, if the file starts with one.
fn open_skipping_bom(path: &Path) -> Result<Input, IoError> {
    let mut reader = open(path)?;
    let has_bom = reader
        .fill_buf()
        .map_err(|e| IoError::from_os(path, &e))?
        .starts_with(b"\xEF\xBB\xBF");
    if has_bom {
        reader.consume(3);
    }
    Ok(reader)
}

/// Streams the JSON objects of one file (any JSON format) to `callback`, each read with `seed`.
fn stream_objects<S, T>(
    path: &Path,
    format: Format,
    seed: S,
    callback: &mut Callback<'_, T>,
) -> Result<(), IoError>
where
    S: for<'de> DeserializeSeed<'de, Value = T> + Copy,
{
    let reader = open_skipping_bom(path)?;
    match format {
        Format::Json => json::stream_array(path, reader, seed, callback),
        Format::Graph => graph::stream_graph(path, reader, seed, callback),
        _ => jsonl::stream_lines(
            path,
            reader,
            &|text: &[u8]| jsonl::parse_line(text, seed),
            callback,
        ),
    }
}

/// Reads every row of `paths` (concatenated in order) with exactly `columns`, in that
/// order, and hands each to `sink`: fields are looked up by name (a missing field is the
/// column type's null) and converted to the column's type (see [`convert`]).
pub fn read_rows(
    paths: &[PathBuf],
    format: Format,
    columns: &[ColumnRequest],
    sink: &mut dyn FnMut(Row) -> Result<ControlFlow<()>, IoError>,
) -> Result<(), IoError> {
    read_rows_prefiltered(paths, format, columns, None, sink)
}

/// Like [`read_rows`], skipping (without building them) the JSON rows that `prefilter`
/// drops; CSV rows are all passed on.
pub fn read_rows_prefiltered(
    paths: &[PathBuf],
    format: Format,
    columns: &[ColumnRequest],
    prefilter: Option<&Prefilter>,
    sink: &mut dyn FnMut(Row) -> Result<ControlFlow<()>, IoError>,
) -> Result<(), IoError> {
    let plan = RowPlan::new(columns);
    let mut stopped = false;
    for path in paths {
        if stopped {
            break;
        }
        let mut callback = |row: Option<Row>| {
            let Some(row) = row else {
                return Ok(ControlFlow::Continue(()));
            };
            let flow = sink(row)?;
            stopped = flow.is_break();
            Ok(flow)
        };
        match detect_format(path, format)? {
            Format::Csv => {
                csv::read_rows(path, open(path)?, columns, &mut |row| callback(Some(row)))?
            }
            Format::GraphAudit => {
                graph_audit::read_rows(path, columns, &mut |row| callback(Some(row)))?
            }
            Format::Parquet => parquet::read_rows(path, None, columns, prefilter, &mut |row| {
                callback(Some(row))
            })?,
            Format::JsonLines => jsonl::stream_lines(
                path,
                open_skipping_bom(path)?,
                &|text: &[u8]| jsonl::parse_row(&plan, prefilter, text),
                &mut callback,
            )?,
            json_format => {
                stream_objects(path, json_format, RowSeed(&plan, prefilter), &mut callback)?
            }
        }
    }
    Ok(())
}

/// The columns of `paths`: the union of field names in first-seen order over the first
/// `sample_rows` rows (across files, in order), each typed by its first non-null value
/// (ISO 8601 strings → datetime, integers → long, other numbers → real, bools → bool,
/// objects/arrays → dynamic, other strings → string; see `infer` for disagreements).
pub fn infer_columns(
    paths: &[PathBuf],
    format: Format,
    sample_rows: usize,
) -> Result<Vec<Column>, IoError> {
    let mut inference = Inference::default();
    let mut remaining = sample_rows;
    for path in paths {
        if remaining == 0 {
            break;
        }
        match detect_format(path, format)? {
            Format::Csv => remaining -= csv::infer(path, open(path)?, remaining, &mut inference)?,
            Format::GraphAudit => {
                remaining -= graph_audit::infer(path, remaining, &mut inference)?;
            }
            // A Parquet file declares its columns; its rows need no sampling.
            Format::Parquet => {
                for column in parquet::columns(path)? {
                    inference.declare(&column.name, column.ty);
                }
            }
            json_format => {
                let mut callback = |object: serde_json::Map<String, serde_json::Value>| {
                    inference.observe_object(&object);
                    remaining -= 1;
                    Ok(if remaining == 0 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    })
                };
                stream_objects(path, json_format, ObjectSeed, &mut callback)?;
            }
        }
    }
    Ok(inference.finish())
}

/// Reads `paths` whole into a table: with `columns` when given, else with the columns
/// inferred from the first [`DEFAULT_SAMPLE_ROWS`] rows.
pub fn read_table(
    paths: &[PathBuf],
    format: Format,
    columns: Option<&[Column]>,
) -> Result<Table, IoError> {
    let columns = match columns {
        Some(columns) => columns.to_vec(),
        None => infer_columns(paths, format, DEFAULT_SAMPLE_ROWS)?,
    };
    let mut rows = Vec::new();
    read_rows(paths, format, &columns, &mut |row| {
        rows.push(row);
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(Table::new(columns, rows))
}
