//! H3 cells with the `h3o` crate: geo-point-to-h3cell-function,
//! geo-h3cell-to-central-point-function, geo-h3cell-to-polygon-function,
//! geo-h3cell-parent-function, geo-h3cell-children-function,
//! geo-h3cell-level-function, geo-h3cell-neighbors-function,
//! geo-h3cell-rings-function. Tokens are H3's 15-hex-digit cell indexes; invalid input
//! gives an empty token or null.

use super::distance::lon_lat;
use crate::functions::args::{arg, long, text};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use h3o::{CellIndex, LatLng, Resolution};
use serde_json::{Value as J, json};

fn cell_arg(a: &[Value], i: usize) -> Option<CellIndex> {
    text(a, i).trim().parse().ok()
}

/// Argument `i` as a resolution in `range`; `default` when the argument is absent.
fn resolution(
    a: &[Value],
    i: usize,
    default: Option<i64>,
    range: (i64, i64),
) -> Option<Resolution> {
    let r = match arg(a, i) {
        v if a.len() <= i && v.is_null() => default?,
        _ => long(a, i)?,
    };
    if !(range.0..=range.1).contains(&r) {
        return None;
    }
    Resolution::try_from(r as u8).ok()
}

fn tokens(cells: impl Iterator<Item = CellIndex>) -> J {
    J::Array(cells.map(|c| J::String(c.to_string())).collect())
}

fn lon_lat_json(p: LatLng) -> J {
    json!([p.lng(), p.lat()])
}

/// `geo_point_to_h3cell(longitude, latitude [, resolution])`: resolution 0–15,
/// default 6.
pub fn point_to_h3cell(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let cell = (|| {
        let (lon, lat) = lon_lat(a, 0)?;
        let res = resolution(a, 2, Some(6), (0, 15))?;
        Some(LatLng::new(lat, lon).ok()?.to_cell(res).to_string())
    })();
    Ok(cell.map_or_else(Value::empty_string, Value::string))
}

/// `geo_h3cell_to_central_point(h3cell)`: the cell's centre as a GeoJSON point.
pub fn h3cell_to_central_point(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(cell_arg(a, 0).map_or(Value::Null, |c| {
        Value::dynamic(json!({"type": "Point", "coordinates": lon_lat_json(LatLng::from(c))}))
    }))
}

/// `geo_h3cell_to_polygon(h3cell)`: the cell's boundary, counter-clockwise, closed.
pub fn h3cell_to_polygon(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(cell_arg(a, 0).map_or(Value::Null, |c| {
        let mut ring: Vec<J> = c.boundary().iter().map(|p| lon_lat_json(*p)).collect();
        if let Some(first) = ring.first().cloned() {
            ring.push(first);
        }
        Value::dynamic(json!({"type": "Polygon", "coordinates": [ring]}))
    }))
}

/// `geo_h3cell_level(h3cell)`: the cell's resolution, 0–15.
pub fn h3cell_level(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(cell_arg(a, 0).map_or(Value::Null, |c| {
        Value::Long(u8::from(c.resolution()).into())
    }))
}

/// `geo_h3cell_parent(h3cell [, resolution])`: the parent at resolution 0–14, by
/// default the immediate parent; empty when that is finer than the cell.
pub fn h3cell_parent(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let parent = (|| {
        let cell = cell_arg(a, 0)?;
        let immediate = i64::from(u8::from(cell.resolution())) - 1;
        let res = resolution(a, 1, Some(immediate), (0, 14))?;
        Some(cell.parent(res)?.to_string())
    })();
    Ok(parent.map_or_else(Value::empty_string, Value::string))
}

/// `geo_h3cell_children(h3cell [, resolution])`: the children at resolution 1–15, by
/// default the immediate ones; null when that is coarser than the cell or more than
/// five levels below it.
pub fn h3cell_children(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let children = (|| {
        let cell = cell_arg(a, 0)?;
        let level = i64::from(u8::from(cell.resolution()));
        let res = resolution(a, 1, Some(level + 1), (1, 15))?;
        let depth = i64::from(u8::from(res)) - level;
        (0..=5).contains(&depth).then(|| tokens(cell.children(res)))
    })();
    Ok(children.map_or(Value::Null, Value::dynamic))
}

