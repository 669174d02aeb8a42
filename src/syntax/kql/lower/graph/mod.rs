//! Lowering the graph operators. `make-graph` and `graph-mark-components` make an
//! `Op::Graph` node (a graph, no columns); `graph-match`, `graph-shortest-paths` and
//! `graph-to-table` read one and make a table. A graph where a table is expected, or a
//! table where a graph is, is an error at the operator that reads it.

mod matching;
mod pattern;
mod rewrite;

use super::expr::Input;
use super::scope::Scope;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::graph::{
    Graph, GraphSchema, GraphSource, GraphTable, MakeGraph, MarkComponents, NodeTable, Partitioned,
    TablePart, ToTable,
};
use crate::plan::{ExprKind, Op};
use crate::source::Span;
use crate::syntax::kql::ast::{self, OperatorKind as K};
use crate::value::{Column, Type};

/// What a lowered tabular expression's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Table,
    Graph,
    /// The two named tables of `graph-to-table nodes as N, edges as E`.
    Tables,
}

fn kind(tab: &Tab) -> Kind {
    match &tab.node.op {
        Op::Graph(_) => Kind::Graph,
        Op::GraphTable(t) if matches!(**t, GraphTable::Tables) => Kind::Tables,
        _ => Kind::Table,
    }
}

/// Whether the operator reads a graph (rather than a table).
fn reads_graph(op: &K) -> bool {
    matches!(
        op,
        K::GraphMatch(_) | K::GraphToTable(_) | K::GraphMarkComponents { .. }
    )
}

/// The help shared by the errors of a graph where a table is expected.
const READ_A_GRAPH: &str = "a graph is read by graph-match, graph-shortest-paths, graph-to-table or graph-mark-components; `| graph-to-table nodes` (or `edges`) makes a table of it";

/// The help for the two tables of `graph-to-table nodes as N, edges as E`.
const READ_BY_NAME: &str = "end the statement with `;` and read the tables by their names in the statements after it (`…; N; E`)";

impl<'c> Lowerer<'c> {
    /// The error for operator `op` when its input is not what it reads: a graph
    /// before an operator that reads a table, or a table before a graph operator.
    pub(crate) fn misplaced(&self, tab: &Tab, op: &ast::Operator) -> Option<Diagnostic> {
        let name = operator_name(&op.kind);
        match (kind(tab), reads_graph(&op.kind)) {
            (Kind::Graph, false) => Some(
                Diagnostic::new(
                    Code::TypeMismatch,
                    op.span,
                    format!(
                        "`{name}` reads a table, but its input is a graph (made by `make-graph`)"
                    ),
                )
                .with_help(READ_A_GRAPH),
            ),
            (Kind::Table, true) => Some(
                Diagnostic::new(
                    Code::TypeMismatch,
                    op.span,
                    format!("`{name}` reads a graph, but its input is a table"),
                )
                .with_help(
                    "build a graph of the table's rows first: `| make-graph Source --> Target`",
                ),
            ),
            (Kind::Tables, _) => Some(
                Diagnostic::new(
                    Code::TypeMismatch,
                    op.span,
                    "`graph-to-table` of nodes and edges makes two tables, not one to pipe on",
                )
                .with_help(READ_BY_NAME),
            ),
            _ => None,
        }
    }

    /// `tab` when it is a table; the error at `span` when it is a graph (or the two
    /// tables of `graph-to-table`).
    pub(crate) fn table_only(&self, tab: Tab, span: Span) -> Result<Tab> {
        match kind(&tab) {
            Kind::Table => Ok(tab),
            Kind::Graph => Err(Diagnostic::new(
                Code::TypeMismatch,
                span,
                "a graph is used where a table is expected",
            )
            .with_help(READ_A_GRAPH)),
            Kind::Tables => Err(Diagnostic::new(
                Code::TypeMismatch,
                span,
                "`graph-to-table` of nodes and edges makes two tables, not one",
            )
            .with_help(READ_BY_NAME)),
        }
    }

