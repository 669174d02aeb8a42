//! `kqlc lsp`: a language server for KQL and ES|QL rule files (Sentinel YAML, Elastic
//! TOML, `.kql`, `.esql`) over the Language Server Protocol: `kqlc check`'s diagnostics
//! on every change, hover, completion, go to definition and references.
//!
//! One module a job: [`server`] (capabilities, message handling, the stdio loop),
//! [`documents`] (open files, edits, UTF-16 positions, query ↔ file offsets),
//! [`diagnostics`], [`hover`], [`completion`], [`definition`], [`settings`]; [`esql`]
//! holds hover and completion on ES|QL queries.

pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod documents;
pub mod esql;
pub mod formatting;
pub mod hover;
pub mod server;
pub mod settings;

pub use server::{Server, serve};
