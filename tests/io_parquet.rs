//! Parquet inputs (`--table T=file.parquet`): typed columns map to Kusto types, text
//! holding JSON stays a string unless the schema says dynamic, a parallel scan over row
//! groups gives the sequential rows, and seed 000 over Parquet returns the rows it
//! returns over the same rows as JSON Lines.

use crate::common;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
    StructArray, TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Fields, Schema, TimeUnit};
use common::provisioning::{generated_rows, run_seed000, scratch, seed000_query};
use kqlc::exec::parallel::Parallelism;
use kqlc::exec::{TableSource, run_with};
use kqlc::io::Format;
use kqlc::io::tables::{FileTables, TableInput};
use kqlc::value::{Column, Table, Type, Value};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// 2026-06-01T12:00:00Z in ticks.
const NOW: i64 = 17_803_152_000_000_000;
/// 2026-06-01T11:30:00.123456Z in microseconds since the epoch.
const HALF_PAST_ELEVEN_US: i64 = 1_780_313_400_123_456;

/// Writes `batch` to `path` with row groups of at most `group_rows` rows.
fn write_parquet(path: &Path, batch: &RecordBatch, group_rows: usize) {
    let file = std::fs::File::create(path).expect("create the Parquet file");
    let properties = WriterProperties::builder()
        .set_max_row_group_row_count(Some(group_rows))
        .build();
    let mut writer =
        ArrowWriter::try_new(file, batch.schema(), Some(properties)).expect("Parquet writer");
    writer.write(batch).expect("write the batch");
    writer.close().expect("close the Parquet file");
}

/// Two rows with a column of each Arrow type the reader maps.
fn typed_batch() -> RecordBatch {
    let mut tags = ListBuilder::new(StringBuilder::new());
    tags.values().append_value("x");
    tags.values().append_value("y");
    tags.append(true);
    tags.append(true);
    let detail = StructArray::from(vec![
        (
            Arc::new(Field::new("Id", DataType::Int64, false)),
            Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef,
        ),
        (
            Arc::new(Field::new("Name", DataType::Utf8, false)),
            Arc::new(StringArray::from(vec!["n1", "n2"])) as ArrayRef,
        ),
    ]);
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            "TimeGenerated",
            Arc::new(
                TimestampMicrosecondArray::from(vec![HALF_PAST_ELEVEN_US, HALF_PAST_ELEVEN_US])
                    .with_timezone("UTC"),
            ),
        ),
        ("Count", Arc::new(Int32Array::from(vec![Some(7), None]))),
        ("Bytes", Arc::new(Int64Array::from(vec![5_000_000_000, 1]))),
        ("Ratio", Arc::new(Float64Array::from(vec![0.5, 2.25]))),
        ("Ok", Arc::new(BooleanArray::from(vec![true, false]))),
        (
            "Props",
            Arc::new(StringArray::from(vec![Some(r#"{"a":1}"#), None])),
        ),
        ("Tags", Arc::new(tags.finish())),
        ("Detail", Arc::new(detail)),
    ];
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, array)| Field::new(*name, array.data_type().clone(), true))
        .collect();
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).expect("typed batch")
}

fn input(path: PathBuf, schema: Option<Vec<Column>>) -> TableInput {
    TableInput {
        name: "T".to_string(),
        paths: vec![path],
        format: Format::Auto,
        data_columns: false,
        schema,
    }
}

fn run(query: &str, tables: &FileTables, parallelism: Parallelism) -> Table {
    let plan = kqlc::compile_kql(query, tables).expect("the query compiles");
    run_with(&plan, tables, NOW, parallelism).expect("the query runs")
}

fn rows_as_json(table: &Table) -> Vec<Vec<serde_json::Value>> {
    table
        .rows
        .iter()
        .map(|row| row.iter().map(Value::to_json).collect())
        .collect()
}

#[test]
fn parquet_column_types_map_to_kusto_types_and_values() {
    let dir = scratch("parquet-types");
    let path = dir.join("typed.parquet");
    write_parquet(&path, &typed_batch(), 1024);
    let tables = FileTables::new(vec![input(path, None)]).expect("columns from the footer");
    let table = run("T", &tables, Parallelism::sequential());
    let types: Vec<(&str, Type)> = table
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.ty))
        .collect();
    assert_eq!(
        types,
        [
            ("TimeGenerated", Type::DateTime),
            ("Count", Type::Int),
            ("Bytes", Type::Long),
            ("Ratio", Type::Real),
            ("Ok", Type::Bool),
            ("Props", Type::String),
            ("Tags", Type::Dynamic),
            ("Detail", Type::Dynamic),
        ]
    );
    assert_eq!(
        rows_as_json(&table),
        [
            vec![
                json!("2026-06-01T11:30:00.1234560Z"),
                json!(7),
                json!(5_000_000_000_i64),
                json!(0.5),
                json!(true),
                json!(r#"{"a":1}"#),
                json!(["x", "y"]),
                json!({"Id": 1, "Name": "n1"}),
            ],
            vec![
                json!("2026-06-01T11:30:00.1234560Z"),
                json!(null),
                json!(1),
                json!(2.25),
                json!(false),
                json!(""),
                json!([]),
                json!({"Id": 2, "Name": "n2"}),
            ],
        ]
    );
}

#[test]
fn dynamic_members_and_datetime_arithmetic_work_on_parquet_columns() {
    let dir = scratch("parquet-members");
    let path = dir.join("typed.parquet");
    write_parquet(&path, &typed_batch(), 1024);
    let tables = FileTables::new(vec![input(path, None)]).expect("columns");
    let query = "T | where TimeGenerated > ago(1h) and Ok \
                 | project Name = tostring(Detail.Name), Tag = tostring(Tags[1]), Twice = Bytes * 2";
    let table = run(query, &tables, Parallelism::sequential());
    assert_eq!(
        rows_as_json(&table),
        [vec![json!("n1"), json!("y"), json!(10_000_000_000_i64)]]
    );
}

