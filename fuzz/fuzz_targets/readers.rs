//! Fuzz target: any bytes given as a table file (JSON, JSON Lines, CSV, Graph, Graph
//! audit, and the ES|QL index formats; the first byte picks the format) read to a table
//! or an input error, never a panic.

#![no_main]

use kqlc::io::{Format, infer_columns, read_table};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

/// The formats the first byte picks, with the file extension that goes with each.
const FORMATS: [(Format, &str); 7] = [
    (Format::Auto, "json"),
    (Format::Json, "json"),
    (Format::JsonLines, "jsonl"),
    (Format::Csv, "csv"),
    (Format::Graph, "json"),
    (Format::GraphAudit, "json"),
    (Format::Auto, "csv"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let (format, extension) = FORMATS[usize::from(pick) % FORMATS.len()];
    let path = std::env::temp_dir().join(format!(
        "kqlc-fuzz-readers-{}.{extension}",
        std::process::id()
    ));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let paths: Vec<PathBuf> = vec![path];
    if pick & 0x80 != 0 {
        // The ES|QL index readers: csv-spec/Kibana CSV, documents, _search, _query.
        let _ = kqlc::io::elastic::read_index("idx", &paths, format);
        return;
    }
    if let Ok(columns) = infer_columns(&paths, format, 1000) {
        let _ = read_table(&paths, format, Some(&columns));
    }
});
