//! `graph-to-table nodes|edges`: a graph's nodes (edges) as rows, with the hash ids
//! (`hash()` of the node id, graph-to-table-operator page) first when asked for.

use super::data::GraphData;
use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink};
use crate::functions::string::xxhash64;
use crate::plan::tabular::graph::{TablePart, ToTable};
use crate::value::{Row, Value};

pub fn execute(
    op: &ToTable,
    graph: &GraphData,
    down: &mut dyn Sink,
    cx: &ExecContext,
) -> Result<()> {
    let hash = |node: usize| Value::Long(xxhash64(&graph.ids[node]));
    let rows: Box<dyn Iterator<Item = Row>> = match op.part {
        TablePart::Nodes { node_id } => Box::new((0..graph.nodes.len()).map(move |n| {
            let ids = node_id.then(|| hash(n));
            ids.into_iter()
                .chain(graph.nodes[n].iter().cloned())
                .collect()
        })),
        TablePart::Edges {
            source_id,
            target_id,
        } => Box::new((0..graph.edges.len()).map(move |e| {
            let (from, to) = graph.ends[e];
            let ids = [source_id.then(|| hash(from)), target_id.then(|| hash(to))];
            ids.into_iter()
                .flatten()
                .chain(graph.edges[e].iter().cloned())
                .collect()
        })),
    };
    for row in rows {
        cx.tick()?;
        if down.push(row, cx)? == Flow::Stop {
            break;
        }
    }
    down.finish(cx)
}
