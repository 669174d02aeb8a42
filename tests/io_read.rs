//! Reading tables from JSON, JSON Lines, CSV and Microsoft Graph files.

use kqlc::io::read::DEFAULT_SAMPLE_ROWS;
use kqlc::io::{Format, IoError, detect_format, infer_columns, read_rows, read_table};
use kqlc::value::{Column, Row, Type, Value};
use std::fs;
use std::ops::ControlFlow;
use std::path::PathBuf;

/// A file with `contents` in this test process's scratch folder.
fn file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kqlc-io-read-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

fn col(name: &str, ty: Type) -> Column {
    Column::new(name, ty)
}

/// A value as `type:json` (`null` for null), so tests see both type and content.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        v => format!("{}:{}", v.ty().name(), v.to_json()),
    }
}

fn read(
    paths: &[PathBuf],
    format: Format,
    columns: &[Column],
) -> Result<Vec<Vec<String>>, IoError> {
    let mut rows = Vec::new();
    read_rows(paths, format, columns, &mut |row: Row| {
        rows.push(row.iter().map(cell).collect());
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(rows)
}

fn names_and_types(columns: &[Column]) -> Vec<(String, Type)> {
    columns.iter().map(|c| (c.name.clone(), c.ty)).collect()
}

#[test]
fn json_array_rows_have_exactly_the_requested_columns_in_order() {
    let path = file(
        "array.json",
        r#"[{"a": 1, "b": "x", "extra": true}, {"b": "y", "a": 2}]"#,
    );
    let rows = read(
        &[path],
        Format::Auto,
        &[col("b", Type::String), col("a", Type::Long)],
    )
    .unwrap();
    assert_eq!(
        rows,
        vec![
            vec![r#"string:"x""#, "long:1"],
            vec![r#"string:"y""#, "long:2"]
        ]
    );
}

#[test]
fn json_lines_are_one_object_per_line_and_blank_lines_are_skipped() {
    let path = file("lines.jsonl", "{\"a\": 1}\n\n   \n{\"a\": 2}\r\n{\"a\": 3}");
    let rows = read(&[path], Format::Auto, &[col("a", Type::Long)]).unwrap();
    assert_eq!(rows, vec![vec!["long:1"], vec!["long:2"], vec!["long:3"]]);
}

#[test]
fn missing_fields_are_the_column_types_null() {
    let path = file(
        "missing.jsonl",
        "{\"other\": 1}\n{\"s\": null, \"n\": null}\n",
    );
    let columns = [
        col("s", Type::String),
        col("n", Type::Long),
        col("d", Type::Dynamic),
        col("t", Type::DateTime),
    ];
    let rows = read(&[path], Format::Auto, &columns).unwrap();
    assert_eq!(rows, vec![vec![r#"string:"""#, "null", "null", "null"]; 2]);
}

#[test]
fn string_columns_take_strings_as_they_are_and_other_json_as_compact_text() {
    let path = file(
        "strings.jsonl",
        "{\"v\": \"plain\"}\n{\"v\": 42}\n{\"v\": {\"k\": [1, 2]}}\n{\"v\": true}\n",
    );
    let rows = read(&[path], Format::Auto, &[col("v", Type::String)]).unwrap();
    let expected = [
        r#"string:"plain""#,
        r#"string:"42""#,
        r#"string:"{\"k\":[1,2]}""#,
        r#"string:"true""#,
    ];
    assert_eq!(rows, expected.map(|e| vec![e.to_string()]).to_vec());
}

#[test]
fn long_and_int_columns_take_integers_and_numeric_strings() {
    let path = file(
        "longs.jsonl",
        "{\"v\": 7}\n{\"v\": \"-12\"}\n{\"v\": 3.0}\n{\"v\": 3.5}\n{\"v\": \"many\"}\n",
    );
    let longs = read(
        std::slice::from_ref(&path),
        Format::Auto,
        &[col("v", Type::Long)],
    )
    .unwrap();
    assert_eq!(
        longs,
        vec![
            vec!["long:7"],
            vec!["long:-12"],
            vec!["long:3"],
            vec!["null"],
            vec!["null"]
        ]
    );
    let ints = read(&[path], Format::Auto, &[col("v", Type::Int)]).unwrap();
    assert_eq!(ints, longs);
}

#[test]
fn real_columns_take_numbers_and_numeric_strings() {
    let path = file(
        "reals.jsonl",
        "{\"v\": 1.5}\n{\"v\": 2}\n{\"v\": \"2.25\"}\n{\"v\": \"x\"}\n",
    );
    let rows = read(&[path], Format::Auto, &[col("v", Type::Real)]).unwrap();
    assert_eq!(
        rows,
        vec![
            vec!["real:1.5"],
            vec!["real:2.0"],
            vec!["real:2.25"],
            vec!["null"]
        ]
    );
}

#[test]
fn bool_columns_take_bools_and_true_false_text() {
    let path = file(
        "bools.jsonl",
        "{\"v\": true}\n{\"v\": \"false\"}\n{\"v\": \"TRUE\"}\n{\"v\": \"yes\"}\n",
    );
    let rows = read(&[path], Format::Auto, &[col("v", Type::Bool)]).unwrap();
    assert_eq!(
        rows,
        vec![
            vec!["bool:true"],
            vec!["bool:false"],
            vec!["bool:true"],
            vec!["null"]
        ]
    );
}

#[test]
fn datetime_columns_parse_iso_text_and_unparsable_values_are_null() {
    let lines = "{\"v\": \"2024-05-01T10:20:30.1234567Z\"}\n{\"v\": \"2024-05-01\"}\n{\"v\": \"yesterday\"}\n{\"v\": 5}\n";
    let rows = read(
        &[file("dates.jsonl", lines)],
        Format::Auto,
        &[col("v", Type::DateTime)],
    )
    .unwrap();
    let expected = [
        r#"datetime:"2024-05-01T10:20:30.1234567Z""#,
        r#"datetime:"2024-05-01T00:00:00Z""#,
        "null",
        "null",
    ];
    assert_eq!(rows, expected.map(|e| vec![e.to_string()]).to_vec());
}

#[test]
fn timespan_columns_parse_kusto_timespan_text() {
    let lines =
        "{\"v\": \"01:00:00\"}\n{\"v\": \"1.02:03:04.5\"}\n{\"v\": \"90m\"}\n{\"v\": \"soon\"}\n";
    let rows = read(
        &[file("spans.jsonl", lines)],
        Format::Auto,
        &[col("v", Type::TimeSpan)],
    )
    .unwrap();
    let expected = [
        r#"timespan:"01:00:00""#,
        r#"timespan:"1.02:03:04.5000000""#,
        r#"timespan:"01:30:00""#,
        "null",
    ];
    assert_eq!(rows, expected.map(|e| vec![e.to_string()]).to_vec());
}

#[test]
fn guid_columns_lower_case_their_text() {
    let lines = "{\"v\": \"6A8C3F0E-1B2D-4E5F-8A9B-0C1D2E3F4A5B\"}\n{\"v\": \"not a guid\"}\n";
    let rows = read(
        &[file("guids.jsonl", lines)],
        Format::Auto,
        &[col("v", Type::Guid)],
    )
    .unwrap();
    assert_eq!(
        rows,
        vec![
            vec![r#"guid:"6a8c3f0e-1b2d-4e5f-8a9b-0c1d2e3f4a5b""#],
            vec!["null"]
        ]
    );
}

#[test]
fn dynamic_columns_keep_the_json_value_and_a_string_stays_a_dynamic_string() {
    let lines = "{\"v\": {\"Name\": \"svc\"}}\n{\"v\": \"{\\\"a\\\":1}\"}\n{\"v\": [1, \"two\"]}\n{\"v\": 4}\n";
    let rows = read(
        &[file("dyn.jsonl", lines)],
        Format::Auto,
        &[col("v", Type::Dynamic)],
    )
    .unwrap();
    let expected = [
        r#"dynamic:{"Name":"svc"}"#,
        r#"dynamic:"{\"a\":1}""#,
        r#"dynamic:[1,"two"]"#,
        "dynamic:4",
    ];
    assert_eq!(rows, expected.map(|e| vec![e.to_string()]).to_vec());
}

#[test]
fn unknown_columns_map_json_naturally() {
    let lines = "{\"v\": 1}\n{\"v\": 1.5}\n{\"v\": \"s\"}\n{\"v\": false}\n{\"v\": {\"o\": 1}}\n{\"v\": null}\n";
    let rows = read(
        &[file("natural.jsonl", lines)],
        Format::Auto,
        &[col("v", Type::Unknown)],
    )
    .unwrap();
    let expected = [
        "long:1",
        "real:1.5",
        r#"string:"s""#,
        "bool:false",
        r#"dynamic:{"o":1}"#,
        "null",
    ];
    assert_eq!(rows, expected.map(|e| vec![e.to_string()]).to_vec());
}

#[test]
fn graph_list_responses_yield_the_rows_of_value() {
    let page = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning",
        "value": [{"id": "a", "servicePrincipal": {"displayName": "App"}}, {"id": "b"}],
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken=x"}"#;
    let path = file("graph-page.json", page);
    assert_eq!(detect_format(&path, Format::Auto).unwrap(), Format::Graph);
    let rows = read(
        &[path],
        Format::Auto,
        &[
            col("id", Type::String),
            col("servicePrincipal", Type::Dynamic),
        ],
    )
    .unwrap();
    assert_eq!(
        rows,
        vec![
            vec![r#"string:"a""#, r#"dynamic:{"displayName":"App"}"#],
            vec![r#"string:"b""#, "null"]
        ]
    );
}

#[test]
fn graph_responses_on_one_line_are_detected_too() {
    let path = file(
        "graph-line.json",
        "{\"@odata.context\":\"x\",\"value\":[{\"id\":\"a\"}]}\n",
    );
    assert_eq!(detect_format(&path, Format::Auto).unwrap(), Format::Graph);
    assert_eq!(
        read(&[path], Format::Auto, &[col("id", Type::String)]).unwrap(),
        vec![vec![r#"string:"a""#]]
    );
}

#[test]
fn an_object_without_a_value_array_is_not_a_graph_response() {
    let path = file("not-graph.json", "{\n  \"items\": []\n}\n");
    let error = read(&[path], Format::Auto, &[col("id", Type::String)]).unwrap_err();
    assert!(
        error.message.contains("no top-level `value` array"),
        "{error}"
    );
    assert!(error.hint.is_some());
}

#[test]
fn format_is_detected_by_extension_then_content_and_can_be_forced() {
    let array = file("detect-array.json", "  [ {\"a\": 1} ]");
    let lines = file("detect-lines.json", "{\"a\": 1}\n{\"a\": 2}\n");
    let single_line_object = file("detect-one.json", "{\"a\": 1}\n");
    let ndjson = file("detect.ndjson", "{\"a\": 1}\n");
    let csv = file("detect.csv", "a\n1\n");
    assert_eq!(detect_format(&array, Format::Auto).unwrap(), Format::Json);
    assert_eq!(
        detect_format(&lines, Format::Auto).unwrap(),
        Format::JsonLines
    );
    assert_eq!(
        detect_format(&single_line_object, Format::Auto).unwrap(),
        Format::JsonLines
    );
    assert_eq!(
        detect_format(&ndjson, Format::Auto).unwrap(),
        Format::JsonLines
    );
    assert_eq!(detect_format(&csv, Format::Auto).unwrap(), Format::Csv);
    let csv_named_txt = file("forced.txt", "a\n1\n");
    assert!(
        detect_format(&csv_named_txt, Format::Auto)
            .unwrap_err()
            .hint
            .is_some()
    );
    assert_eq!(
        read(&[csv_named_txt], Format::Csv, &[col("a", Type::Long)]).unwrap(),
        vec![vec!["long:1"]]
    );
}

#[test]
fn format_names_for_the_command_line() {
    assert_eq!(Format::from_name("ndjson"), Some(Format::JsonLines));
    assert_eq!(Format::from_name("CSV"), Some(Format::Csv));
    assert_eq!(Format::from_name("graph"), Some(Format::Graph));
    assert_eq!(Format::from_name("xml"), None);
}

#[test]
fn several_files_for_one_table_are_concatenated_in_order() {
    let first = file("part1.jsonl", "{\"n\": 1}\n{\"n\": 2}\n");
    let second = file("part2.json", "[{\"n\": 3}]");
    let third = file("part3.csv", "n:long\n4\n");
    let rows = read(
        &[first, second, third],
        Format::Auto,
        &[col("n", Type::Long)],
    )
    .unwrap();
    assert_eq!(
        rows,
        vec![
            vec!["long:1"],
            vec!["long:2"],
            vec!["long:3"],
            vec!["long:4"]
        ]
    );
}

#[test]
fn a_malformed_json_lines_line_is_an_error_at_its_line_and_column() {
    let path = file(
        "broken.jsonl",
        "{\"a\": 1}\n\n{\"a\": 2, \"b\": }\n{\"a\": 4}\n",
    );
    let error = read(
        std::slice::from_ref(&path),
        Format::Auto,
        &[col("a", Type::Long)],
    )
    .unwrap_err();
    assert_eq!(error.path, path.display().to_string());
    assert_eq!((error.line, error.column), (Some(3), Some(15)));
    assert_eq!(
        error.hint.as_deref(),
        Some("each line of a JSON Lines file must be one JSON object")
    );
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}:3:15: expected value", path.display())),
        "{error}"
    );
}

#[test]
fn a_json_lines_line_that_is_not_an_object_is_an_error() {
    let path = file("not-object.jsonl", "{\"a\": 1}\n[1, 2]\n");
    let error = read(&[path], Format::Auto, &[col("a", Type::Long)]).unwrap_err();
    assert_eq!(error.line, Some(2));
    assert!(
        error.message.contains("expected a JSON object (one row)"),
        "{error}"
    );
}

#[test]
fn trailing_text_after_a_json_lines_object_is_an_error() {
    let path = file("trailing.jsonl", "{\"a\": 1} {\"a\": 2}\n");
    let error = read(&[path], Format::Auto, &[col("a", Type::Long)]).unwrap_err();
    assert_eq!((error.line, error.column), (Some(1), Some(10)));
}

#[test]
fn a_json_array_element_that_is_not_an_object_is_an_error_at_its_position() {
    let path = file("array-bad.json", "[\n  {\"a\": 1},\n  42\n]\n");
    let error = read(&[path], Format::Auto, &[col("a", Type::Long)]).unwrap_err();
    assert_eq!(error.line, Some(3));
    assert!(
        error.message.contains("expected a JSON object (one row)"),
        "{error}"
    );
    assert!(error.hint.is_some());
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let path = std::env::temp_dir().join("kqlc-no-such-file.jsonl");
    let error = read(
        std::slice::from_ref(&path),
        Format::Auto,
        &[col("a", Type::Long)],
    )
    .unwrap_err();
    assert_eq!(error.path, path.display().to_string());
}

#[test]
fn csv_typed_headers_convert_cells_and_esql_type_names_are_accepted() {
    let text = "Name:string,Count:long,Ratio:real,Ok:bool,When:datetime,Took:timespan,Id:guid,Bag:dynamic,Host:keyword,Port:integer\n\
                a,3,0.5,true,2024-05-01T00:00:00Z,00:01:00,6A8C3F0E-1B2D-4E5F-8A9B-0C1D2E3F4A5B,\"{\"\"k\"\":1}\",h1,443\n";
    let path = file("typed.csv", text);
    let columns = infer_columns(
        std::slice::from_ref(&path),
        Format::Auto,
        DEFAULT_SAMPLE_ROWS,
    )
    .unwrap();
    let expected_types = [
        ("Name", Type::String),
        ("Count", Type::Long),
        ("Ratio", Type::Real),
        ("Ok", Type::Bool),
        ("When", Type::DateTime),
        ("Took", Type::TimeSpan),
        ("Id", Type::Guid),
        ("Bag", Type::Dynamic),
        ("Host", Type::String),
        ("Port", Type::Int),
    ];
    assert_eq!(
        names_and_types(&columns),
        expected_types.map(|(n, t)| (n.to_string(), t)).to_vec()
    );
    let rows = read(&[path], Format::Auto, &columns).unwrap();
    let expected_row = [
        r#"string:"a""#,
        "long:3",
        "real:0.5",
        "bool:true",
        r#"datetime:"2024-05-01T00:00:00Z""#,
        r#"timespan:"00:01:00""#,
        r#"guid:"6a8c3f0e-1b2d-4e5f-8a9b-0c1d2e3f4a5b""#,
        r#"dynamic:{"k":1}"#,
        r#"string:"h1""#,
        "long:443",
    ];
    assert_eq!(rows, vec![expected_row.map(String::from).to_vec()]);
}

#[test]
fn csv_plain_headers_are_typed_by_their_cells() {
    let path = file(
        "plain.csv",
        "\u{feff}Name,Count,Ratio,When,Empty,Mixed\nalice,1,1.5,2024-01-01,,7\nbob,2,2,2024-01-02,,x\n",
    );
    let columns = infer_columns(&[path], Format::Auto, DEFAULT_SAMPLE_ROWS).unwrap();
    let expected = [
        ("Name", Type::String),
        ("Count", Type::Long),
        ("Ratio", Type::Real),
        ("When", Type::DateTime),
        ("Empty", Type::String),
        ("Mixed", Type::String),
    ];
    assert_eq!(
        names_and_types(&columns),
        expected.map(|(n, t)| (n.to_string(), t)).to_vec()
    );
}

#[test]
fn csv_short_rows_and_empty_cells_are_the_column_types_null() {
    let path = file("short.csv", "s:string,n:long,d:dynamic\nx\n,,\n");
    let rows = read(
        &[path],
        Format::Auto,
        &[
            col("s", Type::String),
            col("n", Type::Long),
            col("d", Type::Dynamic),
        ],
    )
    .unwrap();
    assert_eq!(
        rows,
        vec![
            vec![r#"string:"x""#, "null", "null"],
            vec![r#"string:"""#, "null", "null"]
        ]
    );
}

#[test]
fn csv_header_with_an_unknown_type_is_an_error_with_a_hint() {
    let path = file("badtype.csv", "Name:string,Count:lnog\nx,1\n");
    let error = read(&[path], Format::Auto, &[col("Name", Type::String)]).unwrap_err();
    assert_eq!((error.line, error.column), (Some(1), Some(13)));
    assert!(error.message.contains("unknown type `lnog`"), "{error}");
    assert!(error.hint.as_deref().unwrap_or("").contains("keyword"));
}

#[test]
fn inferred_columns_are_the_union_in_first_seen_order_typed_by_first_non_null() {
    let lines = concat!(
        "{\"TimeGenerated\": \"2024-05-01T10:00:00Z\", \"Count\": null, \"Name\": \"a\"}\n",
        "{\"Count\": 3, \"Ratio\": 0.5, \"Ok\": true, \"Props\": {\"k\": 1}, \"List\": [1]}\n",
        "{\"Late\": \"only after the sample\"}\n",
    );
    let path = file("infer.jsonl", lines);
    let columns = infer_columns(std::slice::from_ref(&path), Format::Auto, 2).unwrap();
    let expected = [
        ("TimeGenerated", Type::DateTime),
        ("Count", Type::Long),
        ("Name", Type::String),
        ("Ratio", Type::Real),
        ("Ok", Type::Bool),
        ("Props", Type::Dynamic),
        ("List", Type::Dynamic),
    ];
    assert_eq!(
        names_and_types(&columns),
        expected.map(|(n, t)| (n.to_string(), t)).to_vec()
    );
    let all = infer_columns(&[path], Format::Auto, DEFAULT_SAMPLE_ROWS).unwrap();
    assert_eq!(all.last().map(|c| c.name.as_str()), Some("Late"));
}

#[test]
fn inference_samples_across_files_in_order() {
    let first = file("sample1.json", "[{\"a\": 1}]");
    let second = file("sample2.json", "{\"value\": [{\"b\": \"x\"}, {\"c\": 1}]}");
    let columns = infer_columns(&[first, second], Format::Auto, 2).unwrap();
    assert_eq!(
        names_and_types(&columns),
        vec![("a".into(), Type::Long), ("b".into(), Type::String)]
    );
}

#[test]
fn read_table_infers_columns_when_none_are_given() {
    let path = file("table.json", r#"[{"a": 1, "b": "x"}, {"a": 2}]"#);
    let table = read_table(&[path], Format::Auto, None).unwrap();
    assert_eq!(
        names_and_types(&table.columns),
        vec![("a".into(), Type::Long), ("b".into(), Type::String)]
    );
    assert_eq!(table.rows.len(), 2);
}

#[test]
fn a_sink_error_stops_reading_and_is_returned() {
    let path = file("sink.json", r#"[{"a": 1}, {"a": 2}, {"a": 3}]"#);
    let mut seen = 0;
    let error = read_rows(
        &[path],
        Format::Auto,
        &[col("a", Type::Long)],
        &mut |_row| {
            seen += 1;
            if seen == 2 {
                Err(IoError::new("sink", "full"))
            } else {
                Ok(ControlFlow::Continue(()))
            }
        },
    )
    .unwrap_err();
    assert_eq!((seen, error.message.as_str()), (2, "full"));
}

/// 200,000 rows stream through the sink one at a time (not timed; the reader holds one
/// line and one row at a time, so memory does not grow with the file).
#[test]
fn a_large_json_lines_file_streams_every_row() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("kqlc-io-read-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("large.jsonl");
    let mut out = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    for i in 0..200_000 {
        writeln!(
            out,
            r#"{{"TimeGenerated":"2024-05-01T00:00:{:02}Z","ResultType":"Failure","Id":{i},"TargetIdentity":{{"Id":"{i}","IdentityType":"User"}},"Noise":"{}"}}"#,
            i % 60,
            "x".repeat(40)
        )
        .unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let columns = [
        col("TimeGenerated", Type::DateTime),
        col("Id", Type::Long),
        col("TargetIdentity", Type::Dynamic),
    ];
    let (mut count, mut id_sum) = (0usize, 0i64);
    read_rows(
        std::slice::from_ref(&path),
        Format::Auto,
        &columns,
        &mut |row| {
            count += 1;
            id_sum += row[1].as_i64().unwrap_or(0);
            Ok(ControlFlow::Continue(()))
        },
    )
    .unwrap();
    fs::remove_file(&path).unwrap();
    assert_eq!(count, 200_000);
    assert_eq!(id_sum, (0..200_000i64).sum::<i64>());
}

#[test]
fn detection_skips_a_byte_order_mark_and_leading_blank_lines() {
    let array = file("bom-array.json", "\u{feff}\n\n   [{\"a\": 1}]");
    assert_eq!(detect_format(&array, Format::Auto).unwrap(), Format::Json);
    assert_eq!(
        read(&[array], Format::Auto, &[col("a", Type::Long)]).unwrap(),
        vec![vec!["long:1"]]
    );
    let lines = file("bom-lines.json", "\u{feff}{\"a\": 1}\n\n{\"a\": 2}\n");
    assert_eq!(
        read(&[lines], Format::Auto, &[col("a", Type::Long)]).unwrap(),
        vec![vec!["long:1"], vec!["long:2"]]
    );
    let unknown = file("unknown.txt", "\n\nName,Count\n");
    assert_eq!(
        detect_format(&unknown, Format::Auto).unwrap_err().line,
        Some(3)
    );
}

#[test]
fn lines_that_each_have_a_value_array_are_json_lines_not_graph() {
    let path = file("value-lines.json", "{\"value\": [1]}\n{\"value\": [2]}\n");
    assert_eq!(
        detect_format(&path, Format::Auto).unwrap(),
        Format::JsonLines
    );
    let rows = read(&[path], Format::Auto, &[col("value", Type::Dynamic)]).unwrap();
    assert_eq!(rows, vec![vec!["dynamic:[1]"], vec!["dynamic:[2]"]]);
}

#[test]
fn an_empty_file_has_no_rows_and_no_columns() {
    let path = file("empty.json", "");
    assert!(
        read(
            std::slice::from_ref(&path),
            Format::Auto,
            &[col("a", Type::Long)]
        )
        .unwrap()
        .is_empty()
    );
    assert!(
        infer_columns(&[path], Format::Auto, DEFAULT_SAMPLE_ROWS)
            .unwrap()
            .is_empty()
    );
}