    /// `make-graph Src --> Dst [with T on K, … | with_node_id = N] [partitioned-by …]`.
    pub(super) fn make_graph<'a>(
        &self,
        edges: Tab,
        make: &'a ast::MakeGraph,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let source = self.column_index(&make.source, &edges, scope)?;
        let target = self.column_index(&make.target, &edges, scope)?;
        let mut tables = Vec::new();
        for t in &make.nodes {
            let table = self.tabular(&t.table, scope)?;
            let key = self.column_index(&t.key, &table, scope)?;
            tables.push((table, key));
        }
        let mut schema = GraphSchema {
            edges: edges.schema().to_vec(),
            open_edges: edges.open.clone(),
            open_nodes: tables.iter().find_map(|(t, _)| t.open.clone()),
            nodes: Vec::new(),
        };
        let partition = match &make.partition {
            Some(p) => {
                let edge_key = self.column_index(&p.column, &edges, scope)?;
                let node_keys = (tables.iter())
                    .map(|(t, _)| self.column_index(&p.column, t, scope))
                    .collect::<Result<Vec<_>>>()?;
                Some((p, edge_key, node_keys))
            }
            None => None,
        };
        let mut id_properties = Vec::new();
        let mut nodes = Vec::new();
        if let Some(name) = &make.node_id {
            let (s, t) = (edges.schema()[source].ty, edges.schema()[target].ty);
            let ty = if s == t { s } else { Type::Dynamic };
            schema.nodes.push(Column::new(name.name.clone(), ty));
            id_properties.push(0);
        }
        for (table, key) in tables {
            let properties = merge_columns(&mut schema.nodes, table.schema());
            if !id_properties.contains(&properties[key]) {
                id_properties.push(properties[key]);
            }
            nodes.push(NodeTable {
                input: Box::new(table.node),
                key,
                properties,
            });
        }
        let graph = Graph {
            source: GraphSource::Make(MakeGraph {
                edges: Box::new(edges.node),
                source,
                target,
                nodes,
                id_properties,
            }),
            schema,
        };
        let graph = Tab::new(Op::Graph(Box::new(graph)), Vec::new(), span, None);
        match partition {
            None => Ok(graph),
            Some((p, edge_key, node_keys)) => {
                self.partitioned(graph, &p.body, edge_key, node_keys, span, scope)
            }
        }
    }

    /// `make-graph … partitioned-by C (op)`: `op` lowered on a partition's graph.
    fn partitioned<'a>(
        &self,
        graph: Tab,
        body: &'a ast::Operator,
        edge_key: usize,
        node_keys: Vec<usize>,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let Some(whole) = graph.node.graph() else {
            return Err(Diagnostic::new(Code::TypeMismatch, span, "not a graph"));
        };
        let part = Graph {
            source: GraphSource::Partition,
            schema: whole.schema.clone(),
        };
        let input = Tab::new(Op::Graph(Box::new(part)), Vec::new(), body.span, None);
        let body = self.operator(input, body, scope)?;
        let schema = body.node.schema.clone();
        let op = GraphTable::Partitioned(Partitioned {
            graph: Box::new(graph.node),
            edge_key,
            node_keys,
            body: Box::new(body.node),
        });
        Ok(Tab::new(Op::GraphTable(Box::new(op)), schema, span, None))
    }

    /// `graph("Model")`: `kqlc run` cannot read a persistent graph model; `kqlc check`
    /// warns and checks what follows against a graph whose properties it takes on
    /// trust (open tables of nodes and edges, found as the query reads them).
    pub(crate) fn graph_model(&self, span: Span) -> Result<Tab> {
        let unsupported = Diagnostic::new(
            Code::Unsupported,
            span,
            "kqlc cannot read a persistent graph model (`graph(\"…\")`)",
        )
        .with_help("build the graph in the query with `make-graph`");
        if !self.check {
            return Err(unsupported);
        }
        self.report(unsupported.with_severity(crate::diagnostic::Severity::Warning));
        Ok(self.open_graph(span))
    }

    /// A graph whose properties are not known: read from open tables of nodes and
    /// edges named after `span`, which later lowering rounds fill as the query reads
    /// properties (check mode).
    fn open_graph(&self, span: Span) -> Tab {
        let open = |part: &str| format!("<output of {}..{} {part}>", span.start, span.end);
        let columns = |name: &str| self.table_info(name).map(|t| t.columns).unwrap_or_default();
        let (nodes, edges) = (open("nodes"), open("edges"));
        let schema = GraphSchema {
            nodes: columns(&nodes),
            edges: columns(&edges),
            open_nodes: Some(nodes),
            open_edges: Some(edges),
        };
        let graph = Graph {
            source: GraphSource::Model,
            schema,
        };
        Tab::new(Op::Graph(Box::new(graph)), Vec::new(), span, None)
    }

    /// Check mode: the input of a graph operator when it is a table whose columns are
    /// not known (an assumed workspace function's result may well be a graph): a graph
    /// taken on trust. Any other input as it is.
    pub(crate) fn graph_on_trust(&self, tab: Tab, op: &ast::Operator) -> Tab {
        let unknown = tab.open.as_deref().is_some_and(|t| {
            t.starts_with("<output of ")
                || self.catalog.table(t).is_none_or(|i| i.columns.is_empty())
        });
        match self.check && reads_graph(&op.kind) && kind(&tab) == Kind::Table && unknown {
            true => self.open_graph(tab.node.span),
            false => tab,
        }
    }

    /// The query's result: a table. A graph (or the two tables of `graph-to-table`)
    /// is valid Kusto that kqlc cannot output: an error for `kqlc run`, a warning for
    /// `kqlc check` (which then has no columns to check after it).
    pub(crate) fn result_table(&self, tab: Tab, span: Span) -> Result<Tab> {
        if !self.check || kind(&tab) == Kind::Table {
            return self.table_only(tab, span);
        }
        let d = Diagnostic::new(
            Code::Unsupported,
            span,
            "the query's result is a graph (or two tables), which kqlc cannot output",
        )
        .with_help(READ_A_GRAPH);
        self.report(d.with_severity(crate::diagnostic::Severity::Warning));
        self.unsupported_quietly(None, span)
    }

    /// `graph-mark-components [kind = weak|strong] [with_component_id = C]`.
    pub(super) fn mark_components(
        &self,
        input: Tab,
        params: &[ast::OpParam],
        span: Span,
    ) -> Result<Tab> {
        let mut strong = false;
        let mut name = "ComponentId".to_string();
        for p in params {
            match (p.name.name.as_str(), param_word(p)) {
                ("kind", Some("weak")) => strong = false,
                ("kind", Some("strong")) => strong = true,
                ("with_component_id", Some(word)) => name = word.to_string(),
                _ => {
                    return Err(bad_param(
                        p,
                        "`kind = weak|strong`, `with_component_id = Name`",
                    ));
                }
            }
        }
        let mut schema = graph_schema(&input, span)?.clone();
        let property = match schema.nodes.iter().position(|c| c.name == name) {
            Some(i) => {
                schema.nodes[i].ty = Type::Long;
                i
            }
            None => {
                schema.nodes.push(Column::new(name, Type::Long));
                schema.nodes.len() - 1
            }
        };
        let graph = Graph {
            source: GraphSource::MarkComponents(MarkComponents {
                input: Box::new(input.node),
                strong,
                property,
            }),
            schema,
        };
        Ok(Tab::new(Op::Graph(Box::new(graph)), Vec::new(), span, None))
    }

    /// `graph-to-table nodes|edges …`, or both: each part named with `as` is read by
    /// name in the statements after this one; the statement's own table is its one
    /// unnamed part (none when both are named: it then has no table).
    pub(super) fn graph_to_table(
        &self,
        input: Tab,
        parts: &[ast::GraphTablePart],
        span: Span,
    ) -> Result<Tab> {
        let graph = graph_schema(&input, span)?;
        for (i, part) in parts.iter().enumerate() {
            if parts[..i].iter().any(|p| p.part.name == part.part.name) {
                return Err(Diagnostic::new(
                    Code::SyntaxError,
                    part.part.span,
                    format!("`{}` is exported twice", part.part.name),
                ));
            }
        }
        let mut tables = (parts.iter())
            .map(|part| self.table_part(&input, graph, part))
            .collect::<Result<Vec<_>>>()?;
        for (part, table) in parts.iter().zip(&tables) {
            if let Some(name) = &part.name {
                let named = (name.name.clone(), table.clone());
                self.graph_tables.borrow_mut().push(named);
            }
        }
        if tables.len() == 1 {
            return Ok(tables.remove(0));
        }
        let mut unnamed = (parts.iter().zip(tables))
            .filter(|(part, _)| part.name.is_none())
            .map(|(_, table)| table);
        match (unnamed.next(), unnamed.next()) {
            (Some(table), None) => Ok(table),
            (None, _) => Ok(Tab::new(
                Op::GraphTable(Box::new(GraphTable::Tables)),
                Vec::new(),
                span,
                None,
            )),
            (Some(_), Some(_)) => Err(Diagnostic::new(
                Code::SyntaxError,
                span,
                "`graph-to-table` of nodes and edges must name them: `nodes as N, edges as E`",
            )),
        }
    }

    /// One `nodes …` or `edges …` of `graph-to-table`.
    fn table_part(
        &self,
        input: &Tab,
        graph: &GraphSchema,
        part: &ast::GraphTablePart,
    ) -> Result<Tab> {
        let nodes = part.part.name == "nodes";
        let allowed = match nodes {
            true => "`with_node_id = Name`",
            false => "`with_source_id = Name`, `with_target_id = Name`",
        };
        let mut ids: Vec<(&str, String)> = Vec::new();
        for p in &part.params {
            let fits = match nodes {
                true => p.name.name == "with_node_id",
                false => matches!(p.name.name.as_str(), "with_source_id" | "with_target_id"),
            };
            match (fits, param_word(p)) {
                (true, Some(word)) => ids.push((p.name.name.as_str(), word.to_string())),
                _ => return Err(bad_param(p, allowed)),
            }
        }
        let id_column = |param: &str| ids.iter().find(|(p, _)| *p == param).map(|(_, n)| n);
        let (table_part, id_names, properties) = match nodes {
            true => (
                TablePart::Nodes {
                    node_id: id_column("with_node_id").is_some(),
                },
                vec![id_column("with_node_id")],
                &graph.nodes,
            ),
            false => (
                TablePart::Edges {
                    source_id: id_column("with_source_id").is_some(),
                    target_id: id_column("with_target_id").is_some(),
                },
                vec![id_column("with_source_id"), id_column("with_target_id")],
                &graph.edges,
            ),
        };
        let schema: Vec<Column> = (id_names.into_iter().flatten())
            .map(|n| Column::new(n.clone(), Type::Long))
            .chain(properties.iter().cloned())
            .collect();
        let op = GraphTable::ToTable(ToTable {
            input: Box::new(input.node.clone()),
            part: table_part,
        });
        Ok(Tab::new(
            Op::GraphTable(Box::new(op)),
            schema,
            part.span,
            None,
        ))
    }

    /// The position of column `id` in `tab` (an unknown column is the usual error).
    fn column_index(&self, id: &ast::Ident, tab: &Tab, scope: &Scope) -> Result<usize> {
        let e = self.column_ref(id, &Input::of(tab), scope)?;
        match e.kind {
            ExprKind::Column(i) => Ok(i),
            _ => Err(self.unknown_column(id, &Input::of(tab), scope)),
        }
    }
}

