//! The server: the capabilities it announces, and one step per message from the
//! editor (open/change/close documents and publish their diagnostics, answer hover,
//! completion, definition and references, follow settings, shut down).
//!
//! [`Server::handle`] is plain state in, messages out, so tests drive it without
//! stdio; [`serve`] is the loop over a pair of streams (the process's, in `kqlc lsp`).

use super::completion::complete_triggered;
use super::definition::{definition_at, references_at};
use super::diagnostics::publishable;
use super::documents::{Document, Documents};
use super::esql;
use super::hover::hover;
use super::settings::Settings;
use crate::source::Language;
use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    Completion, Formatting, GotoDefinition, HoverRequest, RangeFormatting, References,
    Request as _, Shutdown,
};
use lsp_types::{
    CompletionItem, CompletionOptions, CompletionResponse, CompletionTextEdit,
    GotoDefinitionResponse, Hover, HoverContents, HoverProviderCapability, Location, MarkupContent,
    MarkupKind, MessageType, OneOf, PublishDiagnosticsParams, Range, ServerCapabilities,
    ShowMessageParams, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextEdit, Uri,
};
use serde_json::Value as Json;
use std::io::{BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

/// What the server supports: incremental sync, hover, completion (triggered by `|`,
/// space and `.`), definition and references.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["|".into(), " ".into(), ".".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_range_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The result of `initialize`: capabilities and the server's name and version.
pub fn initialize_result() -> Json {
    serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "kqlc", "version": env!("CARGO_PKG_VERSION") },
    })
}

/// The state of a session: open documents, settings, whether shutdown was asked.
#[derive(Default)]
pub struct Server {
    documents: Documents,
    settings: Settings,
    /// The workspace root, which relative schema paths in the settings start from.
    root: Option<PathBuf>,
    shut_down: bool,
}

/// What one message led to: messages for the editor, and whether to stop.
#[derive(Default, Debug)]
pub struct Step {
    pub outgoing: Vec<Message>,
    /// The editor sent `exit`; the value is the process's exit status (0 after `shutdown`).
    pub exit: Option<i32>,
}

impl Server {
    /// A server with the settings of `initializationOptions` (`null` for none) and the
    /// workspace root; the messages say which settings were ignored.
    pub fn new(initialization_options: &Json, root: Option<PathBuf>) -> (Server, Vec<Message>) {
        let mut server = Server {
            root,
            ..Server::default()
        };
        let problems = server.configure(initialization_options);
        (server, problems)
    }

