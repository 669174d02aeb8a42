//! The points within a radius of a shape, as a polygon: geo-point-buffer-function,
//! geo-line-buffer-function, geo-polygon-buffer-function.
//!
//! A buffer holds every point within the radius ("polygon that contains all points
//! within the given radius") and strays at most the tolerance beyond it. A circle of
//! radius r is a polygon whose geodesic edges touch the circle from outside: with n
//! vertices at distance R, tan r = tan R · cos(π/n), and n is the least that keeps
//! R − r within half the tolerance. Around an edge the same step makes a capsule (the
//! points within r of the edge, round at both ends, the sides at distance R); a line's
//! buffer is the union of its edges' capsules, a polygon's the polygon and the
//! capsules of its rings' edges (united by [`super::overlay`]). Kusto's vertex
//! placement is not documented, so the vertices differ from Kusto's; the radius must be
//! positive and the tolerance at least 0.0001% of it (one above the radius is lowered
//! to just below it), else the result is null.

use super::distance::lon_lat;
use super::geojson::Given;
use super::overlay::{self, Op};
use super::shapes::{self, Polygon, path_edges, ring_edges};
use super::sphere::{EARTH_RADIUS, V3, east_north, edge_normal, point_on_line};
use crate::functions::args::{arg, json, real};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use std::f64::consts::{FRAC_PI_2, PI};

/// The fewest vertices of a circle.
const MIN_VERTICES: usize = 8;

/// The most vertices of a circle (a tolerance of 0.0001% of the radius, the least the
/// pages allow, needs about 2,300; rounding must not ask for more).
const MAX_VERTICES: usize = 100_000;

/// The largest radius kqlc buffers with (80°, about 8,900 km): larger buffers reach
/// past the hemisphere the overlay's plane covers.
const MAX_RADIUS: f64 = 80.0 * PI / 180.0;

/// How to draw a buffer: the radius `r`, the distance `far` of the vertices and the
/// largest angle `step` between neighbouring ones, all in radians.
#[derive(Clone, Copy, Debug)]
struct Round {
    r: f64,
    far: f64,
    step: f64,
}

impl Round {
    /// From a radius and tolerance in metres; `None` when invalid.
    fn new(radius: f64, tolerance: f64) -> Option<Round> {
        if !(radius > 0.0 && radius.is_finite() && tolerance >= radius * 1e-6) {
            return None;
        }
        let r = radius / EARTH_RADIUS;
        let tol = tolerance.min(radius * (1.0 - 1e-9)) / EARTH_RADIUS;
        // Half the tolerance for the vertices' distance, half for the edges between
        // the capsules' sides, which bulge by as much again.
        let far = (r + tol / 2.0).min(r + (FRAC_PI_2 - r) / 2.0);
        let half = (r.tan() / far.tan()).clamp(-1.0, 1.0).acos();
        let n = ((PI / half).ceil() as usize).clamp(MIN_VERTICES, MAX_VERTICES);
        let step = 2.0 * PI / n as f64;
        let far = (r.tan() / (step / 2.0).cos()).atan();
        Some(Round { r, far, step })
    }

    /// The vertex at distance `far` from `c` in direction `angle` (counter-clockwise
    /// from `x`, with `y` a quarter turn on).
    fn at(&self, c: V3, (x, y): (V3, V3), angle: f64) -> V3 {
        let d = x.scale(angle.cos()).add(y.scale(angle.sin()));
        c.scale(self.far.cos()).add(d.scale(self.far.sin())).unit()
    }

    /// A circle around `c`, counter-clockwise.
    fn circle(&self, c: V3) -> Vec<V3> {
        let n = (2.0 * PI / self.step).round() as usize;
        let axes = east_north(c);
        (0..n)
            .map(|k| self.at(c, axes, self.step * k as f64))
            .collect()
    }

    /// The half circle around `c` from direction `-side` through `ahead` to `side`,
    /// without its two ends.
    fn half(&self, c: V3, ahead: V3, side: V3) -> impl Iterator<Item = V3> + '_ {
        let k = (PI / self.step).ceil() as usize;
        let turn = PI / k as f64;
        (1..k).map(move |j| self.at(c, (ahead, side), -FRAC_PI_2 + turn * j as f64))
    }

    /// The points within `r` of edge `ab`, counter-clockwise: the right side from a to
    /// b, round b, the left side back and round a.
    fn capsule(&self, a: V3, b: V3) -> Vec<V3> {
        let normal = edge_normal(a, b);
        if normal.norm2() < 1e-40 {
            return self.circle(a);
        }
        let left = normal.unit();
        let length = a.angle(b);
        let m = ((length / self.step).ceil() as usize).max(1);
        let along = |i: usize| point_on_line(a, b, length * i as f64 / m as f64);
        let offset = |g: V3, side: f64| {
            g.scale(self.far.cos())
                .add(left.scale(side * self.far.sin()))
                .unit()
        };
        let mut ring: Vec<V3> = (0..=m).map(|i| offset(along(i), -1.0)).collect();
        ring.extend(self.half(b, left.cross(b), left));
        ring.extend((0..=m).rev().map(|i| offset(along(i), 1.0)));
        ring.extend(self.half(a, a.cross(left), left.scale(-1.0)));
        ring
    }
}

