//! kqlc: a compiler and interpreter for the KQL and ES|QL of detection rules.
//!
//! Stages: text → tokens → syntax tree (per language, `syntax`) → shared logical plan
//! (`plan`) → checked plan (`check`) → rows (`exec`). Diagnostics of every stage are
//! one type (`diagnostic`).

pub mod cli;
pub mod diagnostic;
pub mod functions;
pub mod rules;
pub mod source;
pub mod syntax;
pub mod value;
