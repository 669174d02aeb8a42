//! ES|QL multi-value set functions, as the reference describes them
//! (<https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/mv-functions>):
//! MV_UNION, MV_INTERSECTION, MV_DIFFERENCE and MV_INTERSECTS. Values keep the order they are first met.

use super::{entry, from_values, values_of};
use crate::functions::args::arg;
use crate::functions::registry::{EvalContext, ReturnType, ScalarFunction};
use crate::value::{Type, Value};

/// The distinct values of `values`, in the order first met.
fn distinct(values: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(values.len());
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// `mv_union(a, b)`: every distinct value of either; a null side is an empty set, and
/// the result is null only when both are (mv_union reference).
fn mv_union(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let mut all = values_of(arg(args, 0));
    all.extend(values_of(arg(args, 1)));
    Ok(from_values(distinct(all)))
}

/// `mv_intersection(a, b)`: the distinct values of `a` that `b` has too; null when
/// either is null or none match (mv_intersection reference).
fn mv_intersection(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let right = values_of(arg(args, 1));
    let common = values_of(arg(args, 0))
        .into_iter()
        .filter(|v| right.contains(v))
        .collect();
    Ok(from_values(distinct(common)))
}

/// `mv_difference(a, b)`: the distinct values of `a` that `b` does not have; null
/// when `a` is null or nothing is left, `a` itself when `b` is null (mv_difference
/// reference).
fn mv_difference(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let right = values_of(arg(args, 1));
    let left = values_of(arg(args, 0))
        .into_iter()
        .filter(|v| !right.contains(v))
        .collect();
    Ok(from_values(distinct(left)))
}

/// `mv_intersects(a, b)`: whether any value of `b` is among those of `a`; nulls are
/// empty sets, so the answer is then false (mv_intersects reference).
fn mv_intersects(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let left = values_of(arg(args, 0));
    let any = values_of(arg(args, 1)).iter().any(|v| left.contains(v));
    Ok(Value::Bool(any))
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "mv_union",
        (2, 2),
        "(field1, field2) -> any",
        ReturnType::SameAs(0),
        mv_union,
        "Every distinct value of either field.",
    ),
    entry(
        "mv_intersection",
        (2, 2),
        "(field1, field2) -> any",
        ReturnType::SameAs(0),
        mv_intersection,
        "The distinct values both fields have.",
    ),
    entry(
        "mv_difference",
        (2, 2),
        "(field1, field2) -> any",
        ReturnType::SameAs(0),
        mv_difference,
        "The distinct values of field1 that field2 does not have.",
    ),
    entry(
        "mv_intersects",
        (2, 2),
        "(field1, field2) -> boolean",
        ReturnType::Fixed(Type::Bool),
        mv_intersects,
        "Whether any value of field2 is among the values of field1.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mv(items: serde_json::Value) -> Value {
        Value::dynamic(items)
    }

    fn call(f: fn(&[Value], &EvalContext) -> Result<Value, String>, a: Value, b: Value) -> Value {
        f(&[a, b], &EvalContext { now: 0 }).unwrap_or(Value::Null)
    }

    #[test]
    fn mv_union_keeps_each_value_once_reference_example() {
        // ROW a = [1, 2, 3, 4, 5], b = [2, 3, 4, 5, 6] | EVAL MV_UNION(a, b) → [1, 2, 3, 4, 5, 6]
        let got = call(
            mv_union,
            mv(json!([1, 2, 3, 4, 5])),
            mv(json!([2, 3, 4, 5, 6])),
        );
        assert_eq!(got, mv(json!([1, 2, 3, 4, 5, 6])));
    }

    #[test]
    fn mv_union_treats_null_as_empty_and_is_null_only_for_two_nulls() {
        assert_eq!(call(mv_union, Value::Null, Value::Long(3)), Value::Long(3));
        assert_eq!(call(mv_union, Value::Null, Value::Null), Value::Null);
    }

    #[test]
    fn mv_intersection_gives_common_values_reference_example() {
        // ROW a = [1, 2, 3, 4, 5], b = [2, 3, 4, 5, 6] | EVAL MV_INTERSECTION(a, b) → [2, 3, 4, 5]
        let got = call(
            mv_intersection,
            mv(json!([1, 2, 3, 4, 5])),
            mv(json!([2, 3, 4, 5, 6])),
        );
        assert_eq!(got, mv(json!([2, 3, 4, 5])));
        // ROW a = [true, false, false, false], b = [false] → false
        let got = call(
            mv_intersection,
            mv(json!([true, false, false, false])),
            Value::Bool(false),
        );
        assert_eq!(got, Value::Bool(false));
    }

    #[test]
    fn mv_intersection_is_null_when_nothing_matches_or_a_side_is_null() {
        assert_eq!(
            call(mv_intersection, Value::Long(1), Value::Long(2)),
            Value::Null
        );
        assert_eq!(
            call(mv_intersection, Value::Null, Value::Long(2)),
            Value::Null
        );
    }

    #[test]
    fn mv_difference_removes_the_second_fields_values_reference_example() {
        // ROW values = ["a", "b", "c"], element = "a" | EVAL mv_difference(values, element) → [b, c]
        let got = call(
            mv_difference,
            mv(json!(["a", "b", "c"])),
            Value::string("a"),
        );
        assert_eq!(got, mv(json!(["b", "c"])));
        assert_eq!(
            call(mv_difference, Value::Long(1), Value::Null),
            Value::Long(1)
        );
        assert_eq!(
            call(mv_difference, Value::Null, Value::Long(1)),
            Value::Null
        );
    }

    #[test]
    fn mv_intersects_reference_examples() {
        let set = mv(json!(["a", "b", "c"]));
        assert_eq!(
            call(mv_intersects, set.clone(), Value::string("a")),
            Value::Bool(true)
        );
        assert_eq!(
            call(mv_intersects, set, Value::string("z")),
            Value::Bool(false)
        );
        assert_eq!(
            call(mv_intersects, Value::Null, Value::string("a")),
            Value::Bool(false)
        );
    }
}
