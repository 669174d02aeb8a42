//! Numeric aggregates: sum, avg, min, max, stdev, variance (and their `if` forms).

use super::{holds, same};
use crate::functions::registry::Accumulator;
use crate::value::{Row, Value};
use std::any::Any;
use std::cmp::Ordering;

/// Argument 0 when present, non-null and (for `if` forms) its predicate holds.
fn input(args: &[Value], predicate: Option<usize>) -> Option<Value> {
    let v = args.first().filter(|v| !v.is_null())?;
    if predicate.is_some_and(|i| !holds(args.get(i))) {
        return None;
    }
    Some(match v {
        Value::Dynamic(d) => Value::from_json_scalar(d),
        other => other.clone(),
    })
}

/// The running sum: whole numbers exactly, reals apart, timespans as ticks.
#[derive(Default)]
struct Sum {
    predicate: Option<usize>,
    long: i64,
    real: f64,
    saw_real: bool,
    saw_span: bool,
}

impl Accumulator for Sum {
    fn update(&mut self, args: &[Value]) {
        match input(args, self.predicate) {
            Some(Value::Long(n)) => self.long = self.long.wrapping_add(n),
            Some(Value::Real(r)) => {
                self.real += r;
                self.saw_real = true;
            }
            Some(Value::TimeSpan(t)) => {
                self.long = self.long.wrapping_add(t);
                self.saw_span = true;
            }
            _ => {}
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<Sum>(other) {
            self.long = self.long.wrapping_add(o.long);
            self.real += o.real;
            self.saw_real |= o.saw_real;
            self.saw_span |= o.saw_span;
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(if self.saw_span {
            Value::TimeSpan(self.long)
        } else if self.saw_real {
            Value::Real(self.long as f64 + self.real)
        } else {
            Value::Long(self.long)
        });
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn sum(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Sum::default())
}

pub fn sumif(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Sum {
        predicate: Some(1),
        ..Sum::default()
    })
}

/// A bitwise fold of whole numbers (`binary_all_or` and its siblings); none seen is null.
struct BitFold {
    op: fn(i64, i64) -> i64,
    folded: Option<i64>,
}

impl BitFold {
    fn add(&mut self, n: i64) {
        self.folded = Some(self.folded.map_or(n, |f| (self.op)(f, n)));
    }
}

impl Accumulator for BitFold {
    fn update(&mut self, args: &[Value]) {
        if let Some(Value::Long(n)) = input(args, None) {
            self.add(n);
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(n) = same::<BitFold>(other).and_then(|o| o.folded) {
            self.add(n);
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(self.folded.map_or(Value::Null, Value::Long));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

fn bit_fold(op: fn(i64, i64) -> i64) -> Box<dyn Accumulator> {
    Box::new(BitFold { op, folded: None })
}

pub fn binary_all_or(_: &[Value]) -> Box<dyn Accumulator> {
    bit_fold(|a, b| a | b)
}

pub fn binary_all_and(_: &[Value]) -> Box<dyn Accumulator> {
    bit_fold(|a, b| a & b)
}

pub fn binary_all_xor(_: &[Value]) -> Box<dyn Accumulator> {
    bit_fold(|a, b| a ^ b)
}

/// Count, mean and sum of squared deviations (Welford), mergeable by Chan's rule;
/// gives `avg`, `stdev` and `variance`.
#[derive(Default)]
struct Moments {
    predicate: Option<usize>,
    output: MomentOutput,
    n: f64,
    mean: f64,
    m2: f64,
}

#[derive(Default, Clone, Copy)]
enum MomentOutput {
    #[default]
    Mean,
    SampleVariance,
    PopulationVariance,
    SampleStdev,
    PopulationStdev,
}

impl Accumulator for Moments {
    fn update(&mut self, args: &[Value]) {
        let Some(x) = input(args, self.predicate).and_then(|v| v.as_f64()) else {
            return;
        };
        self.n += 1.0;
        let delta = x - self.mean;
        self.mean += delta / self.n;
        self.m2 += delta * (x - self.mean);
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        let Some(o) = same::<Moments>(other) else {
            return;
        };
        if o.n == 0.0 {
            return;
        }
        let n = self.n + o.n;
        let delta = o.mean - self.mean;
        self.mean += delta * o.n / n;
        self.m2 += o.m2 + delta * delta * self.n * o.n / n;
        self.n = n;
    }
    fn finish(&self, out: &mut Row) {
        let variance = |denominator: f64| {
            if denominator > 0.0 {
                self.m2 / denominator
            } else {
                0.0
            }
        };
        out.push(match self.output {
            MomentOutput::Mean if self.n == 0.0 => Value::Null,
            MomentOutput::Mean => Value::Real(self.mean),
            MomentOutput::SampleVariance => Value::Real(variance(self.n - 1.0)),
            MomentOutput::PopulationVariance => Value::Real(variance(self.n)),
            MomentOutput::SampleStdev => Value::Real(variance(self.n - 1.0).sqrt()),
            MomentOutput::PopulationStdev => Value::Real(variance(self.n).sqrt()),
        });
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

fn moments(output: MomentOutput, predicate: Option<usize>) -> Box<dyn Accumulator> {
    Box::new(Moments {
        predicate,
        output,
        ..Moments::default()
    })
}

pub fn avg(_: &[Value]) -> Box<dyn Accumulator> {
    moments(MomentOutput::Mean, None)
}
pub fn avgif(_: &[Value]) -> Box<dyn Accumulator> {
    moments(MomentOutput::Mean, Some(1))
}
pub fn stdev(_: &[Value]) -> Box<dyn Accumulator> {
    moments(MomentOutput::SampleStdev, None)
}
pub fn stdevif(_: &[Value]) -> Box<dyn Accumulator> {
    moments(MomentOutput::SampleStdev, Some(1))
}
pub fn stdevp(_: &[Value]) -> Box<dyn Accumulator> {
    moments(MomentOutput::PopulationStdev, None)
}
pub fn variance(_: &[Value]) -> Box<dyn Accumulator> {
    moments(MomentOutput::SampleVariance, None)
}
pub fn varianceif(_: &[Value]) -> Box<dyn Accumulator> {
    moments(MomentOutput::SampleVariance, Some(1))
}
pub fn variancep(_: &[Value]) -> Box<dyn Accumulator> {
    moments(MomentOutput::PopulationVariance, None)
}
pub fn variancepif(_: &[Value]) -> Box<dyn Accumulator> {
    moments(MomentOutput::PopulationVariance, Some(1))
}

/// The extreme value seen so far: `keep` is the ordering a new value must have
/// against the current one to replace it.
struct Extreme {
    predicate: Option<usize>,
    keep: Ordering,
    best: Option<Value>,
}

impl Extreme {
    fn offer(&mut self, v: Value) {
        if self
            .best
            .as_ref()
            .is_none_or(|b| v.total_cmp(b) == self.keep)
        {
            self.best = Some(v);
        }
    }
}

impl Accumulator for Extreme {
    fn update(&mut self, args: &[Value]) {
        if let Some(v) = input(args, self.predicate) {
            self.offer(v);
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(v) = same::<Extreme>(other).and_then(|o| o.best) {
            self.offer(v);
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(self.best.clone().unwrap_or(Value::Null));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

fn extreme(keep: Ordering, predicate: Option<usize>) -> Box<dyn Accumulator> {
    Box::new(Extreme {
        predicate,
        keep,
        best: None,
    })
}

pub fn min(_: &[Value]) -> Box<dyn Accumulator> {
    extreme(Ordering::Less, None)
}
pub fn max(_: &[Value]) -> Box<dyn Accumulator> {
    extreme(Ordering::Greater, None)
}
pub fn minif(_: &[Value]) -> Box<dyn Accumulator> {
    extreme(Ordering::Less, Some(1))
}
pub fn maxif(_: &[Value]) -> Box<dyn Accumulator> {
    extreme(Ordering::Greater, Some(1))
}
