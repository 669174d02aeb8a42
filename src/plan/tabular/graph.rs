//! The plan data of the graph operators; their execution is in `crate::ops::graph`.
//!
//! A graph is not a table: `make-graph` and `graph-mark-components` are [`Graph`] nodes
//! (`Op::Graph`, no columns), which only the graph operators read; `graph-match`,
//! `graph-shortest-paths` and `graph-to-table` make a table of one ([`GraphTable`],
//! `Op::GraphTable`).

use crate::plan::{Expr, Node};
use crate::value::Column;

/// The properties of a graph's nodes and of its edges.
#[derive(Clone, Debug, Default)]
pub struct GraphSchema {
    pub nodes: Vec<Column>,
    pub edges: Vec<Column>,
    /// The open table the edges (nodes) come from, whose columns later lowering rounds
    /// may find (a property read that its known columns lack).
    pub open_edges: Option<String>,
    pub open_nodes: Option<String>,
}

/// A plan node whose value is a graph.
#[derive(Clone, Debug)]
pub struct Graph {
    pub source: GraphSource,
    pub schema: GraphSchema,
}

#[derive(Clone, Debug)]
pub enum GraphSource {
    /// `make-graph`.
    Make(MakeGraph),
    /// `graph-mark-components`.
    MarkComponents(MarkComponents),
    /// The graph of the partition being run by `make-graph … partitioned-by`.
    Partition,
    /// `graph("Model")`: a persistent graph model, which kqlc cannot read (its
    /// properties are taken on trust by `kqlc check`).
    Model,
}

/// `make-graph Src --> Dst [with Nodes on Id, …] [with_node_id = Name]`: one edge per
/// row of `edges`, one node per id met in the edges or the node tables.
#[derive(Clone, Debug)]
pub struct MakeGraph {
    pub edges: Box<Node>,
    /// The edge columns holding the source and target node ids.
    pub source: usize,
    pub target: usize,
    pub nodes: Vec<NodeTable>,
    /// The node properties that hold the node's id for a node that only the edges
    /// name (the key columns of the node tables, or the `with_node_id` property).
    pub id_properties: Vec<usize>,
}

/// A table of node properties, `Nodes on Id`.
#[derive(Clone, Debug)]
pub struct NodeTable {
    pub input: Box<Node>,
    pub key: usize,
    /// Per column of the table, the node property it sets.
    pub properties: Vec<usize>,
}

/// `graph-mark-components [kind = strong] [with_component_id = C]`: node property
/// `property` (new or replaced, a long) numbers each node's connected component.
#[derive(Clone, Debug)]
pub struct MarkComponents {
    pub input: Box<Node>,
    pub strong: bool,
    pub property: usize,
}

/// A plan node that makes a table of a graph.
#[derive(Clone, Debug)]
pub enum GraphTable {
    Match(Box<GraphMatch>),
    ToTable(ToTable),
    Partitioned(Partitioned),
    /// `graph-to-table nodes as N, edges as E`: two tables read by their names in the
    /// statements after it; the statement itself has no table.
    Tables,
}

/// `graph-to-table nodes|edges`: one row per node (edge), its hash ids first.
#[derive(Clone, Debug)]
pub struct ToTable {
    pub input: Box<Node>,
    pub part: TablePart,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TablePart {
    /// With `with_node_id`, a first column of node hash ids.
    Nodes { node_id: bool },
    /// With `with_source_id`/`with_target_id`, first columns of the end nodes' hash ids.
    Edges { source_id: bool, target_id: bool },
}

/// `make-graph … partitioned-by Col (op)`: `body` (reading the partition's graph,
/// [`GraphSource::Partition`]) runs on the graph of each value of the column, and the
/// results are concatenated.
#[derive(Clone, Debug)]
pub struct Partitioned {
    /// The `make-graph` of the whole input (an `Op::Graph` of [`GraphSource::Make`]).
    pub graph: Box<Node>,
    /// The partition column in the edges and in each node table.
    pub edge_key: usize,
    pub node_keys: Vec<usize>,
    pub body: Box<Node>,
}

/// `graph-match` (and, with `shortest`, `graph-shortest-paths`).
#[derive(Clone, Debug)]
pub struct GraphMatch {
    pub input: Box<Node>,
    pub pattern: Pattern,
    pub cycles: Cycles,
    pub shortest: Option<ShortestOutput>,
    /// The columns of a match's row, which `predicate` and `project` read.
    pub slots: Vec<Slot>,
    pub filters: Filters,
    /// The constraints no single variable decides, over a match's row.
    pub predicate: Option<Expr>,
    pub project: Vec<Expr>,
}

/// Which cycles `graph-match` matches (`cycles = …`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cycles {
    /// Any walk.
    All,
    /// No node twice (but where the pattern names one variable twice).
    None,
    /// No edge twice (the default).
    UniqueEdges,
}

