//! Planar edges to geodesic chains: geo-line-densify-function,
//! geo-polygon-densify-function. GeoJSON edges are straight in longitude/latitude;
//! each edge is halved (at its planar midpoint) until the planar midpoint of every
//! piece lies within the tolerance (metres, 0.1–10000, default 10) of the geodesic
//! midpoint, which reproduces the pages' examples (a 1°×1° diagonal becomes 8 pieces,
//! a 1° edge along the 10th parallel 4, a meridian edge stays whole). The input's own
//! vertices are kept as given; an edge spanning more than 180° of longitude crosses the
//! antimeridian (`preserve_crossing` is not read). Invalid shapes or tolerances give null.

use super::shapes;
use super::sphere::{EARTH_RADIUS, V3};
use crate::functions::args::{arg, json, real};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::{Value as J, json};

/// Kusto's cap on the points of a densified shape.
const MAX_POINTS: usize = 10_485_760;

fn tolerance(a: &[Value]) -> Option<f64> {
    let t = match arg(a, 1) {
        Value::Null if a.len() < 2 => 10.0,
        _ => real(a, 1)?,
    };
    (0.1..=10_000.0).contains(&t).then_some(t)
}

/// A coordinate as JSON, whole numbers without a fraction (as Kusto writes them).
fn number(x: f64) -> J {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// Appends the points after `p` up to and including `q`, halving the edge while its
/// planar midpoint strays more than `tol` metres from the geodesic one.
fn densify_edge(p: [f64; 2], q: [f64; 2], q_json: &J, tol: f64, depth: u32, out: &mut Vec<J>) {
    let m = [(p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0];
    let (vp, vq) = (V3::from_degrees(p[0], p[1]), V3::from_degrees(q[0], q[1]));
    let geodesic_mid = vp.add(vq).unit();
    let stray = V3::from_degrees(m[0], m[1]).angle(geodesic_mid) * EARTH_RADIUS;
    if stray <= tol || depth >= 30 || out.len() >= MAX_POINTS {
        out.push(q_json.clone());
        return;
    }
    let wrapped = if m[0] > 180.0 {
        m[0] - 360.0
    } else if m[0] < -180.0 {
        m[0] + 360.0
    } else {
        m[0]
    };
    let point = json!([number(wrapped), number(m[1])]);
    densify_edge(p, m, &point, tol, depth + 1, out);
    densify_edge(m, q, q_json, tol, depth + 1, out);
}

/// A coordinates array, densified; `None` when a coordinate is invalid.
fn densify_path(coords: &J, tol: f64) -> Option<J> {
    let items = coords.as_array()?;
    let points: Vec<[f64; 2]> = items
        .iter()
        .map(shapes::coordinate)
        .collect::<Option<_>>()?;
    let mut out = vec![items.first()?.clone()];
    for i in 1..points.len() {
        let (p, mut q) = (points[i - 1], points[i]);
        // An edge of more than 180° of longitude crosses the antimeridian, the short way.
        if q[0] - p[0] > 180.0 {
            q[0] -= 360.0;
        } else if p[0] - q[0] > 180.0 {
            q[0] += 360.0;
        }
        densify_edge(p, q, &items[i], tol, 0, &mut out);
    }
    (out.len() <= MAX_POINTS).then_some(J::Array(out))
}

fn densify_all(v: &J, depth: usize, tol: f64) -> Option<J> {
    if depth == 0 {
        return densify_path(v, tol);
    }
    let parts: Vec<J> = v
        .as_array()?
        .iter()
        .map(|x| densify_all(x, depth - 1, tol))
        .collect::<Option<_>>()?;
    Some(J::Array(parts))
}

fn densified(shape: &J, kind: &str, tol: f64) -> Option<J> {
    let coords = shape.get("coordinates")?;
    let depth = match kind {
        "LineString" => 0,
        "MultiLineString" | "Polygon" => 1,
        "MultiPolygon" => 2,
        _ => return None,
    };
    Some(json!({"type": kind, "coordinates": densify_all(coords, depth, tol)?}))
}

/// `geo_line_densify(line [, tolerance [, preserve_crossing]])`.
pub fn line_densify(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let shape = json(a, 0);
    let result = (|| {
        shapes::lines(&shape)?;
        densified(&shape, shape.get("type")?.as_str()?, tolerance(a)?)
    })();
    Ok(result.map_or(Value::Null, Value::dynamic))
}

/// `geo_polygon_densify(polygon [, tolerance [, preserve_crossing]])`.
pub fn polygon_densify(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let shape = json(a, 0);
    let result = (|| {
        shapes::polygons(&shape)?;
        densified(&shape, shape.get("type")?.as_str()?, tolerance(a)?)
    })();
    Ok(result.map_or(Value::Null, Value::dynamic))
}
