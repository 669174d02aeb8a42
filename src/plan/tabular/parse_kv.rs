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
    /// `quote='"'`, `quote='()'`: the opening and closing quote of each pair.
    pub quotes: Vec<(char, char)>,
    /// `escape='\\'`: characters that escape the next one inside quotes.
    pub escapes: Vec<char>,
    /// Values run until the next `key=`, spanning pair delimiters.
    pub greedy: bool,
    /// `regex=@'…'`: each match's first group is a key, its second the value.
    pub regex: Option<String>,
}
