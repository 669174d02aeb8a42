//! A match's row: the values of the slots `graph-match`'s constraints and projections
//! read (properties, graph functions, `all()`/`any()`/`map()` over a path).

use super::elements::{Elements, no_labels};
use super::matcher::State;
use crate::diagnostic::Result;
use crate::exec::ExecContext;
use crate::exec::eval::{eval, eval_predicate};
use crate::plan::tabular::graph::{
    ElementFunction, GraphMatch, PathFunction, PathFunctionKind, Slot,
};
use crate::value::{Row, Value};
use serde_json::Value as Json;

/// What a match's row is read from.
pub struct Source<'a> {
    pub op: &'a GraphMatch,
    pub elements: &'a Elements,
}

impl Source<'_> {
    /// The projected row of the match in `state`, or `None` when the constraints left
    /// to the whole match reject it.
    pub fn output(&self, state: &State, cx: &ExecContext) -> Result<Option<Row>> {
        let row = self.row(state, cx)?;
        if let Some(p) = &self.op.predicate
            && !eval_predicate(p, &row, cx)?
        {
            return Ok(None);
        }
        let out = (self.op.project.iter())
            .map(|e| eval(e, &row, cx))
            .collect::<Result<Row>>()?;
        Ok(Some(out))
    }

    /// The match's row: one value per slot.
    fn row(&self, state: &State, cx: &ExecContext) -> Result<Row> {
        self.op
            .slots
            .iter()
            .map(|slot| self.slot(slot, state, cx))
            .collect()
    }

    fn slot(&self, slot: &Slot, state: &State, cx: &ExecContext) -> Result<Value> {
        let node_row = |v: usize| {
            state.nodes[v]
                .and_then(|n| self.elements.nodes.get(n))
                .map(Vec::as_slice)
                .unwrap_or(&[])
        };
        let properties = self.node_names().len();
        Ok(match slot {
            Slot::NodeProperty { node, property } => cell(node_row(*node), *property),
            Slot::NodeFunction { node, function } => {
                let at = ElementFunction::NODE.iter().position(|f| f == function);
                cell(node_row(*node), properties + at.unwrap_or(0))
            }
            Slot::EdgeProperty { edge, property } => {
                self.along(*edge, state, |row| cell(row, *property))
            }
            Slot::EdgeLabels { edge } => self.along(*edge, state, |_| no_labels()),
            Slot::Node(v) => bag(&self.node_names(), node_row(*v)),
            Slot::Edge(edge) => {
                let names = self.edge_names();
                self.along(*edge, state, |row| bag(&names, row))
            }
            Slot::Path(f) => self.path_function(f, state, cx)?,
        })
    }

    /// A value of each edge of edge variable `edge`: of its one edge, or an array
    /// along a variable length edge.
    fn along(&self, edge: usize, state: &State, f: impl Fn(&[Value]) -> Value) -> Value {
        let rows = state.paths[edge]
            .iter()
            .filter_map(|&e| self.elements.edges.get(e))
            .map(|r| f(r));
        if self.op.pattern.edges[edge].variable {
            Value::dynamic(Json::Array(rows.map(|v| v.to_json()).collect()))
        } else {
            rows.into_iter().next().unwrap_or(Value::Null)
        }
    }

    /// `all()`, `any()` or `map()` of the body over the edges or inner nodes.
    fn path_function(&self, f: &PathFunction, state: &State, cx: &ExecContext) -> Result<Value> {
        let rows: Vec<&Row> = match f.inner_nodes {
            true => (state.inner_nodes[f.edge].iter())
                .filter_map(|&n| self.elements.nodes.get(n))
                .collect(),
            false => (state.paths[f.edge].iter())
                .filter_map(|&e| self.elements.edges.get(e))
                .collect(),
        };
        match f.kind {
            PathFunctionKind::All => {
                for row in rows {
                    if !eval_predicate(&f.body, row, cx)? {
                        return Ok(Value::Bool(false));
                    }
                }
                Ok(Value::Bool(true))
            }
            PathFunctionKind::Any => {
                for row in rows {
                    if eval_predicate(&f.body, row, cx)? {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }
            PathFunctionKind::Map => {
                let values = (rows.into_iter())
                    .map(|row| eval(&f.body, row, cx).map(|v| v.to_json()))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Value::dynamic(Json::Array(values)))
            }
        }
    }

    /// The names of the graph's node (edge) properties.
    fn node_names(&self) -> Vec<&str> {
        let schema = self.op.input.graph().map(|g| &g.schema.nodes);
        schema
            .into_iter()
            .flatten()
            .map(|c| c.name.as_str())
            .collect()
    }

    fn edge_names(&self) -> Vec<&str> {
        let schema = self.op.input.graph().map(|g| &g.schema.edges);
        schema
            .into_iter()
            .flatten()
            .map(|c| c.name.as_str())
            .collect()
    }
}

fn cell(row: &[Value], i: usize) -> Value {
    row.get(i).cloned().unwrap_or(Value::Null)
}

/// The properties as a bag (`{"name": "Alice", "age": 32}`).
fn bag(names: &[&str], row: &[Value]) -> Value {
    let object = (names.iter().zip(row))
        .map(|(n, v)| (n.to_string(), v.to_json()))
        .collect();
    Value::dynamic(Json::Object(object))
}