/// The radius (argument `i`) and tolerance (argument `i + 1`, default 10 metres).
fn round(a: &[Value], i: usize) -> Option<Round> {
    let tolerance = match arg(a, i + 1) {
        Value::Null if a.len() < i + 2 => 10.0,
        _ => real(a, i + 1)?,
    };
    Round::new(real(a, i)?, tolerance)
}

fn too_wide() -> String {
    "kqlc builds buffers of radius up to 80° (about 8,900 km)".to_string()
}

/// The union of the pieces as GeoJSON: in one overlay when they fit in one plane, else
/// pair by pair.
fn united(pieces: Vec<Polygon>) -> Result<Value, String> {
    let union = overlay::overlay(&[&pieces], Op::Union)
        .or_else(|| overlay::union_all(pieces.into_iter().map(|p| vec![p]).collect()))
        .ok_or_else(|| super::union::TOO_SPREAD.to_string())?;
    Ok(Given::default()
        .polygons(&union)
        .map_or(Value::Null, Value::dynamic))
}

/// `geo_point_buffer(longitude, latitude, radius [, tolerance])`.
pub fn point_buffer(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some((lon, lat)), Some(round)) = (lon_lat(a, 0), round(a, 2)) else {
        return Ok(Value::Null);
    };
    if round.r > MAX_RADIUS {
        return Err(too_wide());
    }
    let circle = vec![round.circle(V3::from_degrees(lon, lat))];
    Ok(Given::default()
        .polygons(&[circle])
        .map_or(Value::Null, Value::dynamic))
}

/// `geo_line_buffer(line, radius [, tolerance])`.
pub fn line_buffer(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(lines), Some(round)) = (shapes::lines(&json(a, 0)), round(a, 1)) else {
        return Ok(Value::Null);
    };
    if round.r > MAX_RADIUS {
        return Err(too_wide());
    }
    let capsules = lines
        .iter()
        .flat_map(|l| path_edges(l))
        .map(|(p, q)| vec![round.capsule(p, q)])
        .collect();
    united(capsules)
}

/// `geo_polygon_buffer(polygon, radius [, tolerance])`.
pub fn polygon_buffer(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(polygons), Some(round)) = (shapes::polygons(&json(a, 0)), round(a, 1)) else {
        return Ok(Value::Null);
    };
    if round.r > MAX_RADIUS {
        return Err(too_wide());
    }
    let capsules: Vec<Polygon> = polygons
        .iter()
        .flatten()
        .flat_map(|r| ring_edges(r))
        .map(|(p, q)| vec![round.capsule(p, q)])
        .collect();
    united(polygons.into_iter().chain(capsules).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vertices lie at most half the tolerance beyond the radius, and the edges
    /// between them touch or clear the circle.
    #[test]
    fn circles_stay_within_the_tolerance_outside_the_radius() {
        for (radius, tolerance) in [(20_000.0, 10.0), (4.0, 0.1), (300.0, 0.1), (1000.0, 5000.0)] {
            let round = Round::new(radius, tolerance).expect("valid");
            let beyond = (round.far - round.r) * EARTH_RADIUS;
            assert!(
                beyond > 0.0 && beyond <= tolerance.min(radius) / 2.0,
                "{beyond}"
            );
            let closest = (round.far.tan() * (round.step / 2.0).cos()).atan();
            assert!(
                closest >= round.r * (1.0 - 1e-12),
                "{closest} < {}",
                round.r
            );
        }
    }

    #[test]
    fn radius_and_tolerance_must_be_positive_and_in_proportion() {
        assert!(Round::new(0.0, 10.0).is_none());
        assert!(Round::new(-1.0, 10.0).is_none());
        assert!(Round::new(1000.0, 0.0001).is_none());
        assert!(Round::new(f64::NAN, 10.0).is_none());
        assert!(Round::new(1e12, 1e7).is_some_and(|r| r.r > MAX_RADIUS));
    }
}
