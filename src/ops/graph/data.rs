//! A graph in memory: node and edge property rows with adjacency lists, built from the
//! rows `make-graph` reads (make-graph-operator page, "Returns").

use crate::plan::tabular::graph::{Direction, GraphSchema, MakeGraph};
use crate::value::hash::FastBuild;
use crate::value::{Row, Type, Value};
use std::collections::HashMap;

/// Nodes and edges with their properties; node `i` is `nodes[i]`, edge `j` runs from
/// `ends[j].0` to `ends[j].1`.
#[derive(Clone, Debug, Default)]
pub struct GraphData {
    /// Each node's properties, in the columns of the graph schema's nodes.
    pub nodes: Vec<Row>,
    /// Each node's id.
    pub ids: Vec<Value>,
    /// Each edge's properties, in the columns of the graph schema's edges.
    pub edges: Vec<Row>,
    pub ends: Vec<(usize, usize)>,
    /// Per node, its outgoing (incoming) edges in edge order.
    pub outgoing: Vec<Vec<usize>>,
    pub incoming: Vec<Vec<usize>>,
}

/// The rows a `make-graph` reads: its edges and each node table's rows.
pub struct Rows<'r> {
    pub edges: Vec<&'r Row>,
    pub nodes: Vec<Vec<&'r Row>>,
}

impl GraphData {
    /// The graph of `rows`. Nodes come in the order first met: the node tables' rows,
    /// then the ids the edges name (source before target). A node named in several
    /// rows keeps the first non-empty value of each property (the page leaves conflicts
    /// to chance). A node only the edges name has its id in the id properties and nulls
    /// elsewhere. An edge or node row whose id is null is left out.
    pub fn make(schema: &GraphSchema, make: &MakeGraph, rows: &Rows) -> GraphData {
        let mut graph = GraphData::default();
        let mut index: HashMap<Value, usize, FastBuild> = HashMap::default();
        let types: Vec<Type> = schema.nodes.iter().map(|c| c.ty).collect();
        for (table, table_rows) in make.nodes.iter().zip(&rows.nodes) {
            for row in table_rows {
                let Some(id) = row.get(table.key).filter(|v| !v.is_null()) else {
                    continue;
                };
                let node = graph.node(&mut index, id, &types, &[]);
                for (value, &property) in row.iter().zip(&table.properties) {
                    let slot = &mut graph.nodes[node][property];
                    if slot.is_empty() {
                        *slot = fit(value, types[property]);
                    }
                }
            }
        }
        for row in &rows.edges {
            let (Some(source), Some(target)) = (row.get(make.source), row.get(make.target)) else {
                continue;
            };
            if source.is_null() || target.is_null() {
                continue;
            }
            let from = graph.node(&mut index, source, &types, &make.id_properties);
            let to = graph.node(&mut index, target, &types, &make.id_properties);
            graph.add_edge((*row).clone(), from, to);
        }
        graph
    }

    /// The node of `id`, added (with the id in `id_properties`) when new.
    fn node(
        &mut self,
        index: &mut HashMap<Value, usize, FastBuild>,
        id: &Value,
        types: &[Type],
        id_properties: &[usize],
    ) -> usize {
        if let Some(&n) = index.get(id) {
            return n;
        }
        let mut row: Row = types.iter().map(|&t| Value::null_of(t)).collect();
        for &p in id_properties {
            if let Some(slot) = row.get_mut(p) {
                *slot = fit(id, types[p]);
            }
        }
        let n = self.nodes.len();
        self.nodes.push(row);
        self.ids.push(id.clone());
        self.outgoing.push(Vec::new());
        self.incoming.push(Vec::new());
        index.insert(id.clone(), n);
        n
    }

    fn add_edge(&mut self, row: Row, from: usize, to: usize) {
        let e = self.edges.len();
        self.edges.push(row);
        self.ends.push((from, to));
        self.outgoing[from].push(e);
        self.incoming[to].push(e);
    }

