//! ES|QL aggregates that pick values by an order (aggregation-functions reference):
//! - `TOP(field, limit, order [, outputField])`: the `limit` largest (`"desc"`) or
//!   smallest (`"asc"`) values of `field`, in that order, as a multi-value; with an
//!   output field, that field's values of those rows instead;
//! - `FIRST(value, sort)` / `LAST(value, sort)`: the value of the row with the
//!   earliest / latest sort value (rows without a value are skipped; of equal sort
//!   values the first row met counts, and a row without a sort value counts only
//!   while nothing better was met).

use super::{from_values, mv::esql_cmp, values_of};
use crate::functions::registry::Accumulator;
use crate::value::{Row, Value};
use std::any::Any;
use std::cmp::Ordering;

/// `TOP`: the candidate (order key, output value) pairs.
struct Top {
    limit: usize,
    descending: bool,
    /// Whether a fourth argument names the output field.
    output_field: bool,
    pairs: Vec<(Value, Value)>,
}

impl Accumulator for Top {
    fn update(&mut self, args: &[Value]) {
        let keys = values_of(args.first().unwrap_or(&Value::Null));
        if !self.output_field {
            self.pairs.extend(keys.into_iter().map(|k| (k.clone(), k)));
            return;
        }
        let outputs = values_of(args.get(3).unwrap_or(&Value::Null));
        let [out] = outputs.as_slice() else {
            return;
        };
        for k in keys {
            self.pairs.push((k, out.clone()));
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Ok(o) = other.into_any().downcast::<Top>() {
            self.pairs.extend(o.pairs);
        }
    }
    fn finish(&self, out: &mut Row) {
        let mut pairs = self.pairs.clone();
        pairs.sort_by(|a, b| esql_cmp(&a.0, &b.0));
        if self.descending {
            pairs.reverse();
        }
        pairs.truncate(self.limit);
        out.push(from_values(pairs.into_iter().map(|(_, v)| v).collect()));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// The limit and order are constants (the second and third arguments); a fourth
/// argument (even a null constant) is the output field.
pub fn new_top(consts: &[Value]) -> Box<dyn Accumulator> {
    let limit = consts
        .get(1)
        .and_then(Value::as_i64)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let descending = !consts
        .get(2)
        .and_then(Value::as_str)
        .is_some_and(|o| o.eq_ignore_ascii_case("asc"));
    Box::new(Top {
        limit,
        descending,
        output_field: consts.len() > 3,
        pairs: Vec::new(),
    })
}

/// `FIRST` (`latest: false`) or `LAST`: the best (sort value, value) met so far.
struct Extreme {
    latest: bool,
    best: Option<(Value, Value)>,
}

impl Extreme {
    fn offer(&mut self, sort: Value, value: Value) {
        let better = match &self.best {
            None => true,
            Some(_) if sort.is_null() => false,
            Some((s, _)) if s.is_null() => true,
            Some((s, _)) => {
                let o = esql_cmp(&sort, s);
                if self.latest {
                    o == Ordering::Greater
                } else {
                    o == Ordering::Less
                }
            }
        };
        if better {
            self.best = Some((sort, value));
        }
    }
}

impl Accumulator for Extreme {
    fn update(&mut self, args: &[Value]) {
        let value = args.first().cloned().unwrap_or(Value::Null);
        if value.is_null() {
            return;
        }
        let sorts = values_of(args.get(1).unwrap_or(&Value::Null));
        let sort = match sorts.as_slice() {
            [one] => one.clone(),
            _ => Value::Null,
        };
        self.offer(sort, value);
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Ok(o) = other.into_any().downcast::<Extreme>()
            && let Some((s, v)) = o.best
        {
            self.offer(s, v);
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(self.best.as_ref().map_or(Value::Null, |(_, v)| v.clone()));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn new_first(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Extreme {
        latest: false,
        best: None,
    })
}

pub fn new_last(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Extreme {
        latest: true,
        best: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::functions::esql::aggregate::accumulated as run;

    #[test]
    fn first_and_last_take_the_value_at_the_earliest_and_latest_sort_value() {
        // docs: FIRST / LAST ("the earliest/latest value of a field")
        let rows = [
            vec![Value::string("b"), Value::Long(2)],
            vec![Value::string("a"), Value::Long(1)],
            vec![Value::Null, Value::Long(0)],
            vec![Value::string("c"), Value::Long(3)],
        ];
        assert_eq!(run(new_first(&[]), &rows), Value::string("a"));
        assert_eq!(run(new_last(&[]), &rows), Value::string("c"));
    }

    #[test]
    fn top_with_an_output_field_gives_that_fields_values() {
        // docs: TOP(field, limit, order, outputField)
        let consts = [
            Value::Null,
            Value::Long(2),
            Value::string("desc"),
            Value::Null,
        ];
        let rows = [
            vec![Value::Long(1), Value::Null, Value::Null, Value::string("x")],
            vec![Value::Long(3), Value::Null, Value::Null, Value::string("y")],
            vec![Value::Long(2), Value::Null, Value::Null, Value::string("z")],
        ];
        let want = Value::dynamic(serde_json::json!(["y", "z"]));
        assert_eq!(run(new_top(&consts), &rows), want);
    }
}
