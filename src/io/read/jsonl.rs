//! JSON Lines files: one JSON object per line, blank lines skipped. Read line by line
//! into one reused buffer, so a file of any size streams in bounded memory.

use super::flat;
use super::json::{Callback, Prefilter, RowPlan, RowSeed, json_error};
use crate::io::IoError;
use crate::value::Row;
use serde::de::DeserializeSeed;
use std::io::{BufRead, Read};
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
    let mut lines = Lines::new(&mut reader);
    let mut line = 0;
    loop {
        let Some(buffer) = lines
            .next_line()
            .map_err(|e| line_error(path, &e).at(line + 1, None))?
        else {
            return Ok(());
        };
        line += 1;
        let text = if line == 1 { strip_bom(buffer) } else { buffer };
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let item = match parse(text) {
            Ok(item) => item,
            Err(e) => {
                crate::io::bad_rows::skip_or_fail(json_error(path, &e, line, LINE_HINT))?;
                continue;
            }
        };
        if callback(item)?.is_break() {
            return Ok(());
        }
    }
}

/// The lines of a reader, split with `memchr` inside one large buffer: no copy per line
/// (as `read_until` makes) and few read calls. The buffer grows only for a line longer
/// than it, so memory stays bounded by the longest line.
struct Lines<R> {
    reader: R,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// The longest line it reads ([`MAX_LINE_BYTES`]).
    max_line: usize,
}

/// The initial buffer of [`Lines`]: 1 MiB.
const LINES_BUFFER: usize = 1 << 20;

/// The longest line read (256 MiB): a longer one is an error rather than a buffer that
/// grows with the file (a file without line breaks, a binary file).
pub(super) const MAX_LINE_BYTES: usize = 256 << 20;

/// The error of reading a line: the OS's, or one for a line past [`MAX_LINE_BYTES`].
fn line_error(path: &Path, e: &std::io::Error) -> IoError {
    let error = IoError::from_os(path, e);
    if e.kind() == std::io::ErrorKind::OutOfMemory {
        error.with_hint("a JSON Lines file has one object per line; is this file JSON Lines?")
    } else {
        error
    }
}

impl<R: Read> Lines<R> {
    fn new(reader: R) -> Self {
        Lines::with_capacity(reader, LINES_BUFFER)
    }

    fn with_capacity(reader: R, capacity: usize) -> Self {
        Lines {
            reader,
            buffer: vec![0; capacity.max(1)],
            start: 0,
            end: 0,
            eof: false,
            max_line: MAX_LINE_BYTES.max(capacity),
        }
    }

    /// The next line with its `\n` (the last line may have none); `None` at the end.
    fn next_line(&mut self) -> std::io::Result<Option<&[u8]>> {
        let mut searched = self.start;
        loop {
            if let Some(at) = memchr::memchr(b'\n', &self.buffer[searched..self.end]) {
                let line = self.start..searched + at + 1;
                self.start = line.end;
                return Ok(Some(&self.buffer[line]));
            }
            if self.eof {
                let line = self.start..self.end;
                self.start = self.end;
                return Ok((!line.is_empty()).then(|| &self.buffer[line]));
            }
            // Keep the partial line: move it to the front (or grow a full buffer).
            searched = self.end - self.start;
            self.buffer.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            if self.end == self.buffer.len() {
                if self.buffer.len() >= self.max_line {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::OutOfMemory,
                        format!("a line longer than {} MiB", self.max_line >> 20),
                    ));
                }
                self.buffer.resize(self.buffer.len() * 2, 0);
            }
            match self.reader.read(&mut self.buffer[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
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
    let os = |e: std::io::Error| line_error(path, &e);
    let file = std::fs::File::open(path).map_err(os)?;
    let mut file = file;
    let mut position = start;
    if start > 0 {
        file.seek(SeekFrom::Start(start - 1)).map_err(os)?;
    }
    let mut lines = Lines::new(file);
    if start > 0 {
        // Skip to just past the first line break at or after `start - 1`.
        position = start - 1 + lines.next_line().map_err(os)?.map_or(0, <[u8]>::len) as u64;
    }
    let mut line = 0;
    while position < end {
        let Some(buffer) = lines.next_line().map_err(os)? else {
            return Ok(());
        };
        let text = if position == 0 {
            strip_bom(buffer)
        } else {
            buffer
        };
        position += buffer.len() as u64;
        line += 1;
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let item = match parse(text) {
            Ok(item) => item,
            Err(e) => {
                crate::io::bad_rows::skip_or_fail(json_error(path, &e, line, LINE_HINT))?;
                continue;
            }
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn all_lines(text: &str, capacity: usize) -> Vec<String> {
        let mut lines = Lines::with_capacity(text.as_bytes(), capacity);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().ok().flatten() {
            out.push(String::from_utf8_lossy(line).into_owned());
        }
        out
    }

    #[test]
    fn lines_keep_their_breaks_and_the_last_line_may_lack_one() {
        let text = "{\"a\":1}\n\n{\"a\":22}\r\nlast";
        let expected = ["{\"a\":1}\n", "\n", "{\"a\":22}\r\n", "last"];
        for capacity in [1, 2, 3, 7, 64, 1 << 20] {
            assert_eq!(all_lines(text, capacity), expected, "capacity {capacity}");
        }
    }

    #[test]
    fn a_line_longer_than_the_limit_is_an_error_not_a_growing_buffer() {
        let text = "x".repeat(64);
        let mut lines = Lines::with_capacity(text.as_bytes(), 4);
        lines.max_line = 16;
        let error = lines.next_line().map(|l| l.map(<[u8]>::len));
        assert_eq!(
            error.map_err(|e| e.kind()),
            Err(std::io::ErrorKind::OutOfMemory)
        );
    }

    #[test]
    fn an_empty_input_has_no_lines() {
        assert!(all_lines("", 4).is_empty());
        assert_eq!(all_lines("\n", 4), ["\n"]);
    }
}
