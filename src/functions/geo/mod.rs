//! Geohash functions (geo-point-to-geohash-function, geo-geohash-to-central-point-function,
//! geo-geohash-neighbors-function, geo-geohash-to-polygon-function) with the `geohash`
//! crate. Invalid coordinates or geohashes give null; results are GeoJSON (longitude
//! first).
//!
//! The other geo families live in submodules, one job each, and [`GEOMETRY`] lists
//! their entries: [`distance`] (points: distances, directions, containment),
//! [`s2cell`] and [`h3cell`] (grid cells), [`measure`] (lengths, areas, centroids),
//! [`intersects`] and [`intersection`] (where shapes meet), [`line`] (points along
//! lines, nearest points), [`densify`] and [`wkt`] (shapes in), and the builders of new
//! shapes: [`union`], [`polygon_intersection`], [`simplify`], [`buffer`] and
//! [`covering`] (S2 cells), with [`lookup`] for the geo lookup plugins. They share the
//! sphere geometry of [`sphere`], the GeoJSON reading of [`shapes`] and writing of
//! [`geojson`], and the polygon overlays of [`overlay`] on a gnomonic [`plane`].

mod buffer;
mod covering;
mod densify;
mod distance;
mod geojson;
mod h3cell;
mod intersection;
mod intersects;
mod ip_location;
mod line;
mod lookup;
mod measure;
mod overlay;
mod plane;
mod polygon_intersection;
mod s2cell;
mod shapes;
mod simplify;
mod sphere;
mod union;
mod wkt;

