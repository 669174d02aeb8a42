//! Random edits replayed on `kqlc lsp`: insertions and deletions of random text at
//! random places of real queries, each followed by hover, completion, definition and
//! references at random positions. Every request must be answered (a timeout fails the
//! test) and the server must stay alive. Deterministic: a fixed xorshift seed.
//!
//! Queries: the seed rules of `corpus/rules/` and samples of
//! `../shared/corpus/kql.public.jsonl` and `../shared/corpus/esql.public.jsonl`
//! (each skipped with a notice when absent).

use crate::common;
use crate::lsp_client;

use common::Rng;
use lsp_client::Client;
use serde_json::{Value, json};

/// Pieces of text an edit inserts: KQL tokens, broken strings, brackets, multi-byte
/// and astral characters (two UTF-16 units), newlines.
const PIECES: &[&str] = &[
    "| ",
    "| where ",
    "| summarize count() by ",
    " (",
    ")",
    "'",
    "\"",
    "```",
    "[",
    "]",
    "{",
    "}",
    ";",
    "let x = ",
    "x",
    "Account",
    "==",
    "=~",
    ".",
    "..",
    ",",
    " ",
    "\n",
    "\t",
    "≥",
    "😀",
    "é",
    "// c\n",
    "ago(",
    "1h",
    "0x",
    "join kind=inner (",
    "on ",
    "$left.",
    "@'",
    "datetime(",
    "-",
    "project-away ",
    "mv-apply ",
    "by",
    "\u{feff}",
    "\r\n",
    "  ",
];

/// Pieces of ES|QL an edit inserts into ES|QL queries, besides the common ones.
const ESQL_PIECES: &[&str] = &[
    "| STATS ",
    "| KEEP ",
    "| EVAL x = ",
    "| RENAME ",
    "| DROP ",
    "| LOOKUP JOIN ",
    " BY ",
    " METADATA ",
    "count(*)",
    "::",
    "`",
    "\"\"\"",
    "?",
    "@timestamp",
    "Esql.*",
    "user.",
    " WHERE ",
    " AS ",
    "/*",
];

/// Pieces of the graph operators an edit inserts into graph queries, besides the
/// common ones.
const GRAPH_PIECES: &[&str] = &[
    "| make-graph s --> d ",
    "| graph-match ",
    "| graph-shortest-paths ",
    "| graph-to-table nodes ",
    "| graph-mark-components ",
    "(a)",
    "()",
    "-[e*1..3]->",
    "-[",
    "]->",
    "<-[",
    "]-",
    "-->",
    "<--",
    "--",
    "*0..",
    "cycles=none ",
    "all(e, ",
    "map(inner_nodes(e), ",
    "node_degree_in(",
    "node_id()",
    "a.",
    " project ",
    " where ",
    "with_node_id=",
    " partitioned-by ",
];

/// Graph queries of the graph pages (make-graph, graph-match, graph-shortest-paths,
/// graph-to-table, graph-mark-components).
const GRAPH_QUERIES: &[&str] = &[
    "let edges = datatable(s:string, d:string, w:long) [\"a\", \"b\", 1, \"b\", \"c\", 2];\nlet nodes = datatable(id:string, age:long) [\"a\", 30];\nedges\n| make-graph s --> d with nodes on id\n| graph-match cycles=none (x)-[e*1..3]->(y)<--(z), (y)--(q)\n  where x.age > 20 and all(e, w > 0) and any(inner_nodes(e), node_degree_in() > 0)\n  project x.id, path = map(e, w), n = node_degree_out(y), i = node_id(z)",
    "datatable(s:string, d:string) [\"a\", \"b\"]\n| make-graph s --> d with_node_id=name\n| graph-mark-components kind=strong with_component_id=c\n| graph-shortest-paths output=all (a)-[p*1..5]->(b) where a.name == \"a\" project a.c, map(inner_nodes(p), name)",
    "let E = datatable(s:string, d:string, t:string) [\"a\", \"b\", \"x\"];\nE\n| make-graph s --> d with_node_id=n partitioned-by t (graph-to-table edges with_source_id=S)\n;\nE | make-graph s --> d | graph-to-table nodes as N, edges as F;\nN",
];

/// The LSP position (line, UTF-16 character) of a byte offset.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[start..].chars().map(char::len_utf16).sum();
    (line as u32, character as u32)
}

