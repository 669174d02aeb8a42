//! Finding the matches of a graph pattern: a depth-first search that binds the node
//! variables path by path and walks each pattern edge over `min..max` graph edges,
//! keeping to the variables' filters and the `cycles` policy.
//!
//! The search is bounded: every edge it tries is a step (a match, one per edge of it),
//! and after [`MAX_STEPS`] steps
//! it stops with an error rather than run on (a dense graph and a long variable length
//! edge have more paths than any query could want); deep walks get fresh stack.

use super::data::GraphData;
use super::elements::{Masks, allows};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::exec::{ExecContext, Flow};
use crate::plan::tabular::graph::{Cycles, Pattern};
use crate::source::Span;

/// The most steps one `graph-match` or `graph-shortest-paths` takes: an edge tried,
/// a start node tried, or a match (as many steps as it has edges).
pub const MAX_STEPS: usize = 1 << 22;

/// Below this much free stack a deeper walk gets a fresh segment.
const STACK_RED_ZONE: usize = 256 * 1024;
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// One match being built: the bound nodes, and per edge variable its edges and inner
/// nodes in the order walked.
#[derive(Clone, Debug)]
pub struct State {
    pub nodes: Vec<Option<usize>>,
    pub paths: Vec<Vec<usize>>,
    pub inner_nodes: Vec<Vec<usize>>,
    /// Per graph edge (node), how many places of the match use it.
    edge_uses: Vec<u32>,
    node_uses: Vec<u32>,
    /// The edges of the pattern edges walked to the end so far.
    length: usize,
}

/// One step of the search: bind a path's first node, or walk a pattern edge.
#[derive(Clone, Copy, Debug)]
enum Walk {
    Start(usize),
    Edge {
        edge: usize,
        from: usize,
        to: usize,
        /// The least and most edges of the pattern edges after this one.
        rest_min: usize,
        rest_max: usize,
    },
}

/// What the search calls with each match; `Flow::Stop` ends the search.
pub type OnMatch<'f> = dyn FnMut(&State, &ExecContext) -> Result<Flow> + 'f;

pub struct Matcher<'a> {
    pattern: &'a Pattern,
    cycles: Cycles,
    graph: &'a GraphData,
    masks: &'a Masks,
    walks: Vec<Walk>,
    span: Span,
    steps: usize,
    /// When set, only matches with exactly this many edges (shortest paths).
    pub total: Option<usize>,
    /// The most edges a partial match has had in the last search.
    pub reached: usize,
}

