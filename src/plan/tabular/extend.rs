//! The plan data of the `extend` operator; its execution is in `crate::ops::extend`.

use crate::plan::{Expr, Node};

#[derive(Clone, Debug)]
pub struct Extend {
    pub input: Box<Node>,
    pub exprs: Vec<Expr>,
    /// True when an expression uses a window function (`row_number()`, `prev()`…):
    /// then the rows are held and evaluated with their neighbours in view.
    pub windowed: bool,
}
