//! Whether lines and polygons meet: geo-intersects-2lines-function,
//! geo-intersects-2polygons-function, geo-intersects-line-with-polygon-function.
//! Shapes that touch (share a point) intersect; invalid shapes give null.

use super::shapes::{self, Polygon, path_edges, polygon_contains, ring_edges};
use super::sphere::{V3, edges_intersect};
use crate::functions::args::json;
use crate::functions::registry::EvalContext;
use crate::value::Value;

fn polygon_edges(p: &Polygon) -> impl Iterator<Item = (V3, V3)> + '_ {
    p.iter().flat_map(|r| ring_edges(r))
}

fn any_crossing(
    mut xs: impl Iterator<Item = (V3, V3)>,
    ys: impl Iterator<Item = (V3, V3)>,
) -> bool {
    let ys: Vec<(V3, V3)> = ys.collect();
    xs.any(|(a, b)| ys.iter().any(|&(c, d)| edges_intersect(a, b, c, d)))
}

/// Whether two polygons share a point: their boundaries cross, or one holds a vertex
/// of the other.
pub fn polygons_intersect(p: &Polygon, q: &Polygon) -> bool {
    any_crossing(polygon_edges(p), polygon_edges(q))
        || q[0].iter().any(|v| polygon_contains(p, *v))
        || p[0].iter().any(|v| polygon_contains(q, *v))
}

fn bool_or_null(v: Option<bool>) -> Value {
    v.map_or(Value::Null, Value::Bool)
}

/// `geo_intersects_2lines(line1, line2)`.
pub fn intersects_2lines(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let result = (|| {
        let (l1, l2) = (shapes::lines(&json(a, 0))?, shapes::lines(&json(a, 1))?);
        let edges1 = l1.iter().flat_map(|l| path_edges(l));
        Some(any_crossing(edges1, l2.iter().flat_map(|l| path_edges(l))))
    })();
    Ok(bool_or_null(result))
}

/// `geo_intersects_2polygons(polygon1, polygon2)`.
pub fn intersects_2polygons(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let result = (|| {
        let (p1, p2) = (
            shapes::polygons(&json(a, 0))?,
            shapes::polygons(&json(a, 1))?,
        );
        Some(
            p1.iter()
                .any(|p| p2.iter().any(|q| polygons_intersect(p, q))),
        )
    })();
    Ok(bool_or_null(result))
}

/// `geo_intersects_line_with_polygon(line, polygon)`: the line crosses the boundary or
/// has a point inside.
pub fn intersects_line_with_polygon(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let result = (|| {
        let (lines, polygons) = (shapes::lines(&json(a, 0))?, shapes::polygons(&json(a, 1))?);
        Some(lines.iter().any(|l| {
            polygons.iter().any(|p| {
                any_crossing(path_edges(l), polygon_edges(p))
                    || l.iter().any(|v| polygon_contains(p, *v))
            })
        }))
    })();
    Ok(bool_or_null(result))
}
