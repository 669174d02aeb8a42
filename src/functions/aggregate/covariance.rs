//! covariance, covariancep and their `if` forms (covariance-aggregation-function and
//! siblings): the sample (n − 1) or population (n) covariance of two numeric columns,
//! over the rows where both are numbers (and the predicate holds).

use super::{holds, same};
use crate::functions::registry::Accumulator;
use crate::value::{Row, Value};
use std::any::Any;

/// Count, means and the co-moment of the pairs seen, mergeable (Chan's rule).
#[derive(Default)]
struct CoMoments {
    predicate: Option<usize>,
    population: bool,
    n: f64,
    mean_x: f64,
    mean_y: f64,
    c: f64,
}

/// Argument `i` as a number (dynamic numbers too).
fn number(args: &[Value], i: usize) -> Option<f64> {
    match args.get(i)? {
        Value::Dynamic(d) => d.as_f64(),
        Value::Bool(_) | Value::String(_) => None,
        v => v.as_f64(),
    }
}

impl Accumulator for CoMoments {
    fn update(&mut self, args: &[Value]) {
        if self.predicate.is_some_and(|i| !holds(args.get(i))) {
            return;
        }
        let (Some(x), Some(y)) = (number(args, 0), number(args, 1)) else {
            return;
        };
        self.n += 1.0;
        let dx = x - self.mean_x;
        self.mean_x += dx / self.n;
        self.mean_y += (y - self.mean_y) / self.n;
        self.c += dx * (y - self.mean_y);
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        let Some(o) = same::<CoMoments>(other) else {
            return;
        };
        if o.n == 0.0 {
            return;
        }
        let n = self.n + o.n;
        let (dx, dy) = (o.mean_x - self.mean_x, o.mean_y - self.mean_y);
        self.c += o.c + dx * dy * self.n * o.n / n;
        self.mean_x += dx * o.n / n;
        self.mean_y += dy * o.n / n;
        self.n = n;
    }
    fn finish(&self, out: &mut Row) {
        let denominator = if self.population {
            self.n
        } else {
            self.n - 1.0
        };
        out.push(Value::Real(if denominator > 0.0 {
            self.c / denominator
        } else {
            0.0
        }));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

fn co_moments(population: bool, predicate: Option<usize>) -> Box<dyn Accumulator> {
    Box::new(CoMoments {
        predicate,
        population,
        ..CoMoments::default()
    })
}

pub fn covariance(_: &[Value]) -> Box<dyn Accumulator> {
    co_moments(false, None)
}
pub fn covariancep(_: &[Value]) -> Box<dyn Accumulator> {
    co_moments(true, None)
}
pub fn covarianceif(_: &[Value]) -> Box<dyn Accumulator> {
    co_moments(false, Some(2))
}
pub fn covariancepif(_: &[Value]) -> Box<dyn Accumulator> {
    co_moments(true, Some(2))
}