/// `graph-shortest-paths output = any|all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShortestOutput {
    /// One shortest path per pair of end nodes.
    Any,
    /// Every shortest path.
    All,
}

/// The pattern: node and edge variables (named or not) and the paths between them.
#[derive(Clone, Debug, Default)]
pub struct Pattern {
    /// The number of node variables.
    pub nodes: usize,
    pub edges: Vec<PatternEdge>,
    /// Paths in the order written; each after the first shares a node with one before.
    pub paths: Vec<Path>,
}

/// One edge variable: a single edge (`1..1`) or a variable length edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatternEdge {
    pub min: usize,
    pub max: usize,
    /// Written with `*min..max`: its properties are arrays over its edges.
    pub variable: bool,
    pub direction: Direction,
}

/// How a pattern edge is walked from the node before it to the node after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Along the graph edge (`-->`).
    Forward,
    /// Against it (`<--`).
    Backward,
    /// Either way (`--`).
    Either,
}

/// A node, then (edge, node) steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub start: usize,
    pub steps: Vec<(usize, usize)>,
}

/// What a column of a match's row holds.
#[derive(Clone, Debug)]
pub enum Slot {
    /// A property of a node variable.
    NodeProperty { node: usize, property: usize },
    /// A property of an edge variable; along a variable length edge, the array of its
    /// edges' values.
    EdgeProperty { edge: usize, property: usize },
    /// `node_degree_in(n)`, `node_id(n)`, …
    NodeFunction {
        node: usize,
        function: ElementFunction,
    },
    /// `labels(e)`.
    EdgeLabels { edge: usize },
    /// A node variable as a property bag.
    Node(usize),
    /// An edge variable as a property bag (an array of bags along a variable length edge).
    Edge(usize),
    /// `all()`, `any()` or `map()` over the edges or inner nodes of an edge variable.
    Path(PathFunction),
}

/// What a graph function says of one node (or edge): the columns an element's row has
/// after its properties, in this order ([`ElementFunction::NODE`], [`ElementFunction::EDGE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementFunction {
    DegreeIn,
    DegreeOut,
    Id,
    Labels,
}

impl ElementFunction {
    /// The functions of a node, in the order of its row's extra columns.
    pub const NODE: [ElementFunction; 4] = [
        ElementFunction::DegreeIn,
        ElementFunction::DegreeOut,
        ElementFunction::Id,
        ElementFunction::Labels,
    ];
    /// The functions of an edge.
    pub const EDGE: [ElementFunction; 1] = [ElementFunction::Labels];

    /// The function's name in KQL.
    pub fn name(self) -> &'static str {
        match self {
            ElementFunction::DegreeIn => "node_degree_in",
            ElementFunction::DegreeOut => "node_degree_out",
            ElementFunction::Id => "node_id",
            ElementFunction::Labels => "labels",
        }
    }

    /// The function of that name.
    pub fn named(name: &str) -> Option<ElementFunction> {
        Self::NODE.into_iter().find(|f| f.name() == name)
    }

    pub fn ty(self) -> crate::value::Type {
        use crate::value::Type;
        match self {
            ElementFunction::DegreeIn | ElementFunction::DegreeOut => Type::Long,
            ElementFunction::Id => Type::String,
            ElementFunction::Labels => Type::Dynamic,
        }
    }
}

