//! The KQL front end: lexer, parser, syntax tree and lowering to the shared plan.

pub mod ast;
pub mod lexer;
pub mod lower;
pub mod parser;
pub mod reserved;

pub use parser::parse;
