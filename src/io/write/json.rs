//! JSON output: `write_json` writes one array of row objects (one row per line),
//! `write_jsonl` one object per line. Keys follow column order; datetimes and timespans
//! are Kusto's text, dynamic values their JSON, reals JSON numbers, NaN and infinities as Kusto's JSON writes them (`"NaN"`,
//! `"Infinity"`, `"-Infinity"`) so that they differ from a null real.

use crate::value::{Row, Table, Value};
use std::io::Write;

/// One JSON array of row objects: `[`, the rows one per line, `]`.
pub fn write_json(table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
    if table.rows.is_empty() {
        return writeln!(out, "[]");
    }
    out.write_all(b"[\n")?;
    for (i, row) in table.rows.iter().enumerate() {
        out.write_all(b"  ")?;
        write_object(table, row, out)?;
        out.write_all(if i + 1 < table.rows.len() {
            b",\n"
        } else {
            b"\n"
        })?;
    }
    out.write_all(b"]\n")
}

/// One JSON object per line.
pub fn write_jsonl(table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
    for row in &table.rows {
        write_object(table, row, out)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A row as a JSON object whose keys are the column names, in column order.
pub fn write_object(table: &Table, row: &Row, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"{")?;
    for (i, column) in table.columns.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &column.name)?;
        out.write_all(b":")?;
        write_value(row.get(i).unwrap_or(&Value::Null), out)?;
    }
    out.write_all(b"}")
}

/// Kusto's JSON text of a real that JSON numbers cannot hold.
fn non_finite_text(r: f64) -> &'static str {
    if r.is_nan() {
        "NaN"
    } else if r > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// A value as JSON (dynamic values written without copying them).
fn write_value(value: &Value, out: &mut dyn Write) -> std::io::Result<()> {
    match value {
        Value::Dynamic(json) => serde_json::to_writer(&mut *out, &**json)?,
        Value::Real(r) if !r.is_finite() => write!(out, "\"{}\"", non_finite_text(*r))?,
        other => serde_json::to_writer(&mut *out, &other.to_json())?,
    }
    Ok(())
}
