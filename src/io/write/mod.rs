//! Writing a result table: a readable terminal table, JSON (one array), JSON Lines
//! (one object per line) or CSV.

pub mod csv;
pub mod esql_json;
pub mod json;
pub mod table;

use crate::value::Table;
use std::io::Write;

/// An output format for a result table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned columns for a terminal.
    Table,
    /// One JSON array of row objects.
    Json,
    /// One JSON object per line.
    JsonLines,
    /// CSV with a header row.
    Csv,
    /// The ES|QL `_query` response: `{"columns":[…],"values":[…]}`.
    EsqlJson,
}

impl OutputFormat {
    /// The format named on the command line (`table`, `json`, `jsonl`/`ndjson`, `csv`, `esql-json`).
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        Some(match name.to_ascii_lowercase().as_str() {
            "table" => OutputFormat::Table,
            "json" => OutputFormat::Json,
            "jsonl" | "ndjson" => OutputFormat::JsonLines,
            "csv" => OutputFormat::Csv,
            "esql-json" => OutputFormat::EsqlJson,
            _ => return None,
        })
    }
}

/// Writes `table` to `out` in `format`.
pub fn write(format: OutputFormat, table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        OutputFormat::Table => table::write_table(table, out),
        OutputFormat::Json => json::write_json(table, out),
        OutputFormat::JsonLines => json::write_jsonl(table, out),
        OutputFormat::Csv => csv::write_csv(table, out),
        OutputFormat::EsqlJson => esql_json::write_esql_json(table, out),
    }
}
