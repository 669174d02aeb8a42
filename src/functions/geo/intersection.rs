//! The shared parts of lines and polygons: geo-intersection-2lines-function and
//! geo-intersection-line-with-polygon-function. A crossing of two geodesic edges is
//! where their great circles meet (S2's `S2::GetIntersection`); edges on one great
//! circle share the stretch where both run. Results are GeoJSON: a Point, MultiPoint,
//! LineString or MultiLineString, a GeometryCollection of points and lines when both
//! occur, and an empty GeometryCollection when the shapes do not meet. Vertices of the
//! input keep the coordinates they were given. Invalid shapes give null.

use super::shapes::{self, path_edges, polygon_contains, ring_edges};
use super::sphere::{V3, edge_normal, edges_intersect, point_on_line};
use crate::functions::args::json;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::{Value as J, json};

/// Angles below this (radians, about 6 nm on the Earth) count as zero.
const EPS: f64 = 1e-15;

/// Where edges `ab` and `cd`, not on one great circle, cross (an endpoint when the
/// crossing is at one).
fn crossing(a: V3, b: V3, c: V3, d: V3) -> Option<V3> {
    if !edges_intersect(a, b, c, d) {
        return None;
    }
    for p in [a, b, c, d] {
        let on_ab = super::sphere::distance_to_edge(p, a, b) < EPS;
        let on_cd = super::sphere::distance_to_edge(p, c, d) < EPS;
        if on_ab && on_cd {
            return Some(p);
        }
    }
    let x = edge_normal(a, b).cross(edge_normal(c, d)).unit();
    Some(if x.dot(a.add(b)) < 0.0 {
        x.scale(-1.0)
    } else {
        x
    })
}

/// Whether `ab` and `cd` lie on one great circle.
fn same_circle(a: V3, b: V3, c: V3, d: V3) -> bool {
    let (n1, n2) = (edge_normal(a, b).unit(), edge_normal(c, d).unit());
    n1.cross(n2).norm() < 1e-14
}

/// The position of `p` along the great circle of edge `ab`, as an angle from `a`.
fn along(a: V3, b: V3, p: V3) -> f64 {
    let n = edge_normal(a, b).unit();
    a.cross(p).dot(n).atan2(a.dot(p))
}

/// Points and polylines found, in the order of the first shape's edges.
#[derive(Default)]
pub(super) struct Found {
    pub(super) points: Vec<V3>,
    pub(super) lines: Vec<Vec<V3>>,
}

impl Found {
    /// Adds the stretch `p`–`q`, joining it to the last polyline when that ends at `p`.
    fn segment(&mut self, p: V3, q: V3) {
        match self.lines.last_mut() {
            Some(line) if line.last() == Some(&p) => line.push(q),
            _ => self.lines.push(vec![p, q]),
        }
    }

    fn point(&mut self, p: V3) {
        if !self.points.iter().any(|x| x.angle(p) < EPS) {
            self.points.push(p);
        }
    }

    /// The GeoJSON of what was found; `inputs` give the given coordinates of vertices.
    fn geojson(self, inputs: &[&J]) -> J {
        let vertices: Vec<[f64; 2]> = inputs.iter().flat_map(|v| coordinates(v)).collect();
        let at = |p: &V3| -> J {
            let given = vertices
                .iter()
                .find(|[lon, lat]| V3::from_degrees(*lon, *lat) == *p);
            json!(given.copied().unwrap_or_else(|| p.to_degrees()))
        };
        let on_a_line = |p: &V3| {
            self.lines.iter().any(|l| {
                path_edges(l).any(|(x, y)| super::sphere::distance_to_edge(*p, x, y) < EPS)
            })
        };
        let points: Vec<J> = self
            .points
            .iter()
            .filter(|p| !on_a_line(p))
            .map(at)
            .collect();
        let lines: Vec<J> = self
            .lines
            .iter()
            .map(|l| J::Array(l.iter().map(at).collect()))
            .collect();
        let point_part = match points.len() {
            0 => None,
            1 => Some(json!({"type": "Point", "coordinates": points[0]})),
            _ => Some(json!({"type": "MultiPoint", "coordinates": points})),
        };
        let line_part = match lines.len() {
            0 => None,
            1 => Some(json!({"type": "LineString", "coordinates": lines[0]})),
            _ => Some(json!({"type": "MultiLineString", "coordinates": lines})),
        };
        match (point_part, line_part) {
            (Some(p), None) => p,
            (None, Some(l)) => l,
            (p, l) => {
                let parts: Vec<J> = p.into_iter().chain(l).collect();
                json!({"type": "GeometryCollection", "geometries": parts})
            }
        }
    }
}

