//! Writing the shapes the geo builders compute as GeoJSON: a vertex of the input keeps
//! the coordinates it was given (as the pages' outputs show them), a new vertex is
//! written from its point on the sphere; a geometry of one part is that part (Point,
//! LineString, Polygon), of several the Multi- type, and parts of different kinds a
//! GeometryCollection (points, then lines, then polygons, as in
//! geo-intersection-2polygons-function; an empty one when nothing is left).

use super::shapes::{self, Polygon};
use super::sphere::V3;
use serde_json::{Value as J, json};
use std::collections::HashMap;

/// The coordinates of the input's vertices, by the exact point each names.
#[derive(Default)]
pub struct Given(HashMap<[u64; 3], J>);

impl Given {
    /// Every `[longitude, latitude]` pair of the GeoJSON shapes `inputs`.
    pub fn of<'a>(inputs: impl IntoIterator<Item = &'a J>) -> Given {
        let mut given = Given::default();
        for v in inputs {
            given.add(v.get("coordinates").unwrap_or(v));
        }
        given
    }

    fn add(&mut self, v: &J) {
        if let Some([lon, lat]) = shapes::coordinate(v) {
            let pair = v.as_array().map_or(J::Null, |a| J::Array(a[..2].to_vec()));
            self.0
                .entry(V3::from_degrees(lon, lat).bits())
                .or_insert(pair);
        } else if let Some(items) = v.as_array() {
            items.iter().for_each(|x| self.add(x));
        }
    }

    /// The coordinates to write for `p`.
    pub fn coordinates(&self, p: V3) -> J {
        self.0
            .get(&p.bits())
            .cloned()
            .unwrap_or_else(|| json!(p.to_degrees()))
    }

    /// A closed ring: its vertices, then the first again.
    fn ring(&self, ring: &[V3]) -> J {
        let points = ring
            .iter()
            .chain(ring.first())
            .map(|p| self.coordinates(*p));
        J::Array(points.collect())
    }

    fn path(&self, line: &[V3]) -> J {
        J::Array(line.iter().map(|p| self.coordinates(*p)).collect())
    }

    /// A Polygon or MultiPolygon; `None` for no polygons.
    pub fn polygons(&self, polygons: &[Polygon]) -> Option<J> {
        let polygon = |p: &Polygon| J::Array(p.iter().map(|r| self.ring(r)).collect());
        match polygons {
            [] => None,
            [one] => Some(json!({"type": "Polygon", "coordinates": polygon(one)})),
            many => {
                let all: Vec<J> = many.iter().map(polygon).collect();
                Some(json!({"type": "MultiPolygon", "coordinates": all}))
            }
        }
    }

    /// A LineString or MultiLineString; `None` for no lines.
    pub fn lines(&self, lines: &[Vec<V3>]) -> Option<J> {
        match lines {
            [] => None,
            [one] => Some(json!({"type": "LineString", "coordinates": self.path(one)})),
            many => {
                let all: Vec<J> = many.iter().map(|l| self.path(l)).collect();
                Some(json!({"type": "MultiLineString", "coordinates": all}))
            }
        }
    }

    /// A Point or MultiPoint; `None` for no points.
    pub fn points(&self, points: &[V3]) -> Option<J> {
        match points {
            [] => None,
            [one] => Some(json!({"type": "Point", "coordinates": self.coordinates(*one)})),
            many => Some(json!({"type": "MultiPoint", "coordinates": self.path(many)})),
        }
    }
}

/// The one part, or a GeometryCollection of the parts (empty for none).
pub fn collection(parts: Vec<J>) -> J {
    match <[J; 1]>::try_from(parts) {
        Ok([one]) => one,
        Err(parts) => json!({"type": "GeometryCollection", "geometries": parts}),
    }
}
