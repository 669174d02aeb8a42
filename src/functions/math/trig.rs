//! Trigonometry and angle conversion: `sin` … `atan2`, `cot`, `degrees`, `radians`
//! (each as its learn.microsoft.com/kusto/query/<name>-function page describes).

use super::super::args::real;
use super::super::registry::{EvalContext, ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::{Type, Value};

const REAL: ReturnType = ReturnType::Fixed(Type::Real);

/// A real function of one real argument; null for null or non-numeric input.
fn unary(args: &[Value], f: impl Fn(f64) -> Option<f64>) -> Result<Value, String> {
    Ok(real(args, 0).and_then(f).map_or(Value::Null, Value::Real))
}

fn sin(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, |x| Some(x.sin()))
}
fn cos(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, |x| Some(x.cos()))
}
fn tan(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, |x| Some(x.tan()))
}
fn cot(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, |x| Some(1.0 / x.tan()))
}

/// asin-function, acos-function: null outside [-1, 1].
fn in_unit_range(x: f64, f: fn(f64) -> f64) -> Option<f64> {
    (-1.0..=1.0).contains(&x).then(|| f(x))
}

fn asin(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, |x| in_unit_range(x, f64::asin))
}
fn acos(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, |x| in_unit_range(x, f64::acos))
}
fn atan(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, |x| Some(x.atan()))
}

/// `atan2(y, x)`: the angle of the point (x, y) from the positive x-axis.
fn atan2(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match (real(args, 0), real(args, 1)) {
        (Some(y), Some(x)) => Value::Real(y.atan2(x)),
        _ => Value::Null,
    })
}

fn degrees(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, |x| Some(x.to_degrees()))
}
fn radians(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    unary(args, |x| Some(x.to_radians()))
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "sin",
        &[],
        (1, 1),
        "(number: real) -> real",
        REAL,
        sin,
        "The sine of an angle in radians.",
    ),
    entry(
        "cos",
        &[],
        (1, 1),
        "(number: real) -> real",
        REAL,
        cos,
        "The cosine of an angle in radians.",
    ),
    entry(
        "tan",
        &[],
        (1, 1),
        "(x: real) -> real",
        REAL,
        tan,
        "The tangent of an angle in radians.",
    ),
    entry(
        "cot",
        &[],
        (1, 1),
        "(number: real) -> real",
        REAL,
        cot,
        "The cotangent of an angle in radians.",
    ),
    entry(
        "asin",
        &[],
        (1, 1),
        "(x: real) -> real",
        REAL,
        asin,
        "The arc sine; null outside [-1, 1].",
    ),
    entry(
        "acos",
        &[],
        (1, 1),
        "(x: real) -> real",
        REAL,
        acos,
        "The arc cosine; null outside [-1, 1].",
    ),
    entry(
        "atan",
        &[],
        (1, 1),
        "(x: real) -> real",
        REAL,
        atan,
        "The arc tangent.",
    ),
    entry(
        "atan2",
        &[],
        (2, 2),
        "(y: real, x: real) -> real",
        REAL,
        atan2,
        "The angle in radians of the point (x, y) from the positive x-axis.",
    ),
    entry(
        "degrees",
        &[],
        (1, 1),
        "(radians: real) -> real",
        REAL,
        degrees,
        "Radians to degrees.",
    ),
    entry(
        "radians",
        &[],
        (1, 1),
        "(degrees: real) -> real",
        REAL,
        radians,
        "Degrees to radians.",
    ),
];
