//! The matching of the geo lookup plugins: geo-polygon-lookup-plugin ("point
//! containment in polygon is tested via geo_point_in_polygon(), or if radius is set,
//! then geo_distance_point_to_polygon()") and geo-line-lookup-plugin ("location
//! distance from a line is tested via geo_distance_point_to_line()"). A lookup row
//! whose shape is invalid, or a location that is not a valid point, matches nothing.

use super::distance::{to_lines, to_polygons};
use super::shapes::{self, Polygon, polygon_contains, valid_lon_lat};
use super::sphere::V3;
use crate::functions::args::json;
use crate::value::Value;

/// A lookup table's shape, read once for every location.
pub enum LookupShape {
    Polygons(Vec<Polygon>),
    Lines(Vec<Vec<V3>>),
}

impl LookupShape {
    /// The polygon (or, with `lines`, the line) of a lookup row; `None` when invalid.
    pub fn read(v: &Value, lines: bool) -> Option<LookupShape> {
        let shape = json(std::slice::from_ref(v), 0);
        if lines {
            shapes::lines(&shape).map(LookupShape::Lines)
        } else {
            shapes::polygons(&shape).map(LookupShape::Polygons)
        }
    }

    /// Whether the location matches: within `radius` metres when given, else (a
    /// polygon) inside.
    pub fn matches(&self, longitude: f64, latitude: f64, radius: Option<f64>) -> bool {
        if !valid_lon_lat(longitude, latitude) {
            return false;
        }
        let p = V3::from_degrees(longitude, latitude);
        match (self, radius) {
            (LookupShape::Polygons(ps), None) => ps.iter().any(|poly| polygon_contains(poly, p)),
            (LookupShape::Polygons(ps), Some(r)) => to_polygons(p, ps) <= r,
            (LookupShape::Lines(ls), Some(r)) => to_lines(p, ls) <= r,
            (LookupShape::Lines(_), None) => false,
        }
    }
}
