//! The plan data of the `union` operator; its execution is in `crate::ops::union`.

use crate::plan::Node;

#[derive(Clone, Debug)]
pub struct Union {
    pub inputs: Vec<Node>,
    /// For each input, for each output column (after the source column): the input
    /// column feeding it, if any.
    pub mappings: Vec<Vec<Option<usize>>>,
    /// `withsource=Name`: the value of that first output column for each input.
    pub source_names: Option<Vec<String>>,
}
