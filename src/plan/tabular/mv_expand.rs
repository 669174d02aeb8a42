//! The plan data of the `mv-expand` operator; its execution is in `crate::ops::mv_expand`.

use crate::plan::{Expr, Node};
use crate::value::Type;

/// One expanded expression: where its elements go and their type.
#[derive(Clone, Debug)]
pub struct MvItem {
    pub expr: Expr,
    /// The input column the elements replace in place; `None` appends a new column.
    pub replaces: Option<usize>,
    pub to: Type,
}

#[derive(Clone, Debug)]
pub struct MvExpand {
    pub input: Box<Node>,
    pub expansion: Expansion,
}

/// What to expand and how (shared with `mv-apply`).
#[derive(Clone, Debug)]
pub struct Expansion {
    pub items: Vec<MvItem>,
    /// `with_itemindex=Name`: append the element's 0-based index.
    pub with_index: bool,
    pub limit: Option<usize>,
    /// `kind=array` / `bagexpansion=array`: a bag expands to `[key, value]` arrays.
    pub bag_as_array: bool,
}
