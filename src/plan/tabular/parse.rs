//! The plan data of the `parse` operator; its execution is in `crate::ops::parse`.

use crate::plan::{Expr, Node};
use crate::source::Span;
use crate::value::Type;

#[derive(Clone, Debug)]
pub struct Parse {
    pub input: Box<Node>,
    pub source: Expr,
    /// The whole pattern as one regex; capture group `i + 1` feeds `columns[i]`.
    pub regex: String,
    pub columns: Vec<Type>,
    /// `parse-where`: rows that do not match are dropped (else their captures are null).
    pub drop_unmatched: bool,
    pub span: Span,
}
