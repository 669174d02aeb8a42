//! ES|QL's numeric aggregates computed as Elasticsearch computes them, so that the
//! printed doubles agree to the last digit (aggregation-functions reference):
//! - `SUM`: integers added exactly (a `long` result; null past the `long` range, where
//!   Elasticsearch warns "long overflow"), doubles with compensated (Kahan) summation;
//! - `AVG`: that sum divided by the count, a double;
//! - `PERCENTILE`/`MEDIAN`: linear interpolation between the two closest ranks
//!   (`q·(n−1)`), the exact answer Elasticsearch's t-digest gives for small groups;
//!   a percentile outside 0‥100 is null;
//! - `STD_DEV`/`VARIANCE`: the population measures by Welford's algorithm.
//!
//! Every value of a multi-valued field counts.

use super::values_of;
use crate::functions::registry::Accumulator;
use crate::value::{Row, Value};
use std::any::Any;

/// Kahan summation as Elasticsearch's `CompensatedSum` does it.
#[derive(Clone, Copy, Default)]
pub struct CompensatedSum {
    value: f64,
    delta: f64,
}

impl CompensatedSum {
    pub fn add(&mut self, x: f64) {
        self.add_with_delta(x, 0.0);
    }

    fn add_with_delta(&mut self, x: f64, delta: f64) {
        if !x.is_finite() {
            self.value += x;
        }
        if self.value.is_finite() {
            let corrected = x + (self.delta + delta);
            let updated = self.value + corrected;
            self.delta = corrected - (updated - self.value);
            self.value = updated;
        }
    }

    fn merge(&mut self, other: CompensatedSum) {
        self.add_with_delta(other.value, other.delta);
    }

    pub fn value(&self) -> f64 {
        self.value
    }
}

/// The running total of `SUM`/`AVG`: integers exactly, doubles compensated.
#[derive(Clone, Copy, Default)]
struct Total {
    integers: i128,
    doubles: CompensatedSum,
    any_double: bool,
    count: u64,
}

impl Total {
    fn add(&mut self, v: &Value) {
        match v {
            Value::Long(n) => self.integers += i128::from(*n),
            Value::Real(r) => {
                self.doubles.add(*r);
                self.any_double = true;
            }
            Value::Bool(_) | Value::Null => return,
            other => match other.as_f64() {
                Some(r) => {
                    self.doubles.add(r);
                    self.any_double = true;
                }
                None => return,
            },
        }
        self.count += 1;
    }

    fn update(&mut self, args: &[Value]) {
        for v in args.first().map(values_of).unwrap_or_default() {
            self.add(&v);
        }
    }

    fn merge(&mut self, o: &Total) {
        self.integers += o.integers;
        self.doubles.merge(o.doubles);
        self.any_double |= o.any_double;
        self.count += o.count;
    }

    /// The sum as a double (integers converted once, after adding exactly).
    fn as_f64(&self) -> f64 {
        let mut s = self.doubles;
        if self.integers != 0 {
            s.add(self.integers as f64);
        }
        s.value()
    }

    /// `SUM`: a long for integers (null past the long range), else a double.
    fn sum(&self) -> Value {
        if self.count == 0 {
            return Value::Null;
        }
        if self.any_double {
            return finite(self.as_f64());
        }
        i64::try_from(self.integers).map_or(Value::Null, Value::Long)
    }

    fn avg(&self) -> Value {
        if self.count == 0 {
            return Value::Null;
        }
        finite(self.as_f64() / self.count as f64)
    }
}

/// A double result, null when it is not finite (ES|QL has no NaN or infinity).
pub fn finite(x: f64) -> Value {
    if x.is_finite() {
        Value::Real(x)
    } else {
        Value::Null
    }
}

/// `SUM(x)` or `AVG(x)`.
struct SumAvg {
    total: Total,
    avg: bool,
}

