//! The plan data of the `values` operator; its execution is in `crate::ops::values`.

use crate::plan::Expr;

/// Literal rows; each cell an expression evaluated once (so `print now()` works).
#[derive(Clone, Debug)]
pub struct Values {
    pub rows: Vec<Vec<Expr>>,
}
