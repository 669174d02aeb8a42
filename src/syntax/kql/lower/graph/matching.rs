//! Lowering `graph-match` and `graph-shortest-paths`: the pattern, the `where`
//! constraints split into what one variable decides (applied while matching, so a
//! filtered node or edge is never walked) and the rest (on each match's row), and the
//! `project` columns.
//!
//! A constraint that reads only the properties of a variable length edge holds for
//! each of its edges (graph-match-operator page: a sequence matches "if all the edges
//! in the sequence satisfy the constraints outlined in the where clause"); so does
//! `all(e, …)` and, for the inner nodes, `all(inner_nodes(e), …)`.

use super::super::expr::Input;
use super::super::scope::Scope;
use super::super::sources::fresh_name;
use super::super::{Lowerer, Tab};
use super::pattern::{self, Var};
use super::rewrite::{Read, Rewriter, Use, element_columns};
use super::{graph_schema, param_word};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::graph::{
    Cycles, Filters, GraphMatch, GraphSchema, GraphTable, PathFunction, PathFunctionKind,
    ShortestOutput, Slot,
};
use crate::plan::{Expr, Op};
use crate::source::Span;
use crate::syntax::kql::ast::{self, BinaryOp, ExprKind as K};
use crate::value::{Column, Type, Value};

/// The match's row being laid out: its columns and what each holds.
struct Row {
    columns: Vec<Column>,
    slots: Vec<Slot>,
}

