//! Reading GeoJSON lines and polygons as Kusto's geo functions accept them
//! (geo-distance-point-to-line-function and geo-point-in-polygon-function state the
//! constraints): a LineString has at least two points, a MultiLineString's lines each
//! do; a Polygon is a shell ring and hole rings, each closed (first point = last) with
//! at least four entries and three distinct vertices; a MultiPolygon is polygons.
//! Coordinates are `[longitude, latitude]` in the valid ranges; an edge between
//! antipodal points is invalid. Anything else reads as `None` (the function gives null).

use super::sphere::{V3, antipodal};
use serde_json::Value as J;

/// A coordinate `[longitude, latitude]` in range (extra entries, e.g. altitude, ignored).
pub fn coordinate(v: &J) -> Option<[f64; 2]> {
    let pair = v.as_array()?;
    let (lon, lat) = (pair.first()?.as_f64()?, pair.get(1)?.as_f64()?);
    valid_lon_lat(lon, lat).then_some([lon, lat])
}

pub fn valid_lon_lat(lon: f64, lat: f64) -> bool {
    (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)
}

/// A GeoJSON object's `type` and `coordinates`.
fn typed(v: &J) -> Option<(&str, &J)> {
    Some((v.get("type")?.as_str()?, v.get("coordinates")?))
}

fn points(v: &J) -> Option<Vec<V3>> {
    v.as_array()?
        .iter()
        .map(|c| coordinate(c).map(|[lon, lat]| V3::from_degrees(lon, lat)))
        .collect()
}

/// A path with at least two points and no edge between antipodes.
fn path(v: &J) -> Option<Vec<V3>> {
    let line = points(v)?;
    let ok = line.len() >= 2 && line.windows(2).all(|e| !antipodal(e[0], e[1]));
    ok.then_some(line)
}

/// The lines of a LineString or MultiLineString.
pub fn lines(v: &J) -> Option<Vec<Vec<V3>>> {
    match typed(v)? {
        ("LineString", c) => Some(vec![path(c)?]),
        ("MultiLineString", c) => {
            let lines: Vec<Vec<V3>> = c.as_array()?.iter().map(path).collect::<Option<_>>()?;
            (!lines.is_empty()).then_some(lines)
        }
        _ => None,
    }
}

/// A closed ring's distinct vertices in order, without the closing repeat (repeated
/// consecutive vertices collapse to one).
fn ring(v: &J) -> Option<Vec<V3>> {
    let entries = points(v)?;
    if entries.len() < 4 || entries.first() != entries.last() {
        return None;
    }
    let mut ring: Vec<V3> = Vec::with_capacity(entries.len());
    for p in &entries[..entries.len() - 1] {
        if ring.last() != Some(p) {
            ring.push(*p);
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    let distinct =
        ring.len() >= 3 && (0..ring.len()).all(|i| !antipodal(ring[i], ring[(i + 1) % ring.len()]));
    distinct.then_some(ring)
}

/// One polygon: its shell, then its holes.
pub type Polygon = Vec<Vec<V3>>;

fn polygon(v: &J) -> Option<Polygon> {
    let rings: Polygon = v.as_array()?.iter().map(ring).collect::<Option<_>>()?;
    (!rings.is_empty()).then_some(rings)
}

/// The polygons of a Polygon or MultiPolygon.
pub fn polygons(v: &J) -> Option<Vec<Polygon>> {
    match typed(v)? {
        ("Polygon", c) => Some(vec![polygon(c)?]),
        ("MultiPolygon", c) => {
            let all: Vec<Polygon> = c.as_array()?.iter().map(polygon).collect::<Option<_>>()?;
            (!all.is_empty()).then_some(all)
        }
        _ => None,
    }
}

/// The edges of a closed ring, last vertex back to the first.
pub fn ring_edges(ring: &[V3]) -> impl Iterator<Item = (V3, V3)> + '_ {
    (0..ring.len()).map(move |i| (ring[i], ring[(i + 1) % ring.len()]))
}

/// The edges of an open path.
pub fn path_edges(line: &[V3]) -> impl Iterator<Item = (V3, V3)> + '_ {
    line.windows(2).map(|e| (e[0], e[1]))
}

/// Whether a polygon (shell minus holes) contains a point.
pub fn polygon_contains(polygon: &Polygon, p: V3) -> bool {
    let (shell, holes) = (&polygon[0], &polygon[1..]);
    super::sphere::loop_contains(shell, p)
        && !holes.iter().any(|h| super::sphere::loop_contains(h, p))
}

/// A GeoJSON Point.
pub fn point_json(p: V3) -> serde_json::Value {
    serde_json::json!({"type": "Point", "coordinates": p.to_degrees()})
}
