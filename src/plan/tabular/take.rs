//! The plan data of the `take` operator; its execution is in `crate::ops::take`.

use crate::plan::Node;

#[derive(Clone, Debug)]
pub struct Take {
    pub input: Box<Node>,
    pub count: usize,
}
