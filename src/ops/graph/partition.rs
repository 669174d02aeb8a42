//! `make-graph … partitioned-by Col (op)`: one graph per value of the partition column
//! (its edges and node rows), the operator run on each, the results concatenated in
//! the order the values first appear (edges first, then node tables).

use super::data::{GraphData, Rows};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::exec::{ExecContext, Flow, Sink, collect};
use crate::plan::Op;
use crate::plan::tabular::graph::{GraphSource, Partitioned};
use crate::value::hash::FastBuild;
use crate::value::{Row, Value};
use std::collections::HashMap;
use std::rc::Rc;

pub fn execute(op: &Partitioned, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let Op::Graph(graph) = &op.graph.op else {
        return Err(not_a_graph(op));
    };
    let GraphSource::Make(make) = &graph.source else {
        return Err(not_a_graph(op));
    };
    let edges = collect(&make.edges, cx)?;
    let nodes = (make.nodes.iter())
        .map(|t| collect(&t.input, cx))
        .collect::<Result<Vec<_>>>()?;
    let mut keys = Keys::default();
    let edge_parts = keys.split(&edges.rows, op.edge_key);
    let node_parts: Vec<Vec<Vec<&Row>>> = (nodes.iter().zip(&op.node_keys))
        .map(|(t, &key)| keys.split(&t.rows, key))
        .collect();
    for part in 0..keys.count() {
        let rows = Rows {
            edges: edge_parts.get(part).cloned().unwrap_or_default(),
            nodes: (node_parts.iter())
                .map(|p| p.get(part).cloned().unwrap_or_default())
                .collect(),
        };
        let data = Rc::new(GraphData::make(&graph.schema, make, &rows));
        cx.graph_inputs.borrow_mut().push(data);
        let result = collect(&op.body, cx);
        cx.graph_inputs.borrow_mut().pop();
        for row in result?.rows {
            if down.push(row, cx)? == Flow::Stop {
                return down.finish(cx);
            }
        }
    }
    down.finish(cx)
}

/// The partition values met so far, numbered in order of appearance.
#[derive(Default)]
struct Keys {
    index: HashMap<Value, usize, FastBuild>,
}

impl Keys {
    fn count(&self) -> usize {
        self.index.len()
    }

    /// The rows grouped by their value in column `key` (a new value gets the next
    /// number); the result is indexed by that number.
    fn split<'r>(&mut self, rows: &'r [Row], key: usize) -> Vec<Vec<&'r Row>> {
        let mut parts: Vec<Vec<&Row>> = Vec::new();
        for row in rows {
            let value = row.get(key).cloned().unwrap_or(Value::Null);
            let next = self.index.len();
            let part = *self.index.entry(value).or_insert(next);
            if parts.len() <= part {
                parts.resize_with(part + 1, Vec::new);
            }
            parts[part].push(row);
        }
        parts
    }
}

fn not_a_graph(op: &Partitioned) -> Diagnostic {
    Diagnostic::new(
        Code::RuntimeError,
        op.graph.span,
        "`partitioned-by` reads the graph of a `make-graph`",
    )
}
