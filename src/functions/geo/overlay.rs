//! Union and intersection of polygons on the sphere, for geo-union-polygons-array-
//! function, geo-intersection-2polygons-function, the buffers and the measures of
//! overlapping MultiPolygons. The polygons are projected onto a [`Plane`] (gnomonic,
//! so their geodesic edges are straight there), overlaid with `i_overlay` (the
//! boolean-operation engine of the `geo` crate) and brought back: a vertex of the input
//! comes back as that very point, a crossing of two edges as the exact crossing of
//! their great circles (the plane's integer grid only decides which edges cross).
//!
//! The output follows S2's `S2Builder`, whose order the pages' outputs show: the kept
//! pieces of input edges are numbered in input order (the first operand's rings, each
//! edge in turn, then the second's); each ring is rotated so that its highest-numbered
//! piece comes last (`Graph::CanonicalizeLoopOrder`), and polygons (and each polygon's
//! holes) come in the order of their lowest-numbered piece.

use super::plane::Plane;
use super::shapes::Polygon;
use super::sphere::{V3, edge_normal};
use i_overlay::core::fill_rule::FillRule;
use i_overlay::core::overlay_rule::OverlayRule;
use i_overlay::float::overlay::{FloatOverlay, OverlayOptions};
use rstar::RTree;
use rstar::primitives::{GeomWithData, Line};

/// What to compute of two operands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Union,
    Intersection,
}

/// An input edge: its ends on the sphere and in the plane.
struct Source {
    a: V3,
    b: V3,
    pa: [f64; 2],
    pb: [f64; 2],
}

/// A piece of an output ring: its source edge and where along it the piece starts.
type Key = Option<(usize, f64)>;

/// The projected input: the operands' rings (shells counter-clockwise, holes
/// clockwise) and their edges, numbered in order.
struct Inputs {
    plane: Plane,
    operands: Vec<Vec<Vec<[f64; 2]>>>,
    sources: Vec<Source>,
    tree: RTree<GeomWithData<Line<[f64; 2]>, usize>>,
    /// Plane distances below this count as zero (a few steps of the overlay's grid).
    tol: f64,
}

fn signed_area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (p, q) = (ring[i], ring[(i + 1) % n]);
            p[0] * q[1] - q[0] * p[1]
        })
        .sum::<f64>()
        / 2.0
}

