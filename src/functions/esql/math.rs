//! ES|QL math and angle functions the KQL registry lacks, each as Elastic's reference
//! describes it (<https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/math-functions>
//! and type-conversion-functions for TO_DEGREES / TO_RADIANS): every numeric argument
//! type gives a double (COPY_SIGN and ROUND_TO keep their field's type); null in, null
//! out; a result outside the function's domain (ACOS(2)) is null, as ES|QL answers
//! with a warning.

use super::{entry, is_multi};
use crate::functions::args::arg;
use crate::functions::registry::{EvalContext, ReturnType, ScalarFunction};
use crate::value::{Type, Value};

/// The single numeric argument `i` as a double (`None` for null or a multi-value).
fn number(args: &[Value], i: usize) -> Option<f64> {
    let v = arg(args, i);
    if is_multi(v) { None } else { v.as_f64() }
}

/// A double, or null when not finite.
fn real(x: Option<f64>) -> Value {
    x.filter(|r| r.is_finite()).map_or(Value::Null, Value::Real)
}

fn unary(args: &[Value], f: fn(f64) -> f64) -> Value {
    real(number(args, 0).map(f))
}

/// `f(x)` for `x` in `[-1, 1]` (ACOS, ASIN), else null.
fn unit_domain(args: &[Value], f: fn(f64) -> f64) -> Value {
    real(number(args, 0).filter(|x| (-1.0..=1.0).contains(x)).map(f))
}

fn acos(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unit_domain(a, f64::acos))
}
fn asin(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unit_domain(a, f64::asin))
}
fn atan(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::atan))
}
fn cbrt(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::cbrt))
}
fn cos(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::cos))
}
fn cosh(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::cosh))
}
fn sin(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::sin))
}
fn sinh(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::sinh))
}
fn tan(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::tan))
}
fn tanh(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::tanh))
}
fn to_degrees(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::to_degrees))
}
fn to_radians(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(unary(a, f64::to_radians))
}

/// `atan2(y_coordinate, x_coordinate)`: the angle of the point, in radians.
fn atan2(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match (number(a, 0), number(a, 1)) {
        (Some(y), Some(x)) => real(Some(y.atan2(x))),
        _ => Value::Null,
    })
}

/// `hypot(number1, number2)`: the hypotenuse, `sqrt(a² + b²)` without overflow.
fn hypot(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match (number(a, 0), number(a, 1)) {
        (Some(x), Some(y)) => real(Some(x.hypot(y))),
        _ => Value::Null,
    })
}

/// `tau()`: the circle constant, 2π.
fn tau(_: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Real(std::f64::consts::TAU))
}

/// `copy_sign(magnitude, sign)`: the magnitude with the sign's sign, in the magnitude's type.
fn copy_sign(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(sign) = number(a, 1) else {
        return Ok(Value::Null);
    };
    let negative = sign.is_sign_negative();
    Ok(match arg(a, 0) {
        Value::Long(m) => Value::Long(if negative { -m.abs() } else { m.abs() }),
        Value::Real(m) => Value::Real(m.copysign(sign)),
        _ => Value::Null,
    })
}

/// `scalb(d, scale_factor)`: `d × 2^scale_factor`, a double.
fn scalb(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let scale = match arg(a, 1) {
        Value::Long(n) => *n,
        _ => return Ok(Value::Null),
    };
    Ok(match number(a, 0) {
        Some(d) => real(Some(d * 2f64.powi(scale.clamp(-2000, 2000) as i32))),
        None => Value::Null,
    })
}

/// `round_to(field, points…)`: the greatest point not above the field (the smallest
/// point when the field is below them all), in the field's type.
fn round_to(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let field = arg(a, 0);
    if field.is_null() || is_multi(field) {
        return Ok(Value::Null);
    }
    let mut points: Vec<&Value> = a[1..].iter().filter(|p| !p.is_null()).collect();
    points.sort_by(|x, y| super::mv::esql_cmp(x, y));
    let below = points
        .iter()
        .rev()
        .find(|p| super::mv::esql_cmp(p, field).is_le());
    Ok(match below.or(points.first()) {
        Some(p) if matches!(field, Value::Real(_)) => p.cast(Type::Real),
        Some(p) => (*p).clone(),
        None => Value::Null,
    })
}