/// Every `[longitude, latitude]` pair of a GeoJSON shape.
fn coordinates(v: &J) -> Vec<[f64; 2]> {
    fn walk(v: &J, out: &mut Vec<[f64; 2]>) {
        if let Some(c) = shapes::coordinate(v) {
            out.push(c);
        } else if let Some(items) = v.as_array() {
            items.iter().for_each(|x| walk(x, out));
        }
    }
    let mut out = Vec::new();
    if let Some(c) = v.get("coordinates") {
        walk(c, &mut out);
    }
    out
}

/// What edge `ab` shares with edge `cd`.
pub(super) fn edge_with_edge(a: V3, b: V3, c: V3, d: V3, found: &mut Found) {
    if !same_circle(a, b, c, d) {
        if let Some(x) = crossing(a, b, c, d) {
            found.point(x);
        }
        return;
    }
    // On one great circle: the stretch of ab that cd covers, by position from a.
    let length = a.angle(b);
    let ends = [
        (0.0, a),
        (length, b),
        (along(a, b, c), c),
        (along(a, b, d), d),
    ];
    let (tc, td) = (ends[2].0, ends[3].0);
    let (lo, hi) = (tc.min(td).max(0.0), tc.max(td).min(length));
    if hi < lo - EPS {
        return;
    }
    let point_at = |t: f64| {
        ends.iter()
            .find(|(s, _)| (s - t).abs() < EPS)
            .map_or_else(|| point_on_line(a, b, t), |(_, p)| *p)
    };
    if hi - lo < EPS {
        found.point(point_at(lo));
    } else {
        found.segment(point_at(lo), point_at(hi));
    }
}

/// `geo_intersection_2lines(line1, line2)`.
pub fn intersection_2lines(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (first, second) = (json(a, 0), json(a, 1));
    let result = (|| {
        let (l1, l2) = (shapes::lines(&first)?, shapes::lines(&second)?);
        let mut found = Found::default();
        for (p, q) in l1.iter().flat_map(|l| path_edges(l)) {
            for (r, s) in l2.iter().flat_map(|l| path_edges(l)) {
                edge_with_edge(p, q, r, s, &mut found);
            }
        }
        Some(found.geojson(&[&first, &second]))
    })();
    Ok(result.map_or(Value::Null, Value::dynamic))
}

/// `geo_intersection_line_with_polygon(line, polygon)`: the stretches of the line
/// inside the polygon (each edge is cut where it crosses the polygon's boundary, and a
/// piece is kept when its midpoint is inside).
pub fn intersection_line_with_polygon(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (line_json, polygon_json) = (json(a, 0), json(a, 1));
    let result = (|| {
        let lines = shapes::lines(&line_json)?;
        let polygons = shapes::polygons(&polygon_json)?;
        let boundary: Vec<(V3, V3)> = polygons
            .iter()
            .flatten()
            .flat_map(|r| ring_edges(r))
            .collect();
        let inside = |p: V3| polygons.iter().any(|poly| polygon_contains(poly, p));
        let mut found = Found::default();
        for line in &lines {
            for (p, q) in path_edges(line) {
                let length = p.angle(q);
                let mut cuts: Vec<(f64, V3)> = vec![(0.0, p), (length, q)];
                for &(r, s) in &boundary {
                    if !same_circle(p, q, r, s)
                        && let Some(x) = crossing(p, q, r, s)
                    {
                        cuts.push((p.angle(x), x));
                    }
                }
                cuts.sort_by(|x, y| x.0.total_cmp(&y.0));
                cuts.dedup_by(|x, y| (x.0 - y.0).abs() < EPS);
                for w in cuts.windows(2) {
                    let ((t0, x0), (t1, x1)) = (w[0], w[1]);
                    if inside(point_on_line(p, q, 0.5 * (t0 + t1))) {
                        found.segment(x0, x1);
                    }
                }
            }
            // A new line starts a new polyline.
            if found.lines.last().is_some_and(|l| !l.is_empty()) {
                found.lines.push(Vec::new());
            }
        }
        found.lines.retain(|l| l.len() >= 2);
        Some(found.geojson(&[&line_json, &polygon_json]))
    })();
    Ok(result.map_or(Value::Null, Value::dynamic))
}