    /// Handles one message from the editor. A panic while handling it is caught: a
    /// request gets an internal error, a notification is dropped, the server goes on.
    pub fn handle(&mut self, message: Message) -> Step {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let method = request.method.clone();
                let response = catch_unwind(AssertUnwindSafe(|| self.request(request)))
                    .unwrap_or_else(|_| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            format!("kqlc failed on {method}; this is a bug in kqlc"),
                        )
                    });
                Step {
                    outgoing: vec![response.into()],
                    exit: None,
                }
            }
            Message::Notification(n) if n.method == "exit" => Step {
                outgoing: Vec::new(),
                exit: Some(if self.shut_down { 0 } else { 1 }),
            },
            Message::Notification(n) => Step {
                outgoing: catch_unwind(AssertUnwindSafe(|| self.notification(n)))
                    .unwrap_or_default(),
                exit: None,
            },
            Message::Response(_) => Step::default(),
        }
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if self.shut_down {
            return Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shut down".into(),
            );
        }
        let result = match request.method.as_str() {
            Shutdown::METHOD => {
                self.shut_down = true;
                Ok(Json::Null)
            }
            // Each position request is read as its position only: fields a client adds
            // (or leaves out, such as a completion's `context`) do not matter here.
            HoverRequest::METHOD => position(&request.params).map(|p| to_json(self.hover(&p))),
            Completion::METHOD => {
                let trigger = request.params["context"]["triggerCharacter"].as_str();
                position(&request.params).map(|p| to_json(self.completion(&p, trigger)))
            }
            GotoDefinition::METHOD => {
                position(&request.params).map(|p| to_json(self.definition(&p)))
            }
            References::METHOD => {
                let include_declaration = request.params["context"]["includeDeclaration"]
                    .as_bool()
                    .unwrap_or(true);
                position(&request.params).map(|p| to_json(self.references(&p, include_declaration)))
            }
            Formatting::METHOD => parse::<lsp_types::DocumentFormattingParams>(request.params)
                .map(|p| to_json(self.formatting(&p.text_document.uri, None))),
            RangeFormatting::METHOD => {
                parse::<lsp_types::DocumentRangeFormattingParams>(request.params)
                    .map(|p| to_json(self.formatting(&p.text_document.uri, Some(p.range))))
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("kqlc does not handle {other}"),
            )),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn notification(&mut self, n: Notification) -> Vec<Message> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = parse::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let doc = Document::new(
                    p.text_document.uri.clone(),
                    p.text_document.version,
                    p.text_document.text,
                );
                self.documents.open(doc);
                self.publish(&p.text_document.uri).into_iter().collect()
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = parse::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                self.documents
                    .change(&uri, p.text_document.version, &p.content_changes);
                self.publish(&uri).into_iter().collect()
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = parse::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                self.documents.close(&p.text_document.uri);
                vec![diagnostics_message(p.text_document.uri, Vec::new(), None)]
            }
            DidChangeConfiguration::METHOD => {
                let settings = n.params.get("settings").cloned().unwrap_or(Json::Null);
                let mut out = self.configure(&settings);
                let uris: Vec<Uri> = self.documents.all().map(|d| d.uri.clone()).collect();
                out.extend(uris.iter().filter_map(|uri| self.publish(uri)));
                out
            }
            _ => Vec::new(),
        }
    }

    /// Takes new settings (kept as they are when `json` is null); warns of bad entries.
    fn configure(&mut self, json: &Json) -> Vec<Message> {
        if json.is_null() {
            return Vec::new();
        }
        let (settings, problems) = Settings::from_json_in(json, self.root.as_deref());
        self.settings = settings;
        problems
            .into_iter()
            .map(|problem| {
                Notification::new(
                    ShowMessage::METHOD.to_string(),
                    ShowMessageParams {
                        typ: MessageType::WARNING,
                        message: format!("kqlc settings: {problem}"),
                    },
                )
                .into()
            })
            .collect()
    }

    /// The `publishDiagnostics` of an open document.
    fn publish(&self, uri: &Uri) -> Option<Message> {
        let doc = self.documents.get(uri)?;
        let diagnostics = publishable(doc, &self.settings);
        Some(diagnostics_message(
            uri.clone(),
            diagnostics,
            Some(doc.version),
        ))
    }

    /// The query of an open document, its language and the query offset at a position.
    fn query_at(
        &self,
        at: &TextDocumentPositionParams,
    ) -> Option<(&Document, Language, &str, usize)> {
        let doc = self.documents.get(&at.text_document.uri)?;
        let rule = doc.rule.as_ref().ok()?;
        if is_other_elastic_language(rule) {
            return None;
        }
        let offset = doc.query_offset(at.position)?;
        Some((doc, rule.language, rule.query.as_str(), offset))
    }

    /// The KQL query of an open document and the query offset at a position.
    fn kql_at(&self, at: &TextDocumentPositionParams) -> Option<(&Document, &str, usize)> {
        let (doc, language, text, offset) = self.query_at(at)?;
        (language == Language::Kql).then_some((doc, text, offset))
    }

    /// `kqlc fmt`'s edits for an open document (`None`: not open or not formattable).
    fn formatting(&self, uri: &Uri, range: Option<Range>) -> Option<Vec<TextEdit>> {
        super::formatting::format_edits(self.documents.get(uri)?, range)
    }

    fn hover(&self, at: &TextDocumentPositionParams) -> Option<Hover> {
        let (doc, language, text, offset) = self.query_at(at)?;
        let found = match language {
            Language::Kql => hover(text, offset, &self.settings)?,
            Language::Esql => esql::hover::hover(text, offset)?,
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: found.markdown,
            }),
            range: Some(doc.query_range(found.span.start as usize, found.span.end as usize)),
        })
    }

    fn completion(
        &self,
        at: &TextDocumentPositionParams,
        trigger: Option<&str>,
    ) -> Option<CompletionResponse> {
        let (doc, language, text, offset) = self.query_at(at)?;
        let items = match language {
            Language::Kql => complete_triggered(text, offset, trigger, &self.settings),
            Language::Esql => {
                let found = esql::completion::complete_triggered(text, offset, trigger);
                let range = found
                    .replace
                    .map(|s| doc.query_range(s.start as usize, s.end as usize));
                found
                    .items
                    .into_iter()
                    .map(|item| replacing(item, range))
                    .collect()
            }
        };
        Some(CompletionResponse::Array(items))
    }

    fn definition(&self, at: &TextDocumentPositionParams) -> Option<GotoDefinitionResponse> {
        let (doc, language, text, offset) = self.query_at(at)?;
        let span = match language {
            Language::Kql => {
                let query = crate::syntax::kql::parse(text).0?;
                definition_at(&query, text, offset)?.span
            }
            Language::Esql => esql::definition::definition(text, offset)?,
        };
        Some(GotoDefinitionResponse::Scalar(Location::new(
            doc.uri.clone(),
            doc.query_range(span.start as usize, span.end as usize),
        )))
    }

    fn references(
        &self,
        at: &TextDocumentPositionParams,
        include_declaration: bool,
    ) -> Option<Vec<Location>> {
        let (doc, text, offset) = self.kql_at(at)?;
        let query = crate::syntax::kql::parse(text).0?;
        let spans = references_at(&query, text, offset, include_declaration);
        Some(
            spans
                .into_iter()
                .map(|s| {
                    Location::new(
                        doc.uri.clone(),
                        doc.query_range(s.start as usize, s.end as usize),
                    )
                })
                .collect(),
        )
    }
}

