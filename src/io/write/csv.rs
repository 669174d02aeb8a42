//! CSV output: a header row of column names, then each value as `tostring()` renders it
//! (null as an empty cell, dynamic as compact JSON), quoted where CSV needs it.

use crate::value::{Table, Value};
use std::io::Write;

/// Writes `table` as CSV.
pub fn write_csv(table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record(table.columns.iter().map(|c| c.name.as_str()))
        .map_err(io_error)?;
    for row in &table.rows {
        let cells = (0..table.columns.len())
            .map(|i| row.get(i).map_or_else(String::new, Value::to_kusto_string));
        writer.write_record(cells).map_err(io_error)?;
    }
    writer.flush()
}

/// The I/O error inside a CSV error, kept as it is (so a closed pipe is still a
/// `BrokenPipe` for the CLI); other CSV errors as `Other`.
fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
