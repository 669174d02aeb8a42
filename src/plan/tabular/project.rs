//! The plan data of the `project` operator; its execution is in `crate::ops::project`.

use crate::plan::{Expr, Node};

#[derive(Clone, Debug)]
pub struct Project {
    pub input: Box<Node>,
    pub exprs: Vec<Expr>,
}
