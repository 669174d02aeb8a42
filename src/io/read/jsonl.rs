//! JSON Lines files: one JSON object per line, blank lines skipped. Read line by line
//! into one reused buffer, so a file of any size streams in bounded memory.

use super::json::{Callback, json_error};
use crate::io::IoError;
use serde::de::DeserializeSeed;
use std::io::BufRead;
use std::path::Path;

/// The hint for a line that is not one JSON object.
pub(super) const LINE_HINT: &str = "each line of a JSON Lines file must be one JSON object";

/// Streams the objects of a JSON Lines file to `callback`, each read with `seed`.
pub(super) fn stream_lines<R, S, T>(
    path: &Path,
    mut reader: R,
    seed: S,
    callback: &mut Callback<'_, T>,
) -> Result<(), IoError>
where
    R: BufRead,
    S: for<'de> DeserializeSeed<'de, Value = T> + Copy,
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
        let mut de = serde_json::Deserializer::from_slice(text);
        let item = seed
            .deserialize(&mut de)
            .and_then(|item| de.end().map(|()| item));
        let item = item.map_err(|e| json_error(path, &e, line, LINE_HINT))?;
        if callback(item)?.is_break() {
            return Ok(());
        }
    }
}

/// The bytes without a leading UTF-8 byte order mark.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}