use super::args::{long, real, text};
use super::registry::{EvalContext, ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::{Type, Value};
use geohash::Coord;
pub use ip_location::DATABASE_VARIABLE as GEOIP_DATABASE_VARIABLE;
pub use ip_location::{is_named as geoip_database_named, use_database as use_geoip_database};
pub use lookup::LookupShape;
use serde_json::{Value as J, json};

const DYNAMIC: ReturnType = ReturnType::Fixed(Type::Dynamic);

/// A geohash argument: 1 to 18 characters of the geohash alphabet.
fn geohash_arg(a: &[Value], i: usize) -> Option<String> {
    let hash = text(a, i).trim().to_string();
    let valid = (1..=18).contains(&hash.len()) && geohash::decode_bbox(&hash).is_ok();
    valid.then_some(hash)
}

/// `geo_point_to_geohash(longitude, latitude [, accuracy])`: accuracy 1–18, default 5.
fn point_to_geohash(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let hash = (|| {
        let (lon, lat) = (real(a, 0)?, real(a, 1)?);
        // An accuracy given as null is invalid, not the default (its page: `''`).
        let accuracy = match a.get(2) {
            None => 5,
            Some(_) => long(a, 2)?,
        };
        let in_range = (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
        if !in_range || !(1..=18).contains(&accuracy) {
            return None;
        }
        geohash::encode(Coord { x: lon, y: lat }, accuracy as usize).ok()
    })();
    // A string is never null in Kusto: invalid input gives `""`.
    Ok(Value::string(hash.unwrap_or_default()))
}

/// `geo_geohash_to_central_point(geohash)`: the centre of the geohash's rectangle.
fn geohash_to_central_point(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let point = geohash_arg(a, 0).and_then(|h| geohash::decode_bbox(&h).ok());
    Ok(point.map_or(Value::Null, |r| {
        let (min, max) = (r.min(), r.max());
        let center = [(min.x + max.x) / 2.0, (min.y + max.y) / 2.0];
        Value::dynamic(json!({"type": "Point", "coordinates": center}))
    }))
}

/// `geo_geohash_to_polygon(geohash)`: the geohash's rectangle, counter-clockwise from
/// its south-west corner.
fn geohash_to_polygon(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let rect = geohash_arg(a, 0).and_then(|h| geohash::decode_bbox(&h).ok());
    Ok(rect.map_or(Value::Null, |r| {
        let (w, s, e, n) = (r.min().x, r.min().y, r.max().x, r.max().y);
        let ring = json!([[w, s], [e, s], [e, n], [w, n], [w, s]]);
        Value::dynamic(json!({"type": "Polygon", "coordinates": [ring]}))
    }))
}

/// `geo_geohash_neighbors(geohash)`: the eight neighbours, in the page's order.
fn geohash_neighbors(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let neighbors = geohash_arg(a, 0).and_then(|h| geohash::neighbors(&h).ok());
    Ok(neighbors.map_or(Value::Null, |n| {
        let order = [n.sw, n.nw, n.se, n.n, n.w, n.ne, n.e, n.s];
        Value::dynamic(J::Array(order.into_iter().map(J::String).collect()))
    }))
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "geo_info_from_ip_address",
        &[],
        (1, 1),
        "(ip: string) -> dynamic",
        DYNAMIC,
        ip_location::geo_info_from_ip_address,
        "Country, state, city, latitude and longitude of an IP address, from the MaxMind City database --geoip (or KQLC_GEOIP_DB) names ({} without one).",
    ),
    entry(
        "geo_point_to_geohash",
        &[],
        (2, 3),
        "(longitude: real, latitude: real, [accuracy: int]) -> string",
        ReturnType::Fixed(Type::String),
        point_to_geohash,
        "The geohash of a point (accuracy 1–18, default 5).",
    ),
    entry(
        "geo_geohash_to_central_point",
        &[],
        (1, 1),
        "(geohash: string) -> dynamic",
        DYNAMIC,
        geohash_to_central_point,
        "The centre of a geohash's rectangle as a GeoJSON point.",
    ),
    entry(
        "geo_geohash_to_polygon",
        &[],
        (1, 1),
        "(geohash: string) -> dynamic",
        DYNAMIC,
        geohash_to_polygon,
        "A geohash's rectangle as a GeoJSON polygon.",
    ),
    entry(
        "geo_geohash_neighbors",
        &[],
        (1, 1),
        "(geohash: string) -> dynamic",
        DYNAMIC,
        geohash_neighbors,
        "The eight geohashes around a geohash.",
    ),
];

const REAL: ReturnType = ReturnType::Fixed(Type::Real);
const BOOL: ReturnType = ReturnType::Fixed(Type::Bool);
const STRING: ReturnType = ReturnType::Fixed(Type::String);

/// The spherical geometry, S2 and H3 functions.
pub static GEOMETRY: &[ScalarFunction] = &[
    entry(
        "geo_distance_2points",
        &[],
        (4, 5),
        "(p1_longitude: real, p1_latitude: real, p2_longitude: real, p2_latitude: real, [use_spheroid: bool]) -> real",
        REAL,
        distance::distance_2points,
        "Metres between two points on the sphere (or the WGS-84 spheroid).",
    ),
    entry(
        "geo_point_in_circle",
        &[],
        (5, 5),
        "(p_longitude: real, p_latitude: real, pc_longitude: real, pc_latitude: real, c_radius: real) -> bool",
        BOOL,
        distance::point_in_circle,
        "Whether a point lies within a radius in metres of a centre.",
    ),
    entry(
        "geo_point_in_polygon",
        &[],
        (3, 3),
        "(longitude: real, latitude: real, polygon: dynamic) -> bool",
        BOOL,
        distance::point_in_polygon,
        "Whether a GeoJSON polygon or multipolygon contains a point.",
    ),
    entry(
        "geo_distance_point_to_line",
        &[],
        (3, 3),
        "(longitude: real, latitude: real, lineString: dynamic) -> real",
        REAL,
        distance::distance_point_to_line,
        "Metres from a point to a GeoJSON line or multiline.",
    ),
    entry(
        "geo_distance_point_to_polygon",
        &[],
        (3, 3),
        "(longitude: real, latitude: real, polygon: dynamic) -> real",
        REAL,
        distance::distance_point_to_polygon,
        "Metres from a point to a GeoJSON polygon or multipolygon (0 inside).",
    ),
    entry(
        "geo_azimuth",
        &[],
        (4, 4),
        "(p1_longitude: real, p1_latitude: real, p2_longitude: real, p2_latitude: real) -> real",
        REAL,
        distance::azimuth,
        "The direction from one point to another, radians clockwise from north.",
    ),
    entry(
        "geo_angle",
        &[],
        (6, 6),
        "(p1_longitude: real, p1_latitude: real, p2_longitude: real, p2_latitude: real, p3_longitude: real, p3_latitude: real) -> real",
        REAL,
        distance::angle,
        "The clockwise angle in radians at p2 from line [p2, p1] to line [p2, p3].",
    ),
    entry(
        "geo_point_to_s2cell",
        &[],
        (2, 3),
        "(longitude: real, latitude: real, [level: int]) -> string",
        STRING,
        s2cell::point_to_s2cell,
        "The S2 cell token of a point (level 0–30, default 11).",
    ),
    entry(
        "geo_s2cell_to_central_point",
        &[],
        (1, 1),
        "(s2cell: string) -> dynamic",
        DYNAMIC,
        s2cell::s2cell_to_central_point,
        "The centre of an S2 cell as a GeoJSON point.",
    ),
    entry(
        "geo_s2cell_to_polygon",
        &[],
        (1, 1),
        "(s2cell: string) -> dynamic",
        DYNAMIC,
        s2cell::s2cell_to_polygon,
        "An S2 cell as a GeoJSON polygon.",
    ),
    entry(
        "geo_s2cell_neighbors",
        &[],
        (1, 1),
        "(s2cell: string) -> dynamic",
        DYNAMIC,
        s2cell::s2cell_neighbors,
        "The S2 cells around an S2 cell.",
    ),
    entry(
        "geo_point_to_h3cell",
        &[],
        (2, 3),
        "(longitude: real, latitude: real, [resolution: int]) -> string",
        STRING,
        h3cell::point_to_h3cell,
        "The H3 cell token of a point (resolution 0–15, default 6).",
    ),
    entry(
        "geo_h3cell_to_central_point",
        &[],
        (1, 1),
        "(h3cell: string) -> dynamic",
        DYNAMIC,
        h3cell::h3cell_to_central_point,
        "The centre of an H3 cell as a GeoJSON point.",
    ),
    entry(
        "geo_h3cell_to_polygon",
        &[],
        (1, 1),
        "(h3cell: string) -> dynamic",
        DYNAMIC,
        h3cell::h3cell_to_polygon,
        "An H3 cell as a GeoJSON polygon.",
    ),
    entry(
        "geo_h3cell_parent",
        &[],
        (1, 2),
        "(h3cell: string, [resolution: int]) -> string",
        STRING,
        h3cell::h3cell_parent,
        "The parent H3 cell (by default the immediate one).",
    ),
    entry(
        "geo_h3cell_children",
        &[],
        (1, 2),
        "(h3cell: string, [resolution: int]) -> dynamic",
        DYNAMIC,
        h3cell::h3cell_children,
        "The children H3 cells (by default the immediate ones, at most five levels down).",
    ),
    entry(
        "geo_h3cell_level",
        &[],
        (1, 1),
        "(h3cell: string) -> int",
        ReturnType::Fixed(Type::Int),
        h3cell::h3cell_level,
        "The resolution of an H3 cell.",
    ),
    entry(
        "geo_h3cell_neighbors",
        &[],
        (1, 1),
        "(h3cell: string) -> dynamic",
        DYNAMIC,
        h3cell::h3cell_neighbors,
        "The H3 cells next to an H3 cell.",
    ),
    entry(
        "geo_h3cell_rings",
        &[],
        (2, 2),
        "(h3cell: string, distance: int) -> dynamic",
        DYNAMIC,
        h3cell::h3cell_rings,
        "The rings of H3 cells around a cell, up to a distance (0–142).",
    ),
    entry(
        "geo_polygon_area",
        &[],
        (1, 1),
        "(polygon: dynamic) -> real",
        REAL,
        measure::polygon_area_fn,
        "The area of a GeoJSON polygon or multipolygon in square metres.",
    ),
    entry(
        "geo_polygon_perimeter",
        &[],
        (1, 1),
        "(polygon: dynamic) -> real",
        REAL,
        measure::polygon_perimeter,
        "The boundary length of a GeoJSON polygon or multipolygon in metres.",
    ),
    entry(
        "geo_polygon_centroid",
        &[],
        (1, 1),
        "(polygon: dynamic) -> dynamic",
        DYNAMIC,
        measure::polygon_centroid,
        "The centroid of a GeoJSON polygon or multipolygon as a GeoJSON point.",
    ),
    entry(
        "geo_line_length",
        &[],
        (1, 1),
        "(lineString: dynamic) -> real",
        REAL,
        measure::line_length,
        "The length of a GeoJSON line or multiline in metres.",
    ),
    entry(
        "geo_line_centroid",
        &[],
        (1, 1),
        "(lineString: dynamic) -> dynamic",
        DYNAMIC,
        measure::line_centroid,
        "The centroid of a GeoJSON line or multiline as a GeoJSON point.",
    ),
    entry(
        "geo_intersects_2lines",
        &[],
        (2, 2),
        "(lineString1: dynamic, lineString2: dynamic) -> bool",
        BOOL,
        intersects::intersects_2lines,
        "Whether two GeoJSON lines or multilines meet.",
    ),
    entry(
        "geo_intersects_2polygons",
        &[],
        (2, 2),
        "(polygon1: dynamic, polygon2: dynamic) -> bool",
        BOOL,
        intersects::intersects_2polygons,
        "Whether two GeoJSON polygons or multipolygons meet.",
    ),
    entry(
        "geo_intersects_line_with_polygon",
        &[],
        (2, 2),
        "(lineString: dynamic, polygon: dynamic) -> bool",
        BOOL,
        intersects::intersects_line_with_polygon,
        "Whether a GeoJSON line or multiline meets a polygon or multipolygon.",
    ),
    entry(
        "geo_line_interpolate_point",
        &[],
        (2, 2),
        "(lineString: dynamic, fraction: real) -> dynamic",
        DYNAMIC,
        line::line_interpolate_point,
        "The point a fraction (0–1) of the way along a GeoJSON line.",
    ),
    entry(
        "geo_line_locate_point",
        &[],
        (3, 4),
        "(lineString: dynamic, longitude: real, latitude: real, [use_spheroid: bool]) -> real",
        REAL,
        line::line_locate_point,
        "The fraction (0–1) of a GeoJSON line up to its point nearest a given point (sphere only).",
    ),
    entry(
        "geo_closest_point_on_line",
        &[],
        (3, 3),
        "(longitude: real, latitude: real, lineString: dynamic) -> dynamic",
        DYNAMIC,
        line::closest_point_on_line,
        "The point of a GeoJSON line or multiline nearest a point.",
    ),
    entry(
        "geo_closest_point_on_polygon",
        &[],
        (3, 3),
        "(longitude: real, latitude: real, polygon: dynamic) -> dynamic",
        DYNAMIC,
        line::closest_point_on_polygon,
        "The point of a GeoJSON polygon or multipolygon nearest a point (itself when inside).",
    ),
    entry(
        "geo_line_densify",
        &[],
        (1, 3),
        "(lineString: dynamic, [tolerance: real], [preserve_crossing: bool]) -> dynamic",
        DYNAMIC,
        densify::line_densify,
        "A GeoJSON line with its planar edges split into geodesic pieces (tolerance in metres, default 10).",
    ),
    entry(
        "geo_polygon_densify",
        &[],
        (1, 3),
        "(polygon: dynamic, [tolerance: real], [preserve_crossing: bool]) -> dynamic",
        DYNAMIC,
        densify::polygon_densify,
        "A GeoJSON polygon with its planar edges split into geodesic pieces (tolerance in metres, default 10).",
    ),
    entry(
        "geo_from_wkt",
        &[],
        (1, 1),
        "(wkt: string) -> dynamic",
        DYNAMIC,
        wkt::from_wkt,
        "A well-known text shape as GeoJSON.",
    ),
    entry(
        "geo_intersection_2lines",
        &[],
        (2, 2),
        "(lineString1: dynamic, lineString2: dynamic) -> dynamic",
        DYNAMIC,
        intersection::intersection_2lines,
        "The points and stretches two GeoJSON lines or multilines share, as GeoJSON.",
    ),
    entry(
        "geo_intersection_line_with_polygon",
        &[],
        (2, 2),
        "(lineString: dynamic, polygon: dynamic) -> dynamic",
        DYNAMIC,
        intersection::intersection_line_with_polygon,
        "The stretches of a GeoJSON line or multiline inside a polygon or multipolygon, as GeoJSON.",
    ),
    entry(
        "geo_polygon_to_h3cells",
        &[],
        (1, 3),
        "(polygon: dynamic, [resolution: int], [radius: real]) -> dynamic",
        DYNAMIC,
        h3cell::polygon_to_h3cells,
        "The H3 cells whose centres lie inside a GeoJSON polygon (resolution 0–15, default 6; no buffer radius).",
    ),
    entry(
        "geo_intersection_2polygons",
        &[],
        (2, 2),
        "(polygon1: dynamic, polygon2: dynamic) -> dynamic",
        DYNAMIC,
        polygon_intersection::intersection_2polygons,
        "The area, stretches and points two GeoJSON polygons or multipolygons share, as GeoJSON.",
    ),
    entry(
        "geo_union_polygons_array",
        &[],
        (1, 1),
        "(polygons: dynamic) -> dynamic",
        DYNAMIC,
        union::union_polygons_array,
        "The union of an array of GeoJSON polygons and multipolygons.",
    ),
    entry(
        "geo_union_lines_array",
        &[],
        (1, 1),
        "(lineStrings: dynamic) -> dynamic",
        DYNAMIC,
        union::union_lines_array,
        "The union of an array of GeoJSON lines and multilines.",
    ),
    entry(
        "geo_line_simplify",
        &[],
        (1, 2),
        "(lineString: dynamic, [tolerance: real]) -> dynamic",
        DYNAMIC,
        simplify::line_simplify,
        "A GeoJSON line or multiline with fewer vertices, within a tolerance in metres (default 10).",
    ),
    entry(
        "geo_polygon_simplify",
        &[],
        (1, 2),
        "(polygon: dynamic, [tolerance: real]) -> dynamic",
        DYNAMIC,
        simplify::polygon_simplify,
        "A GeoJSON polygon or multipolygon with fewer vertices, within a tolerance in metres (default 10).",
    ),
    entry(
        "geo_simplify_polygons_array",
        &[],
        (1, 2),
        "(polygons: dynamic, [tolerance: real]) -> dynamic",
        DYNAMIC,
        simplify::simplify_polygons_array,
        "An array of GeoJSON polygons simplified alike along shared borders, as one multipolygon (tolerance in metres, default 10).",
    ),
    entry(
        "geo_point_buffer",
        &[],
        (3, 4),
        "(longitude: real, latitude: real, radius: real, [tolerance: real]) -> dynamic",
        DYNAMIC,
        buffer::point_buffer,
        "A GeoJSON polygon holding the points within a radius in metres of a point (tolerance in metres, default 10).",
    ),
    entry(
        "geo_line_buffer",
        &[],
        (2, 3),
        "(lineString: dynamic, radius: real, [tolerance: real]) -> dynamic",
        DYNAMIC,
        buffer::line_buffer,
        "A GeoJSON polygon or multipolygon holding the points within a radius in metres of a line (tolerance in metres, default 10).",
    ),
    entry(
        "geo_polygon_buffer",
        &[],
        (2, 3),
        "(polygon: dynamic, radius: real, [tolerance: real]) -> dynamic",
        DYNAMIC,
        buffer::polygon_buffer,
        "A GeoJSON polygon or multipolygon holding the points within a radius in metres of a polygon (tolerance in metres, default 10).",
    ),
    entry(
        "geo_polygon_to_s2cells",
        &[],
        (1, 3),
        "(polygon: dynamic, [level: int], [radius: real]) -> dynamic",
        DYNAMIC,
        covering::polygon_to_s2cells,
        "The S2 cell tokens of one level (0–30, default 11) covering a GeoJSON polygon, or the points within a radius in metres of it.",
    ),
    entry(
        "geo_line_to_s2cells",
        &[],
        (1, 3),
        "(lineString: dynamic, [level: int], [radius: real]) -> dynamic",
        DYNAMIC,
        covering::line_to_s2cells,
        "The S2 cell tokens of one level (0–30, default 11) covering a GeoJSON line, or the points within a radius in metres of it.",
    ),
];
