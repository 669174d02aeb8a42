//! Conditional and null-test functions: `iff`, `case`, `coalesce`, `isnull`,
//! `isempty`, `not`, `gettype`, `max_of`, `min_of`.

use super::args::arg;
use super::registry::{EvalContext, ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::{Type, Value};
use std::cmp::Ordering;

/// A condition as `iff`/`case` read it: only `true` is true (null and false are not).
fn is_true(v: &Value) -> bool {
    v.as_bool() == Some(true)
}

/// The type of the branches: the first one whose type is known.
fn branch_type(branches: impl Iterator<Item = Type>) -> Type {
    let mut first = Type::Unknown;
    for t in branches {
        if t != Type::Unknown {
            return t;
        }
        first = t;
    }
    first
}

fn iff_type(args: &[Type]) -> Type {
    branch_type(args.iter().skip(1).copied())
}

/// `case`'s values are at odd positions and the last position.
fn case_type(args: &[Type]) -> Type {
    let values = args
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 1 || *i + 1 == args.len());
    branch_type(values.map(|(_, t)| *t))
}

fn all_args_type(args: &[Type]) -> Type {
    branch_type(args.iter().copied())
}

/// `assert(condition, message)` (assert-function): true, or the documented error
/// "assert() has failed with message: '…'" when the condition is not true.
fn assert(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    if is_true(arg(args, 0)) {
        return Ok(Value::Bool(true));
    }
    Err(format!(
        "assert() has failed with message: '{}'",
        arg(args, 1).to_kusto_string()
    ))
}

/// `iff(condition, then, else)`.
fn iff(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(if is_true(arg(args, 0)) {
        arg(args, 1).clone()
    } else {
        arg(args, 2).clone()
    })
}

/// `case(pred1, value1, pred2, value2, …, else)`: the value of the first true predicate.
fn case(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (pairs, otherwise) = args.split_at(args.len().saturating_sub(1));
    for pair in pairs.chunks(2) {
        if let [pred, value] = pair
            && is_true(pred)
        {
            return Ok(value.clone());
        }
    }
    Ok(otherwise.first().cloned().unwrap_or(Value::Null))
}

/// `coalesce(a, b, …)`: the first argument that is neither null nor an empty string
/// (coalesce-function docs: `coalesce(tolong("not a number"), tolong("42"), 33)` is 42).
fn coalesce(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let found = args
        .iter()
        .find(|v| !v.is_null() && !matches!(v, Value::String(s) if s.is_empty()));
    Ok(found.or(args.last()).cloned().unwrap_or(Value::Null))
}

fn isnull(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Bool(arg(args, 0).is_null()))
}

fn isnotnull(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Bool(!arg(args, 0).is_null()))
}

/// `isempty(v)`: null or an empty string (isempty-function docs: `isempty(" ")` is false).
fn isempty(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Bool(arg(args, 0).is_empty()))
}

fn isnotempty(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Bool(!arg(args, 0).is_empty()))
}

/// `not(b)`: logical negation; null stays null.
fn not(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(arg(args, 0)
        .as_bool()
        .map_or(Value::Null, |b| Value::Bool(!b)))
}

/// `gettype(v)`: the runtime type name, looking inside dynamic values
/// (gettype-function docs: `"dictionary"`, `"array"`, `"int"` for small dynamic
/// whole numbers, `"null"` for a dynamic null).
fn gettype(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    use serde_json::Value as J;
    let name = match arg(args, 0) {
        Value::Dynamic(d) => match &**d {
            J::Null => "null",
            J::Bool(_) => "bool",
            J::Number(n) => match n.as_i64() {
                Some(i) if i32::try_from(i).is_ok() => "int",
                Some(_) => "long",
                None => "real",
            },
            J::String(_) => "string",
            J::Array(_) => "array",
            J::Object(_) => "dictionary",
        },
        Value::Null => "null",
        v => v.ty().name(),
    };
    Ok(Value::string(name))
}

/// The largest (or smallest) non-null argument; null when all are null.
fn extreme_of(args: &[Value], keep: Ordering) -> Value {
    let mut best: Option<&Value> = None;
    for v in args.iter().filter(|v| !v.is_null()) {
        if best.is_none_or(|b| v.total_cmp(b) == keep) {
            best = Some(v);
        }
    }
    best.cloned().unwrap_or(Value::Null)
}

/// `max_of(a, b, …)` (max-of-function docs: `max_of(10, 1, -3, 17)` is 17).
fn max_of(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(extreme_of(args, Ordering::Greater))
}