    /// The edges out of (into, or either way from) `node`, each with the node at its
    /// other end; a self-loop is met once either way.
    pub fn neighbours(
        &self,
        node: usize,
        direction: Direction,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        let none: &[usize] = &[];
        let out = match direction {
            Direction::Backward => none,
            _ => &self.outgoing[node],
        };
        let inc = match direction {
            Direction::Forward => none,
            _ => &self.incoming[node],
        };
        let either = direction == Direction::Either;
        let forward = out.iter().map(|&e| (e, self.ends[e].1));
        let backward = (inc.iter())
            .filter(move |&&e| !(either && self.ends[e].0 == self.ends[e].1))
            .map(|&e| (e, self.ends[e].0));
        forward.chain(backward)
    }
}

/// `value` as a property of type `ty`: kept when it has that type (or is null),
/// converted where the node tables disagree on the type (the property is dynamic).
fn fit(value: &Value, ty: Type) -> Value {
    if value.is_null() || value.ty() == ty || ty == Type::Unknown {
        value.clone()
    } else {
        value.cast(ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tabular::graph::NodeTable;
    use crate::plan::{Node, Op};
    use crate::value::Column;

    fn node(schema: Vec<Column>) -> Box<Node> {
        Box::new(Node {
            op: Op::Values(crate::plan::tabular::values::Values { rows: Vec::new() }),
            schema,
            span: crate::source::Span::default(),
        })
    }

    fn s(text: &str) -> Value {
        Value::string(text)
    }

    /// Edges (s, d) and a node table (id, age), `with nodes on id`.
    fn make() -> (GraphSchema, MakeGraph) {
        let schema = GraphSchema {
            nodes: vec![
                Column::new("id", Type::String),
                Column::new("age", Type::Long),
            ],
            edges: vec![
                Column::new("s", Type::String),
                Column::new("d", Type::String),
            ],
            ..GraphSchema::default()
        };
        let make = MakeGraph {
            edges: node(schema.edges.clone()),
            source: 0,
            target: 1,
            nodes: vec![NodeTable {
                input: node(schema.nodes.clone()),
                key: 0,
                properties: vec![0, 1],
            }],
            id_properties: vec![0],
        };
        (schema, make)
    }

    #[test]
    fn nodes_come_from_the_tables_then_the_edges_and_keep_the_first_value() {
        let (schema, make) = make();
        let edges = [vec![s("b"), s("c")], vec![s("c"), Value::Null]];
        let nodes = [
            vec![s("a"), Value::Null],
            vec![s("b"), Value::Long(3)],
            vec![s("a"), Value::Long(7)],
            vec![Value::Null, Value::Long(9)],
        ];
        let rows = Rows {
            edges: edges.iter().collect(),
            nodes: vec![nodes.iter().collect()],
        };
        let g = GraphData::make(&schema, &make, &rows);
        assert_eq!(g.ids, [s("a"), s("b"), s("c")]);
        assert_eq!(g.nodes[0], [s("a"), Value::Long(7)]);
        assert_eq!(
            g.nodes[2],
            [s("c"), Value::Null],
            "c is known from the edges only"
        );
        assert_eq!(g.ends, [(1, 2)], "the edge to a null id is left out");
    }

    #[test]
    fn a_self_loop_is_one_neighbour_either_way() {
        let (schema, make) = make();
        let edges = [vec![s("a"), s("a")], vec![s("a"), s("b")]];
        let rows = Rows {
            edges: edges.iter().collect(),
            nodes: vec![Vec::new()],
        };
        let g = GraphData::make(&schema, &make, &rows);
        let either: Vec<_> = g.neighbours(0, Direction::Either).collect();
        assert_eq!(either, [(0, 0), (1, 1)]);
        let back: Vec<_> = g.neighbours(0, Direction::Backward).collect();
        assert_eq!(back, [(0, 0)]);
    }
}
