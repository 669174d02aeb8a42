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
    /// Input columns added in front of the body's columns (those the body dropped).
    pub carried: Vec<usize>,
}
