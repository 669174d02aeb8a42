//! A `graph-match` pattern as the plan's [`Pattern`]: its node and edge variables
//! numbered, and the checks Kusto makes of it (graph-match-operator page: a node name
//! repeated is one node; the paths share nodes, "only single connected component
//! patterns are supported"; graph-shortest-paths-operator page: one path with a
//! variable length edge).

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::graph::{Direction, Path, Pattern, PatternEdge};
use crate::source::Span;
use crate::syntax::kql::ast;

/// What a pattern variable's name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Var {
    Node(usize),
    Edge(usize),
}

/// The plan pattern and the named variables, in the order written.
pub struct Lowered {
    pub pattern: Pattern,
    pub names: Vec<(String, Var)>,
}

impl Lowered {
    pub fn var(&self, name: &str) -> Option<Var> {
        self.names.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

/// Numbers the variables of `paths` and checks the pattern.
pub fn lower(paths: &[ast::PatternPath], shortest: bool, span: Span) -> Result<Lowered> {
    let mut out = Lowered {
        pattern: Pattern::default(),
        names: Vec::new(),
    };
    for path in paths {
        let start = node(&mut out, &path.start)?;
        let mut steps = Vec::new();
        for (edge, next) in &path.steps {
            let e = self::edge(&mut out, edge)?;
            steps.push((e, node(&mut out, next)?));
        }
        out.pattern.paths.push(Path { start, steps });
    }
    check_connected(&out.pattern, paths)?;
    if shortest {
        check_shortest(&out.pattern, paths, span)?;
    }
    Ok(out)
}

/// The variable of a pattern node: the one of that name, or a new one.
fn node(out: &mut Lowered, node: &ast::PatternNode) -> Result<usize> {
    if let Some(name) = &node.name {
        match out.var(&name.name) {
            Some(Var::Node(n)) => return Ok(n),
            Some(Var::Edge(_)) => return Err(both_kinds(name)),
            None => {}
        }
    }
    let n = out.pattern.nodes;
    out.pattern.nodes += 1;
    if let Some(name) = &node.name {
        out.names.push((name.name.clone(), Var::Node(n)));
    }
    Ok(n)
}

/// A new edge variable (an edge name may be written once).
fn edge(out: &mut Lowered, edge: &ast::PatternEdge) -> Result<usize> {
    if let Some(name) = &edge.name {
        match out.var(&name.name) {
            Some(Var::Edge(_)) => {
                return Err(Diagnostic::new(
                    Code::SyntaxError,
                    name.span,
                    format!("the edge `{}` is named twice in the pattern", name.name),
                )
                .with_help("give each edge of the pattern its own name"));
            }
            Some(Var::Node(_)) => return Err(both_kinds(name)),
            None => {}
        }
    }
    let (min, max) = match edge.hops {
        Some(h) if h.min > h.max => {
            return Err(Diagnostic::new(
                Code::SyntaxError,
                h.span,
                format!(
                    "a variable length edge of at least {} and at most {} edges matches nothing",
                    h.min, h.max
                ),
            )
            .with_help("write the least number of edges first: `*min..max`"));
        }
        Some(h) => (to_count(h.min), to_count(h.max)),
        None => (1, 1),
    };
    let direction = match edge.direction {
        ast::EdgeDirection::Right => Direction::Forward,
        ast::EdgeDirection::Left => Direction::Backward,
        ast::EdgeDirection::Any => Direction::Either,
    };
    let e = out.pattern.edges.len();
    out.pattern.edges.push(PatternEdge {
        min,
        max,
        variable: edge.hops.is_some(),
        direction,
    });
    if let Some(name) = &edge.name {
        out.names.push((name.name.clone(), Var::Edge(e)));
    }
    Ok(e)
}

/// A hop count as written (the parser keeps it in `0..2^31`).
fn to_count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn both_kinds(name: &ast::Ident) -> Diagnostic {
    Diagnostic::new(
        Code::SyntaxError,
        name.span,
        format!(
            "`{}` names both a node and an edge of the pattern",
            name.name
        ),
    )
}

/// The paths must form one connected pattern: joined through shared node names.
fn check_connected(pattern: &Pattern, paths: &[ast::PatternPath]) -> Result<()> {
    let mut parent: Vec<usize> = (0..pattern.nodes).collect();
    fn root(parent: &mut [usize], mut n: usize) -> usize {
        while parent[n] != n {
            n = parent[n];
        }
        n
    }
    for path in &pattern.paths {
        for &(_, node) in &path.steps {
            let (a, b) = (root(&mut parent, path.start), root(&mut parent, node));
            parent[a] = b;
        }
    }
    let first = pattern.paths.first().map(|p| root(&mut parent, p.start));
    for (path, written) in pattern.paths.iter().zip(paths) {
        if Some(root(&mut parent, path.start)) != first {
            return Err(Diagnostic::new(
                Code::SyntaxError,
                written.span,
                "this path shares no node with the rest of the pattern",
            )
            .with_help(
                "paths of one pattern are joined by a node name they share: `(a)-->(b), (b)-->(c)`",
            ));
        }
    }
    Ok(())
}

/// `graph-shortest-paths` takes one path with a variable length edge.
fn check_shortest(pattern: &Pattern, paths: &[ast::PatternPath], span: Span) -> Result<()> {
    if let Some(second) = paths.get(1) {
        return Err(Diagnostic::new(
            Code::SyntaxError,
            second.span,
            "`graph-shortest-paths` takes a single path, not several",
        ));
    }
    if !pattern.edges.iter().any(|e| e.variable) {
        return Err(Diagnostic::new(
            Code::SyntaxError,
            paths.first().map_or(span, |p| p.span),
            "`graph-shortest-paths` needs a variable length edge in its path",
        )
        .with_help("write the edge with the lengths to search: `-[e*1..5]->`"));
    }
    Ok(())
}
