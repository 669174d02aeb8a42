//! `kqlc lsp` driven like an editor: the real binary as a child process, JSON-RPC over
//! its stdio. Seed 001 (corpus/rules/workload-identity-multiple-sps-created-by-single-principal.kql)
//! is the document; the expected positions are counted by hand from that file
//! (LSP lines and characters are 0-based, characters in UTF-16 code units).

use crate::lsp_client;

use lsp_client::{Client, code, labels};
use serde_json::{Value, json};

/// The range of a diagnostic.
fn range(d: &Value) -> (u64, u64, u64, u64) {
    lsp_client::range(&d["range"])
}

const SEED_001: &str =
    "corpus/rules/workload-identity-multiple-sps-created-by-single-principal.kql";
const URI: &str = "file:///rules/seed001.kql";

fn seed_001() -> String {
    std::fs::read_to_string(SEED_001).expect("seed 001 is in the repository")
}

#[test]
fn initialize_announces_incremental_sync_hover_completion_definition_references() {
    let (client, result) = Client::start(Value::Null);
    let caps = &result["capabilities"];
    assert_eq!(caps["textDocumentSync"], json!(2), "2 = incremental");
    assert_eq!(caps["hoverProvider"], json!(true));
    assert_eq!(caps["definitionProvider"], json!(true));
    assert_eq!(caps["referencesProvider"], json!(true));
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["|", " ", "."])
    );
    assert_eq!(result["serverInfo"]["name"], json!("kqlc"));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn an_editor_session_on_seed_001() {
    let (mut client, _) = Client::start(Value::Null);
    client.open(URI, &seed_001());

    // Line 22 of the file: `let _ExcludeAllowlistedIPs = (T:(IPAddress:string)) {`;
    // the name is characters 4..26 of LSP line 21.
    let found = client.diagnostics(URI);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(code(&found[0]), "KQL209");
    assert_eq!(found[0]["severity"], json!(2), "2 = warning");
    assert_eq!(found[0]["source"], json!("kqlc"));
    assert_eq!(range(&found[0]), (21, 4, 21, 26));
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("`_ExcludeAllowlistedIPs` is defined but never used"),
        "{}",
        found[0]
    );

    // Line 40: `| where OperationName =~ "Add service principal"`; drop the `i`
    // of OperationName (character 14) to make `OperatonName`.
    client.edit(URI, 2, (39, 14), (39, 15), "");
    let found = client.diagnostics(URI);
    let typo = found
        .iter()
        .find(|d| code(d) == "KQL202")
        .unwrap_or_else(|| panic!("an unknown-column finding in {found:#?}"));
    assert_eq!(range(typo), (39, 8, 39, 20));
    let message = typo["message"].as_str().unwrap();
    assert!(
        message.starts_with("unknown column `OperatonName`"),
        "{message}"
    );
    assert!(
        message.contains("did you mean `OperationName`?"),
        "{message}"
    );

    // Line 54: `| project TimeGenerated, InitiatorId, …`: InitiatorId is at characters 25..36.
    let hover = client
        .at("textDocument/hover", URI, 53, 30)
        .expect("hover answers");
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("InitiatorId: string"), "{hover:#}");
    assert_eq!(
        hover["range"],
        json!({"start": {"line": 53, "character": 25}, "end": {"line": 53, "character": 36}})
    );

    // Line 41: `| where Result =~ "success"`: after `| where ` come AuditLogs' columns.
    let items = labels(&client.at("textDocument/completion", URI, 40, 8).unwrap());
    for column in ["Result", "OperationName", "TimeGenerated", "InitiatedBy"] {
        assert!(items.contains(&column.to_string()), "{column} in {items:?}");
    }
    // Line 71: `| where TimeGenerated between …` after the join: SPCreations' columns
    // and the joined `WindowEnd`, not AuditLogs' others.
    let items = labels(&client.at("textDocument/completion", URI, 70, 8).unwrap());
    for column in ["InitiatorName", "NewSPId", "WindowEnd"] {
        assert!(items.contains(&column.to_string()), "{column} in {items:?}");
    }
    assert!(!items.contains(&"Result".to_string()), "{items:?}");

    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_sentinel_yaml_rule_maps_findings_into_the_file() {
    let (mut client, _) = Client::start(Value::Null);
    let query: String = seed_001().lines().map(|l| format!("  {l}\n")).collect();
    let yaml = format!("id: 1\nname: seed 001\nseverity: Medium\nquery: |\n{query}");
    let uri = "file:///rules/seed001.yaml";
    client.open(uri, &yaml);
    let found = client.diagnostics(uri);
    let unused = found.iter().find(|d| code(d) == "KQL209").expect("KQL209");
    // Four header lines and two spaces of indentation.
    assert_eq!(range(unused), (25, 6, 25, 28));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn go_to_definition_and_references_of_a_let() {
    let (mut client, _) = Client::start(Value::Null);
    client.open(URI, &seed_001());
    client.diagnostics(URI);
    // Line 69: `SPCreations` starts the main query; its `let` is on line 38.
    let def = client
        .at("textDocument/definition", URI, 68, 3)
        .expect("definition answers");
    assert_eq!(def["uri"], json!(URI));
    assert_eq!(
        def["range"],
        json!({"start": {"line": 37, "character": 4}, "end": {"line": 37, "character": 15}})
    );
    let refs = client
        .at("textDocument/references", URI, 37, 6)
        .expect("references answer");
    let lines: Vec<u64> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [37, 68, 69], "declaration, then each use");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let (mut client, _) = Client::start(Value::Null);
    client.open(URI, "AuditLogs | where Nope == 1");
    assert!(!client.diagnostics(URI).is_empty());
    client.close(URI);
    assert!(client.diagnostics(URI).is_empty());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn settings_give_schemas_of_unknown_tables() {
    let options = json!({ "tables": { "MyTable": { "Account": "string", "Count": "long" } } });
    let (mut client, _) = Client::start(options);
    client.open(URI, "MyTable | where Acount == 'x'");
    let found = client.diagnostics(URI);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(code(&found[0]), "KQL202");
    assert!(found[0]["message"].as_str().unwrap().contains("`Account`"));

    // A new configuration replaces it: the table is unknown again (an info, KQL210 or so).
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "kqlc": { "tables": {} } } }),
    );
    let found = client.diagnostics(URI);
    assert!(found.iter().all(|d| code(d) != "KQL202"), "{found:#?}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn unknown_methods_and_bad_params_get_errors_not_a_crash() {
    let (mut client, _) = Client::start(Value::Null);
    let unknown = client.request("textDocument/codeLens", json!({}));
    assert_eq!(unknown.unwrap_err()["code"], json!(-32601));
    let bad = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(bad.unwrap_err()["code"], json!(-32602));
    // A position in a document that is not open: no hover.
    let none = client.at("textDocument/hover", "file:///nowhere.kql", 0, 0);
    assert_eq!(none, Ok(Value::Null));
    assert!(client.alive());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_with_status_1() {
    let (mut client, _) = Client::start(Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), Some(1));
}

#[test]
fn positions_count_utf16_code_units() {
    let (mut client, _) = Client::start(Value::Null);
    // '😀' is two UTF-16 units (four bytes) and 'é' one (two bytes), so on line 1
    // `OperatonName` starts 3 UTF-16 units before its byte offset.
    let text = "AuditLogs\n| where Result == '😀é' and OperatonName == 'x'";
    let line = text.lines().nth(1).unwrap();
    let byte = line.find("OperatonName").unwrap();
    let utf16: u64 = line[..byte].chars().map(|c| c.len_utf16() as u64).sum();
    assert_eq!(byte as u64 - utf16, 3);
    client.open(URI, text);
    let found = client.diagnostics(URI);
    let typo = found.iter().find(|d| code(d) == "KQL202").expect("KQL202");
    assert_eq!(range(typo), (1, utf16, 1, utf16 + 12));
    // Hover and completion positions are UTF-16 too.
    let hover = client
        .at("textDocument/hover", URI, 1, 9)
        .expect("hover answers");
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("Result: string"),
        "{hover:#}"
    );
    assert_eq!(client.shutdown(), Some(0));
}
