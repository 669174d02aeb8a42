//! The gnomonic projection, which maps every great circle to a straight line: a
//! planar algorithm run on gnomonic coordinates works on geodesic edges exactly, as
//! the docs' pages have them ("polygon edges are geodesics on the sphere"). The
//! polygon overlays of [`super::overlay`] use it so that a planar library cuts and
//! merges spherical polygons, crossing points included. It covers the open hemisphere
//! around its centre; kqlc keeps to the points within [`MAX_ANGLE`] of the centre,
//! where the scale stays within a factor of about 130.

use super::sphere::{V3, east_north};

/// The widest angle from the centre a projected point may have (85°).
pub const MAX_ANGLE: f64 = 85.0 * std::f64::consts::PI / 180.0;

/// The plane tangent to the sphere at `center`, with `east` and `north` as its axes.
#[derive(Clone, Copy, Debug)]
pub struct Plane {
    center: V3,
    east: V3,
    north: V3,
}

impl Plane {
    /// The plane centred on `center` (a unit vector).
    pub fn at(center: V3) -> Plane {
        let (east, north) = east_north(center);
        Plane {
            center,
            east,
            north,
        }
    }

    /// The plane centred on the mean of `points`, when every point lies within
    /// [`MAX_ANGLE`] of it (`None` for points spread wider, or none).
    pub fn fit<'a>(points: impl Iterator<Item = &'a V3> + Clone) -> Option<Plane> {
        let sum = points.clone().fold(V3(0.0, 0.0, 0.0), |s, p| s.add(*p));
        if sum.norm2() < 1e-30 {
            return None;
        }
        let center = sum.unit();
        let limit = MAX_ANGLE.cos();
        points
            .into_iter()
            .all(|p| p.dot(center) >= limit)
            .then(|| Plane::at(center))
    }

    /// The plane's coordinates of a point of the hemisphere around the centre.
    pub fn project(&self, p: V3) -> [f64; 2] {
        let d = p.dot(self.center);
        [p.dot(self.east) / d, p.dot(self.north) / d]
    }

    /// The point of the sphere at plane coordinates `q`.
    pub fn unproject(&self, q: [f64; 2]) -> V3 {
        self.center
            .add(self.east.scale(q[0]))
            .add(self.north.scale(q[1]))
            .unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_round_trip_and_great_circles_become_lines() {
        let plane = Plane::at(V3::from_degrees(-73.96, 40.78));
        let (a, b) = (V3::from_degrees(-74.0, 40.7), V3::from_degrees(-73.9, 40.9));
        let back = plane.unproject(plane.project(a));
        assert!(back.angle(a) < 1e-15);
        // The geodesic midpoint of ab projects onto the segment between a and b.
        let [m, pa, pb] = [a.add(b).unit(), a, b].map(|p| plane.project(p));
        let cross = (pb[0] - pa[0]) * (m[1] - pa[1]) - (pb[1] - pa[1]) * (m[0] - pa[0]);
        assert!(cross.abs() < 1e-15);
    }

    #[test]
    fn points_spread_over_more_than_a_hemisphere_do_not_fit() {
        let spread = [V3::from_degrees(0.0, 0.0), V3::from_degrees(179.0, 0.0)];
        assert!(Plane::fit(spread.iter()).is_none());
        let near = [V3::from_degrees(0.0, 0.0), V3::from_degrees(10.0, 5.0)];
        assert!(Plane::fit(near.iter()).is_some());
    }
}