impl<'a> Matcher<'a> {
    pub fn new(
        pattern: &'a Pattern,
        cycles: Cycles,
        graph: &'a GraphData,
        masks: &'a Masks,
        span: Span,
    ) -> Matcher<'a> {
        Matcher {
            pattern,
            cycles,
            graph,
            masks,
            walks: walks(pattern),
            span,
            steps: 0,
            total: None,
            reached: 0,
        }
    }

    /// The least and most edges a match has.
    pub fn lengths(&self) -> (usize, usize) {
        let edges = self.pattern.edges.iter();
        let min = edges.clone().map(|e| e.min).fold(0, usize::saturating_add);
        let max = edges.map(|e| e.max).fold(0, usize::saturating_add);
        (min, max)
    }

    /// Calls `on_match` with every match, in search order.
    pub fn run(&mut self, cx: &ExecContext, on_match: &mut OnMatch) -> Result<Flow> {
        let mut state = State {
            nodes: vec![None; self.pattern.nodes],
            paths: vec![Vec::new(); self.pattern.edges.len()],
            inner_nodes: vec![Vec::new(); self.pattern.edges.len()],
            edge_uses: vec![0; self.graph.edges.len()],
            node_uses: vec![0; self.graph.nodes.len()],
            length: 0,
        };
        self.reached = 0;
        self.go(0, &mut state, cx, on_match)
    }

    fn go(
        &mut self,
        at: usize,
        state: &mut State,
        cx: &ExecContext,
        on_match: &mut OnMatch,
    ) -> Result<Flow> {
        match self.walks.get(at).copied() {
            None => {
                // A match costs a row of its edges' values: counted as that many steps.
                self.steps += state.length;
                self.step(cx)?;
                on_match(state, cx)
            }
            Some(Walk::Start(v)) if state.nodes[v].is_some() => {
                self.go(at + 1, state, cx, on_match)
            }
            Some(Walk::Start(v)) => {
                for n in 0..self.graph.nodes.len() {
                    self.step(cx)?;
                    if self.arrive(at, v, n, state, cx, on_match)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
                Ok(Flow::Continue)
            }
            Some(Walk::Edge { from, .. }) => match state.nodes[from] {
                Some(u) => self.extend(at, u, 0, state, cx, on_match),
                None => Ok(Flow::Continue),
            },
        }
    }

    /// Binds node variable `v` to graph node `n` (or checks it is bound to `n`), then
    /// goes on with the search after walk `at`.
    fn arrive(
        &mut self,
        at: usize,
        v: usize,
        n: usize,
        state: &mut State,
        cx: &ExecContext,
        on_match: &mut OnMatch,
    ) -> Result<Flow> {
        if let Some(bound) = state.nodes[v] {
            return match bound == n {
                true => self.go(at + 1, state, cx, on_match),
                false => Ok(Flow::Continue),
            };
        }
        let repeated = self.cycles == Cycles::None && state.node_uses[n] > 0;
        if repeated || !allows(&self.masks.nodes[v], n) {
            return Ok(Flow::Continue);
        }
        state.nodes[v] = Some(n);
        state.node_uses[n] += 1;
        let flow = self.go(at + 1, state, cx, on_match);
        state.node_uses[n] -= 1;
        state.nodes[v] = None;
        flow
    }

    /// Walk `at` has gone `len` edges and stands on `u`: ends there (binding the node
    /// after the pattern edge) when `len` is long enough, and goes one edge further
    /// when it may.
    fn extend(
        &mut self,
        at: usize,
        u: usize,
        len: usize,
        state: &mut State,
        cx: &ExecContext,
        on_match: &mut OnMatch,
    ) -> Result<Flow> {
        let Some(Walk::Edge {
            edge,
            to,
            rest_min,
            rest_max,
            ..
        }) = self.walks.get(at).copied()
        else {
            return Ok(Flow::Continue);
        };
        let pattern_edge = self.pattern.edges[edge];
        let so_far = state.length + len;
        self.reached = self.reached.max(so_far);
        let total = self.total;
        let total_fits = |extra_min: usize, extra_max: usize| {
            total.is_none_or(|t| {
                t >= so_far.saturating_add(extra_min) && t <= so_far.saturating_add(extra_max)
            })
        };
        if len >= pattern_edge.min && total_fits(rest_min, rest_max) {
            state.length += len;
            let flow = self.arrive(at, to, u, state, cx, on_match);
            state.length -= len;
            if flow? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        if len >= pattern_edge.max || !total_fits(rest_min + 1, usize::MAX) {
            return Ok(Flow::Continue);
        }
        if len > 0 {
            let repeated = self.cycles == Cycles::None && state.node_uses[u] > 0;
            if repeated || !allows(&self.masks.inner_nodes[edge], u) {
                return Ok(Flow::Continue);
            }
            state.node_uses[u] += 1;
            state.inner_nodes[edge].push(u);
        }
        let flow = self.each_edge(at, edge, u, len, state, cx, on_match);
        if len > 0 {
            state.node_uses[u] -= 1;
            state.inner_nodes[edge].pop();
        }
        flow
    }

    /// Goes on from `u` along each graph edge pattern edge `edge` may take.
    #[allow(clippy::too_many_arguments)]
    fn each_edge(
        &mut self,
        at: usize,
        edge: usize,
        u: usize,
        len: usize,
        state: &mut State,
        cx: &ExecContext,
        on_match: &mut OnMatch,
    ) -> Result<Flow> {
        let direction = self.pattern.edges[edge].direction;
        let graph = self.graph;
        for (e, v) in graph.neighbours(u, direction) {
            self.step(cx)?;
            let reused = self.cycles == Cycles::UniqueEdges && state.edge_uses[e] > 0;
            if reused || !allows(&self.masks.edges[edge], e) {
                continue;
            }
            state.edge_uses[e] += 1;
            state.paths[edge].push(e);
            let flow = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
                self.extend(at, v, len + 1, state, cx, on_match)
            });
            state.paths[edge].pop();
            state.edge_uses[e] -= 1;
            if flow? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// Counts one step of the search: the error past [`MAX_STEPS`], the timeout's when
    /// the run's deadline has passed.
    fn step(&mut self, cx: &ExecContext) -> Result<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(Diagnostic::new(
                Code::RuntimeError,
                self.span,
                format!(
                    "the pattern search stopped after {MAX_STEPS} steps (edges tried and matched): the graph has too many paths of this pattern"
                ),
            )
            .with_help("narrow the pattern: a smaller `*min..max`, `cycles=none`, or `where` constraints on its nodes and edges"));
        }
        cx.tick()
    }
}

/// The search's steps: each path's first node, then its edges in order, each with the
/// least and most edges of the pattern edges after it.
fn walks(pattern: &Pattern) -> Vec<Walk> {
    let mut walks = Vec::new();
    for path in &pattern.paths {
        walks.push(Walk::Start(path.start));
        let mut from = path.start;
        for &(edge, node) in &path.steps {
            walks.push(Walk::Edge {
                edge,
                from,
                to: node,
                rest_min: 0,
                rest_max: 0,
            });
            from = node;
        }
    }
    let (mut rest_min, mut rest_max) = (0usize, 0usize);
    for walk in walks.iter_mut().rev() {
        if let Walk::Edge {
            edge,
            rest_min: min,
            rest_max: max,
            ..
        } = walk
        {
            (*min, *max) = (rest_min, rest_max);
            let e = pattern.edges[*edge];
            rest_min = rest_min.saturating_add(e.min);
            rest_max = rest_max.saturating_add(e.max);
        }
    }
    walks
}
