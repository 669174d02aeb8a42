//! The plan data of the `top-nested` operator; its execution is in `crate::ops::top_nested`.

use super::summarize::AggCall;
use crate::plan::{Expr, Node};

#[derive(Clone, Debug)]
pub struct Level {
    pub count: Option<usize>,
    pub key: Expr,
    pub aggregate: AggCall,
    pub descending: bool,
}

#[derive(Clone, Debug)]
pub struct TopNested {
    pub input: Box<Node>,
    pub levels: Vec<Level>,
}