impl Inputs {
    fn new(plane: Plane, operands: &[&[Polygon]]) -> Inputs {
        let mut sources = Vec::new();
        let mut projected = Vec::new();
        for polygons in operands {
            let mut rings = Vec::new();
            for polygon in polygons.iter() {
                for (k, ring) in polygon.iter().enumerate() {
                    let mut ring: Vec<V3> = ring.clone();
                    let mut flat: Vec<[f64; 2]> = ring.iter().map(|p| plane.project(*p)).collect();
                    if (signed_area(&flat) > 0.0) != (k == 0) {
                        ring.reverse();
                        flat.reverse();
                    }
                    for i in 0..ring.len() {
                        let j = (i + 1) % ring.len();
                        sources.push(Source {
                            a: ring[i],
                            b: ring[j],
                            pa: flat[i],
                            pb: flat[j],
                        });
                    }
                    rings.push(flat);
                }
            }
            projected.push(rings);
        }
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for s in &sources {
            for d in 0..2 {
                lo[d] = lo[d].min(s.pa[d]);
                hi[d] = hi[d].max(s.pa[d]);
            }
        }
        let extent = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-300);
        let lines = sources
            .iter()
            .enumerate()
            .map(|(i, s)| GeomWithData::new(Line::new(s.pa, s.pb), i))
            .collect();
        Inputs {
            plane,
            operands: projected,
            sources,
            tree: RTree::bulk_load(lines),
            tol: extent * 1e-8,
        }
    }

    /// The lowest-numbered input edge that holds the output edge `uw`.
    fn source_of(&self, u: [f64; 2], w: [f64; 2]) -> Option<usize> {
        let mid = [(u[0] + w[0]) / 2.0, (u[1] + w[1]) / 2.0];
        self.tree
            .locate_within_distance(mid, self.tol * self.tol)
            .map(|g| g.data)
            .filter(|&i| self.on(i, u) && self.on(i, w))
            .min()
    }

    /// Whether plane point `p` lies on input edge `i`.
    fn on(&self, i: usize, p: [f64; 2]) -> bool {
        let (a, b) = (self.sources[i].pa, self.sources[i].pb);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (ex, ey) = (a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
        ex * ex + ey * ey <= self.tol * self.tol
    }

    fn near(&self, p: [f64; 2], q: [f64; 2]) -> bool {
        let (dx, dy) = (p[0] - q[0], p[1] - q[1]);
        dx * dx + dy * dy <= self.tol * self.tol
    }

    /// The point on the sphere of output vertex `v`, between pieces of input edges
    /// `before` and `after`: an input vertex itself, else the crossing of the two edges.
    fn vertex(&self, v: [f64; 2], before: Option<usize>, after: Option<usize>) -> V3 {
        let sources = [before, after]
            .into_iter()
            .flatten()
            .map(|i| &self.sources[i]);
        for s in sources {
            if self.near(v, s.pa) {
                return s.a;
            }
            if self.near(v, s.pb) {
                return s.b;
            }
        }
        let rough = self.plane.unproject(v);
        let (Some(i), Some(j)) = (before, after) else {
            return rough;
        };
        let (s, t) = (&self.sources[i], &self.sources[j]);
        let x = edge_normal(s.a, s.b).cross(edge_normal(t.a, t.b));
        if x.norm2() < 1e-40 {
            return rough;
        }
        let x = x.unit();
        let x = if x.dot(rough) < 0.0 { x.scale(-1.0) } else { x };
        if x.angle(rough) < 1e-6 { x } else { rough }
    }

    /// An output contour on the sphere, each vertex with the key of the piece from it.
    fn ring(&self, contour: &[[f64; 2]]) -> (Vec<V3>, Vec<Key>) {
        let n = contour.len();
        let next = |i: usize| contour[(i + 1) % n];
        let sources: Vec<Option<usize>> = (0..n)
            .map(|i| self.source_of(contour[i], next(i)))
            .collect();
        let points = (0..n)
            .map(|i| self.vertex(contour[i], sources[(i + n - 1) % n], sources[i]))
            .collect();
        let keys = (0..n)
            .map(|i| {
                sources[i].map(|s| {
                    let (a, b) = (self.sources[s].pa, self.sources[s].pb);
                    let along = (contour[i][0] - a[0]) * (b[0] - a[0])
                        + (contour[i][1] - a[1]) * (b[1] - a[1]);
                    (s, along)
                })
            })
            .collect();
        (points, keys)
    }
}

/// A ring rotated so that its highest-keyed piece is last, and its lowest key.
fn canonical((mut points, keys): (Vec<V3>, Vec<Key>)) -> (Vec<V3>, Key) {
    let highest = (0..keys.len()).max_by(|&i, &j| compare(keys[i], keys[j]));
    if let Some(h) = highest {
        let n = points.len();
        points.rotate_left((h + 1) % n);
    }
    let lowest = keys
        .iter()
        .copied()
        .min_by(|a, b| compare(*a, *b))
        .flatten();
    (points, lowest)
}

fn compare(a: Key, b: Key) -> std::cmp::Ordering {
    match (a, b) {
        (Some((i, s)), Some((j, t))) => i.cmp(&j).then(s.total_cmp(&t)),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

fn compare_lowest(a: &Key, b: &Key) -> std::cmp::Ordering {
    // Unkeyed rings go last.
    match (a, b) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, _) => std::cmp::Ordering::Greater,
        (_, None) => std::cmp::Ordering::Less,
        _ => compare(*a, *b),
    }
}

/// Runs the overlay: the union or intersection of two operands, or (one operand) the
/// union of its polygons. `None` when the shapes do not fit in one [`Plane`].
pub fn overlay(operands: &[&[Polygon]], op: Op) -> Option<Vec<Polygon>> {
    let points = operands.iter().flat_map(|o| o.iter()).flatten().flatten();
    let plane = Plane::fit(points)?;
    Some(overlay_in(plane, operands, op))
}

