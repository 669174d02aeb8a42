//! Language front ends: each turns query text into its own syntax tree.

pub mod common;
pub mod esql;
pub mod kql;
