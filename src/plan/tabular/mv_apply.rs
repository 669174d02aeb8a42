//! The plan data of the `mv-apply` operator; its execution is in `crate::ops::mv_apply`.

use super::mv_expand::Expansion;
use crate::plan::Node;
use crate::value::Column;

#[derive(Clone, Debug)]
pub struct MvApply {
    pub input: Box<Node>,
    pub expansion: Expansion,
    /// The schema of the per-row table the body reads (`Op::ApplyInput`).
    pub body_input: Vec<Column>,
    pub body: Box<Node>,
    /// Where each output column comes from.
    pub layout: Vec<Slot>,
}

/// One output column of `mv-apply`: an input row's column or a subquery row's column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Input(usize),
    Body(usize),
}