impl Accumulator for SumAvg {
    fn update(&mut self, args: &[Value]) {
        self.total.update(args);
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Ok(o) = other.into_any().downcast::<SumAvg>() {
            self.total.merge(&o.total);
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(if self.avg {
            self.total.avg()
        } else {
            self.total.sum()
        });
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn new_sum(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(SumAvg {
        total: Total::default(),
        avg: false,
    })
}

pub fn new_avg(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(SumAvg {
        total: Total::default(),
        avg: true,
    })
}

/// The `q`-quantile (0 ≤ q ≤ 1) of sorted values: linear interpolation between the
/// values at ranks ⌊q·(n−1)⌋ and the next (Elasticsearch's `Dist.quantile`).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let index = q * (n as f64 - 1.0);
    if index <= 0.0 {
        return sorted.first().copied();
    }
    if index >= n as f64 - 1.0 {
        return sorted.last().copied();
    }
    let low = index.floor();
    let weight = index - low;
    let low = low as usize;
    let (a, b) = (sorted[low], sorted[(low + 1).min(n - 1)]);
    Some(a + weight * (b - a))
}

/// `PERCENTILE(x, p)` (`MEDIAN(x)` is `p = 50`): a double.
struct Percentile {
    percent: Option<f64>,
    values: Vec<f64>,
}

impl Accumulator for Percentile {
    fn update(&mut self, args: &[Value]) {
        let values = args.first().map(values_of).unwrap_or_default();
        self.values.extend(values.iter().filter_map(Value::as_f64));
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Ok(o) = other.into_any().downcast::<Percentile>() {
            self.values.extend(o.values);
        }
    }
    fn finish(&self, out: &mut Row) {
        let Some(p) = self.percent.filter(|p| (0.0..=100.0).contains(p)) else {
            out.push(Value::Null);
            return;
        };
        let mut sorted = self.values.clone();
        sorted.sort_by(f64::total_cmp);
        out.push(quantile(&sorted, p / 100.0).map_or(Value::Null, Value::Real));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// The percentile is the second (constant) argument.
pub fn new_percentile(consts: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Percentile {
        percent: consts.get(1).and_then(Value::as_f64),
        values: Vec::new(),
    })
}

/// `STD_DEV(x)` or `VARIANCE(x)`: population measures by Welford's algorithm, null
/// for no values (docs: aggregation-functions `STD_DEV`, `VARIANCE`).
#[derive(Default)]
struct Welford {
    count: f64,
    mean: f64,
    m2: f64,
    deviation: bool,
}

impl Welford {
    fn add(&mut self, x: f64) {
        let delta = x - self.mean;
        self.count += 1.0;
        self.mean += delta / self.count;
        self.m2 += delta * (x - self.mean);
    }
}

impl Accumulator for Welford {
    fn update(&mut self, args: &[Value]) {
        for v in args.first().map(values_of).unwrap_or_default() {
            if let Some(x) = v.as_f64().filter(|_| !matches!(v, Value::Bool(_))) {
                self.add(x);
            }
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        let Ok(o) = other.into_any().downcast::<Welford>() else {
            return;
        };
        if o.count == 0.0 {
            return;
        }
        let count = self.count + o.count;
        let delta = o.mean - self.mean;
        self.m2 += o.m2 + delta * delta * self.count * o.count / count;
        self.mean += delta * o.count / count;
        self.count = count;
    }
    fn finish(&self, out: &mut Row) {
        if self.count == 0.0 {
            out.push(Value::Null);
            return;
        }
        let variance = self.m2 / self.count;
        out.push(finite(if self.deviation {
            variance.sqrt()
        } else {
            variance
        }));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn new_std_dev(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Welford {
        deviation: true,
        ..Welford::default()
    })
}

pub fn new_variance(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Welford::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The aggregate of one argument over `rows`.
    fn run(acc: Box<dyn Accumulator>, rows: &[Value]) -> Value {
        let rows: Vec<Vec<Value>> = rows.iter().map(|r| vec![r.clone()]).collect();
        crate::functions::esql::aggregate::accumulated(acc, &rows)
    }

    #[test]
    fn integer_sums_are_exact_and_null_past_the_long_range() {
        let rows = [Value::Long(i64::MAX), Value::Long(1)];
        assert_eq!(run(new_sum(&[]), &rows), Value::Null);
        let rows = [Value::Long(i64::MAX), Value::Long(-1)];
        assert_eq!(run(new_sum(&[]), &rows), Value::Long(i64::MAX - 1));
        assert_eq!(run(new_sum(&[]), &[]), Value::Null);
    }

    #[test]
    fn avg_of_integers_divides_the_exact_sum() {
        // 281 / 90 as one division, not a running mean.
        let mut rows: Vec<Value> = (0..89).map(|_| Value::Long(3)).collect();
        rows.push(Value::Long(14));
        assert_eq!(run(new_avg(&[]), &rows), Value::Real(281.0 / 90.0));
    }

    #[test]
    fn double_sums_are_compensated() {
        let rows: Vec<Value> = (0..10).map(|_| Value::Real(0.1)).collect();
        assert_eq!(run(new_sum(&[]), &rows), Value::Real(1.0));
    }

    #[test]
    fn percentiles_interpolate_between_ranks() {
        // docs: PERCENTILE, MEDIAN ("the middle value … the average of the two middle values")
        let rows = [json!([1, 2]), json!([3, 4])].map(Value::dynamic);
        assert_eq!(
            run(new_percentile(&[Value::Null, Value::Long(50)]), &rows),
            Value::Real(2.5)
        );
        assert_eq!(
            run(new_percentile(&[Value::Null, Value::Long(110)]), &rows),
            Value::Null
        );
    }

    #[test]
    fn std_dev_and_variance_are_population_measures() {
        // docs: STD_DEV; of 1, 2, 3 the population variance is 2/3.
        let rows = [Value::dynamic(json!([1, 2, 3]))];
        assert_eq!(run(new_variance(&[]), &rows), Value::Real(2.0 / 3.0));
        assert_eq!(
            run(new_std_dev(&[]), &rows),
            Value::Real((2.0f64 / 3.0).sqrt())
        );
        assert_eq!(run(new_std_dev(&[]), &[]), Value::Null);
    }
}
