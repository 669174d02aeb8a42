//! The plan data of the `where` operator; its execution is in `crate::ops::where_`.

use crate::plan::{Expr, Node};

#[derive(Clone, Debug)]
pub struct Where {
    pub input: Box<Node>,
    pub predicate: Expr,
}