/// The graph schema of a graph's tab.
fn graph_schema(tab: &Tab, span: Span) -> Result<&GraphSchema> {
    match tab.node.graph() {
        Some(g) => Ok(&g.schema),
        None => Err(Diagnostic::new(
            Code::TypeMismatch,
            span,
            "a graph operator reads a graph",
        )),
    }
}

/// Adds a node table's columns to the node properties (a name met again with another
/// type becomes dynamic, as Kusto.Language types it); returns each column's property.
fn merge_columns(properties: &mut Vec<Column>, columns: &[Column]) -> Vec<usize> {
    columns
        .iter()
        .map(|c| match properties.iter().position(|p| p.name == c.name) {
            Some(i) => {
                if properties[i].ty != c.ty {
                    properties[i].ty = Type::Dynamic;
                }
                i
            }
            None => {
                properties.push(c.clone());
                properties.len() - 1
            }
        })
        .collect()
}

/// A parameter's value written as a word or a string.
fn param_word(p: &ast::OpParam) -> Option<&str> {
    match &p.value.kind {
        ast::ExprKind::Name(id) => Some(&id.name),
        ast::ExprKind::Literal(ast::Literal::String(s)) => Some(s),
        _ => None,
    }
}

fn bad_param(p: &ast::OpParam, allowed: &str) -> Diagnostic {
    Diagnostic::new(
        Code::SyntaxError,
        p.span,
        format!("`{}` is not a parameter of this operator here", p.name.name),
    )
    .with_help(format!("it takes {allowed}"))
}

