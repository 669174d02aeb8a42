//! Geohash functions (geo-point-to-geohash-function, geo-geohash-to-central-point-function,
//! geo-geohash-neighbors-function, geo-geohash-to-polygon-function) with the `geohash`
//! crate. Invalid coordinates or geohashes give null; results are GeoJSON (longitude
//! first).

mod ip_location;

use super::args::{long, real, text};
use super::registry::{EvalContext, ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::{Type, Value};
use geohash::Coord;
pub use ip_location::DATABASE_VARIABLE as GEOIP_DATABASE_VARIABLE;
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
        let accuracy = match a.get(2) {
            Some(Value::Null) | None => 5,
            Some(_) => long(a, 2)?,
        };
        let in_range = (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
        if !in_range || !(1..=18).contains(&accuracy) {
            return None;
        }
        geohash::encode(Coord { x: lon, y: lat }, accuracy as usize).ok()
    })();
    Ok(hash.map_or(Value::Null, Value::string))
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
        "Country, state, city, latitude and longitude of an IP address, from the MaxMind City database KQLC_GEOIP_DB names ({} without one).",
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