fn overlay_in(plane: Plane, operands: &[&[Polygon]], op: Op) -> Vec<Polygon> {
    let inputs = Inputs::new(plane, operands);
    let options = OverlayOptions {
        preserve_input_collinear: true,
        preserve_output_collinear: true,
        ..OverlayOptions::default()
    };
    let solver = Default::default();
    let shapes = match (&inputs.operands[..], op) {
        ([only], _) => FloatOverlay::with_subj_custom(only, options, solver)
            .overlay(OverlayRule::Subject, FillRule::NonZero),
        ([a, b, ..], Op::Union) => FloatOverlay::with_subj_and_clip_custom(a, b, options, solver)
            .overlay(OverlayRule::Union, FillRule::NonZero),
        ([a, b, ..], Op::Intersection) => {
            FloatOverlay::with_subj_and_clip_custom(a, b, options, solver)
                .overlay(OverlayRule::Intersect, FillRule::NonZero)
        }
        ([], _) => Vec::new(),
    };
    let mut polygons: Vec<(Key, Polygon)> = shapes
        .iter()
        .filter(|shape| shape.first().is_some_and(|c| c.len() >= 3))
        .map(|shape| {
            let mut rings: Vec<(Vec<V3>, Key)> = shape
                .iter()
                .filter(|c| c.len() >= 3)
                .map(|c| canonical(inputs.ring(c)))
                .collect();
            rings[1..].sort_by(|a, b| compare_lowest(&a.1, &b.1));
            let key = rings[0].1;
            (key, rings.into_iter().map(|(r, _)| r).collect())
        })
        .collect();
    polygons.sort_by(|a, b| compare_lowest(&a.0, &b.0));
    polygons.into_iter().map(|(_, p)| p).collect()
}

/// The cap around the vertices of polygons: its centre and angular radius (geodesic
/// edges between points of a cap smaller than a hemisphere stay inside it).
pub fn cap(polygons: &[Polygon]) -> (V3, f64) {
    let vertices = || polygons.iter().flatten().flatten();
    let center = vertices().fold(V3(0.0, 0.0, 0.0), |s, p| s.add(*p)).unit();
    let radius = vertices().map(|p| p.angle(center)).fold(0.0, f64::max);
    (center, radius)
}

/// Whether two polygon sets lie in caps that do not meet (then they share no point).
pub fn apart(a: &[Polygon], b: &[Polygon]) -> bool {
    let ((c1, r1), (c2, r2)) = (cap(a), cap(b));
    r1 + r2 < std::f64::consts::PI && c1.angle(c2) > r1 + r2 + 1e-12
}

/// The union of two polygon sets: side by side when [`apart`] (as S2 would give them:
/// the first's loops, then the second's, each as it was), else their overlay. `None`
/// when they meet but do not fit in one [`Plane`].
fn union_pair(a: Vec<Polygon>, b: Vec<Polygon>) -> Option<Vec<Polygon>> {
    if apart(&a, &b) {
        return Some(a.into_iter().chain(b).collect());
    }
    overlay(&[&a, &b], Op::Union)
}

/// The union of many polygons as S2's `S2Polygon::DestructiveUnion` forms it: the two
/// with the fewest vertices are joined first (ties in input order), the union counting
/// as the sum of their vertices, until one is left. `None` when two that meet do not
/// fit in one [`Plane`].
pub fn union_all(items: Vec<Vec<Polygon>>) -> Option<Vec<Polygon>> {
    let size = |p: &Vec<Polygon>| p.iter().flatten().map(Vec::len).sum::<usize>();
    let mut queue: Vec<(usize, Vec<Polygon>)> = Vec::new();
    let insert = |queue: &mut Vec<(usize, Vec<Polygon>)>, n: usize, p: Vec<Polygon>| {
        let at = queue.partition_point(|(m, _)| *m <= n);
        queue.insert(at, (n, p));
    };
    for item in items {
        let n = size(&item);
        insert(&mut queue, n, item);
    }
    while queue.len() > 1 {
        let (m, a) = queue.remove(0);
        let (n, b) = queue.remove(0);
        insert(&mut queue, m + n, union_pair(a, b)?);
    }
    Some(queue.pop().map(|(_, p)| p).unwrap_or_default())
}
