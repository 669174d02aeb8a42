//! The plan data of the `parse-kv` operator; its execution is in `crate::ops::parse_kv`.

use crate::plan::{Expr, Node};
use crate::value::Type;

#[derive(Clone, Debug)]
pub struct ParseKv {
    pub input: Box<Node>,
    pub source: Expr,
    pub columns: Vec<(String, Type)>,
    pub pair_delimiter: Option<String>,
    pub kv_delimiter: Option<String>,
    pub quote: Option<char>,
    /// Values run until the next `key=`, spanning pair delimiters.
    pub greedy: bool,
}