/// A char boundary at or before a random offset.
fn boundary(text: &str, rng: &mut Rng) -> usize {
    let mut i = rng.below(text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Opens `text` as `uri`, then replays `edits` random edits with requests after each.
fn replay(client: &mut Client, uri: &str, text: &str, edits: usize, rng: &mut Rng) {
    replay_with(client, uri, text, edits, rng, &[]);
}

/// [`replay`], inserting `extra` pieces as well as the common ones.
fn replay_with(
    client: &mut Client,
    uri: &str,
    text: &str,
    edits: usize,
    rng: &mut Rng,
    extra: &[&str],
) {
    let pieces: Vec<&str> = PIECES.iter().chain(extra).copied().collect();
    let mut text = text.to_string();
    client.open(uri, &text);
    client.diagnostics(uri);
    for version in 2..(edits as i32 + 2) {
        let start = boundary(&text, rng);
        let (end, insert) = if rng.below(3) == 0 {
            let mut end = (start + rng.below(40)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            (end, String::new())
        } else {
            let n = 1 + rng.below(3);
            let piece: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
            (start, piece)
        };
        client.edit(
            uri,
            version,
            position(&text, start),
            position(&text, end),
            &insert,
        );
        text.replace_range(start..end, &insert);
        client.diagnostics(uri);
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/references",
        ] {
            let (line, character) = position(&text, boundary(&text, rng));
            // Sometimes a position past the line's end or inside a surrogate pair.
            let character = character + (rng.below(4) == 0) as u32 * rng.below(3) as u32;
            let answer = client.at(method, uri, line, character);
            assert!(answer.is_ok(), "{method} failed: {answer:?} on {text:?}");
        }
    }
}

fn seed_rules() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir("corpus/rules") else {
        return out;
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let is_rule = matches!(ext, "kql" | "toml" | "esql")
            || (ext == "yaml" && !path.to_string_lossy().ends_with(".test.yaml"));
        if let (true, Ok(text)) = (is_rule, std::fs::read_to_string(&path)) {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            out.push((format!("file:///seeds/{name}"), text));
        }
    }
    out
}

fn corpus_sample(every: usize) -> Option<Vec<String>> {
    common::corpus_queries("corpus/kql.public.jsonl", every)
}

#[test]
fn random_edits_of_the_seed_rules_are_all_answered() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut client, _) = Client::start(Value::Null);
    let rules = seed_rules();
    assert!(rules.len() >= 10, "the seed rules are in corpus/rules");
    for (uri, text) in &rules {
        replay(&mut client, uri, text, 8, &mut rng);
    }
    assert!(client.alive());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn random_edits_of_corpus_queries_are_all_answered() {
    let Some(queries) = corpus_sample(25) else {
        eprintln!("skipped: ../shared/corpus/kql.public.jsonl is absent");
        return;
    };
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut client, _) = Client::start(json!({ "now": "2026-01-01T00:00:00Z" }));
    for (i, query) in queries.iter().enumerate() {
        let uri = format!("file:///corpus/q{i}.kql");
        replay(&mut client, &uri, query, 8, &mut rng);
        client.close(&uri);
        client.diagnostics(&uri);
    }
    assert!(client.alive());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn random_edits_of_esql_corpus_queries_are_all_answered() {
    let Some(queries) = common::corpus_queries("corpus/esql.public.jsonl", 2) else {
        eprintln!("skipped: ../shared/corpus/esql.public.jsonl is absent");
        return;
    };
    assert!(queries.len() >= 50, "{} queries", queries.len());
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let (mut client, _) = Client::start(Value::Null);
    for (i, query) in queries.iter().enumerate() {
        let uri = format!("file:///corpus/q{i}.esql");
        replay_with(&mut client, &uri, query, 8, &mut rng, ESQL_PIECES);
        client.close(&uri);
        client.diagnostics(&uri);
    }
    assert!(client.alive());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn random_edits_of_graph_queries_are_all_answered() {
    let mut rng = Rng(0x5851_F42D_4C95_7F2D);
    let (mut client, _) = Client::start(Value::Null);
    for round in 0..4 {
        for (i, query) in GRAPH_QUERIES.iter().enumerate() {
            let uri = format!("file:///graph/q{round}_{i}.kql");
            replay_with(&mut client, &uri, query, 12, &mut rng, GRAPH_PIECES);
            client.close(&uri);
            client.diagnostics(&uri);
        }
    }
    assert!(client.alive());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn pathological_queries_are_answered() {
    let chain = format!("print x = 1{}", " + 1".repeat(1_990));
    let nested = format!("print x = {}1{}", "(".repeat(190), ")".repeat(190));
    let too_deep = format!("print x = {}1", "(".repeat(5_000));
    let pipes = format!("AuditLogs{}", "\n| where Result == 'x'".repeat(1_500));
    let methods = [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/references",
    ];
    let at = |last: u32| vec![(0, 12), (0, 600), (last, 10)];
    assert_every_request_answered(&[chain, nested, too_deep, pipes], "kql", &methods, &at);
}

/// Opens each text (as `file:///deep<i>.<extension>`) in one server and sends every
/// method at every position `at(last line)` gives: each request gets an answer, and
/// the server shuts down cleanly.
fn assert_every_request_answered(
    texts: &[String],
    extension: &str,
    methods: &[&str],
    at: &dyn Fn(u32) -> Vec<(u32, u32)>,
) {
    let (mut client, _) = Client::start(Value::Null);
    for (i, text) in texts.iter().enumerate() {
        let uri = format!("file:///deep{i}.{extension}");
        client.open(&uri, text);
        client.diagnostics(&uri);
        let last_line = text.lines().count() as u32 - 1;
        for method in methods {
            for (line, character) in at(last_line) {
                let answer = client.at(method, &uri, line, character);
                assert!(
                    answer.is_ok(),
                    "{method} at {line}:{character} of query {i}: {answer:?}"
                );
            }
        }
    }
    assert!(client.alive());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn pathological_esql_queries_are_answered() {
    let chain = format!("ROW x = 1{}", " + 1".repeat(1_990));
    let nested = format!("ROW x = {}1{}", "(".repeat(190), ")".repeat(190));
    let too_deep = format!("ROW x = {}1", "(".repeat(5_000));
    let pipes = format!(
        "FROM logs{}",
        "\n| EVAL a = b + 1 | WHERE a > 1".repeat(1_500)
    );
    let methods = ["textDocument/hover", "textDocument/completion"];
    let at = |last: u32| vec![(0, 12), (0, 600), (last, 10), (last, 25)];
    assert_every_request_answered(&[chain, nested, too_deep, pipes], "esql", &methods, &at);
}