#[test]
fn text_holding_json_is_parsed_only_when_the_schema_says_dynamic() {
    let dir = scratch("parquet-dynamic-text");
    let path = dir.join("typed.parquet");
    write_parquet(&path, &typed_batch(), 1024);
    let schema = vec![
        Column::new("Props".to_string(), Type::Dynamic),
        Column::new("Count".to_string(), Type::Long),
    ];
    let tables = FileTables::new(vec![input(path, Some(schema))]).expect("columns");
    let table = run(
        "T | project A = toint(Props.a), Count",
        &tables,
        Parallelism::sequential(),
    );
    assert_eq!(
        rows_as_json(&table),
        [vec![json!(1), json!(7)], vec![json!(null), json!(null)]]
    );
}

/// `rows` rows with a row group every 100 rows: an id, a key and a timestamp.
fn numbered_batch(rows: i64) -> RecordBatch {
    let schema = Schema::new(vec![
        Field::new("Id", DataType::Int64, false),
        Field::new("Key", DataType::Utf8, false),
        Field::new(
            "TimeGenerated",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            false,
        ),
    ]);
    let keys: Vec<String> = (0..rows).map(|i| format!("k{}", i % 7)).collect();
    let times: Vec<i64> = (0..rows)
        .map(|i| HALF_PAST_ELEVEN_US + i * 1_000_000)
        .collect();
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(Int64Array::from((0..rows).collect::<Vec<_>>())),
            Arc::new(StringArray::from(keys)),
            Arc::new(TimestampMicrosecondArray::from(times).with_timezone("UTC")),
        ],
    )
    .expect("numbered batch")
}

#[test]
fn a_parallel_scan_over_row_groups_returns_the_sequential_rows_in_order() {
    let dir = scratch("parquet-row-groups");
    let path = dir.join("numbered.parquet");
    write_parquet(&path, &numbered_batch(1000), 100);
    let tables = FileTables::new(vec![input(path, None)]).expect("columns");
    let chunks = tables.split("T", 3, 1).expect("row groups split");
    assert_eq!(chunks.len(), 3);
    for query in [
        "T | where Id % 3 == 0 | project Id, Key",
        "T | summarize n = count(), ids = make_list(Id), last = max(TimeGenerated) by Key",
    ] {
        let sequential = rows_as_json(&run(query, &tables, Parallelism::sequential()));
        for threads in 2..=5 {
            let parallel = Parallelism {
                threads,
                min_chunk_bytes: 1,
            };
            assert_eq!(
                rows_as_json(&run(query, &tables, parallel)),
                sequential,
                "{threads} threads: {query}"
            );
        }
    }
}

/// The generator's JSON Lines rows as Parquet, as a data lake keeps them: TimeGenerated
/// a UTC timestamp, DurationMs a 64-bit integer, every other field (the JSON ones too) text.
fn json_lines_to_parquet(jsonl: &Path, parquet: &Path, group_rows: usize) {
    let text = std::fs::read_to_string(jsonl).expect("read the JSON Lines");
    let objects: Vec<serde_json::Map<String, serde_json::Value>> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON object a line"))
        .collect();
    let names: Vec<String> = objects[0].keys().cloned().collect();
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for name in &names {
        let cells = objects.iter().map(|o| o.get(name));
        match name.as_str() {
            "TimeGenerated" => {
                let micros: Vec<Option<i64>> = cells
                    .map(|v| v.and_then(|v| v.as_str()).map(micros_of))
                    .collect();
                let array = TimestampMicrosecondArray::from(micros).with_timezone("UTC");
                fields.push(Field::new(name, array.data_type().clone(), true));
                arrays.push(Arc::new(array));
            }
            "DurationMs" => {
                let numbers: Vec<Option<i64>> = cells.map(|v| v.and_then(|v| v.as_i64())).collect();
                fields.push(Field::new(name, DataType::Int64, true));
                arrays.push(Arc::new(Int64Array::from(numbers)));
            }
            _ => {
                let texts: Vec<Option<&str>> = cells.map(|v| v.and_then(|v| v.as_str())).collect();
                fields.push(Field::new(name, DataType::Utf8, true));
                arrays.push(Arc::new(StringArray::from(texts)));
            }
        }
    }
    let batch = RecordBatch::try_new(Arc::new(Schema::new(Fields::from(fields))), arrays)
        .expect("the generator's batch");
    write_parquet(parquet, &batch, group_rows);
}

/// Microseconds since the epoch of the generator's `2026-06-01T11:22:33.123456Z`.
fn micros_of(text: &str) -> i64 {
    let time = chrono::DateTime::parse_from_rfc3339(text).expect("an RFC 3339 time");
    time.timestamp_micros()
}

#[test]
fn seed_000_over_parquet_returns_the_rows_it_returns_over_json_lines() {
    let dir = scratch("parquet-seed000");
    let (Some(jsonl), Some(query)) = (generated_rows(&dir, 20_000), seed000_query(&dir, 3)) else {
        return;
    };
    let parquet = dir.join("aadprov.parquet");
    json_lines_to_parquet(&jsonl, &parquet, 3000);
    let over_lines = run_seed000(&query, &[&jsonl.to_string_lossy()], "1");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&over_lines).expect("JSON rows");
    assert!(rows.len() > 10, "seed 000 returns groups: {over_lines}");
    for threads in ["1", "2"] {
        let over_parquet = run_seed000(&query, &[&parquet.to_string_lossy()], threads);
        assert_eq!(over_parquet, over_lines, "{threads} threads");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
