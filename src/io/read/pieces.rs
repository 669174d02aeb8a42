//! Splitting a table's input into contiguous chunks for a parallel scan: uncompressed
//! JSON Lines files split at byte offsets (the reader moves the edges to line breaks),
//! Parquet files at row groups, and any other file (compressed, CSV, JSON arrays) is one
//! indivisible piece. Chunks keep input order, so a parallel read sees the rows in the
//! order a sequential one does.

use super::compression::Compression;
use super::json::{Prefilter, RowPlan};
use super::{ColumnRequest, Format, detect_format, jsonl, parquet, read_rows_prefiltered};
use crate::io::IoError;
use crate::value::Row;
use std::ops::ControlFlow;
use std::path::PathBuf;

/// A byte range of one file: the lines that start in `start..end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ByteRange {
    pub path: PathBuf,
    pub start: u64,
    pub end: u64,
}

/// A part of one input file that one thread reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// The JSON Lines lines that start in a byte range of an uncompressed file.
    Lines(ByteRange),
    /// Some row groups of a Parquet file.
    RowGroups { path: PathBuf, groups: Vec<usize> },
    /// A whole file, read in the table's format.
    File(PathBuf),
}

/// One unit of input in order, with its weight in bytes.
enum Unit {
    /// An uncompressed JSON Lines file of this size, divisible anywhere.
    Lines(PathBuf, u64),
    /// A Parquet row group.
    RowGroup(PathBuf, usize, u64),
    /// A file read whole.
    File(PathBuf, u64),
}

/// Splits the input into about `parts` contiguous chunks of at least `min_bytes` each,
/// in input order. `None` when the input is too small to be worth splitting.
pub fn split_input(
    paths: &[PathBuf],
    format: Format,
    parts: usize,
    min_bytes: u64,
) -> Result<Option<Vec<Vec<Piece>>>, IoError> {
    let units = units(paths, format)?;
    let total: u64 = units.iter().map(Unit::weight).sum();
    let parts = (parts as u64).min(total / min_bytes.max(1));
    if parts < 2 || (units.len() < 2 && !matches!(units.first(), Some(Unit::Lines(..)))) {
        return Ok(None);
    }
    let mut chunks: Vec<Vec<Piece>> = vec![Vec::new(); parts as usize];
    let chunk_of = |offset: u64| ((offset * parts) / total.max(1)).min(parts - 1) as usize;
    let mut offset = 0;
    for unit in units {
        let weight = unit.weight();
        match unit {
            Unit::Lines(path, size) => {
                for (k, chunk) in chunks.iter_mut().enumerate() {
                    let (from, to) = bounds(k as u64, parts, total);
                    let (start, end) = (from.max(offset), to.min(offset + size));
                    if start < end {
                        chunk.push(Piece::Lines(ByteRange {
                            path: path.clone(),
                            start: start - offset,
                            end: end - offset,
                        }));
                    }
                }
            }
            // An indivisible unit goes to the chunk holding its middle byte.
            Unit::RowGroup(path, group, _) => {
                let chunk = &mut chunks[chunk_of(offset + weight / 2)];
                match chunk.last_mut() {
                    Some(Piece::RowGroups { path: p, groups }) if *p == path => groups.push(group),
                    _ => chunk.push(Piece::RowGroups {
                        path,
                        groups: vec![group],
                    }),
                }
            }
            Unit::File(path, _) => chunks[chunk_of(offset + weight / 2)].push(Piece::File(path)),
        }
        offset += weight;
    }
    chunks.retain(|c| !c.is_empty());
    Ok((chunks.len() >= 2).then_some(chunks))
}

/// Bytes `from..to` of chunk `k` of `parts` over `total` bytes.
fn bounds(k: u64, parts: u64, total: u64) -> (u64, u64) {
    let edge = |k: u64| {
        if k == parts { total } else { total / parts * k }
    };
    (edge(k), edge(k + 1))
}

impl Unit {
    fn weight(&self) -> u64 {
        match self {
            Unit::Lines(_, w) | Unit::RowGroup(_, _, w) | Unit::File(_, w) => *w,
        }
    }
}

/// The input's units in order.
fn units(paths: &[PathBuf], format: Format) -> Result<Vec<Unit>, IoError> {
    let mut units = Vec::new();
    for path in paths {
        let size = std::fs::metadata(path)
            .map_err(|e| IoError::from_os(path, &e))?
            .len();
        match detect_format(path, format)? {
            Format::JsonLines if Compression::of(path) == Compression::None => {
                units.push(Unit::Lines(path.clone(), size));
            }
            Format::Parquet => {
                for (group, weight) in parquet::row_groups(path)?.into_iter().enumerate() {
                    units.push(Unit::RowGroup(path.clone(), group, weight));
                }
            }
            _ => units.push(Unit::File(path.clone(), size)),
        }
    }
    Ok(units)
}

/// Like [`super::read_rows_prefiltered`] over the pieces of one chunk, in order.
pub fn read_pieces(
    pieces: &[Piece],
    format: Format,
    columns: &[ColumnRequest],
    prefilter: Option<&Prefilter>,
    sink: &mut dyn FnMut(Row) -> Result<ControlFlow<()>, IoError>,
) -> Result<(), IoError> {
    let plan = RowPlan::new(columns);
    let stopped = std::cell::Cell::new(false);
    let mut forward = |row: Row| {
        let flow = sink(row)?;
        stopped.set(flow.is_break());
        Ok(flow)
    };
    for piece in pieces {
        match piece {
            Piece::Lines(range) => jsonl::stream_range(
                &range.path,
                range.start,
                range.end,
                &|text: &[u8]| jsonl::parse_row(&plan, prefilter, text),
                &mut |row: Option<Row>| match row {
                    Some(row) => forward(row),
                    None => Ok(ControlFlow::Continue(())),
                },
            )?,
            Piece::RowGroups { path, groups } => {
                parquet::read_rows(path, Some(groups), columns, prefilter, &mut forward)?
            }
            Piece::File(path) => read_rows_prefiltered(
                std::slice::from_ref(path),
                format,
                columns,
                prefilter,
                &mut forward,
            )?,
        }
        if stopped.get() {
            break;
        }
    }
    Ok(())
}
