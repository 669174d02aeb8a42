//! The rows graph-match's expressions read of each node and edge: the properties, then
//! what the graph functions say of it (`ElementFunction::NODE` / `EDGE`, in order), and
//! which nodes and edges each pattern variable may take (its filters, evaluated once).

use super::data::GraphData;
use crate::diagnostic::Result;
use crate::exec::ExecContext;
use crate::exec::eval::eval_predicate;
use crate::plan::Expr;
use crate::plan::tabular::graph::{ElementFunction, Filters};
use crate::value::{Row, Value};

/// Each node's and each edge's row.
pub struct Elements {
    pub nodes: Vec<Row>,
    pub edges: Vec<Row>,
}

impl Elements {
    pub fn of(graph: &GraphData) -> Elements {
        let nodes = (graph.nodes.iter().enumerate())
            .map(|(n, props)| {
                let mut row = props.clone();
                row.extend(ElementFunction::NODE.map(|f| node_function(graph, n, f)));
                row
            })
            .collect();
        let edges = (graph.edges.iter())
            .map(|props| {
                let mut row = props.clone();
                row.extend(ElementFunction::EDGE.map(|_| no_labels()));
                row
            })
            .collect();
        Elements { nodes, edges }
    }
}

/// What `f` says of node `n`.
fn node_function(graph: &GraphData, n: usize, f: ElementFunction) -> Value {
    match f {
        ElementFunction::DegreeIn => Value::Long(graph.incoming[n].len() as i64),
        ElementFunction::DegreeOut => Value::Long(graph.outgoing[n].len() as i64),
        ElementFunction::Id => Value::string(graph.ids[n].to_kusto_string()),
        ElementFunction::Labels => no_labels(),
    }
}

/// `labels()` of a node or edge of a `make-graph` graph: always empty, since such a
/// graph has no labels (labels-graph-function page).
pub fn no_labels() -> Value {
    Value::dynamic(serde_json::Value::Array(Vec::new()))
}

/// Per variable, the nodes (edges) its filter keeps; `None` keeps all.
pub struct Masks {
    pub nodes: Vec<Option<Vec<bool>>>,
    pub edges: Vec<Option<Vec<bool>>>,
    pub inner_nodes: Vec<Option<Vec<bool>>>,
}

impl Masks {
    pub fn of(filters: &Filters, elements: &Elements, cx: &ExecContext) -> Result<Masks> {
        let all = |filters: &[Option<Expr>], rows: &[Row]| -> Result<Vec<Option<Vec<bool>>>> {
            filters.iter().map(|f| mask(f.as_ref(), rows, cx)).collect()
        };
        Ok(Masks {
            nodes: all(&filters.nodes, &elements.nodes)?,
            edges: all(&filters.edges, &elements.edges)?,
            inner_nodes: all(&filters.inner_nodes, &elements.nodes)?,
        })
    }
}

fn mask(filter: Option<&Expr>, rows: &[Row], cx: &ExecContext) -> Result<Option<Vec<bool>>> {
    let Some(filter) = filter else {
        return Ok(None);
    };
    let mut keep = Vec::with_capacity(rows.len());
    for row in rows {
        cx.tick()?;
        keep.push(eval_predicate(filter, row, cx)?);
    }
    Ok(Some(keep))
}

/// Whether `mask` keeps `i`.
pub fn allows(mask: &Option<Vec<bool>>, i: usize) -> bool {
    mask.as_ref()
        .is_none_or(|m| m.get(i).copied().unwrap_or(false))
}
