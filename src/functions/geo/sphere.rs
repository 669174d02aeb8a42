//! Geometry on the unit sphere, as the S2 library (which Kusto's geo functions use)
//! computes it: points are unit vectors, edges are geodesics (great-circle arcs), and
//! lengths and areas are scaled to the Earth by S2's mean radius of 6,371,010 m (with
//! which the Seattle–Los Angeles example of geo-distance-2points-function comes out to
//! the metre). Each formula follows its S2 counterpart, so results agree with the docs'
//! figures to the last few digits.

use std::f64::consts::PI;

/// The Earth's radius in metres in S2 (`S2Earth::RadiusMeters`).
pub const EARTH_RADIUS: f64 = 6_371_010.0;

/// A point on the unit sphere (or, for sums such as centroids, any vector).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct V3(pub f64, pub f64, pub f64);

impl V3 {
    /// The unit vector of a longitude and latitude in degrees.
    pub fn from_degrees(lon: f64, lat: f64) -> V3 {
        let (lon, lat) = (lon.to_radians(), lat.to_radians());
        V3(lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin())
    }
    /// Longitude and latitude in degrees (S2's `S2LatLng(point)`).
    pub fn to_degrees(self) -> [f64; 2] {
        let lat = self.2.atan2((self.0 * self.0 + self.1 * self.1).sqrt());
        [self.1.atan2(self.0).to_degrees(), lat.to_degrees()]
    }
    pub fn dot(self, o: V3) -> f64 {
        self.0 * o.0 + self.1 * o.1 + self.2 * o.2
    }
    pub fn cross(self, o: V3) -> V3 {
        V3(
            self.1 * o.2 - self.2 * o.1,
            self.2 * o.0 - self.0 * o.2,
            self.0 * o.1 - self.1 * o.0,
        )
    }
    pub fn add(self, o: V3) -> V3 {
        V3(self.0 + o.0, self.1 + o.1, self.2 + o.2)
    }
    pub fn sub(self, o: V3) -> V3 {
        V3(self.0 - o.0, self.1 - o.1, self.2 - o.2)
    }
    pub fn scale(self, s: f64) -> V3 {
        V3(self.0 * s, self.1 * s, self.2 * s)
    }
    pub fn norm2(self) -> f64 {
        self.dot(self)
    }
    pub fn norm(self) -> f64 {
        self.norm2().sqrt()
    }
    pub fn unit(self) -> V3 {
        let n = self.norm();
        if n == 0.0 { self } else { self.scale(1.0 / n) }
    }
    /// The exact bits of the coordinates, a key for maps of points.
    pub fn bits(self) -> [u64; 3] {
        [self.0.to_bits(), self.1.to_bits(), self.2.to_bits()]
    }
    /// The angle in radians between two vectors (`S2Point::Angle`).
    pub fn angle(self, o: V3) -> f64 {
        self.cross(o).norm().atan2(self.dot(o))
    }
}

/// The normal of the great circle through `a` and `b`, computed as S2's
/// `RobustCrossProd` does for nearby points: `(a - b) × (a + b) = 2 (a × b)`.
pub fn edge_normal(a: V3, b: V3) -> V3 {
    a.sub(b).cross(a.add(b))
}

/// The unit vectors east and north at point `c` (at a pole, any two at right angles):
/// with `c`, a right-handed frame, so angles from east towards north run
/// counter-clockwise seen from outside the sphere.
pub fn east_north(c: V3) -> (V3, V3) {
    let east = V3(0.0, 0.0, 1.0).cross(c);
    let east = if east.norm2() < 1e-20 {
        V3(0.0, 1.0, 0.0)
    } else {
        east.unit()
    };
    (east, c.cross(east))
}

/// Whether `a` and `b` are (numerically) antipodal, where no unique geodesic joins them.
pub fn antipodal(a: V3, b: V3) -> bool {
    a.add(b).norm2() < 1e-30
}

