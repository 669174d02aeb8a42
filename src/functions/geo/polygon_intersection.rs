//! geo-intersection-2polygons-function: what two polygons (or multipolygons) share.
//! Polygons contain their boundaries, so besides the area they share (the [`overlay`]
//! intersection) they may share points and stretches of boundary where they only
//! touch; the result holds each kind it finds (a GeometryCollection of points, lines
//! and polygons when several, an empty one when the shapes do not meet). Invalid
//! polygons give null.

use super::geojson::{Given, collection};
use super::intersection::{Found, edge_with_edge};
use super::overlay::{self, Op};
use super::shapes::{self, Polygon, path_edges, polygon_contains, ring_edges};
use super::sphere::{V3, distance_to_edge};
use super::union::{TOO_SPREAD, as_one};
use crate::functions::args::json;
use crate::functions::registry::EvalContext;
use crate::value::Value;

/// Angles below this (radians, about 6 µm on the Earth) count as zero.
const EPS: f64 = 1e-12;

/// Whether `p` lies in the shared area or on its boundary.
fn covered(area: &[Polygon], p: V3) -> bool {
    area.iter().any(|poly| {
        polygon_contains(poly, p)
            || poly
                .iter()
                .flat_map(|r| ring_edges(r))
                .any(|(a, b)| distance_to_edge(p, a, b) < EPS)
    })
}

/// The points and stretches where the boundaries meet outside the shared area.
fn touching(p1: &[Polygon], p2: &[Polygon], area: &[Polygon]) -> (Vec<V3>, Vec<Vec<V3>>) {
    let edges = |ps: &[Polygon]| -> Vec<(V3, V3)> {
        ps.iter().flatten().flat_map(|r| ring_edges(r)).collect()
    };
    let (e1, e2) = (edges(p1), edges(p2));
    let mut found = Found::default();
    for &(a, b) in &e1 {
        for &(c, d) in &e2 {
            edge_with_edge(a, b, c, d, &mut found);
        }
    }
    let mut lines: Vec<Vec<V3>> = Vec::new();
    for (p, q) in found.lines.iter().flat_map(|l| path_edges(l)) {
        if covered(area, p.add(q).unit()) {
            continue;
        }
        match lines.last_mut() {
            Some(line) if line.last() == Some(&p) => line.push(q),
            _ => lines.push(vec![p, q]),
        }
    }
    let on_line = |x: V3| {
        lines
            .iter()
            .flat_map(|l| path_edges(l))
            .any(|(p, q)| distance_to_edge(x, p, q) < EPS)
    };
    let points = found
        .points
        .into_iter()
        .filter(|x| !covered(area, *x) && !on_line(*x))
        .collect();
    (points, lines)
}

/// `geo_intersection_2polygons(polygon1, polygon2)`.
pub fn intersection_2polygons(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (first, second) = (json(a, 0), json(a, 1));
    let (Some(p1), Some(p2)) = (shapes::polygons(&first), shapes::polygons(&second)) else {
        return Ok(Value::Null);
    };
    let (p1, p2) = (as_one(p1)?, as_one(p2)?);
    if overlay::apart(&p1, &p2) {
        return Ok(Value::dynamic(collection(Vec::new())));
    }
    let area = overlay::overlay(&[&p1, &p2], Op::Intersection).ok_or(TOO_SPREAD)?;
    let (points, lines) = touching(&p1, &p2, &area);
    let given = Given::of([first.as_ref(), second.as_ref()]);
    let parts = [
        given.points(&points),
        given.lines(&lines),
        given.polygons(&area),
    ];
    Ok(Value::dynamic(collection(
        parts.into_iter().flatten().collect(),
    )))
}