/// An operator's name as a message names it.
fn operator_name(op: &K) -> &'static str {
    match op {
        K::Where(_) => "where",
        K::Extend(_) => "extend",
        K::Project(_) => "project",
        K::ProjectAway(_) => "project-away",
        K::ProjectKeep(_) => "project-keep",
        K::ProjectRename(_) => "project-rename",
        K::ProjectReorder(_) => "project-reorder",
        K::ProjectByNames(_) => "project-by-names",
        K::Summarize { .. } => "summarize",
        K::Count { .. } => "count",
        K::Take(_) => "take",
        K::Top { .. } => "top",
        K::Sort(_) => "sort",
        K::Distinct { .. } => "distinct",
        K::Join { .. } => "join",
        K::Lookup { .. } => "lookup",
        K::Union { .. } => "union",
        K::MvExpand { .. } => "mv-expand",
        K::MvApply { .. } => "mv-apply",
        K::Parse { .. } => "parse",
        K::ParseKv { .. } => "parse-kv",
        K::Evaluate { .. } => "evaluate",
        K::MakeSeries { .. } => "make-series",
        K::Render { .. } => "render",
        K::Serialize(_) => "serialize",
        K::As { .. } => "as",
        K::Invoke(_) => "invoke",
        K::TopNested(_) => "top-nested",
        K::Sample(_) => "sample",
        K::SampleDistinct { .. } => "sample-distinct",
        K::GetSchema => "getschema",
        K::Search { .. } => "search",
        K::Scan { .. } => "scan",
        K::Partition { .. } => "partition",
        K::MakeGraph(_) => "make-graph",
        K::GraphMatch(m) if m.shortest => "graph-shortest-paths",
        K::GraphMatch(_) => "graph-match",
        K::GraphToTable(_) => "graph-to-table",
        K::GraphMarkComponents { .. } => "graph-mark-components",
        K::Reduce { .. } => "reduce",
        K::TopHitters { .. } => "top-hitters",
        K::Consume { .. } => "consume",
        K::Opaque { .. } => "this operator",
    }
}