/// `min_of(a, b, …)` (min-of-function docs: `min_of(10, 1, -3, 17)` is -3).
fn min_of(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(extreme_of(args, Ordering::Less))
}

const BOOL: ReturnType = ReturnType::Fixed(Type::Bool);

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "assert",
        &[],
        (2, 2),
        "(condition: bool, message: string) -> bool",
        ReturnType::Fixed(Type::Bool),
        assert,
        "True, or an error with the message when the condition is not true.",
    ),
    entry(
        "iff",
        &["iif"],
        (3, 3),
        "(condition: bool, ifTrue, ifFalse) -> type of ifTrue",
        ReturnType::Rule(iff_type),
        iff,
        "The second argument when the condition is true, else the third.",
    ),
    entry(
        "case",
        &[],
        (3, usize::MAX),
        "(predicate1: bool, then1, …, else) -> type of then1",
        ReturnType::Rule(case_type),
        case,
        "The value of the first true predicate, else the last argument.",
    ),
    entry(
        "coalesce",
        &[],
        (2, 64),
        "(arg1, arg2, …) -> type of arg1",
        ReturnType::Rule(all_args_type),
        coalesce,
        "The first argument that is not null (nor an empty string).",
    ),
    entry(
        "isnull",
        &[],
        (1, 1),
        "(value) -> bool",
        BOOL,
        isnull,
        "Whether the value is null (an empty string is not).",
    ),
    entry(
        "isnotnull",
        &["notnull"],
        (1, 1),
        "(value) -> bool",
        BOOL,
        isnotnull,
        "Whether the value is not null.",
    ),
    entry(
        "isempty",
        &[],
        (1, 1),
        "(value) -> bool",
        BOOL,
        isempty,
        "Whether the value is null or an empty string.",
    ),
    entry(
        "isnotempty",
        &["notempty"],
        (1, 1),
        "(value) -> bool",
        BOOL,
        isnotempty,
        "Whether the value is neither null nor an empty string.",
    ),
    entry(
        "not",
        &[],
        (1, 1),
        "(expr: bool) -> bool",
        BOOL,
        not,
        "The logical negation of a bool.",
    ),
    entry(
        "gettype",
        &[],
        (1, 1),
        "(value) -> string",
        ReturnType::Fixed(Type::String),
        gettype,
        "The runtime type of the value, looking inside dynamic values.",
    ),
    entry(
        "max_of",
        &[],
        (2, 64),
        "(arg1, arg2, …) -> type of arg1",
        ReturnType::Rule(all_args_type),
        max_of,
        "The largest non-null argument.",
    ),
    entry(
        "min_of",
        &[],
        (2, 64),
        "(arg1, arg2, …) -> type of arg1",
        ReturnType::Rule(all_args_type),
        min_of,
        "The smallest non-null argument.",
    ),
];

#[cfg(test)]
mod tests {
    use crate::functions::registry::{EvalContext, scalar};
    use crate::value::{Type, Value, time};
    use serde_json::json;

