//! The plan data of the `scan-steps` operator; its execution is in `crate::ops::scan_steps`.

use crate::plan::{Expr, Node};
use crate::value::{Column, Value};

/// When a step's matching rows are output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOutput {
    All,
    Last,
    None,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub condition: Expr,
    /// (record column, value) assignments.
    pub assignments: Vec<(usize, Expr)>,
    pub output: StepOutput,
}

#[derive(Clone, Debug)]
pub struct ScanSteps {
    pub input: Box<Node>,
    /// The record's columns: the input's, then the declared ones.
    pub record: Vec<Column>,
    /// The declared columns' defaults (after the input's columns in the record).
    pub defaults: Vec<Value>,
    pub steps: Vec<Step>,
    pub match_id: bool,
}
