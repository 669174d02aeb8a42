//! The shared logical plan both front ends lower into: a tree of tabular operators
//! over typed scalar expressions. Plain data: no closures, so a plan can be printed,
//! checked, and later shipped to another engine.

pub mod catalog;
pub mod expr;
pub mod operators;
pub mod prune;
pub mod tabular;
pub mod visit;

pub use expr::{BinaryOp, Expr, ExprKind, FunctionRef, WindowFunc};

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

/// The tabular operators; each variant's data is in `src/plan/tabular/<name>.rs`, its
/// execution in `src/ops/<name>.rs`.
#[derive(Clone, Debug)]
pub enum Op {
    Scan(tabular::scan::Scan),
    Values(tabular::values::Values),
    Range(tabular::range::Range),
    /// The rows of shared plan `i`.
    Shared(usize),
    /// The per-row input table of an enclosing `mv-apply` body.
    ApplyInput,
    Where(tabular::where_::Where),
    Extend(tabular::extend::Extend),
    Project(tabular::project::Project),
    Summarize(tabular::summarize::Summarize),
    Sort(tabular::sort::Sort),
    Take(tabular::take::Take),
    Join(tabular::join::Join),
    Union(tabular::union::Union),
    MvExpand(tabular::mv_expand::MvExpand),
    MvApply(tabular::mv_apply::MvApply),
    Parse(tabular::parse::Parse),
    BagUnpack(tabular::bag_unpack::BagUnpack),
    ParseKv(Box<tabular::parse_kv::ParseKv>),
    MakeSeries(Box<tabular::make_series::MakeSeries>),
    TopNested(tabular::top_nested::TopNested),
    /// A plugin over its whole input (`ipv4_lookup`, `activity_counts_metrics`).
    TableFn(Box<tabular::table_fn::TableFn>),
    /// `scan … with (step …)`.
    ScanSteps(Box<tabular::scan_steps::ScanSteps>),
    /// A graph (`make-graph`, `graph-mark-components`): no columns; only the graph
    /// operators read it.
    Graph(Box<tabular::graph::Graph>),
    /// A table made of a graph (`graph-match`, `graph-shortest-paths`, `graph-to-table`).
    GraphTable(Box<tabular::graph::GraphTable>),
}

impl Node {
    /// The position of a column by exact name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.schema.iter().position(|c| c.name == name)
    }

    /// The graph this node makes, when its value is a graph rather than a table.
    pub fn graph(&self) -> Option<&tabular::graph::Graph> {
        match &self.op {
            Op::Graph(g) => Some(g),
            _ => None,
        }
    }
}
