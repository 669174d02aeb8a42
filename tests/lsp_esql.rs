//! `kqlc lsp` on ES|QL, driven like an editor (the real binary over stdio). Seed 002
//! (corpus/rules/azure-ad-graph-4xx-ratio.toml, an Elastic TOML rule) is the document;
//! the positions are counted by hand from that file (0-based LSP lines and UTF-16
//! characters; the query starts on line 17, after `query = '''`).

use crate::lsp_client;

use lsp_client::{Client, code, items, labels, range};
use serde_json::{Value, json};

const SEED_002: &str = "corpus/rules/azure-ad-graph-4xx-ratio.toml";
const URI: &str = "file:///rules/seed002.toml";

fn seed_002() -> String {
    std::fs::read_to_string(SEED_002).expect("seed 002 is in the repository")
}

fn hover_text(hover: &Value) -> &str {
    hover["contents"]["value"].as_str().unwrap_or_default()
}

#[test]
fn an_editor_session_on_seed_002() {
    let (mut client, _) = Client::start(Value::Null);
    client.open(URI, &seed_002());
    let found = client.diagnostics(URI);
    assert!(found.is_empty(), "seed 002 checks clean: {found:#?}");

    // Line 45 is `user.id,`, the first name of the final `| keep`; drop the `e`
    // (character 2) to make `usr.id`.
    client.edit(URI, 2, (45, 2), (45, 3), "");
    let found = client.diagnostics(URI);
    assert_eq!(found.len(), 1, "{found:#?}");
    let typo = &found[0];
    assert_eq!(code(typo), "ESQL201");
    assert_eq!(typo["severity"], json!(1), "1 = error");
    assert_eq!(range(&typo["range"]), (45, 0, 45, 6));
    let message = typo["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("unknown column `usr.id`"), "{message}");
    assert!(message.contains("did you mean `user.id`?"), "{message}");
    // The related information points at the `stats` (line 24, `| stats`) that fixed the columns.
    let related = &typo["relatedInformation"][0];
    assert_eq!(range(&related["location"]["range"]), (24, 2, 24, 7));

    // Put the `e` back: clean again.
    client.edit(URI, 3, (45, 2), (45, 2), "e");
    assert!(client.diagnostics(URI).is_empty());

    client.close(URI);
    assert!(client.diagnostics(URI).is_empty());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_in_seed_002_offers_commands_columns_and_functions() {
    let (mut client, _) = Client::start(Value::Null);
    client.open(URI, &seed_002());
    client.diagnostics(URI);

    // Line 41 is `| where`: right after the `|` come the processing commands, in the
    // query's lower case.
    let commands = labels(&client.at("textDocument/completion", URI, 41, 1).unwrap());
    for command in ["where", "eval", "stats", "keep", "lookup join"] {
        assert!(
            commands.contains(&command.to_string()),
            "{command} in {commands:?}"
        );
    }

    // Line 45, start of `user.id` in `| keep`: the columns after the `stats` and the
    // `eval` after it, no index field the `stats` dropped, no function.
    let kept = labels(&client.at("textDocument/completion", URI, 45, 0).unwrap());
    for column in [
        "Esql.total_calls",
        "user.id",
        "source.as.number",
        "Esql.time_window",
        "Esql.error_rate",
    ] {
        assert!(kept.contains(&column.to_string()), "{column} in {kept:?}");
    }
    for gone in ["http.response.status_code", "Esql.is_4xx", "round"] {
        assert!(!kept.contains(&gone.to_string()), "{gone} in {kept:?}");
    }
    assert_eq!(kept.len(), 15, "11 aggregates, 3 keys, 1 eval: {kept:?}");

    // Line 23, after `| eval ` (character 7): the index is still open, so the fields
    // the query reads, the metadata it asked for, the first eval's column, and scalar
    // functions (not aggregates).
    let eval = labels(&client.at("textDocument/completion", URI, 23, 7).unwrap());
    for name in [
        "data_stream.dataset",
        "Esql.is_4xx",
        "_id",
        "url.path",
        "user.id",
        "date_trunc",
    ] {
        assert!(eval.contains(&name.to_string()), "{name} in {eval:?}");
    }
    assert!(!eval.contains(&"count_distinct".to_string()), "{eval:?}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hover_and_definition_in_seed_002_show_functions_and_where_columns_are_made() {
    let (mut client, _) = Client::start(Value::Null);
    client.open(URI, &seed_002());
    client.diagnostics(URI);

    // Line 40: `| eval Esql.error_rate = round(…)`: `round` is characters 25..30.
    let hover = client.at("textDocument/hover", URI, 40, 27).unwrap();
    let text = hover_text(&hover);
    assert!(text.contains("round(…)"), "{text}");
    assert!(text.contains("scalar function, 1 or 2 arguments"), "{text}");
    assert!(text.contains("`kqlc run` implements it"), "{text}");
    assert_eq!(range(&hover["range"]), (40, 25, 40, 30));

    // Line 42: `Esql.total_calls > 20 and Esql.errors >= 10 and`: `Esql.errors` is 26..37.
    let hover = client.at("textDocument/hover", URI, 42, 30).unwrap();
    let text = hover_text(&hover);
    assert!(text.contains("Esql.errors = sum(Esql.is_4xx)"), "{text}");
    assert!(text.contains("made by `STATS`"), "{text}");
    assert_eq!(range(&hover["range"]), (42, 26, 42, 37));

    // Line 43 starts with `Esql.error_rate`, made by the eval of line 40.
    let text = hover_text(&client.at("textDocument/hover", URI, 43, 3).unwrap()).to_string();
    assert!(text.contains("made by `EVAL`"), "{text}");
    assert!(
        text.contains("round(Esql.errors * 1.0 / Esql.total_calls, 2)"),
        "{text}"
    );

    // Go to definition from there: the name the eval of line 40 writes (characters 7..22).
    let def = client.at("textDocument/definition", URI, 43, 3).unwrap();
    assert_eq!(def["uri"], json!(URI));
    assert_eq!(range(&def["range"]), (40, 7, 40, 22));

    // Line 47, `Esql.*` of the keep: 11 aggregates, the time window key and the error rate.
    let text = hover_text(&client.at("textDocument/hover", URI, 47, 2).unwrap()).to_string();
    assert!(text.contains("keeps 13 known columns"), "{text}");

    // Line 18: `| where data_stream.dataset == …`: a field of the index.
    let text = hover_text(&client.at("textDocument/hover", URI, 18, 10).unwrap()).to_string();
    assert!(
        text.contains("a field of the index `logs-azure.aadgraphactivitylogs-*`"),
        "{text}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn an_esql_file_starts_with_a_source_command_and_stats_fixes_the_columns() {
    let (mut client, _) = Client::start(Value::Null);
    let uri = "file:///q.esql";
    client.open(uri, "");
    client.diagnostics(uri);
    let start = labels(&client.at("textDocument/completion", uri, 0, 0).unwrap());
    assert!(
        start.contains(&"FROM".to_string()) && start.contains(&"ROW".to_string()),
        "{start:?}"
    );

    let text = "FROM logs | EVAL x = 1 | STATS a = count(*) BY h | WHERE ";
    client.edit(uri, 2, (0, 0), (0, 0), text);
    client.diagnostics(uri);
    let end = text.len() as u32;
    let after = items(&client.at("textDocument/completion", uri, 0, end).unwrap());
    let fields: Vec<&str> = after
        .iter()
        .filter(|i| i["kind"] == json!(5))
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(fields, ["a", "h"], "5 = field");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_dotted_name_is_completed_whole() {
    let (mut client, _) = Client::start(Value::Null);
    let uri = "file:///dotted.esql";
    let text = "FROM logs | WHERE user.name == \"x\" | KEEP user.";
    client.open(uri, text);
    client.diagnostics(uri);
    let end = text.len() as u32;
    let found = items(&client.at("textDocument/completion", uri, 0, end).unwrap());
    let user = found
        .iter()
        .find(|i| i["label"] == json!("user.name"))
        .unwrap_or_else(|| panic!("user.name in {found:#?}"));
    assert_eq!(user["textEdit"]["newText"], json!("user.name"));
    assert_eq!(
        range(&user["textEdit"]["range"]),
        (0, u64::from(end) - 5, 0, u64::from(end))
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_toml_rule_in_another_language_gets_no_esql_completion_or_hover() {
    let (mut client, _) = Client::start(Value::Null);
    let uri = "file:///rules/kuery.toml";
    let text =
        "[rule]\nname = \"k\"\nlanguage = \"kuery\"\nquery = '''\nevent.action : \"x\"\n'''\n";
    client.open(uri, text);
    let found = client.diagnostics(uri);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(code(&found[0]), "ESQL101");
    assert_eq!(
        client.at("textDocument/completion", uri, 4, 0),
        Ok(Value::Null)
    );
    assert_eq!(client.at("textDocument/hover", uri, 4, 2), Ok(Value::Null));
    assert_eq!(client.shutdown(), Some(0));
}
