//! The plan data of the `range` operator; its execution is in `crate::ops::range`.

use crate::plan::Expr;
use crate::source::Span;

#[derive(Clone, Debug)]
pub struct Range {
    pub from: Expr,
    pub to: Expr,
    pub step: Expr,
    pub span: Span,
}
