//! The shared logical plan both front ends lower into: a tree of tabular operators
//! over typed scalar expressions. Plain data: no closures, so a plan can be printed,
//! checked, and later shipped to another engine.

pub mod catalog;
pub mod expr;
pub mod operators;
pub mod prune;
pub mod visit;

pub use expr::{BinaryOp, Expr, ExprKind, FunctionRef, WindowFunc};

use crate::ops;
use crate::source::Span;
use crate::value::Column;

/// A whole query: the plans shared by several references (`materialize`, `toscalar`,
/// `in (subquery)`), computed at most once per run, and the result plan.
#[derive(Clone, Debug)]
pub struct Plan {
    pub shared: Vec<Node>,
    pub root: Node,
}

/// One tabular operator with its output schema and the source span it came from.
#[derive(Clone, Debug)]
pub struct Node {
    pub op: Op,
    pub schema: Vec<Column>,
    pub span: Span,
}

/// The tabular operators; each variant's data and execution live in `src/ops/<name>.rs`.
#[derive(Clone, Debug)]
pub enum Op {
    Scan(ops::scan::Scan),
    Values(ops::values::Values),
    Range(ops::range::Range),
    /// The rows of shared plan `i`.
    Shared(usize),
    /// The per-row input table of an enclosing `mv-apply` body.
    ApplyInput,
    Where(ops::where_::Where),
    Extend(ops::extend::Extend),
    Project(ops::project::Project),
    Summarize(ops::summarize::Summarize),
    Sort(ops::sort::Sort),
    Take(ops::take::Take),
    Join(ops::join::Join),
    Union(ops::union::Union),
    MvExpand(ops::mv_expand::MvExpand),
    MvApply(ops::mv_apply::MvApply),
    Parse(ops::parse::Parse),
    BagUnpack(ops::bag_unpack::BagUnpack),
    ParseKv(ops::parse_kv::ParseKv),
    MakeSeries(Box<ops::make_series::MakeSeries>),
    TopNested(ops::top_nested::TopNested),
    /// A plugin over its whole input (`ipv4_lookup`, `activity_counts_metrics`).
    TableFn(Box<ops::table_fn::TableFn>),
    /// `scan … with (step …)`.
    ScanSteps(Box<ops::scan_steps::ScanSteps>),
}

impl Node {
    /// The position of a column by exact name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.schema.iter().position(|c| c.name == name)
    }
}
