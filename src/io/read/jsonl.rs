//! JSON Lines files: one JSON object per line, blank lines skipped. Read line by line
//! into one reused buffer, so a file of any size streams in bounded memory.

use super::flat;
use super::json::{Callback, Prefilter, RowPlan, RowSeed, json_error};
use crate::io::IoError;
use crate::value::Row;
use serde::de::DeserializeSeed;
use std::io::BufRead;
use std::path::Path;

/// The hint for a line that is not one JSON object.
pub(super) const LINE_HINT: &str = "each line of a JSON Lines file must be one JSON object";

/// Streams the objects of a JSON Lines file to `callback`, each read with `seed`.
pub(super) fn stream_lines<R, T>(
    path: &Path,
    mut reader: R,
    parse: &LineParse<'_, T>,
    callback: &mut Callback<'_, T>,
) -> Result<(), IoError>
where
    R: BufRead,
{
    let mut buffer = Vec::with_capacity(8 * 1024);
    let mut line = 0;
    loop {
        buffer.clear();
        let read = reader
            .read_until(b'\n', &mut buffer)
            .map_err(|e| IoError::from_os(path, &e).at(line + 1, None))?;
        if read == 0 {
            return Ok(());
        }
        line += 1;
        let text = if line == 1 {
            strip_bom(&buffer)
        } else {
            &buffer[..]
        };
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let item = parse(text).map_err(|e| json_error(path, &e, line, LINE_HINT))?;
        if callback(item)?.is_break() {
            return Ok(());
        }
    }
}

/// The bytes without a leading UTF-8 byte order mark.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Streams the objects of the lines that start in bytes `start..end` of a JSON Lines
/// file (a chunk of a parallel read): a line that begins before `end` is read whole even
/// when it runs past it, and one that begins before `start` belongs to the chunk before.
/// Line numbers in errors count from the chunk's first line.
pub(super) fn stream_range<T>(
    path: &Path,
    start: u64,
    end: u64,
    parse: &LineParse<'_, T>,
    callback: &mut Callback<'_, T>,
) -> Result<(), IoError> {
    use std::io::{Seek, SeekFrom};
    let os = |e: std::io::Error| IoError::from_os(path, &e);
    let file = std::fs::File::open(path).map_err(os)?;
    let mut reader = std::io::BufReader::with_capacity(256 * 1024, file);
    let mut buffer = Vec::with_capacity(8 * 1024);
    let mut position = start;
    if start > 0 {
        // Skip to just past the first line break at or after `start - 1`.
        reader.seek(SeekFrom::Start(start - 1)).map_err(os)?;
        position = start - 1 + reader.read_until(b'\n', &mut buffer).map_err(os)? as u64;
    }
    let mut line = 0;
    while position < end {
        buffer.clear();
        let read = reader.read_until(b'\n', &mut buffer).map_err(os)?;
        if read == 0 {
            return Ok(());
        }
        let text = if position == 0 {
            strip_bom(&buffer)
        } else {
            &buffer[..]
        };
        position += read as u64;
        line += 1;
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let item = parse(text).map_err(|e| json_error(path, &e, line, LINE_HINT))?;
        if callback(item)?.is_break() {
            return Ok(());
        }
    }
    Ok(())
}

/// How a reader turns one line's bytes into an item.
pub(super) type LineParse<'f, T> = dyn Fn(&[u8]) -> Result<T, serde_json::Error> + 'f;

/// Parses one line as a row of `plan`: by the flat-object fast path when the line has
/// that shape, else with serde_json. `None` is a row the prefilter dropped.
pub(super) fn parse_row(
    plan: &RowPlan,
    prefilter: Option<&Prefilter>,
    text: &[u8],
) -> Result<Option<Row>, serde_json::Error> {
    if let Some(row) = std::str::from_utf8(text)
        .ok()
        .and_then(|line| flat::read_row(plan, prefilter, line))
    {
        return Ok(row);
    }
    parse_line(text, RowSeed(plan, prefilter))
}

/// Parses one line with `seed`. A line that is valid UTF-8 (checked once, quickly) is
/// parsed as text, which spares serde_json a UTF-8 check per string; other lines are
/// parsed as bytes, so the error names the place as before.
pub(super) fn parse_line<'de, S, T>(text: &'de [u8], seed: S) -> Result<T, serde_json::Error>
where
    S: DeserializeSeed<'de, Value = T>,
{
    match std::str::from_utf8(text) {
        Ok(text) => {
            let mut de = serde_json::Deserializer::from_str(text);
            let item = seed.deserialize(&mut de)?;
            de.end().map(|()| item)
        }
        Err(_) => {
            let mut de = serde_json::Deserializer::from_slice(text);
            let item = seed.deserialize(&mut de)?;
            de.end().map(|()| item)
        }
    }
}
