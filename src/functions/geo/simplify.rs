//! Fewer vertices, within a tolerance in metres: geo-line-simplify-function,
//! geo-polygon-simplify-function, geo-simplify-polygons-array-function.
//!
//! Kusto snaps with S2's `S2Builder` (the tolerance's upper limit, "~7,800,000 metres",
//! is its 70° snap radius); kqlc runs Ramer–Douglas–Peucker on the sphere instead: a
//! chain keeps its ends and, recursively, the vertex farthest from the geodesic between
//! them while that is farther than the tolerance (written here, as the `geo` crate's
//! `Simplify` measures planar distances in degrees, not geodesic ones in metres). Then,
//! as the pages promise "no two vertices with distance less than tolerance", a vertex
//! closer than the tolerance to the one kept before it goes; a line or ring left
//! shorter than that disappears ("high tolerance may cause small line to disappear"),
//! and nothing left gives null. Several lines or polygons are united first ("the result
//! will be simplification of lines union"), except in geo_simplify_polygons_array,
//! which keeps each polygon and simplifies a border two polygons share once, so that
//! they still share it.

use super::geojson::Given;
use super::shapes::{self, Polygon};
use super::sphere::{EARTH_RADIUS, V3, distance_to_edge};
use super::union::{as_one, union_lines};
use crate::functions::args::{arg, json, real};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::Value as J;
use std::collections::{HashMap, HashSet};

/// The largest tolerance: S2Builder's largest snap radius, 70°, in metres.
const MAX_TOLERANCE: f64 = 70.0 * std::f64::consts::PI / 180.0 * EARTH_RADIUS;

/// The tolerance argument as an angle in radians: metres in [0, 70°], default 10.
fn tolerance(a: &[Value]) -> Option<f64> {
    let metres = match arg(a, 1) {
        Value::Null if a.len() < 2 => 10.0,
        _ => real(a, 1)?,
    };
    (0.0..=MAX_TOLERANCE)
        .contains(&metres)
        .then_some(metres / EARTH_RADIUS)
}

