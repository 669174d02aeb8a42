//! S2 cells with the `s2` crate: geo-point-to-s2cell-function,
//! geo-s2cell-to-central-point-function, geo-s2cell-neighbors-function,
//! geo-s2cell-to-polygon-function. Tokens are S2's: the cell id in hex with trailing
//! zeros dropped (at most 16 characters). Invalid input gives an empty token or null.

use super::distance::lon_lat;
use super::shapes::point_json;
use super::sphere::V3;
use crate::functions::args::{arg, long, text};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use s2::cell::Cell;
use s2::cellid::CellID;
use s2::latlng::LatLng;
use serde_json::{Value as J, json};

/// A valid S2 token: 1–16 hex digits naming a valid cell.
fn cell_arg(a: &[Value], i: usize) -> Option<CellID> {
    let token = text(a, i);
    let token = token.trim();
    let hex = (1..=16).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_hexdigit());
    let cell = CellID::from_token(token);
    (hex && cell.is_valid()).then_some(cell)
}

fn to_v3(p: s2::point::Point) -> V3 {
    V3(p.0.x, p.0.y, p.0.z)
}

/// `geo_point_to_s2cell(longitude, latitude [, level])`: level 0–30, default 11.
pub fn point_to_s2cell(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let token = (|| {
        let (lon, lat) = lon_lat(a, 0)?;
        let level = match arg(a, 2) {
            v if a.len() < 3 && v.is_null() => 11,
            _ => long(a, 2)?,
        };
        if !(0..=30).contains(&level) {
            return None;
        }
        let leaf = CellID::from(LatLng::from_degrees(lat, lon));
        Some(leaf.parent(level as u64).to_token())
    })();
    Ok(token.map_or_else(Value::empty_string, Value::string))
}

/// `geo_s2cell_to_central_point(s2cell)`: the cell's centre as a GeoJSON point.
pub fn s2cell_to_central_point(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(cell_arg(a, 0).map_or(Value::Null, |c| {
        Value::dynamic(point_json(to_v3(Cell::from(c).center())))
    }))
}

/// `geo_s2cell_to_polygon(s2cell)`: the cell's four corners as a closed GeoJSON ring,
/// in S2's vertex order.
pub fn s2cell_to_polygon(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(cell_arg(a, 0).map_or(Value::Null, |c| {
        let cell = Cell::from(c);
        let mut ring: Vec<[f64; 2]> = (0..4).map(|k| to_v3(cell.vertex(k)).to_degrees()).collect();
        ring.push(ring[0]);
        Value::dynamic(json!({"type": "Polygon", "coordinates": [ring]}))
    }))
}

/// `geo_s2cell_neighbors(s2cell)`: the cells of the same level that touch it, edge or
/// corner (S2's `AppendAllNeighbors`, each once).
pub fn s2cell_neighbors(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(cell_arg(a, 0).map_or(Value::Null, |c| {
        let mut tokens: Vec<J> = Vec::new();
        for n in c.all_neighbors(c.level()) {
            let token = J::String(n.to_token());
            if n != c && !tokens.contains(&token) {
                tokens.push(token);
            }
        }
        Value::dynamic(J::Array(tokens))
    }))
}
