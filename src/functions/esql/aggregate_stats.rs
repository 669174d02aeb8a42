//! ES|QL aggregates with no KQL counterpart to wrap (aggregation-functions reference):
//! PRESENT, ABSENT, WEIGHTED_AVG and MEDIAN_ABSOLUTE_DEVIATION. Every value of a
//! multi-valued field counts, as in the other ES|QL aggregates.

use super::aggregate_numeric::{CompensatedSum, finite};
use super::values_of;
use crate::functions::registry::Accumulator;
use crate::value::{Row, Value};
use std::any::Any;

/// `present(x)` / `absent(x)`: whether any non-null value was seen (negated for absent).
pub struct Presence {
    absent: bool,
    seen: bool,
}

impl Accumulator for Presence {
    fn update(&mut self, args: &[Value]) {
        self.seen |= args.first().is_some_and(|v| !values_of(v).is_empty());
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Ok(o) = other.into_any().downcast::<Presence>() {
            self.seen |= o.seen;
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(Value::Bool(self.seen != self.absent));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn new_present(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Presence {
        absent: false,
        seen: false,
    })
}

pub fn new_absent(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Presence {
        absent: true,
        seen: false,
    })
}

/// `weighted_avg(number, weight)`: Σ number·weight / Σ weight, a double, as
/// Elasticsearch's `SUM(number * weight) / SUM(weight)`: a row with a multi-valued
/// number or weight is skipped (a constant weight multiplies every value), integer
/// products add up exactly and past the `long` range make the result null; null too
/// when no row has both, or the weights add up to zero.
#[derive(Default)]
pub struct WeightedAvg {
    /// The weight when it is a constant.
    constant: Option<Value>,
    products: CompensatedSum,
    integer_products: i128,
    any_double: bool,
    weights: CompensatedSum,
}

impl WeightedAvg {
    fn add(&mut self, x: &Value, w: &Value) {
        match (x, w) {
            (Value::Long(a), Value::Long(b)) => {
                self.integer_products += i128::from(*a) * i128::from(*b);
            }
            (Value::Bool(_), _) | (_, Value::Bool(_)) => return,
            _ => match (x.as_f64(), w.as_f64()) {
                (Some(a), Some(b)) => {
                    self.products.add(a * b);
                    self.any_double = true;
                }
                _ => return,
            },
        }
        if let Some(b) = w.as_f64() {
            self.weights.add(b);
        }
    }
}

impl Accumulator for WeightedAvg {
    fn update(&mut self, args: &[Value]) {
        let numbers = args.first().map(values_of).unwrap_or_default();
        if let Some(w) = self.constant.clone() {
            for x in &numbers {
                self.add(x, &w);
            }
            return;
        }
        let weights = args.get(1).map(values_of).unwrap_or_default();
        if let ([x], [w]) = (numbers.as_slice(), weights.as_slice()) {
            self.add(x, w);
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Ok(o) = other.into_any().downcast::<WeightedAvg>() {
            self.products.add(o.products.value());
            self.integer_products += o.integer_products;
            self.any_double |= o.any_double;
            self.weights.add(o.weights.value());
        }
    }
    fn finish(&self, out: &mut Row) {
        let weights = self.weights.value();
        let products = if self.any_double {
            let mut p = self.products;
            p.add(self.integer_products as f64);
            Some(p.value())
        } else {
            i64::try_from(self.integer_products).ok().map(|p| p as f64)
        };
        out.push(match products {
            Some(p) if weights != 0.0 => finite(p / weights),
            _ => Value::Null,
        });
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// The weight is the second argument; a constant one is known here.
pub fn new_weighted_avg(consts: &[Value]) -> Box<dyn Accumulator> {
    Box::new(WeightedAvg {
        constant: consts.get(1).filter(|w| !w.is_null()).cloned(),
        ..WeightedAvg::default()
    })
}

/// `median_absolute_deviation(x)`: the median of the distances of the values from
/// their median, a double (exact here; Elasticsearch estimates it); null for no values.
#[derive(Default)]
pub struct MedianAbsoluteDeviation {
    values: Vec<f64>,
}

/// The median of `values` (sorted in place): the mean of the middle two for an even count.
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

impl Accumulator for MedianAbsoluteDeviation {
    fn update(&mut self, args: &[Value]) {
        let values = args.first().map(values_of).unwrap_or_default();
        self.values.extend(values.iter().filter_map(Value::as_f64));
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Ok(o) = other.into_any().downcast::<MedianAbsoluteDeviation>() {
            self.values.extend(o.values);
        }
    }
    fn finish(&self, out: &mut Row) {
        let mut values = self.values.clone();
        let mad = median(&mut values).and_then(|m| {
            let mut distances: Vec<f64> = values.iter().map(|v| (v - m).abs()).collect();
            median(&mut distances)
        });
        out.push(mad.map_or(Value::Null, Value::Real));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn new_median_absolute_deviation(_: &[Value]) -> Box<dyn Accumulator> {
    Box::<MedianAbsoluteDeviation>::default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::functions::esql::aggregate::accumulated as run;

    #[test]
    fn present_is_true_when_any_value_is_not_null() {
        let rows = [vec![Value::Null], vec![Value::Long(1)]];
        assert_eq!(run(new_present(&[]), &rows), Value::Bool(true));
        assert_eq!(run(new_absent(&[]), &rows), Value::Bool(false));
    }

    #[test]
    fn absent_is_true_for_only_nulls_or_no_rows() {
        // reference: WHERE emp_no == 10020 | STATS ABSENT(languages) → true (languages is null)
        assert_eq!(
            run(new_absent(&[]), &[vec![Value::Null]]),
            Value::Bool(true)
        );
        assert_eq!(run(new_present(&[]), &[]), Value::Bool(false));
    }

    #[test]
    fn weighted_avg_divides_the_weighted_sum_by_the_weights() {
        // (4·1 + 1·0 + 10·2) / 3 = 8
        let rows = [
            vec![Value::Long(4), Value::Long(1)],
            vec![Value::Long(1), Value::Long(0)],
            vec![Value::Long(10), Value::Long(2)],
        ];
        assert_eq!(run(new_weighted_avg(&[]), &rows), Value::Real(8.0));
        // A multi-valued number is skipped unless the weight is a constant.
        let mv = [vec![Value::dynamic(json!([1, 2, 3])), Value::Long(1)]];
        assert_eq!(run(new_weighted_avg(&[]), &mv), Value::Null);
        let one = [Value::Null, Value::Long(1)];
        assert_eq!(run(new_weighted_avg(&one), &mv), Value::Real(2.0));
    }

    #[test]
    fn weighted_avg_skips_rows_without_a_weight_and_is_null_without_any() {
        let rows = [vec![Value::Long(4), Value::Null]];
        assert_eq!(run(new_weighted_avg(&[]), &rows), Value::Null);
    }

    #[test]
    fn median_absolute_deviation_of_values_and_multi_values() {
        // values 1, 1, 2, 2, 4, 6, 9: median 2, distances 1 1 0 0 2 4 7 → median 1
        let rows = [
            vec![Value::dynamic(json!([1, 1, 2]))],
            vec![Value::Long(2)],
            vec![Value::Long(4)],
            vec![Value::dynamic(json!([6, 9]))],
        ];
        assert_eq!(
            run(new_median_absolute_deviation(&[]), &rows),
            Value::Real(1.0)
        );
        assert_eq!(run(new_median_absolute_deviation(&[]), &[]), Value::Null);
    }
}
