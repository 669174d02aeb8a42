//! Points along lines and nearest points: geo-line-interpolate-point-function,
//! geo-line-locate-point-function, geo-closest-point-on-line-function,
//! geo-closest-point-on-polygon-function. Invalid input gives null.

use super::distance::lon_lat;
use super::shapes::{self, path_edges, polygon_contains, ring_edges};
use super::sphere::{V3, distance_to_edge, point_on_line, project_to_edge};
use crate::functions::args::{arg, json, real};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::{Value as J, json};

/// A point as GeoJSON; a vertex of the input keeps the coordinates it was given.
fn point_json(p: V3, input: &J) -> J {
    let coordinates = vertex_coordinates(input)
        .into_iter()
        .find(|[lon, lat]| V3::from_degrees(*lon, *lat) == p)
        .unwrap_or_else(|| p.to_degrees());
    json!({"type": "Point", "coordinates": coordinates})
}

/// Every `[longitude, latitude]` pair in a GeoJSON coordinates tree.
fn vertex_coordinates(v: &J) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    fn walk(v: &J, out: &mut Vec<[f64; 2]>) {
        if let Some(c) = shapes::coordinate(v) {
            out.push(c);
        } else if let Some(items) = v.as_array() {
            items.iter().for_each(|x| walk(x, out));
        }
    }
    if let Some(c) = v.get("coordinates") {
        walk(c, &mut out);
    }
    out
}

/// The one line of a LineString (or of a MultiLineString holding one line).
fn single_line(v: &J) -> Option<Vec<V3>> {
    let mut lines = shapes::lines(v)?;
    (lines.len() == 1).then(|| lines.remove(0))
}

/// `geo_line_interpolate_point(line, fraction)`: the point that fraction (0–1) of the
/// line's length from its start.
pub fn line_interpolate_point(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let input = json(a, 0);
    let point = (|| {
        let line = single_line(&input)?;
        let fraction = real(a, 1).filter(|f| (0.0..=1.0).contains(f))?;
        let lengths: Vec<f64> = path_edges(&line).map(|(x, y)| x.angle(y)).collect();
        let mut target = fraction * lengths.iter().sum::<f64>();
        for ((x, y), length) in path_edges(&line).zip(&lengths) {
            if target < *length {
                return Some(point_on_line(x, y, target));
            }
            target -= length;
        }
        line.last().copied()
    })();
    Ok(point.map_or(Value::Null, |p| Value::dynamic(point_json(p, &input))))
}

/// `geo_line_locate_point(line, longitude, latitude [, use_spheroid])`: the fraction
/// of the line's length from its start to its point nearest the given one. kqlc
/// measures on the sphere only; `use_spheroid = true` is an error.
pub fn line_locate_point(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    if arg(a, 3).as_bool() == Some(true) {
        return Err("kqlc does not run geo_line_locate_point with use_spheroid = true".into());
    }
    let fraction = (|| {
        let line = single_line(&json(a, 0))?;
        let (lon, lat) = lon_lat(a, 1)?;
        let p = V3::from_degrees(lon, lat);
        let nearest = path_edges(&line)
            .enumerate()
            .map(|(i, (x, y))| (distance_to_edge(p, x, y), i))
            .min_by(|l, r| l.0.total_cmp(&r.0))?
            .1;
        let lengths: Vec<f64> = path_edges(&line).map(|(x, y)| x.angle(y)).collect();
        let total: f64 = lengths.iter().sum();
        let (x, y) = (line[nearest], line[nearest + 1]);
        let along: f64 = lengths[..nearest].iter().sum::<f64>() + x.angle(project_to_edge(p, x, y));
        Some(if total > 0.0 {
            (along / total).min(1.0)
        } else {
            0.0
        })
    })();
    Ok(fraction.map_or(Value::Null, Value::Real))
}

/// The point of the edges nearest `p`.
fn nearest_on(p: V3, edges: impl Iterator<Item = (V3, V3)>) -> Option<V3> {
    edges
        .map(|(x, y)| project_to_edge(p, x, y))
        .min_by(|l, r| p.angle(*l).total_cmp(&p.angle(*r)))
}

/// `geo_closest_point_on_line(longitude, latitude, line)`.
pub fn closest_point_on_line(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let input = json(a, 2);
    let point = (|| {
        let ((lon, lat), lines) = (lon_lat(a, 0)?, shapes::lines(&input)?);
        let p = V3::from_degrees(lon, lat);
        nearest_on(p, lines.iter().flat_map(|l| path_edges(l)))
    })();
    Ok(point.map_or(Value::Null, |p| Value::dynamic(point_json(p, &input))))
}

/// `geo_closest_point_on_polygon(longitude, latitude, polygon)`: the point itself when
/// the polygon contains it, else the nearest point of its boundary.
pub fn closest_point_on_polygon(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let input = json(a, 2);
    let point = (|| {
        let ((lon, lat), polygons) = (lon_lat(a, 0)?, shapes::polygons(&input)?);
        let p = V3::from_degrees(lon, lat);
        if polygons.iter().any(|poly| polygon_contains(poly, p)) {
            return Some(json!({"type": "Point", "coordinates": [lon, lat]}));
        }
        let edges = polygons.iter().flatten().flat_map(|r| ring_edges(r));
        nearest_on(p, edges).map(|q| point_json(q, &input))
    })();
    Ok(point.map_or(Value::Null, Value::dynamic))
}
