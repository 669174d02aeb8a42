//! Sizes and centres of lines and polygons on S2's sphere:
//! geo-polygon-area-function, geo-polygon-perimeter-function,
//! geo-polygon-centroid-function, geo-line-length-function,
//! geo-line-centroid-function. Invalid shapes give null.
//!
//! Kusto measures a MultiPolygon as the union of its polygons: polygons that meet
//! (overlap, or share an edge, whose length the union's perimeter leaves out) are
//! united first (see [`super::overlay`]).

use super::shapes::{self, Polygon, path_edges, point_json, ring_edges};
use super::sphere::{EARTH_RADIUS, V3, edge_centroid, loop_centroid, loop_signed_area};
use crate::functions::args::json;
use crate::functions::registry::EvalContext;
use crate::value::Value;

/// The polygons of argument `i` as Kusto measures them; `Ok(None)` when invalid.
fn disjoint_polygons(a: &[Value], i: usize) -> Result<Option<Vec<Polygon>>, String> {
    shapes::polygons(&json(a, i))
        .map(super::union::as_one)
        .transpose()
}

/// A ring's area as the smaller region it bounds (steradians) and whether its vertices
/// run counter-clockwise around that region.
fn ring_area(ring: &[V3]) -> (f64, bool) {
    let signed = loop_signed_area(ring);
    (signed.abs(), signed >= 0.0)
}

fn polygon_area(p: &Polygon) -> f64 {
    let shell = ring_area(&p[0]).0;
    let holes: f64 = p[1..].iter().map(|h| ring_area(h).0).sum();
    (shell - holes).max(0.0)
}

/// `geo_polygon_area(polygon)`: square metres.
pub fn polygon_area_fn(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let area = disjoint_polygons(a, 0)?
        .map(|ps| ps.iter().map(polygon_area).sum::<f64>() * EARTH_RADIUS * EARTH_RADIUS);
    Ok(area.map_or(Value::Null, Value::Real))
}

/// `geo_polygon_perimeter(polygon)`: metres of boundary, holes included.
pub fn polygon_perimeter(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let length = disjoint_polygons(a, 0)?.map(|ps| {
        let angle: f64 = ps
            .iter()
            .flatten()
            .flat_map(|r| ring_edges(r))
            .map(|(x, y)| x.angle(y))
            .sum();
        angle * EARTH_RADIUS
    });
    Ok(length.map_or(Value::Null, Value::Real))
}

/// A ring's centroid times its area, for the smaller region it bounds.
fn ring_centroid(ring: &[V3]) -> V3 {
    let c = loop_centroid(ring);
    if ring_area(ring).1 { c } else { c.scale(-1.0) }
}

/// `geo_polygon_centroid(polygon)`: the area-weighted centre as a GeoJSON point.
pub fn polygon_centroid(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let centroid = disjoint_polygons(a, 0)?.and_then(|ps| {
        let sum = ps.iter().fold(V3(0.0, 0.0, 0.0), |s, p| {
            let holes = p[1..]
                .iter()
                .fold(V3(0.0, 0.0, 0.0), |h, r| h.add(ring_centroid(r)));
            s.add(ring_centroid(&p[0])).sub(holes)
        });
        (sum.norm2() > 0.0).then(|| point_json(sum))
    });
    Ok(centroid.map_or(Value::Null, Value::dynamic))
}

/// `geo_line_length(line)`: metres along a LineString or MultiLineString.
pub fn line_length(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let length = shapes::lines(&json(a, 0)).map(|lines| {
        let angle: f64 = lines
            .iter()
            .flat_map(|l| path_edges(l))
            .map(|(x, y)| x.angle(y))
            .sum();
        angle * EARTH_RADIUS
    });
    Ok(length.map_or(Value::Null, Value::Real))
}

/// `geo_line_centroid(line)`: the length-weighted centre as a GeoJSON point.
pub fn line_centroid(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let centroid = shapes::lines(&json(a, 0)).and_then(|lines| {
        let sum = lines
            .iter()
            .flat_map(|l| path_edges(l))
            .fold(V3(0.0, 0.0, 0.0), |s, (x, y)| s.add(edge_centroid(x, y)));
        (sum.norm2() > 0.0).then(|| point_json(sum))
    });
    Ok(centroid.map_or(Value::Null, Value::dynamic))
}
