//! S2 cells covering a shape: geo-polygon-to-s2cells-function,
//! geo-line-to-s2cells-function. The covering is every cell of the requested level
//! (0–30, default 11) that the shape touches (with a positive radius, that a point
//! within the radius of the shape touches), in cell-id order, as S2's `RegionCoverer`
//! with its minimum and maximum level both at that level gives them ("the covering
//! tokens are of the same S2 cell level"). A cell's edges are geodesics, so whether a
//! cell touches the shape is decided exactly: a vertex of one inside the other, or
//! edges that cross (or come within the radius). More than 65,536 cells, or invalid
//! input, gives null.

use super::shapes::{self, Polygon, path_edges, polygon_contains, ring_edges};
use super::sphere::{EARTH_RADIUS, V3, distance_to_edge, edges_intersect};
use crate::functions::args::{arg, json, long, real};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use s2::cell::Cell;
use s2::cellid::CellID;
use serde_json::Value as J;

/// Kusto's limit on the cells of one covering.
const MAX_CELLS: usize = 65_536;

/// What to cover: the polygons, or none for a line.
struct Shape {
    polygons: Option<Vec<Polygon>>,
    edges: Vec<(V3, V3)>,
    /// The radius in radians.
    radius: f64,
}

fn v3(p: s2::point::Point) -> V3 {
    V3(p.0.x, p.0.y, p.0.z)
}

/// The smallest angle between two edges.
fn edge_distance((a, b): (V3, V3), (c, d): (V3, V3)) -> f64 {
    if edges_intersect(a, b, c, d) {
        return 0.0;
    }
    [
        distance_to_edge(a, c, d),
        distance_to_edge(b, c, d),
        distance_to_edge(c, a, b),
        distance_to_edge(d, a, b),
    ]
    .into_iter()
    .fold(f64::INFINITY, f64::min)
}

impl Shape {
    fn contains(&self, p: V3) -> bool {
        self.polygons
            .as_ref()
            .is_some_and(|ps| ps.iter().any(|poly| polygon_contains(poly, p)))
    }

    /// Whether a cell touches the shape (or comes within the radius), given the
    /// shape's edges that come near it.
    fn touches(&self, cell: &Cell, edges: &[(V3, V3)]) -> bool {
        let corners = cell.vertices().map(v3);
        let sides: Vec<(V3, V3)> = (0..4).map(|k| (corners[k], corners[(k + 1) % 4])).collect();
        corners.iter().any(|c| self.contains(*c))
            || edges.iter().any(|&(a, b)| {
                cell.contains_point(&s2::point::Point::from_coords(a.0, a.1, a.2))
                    || cell.contains_point(&s2::point::Point::from_coords(b.0, b.1, b.2))
                    || sides
                        .iter()
                        .any(|&side| edge_distance((a, b), side) <= self.radius)
            })
    }
}

/// Collects the cells of `level` that touch a shape, from the six faces down.
struct Covering<'s> {
    shape: &'s Shape,
    level: u64,
    cells: Vec<CellID>,
    overflow: bool,
}

impl Covering<'_> {
    fn add_all(&mut self, id: CellID) {
        let count = 1usize << (2 * (self.level - id.level()));
        if self.cells.len() + count > MAX_CELLS {
            self.overflow = true;
            return;
        }
        let (mut c, end) = (
            id.child_begin_at_level(self.level),
            id.child_end_at_level(self.level),
        );
        while c != end {
            self.cells.push(c);
            c = c.next();
        }
    }

    fn cover(&mut self, id: CellID, edges: &[(V3, V3)]) {
        if self.overflow {
            return;
        }
        let cell = Cell::from(id);
        let center = v3(cell.center());
        let reach = cell
            .vertices()
            .iter()
            .map(|v| v3(*v).angle(center))
            .fold(0.0, f64::max)
            + self.shape.radius
            + 1e-12;
        let near: Vec<(V3, V3)> = edges
            .iter()
            .copied()
            .filter(|&(a, b)| distance_to_edge(center, a, b) <= reach)
            .collect();
        if near.is_empty() {
            // No boundary nearby: the cell lies wholly inside the shape or away from it.
            if self.shape.contains(center) {
                self.add_all(id);
            }
        } else if id.level() == self.level {
            if self.shape.touches(&cell, &near) {
                self.add_all(id);
            }
        } else {
            for child in id.children() {
                self.cover(child, &near);
            }
        }
    }
}

/// The tokens of the cells covering `shape` at level argument 1; `None` when invalid
/// or too many.
fn tokens(a: &[Value], polygons: Option<Vec<Polygon>>, edges: Vec<(V3, V3)>) -> Option<J> {
    let level = match arg(a, 1) {
        v if a.len() < 2 && v.is_null() => 11,
        _ => long(a, 1)?,
    };
    let radius = match arg(a, 2) {
        v if a.len() < 3 && v.is_null() => 0.0,
        _ => real(a, 2)?,
    };
    if !((0..=30).contains(&level) && radius >= 0.0 && radius.is_finite()) {
        return None;
    }
    let shape = Shape {
        polygons,
        edges,
        radius: radius / EARTH_RADIUS,
    };
    let mut covering = Covering {
        shape: &shape,
        level: level as u64,
        cells: Vec::new(),
        overflow: false,
    };
    for face in 0..6 {
        covering.cover(CellID::from_face(face), &shape.edges);
    }
    let tokens = covering.cells.iter().map(|c| J::String(c.to_token()));
    (!covering.overflow).then(|| J::Array(tokens.collect()))
}

/// `geo_polygon_to_s2cells(polygon [, level [, radius]])`.
pub fn polygon_to_s2cells(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let result = shapes::polygons(&json(a, 0)).and_then(|polygons| {
        let edges = polygons
            .iter()
            .flatten()
            .flat_map(|r| ring_edges(r))
            .collect();
        tokens(a, Some(polygons), edges)
    });
    Ok(result.map_or(Value::Null, Value::dynamic))
}

/// `geo_line_to_s2cells(line [, level [, radius]])`.
pub fn line_to_s2cells(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let result = shapes::lines(&json(a, 0)).and_then(|lines| {
        let edges = lines.iter().flat_map(|l| path_edges(l)).collect();
        tokens(a, None, edges)
    });
    Ok(result.map_or(Value::Null, Value::dynamic))
}
