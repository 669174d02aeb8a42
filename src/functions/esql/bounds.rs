//! ES|QL's CLAMP, CLAMP_MIN and CLAMP_MAX (conditional functions reference:
//! <https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/conditional-functions-and-expressions/clamp>):
//! a value limited to a lower and/or upper bound. A null field gives null; mixed
//! integer and double arguments give a double, as the reference's type table says; a
//! multi-valued argument gives null ("Unless otherwise documented functions will
//! return null when applied to a multivalued field", ES|QL multivalued fields page).

use super::mv::esql_cmp;
use super::{entry, is_multi};
use crate::functions::args::arg;
use crate::functions::registry::{EvalContext, ReturnType, ScalarFunction};
use crate::value::{Type, Value};

/// `value` limited to `[low, high]` (either bound may be absent).
fn clamp_one(value: &Value, low: Option<&Value>, high: Option<&Value>) -> Value {
    let mut out = value.clone();
    if let Some(low) = low
        && esql_cmp(&out, low).is_lt()
    {
        out = low.clone();
    }
    if let Some(high) = high
        && esql_cmp(&out, high).is_gt()
    {
        out = high.clone();
    }
    out
}

/// The clamped field, as a double when any argument is one; null when the field or a
/// bound is null or multi-valued.
fn clamped(args: &[Value], low: Option<usize>, high: Option<usize>) -> Value {
    if args.iter().any(|a| a.is_null() || is_multi(a)) {
        return Value::Null;
    }
    let bound = |i: Option<usize>| i.map(|i| arg(args, i));
    let (field, low, high) = (arg(args, 0), bound(low), bound(high));
    let out = clamp_one(field, low, high);
    match out {
        Value::Long(n) if args.iter().any(|a| matches!(a, Value::Real(_))) => Value::Real(n as f64),
        other => other,
    }
}

fn clamp(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(clamped(args, Some(1), Some(2)))
}

fn clamp_min(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(clamped(args, Some(1), None))
}

fn clamp_max(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(clamped(args, None, Some(1)))
}

/// The type table of the clamp functions: double when any argument is a double, long
/// when any is a long, else the field's type.
fn widest(args: &[Type]) -> Type {
    if args.contains(&Type::Real) {
        Type::Real
    } else if args.contains(&Type::Long) {
        Type::Long
    } else {
        args.first().copied().unwrap_or(Type::Unknown)
    }
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "clamp",
        (3, 3),
        "(field, min, max) -> any",
        ReturnType::Rule(widest),
        clamp,
        "The field limited to [min, max].",
    ),
    entry(
        "clamp_min",
        (2, 2),
        "(field, min) -> any",
        ReturnType::Rule(widest),
        clamp_min,
        "The field, or min when it is below min.",
    ),
    entry(
        "clamp_max",
        (2, 2),
        "(field, max) -> any",
        ReturnType::Rule(widest),
        clamp_max,
        "The field, or max when it is above max.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(&[Value], &EvalContext) -> Result<Value, String>, args: &[Value]) -> Value {
        f(args, &EvalContext { now: 0 }).unwrap_or(Value::Null)
    }

    #[test]
    fn clamp_limits_to_both_bounds() {
        let (one, two) = (Value::Long(1), Value::Long(2));
        assert_eq!(run(clamp, &[Value::Long(5), one.clone(), two.clone()]), two);
        assert_eq!(run(clamp, &[Value::Long(0), one.clone(), two.clone()]), one);
        assert_eq!(
            run(clamp, &[Value::Long(2), one, Value::Long(3)]),
            Value::Long(2)
        );
    }

    #[test]
    fn clamp_of_null_is_null() {
        assert_eq!(
            run(clamp, &[Value::Null, Value::Long(1), Value::Long(2)]),
            Value::Null
        );
        assert_eq!(run(clamp_min, &[Value::Null, Value::Long(1)]), Value::Null);
    }

    #[test]
    fn a_multi_valued_argument_gives_null() {
        let pair = Value::dynamic(serde_json::json!([1, 5]));
        let (two, three) = (Value::Long(2), Value::Long(3));
        assert_eq!(run(clamp, &[pair.clone(), two.clone(), three]), Value::Null);
        assert_eq!(run(clamp_min, &[Value::Long(1), pair]), Value::Null);
        assert_eq!(run(clamp_max, &[Value::Long(1), two]), Value::Long(1));
    }

    #[test]
    fn clamp_min_and_max_use_one_bound() {
        assert_eq!(
            run(clamp_min, &[Value::Long(3), Value::Long(10)]),
            Value::Long(10)
        );
        assert_eq!(
            run(clamp_max, &[Value::Long(3), Value::Long(1)]),
            Value::Long(1)
        );
        assert_eq!(
            run(clamp_max, &[Value::Long(0), Value::Long(1)]),
            Value::Long(0)
        );
    }

    #[test]
    fn an_integer_clamped_by_doubles_is_a_double() {
        // type table: integer, double, double -> double
        let got = run(clamp, &[Value::Long(5), Value::Real(1.0), Value::Real(2.5)]);
        assert_eq!(got, Value::Real(2.5));
        let got = run(clamp, &[Value::Long(2), Value::Real(1.0), Value::Real(2.5)]);
        assert_eq!(got, Value::Real(2.0));
    }

    #[test]
    fn keywords_clamp_in_string_order() {
        let got = run(
            clamp,
            &[
                Value::string("zeta"),
                Value::string("a"),
                Value::string("m"),
            ],
        );
        assert_eq!(got, Value::string("m"));
    }
}
