//! `graph-mark-components`: each node's connected component, numbered from zero in the
//! order of the components' first nodes (graph-mark-components-operator page: the
//! numbering is the engine's choice; this one is stable).

use super::data::GraphData;
use crate::value::Value;

/// Sets node property `property` (appended when it is one past the last) to each
/// node's component: weak (edges read both ways) or strong (mutually reachable).
pub fn mark(graph: &mut GraphData, strong: bool, property: usize) {
    let labels = if strong {
        strong_components(graph)
    } else {
        weak_components(graph)
    };
    for (row, label) in graph.nodes.iter_mut().zip(numbered(&labels)) {
        let value = Value::Long(label as i64);
        match row.get_mut(property) {
            Some(slot) => *slot = value,
            None => row.push(value),
        }
    }
}

/// Labels renumbered 0, 1, … in the order each first appears.
fn numbered(labels: &[usize]) -> Vec<usize> {
    let mut order: Vec<Option<usize>> = vec![None; labels.len()];
    let mut next = 0;
    labels
        .iter()
        .map(|&l| {
            *order[l].get_or_insert_with(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// Per node, a representative of its weak component (union-find over the edges).
fn weak_components(graph: &GraphData) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..graph.nodes.len()).collect();
    fn root(parent: &mut [usize], mut n: usize) -> usize {
        while parent[n] != n {
            parent[n] = parent[parent[n]];
            n = parent[n];
        }
        n
    }
    for &(a, b) in &graph.ends {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    (0..parent.len()).map(|n| root(&mut parent, n)).collect()
}

/// Per node, the number of its strong component (Tarjan's algorithm, iteratively so
/// that a long chain cannot exhaust the stack).
fn strong_components(graph: &GraphData) -> Vec<usize> {
    let n = graph.nodes.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![0; n];
    let mut components = 0;
    let mut next = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        // Frames of (node, position in its outgoing edges).
        let mut frames = vec![(start, 0usize)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut at)) = frames.last_mut() {
            if let Some(&e) = graph.outgoing[v].get(*at) {
                *at += 1;
                let w = graph.ends[e].1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    frames.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = components;
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph of `n` nodes with the given edges (no properties).
    fn graph(n: usize, edges: &[(usize, usize)]) -> GraphData {
        let mut g = GraphData {
            nodes: vec![Vec::new(); n],
            ids: (0..n as i64).map(Value::Long).collect(),
            outgoing: vec![Vec::new(); n],
            incoming: vec![Vec::new(); n],
            ..GraphData::default()
        };
        for (e, &(a, b)) in edges.iter().enumerate() {
            g.edges.push(Vec::new());
            g.ends.push((a, b));
            g.outgoing[a].push(e);
            g.incoming[b].push(e);
        }
        g
    }

    fn marks(g: &mut GraphData, strong: bool) -> Vec<i64> {
        mark(g, strong, 0);
        g.nodes
            .iter()
            .map(|r| r[0].as_i64().unwrap_or(-1))
            .collect()
    }

    #[test]
    fn weak_components_follow_edges_either_way_numbered_by_first_node() {
        let mut g = graph(5, &[(3, 0), (1, 4), (4, 3)]);
        assert_eq!(marks(&mut g, false), [0, 0, 1, 0, 0]);
    }

    #[test]
    fn strong_components_need_a_way_back() {
        // 0 → 1 → 2 → 0 is a cycle; 3 hangs off it; 4 is alone.
        let mut g = graph(5, &[(0, 1), (1, 2), (2, 0), (2, 3)]);
        assert_eq!(marks(&mut g, true), [0, 0, 0, 1, 2]);
    }

    #[test]
    fn a_long_chain_does_not_exhaust_the_stack() {
        let n = 200_000;
        let edges: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let mut g = graph(n, &edges);
        let labels = marks(&mut g, true);
        assert_eq!(labels[n - 1], (n - 1) as i64);
    }
}