/// The math functions of this module.
pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "acos",
        (1, 1),
        "(number) -> double",
        ReturnType::Fixed(Type::Real),
        acos,
        "The arccosine in radians (null outside [-1, 1]).",
    ),
    entry(
        "asin",
        (1, 1),
        "(number) -> double",
        ReturnType::Fixed(Type::Real),
        asin,
        "The arcsine in radians (null outside [-1, 1]).",
    ),
    entry(
        "atan",
        (1, 1),
        "(number) -> double",
        ReturnType::Fixed(Type::Real),
        atan,
        "The arctangent in radians.",
    ),
    entry(
        "atan2",
        (2, 2),
        "(y_coordinate, x_coordinate) -> double",
        ReturnType::Fixed(Type::Real),
        atan2,
        "The angle of the point (x, y) from the origin, in radians.",
    ),
    entry(
        "cbrt",
        (1, 1),
        "(number) -> double",
        ReturnType::Fixed(Type::Real),
        cbrt,
        "The cube root.",
    ),
    entry(
        "cos",
        (1, 1),
        "(angle) -> double",
        ReturnType::Fixed(Type::Real),
        cos,
        "The cosine of an angle in radians.",
    ),
    entry(
        "cosh",
        (1, 1),
        "(number) -> double",
        ReturnType::Fixed(Type::Real),
        cosh,
        "The hyperbolic cosine.",
    ),
    entry(
        "sin",
        (1, 1),
        "(angle) -> double",
        ReturnType::Fixed(Type::Real),
        sin,
        "The sine of an angle in radians.",
    ),
    entry(
        "sinh",
        (1, 1),
        "(number) -> double",
        ReturnType::Fixed(Type::Real),
        sinh,
        "The hyperbolic sine.",
    ),
    entry(
        "tan",
        (1, 1),
        "(angle) -> double",
        ReturnType::Fixed(Type::Real),
        tan,
        "The tangent of an angle in radians.",
    ),
    entry(
        "tanh",
        (1, 1),
        "(number) -> double",
        ReturnType::Fixed(Type::Real),
        tanh,
        "The hyperbolic tangent.",
    ),
    entry(
        "hypot",
        (2, 2),
        "(number1, number2) -> double",
        ReturnType::Fixed(Type::Real),
        hypot,
        "The hypotenuse of two numbers.",
    ),
    entry(
        "tau",
        (0, 0),
        "() -> double",
        ReturnType::Fixed(Type::Real),
        tau,
        "The ratio of a circle's circumference to its radius.",
    ),
    entry(
        "to_degrees",
        (1, 1),
        "(number) -> double",
        ReturnType::Fixed(Type::Real),
        to_degrees,
        "Radians converted to degrees.",
    ),
    entry(
        "to_radians",
        (1, 1),
        "(number) -> double",
        ReturnType::Fixed(Type::Real),
        to_radians,
        "Degrees converted to radians.",
    ),
    entry(
        "copy_sign",
        (2, 2),
        "(magnitude, sign) -> number",
        ReturnType::SameAs(0),
        copy_sign,
        "The magnitude with the sign of the second argument.",
    ),
    entry(
        "scalb",
        (2, 2),
        "(d, scale_factor: integer|long) -> double",
        ReturnType::Fixed(Type::Real),
        scalb,
        "d times 2 to the power scale_factor.",
    ),
    entry(
        "round_to",
        (2, usize::MAX),
        "(field, points…) -> same",
        ReturnType::SameAs(0),
        round_to,
        "Rounds down to one of a list of fixed points.",
    ),
];
