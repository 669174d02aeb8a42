//! `kqlc lsp` answers `textDocument/formatting` and `rangeFormatting` with `kqlc fmt`'s
//! result: one edit over the lines that change (LSP lines 0-based; expected edits
//! written by hand from the layout rules of `kqlc fmt`).

use crate::lsp_client;

use lsp_client::Client;
use serde_json::{Value, json};

const OPTIONS: &str = r#"{ "tabSize": 4, "insertSpaces": true }"#;

fn formatting(client: &mut Client, uri: &str) -> Result<Value, Value> {
    let options: Value = serde_json::from_str(OPTIONS).unwrap_or(Value::Null);
    client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": options }),
    )
}

fn range_formatting(client: &mut Client, uri: &str, lines: (u32, u32)) -> Result<Value, Value> {
    let options: Value = serde_json::from_str(OPTIONS).unwrap_or(Value::Null);
    client.request(
        "textDocument/rangeFormatting",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": lines.0, "character": 0 }, "end": { "line": lines.1, "character": 0 } },
            "options": options
        }),
    )
}

#[test]
fn initialize_announces_formatting_and_range_formatting() {
    let (client, result) = Client::start(Value::Null);
    assert_eq!(
        result["capabilities"]["documentFormattingProvider"],
        json!(true)
    );
    assert_eq!(
        result["capabilities"]["documentRangeFormattingProvider"],
        json!(true)
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn formatting_a_kql_file_edits_the_lines_that_change() {
    let (mut client, _) = Client::start(Value::Null);
    let uri = "file:///q/a.kql";
    client.open(uri, "// keep\nT|where a==1|take 5\n");
    let edits = formatting(&mut client, uri).expect("formatting answers");
    assert_eq!(
        edits,
        json!([{
            "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 2, "character": 0 } },
            "newText": "T\n| where a == 1\n| take 5\n"
        }])
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn formatting_a_sentinel_rule_edits_only_its_query_block() {
    let (mut client, _) = Client::start(Value::Null);
    let uri = "file:///q/rule.yaml";
    client.open(uri, "name: x\nquery: |\n  T|take 1\nseverity: Low\n");
    let edits = formatting(&mut client, uri).expect("formatting answers");
    assert_eq!(
        edits,
        json!([{
            "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 3, "character": 0 } },
            "newText": "  T\n  | take 1\n"
        }])
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_formatted_document_gets_no_edits_and_a_broken_one_gets_null() {
    let (mut client, _) = Client::start(Value::Null);
    let tidy = "file:///q/tidy.esql";
    client.open(tidy, "from logs-*\n| where a > 1\n");
    assert_eq!(formatting(&mut client, tidy), Ok(json!([])));
    let broken = "file:///q/broken.kql";
    client.open(broken, "T | where (a\n");
    assert_eq!(formatting(&mut client, broken), Ok(Value::Null));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn range_formatting_answers_when_the_range_meets_the_changed_lines() {
    let (mut client, _) = Client::start(Value::Null);
    let uri = "file:///q/b.kql";
    client.open(uri, "// one\n// two\nT|take 1\n");
    let inside = range_formatting(&mut client, uri, (2, 3)).expect("answers");
    assert_eq!(
        inside,
        json!([{
            "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 3, "character": 0 } },
            "newText": "T\n| take 1\n"
        }])
    );
    let outside = range_formatting(&mut client, uri, (0, 1)).expect("answers");
    assert_eq!(outside, json!([]));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn pathological_queries_get_an_answer() {
    // The shapes tests/lsp_fuzz.rs uses: a long chain, deep nesting, nesting past the
    // parser's limit (not formatted: null) and many pipes.
    let (mut client, _) = Client::start(Value::Null);
    let texts = [
        format!("print x = 1{}", " + 1".repeat(1_990)),
        format!("print x = {}1{}", "(".repeat(190), ")".repeat(190)),
        format!("print x = {}1", "(".repeat(5_000)),
        format!("AuditLogs{}", " | where Result == 'x'".repeat(1_500)),
        format!("ROW x = 1{}", " + 1".repeat(1_990)),
    ];
    for (i, text) in texts.iter().enumerate() {
        let extension = if text.starts_with("ROW") {
            "esql"
        } else {
            "kql"
        };
        let uri = format!("file:///deep{i}.{extension}");
        client.open(&uri, text);
        let answer = formatting(&mut client, &uri);
        assert!(answer.is_ok(), "query {i}: {answer:?}");
    }
    let pipes = formatting(&mut client, "file:///deep3.kql").unwrap_or(Value::Null);
    let new_text = pipes[0]["newText"].as_str().unwrap_or_default();
    assert_eq!(new_text.lines().count(), 1 + 1_500, "one line per pipe");
    assert!(client.alive());
    assert_eq!(client.shutdown(), Some(0));
}
