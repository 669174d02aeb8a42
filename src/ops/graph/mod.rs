//! Running the graph operators: building a graph from rows (`make-graph`), marking
//! its components, and the operators that make a table of it (`graph-match`,
//! `graph-shortest-paths`, `graph-to-table`, `make-graph … partitioned-by`).

pub mod components;
pub mod data;
pub mod elements;
pub mod matcher;
mod partition;
mod rows;
mod search;
mod to_table;

pub use data::GraphData;

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::exec::{ExecContext, Sink, collect};
use crate::plan::tabular::graph::{GraphSource, GraphTable, MakeGraph};
use crate::plan::{Node, Op};
use std::rc::Rc;

/// Runs a graph operator that makes a table, pushing its rows into `down`.
pub fn execute(op: &GraphTable, node: &Node, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    match op {
        GraphTable::Match(m) => search::execute(m, node.span, &*build(&m.input, cx)?, down, cx),
        GraphTable::ToTable(t) => to_table::execute(t, &*build(&t.input, cx)?, down, cx),
        GraphTable::Partitioned(p) => partition::execute(p, down, cx),
        GraphTable::Tables => Err(Diagnostic::new(
            Code::RuntimeError,
            node.span,
            "`graph-to-table` of nodes and edges makes two tables: read them by their names",
        )),
    }
}

/// The graph a graph-valued plan node makes.
pub fn build(node: &Node, cx: &ExecContext) -> Result<Rc<GraphData>> {
    let Op::Graph(graph) = &node.op else {
        return Err(Diagnostic::new(
            Code::RuntimeError,
            node.span,
            "a graph operator reads a table, not a graph",
        ));
    };
    match &graph.source {
        GraphSource::Make(make) => {
            let edges = collect(&make.edges, cx)?;
            let nodes = (make.nodes.iter())
                .map(|t| collect(&t.input, cx))
                .collect::<Result<Vec<_>>>()?;
            Ok(Rc::new(make_graph(graph, make, &edges.rows, &nodes)))
        }
        GraphSource::MarkComponents(mark) => {
            let mut data = (*build(&mark.input, cx)?).clone();
            components::mark(&mut data, mark.strong, mark.property);
            Ok(Rc::new(data))
        }
        GraphSource::Model => Err(Diagnostic::new(
            Code::Unsupported,
            node.span,
            "kqlc cannot read a persistent graph model",
        )),
        GraphSource::Partition => cx.graph_inputs.borrow().last().cloned().ok_or_else(|| {
            Diagnostic::new(
                Code::RuntimeError,
                node.span,
                "a partition's graph read outside `make-graph … partitioned-by`",
            )
        }),
    }
}

/// The graph of all the rows of `edges` and the node tables.
fn make_graph(
    graph: &crate::plan::tabular::graph::Graph,
    make: &MakeGraph,
    edges: &[crate::value::Row],
    nodes: &[crate::value::Table],
) -> GraphData {
    let rows = data::Rows {
        edges: edges.iter().collect(),
        nodes: nodes.iter().map(|t| t.rows.iter().collect()).collect(),
    };
    GraphData::make(&graph.schema, make, &rows)
}
