//! The plan data of the `make-series` operator; its execution is in `crate::ops::make_series`.

use super::summarize::AggCall;
use crate::plan::{Expr, Node};
use crate::source::Span;

#[derive(Clone, Debug)]
pub struct MakeSeries {
    pub input: Box<Node>,
    pub keys: Vec<Expr>,
    pub axis: Expr,
    pub aggregates: Vec<AggCall>,
    /// Each aggregate's value for a bin without rows: a constant expression (`-2`).
    pub defaults: Vec<Expr>,
    pub from: Option<Expr>,
    pub to: Option<Expr>,
    pub step: Expr,
    pub span: Span,
}
