//! A minimal LSP client for tests: starts the real `kqlc lsp` binary and talks JSON-RPC
//! to it over its stdio as an editor would. Every wait has a timeout, so a hung server
//! fails the test instead of blocking it.
#![allow(dead_code)]

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long any one answer may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A file of the shared read-only material: `../shared/REL`, or under the folder
/// `KQLC_SHARED` names when set (for a checkout that is not beside `shared/`).
pub fn shared_file(rel: &str) -> std::path::PathBuf {
    let base = std::env::var_os("KQLC_SHARED").map_or_else(
        || std::path::PathBuf::from("../shared"),
        std::path::PathBuf::from,
    );
    base.join(rel)
}

/// A running `kqlc lsp` with its pipes.
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Message>,
    next_id: i32,
    /// Notifications read while waiting for something else.
    pending: Vec<Notification>,
}

impl Client {
    /// Starts `kqlc lsp` and completes the `initialize` handshake.
    pub fn start(initialization_options: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kqlc"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("kqlc lsp starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Ok(Some(message)) = Message::read(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 0,
            pending: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({ "capabilities": {}, "initializationOptions": initialization_options }),
        );
        client.notify("initialized", json!({}));
        (client, result.expect("initialize succeeds"))
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    /// Sends a request and waits for its response: the result, or the error object.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.to_string(), params).into());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.next_message(deadline) {
                Message::Response(r) if r.id == id => {
                    return r
                        .response_result
                        .map_err(|e| json!({ "code": e.code, "message": e.message }));
                }
                Message::Notification(n) => self.pending.push(n),
                _ => {}
            }
        }
    }

    /// Waits for the next `publishDiagnostics` of `uri` (read earlier ones first).
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_ours = |n: &Notification| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
        };
        if let Some(i) = self.pending.iter().position(is_ours) {
            let n = self.pending.remove(i);
            return n.params["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Message::Notification(n) = self.next_message(deadline) {
                if is_ours(&n) {
                    return n.params["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                }
                self.pending.push(n);
            }
        }
    }

    /// Opens a document with its text.
    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "kql", "version": 1, "text": text } }),
        );
    }

    /// Closes the document `uri` (the server then clears its diagnostics).
    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    /// Replaces `[start, end)` (line, UTF-16 character) with `text`.
    pub fn edit(
        &mut self,
        uri: &str,
        version: i32,
        start: (u32, u32),
        end: (u32, u32),
        text: &str,
    ) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": {
                        "start": { "line": start.0, "character": start.1 },
                        "end": { "line": end.0, "character": end.1 }
                    },
                    "text": text
                }]
            }),
        );
    }

    /// A `textDocument/…` request at a position.
    pub fn at(
        &mut self,
        method: &str,
        uri: &str,
        line: u32,
        character: u32,
    ) -> Result<Value, Value> {
        self.request(
            method,
            json!({
                "textDocument": { "uri": uri },
                "position": { "line": line, "character": character },
                "context": { "includeDeclaration": true }
            }),
        )
    }

    /// `shutdown`, then `exit`; returns the process's exit status.
    pub fn shutdown(mut self) -> Option<i32> {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Ok(Value::Null));
        self.notify("exit", Value::Null);
        self.stdin.take();
        self.wait()
    }

    /// Waits (bounded) for the process to end; its exit code.
    pub fn wait(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        panic!("kqlc lsp did not exit within {TIMEOUT:?}");
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    fn send(&mut self, message: Message) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        message.write(stdin).expect("kqlc lsp reads its stdin");
        stdin.flush().expect("kqlc lsp reads its stdin");
    }

    fn next_message(&mut self, deadline: Instant) -> Message {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                panic!("no message from kqlc lsp within {TIMEOUT:?}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().ok();
                panic!("kqlc lsp closed its output (status {status:?})")
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if self.alive() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A diagnostic's code.
pub fn code(d: &Value) -> &str {
    d["code"].as_str().unwrap_or_default()
}

/// An LSP range as (start line, start character, end line, end character).
pub fn range(r: &Value) -> (u64, u64, u64, u64) {
    let n = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
    (
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

/// The items of a completion answer (a list, or a `CompletionList`).
pub fn items(completion: &Value) -> Vec<Value> {
    completion
        .as_array()
        .or_else(|| completion["items"].as_array())
        .cloned()
        .unwrap_or_default()
}

/// The labels of a completion answer's items.
pub fn labels(completion: &Value) -> Vec<String> {
    items(completion)
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}
