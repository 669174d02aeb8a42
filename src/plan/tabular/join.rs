//! The plan data of the `join` operator; its execution is in `crate::ops::join`.

use crate::plan::{Expr, Node};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinKind {
    InnerUnique,
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    LeftSemi,
    LeftAnti,
    RightSemi,
    RightAnti,
}

impl JoinKind {
    /// The kind named in `kind=…` (`anti`, `leftantisemi` and friends are aliases).
    pub fn from_name(name: &str) -> Option<JoinKind> {
        Some(match name.to_ascii_lowercase().as_str() {
            "innerunique" => JoinKind::InnerUnique,
            "inner" => JoinKind::Inner,
            "leftouter" => JoinKind::LeftOuter,
            "rightouter" => JoinKind::RightOuter,
            "fullouter" | "outer" => JoinKind::FullOuter,
            "leftsemi" | "semi" => JoinKind::LeftSemi,
            "leftanti" | "anti" | "leftantisemi" => JoinKind::LeftAnti,
            "rightsemi" => JoinKind::RightSemi,
            "rightanti" | "rightantisemi" => JoinKind::RightAnti,
            _ => return None,
        })
    }
    /// Whether output rows carry the left row's columns.
    pub fn emits_left(self) -> bool {
        !matches!(self, JoinKind::RightSemi | JoinKind::RightAnti)
    }
    /// Whether output rows carry the right row's columns.
    pub fn emits_right(self) -> bool {
        !matches!(self, JoinKind::LeftSemi | JoinKind::LeftAnti)
    }
}

#[derive(Clone, Debug)]
pub struct Join {
    pub left: Box<Node>,
    pub right: Box<Node>,
    pub kind: JoinKind,
    pub left_keys: Vec<Expr>,
    pub right_keys: Vec<Expr>,
    /// The right columns that appear in the output, in order (`lookup` leaves out the keys).
    pub right_columns: Vec<usize>,
}