/// The angle between point `x` and edge `ab` (S2's `S2::GetDistance`, by chord length:
/// the perpendicular foot when it lies inside the edge, the nearer endpoint otherwise).
pub fn distance_to_edge(x: V3, a: V3, b: V3) -> f64 {
    let endpoints = || x.sub(a).norm2().min(x.sub(b).norm2());
    let c = edge_normal(a, b);
    let c2 = c.norm2();
    let chord2 = if c2 == 0.0 {
        endpoints()
    } else {
        let cx = c.cross(x);
        if a.dot(cx) >= 0.0 || b.dot(cx) <= 0.0 {
            endpoints()
        } else {
            let x_dot_c = x.dot(c);
            let qr = 1.0 - (cx.norm2() / c2).sqrt();
            (x_dot_c * x_dot_c / c2 + qr * qr).min(endpoints())
        }
    };
    2.0 * (0.5 * chord2.min(4.0).sqrt()).asin()
}

/// The point of edge `ab` nearest `x` (S2's `S2::Project`).
pub fn project_to_edge(x: V3, a: V3, b: V3) -> V3 {
    if a == b {
        return a;
    }
    let n = edge_normal(a, b).unit();
    let p = x.sub(n.scale(x.dot(n)));
    if p.norm2() > 0.0 {
        let p = p.unit();
        // Inside the edge when p lies between a and b on the great circle.
        if n.cross(a).dot(p) > 0.0 && b.cross(n).dot(p) > 0.0 {
            return p;
        }
    }
    if x.sub(a).norm2() <= x.sub(b).norm2() {
        a
    } else {
        b
    }
}

/// The point at angle `r` from `a` along the geodesic towards `b` (S2's
/// `S2::GetPointOnLine`).
pub fn point_on_line(a: V3, b: V3, r: f64) -> V3 {
    let dir = edge_normal(a, b).cross(a).unit();
    a.scale(r.cos()).add(dir.scale(r.sin())).unit()
}

/// The area of spherical triangle `abc` (S2's `S2::Area`: l'Huilier's formula, or
/// Girard's for skinny triangles where it is more accurate).
pub fn triangle_area(a: V3, b: V3, c: V3) -> f64 {
    let (sa, sb, sc) = (b.angle(c), c.angle(a), a.angle(b));
    let s = 0.5 * (sa + sb + sc);
    if s >= 3e-4 {
        let s2 = s * s;
        let dmin = s - sa.max(sb).max(sc);
        if dmin < 1e-2 * s * s2 * s2 {
            let area = girard_area(a, b, c);
            if dmin < s * (0.1 * area) {
                return area;
            }
        }
    }
    let t =
        (0.5 * s).tan() * (0.5 * (s - sa)).tan() * (0.5 * (s - sb)).tan() * (0.5 * (s - sc)).tan();
    4.0 * t.max(0.0).sqrt().atan()
}

fn girard_area(a: V3, b: V3, c: V3) -> f64 {
    let ab = edge_normal(a, b);
    let bc = edge_normal(b, c);
    let ac = edge_normal(a, c);
    (ab.angle(ac) - ab.angle(bc) + bc.angle(ac)).max(0.0)
}

/// The signed area of triangle `abc`: positive when it turns counter-clockwise.
pub fn signed_triangle_area(a: V3, b: V3, c: V3) -> f64 {
    let area = triangle_area(a, b, c);
    if a.cross(b).dot(c) > 0.0 { area } else { -area }
}

/// The centroid of triangle `abc` times its area (S2's `S2::TrueCentroid`).
pub fn triangle_centroid(a: V3, b: V3, c: V3) -> V3 {
    let ratio = |angle: f64| {
        if angle == 0.0 {
            1.0
        } else {
            angle / angle.sin()
        }
    };
    let (ra, rb, rc) = (ratio(b.angle(c)), ratio(c.angle(a)), ratio(a.angle(b)));
    let x = V3(a.0, b.0 - a.0, c.0 - a.0);
    let y = V3(a.1, b.1 - a.1, c.1 - a.1);
    let z = V3(a.2, b.2 - a.2, c.2 - a.2);
    let r = V3(ra, rb - ra, rc - ra);
    V3(y.cross(z).dot(r), z.cross(x).dot(r), x.cross(y).dot(r)).scale(0.5)
}

