//! Unions of shapes: geo-union-polygons-array-function, geo-union-lines-array-function.
//! The argument is an array of GeoJSON shapes; an invalid one (or an argument that is
//! not an array of shapes) gives null.

use super::geojson::Given;
use super::overlay;
use super::shapes::{self, Polygon};
use super::sphere::{V3, distance_to_edge};
use crate::functions::args::json;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::Value as J;
use std::collections::{HashMap, HashSet};

/// The error for shapes the plane of [`overlay`] cannot hold.
pub const TOO_SPREAD: &str = "kqlc unites and intersects polygons that lie within 85° of their centre, not ones spread wider";

/// The polygons of one array element as one S2 polygon: a MultiPolygon whose parts meet
/// is united first (S2 holds no overlapping loops).
pub fn as_one(polygons: Vec<Polygon>) -> Result<Vec<Polygon>, String> {
    let meet = polygons.iter().enumerate().any(|(k, p)| {
        polygons[k + 1..]
            .iter()
            .any(|q| super::intersects::polygons_intersect(p, q))
    });
    if !meet {
        return Ok(polygons);
    }
    let parts = polygons.into_iter().map(|p| vec![p]).collect();
    overlay::union_all(parts).ok_or_else(|| TOO_SPREAD.to_string())
}

/// `geo_union_polygons_array(polygons)`.
pub fn union_polygons_array(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let input = json(a, 0);
    let Some(items) = input.as_array().filter(|items| !items.is_empty()) else {
        return Ok(Value::Null);
    };
    let Some(parsed) = items
        .iter()
        .map(shapes::polygons)
        .collect::<Option<Vec<_>>>()
    else {
        return Ok(Value::Null);
    };
    let parsed: Vec<Vec<Polygon>> = parsed.into_iter().map(as_one).collect::<Result<_, _>>()?;
    let union = overlay::union_all(parsed).ok_or_else(|| TOO_SPREAD.to_string())?;
    let given = Given::of(items);
    let shape = given
        .polygons(&union)
        .unwrap_or_else(|| super::geojson::collection(Vec::new()));
    Ok(Value::dynamic(shape))
}

/// Angles below this (radians, about 6 nm on the Earth) count as zero.
const EPS: f64 = 1e-15;

/// The directed edges of the lines, in input order, each split where a vertex of
/// another edge lies on it, without repeats (an edge and its reverse cover the same
/// points, so the reverse counts as a repeat).
fn pieces(lines: &[Vec<V3>]) -> Vec<(V3, V3)> {
    let vertices: Vec<V3> = lines.iter().flatten().copied().collect();
    let mut seen: HashSet<[[u64; 3]; 2]> = HashSet::new();
    let mut out: Vec<(V3, V3)> = Vec::new();
    for (a, b) in lines.iter().flat_map(|l| shapes::path_edges(l)) {
        let length = a.angle(b);
        let reach = length.cos() - EPS;
        let mut cuts: Vec<(f64, V3)> = vertices
            .iter()
            .filter(|v| v.dot(a) >= reach && v.dot(b) >= reach && **v != a && **v != b)
            .filter(|v| distance_to_edge(**v, a, b) < EPS)
            .map(|v| (a.angle(*v), *v))
            .collect();
        cuts.sort_by(|x, y| x.0.total_cmp(&y.0));
        let stops: Vec<V3> = std::iter::once(a)
            .chain(cuts.into_iter().map(|(_, v)| v))
            .chain(std::iter::once(b))
            .collect();
        for w in stops.windows(2) {
            let (p, q) = (w[0], w[1]);
            if p != q && seen.insert([p.bits(), q.bits()]) && seen.insert([q.bits(), p.bits()]) {
                out.push((p, q));
            }
        }
    }
    out
}

/// The edges joined into polylines: each starts where edges do not simply pass through
/// (a vertex with other than one edge in and one out), in input order; what is left
/// are closed chains, each from its first edge.
fn chains(edges: &[(V3, V3)]) -> Vec<Vec<V3>> {
    let mut outgoing: HashMap<[u64; 3], Vec<usize>> = HashMap::new();
    let mut incoming: HashMap<[u64; 3], usize> = HashMap::new();
    for (i, (p, q)) in edges.iter().enumerate() {
        outgoing.entry(p.bits()).or_default().push(i);
        *incoming.entry(q.bits()).or_default() += 1;
    }
    let passes = |v: V3| {
        incoming.get(&v.bits()) == Some(&1) && outgoing.get(&v.bits()).map(Vec::len) == Some(1)
    };
    let mut used = vec![false; edges.len()];
    let walk = |start: usize, used: &mut Vec<bool>| {
        used[start] = true;
        let mut line = vec![edges[start].0, edges[start].1];
        let mut last = edges[start].1;
        while last != line[0] && passes(last) {
            let next = outgoing.get(&last.bits()).and_then(|o| o.first().copied());
            match next.filter(|&i| !used[i]) {
                Some(i) => {
                    used[i] = true;
                    last = edges[i].1;
                    line.push(last);
                }
                None => break,
            }
        }
        line
    };
    let mut out = Vec::new();
    for i in 0..edges.len() {
        if !used[i] && !passes(edges[i].0) {
            out.push(walk(i, &mut used));
        }
    }
    for i in 0..edges.len() {
        if !used[i] {
            out.push(walk(i, &mut used));
        }
    }
    out
}

/// The union of lines as polylines.
pub fn union_lines(lines: &[Vec<V3>]) -> Vec<Vec<V3>> {
    chains(&pieces(lines))
}

/// `geo_union_lines_array(lines)`.
pub fn union_lines_array(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let input = json(a, 0);
    let result = (|| {
        let items: &Vec<J> = input.as_array().filter(|items| !items.is_empty())?;
        let lines: Vec<Vec<V3>> = items
            .iter()
            .map(shapes::lines)
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();
        Given::of(items).lines(&union_lines(&lines))
    })();
    Ok(result.map_or(Value::Null, Value::dynamic))
}