/// The cells within `k` steps of a cell, by ring: ring 0 is the cell itself.
fn rings(cell: CellIndex, k: u32) -> Vec<Vec<CellIndex>> {
    let mut rings = vec![Vec::new(); k as usize + 1];
    for (c, d) in cell.grid_disk_distances::<Vec<_>>(k) {
        rings[d as usize].push(c);
    }
    rings
}

/// `geo_h3cell_neighbors(h3cell)`: the cells next to it (ring 1).
pub fn h3cell_neighbors(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(cell_arg(a, 0).map_or(Value::Null, |c| {
        Value::dynamic(tokens(rings(c, 1).swap_remove(1).into_iter()))
    }))
}

/// `geo_h3cell_rings(h3cell, distance)`: the rings 0 to `distance` (0–142), each an
/// array of tokens.
pub fn h3cell_rings(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let result = (|| {
        let cell = cell_arg(a, 0)?;
        let k = long(a, 1).filter(|k| (0..=142).contains(k))?;
        let rings = rings(cell, k as u32);
        Some(J::Array(
            rings.into_iter().map(|r| tokens(r.into_iter())).collect(),
        ))
    })();
    Ok(result.map_or(Value::Null, Value::dynamic))
}

/// Kusto's cap on the cells of one polygon.
const MAX_POLYGON_CELLS: usize = 61_680;

/// A GeoJSON ring as a planar `geo` ring in degrees.
fn planar_ring(ring: &J) -> Option<geo_types::LineString<f64>> {
    let coords: Vec<geo_types::Coord<f64>> = ring
        .as_array()?
        .iter()
        .map(|c| super::shapes::coordinate(c).map(|[x, y]| geo_types::Coord { x, y }))
        .collect::<Option<_>>()?;
    Some(geo_types::LineString::new(coords))
}

fn planar_polygon(rings: &J) -> Option<geo_types::Polygon<f64>> {
    let mut rings: Vec<_> = rings
        .as_array()?
        .iter()
        .map(planar_ring)
        .collect::<Option<_>>()?;
    if rings.is_empty() {
        return None;
    }
    let shell = rings.remove(0);
    Some(geo_types::Polygon::new(shell, rings))
}

/// `geo_polygon_to_h3cells(polygon [, resolution [, radius]])`: the cells (resolution
/// 0–15, default 6) whose centres lie inside the polygon, its edges taken as straight
/// lines in longitude and latitude (as the page says, and as H3's polygon fill does).
/// A positive radius asks for the polygon buffered first, which kqlc does not do.
pub fn polygon_to_h3cells(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    match crate::functions::args::real(a, 2) {
        Some(r) if r > 0.0 => {
            return Err(
                "kqlc does not run geo_polygon_to_h3cells with a radius (a polygon buffer)".into(),
            );
        }
        Some(r) if r < 0.0 => return Ok(Value::Null),
        None if !arg(a, 2).is_null() => return Ok(Value::Null),
        _ => {}
    }
    let shape = crate::functions::args::json(a, 0);
    let cells = (|| {
        super::shapes::polygons(&shape)?;
        let res = resolution(a, 1, Some(6), (0, 15))?;
        let polygons: Vec<geo_types::Polygon<f64>> = match shape.get("type")?.as_str()? {
            "Polygon" => vec![planar_polygon(shape.get("coordinates")?)?],
            "MultiPolygon" => shape
                .get("coordinates")?
                .as_array()?
                .iter()
                .map(planar_polygon)
                .collect::<Option<_>>()?,
            _ => return None,
        };
        let mut tiler = h3o::geom::TilerBuilder::new(res)
            .containment_mode(h3o::geom::ContainmentMode::ContainsCentroid)
            .build();
        for p in polygons {
            tiler.add(p).ok()?;
        }
        let mut cells: Vec<CellIndex> = Vec::new();
        for cell in tiler.into_coverage() {
            if cells.len() == MAX_POLYGON_CELLS {
                return None;
            }
            cells.push(cell);
        }
        cells.sort_unstable();
        cells.dedup();
        Some(tokens(cells.into_iter()))
    })();
    Ok(cells.map_or(Value::Null, Value::dynamic))
}