/// Ramer–Douglas–Peucker on the sphere: the vertices of `chain` to keep.
fn peucker(chain: &[V3], tol: f64) -> Vec<V3> {
    let n = chain.len();
    if n < 3 {
        return chain.to_vec();
    }
    let mut keep = vec![false; n];
    (keep[0], keep[n - 1]) = (true, true);
    let mut stack = vec![(0, n - 1)];
    while let Some((i, j)) = stack.pop() {
        let farthest = (i + 1..j)
            .map(|k| (k, distance_to_edge(chain[k], chain[i], chain[j])))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((k, _)) = farthest.filter(|(_, d)| *d > tol) {
            keep[k] = true;
            stack.extend([(i, k), (k, j)]);
        }
    }
    chain
        .iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// A chain without the interior vertices closer than `tol` to the one kept before;
/// its end replaces the last kept interior vertex when closer than `tol` to it.
fn spaced(chain: &[V3], tol: f64) -> Vec<V3> {
    let Some((&end, rest)) = chain.split_last() else {
        return Vec::new();
    };
    let mut out: Vec<V3> = Vec::with_capacity(chain.len());
    for &p in rest {
        match out.last() {
            Some(q) if q.angle(p) < tol || *q == p => {}
            _ => out.push(p),
        }
    }
    if out.len() > 1 && out.last().is_some_and(|q| q.angle(end) < tol) {
        out.pop();
    }
    if out.last() != Some(&end) {
        out.push(end);
    }
    out
}

/// A simplified line; `None` when it disappears.
fn simplify_line(line: &[V3], tol: f64) -> Option<Vec<V3>> {
    let out = spaced(&peucker(line, tol), tol);
    let gone = out.len() < 2 || (out.len() == 2 && out[0].angle(out[1]) < tol.max(1e-300));
    (!gone).then_some(out)
}

/// A simplified closed ring (vertices without the closing repeat), split at its first
/// vertex and the one farthest from it; `None` when fewer than three vertices are left.
fn simplify_ring(ring: &[V3], tol: f64) -> Option<Vec<V3>> {
    let far = (0..ring.len())
        .max_by(|&i, &j| ring[0].angle(ring[i]).total_cmp(&ring[0].angle(ring[j])))?;
    let mut there: Vec<V3> = ring[..=far].to_vec();
    let back: Vec<V3> = ring[far..].iter().chain(ring.first()).copied().collect();
    let back = peucker(&back, tol);
    there = peucker(&there, tol);
    there.extend_from_slice(&back[1..]);
    closed(spaced(&there, tol), tol)
}

/// A ring from a chain that returns to its start: `None` unless three vertices are left.
fn closed(mut chain: Vec<V3>, tol: f64) -> Option<Vec<V3>> {
    chain.pop();
    while chain.len() > 1 && chain.last().is_some_and(|q| q.angle(chain[0]) < tol) {
        chain.pop();
    }
    (chain.len() >= 3).then_some(chain)
}

/// A polygon with its rings simplified; `None` when its shell disappears.
fn simplify_polygon(
    polygon: &Polygon,
    ring: &mut dyn FnMut(&[V3]) -> Option<Vec<V3>>,
) -> Option<Polygon> {
    let shell = ring(&polygon[0])?;
    let holes = polygon[1..].iter().filter_map(|h| ring(h));
    Some(std::iter::once(shell).chain(holes).collect())
}

/// `geo_line_simplify(line [, tolerance])`.
pub fn line_simplify(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let input = json(a, 0);
    let result = (|| {
        let (lines, tol) = (shapes::lines(&input)?, tolerance(a)?);
        let lines = if lines.len() > 1 {
            union_lines(&lines)
        } else {
            lines
        };
        let kept: Vec<Vec<V3>> = lines.iter().filter_map(|l| simplify_line(l, tol)).collect();
        Given::of([input.as_ref()]).lines(&kept)
    })();
    Ok(result.map_or(Value::Null, Value::dynamic))
}

/// `geo_polygon_simplify(polygon [, tolerance])`.
pub fn polygon_simplify(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let input = json(a, 0);
    let (Some(polygons), Some(tol)) = (shapes::polygons(&input), tolerance(a)) else {
        return Ok(Value::Null);
    };
    let polygons = as_one(polygons)?;
    let mut ring = |r: &[V3]| simplify_ring(r, tol);
    let kept: Vec<Polygon> = polygons
        .iter()
        .filter_map(|p| simplify_polygon(p, &mut ring))
        .collect();
    let shape = Given::of([input.as_ref()]).polygons(&kept);
    Ok(shape.map_or(Value::Null, Value::dynamic))
}

/// Simplifies rings so that a border several rings share comes out the same in each:
/// rings are cut into chains at junctions (vertices with other than two neighbours),
/// each chain simplified once whichever way round a ring runs it.
struct Shared {
    neighbours: HashMap<[u64; 3], HashSet<[u64; 3]>>,
    chains: HashMap<Vec<[u64; 3]>, Vec<V3>>,
    tol: f64,
}

impl Shared {
    fn new(polygons: &[Polygon], tol: f64) -> Shared {
        let mut neighbours: HashMap<[u64; 3], HashSet<[u64; 3]>> = HashMap::new();
        for (a, b) in polygons
            .iter()
            .flatten()
            .flat_map(|r| shapes::ring_edges(r))
        {
            neighbours.entry(a.bits()).or_default().insert(b.bits());
            neighbours.entry(b.bits()).or_default().insert(a.bits());
        }
        Shared {
            neighbours,
            chains: HashMap::new(),
            tol,
        }
    }

    fn junction(&self, p: V3) -> bool {
        self.neighbours.get(&p.bits()).is_none_or(|n| n.len() != 2)
    }

    /// A chain between junctions, simplified the same either way round.
    fn chain(&mut self, chain: &[V3]) -> Vec<V3> {
        let forward: Vec<[u64; 3]> = chain.iter().map(|p| p.bits()).collect();
        let backward: Vec<[u64; 3]> = forward.iter().rev().copied().collect();
        let reversed = backward < forward;
        let tol = self.tol;
        let key = if reversed { backward } else { forward };
        let simplified = self.chains.entry(key).or_insert_with(|| {
            let mut canonical = chain.to_vec();
            if reversed {
                canonical.reverse();
            }
            spaced(&peucker(&canonical, tol), tol)
        });
        let mut out = simplified.clone();
        if reversed {
            out.reverse();
        }
        out
    }

    fn ring(&mut self, ring: &[V3]) -> Option<Vec<V3>> {
        let Some(start) = ring.iter().position(|p| self.junction(*p)) else {
            return simplify_ring(ring, self.tol);
        };
        let mut ring = ring.to_vec();
        ring.rotate_left(start);
        ring.push(ring[0]);
        let cuts: Vec<usize> = (0..ring.len())
            .filter(|&i| self.junction(ring[i]))
            .collect();
        let mut out: Vec<V3> = vec![ring[0]];
        for w in cuts.windows(2) {
            out.extend_from_slice(&self.chain(&ring[w[0]..=w[1]])[1..]);
        }
        closed(out, 0.0)
    }
}

/// `geo_simplify_polygons_array(polygons [, tolerance])`: each polygon simplified, the
/// borders they share alike, as a MultiPolygon (a Polygon when one is left).
pub fn simplify_polygons_array(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let input = json(a, 0);
    let result = (|| {
        let items: &Vec<J> = input.as_array()?;
        let polygons: Vec<Polygon> = items
            .iter()
            .map(shapes::polygons)
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect();
        let mut shared = Shared::new(&polygons, tolerance(a)?);
        let mut ring = |r: &[V3]| shared.ring(r);
        let kept: Vec<Polygon> = polygons
            .iter()
            .filter_map(|p| simplify_polygon(p, &mut ring))
            .collect();
        Given::of(items).polygons(&kept)
    })();
    Ok(result.map_or(Value::Null, Value::dynamic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(coords: &[[f64; 2]]) -> Vec<V3> {
        coords
            .iter()
            .map(|[lon, lat]| V3::from_degrees(*lon, *lat))
            .collect()
    }

    /// A chain keeps its ends and the vertices farther than the tolerance from the
    /// geodesic through their neighbours kept.
    #[test]
    fn peucker_keeps_the_ends_and_the_far_vertices() {
        let chain = points(&[[0.0, 0.0], [0.001, 0.00001], [0.002, 0.001], [0.003, 0.0]]);
        // 0.001° of latitude is 111 m, 0.00001° about 1 m.
        let kept = peucker(&chain, 50.0 / EARTH_RADIUS);
        assert_eq!(kept, vec![chain[0], chain[2], chain[3]]);
        assert_eq!(
            peucker(&chain, 200.0 / EARTH_RADIUS),
            vec![chain[0], chain[3]]
        );
    }

    #[test]
    fn rings_and_lines_shorter_than_the_tolerance_disappear() {
        let ring = points(&[[0.0, 0.0], [0.001, 0.0], [0.0, 0.001]]);
        assert!(simplify_ring(&ring, 1.0 / EARTH_RADIUS).is_some());
        assert!(simplify_ring(&ring, 500.0 / EARTH_RADIUS).is_none());
        let line = points(&[[0.0, 0.0], [0.001, 0.0]]);
        assert!(simplify_line(&line, 100.0 / EARTH_RADIUS).is_some());
        assert!(simplify_line(&line, 200.0 / EARTH_RADIUS).is_none());
    }
}
