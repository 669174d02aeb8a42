//! The plan data of the `sort` operator; its execution is in `crate::ops::sort`.

use crate::plan::{Expr, Node};

#[derive(Clone, Debug)]
pub struct SortKey {
    pub expr: Expr,
    pub descending: bool,
    pub nulls_first: bool,
}

#[derive(Clone, Debug)]
pub struct Sort {
    pub input: Box<Node>,
    pub keys: Vec<SortKey>,
}