    fn call(name: &str, args: &[Value]) -> Value {
        let f = scalar(name).unwrap_or_else(|| panic!("{name} is registered"));
        (f.eval)(args, &EvalContext { now: 0 }).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn s(t: &str) -> Value {
        Value::string(t)
    }

    #[test]
    fn iff_takes_the_else_branch_for_false_and_null() {
        assert_eq!(
            call("iff", &[Value::Bool(true), Value::Long(1), Value::Long(2)]).as_i64(),
            Some(1)
        );
        assert_eq!(
            call("iif", &[Value::Bool(false), Value::Long(1), Value::Long(2)]).as_i64(),
            Some(2)
        );
        // logical-operators docs (conformance 111): iff(bool(null) and true, …) is false.
        assert_eq!(
            call("iff", &[Value::Null, Value::Bool(true), Value::Bool(false)]).as_bool(),
            Some(false)
        );
    }

    #[test]
    fn iff_result_type_is_the_branch_type() {
        let f = scalar("iff").unwrap();
        assert_eq!(
            f.returns.resolve(&[Type::Bool, Type::String, Type::String]),
            Type::String
        );
        assert_eq!(
            f.returns.resolve(&[Type::Bool, Type::Unknown, Type::Long]),
            Type::Long
        );
    }

    #[test]
    fn case_picks_the_first_true_predicate() {
        // case-function docs (conformance 046): Size 1..15 step 2 into buckets.
        let bucket = |size: i64| {
            call(
                "case",
                &[
                    Value::Bool(size <= 3),
                    s("Small"),
                    Value::Bool(size <= 10),
                    s("Medium"),
                    s("Large"),
                ],
            )
            .to_kusto_string()
        };
        assert_eq!(
            [1, 3, 5, 9, 11, 15].map(bucket),
            ["Small", "Small", "Medium", "Medium", "Large", "Large"]
        );
        assert_eq!(
            scalar("case")
                .unwrap()
                .returns
                .resolve(&[Type::Bool, Type::String, Type::String]),
            Type::String
        );
    }

    #[test]
    fn coalesce_skips_nulls_and_empty_strings() {
        // coalesce-function docs; conformance 273.
        assert_eq!(
            call("coalesce", &[Value::Null, Value::Long(42), Value::Long(33)]).as_i64(),
            Some(42)
        );
        assert_eq!(call("coalesce", &[s(""), s("a")]).to_kusto_string(), "a");
        assert_eq!(
            call("coalesce", &[Value::Null, Value::TimeSpan(100_000_000)]).to_kusto_string(),
            "00:00:10"
        );
        assert!(call("coalesce", &[Value::Null, Value::Null]).is_null());
    }

    #[test]
    fn null_and_empty_tests() {
        // isempty docs and conformance 272: "" empty, " " not.
        assert_eq!(call("isempty", &[s("")]).as_bool(), Some(true));
        assert_eq!(call("isempty", &[s(" ")]).as_bool(), Some(false));
        assert_eq!(call("isempty", &[Value::Null]).as_bool(), Some(true));
        assert_eq!(call("isnotempty", &[s("hello")]).as_bool(), Some(true));
        assert_eq!(
            call("isnotempty", &[Value::dynamic(json!(null))]).as_bool(),
            Some(false)
        );
        // isnull-function docs: isnull("") is false.
        assert_eq!(call("isnull", &[s("")]).as_bool(), Some(false));
        assert_eq!(call("isnull", &[Value::Null]).as_bool(), Some(true));
        assert_eq!(call("isnotnull", &[Value::Long(0)]).as_bool(), Some(true));
    }

    #[test]
    fn not_negates_and_keeps_null() {
        assert_eq!(call("not", &[Value::Bool(false)]).as_bool(), Some(true));
        assert!(call("not", &[Value::Null]).is_null());
    }

    #[test]
    fn gettype_names_plain_and_dynamic_types() {
        // gettype-function docs.
        assert_eq!(call("gettype", &[s("a")]).to_kusto_string(), "string");
        assert_eq!(
            call("gettype", &[Value::Long(111)]).to_kusto_string(),
            "long"
        );
        assert_eq!(
            call("gettype", &[Value::Bool(true)]).to_kusto_string(),
            "bool"
        );
        assert_eq!(
            call("gettype", &[Value::Real(123.45)]).to_kusto_string(),
            "real"
        );
        assert_eq!(
            call("gettype", &[Value::TimeSpan(1)]).to_kusto_string(),
            "timespan"
        );
        assert_eq!(
            call("gettype", &[Value::dynamic(json!(1))]).to_kusto_string(),
            "int"
        );
        assert_eq!(
            call("gettype", &[Value::dynamic(json!({"abc": 1}))]).to_kusto_string(),
            "dictionary"
        );
        assert_eq!(
            call("gettype", &[Value::dynamic(json!([1, 2, 3]))]).to_kusto_string(),
            "array"
        );
        assert_eq!(
            call("gettype", &[Value::dynamic(json!(null))]).to_kusto_string(),
            "null"
        );
    }

    #[test]
    fn max_of_and_min_of_ignore_nulls() {
        // max-of-function and min-of-function docs (conformance 127-129).
        let nums = [10, 1, -3, 17].map(Value::Long);
        assert_eq!(call("max_of", &nums).as_i64(), Some(17));
        assert_eq!(call("min_of", &nums).as_i64(), Some(-3));
        assert_eq!(
            call("max_of", &[Value::Null, Value::Long(2)]).as_i64(),
            Some(2)
        );
        assert!(call("min_of", &[Value::Null, Value::Null]).is_null());
        let a = time::parse_datetime("2024-12-15 07:15:22").unwrap();
        let b = time::parse_datetime("2024-12-15 07:15:24").unwrap();
        let latest = call("max_of", &[Value::DateTime(a), Value::DateTime(b)]);
        assert_eq!(latest.to_kusto_string(), "2024-12-15T07:15:24Z");
    }
}