impl<'c> Lowerer<'c> {
    pub(in super::super) fn graph_match<'a>(
        &self,
        input: Tab,
        m: &'a ast::GraphMatch,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let schema = graph_schema(&input, span)?.clone();
        let (cycles, shortest) = options(m)?;
        let vars = pattern::lower(&m.pattern, m.shortest, span)?;
        if m.project.is_empty() {
            return Err(Diagnostic::new(
                Code::Unsupported,
                span,
                "kqlc runs a graph pattern with a `project` clause only",
            )
            .with_help("name the columns of each match: `… project a.name, b.name`"));
        }
        let mut rewriter = Rewriter::new(&vars, &schema);
        let mut row = Row {
            columns: Vec::new(),
            slots: Vec::new(),
        };
        let mut filters = Filters {
            nodes: vec![None; vars.pattern.nodes],
            edges: vec![None; vars.pattern.edges.len()],
            inner_nodes: vec![None; vars.pattern.edges.len()],
        };
        let mut residual = Vec::new();
        for c in m.predicate.iter().flat_map(conjuncts) {
            let lowered = self.constraint(c, &mut rewriter, &mut row, &mut filters, scope);
            let lowered = self.or_missing(lowered, &rewriter);
            residual.extend(self.recovered(lowered, || None)?);
        }
        let predicate = residual.into_iter().reduce(|l, r| {
            let span = l.span.to(r.span);
            self.binary(ast::BinaryOp::And, l, r, span)
        });
        let (project, output) = self.projections(&m.project, &mut rewriter, &mut row, scope)?;
        let op = GraphMatch {
            input: Box::new(input.node),
            pattern: vars.pattern.clone(),
            cycles,
            shortest,
            slots: row.slots,
            filters,
            predicate,
            project,
        };
        let op = Op::GraphTable(Box::new(GraphTable::Match(Box::new(op))));
        Ok(Tab::new(op, output, span, None))
    }

    /// The `project` columns: their expressions over the match's row and their names.
    fn projections<'a>(
        &self,
        items: &[ast::Assignment],
        rewriter: &mut Rewriter,
        row: &mut Row,
        scope: &Scope<'a>,
    ) -> Result<(Vec<Expr>, Vec<Column>)> {
        let mut project = Vec::new();
        let mut output: Vec<Column> = Vec::new();
        for item in items {
            let lowered = self.row_expr(&item.value, rewriter, row, scope);
            let lowered = self.or_missing(lowered, rewriter);
            let unknown = || Expr::literal(Value::Null, Type::Unknown, item.value.span);
            let e = self.recovered(lowered, unknown)?;
            let name = fresh_name(&self.assigned_name(item, &[]), &output);
            output.push(Column::new(name, e.ty));
            project.push(e);
        }
        Ok((project, output))
    }

    /// Check mode: an error is reported and `fallback` stands in for what failed, so
    /// the rest of the operator is still checked; otherwise the error.
    fn recovered<T>(&self, lowered: Result<T>, fallback: impl FnOnce() -> T) -> Result<T> {
        match lowered {
            Err(d) if self.check && self.probing.get() == 0 => {
                self.report(d);
                Ok(fallback())
            }
            other => other,
        }
    }

    /// A property the graph lacks: when it may come from an open table, the next
    /// lowering round looks for it there.
    fn or_missing<T>(&self, lowered: Result<T>, rewriter: &Rewriter) -> Result<T> {
        if lowered.is_err()
            && let Some(missing) = &rewriter.missing
            && let Some(table) = &missing.open
        {
            self.discover(table, &missing.name, missing.error.clone());
        }
        lowered
    }

    /// One conjunct of `where`: a filter of the one variable it reads (`None`
    /// returned), or an expression over the match's row.
    fn constraint<'a>(
        &self,
        c: &ast::Expr,
        rewriter: &mut Rewriter,
        row: &mut Row,
        filters: &mut Filters,
        scope: &Scope<'a>,
    ) -> Result<Option<Expr>> {
        let mut uses = Vec::new();
        let rewritten = rewriter.outer(c, &mut uses)?;
        match single_variable(&uses, &rewritten) {
            Some(Decides::Node(n)) => {
                let columns = element_columns(
                    &rewriter.schema.nodes,
                    true,
                    &prefix(rewriter, Var::Node(n)),
                );
                let e = self.filter_expr(&rewritten, &columns, scope)?;
                add_filter(&mut filters.nodes[n], e, self);
                Ok(None)
            }
            Some(Decides::Edge(x)) => {
                let columns = element_columns(
                    &rewriter.schema.edges,
                    false,
                    &prefix(rewriter, Var::Edge(x)),
                );
                let e = self.filter_expr(&rewritten, &columns, scope)?;
                add_filter(&mut filters.edges[x], e, self);
                Ok(None)
            }
            Some(Decides::Each {
                edge,
                inner_nodes,
                body,
            }) => {
                let properties = match inner_nodes {
                    true => &rewriter.schema.nodes,
                    false => &rewriter.schema.edges,
                };
                let columns = element_columns(properties, inner_nodes, "");
                let e = self.filter_expr(body, &columns, scope)?;
                let target = match inner_nodes {
                    true => &mut filters.inner_nodes[edge],
                    false => &mut filters.edges[edge],
                };
                add_filter(target, e, self);
                Ok(None)
            }
            None => {
                let e = self.over_row(&rewritten, uses, rewriter.schema, row, scope)?;
                Ok(Some(e))
            }
        }
    }

    /// An expression over the match's row (a `project` column).
    fn row_expr<'a>(
        &self,
        e: &ast::Expr,
        rewriter: &mut Rewriter,
        row: &mut Row,
        scope: &Scope<'a>,
    ) -> Result<Expr> {
        let mut uses = Vec::new();
        let rewritten = rewriter.outer(e, &mut uses)?;
        self.over_row(&rewritten, uses, rewriter.schema, row, scope)
    }

    /// Lays out the row columns `uses` reads, then lowers `rewritten` against the row.
    fn over_row<'a>(
        &self,
        rewritten: &ast::Expr,
        uses: Vec<Use>,
        schema: &GraphSchema,
        row: &mut Row,
        scope: &Scope<'a>,
    ) -> Result<Expr> {
        for u in uses {
            if row.columns.iter().any(|c| c.name == u.name) {
                continue;
            }
            let (slot, ty) = match u.what {
                Read::Slot(slot, ty) => (slot, ty),
                Read::Path {
                    edge,
                    inner_nodes,
                    kind,
                    body,
                } => {
                    let properties = match inner_nodes {
                        true => &schema.nodes,
                        false => &schema.edges,
                    };
                    let columns = element_columns(properties, inner_nodes, "");
                    let body = self.filter_expr(&body, &columns, scope)?;
                    let ty = match kind {
                        PathFunctionKind::Map => Type::Dynamic,
                        _ => Type::Bool,
                    };
                    let f = PathFunction {
                        edge,
                        inner_nodes,
                        kind,
                        body,
                    };
                    (Slot::Path(f), ty)
                }
            };
            row.columns.push(Column::new(u.name, ty));
            row.slots.push(slot);
        }
        let input = Input {
            schema: &row.columns,
            open: None,
        };
        self.scalar(rewritten, &input, scope)
    }

    /// `e` lowered against the row of one node or edge.
    fn filter_expr<'a>(
        &self,
        e: &ast::Expr,
        columns: &[Column],
        scope: &Scope<'a>,
    ) -> Result<Expr> {
        let input = Input {
            schema: columns,
            open: None,
        };
        self.scalar(e, &input, scope)
    }
}

