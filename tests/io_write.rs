//! Writing result tables: terminal table, JSON, JSON Lines, CSV — exact text.

use kqlc::io::write::{
    OutputFormat, csv::write_csv, json::write_json, json::write_jsonl, table::write_table, write,
};
use kqlc::value::time::{TICKS_PER_HOUR, TICKS_PER_SECOND, parse_datetime};
use kqlc::value::{Column, Table, Type, Value};

/// A small table with a column of every type: a full row, a row of nulls, and a row of
/// awkward values (text needing CSV quoting, a line break, NaN, a long string).
fn every_type() -> Table {
    let columns = vec![
        Column::new("Name", Type::String),
        Column::new("Count", Type::Long),
        Column::new("Small", Type::Int),
        Column::new("Ratio", Type::Real),
        Column::new("Ok", Type::Bool),
        Column::new("When", Type::DateTime),
        Column::new("Took", Type::TimeSpan),
        Column::new("Id", Type::Guid),
        Column::new("Props", Type::Dynamic),
    ];
    let when = parse_datetime("2024-05-01T10:20:30.1234567Z").unwrap();
    let full = vec![
        Value::string("alice"),
        Value::Long(3),
        Value::Long(-7),
        Value::Real(0.5),
        Value::Bool(true),
        Value::DateTime(when),
        Value::TimeSpan(TICKS_PER_HOUR),
        Value::Guid("6a8c3f0e-1b2d-4e5f-8a9b-0c1d2e3f4a5b".into()),
        Value::dynamic(serde_json::json!({"k": [1, "two"]})),
    ];
    let nulls = vec![
        Value::empty_string(),
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Null,
    ];
    let awkward = vec![
        Value::string("say \"hi\", bob\nbye"),
        Value::Long(1234567),
        Value::Long(0),
        Value::Real(f64::NAN),
        Value::Bool(false),
        Value::DateTime(parse_datetime("2024-05-01").unwrap()),
        Value::TimeSpan(-(90 * TICKS_PER_SECOND)),
        Value::Null,
        Value::dynamic(serde_json::json!("x".repeat(70))),
    ];
    Table::new(columns, vec![full, nulls, awkward])
}

fn render(
    writer: fn(&Table, &mut dyn std::io::Write) -> std::io::Result<()>,
    table: &Table,
) -> String {
    let mut out = Vec::new();
    writer(table, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn json_is_one_array_of_row_objects_with_keys_in_column_order() {
    let expected = concat!(
        "[\n",
        r#"  {"Name":"alice","Count":3,"Small":-7,"Ratio":0.5,"Ok":true,"When":"2024-05-01T10:20:30.1234567Z","Took":"01:00:00","Id":"6a8c3f0e-1b2d-4e5f-8a9b-0c1d2e3f4a5b","Props":{"k":[1,"two"]}},"#,
        "\n",
        r#"  {"Name":"","Count":null,"Small":null,"Ratio":null,"Ok":null,"When":null,"Took":null,"Id":null,"Props":null},"#,
        "\n",
        r#"  {"Name":"say \"hi\", bob\nbye","Count":1234567,"Small":0,"Ratio":"NaN","Ok":false,"When":"2024-05-01T00:00:00Z","Took":"-00:01:30","Id":null,"Props":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#,
        "\n]\n",
    );
    let text = render(write_json, &every_type());
    assert_eq!(text, expected);
    assert!(
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap()
            .is_array()
    );
}

/// Kusto's JSON writes the reals JSON numbers cannot hold as strings (issue 21), so that
/// they stay distinct from a null real.
#[test]
fn json_writes_nan_and_infinities_as_kusto_strings() {
    let table = Table::new(
        vec![Column::new("r", Type::Real)],
        vec![
            vec![Value::Real(f64::INFINITY)],
            vec![Value::Real(f64::NEG_INFINITY)],
            vec![Value::Real(f64::NAN)],
            vec![Value::Null],
        ],
    );
    assert_eq!(
        render(write_jsonl, &table),
        "{\"r\":\"Infinity\"}\n{\"r\":\"-Infinity\"}\n{\"r\":\"NaN\"}\n{\"r\":null}\n"
    );
}

#[test]
fn json_of_an_empty_table_is_an_empty_array() {
    assert_eq!(
        render(
            write_json,
            &Table::new(vec![Column::new("a", Type::Long)], vec![])
        ),
        "[]\n"
    );
}

#[test]
fn jsonl_is_one_object_per_line() {
    let text = render(write_jsonl, &every_type());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[1],
        r#"{"Name":"","Count":null,"Small":null,"Ratio":null,"Ok":null,"When":null,"Took":null,"Id":null,"Props":null}"#
    );
    assert!(text.ends_with("}\n"));
}

#[test]
fn csv_has_a_header_and_values_as_tostring_renders_them() {
    let expected = concat!(
        "Name,Count,Small,Ratio,Ok,When,Took,Id,Props\n",
        "alice,3,-7,0.5,true,2024-05-01T10:20:30.1234567Z,01:00:00,6a8c3f0e-1b2d-4e5f-8a9b-0c1d2e3f4a5b,\"{\"\"k\"\":[1,\"\"two\"\"]}\"\n",
        ",,,,,,,,\n",
        "\"say \"\"hi\"\", bob\nbye\",1234567,0,NaN,false,2024-05-01T00:00:00Z,-00:01:30,,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    );
    assert_eq!(render(write_csv, &every_type()), expected);
}

#[test]
fn table_output_aligns_columns_right_aligns_numbers_and_counts_rows() {
    let expected = concat!(
        "Name               |   Count | Small | Ratio | Ok    | When                         | Took      | Id                                   | Props\n",
        "-------------------+---------+-------+-------+-------+------------------------------+-----------+--------------------------------------+-------------------------------------------------------------\n",
        "alice              |       3 |    -7 |   0.5 | true  | 2024-05-01T10:20:30.1234567Z | 01:00:00  | 6a8c3f0e-1b2d-4e5f-8a9b-0c1d2e3f4a5b | {\"k\":[1,\"two\"]}\n",
        "                   |         |       |       |       |                              |           |                                      |\n",
        "say \"hi\", bob\\nbye | 1234567 |     0 |   NaN | false | 2024-05-01T00:00:00Z         | -00:01:30 |                                      | \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\n",
        "(3 rows)\n",
    );
    assert_eq!(render(write_table, &every_type()), expected);
}

#[test]
fn table_footer_counts_a_single_row_and_an_empty_table() {
    let one = Table::new(
        vec![Column::new("a", Type::Long)],
        vec![vec![Value::Long(1)]],
    );
    assert_eq!(render(write_table, &one), "a\n-\n1\n(1 row)\n");
    let none = Table::new(vec![Column::new("a", Type::Long)], vec![]);
    assert_eq!(render(write_table, &none), "a\n-\n(0 rows)\n");
}

#[test]
fn output_formats_are_named_for_the_command_line_and_dispatch() {
    assert_eq!(
        OutputFormat::from_name("jsonl"),
        Some(OutputFormat::JsonLines)
    );
    assert_eq!(OutputFormat::from_name("table"), Some(OutputFormat::Table));
    assert_eq!(OutputFormat::from_name("yaml"), None);
    let mut out = Vec::new();
    write(OutputFormat::Csv, &every_type(), &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        render(write_csv, &every_type())
    );
}
