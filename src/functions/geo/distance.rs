//! Distances, directions and containment of points on the sphere:
//! geo-distance-2points-function, geo-point-in-circle-function,
//! geo-point-in-polygon-function, geo-distance-point-to-line-function,
//! geo-distance-point-to-polygon-function, geo-azimuth-function, geo-angle-function.
//! Invalid coordinates or shapes give null.

use super::shapes::{self, Polygon, path_edges, polygon_contains, ring_edges, valid_lon_lat};
use super::sphere::{EARTH_RADIUS, V3, antipodal, distance_to_edge};
use crate::functions::args::{arg, json, real};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use std::f64::consts::PI;

/// A valid `(longitude, latitude)` from arguments `i` and `i + 1`.
pub fn lon_lat(a: &[Value], i: usize) -> Option<(f64, f64)> {
    let (lon, lat) = (real(a, i)?, real(a, i + 1)?);
    valid_lon_lat(lon, lat).then_some((lon, lat))
}

fn point(a: &[Value], i: usize) -> Option<V3> {
    lon_lat(a, i).map(|(lon, lat)| V3::from_degrees(lon, lat))
}

fn real_or_null(v: Option<f64>) -> Value {
    v.map_or(Value::Null, Value::Real)
}

/// The haversine distance on S2's sphere (S2's `S2LatLng::GetDistance`).
fn sphere_distance((lon1, lat1): (f64, f64), (lon2, lat2): (f64, f64)) -> f64 {
    let (lat1, lat2) = (lat1.to_radians(), lat2.to_radians());
    let dlat = (0.5 * (lat2 - lat1)).sin();
    let dlng = (0.5 * (lon2 - lon1).to_radians()).sin();
    let x = dlat * dlat + dlng * dlng * lat1.cos() * lat2.cos();
    2.0 * x.min(1.0).sqrt().asin() * EARTH_RADIUS
}

/// The geodesic distance on the WGS-84 ellipsoid.
fn spheroid_distance((lon1, lat1): (f64, f64), (lon2, lat2): (f64, f64)) -> f64 {
    use geographiclib_rs::{Geodesic, InverseGeodesic};
    let s12: f64 = Geodesic::wgs84().inverse(lat1, lon1, lat2, lon2);
    s12
}

/// `geo_distance_2points(lon1, lat1, lon2, lat2 [, use_spheroid])`: metres on the
/// sphere, or on the WGS-84 spheroid when `use_spheroid` is true.
pub fn distance_2points(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let spheroid = match arg(a, 4) {
        Value::Null => false,
        v => match v.as_bool() {
            Some(b) => b,
            None => return Ok(Value::Null),
        },
    };
    let measure = if spheroid {
        spheroid_distance
    } else {
        sphere_distance
    };
    Ok(real_or_null(
        lon_lat(a, 0)
            .zip(lon_lat(a, 2))
            .map(|(p1, p2)| measure(p1, p2)),
    ))
}

/// `geo_point_in_circle(lon, lat, center_lon, center_lat, radius)`: whether the point
/// lies in the spherical cap of that radius in metres (a radius must be positive).
pub fn point_in_circle(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let inside = (|| {
        let (p, c, radius) = (lon_lat(a, 0)?, lon_lat(a, 2)?, real(a, 4)?);
        (radius > 0.0).then(|| sphere_distance(p, c) <= radius)
    })();
    Ok(inside.map_or(Value::Null, Value::Bool))
}

/// `geo_point_in_polygon(lon, lat, polygon)`: whether a Polygon or MultiPolygon
/// contains the point.
pub fn point_in_polygon(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let inside = (|| {
        let (p, polygons) = (point(a, 0)?, shapes::polygons(&json(a, 2))?);
        Some(polygons.iter().any(|poly| polygon_contains(poly, p)))
    })();
    Ok(inside.map_or(Value::Null, Value::Bool))
}

/// `geo_distance_point_to_line(lon, lat, line)`: metres to the nearest point of a
/// LineString or MultiLineString.
pub fn distance_point_to_line(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let distance = (|| {
        let (p, lines) = (point(a, 0)?, shapes::lines(&json(a, 2))?);
        Some(to_lines(p, &lines))
    })();
    Ok(real_or_null(distance))
}

/// Metres from `p` to the nearest point of the lines.
pub fn to_lines(p: V3, lines: &[Vec<V3>]) -> f64 {
    let angle = lines
        .iter()
        .flat_map(|l| path_edges(l))
        .map(|(x, y)| distance_to_edge(p, x, y))
        .fold(f64::INFINITY, f64::min);
    angle * EARTH_RADIUS
}

/// `geo_distance_point_to_polygon(lon, lat, polygon)`: 0 inside the polygon, else
/// metres to its nearest edge.
pub fn distance_point_to_polygon(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let distance = (|| {
        let (p, polygons) = (point(a, 0)?, shapes::polygons(&json(a, 2))?);
        Some(to_polygons(p, &polygons))
    })();
    Ok(real_or_null(distance))
}

/// Metres from `p` to the polygons: 0 inside one, else to the nearest edge.
pub fn to_polygons(p: V3, polygons: &[Polygon]) -> f64 {
    if polygons.iter().any(|poly| polygon_contains(poly, p)) {
        return 0.0;
    }
    let angle = polygons
        .iter()
        .flatten()
        .flat_map(|r| ring_edges(r))
        .map(|(x, y)| distance_to_edge(p, x, y))
        .fold(f64::INFINITY, f64::min);
    angle * EARTH_RADIUS
}

/// The initial bearing from `p1` to `p2` in radians, clockwise from north, in
/// [0, 2π); `None` when the points are equal or antipodal.
fn bearing((lon1, lat1): (f64, f64), (lon2, lat2): (f64, f64)) -> Option<f64> {
    let (v1, v2) = (V3::from_degrees(lon1, lat1), V3::from_degrees(lon2, lat2));
    if v1 == v2 || antipodal(v1, v2) {
        return None;
    }
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let y = dl.sin() * phi2.cos();
    let x = phi1.cos() * phi2.sin() - phi1.sin() * phi2.cos() * dl.cos();
    Some(turn(y.atan2(x)))
}

/// An angle in radians brought into [0, 2π).
fn turn(angle: f64) -> f64 {
    let a = angle.rem_euclid(2.0 * PI);
    if a >= 2.0 * PI { 0.0 } else { a }
}

/// `geo_azimuth(lon1, lat1, lon2, lat2)`: the direction of the geodesic from p1 to p2.
pub fn azimuth(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let azimuth = (|| bearing(lon_lat(a, 0)?, lon_lat(a, 2)?))();
    Ok(real_or_null(azimuth))
}

/// `geo_angle(p1, p2, p3)`: the angle at p2, clockwise from line [p2, p1] to line
/// [p2, p3], in [0, 2π).
pub fn angle(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let angle = (|| {
        let (p1, p2, p3) = (lon_lat(a, 0)?, lon_lat(a, 2)?, lon_lat(a, 4)?);
        let (to_p1, to_p3) = (bearing(p2, p1)?, bearing(p2, p3)?);
        Some(turn(to_p3 - to_p1))
    })();
    Ok(real_or_null(angle))
}
