//! `parse_json(s).Field` (and `s.Field` on a string) is read by a scanner that does not
//! parse the whole text (`functions::dynamic::member_of_json_text`); its results must be
//! those of the full parse. The full path is reached here through `parse_json(s)["Field"]`
//! (an index, which always parses the text whole), and both are compared row by row.

use kqlc::run::run_kql;
use kqlc::value::Value;

/// JSON texts covering escapes, nesting, duplicate keys, non-objects and malformed text.
const TEXTS: &[&str] = &[
    r#"{"Name":"svc","Id":1}"#,
    r#"{"Id":1,"Name":"last","Name":"wins"}"#,
    r#"{"Name":"a\"b\\c\u00e9\n"}"#,
    r#"{"Name":{"Inner":[1,2,{"x":null}]},"Other":true}"#,
    r#"{"Name":null}"#,
    r#"{"Name":-12.5}"#,
    r#"{"Name":12345678901234567890123}"#,
    r#"{"Name":1e400}"#,
    r#"{"Other":"no name here"}"#,
    r#"{"Name":"\ud83d\ude00"}"#,
    r#"[{"Name":"in an array"}]"#,
    r#""just a string""#,
    r#"{"Name":"broken""#,
    r#"{"Name":"x"} trailing"#,
    "",
    "   ",
    "not json",
];

/// The KQL string literal for `text` (verbatim `@"…"`, quotes doubled).
fn literal(text: &str) -> String {
    format!("@\"{}\"", text.replace('"', "\"\""))
}

fn column(query: &str) -> Vec<String> {
    let table = run_kql(query, Vec::new(), 0).unwrap_or_else(|e| panic!("{query}: {e:?}"));
    table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|v: &Value| v.to_json().to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

#[test]
fn member_of_parse_json_equals_the_full_parse_for_every_kind_of_text() {
    let rows: Vec<String> = TEXTS.iter().map(|t| format!("{},", literal(t))).collect();
    let query = format!(
        "datatable(s: string)[{}]
         | project fast = parse_json(s).Name, full = parse_json(s)['Name'],
                   fast_text = tostring(parse_json(s).Name), full_text = tostring(parse_json(s)['Name']),
                   on_string = s.Name",
        rows.concat().trim_end_matches(',')
    );
    let out = column(&query);
    assert_eq!(out.len(), TEXTS.len());
    for (text, row) in TEXTS.iter().zip(&out) {
        let cells: Vec<&str> = row.split(" | ").collect();
        assert_eq!(cells[0], cells[1], "parse_json(s).Name on {text:?}");
        assert_eq!(
            cells[2], cells[3],
            "tostring(parse_json(s).Name) on {text:?}"
        );
        assert_eq!(cells[4], cells[1], "s.Name on {text:?}");
    }
}

#[test]
fn the_last_of_duplicate_keys_is_the_member_read() {
    let out = column(r#"print v = tostring(parse_json(@'{"Name":"first","Name":"second"}').Name)"#);
    assert_eq!(out, [r#""second""#]);
}

#[test]
fn a_dynamic_target_still_takes_the_ordinary_member_path() {
    let out = column(r#"print v = tostring(parse_json(dynamic({"Name": "bag"})).Name)"#);
    assert_eq!(out, [r#""bag""#]);
}