/// Whether an Elastic TOML rule's query is in a language other than ES|QL (`kuery`,
/// `eql`, `lucene`), which kqlc does not analyse: no hover, completion or definition.
fn is_other_elastic_language(rule: &crate::rules::RuleFile) -> bool {
    rule.kind == crate::rules::RuleKind::ElasticToml
        && crate::rules::elastic_toml::parse(&rule.text)
            .is_ok_and(|r| !r.language.eq_ignore_ascii_case("esql"))
}

/// An item that replaces `range` (the dotted name typed so far) when there is one.
fn replacing(item: CompletionItem, range: Option<Range>) -> CompletionItem {
    match range {
        Some(range) => CompletionItem {
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                range,
                item.label.clone(),
            ))),
            filter_text: Some(item.label.clone()),
            ..item
        },
        None => item,
    }
}

fn diagnostics_message(
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Message {
    Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
    .into()
}

fn parse<P: serde::de::DeserializeOwned>(params: Json) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn position(params: &Json) -> Result<TextDocumentPositionParams, (ErrorCode, String)> {
    parse(params.clone())
}

fn to_json<T: serde::Serialize>(value: T) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// Runs a session over the given streams until `exit`: the `initialize` handshake,
/// then one [`Server::handle`] step per message. Returns the exit status (0 after an
/// orderly `shutdown`, 1 otherwise) or the transport error. Each message is answered
/// before the next is read; the analysis runs on a thread with a large stack.
pub fn serve(input: &mut dyn BufRead, output: &mut dyn Write) -> Result<i32, String> {
    let Some(params) = initialize(input, output)? else {
        return Ok(1);
    };
    let options = params
        .get("initializationOptions")
        .cloned()
        .unwrap_or(Json::Null);
    let root = workspace_root(&params);
    std::thread::scope(|scope| {
        let (to_worker, inbox) = std::sync::mpsc::channel::<Message>();
        let (to_main, steps) = std::sync::mpsc::channel::<Step>();
        std::thread::Builder::new()
            .name("kqlc-lsp-analysis".into())
            .stack_size(ANALYSIS_STACK)
            .spawn_scoped(scope, move || {
                let (mut server, messages) = Server::new(&options, root);
                let mut step = Step {
                    outgoing: messages,
                    exit: None,
                };
                loop {
                    let exit = step.exit.is_some();
                    if to_main.send(step).is_err() || exit {
                        return;
                    }
                    let Ok(message) = inbox.recv() else { return };
                    step = server.handle(message);
                }
            })
            .map_err(|e| format!("starting the analysis thread: {e}"))?;
        let analysed =
            |step: Result<Step, _>| step.map_err(|_| "the analysis thread stopped".to_string());
        send_all(output, analysed(steps.recv())?.outgoing)?;
        while let Some(message) = read(input)? {
            to_worker
                .send(message)
                .map_err(|_| "the analysis thread stopped".to_string())?;
            let step = analysed(steps.recv())?;
            send_all(output, step.outgoing)?;
            if let Some(status) = step.exit {
                return Ok(status);
            }
        }
        // The editor went away without `exit`.
        Ok(1)
    })
}

/// The stack of the thread that checks documents: deep (but bounded, see the parser's
/// limits) expression chains recurse through lowering and checking, and a stack
/// overflow cannot be caught. Reserved address space; pages are used only as touched.
const ANALYSIS_STACK: usize = 256 * 1024 * 1024;

/// The workspace folder of `initialize` params: `rootUri`, the first of
/// `workspaceFolders`, or the old `rootPath`.
fn workspace_root(params: &Json) -> Option<PathBuf> {
    let uri = params["rootUri"]
        .as_str()
        .or_else(|| params["workspaceFolders"][0]["uri"].as_str());
    match uri.and_then(|u| u.parse::<Uri>().ok()) {
        Some(uri) => Some(PathBuf::from(super::documents::uri_path(&uri))),
        None => params["rootPath"].as_str().map(PathBuf::from),
    }
}

/// Answers `initialize` with the capabilities and returns its params;
/// `None` when the editor exits first. Other requests before it are refused, as the
/// protocol says (`ServerNotInitialized`).
fn initialize(input: &mut dyn BufRead, output: &mut dyn Write) -> Result<Option<Json>, String> {
    while let Some(message) = read(input)? {
        match message {
            Message::Request(r) if r.method == "initialize" => {
                send_all(
                    output,
                    vec![Response::new_ok(r.id, initialize_result()).into()],
                )?;
                return Ok(Some(r.params));
            }
            Message::Request(r) => send_all(
                output,
                vec![
                    Response::new_err(
                        r.id,
                        ErrorCode::ServerNotInitialized as i32,
                        "initialize first".into(),
                    )
                    .into(),
                ],
            )?,
            Message::Notification(n) if n.method == "exit" => return Ok(None),
            _ => {}
        }
    }
    Ok(None)
}

fn read(input: &mut dyn BufRead) -> Result<Option<Message>, String> {
    let mut input = input;
    Message::read(&mut input).map_err(|e| format!("reading a message: {e}"))
}

fn send_all(output: &mut dyn Write, messages: Vec<Message>) -> Result<(), String> {
    let mut output = output;
    for message in messages {
        message
            .write(&mut output)
            .map_err(|e| format!("writing a message: {e}"))?;
    }
    output
        .flush()
        .map_err(|e| format!("writing a message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_server::RequestId;
    use serde_json::json;

    fn frames(messages: Vec<Message>) -> Vec<u8> {
        let mut bytes = Vec::new();
        for m in messages {
            m.write(&mut bytes).unwrap();
        }
        bytes
    }

    fn read_all(mut bytes: &[u8]) -> Vec<Message> {
        let mut out = Vec::new();
        while let Ok(Some(m)) = Message::read(&mut bytes) {
            out.push(m);
        }
        out
    }

    fn request(id: i32, method: &str, params: Json) -> Message {
        Request::new(RequestId::from(id), method.to_string(), params).into()
    }

    fn notification(method: &str, params: Json) -> Message {
        Notification::new(method.to_string(), params).into()
    }

    #[test]
    fn a_session_in_memory_initializes_publishes_and_exits_cleanly() {
        let input = frames(vec![
            request(1, "textDocument/hover", json!({})),
            request(2, "initialize", json!({ "capabilities": {} })),
            notification("initialized", json!({})),
            notification(
                "textDocument/didOpen",
                json!({ "textDocument": { "uri": "file:///q.kql", "languageId": "kql",
                        "version": 1, "text": "AuditLogs | where Nope == 1" } }),
            ),
            request(3, "shutdown", Json::Null),
            request(4, "textDocument/hover", json!({})),
            notification("exit", Json::Null),
        ]);
        let mut output = Vec::new();
        let status = serve(&mut input.as_slice(), &mut output).unwrap();
        assert_eq!(status, 0);
        let out = read_all(&output);
        let Message::Response(early) = &out[0] else {
            panic!("{out:?}")
        };
        assert_eq!(
            early.response_result.as_ref().unwrap_err().code,
            ErrorCode::ServerNotInitialized as i32
        );
        let Message::Response(init) = &out[1] else {
            panic!("{out:?}")
        };
        assert!(init.response_result.as_ref().unwrap()["capabilities"].is_object());
        let Message::Notification(published) = &out[2] else {
            panic!("{out:?}")
        };
        assert_eq!(published.method, "textDocument/publishDiagnostics");
        let codes: Vec<&Json> = published.params["diagnostics"]
            .as_array()
            .map(|d| d.iter().map(|d| &d["code"]).collect())
            .unwrap_or_default();
        assert!(codes.contains(&&json!("KQL211")), "{codes:?}");
        let Message::Response(shutdown) = &out[3] else {
            panic!("{out:?}")
        };
        assert_eq!(shutdown.response_result.as_ref().ok(), Some(&Json::Null));
        let Message::Response(late) = &out[4] else {
            panic!("{out:?}")
        };
        assert_eq!(
            late.response_result.as_ref().unwrap_err().code,
            ErrorCode::InvalidRequest as i32
        );
        assert_eq!(out.len(), 5);
    }

    #[test]
    fn an_editor_that_goes_away_ends_the_session_with_status_1() {
        let input = frames(vec![request(1, "initialize", json!({}))]);
        let mut output = Vec::new();
        assert_eq!(serve(&mut input.as_slice(), &mut output), Ok(1));
    }

    #[test]
    fn the_workspace_root_comes_from_root_uri_folders_or_root_path() {
        let root = |params: Json| workspace_root(&params);
        assert_eq!(
            root(json!({ "rootUri": "file:///work/my%20rules" })),
            Some(PathBuf::from("/work/my rules"))
        );
        assert_eq!(
            root(json!({ "workspaceFolders": [{ "uri": "file:///w", "name": "w" }] })),
            Some(PathBuf::from("/w"))
        );
        assert_eq!(root(json!({ "rootPath": "/p" })), Some(PathBuf::from("/p")));
        assert_eq!(root(json!({})), None);
    }

    #[test]
    fn a_change_to_a_document_that_is_not_open_is_ignored() {
        let (mut server, _) = Server::new(&Json::Null, None);
        let step = server.handle(notification(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": "file:///x.kql", "version": 2 },
                    "contentChanges": [{ "text": "T" }] }),
        ));
        assert!(step.outgoing.is_empty());
        assert_eq!(step.exit, None);
    }
}
