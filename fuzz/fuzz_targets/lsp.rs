//! Fuzz target: a language-server session of random edits and requests, sent to the
//! in-process server (`kqlc::lsp::server::Server`): open a document, then apply ranged
//! edits at any positions (past the end, inside multi-byte characters) and ask for
//! hover, completion, definition, references and formatting. Every message must be
//! handled without a panic (the server catches panics, but libFuzzer's hook aborts
//! first, so a caught panic is still found).

#![no_main]

use kqlc::lsp::server::Server;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// The document kinds, by their URI's extension.
const URIS: [&str; 4] = [
    "file:///w/rule.yaml",
    "file:///w/query.kql",
    "file:///w/query.esql",
    "file:///w/rule.toml",
];

#[derive(Arbitrary, Debug)]
struct Session {
    kind: u8,
    text: String,
    steps: Vec<Step>,
}

#[derive(Arbitrary, Debug)]
enum Step {
    Edit {
        start: (u8, u16),
        end: (u8, u16),
        text: String,
    },
    Replace(String),
    Hover(u8, u16),
    Complete(u8, u16),
    Definition(u8, u16),
    References(u8, u16),
    Format,
    RangeFormat((u8, u16), (u8, u16)),
}

fn position((line, character): (u8, u16)) -> Value {
    json!({ "line": line, "character": character })
}

fn at(uri: &str, place: (u8, u16)) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position(place) })
}

fuzz_target!(|session: Session| {
    let uri = URIS[usize::from(session.kind) % URIS.len()];
    let (mut server, _) = Server::new(&Value::Null, None);
    let notify = |server: &mut Server, method: &str, params: Value| {
        server.handle(Message::Notification(Notification::new(method.into(), params)));
    };
    notify(
        &mut server,
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "kql", "version": 1, "text": session.text } }),
    );
    for (i, step) in session.steps.into_iter().take(64).enumerate() {
        let id = RequestId::from(i as i32);
        let version = i as i32 + 2;
        let request = |method: &str, params: Value| {
            Message::Request(Request::new(id.clone(), method.into(), params))
        };
        let message = match step {
            Step::Edit { start, end, text } => {
                notify(
                    &mut server,
                    "textDocument/didChange",
                    json!({
                        "textDocument": { "uri": uri, "version": version },
                        "contentChanges": [{ "range": { "start": position(start), "end": position(end) }, "text": text }],
                    }),
                );
                continue;
            }
            Step::Replace(text) => {
                notify(
                    &mut server,
                    "textDocument/didChange",
                    json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
                );
                continue;
            }
            Step::Hover(l, c) => request("textDocument/hover", at(uri, (l, c))),
            Step::Complete(l, c) => request("textDocument/completion", at(uri, (l, c))),
            Step::Definition(l, c) => request("textDocument/definition", at(uri, (l, c))),
            Step::References(l, c) => {
                let mut params = at(uri, (l, c));
                params["context"] = json!({ "includeDeclaration": true });
                request("textDocument/references", params)
            }
            Step::Format => request(
                "textDocument/formatting",
                json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
            ),
            Step::RangeFormat(start, end) => request(
                "textDocument/rangeFormatting",
                json!({
                    "textDocument": { "uri": uri },
                    "range": { "start": position(start), "end": position(end) },
                    "options": { "tabSize": 4, "insertSpaces": true },
                }),
            ),
        };
        server.handle(message);
    }
});
