//! The ES|QL front end: lexer, parser and syntax tree of Elastic's piped query language.

pub mod ast;
pub mod kibana_query;
pub mod lexer;
pub mod lower;
pub mod parser;

pub use parser::parse;
