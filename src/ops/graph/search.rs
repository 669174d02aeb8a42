//! `graph-match` (every match) and `graph-shortest-paths` (per pair of end nodes, the
//! matches with the fewest edges: searched by increasing length, so a longer path is
//! never looked at for a pair already joined).

use super::data::GraphData;
use super::elements::{Elements, Masks};
use super::matcher::{Matcher, State};
use super::rows::Source;
use crate::diagnostic::Result;
use crate::exec::budget::Meter;
use crate::exec::{ExecContext, Flow, Sink};
use crate::plan::tabular::graph::{GraphMatch, ShortestOutput};
use crate::source::Span;
use crate::value::hash::FastBuild;
use std::collections::HashSet;

pub fn execute(
    op: &GraphMatch,
    span: Span,
    graph: &GraphData,
    down: &mut dyn Sink,
    cx: &ExecContext,
) -> Result<()> {
    let elements = Elements::of(graph);
    // The graph's own rows are charged as the tables it was made of (kept by the run);
    // the rows the search reads are a second copy, held while it runs.
    let mut held = Meter::new("the nodes and edges `graph-match` reads", span);
    for row in elements.nodes.iter().chain(&elements.edges) {
        held.add_row(row, cx)?;
    }
    held.charge(cx)?;
    let masks = Masks::of(&op.filters, &elements, cx)?;
    let mut matcher = Matcher::new(&op.pattern, op.cycles, graph, &masks, span);
    let source = Source {
        op,
        elements: &elements,
    };
    match op.shortest {
        None => {
            matcher.run(cx, &mut |state, cx| match source.output(state, cx)? {
                Some(row) => down.push(row, cx),
                None => Ok(Flow::Continue),
            })?;
        }
        Some(output) => shortest(op, &mut matcher, &source, output, down, cx)?,
    }
    down.finish(cx)
}

/// The shortest matches per (first node, last node) of the pattern's path: the search
/// runs for each total length from the least up, until a length no partial match
/// reaches; a pair found at one length is not reported at a longer one.
fn shortest(
    op: &GraphMatch,
    matcher: &mut Matcher,
    source: &Source,
    output: ShortestOutput,
    down: &mut dyn Sink,
    cx: &ExecContext,
) -> Result<()> {
    let ends = |state: &State| -> Option<(usize, usize)> {
        let path = op.pattern.paths.first()?;
        let last = path.steps.last().map_or(path.start, |&(_, n)| n);
        Some((state.nodes[path.start]?, state.nodes[last]?))
    };
    let (least, most) = matcher.lengths();
    let mut joined: HashSet<(usize, usize), FastBuild> = HashSet::default();
    for total in least..=most {
        matcher.total = Some(total);
        let mut now: HashSet<(usize, usize), FastBuild> = HashSet::default();
        let flow = matcher.run(cx, &mut |state, cx| {
            let Some(pair) = ends(state) else {
                return Ok(Flow::Continue);
            };
            let taken = output == ShortestOutput::Any && now.contains(&pair);
            if joined.contains(&pair) || taken {
                return Ok(Flow::Continue);
            }
            match source.output(state, cx)? {
                Some(row) => {
                    now.insert(pair);
                    down.push(row, cx)
                }
                None => Ok(Flow::Continue),
            }
        })?;
        joined.extend(now);
        if flow == Flow::Stop || matcher.reached < total {
            break;
        }
    }
    Ok(())
}