/// `all(e, c)`, `any(inner_nodes(e), c)`, `map(e, x)`: `body` is evaluated on the row
/// of each edge (or inner node) of edge variable `edge`.
#[derive(Clone, Debug)]
pub struct PathFunction {
    pub edge: usize,
    pub inner_nodes: bool,
    pub kind: PathFunctionKind,
    pub body: Expr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathFunctionKind {
    All,
    Any,
    Map,
}

/// The constraints that one variable decides, applied while matching: each over the
/// row of one node (its properties, then [`ElementFunction::NODE`]) or one edge (its
/// properties, then [`ElementFunction::EDGE`]).
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Per node variable.
    pub nodes: Vec<Option<Expr>>,
    /// Per edge variable, on each of its edges.
    pub edges: Vec<Option<Expr>>,
    /// Per edge variable, on each inner node of its path.
    pub inner_nodes: Vec<Option<Expr>>,
}

impl Graph {
    /// The operator's name in KQL.
    pub fn operator_name(&self) -> &'static str {
        match self.source {
            GraphSource::MarkComponents(_) => "graph-mark-components",
            GraphSource::Model => "graph",
            _ => "make-graph",
        }
    }

    /// The plan nodes this graph is made of: the edges and node tables, or the graph
    /// it marks; none for a partition's graph.
    pub fn inputs(&self) -> Vec<&Node> {
        match &self.source {
            GraphSource::Make(m) => std::iter::once(&*m.edges)
                .chain(m.nodes.iter().map(|n| &*n.input))
                .collect(),
            GraphSource::MarkComponents(m) => vec![&m.input],
            GraphSource::Partition | GraphSource::Model => Vec::new(),
        }
    }

    /// [`Graph::inputs`], mutably.
    pub fn inputs_mut(&mut self) -> Vec<&mut Node> {
        match &mut self.source {
            GraphSource::Make(m) => std::iter::once(&mut *m.edges)
                .chain(m.nodes.iter_mut().map(|n| &mut *n.input))
                .collect(),
            GraphSource::MarkComponents(m) => vec![&mut m.input],
            GraphSource::Partition | GraphSource::Model => Vec::new(),
        }
    }
}

impl GraphTable {
    /// The operator's name in KQL.
    pub fn operator_name(&self) -> &'static str {
        match self {
            GraphTable::Match(m) if m.shortest.is_some() => "graph-shortest-paths",
            GraphTable::Match(_) => "graph-match",
            GraphTable::Partitioned(_) => "make-graph",
            GraphTable::ToTable(_) | GraphTable::Tables => "graph-to-table",
        }
    }

    /// The graph it reads (and, for a partitioned make-graph, the operator it runs).
    pub fn inputs(&self) -> Vec<&Node> {
        match self {
            GraphTable::Match(m) => vec![&m.input],
            GraphTable::ToTable(t) => vec![&t.input],
            GraphTable::Partitioned(p) => vec![&p.graph, &p.body],
            GraphTable::Tables => Vec::new(),
        }
    }

    /// [`GraphTable::inputs`], mutably.
    pub fn inputs_mut(&mut self) -> Vec<&mut Node> {
        match self {
            GraphTable::Match(m) => vec![&mut m.input],
            GraphTable::ToTable(t) => vec![&mut t.input],
            GraphTable::Partitioned(p) => vec![&mut p.graph, &mut p.body],
            GraphTable::Tables => Vec::new(),
        }
    }

    /// The expressions it evaluates (for the checker's hover and walks).
    pub fn exprs(&self) -> Vec<&Expr> {
        let GraphTable::Match(m) = self else {
            return Vec::new();
        };
        let filters = (m.filters.nodes.iter())
            .chain(&m.filters.edges)
            .chain(&m.filters.inner_nodes)
            .flatten();
        let paths = m.slots.iter().filter_map(|s| match s {
            Slot::Path(p) => Some(&p.body),
            _ => None,
        });
        filters
            .chain(paths)
            .chain(&m.predicate)
            .chain(&m.project)
            .collect()
    }
}