/// The centroid of edge `ab` times its length (S2's `S2::TrueCentroid(a, b)`).
pub fn edge_centroid(a: V3, b: V3) -> V3 {
    let (vdiff, vsum) = (a.sub(b), a.add(b));
    let cos2 = vsum.norm2();
    if cos2 == 0.0 {
        return V3(0.0, 0.0, 0.0);
    }
    vsum.scale((vdiff.norm2() / cos2).sqrt())
}

/// A loop's signed area, by a triangle fan from its first vertex (S2's surface
/// integral; the loop's vertices without the closing repeat).
pub fn loop_signed_area(ring: &[V3]) -> f64 {
    let area: f64 = (1..ring.len().saturating_sub(1))
        .map(|i| signed_triangle_area(ring[0], ring[i], ring[i + 1]))
        .sum();
    // As S2's `GetSignedArea`: the result modulo 4π, in (-2π, 2π].
    let area = area - 4.0 * PI * (area / (4.0 * PI)).round();
    if area == -2.0 * PI { 2.0 * PI } else { area }
}

/// A loop's centroid times its area, by the same triangle fan.
pub fn loop_centroid(ring: &[V3]) -> V3 {
    (1..ring.len().saturating_sub(1)).fold(V3(0.0, 0.0, 0.0), |sum, i| {
        sum.add(triangle_centroid(ring[0], ring[i], ring[i + 1]))
    })
}

/// Whether `p` lies inside the smaller of the two regions a loop divides the sphere
/// into. The loop is taken to lie within the hemisphere around its vertices' mean `c`
/// (every loop enclosing at most half the sphere whose vertices are not spread over
/// it does): then the winding number of the loop around `p` is ±1 for points of that
/// hemisphere inside the loop and 0 for those outside, and points of the opposite
/// hemisphere are outside.
pub fn loop_contains(ring: &[V3], p: V3) -> bool {
    let c = ring.iter().fold(V3(0.0, 0.0, 0.0), |s, v| s.add(*v));
    if p.dot(c) <= 0.0 {
        return false;
    }
    let mut winding = 0.0;
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
        // The signed angle at p between the great circles towards a and towards b.
        let (pa, pb) = (p.cross(a), p.cross(b));
        winding += pa.cross(pb).dot(p).atan2(pa.dot(pb));
    }
    winding.abs() > PI
}

/// Whether edges `ab` and `cd` cross or touch (a point of one lies on the other). A
/// shared endpoint is decided first: the signs of the side tests rounded near zero
/// cannot say that the edges meet there.
pub fn edges_intersect(a: V3, b: V3, c: V3, d: V3) -> bool {
    if a == c || a == d || b == c || b == d {
        return true;
    }
    let n1 = edge_normal(a, b);
    let n2 = edge_normal(c, d);
    let (sc, sd) = (n1.dot(c), n1.dot(d));
    let (sa, sb) = (n2.dot(a), n2.dot(b));
    if (sc > 0.0 && sd > 0.0) || (sc < 0.0 && sd < 0.0) {
        return false;
    }
    if (sa > 0.0 && sb > 0.0) || (sa < 0.0 && sb < 0.0) {
        return false;
    }
    let line = n1.cross(n2);
    if line.norm2() == 0.0 {
        // On one great circle: they meet when an endpoint of one lies on the other.
        let on = |x: V3, p: V3, q: V3| distance_to_edge(x, p, q) < 1e-15;
        return on(c, a, b) || on(d, a, b) || on(a, c, d) || on(b, c, d);
    }
    // The great circles meet at ±line; the edges cross when one of them lies on both.
    let within = |x: V3, p: V3, q: V3| {
        let n = edge_normal(p, q);
        n.cross(p).dot(x) >= 0.0 && q.cross(n).dot(x) >= 0.0
    };
    let x = line.unit();
    [x, x.scale(-1.0)]
        .into_iter()
        .any(|x| within(x, a, b) && within(x, c, d))
}