/// The column-name prefix of a variable's filter (`a.`).
fn prefix(rewriter: &Rewriter, var: Var) -> String {
    let name = rewriter.vars.names.iter().find(|(_, v)| *v == var);
    name.map_or_else(String::new, |(n, _)| format!("{n}."))
}

/// Adds `e` to a variable's filter, `and`ed with what it has.
fn add_filter(filter: &mut Option<Expr>, e: Expr, lowerer: &Lowerer) {
    *filter = Some(match filter.take() {
        None => e,
        Some(before) => {
            let span = before.span.to(e.span);
            lowerer.binary(ast::BinaryOp::And, before, e, span)
        }
    });
}

/// What one conjunct decides alone.
enum Decides<'e> {
    /// Whether a node variable may take a node.
    Node(usize),
    /// Whether an edge variable may take an edge (each edge of a variable length one).
    Edge(usize),
    /// `all(e, body)`, `all(inner_nodes(e), body)`: each edge (inner node) must pass.
    Each {
        edge: usize,
        inner_nodes: bool,
        body: &'e ast::Expr,
    },
}

/// The one variable a rewritten conjunct reads, when it reads only that one's
/// properties and graph functions (or is a lone `all()` over it).
fn single_variable<'e>(uses: &'e [Use], rewritten: &ast::Expr) -> Option<Decides<'e>> {
    let owner = |u: &Use| match &u.what {
        Read::Slot(Slot::NodeProperty { node, .. } | Slot::NodeFunction { node, .. }, _) => {
            Some(Decides::Node(*node))
        }
        Read::Slot(Slot::EdgeProperty { edge, .. } | Slot::EdgeLabels { edge }, _) => {
            Some(Decides::Edge(*edge))
        }
        _ => None,
    };
    if let [only] = uses
        && let Read::Path {
            edge,
            inner_nodes,
            kind: PathFunctionKind::All,
            body,
        } = &only.what
        && matches!(&rewritten.kind, K::Name(id) if id.name == only.name)
    {
        return Some(Decides::Each {
            edge: *edge,
            inner_nodes: *inner_nodes,
            body,
        });
    }
    let mut owners = uses.iter().map(owner);
    let first = owners.next()??;
    let same = |d: &Option<Decides>| match (d, &first) {
        (Some(Decides::Node(a)), Decides::Node(b)) | (Some(Decides::Edge(a)), Decides::Edge(b)) => {
            a == b
        }
        _ => false,
    };
    owners.all(|d| same(&d)).then_some(first)
}

/// The conjuncts of a predicate: the operands of its top-level `and`s.
fn conjuncts(e: &ast::Expr) -> Vec<&ast::Expr> {
    match &e.kind {
        K::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } => {
            let mut out = conjuncts(lhs);
            out.extend(conjuncts(rhs));
            out
        }
        K::Paren(inner) => conjuncts(inner),
        _ => vec![e],
    }
}

/// `cycles = …` of graph-match, `output = …` of graph-shortest-paths.
fn options(m: &ast::GraphMatch) -> Result<(Cycles, Option<ShortestOutput>)> {
    let mut cycles = Cycles::UniqueEdges;
    let mut output = ShortestOutput::Any;
    for p in &m.params {
        let word = param_word(p);
        match (m.shortest, p.name.name.as_str(), word) {
            (false, "cycles", Some("all")) => cycles = Cycles::All,
            (false, "cycles", Some("none")) => cycles = Cycles::None,
            (false, "cycles", Some("unique_edges")) => cycles = Cycles::UniqueEdges,
            (true, "output", Some("any")) => output = ShortestOutput::Any,
            (true, "output", Some("all")) => output = ShortestOutput::All,
            (false, "cycles", _) | (true, "output", _) => {
                let allowed = match m.shortest {
                    true => "`any` or `all`",
                    false => "`all`, `none` or `unique_edges`",
                };
                return Err(Diagnostic::new(
                    Code::SyntaxError,
                    p.value.span,
                    format!("`{}` is {allowed}", p.name.name),
                ));
            }
            _ => {
                return Err(Diagnostic::new(
                    Code::SyntaxError,
                    p.span,
                    format!("`{}` is not a parameter of this operator", p.name.name),
                )
                .with_help(match m.shortest {
                    true => "graph-shortest-paths takes `output = any|all`",
                    false => "graph-match takes `cycles = all|none|unique_edges`",
                }));
            }
        }
    }
    Ok((cycles, m.shortest.then_some(output)))
}
