//! Math functions: rounding, powers and logarithms, signs, bitwise operations, random
//! numbers and the NaN/infinity tests. (`floor` is an alias of `bin`, elsewhere.)
//! Trigonometry and the special functions are in their own modules.

pub mod special;
pub mod trig;
pub mod units;

use super::args::{arg, long, real};
use super::registry::{
    EvalContext, ReturnType, ScalarFunction, scalar_entry as entry, widened_first,
};
use crate::value::{Type, Value};
use std::cell::Cell;

const REAL: ReturnType = ReturnType::Fixed(Type::Real);
const LONG: ReturnType = ReturnType::Fixed(Type::Long);
const BOOL: ReturnType = ReturnType::Fixed(Type::Bool);

/// Whole numbers keep their type; anything else is real.
fn numeric_type(args: &[Type]) -> Type {
    match args.first() {
        Some(t @ (Type::Int | Type::Long | Type::TimeSpan | Type::Unknown)) => *t,
        _ => Type::Real,
    }
}

/// A real-valued function of one real argument; null for null or non-numeric input.
fn real_fn(args: &[Value], f: impl Fn(f64) -> Option<f64>) -> Result<Value, String> {
    Ok(real(args, 0).and_then(f).map_or(Value::Null, Value::Real))
}

/// `abs(x)`: whole numbers and timespans stay whole.
fn abs(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Long(n) => n.checked_abs().map_or(Value::Null, Value::Long),
        Value::TimeSpan(t) => t.checked_abs().map_or(Value::Null, Value::TimeSpan),
        _ => real(args, 0).map_or(Value::Null, |r| Value::Real(r.abs())),
    })
}

/// Rounds half away from zero at `digits` decimal places (negative: tens, hundreds…).
fn round_to(x: f64, digits: i64) -> f64 {
    let digits = digits.clamp(-308, 308) as i32;
    let scale = 10f64.powi(digits.abs());
    if digits >= 0 {
        (x * scale).round() / scale
    } else {
        (x / scale).round() * scale
    }
}

/// `round(x [, precision])` (round-function docs: `round(2.98765, 3)` is 2.988,
/// `round(-50.55, -2)` is -100, `round(21.5, -1)` is 20).
fn round(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let digits = long(args, 1).unwrap_or(0);
    Ok(match arg(args, 0) {
        Value::Long(n) if digits >= 0 => Value::Long(*n),
        Value::Long(n) => Value::Long(round_to(*n as f64, digits) as i64),
        _ => real(args, 0).map_or(Value::Null, |r| Value::Real(round_to(r, digits))),
    })
}

/// `ceiling(x)`: the smallest whole number not below `x` (whole numbers unchanged).
fn ceiling(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Long(n) => Value::Long(*n),
        _ => real(args, 0).map_or(Value::Null, |r| Value::Real(r.ceil())),
    })
}

fn exp(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_fn(args, |x| Some(x.exp()))
}
fn exp2(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_fn(args, |x| Some(x.exp2()))
}
fn exp10(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_fn(args, |x| Some(10f64.powf(x)))
}

/// Logarithms and `sqrt` are null for negative input (sqrt-function, log-function docs).
fn non_negative(x: f64, f: fn(f64) -> f64) -> Option<f64> {
    (x >= 0.0).then(|| f(x))
}

fn log(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_fn(args, |x| non_negative(x, f64::ln))
}
fn log10(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_fn(args, |x| non_negative(x, f64::log10))
}
fn log2(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_fn(args, |x| non_negative(x, f64::log2))
}
fn sqrt(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_fn(args, |x| non_negative(x, f64::sqrt))
}

/// `pow(base, exponent)`.
fn pow(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match (real(args, 0), real(args, 1)) {
        (Some(b), Some(e)) => Value::Real(b.powf(e)),
        _ => Value::Null,
    })
}

/// `sign(x)`: -1, 0 or 1, in the argument's type.
fn sign(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Long(n) => Value::Long(n.signum()),
        _ => real(args, 0).map_or(Value::Null, |r| {
            Value::Real(if r == 0.0 || r.is_nan() {
                r
            } else {
                r.signum()
            })
        }),
    })
}

fn pi(_: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Real(std::f64::consts::PI))
}

thread_local! {
    static RNG: Cell<u64> = Cell::new(seed());
}

fn seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let local = 0u8;
    (nanos ^ (&local as *const u8 as u64).rotate_left(32)) | 1
}

/// The next value of this thread's xorshift64* generator.
fn next_u64() -> u64 {
    RNG.with(|state| {
        let mut x = state.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

/// The next random real in `[0, 1)`.
fn next_unit() -> f64 {
    (next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// `new_guid()` (new-guid-function): a random (version 4) GUID.
fn new_guid(_: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (hi, lo) = (next_u64(), next_u64());
    let hi = (hi & !0xf000) | 0x4000;
    let lo = (lo & !(0xc0 << 56)) | (0x80 << 56);
    let hex = format!("{hi:016x}{lo:016x}");
    let text = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    Ok(Value::Guid(text.into()))
}

/// `rand()`: a real in `[0, 1)`; `rand(n)`: a whole number in `[0, n)`.
fn rand(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Null => Value::Real(next_unit()),
        _ => match long(args, 0) {
            Some(n) if n > 0 => Value::Long(((next_unit() * n as f64) as i64).min(n - 1)),
            _ => Value::Null,
        },
    })
}

/// `percentile_tdigest`'s result: the digest's value type, known only at run time.
fn digest_result_type(_: &[Type]) -> Type {
    Type::Unknown
}

fn rand_type(args: &[Type]) -> Type {
    if args.is_empty() {
        Type::Real
    } else {
        Type::Long
    }
}

/// A bitwise operation on two whole numbers; null if either is missing.
fn bitwise(args: &[Value], f: fn(i64, i64) -> Option<i64>) -> Result<Value, String> {
    Ok(match (long(args, 0), long(args, 1)) {
        (Some(a), Some(b)) => f(a, b).map_or(Value::Null, Value::Long),
        _ => Value::Null,
    })
}

fn binary_and(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    bitwise(args, |a, b| Some(a & b))
}
fn binary_or(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    bitwise(args, |a, b| Some(a | b))
}
fn binary_xor(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    bitwise(args, |a, b| Some(a ^ b))
}
fn binary_shift_left(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    bitwise(args, |a, n| {
        u32::try_from(n)
            .ok()
            .filter(|n| *n < 64)
            .map(|n| a.wrapping_shl(n))
    })
}
fn binary_shift_right(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    bitwise(args, |a, n| {
        u32::try_from(n).ok().filter(|n| *n < 64).map(|n| a >> n)
    })
}
/// A value as a point on a line: numbers as reals, datetimes and timespans as ticks.
fn on_line(v: &Value) -> Option<f64> {
    match v {
        Value::DateTime(t) | Value::TimeSpan(t) => Some(*t as f64),
        Value::Long(_) | Value::Real(_) => v.as_f64(),
        _ => None,
    }
}

/// `around(value, center, delta)` (around-function): whether the value lies within
/// [center − delta, center + delta]; null when any argument is null.
fn around(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let points: Option<Vec<f64>> = (0..3).map(|i| on_line(arg(args, i))).collect();
    Ok(match points.as_deref() {
        Some([v, c, d]) => Value::Bool(*v >= c - d && *v <= c + d),
        _ => Value::Null,
    })
}

/// bitset-count-ones-function: the number of set bits (of the two's complement).
fn bitset_count_ones(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(long(args, 0).map_or(Value::Null, |a| Value::Long(i64::from(a.count_ones()))))
}
fn binary_not(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(long(args, 0).map_or(Value::Null, |a| Value::Long(!a)))
}

/// A test on a real; whole numbers are finite and not NaN; null stays null.
fn real_test(args: &[Value], f: fn(f64) -> bool) -> Result<Value, String> {
    Ok(real(args, 0).map_or(Value::Null, |r| Value::Bool(f(r))))
}

fn isnan(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_test(args, f64::is_nan)
}
fn isinf(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_test(args, f64::is_infinite)
}
fn isfinite(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    real_test(args, f64::is_finite)
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "abs",
        &[],
        (1, 1),
        "(x: number) -> type of x",
        ReturnType::Rule(widened_first),
        abs,
        "The absolute value.",
    ),
    entry(
        "round",
        &[],
        (1, 2),
        "(number: real [, precision: int]) -> type of number",
        ReturnType::Rule(numeric_type),
        round,
        "Rounds to a number of decimal places (half away from zero).",
    ),
    entry(
        "ceiling",
        &[],
        (1, 1),
        "(number: real) -> type of number",
        ReturnType::Rule(numeric_type),
        ceiling,
        "The smallest whole number not below the argument.",
    ),
    entry(
        "exp",
        &[],
        (1, 1),
        "(x: real) -> real",
        REAL,
        exp,
        "e to the power x.",
    ),
    entry(
        "exp2",
        &[],
        (1, 1),
        "(x: real) -> real",
        REAL,
        exp2,
        "2 to the power x.",
    ),
    entry(
        "exp10",
        &[],
        (1, 1),
        "(x: real) -> real",
        REAL,
        exp10,
        "10 to the power x.",
    ),
    entry(
        "log",
        &[],
        (1, 1),
        "(number: real) -> real",
        REAL,
        log,
        "The natural logarithm; null for negative input.",
    ),
    entry(
        "log10",
        &[],
        (1, 1),
        "(number: real) -> real",
        REAL,
        log10,
        "The base-10 logarithm; null for negative input.",
    ),
    entry(
        "log2",
        &[],
        (1, 1),
        "(number: real) -> real",
        REAL,
        log2,
        "The base-2 logarithm; null for negative input.",
    ),
    entry(
        "sqrt",
        &[],
        (1, 1),
        "(number: real) -> real",
        REAL,
        sqrt,
        "The square root; null for negative input.",
    ),
    entry(
        "pow",
        &[],
        (2, 2),
        "(base: real, exponent: real) -> real",
        REAL,
        pow,
        "The base raised to the exponent.",
    ),
    entry(
        "sign",
        &[],
        (1, 1),
        "(number) -> type of number",
        ReturnType::Rule(numeric_type),
        sign,
        "-1, 0 or 1 by the sign of the argument.",
    ),
    entry(
        "pi",
        &[],
        (0, 0),
        "() -> real",
        REAL,
        pi,
        "The constant pi.",
    ),
    entry(
        "rand",
        &[],
        (0, 1),
        "([range: long]) -> real or long",
        ReturnType::Rule(rand_type),
        rand,
        "A random real in [0, 1), or whole number in [0, range).",
    ),
    entry(
        "merge_tdigest",
        &[],
        (1, 64),
        "(digest1: dynamic, ...) -> dynamic",
        ReturnType::Fixed(Type::Dynamic),
        super::aggregate::digest::merge_tdigest,
        "Several tdigest digests merged into one.",
    ),
    entry(
        "percentile_tdigest",
        &[],
        (2, 3),
        "(digest: dynamic, percentile: real, [typeLiteral]) -> dynamic",
        ReturnType::Rule(digest_result_type),
        super::aggregate::digest::percentile_tdigest,
        "A nearest-rank percentile of a tdigest digest.",
    ),
    entry(
        "percentiles_array_tdigest",
        &["percentile_array_tdigest"],
        (2, 64),
        "(digest: dynamic, percentile1: real, ... | percentiles: dynamic, [typeLiteral]) -> dynamic",
        ReturnType::Fixed(Type::Dynamic),
        super::aggregate::digest::percentiles_array_tdigest,
        "Several nearest-rank percentiles of a tdigest digest, as an array.",
    ),
    entry(
        "rank_tdigest",
        &[],
        (2, 2),
        "(digest: dynamic, value) -> long",
        LONG,
        super::aggregate::digest::rank_tdigest,
        "How many of the digest's values are at or below the value.",
    ),
    entry(
        "percentrank_tdigest",
        &[],
        (2, 2),
        "(digest: dynamic, value) -> real",
        REAL,
        super::aggregate::digest::percentrank_tdigest,
        "The percentage of the digest's values at or below the value.",
    ),
    entry(
        "dcount_hll",
        &[],
        (1, 1),
        "(hll: dynamic) -> long",
        LONG,
        super::aggregate::sketch::dcount_hll,
        "The number of distinct values an hll sketch holds.",
    ),
    entry(
        "hll_merge",
        &[],
        (2, 64),
        "(hll: dynamic, hll2: dynamic, …) -> dynamic",
        ReturnType::Fixed(Type::Dynamic),
        super::aggregate::sketch::hll_merge_scalar,
        "One hll sketch of the values any of the sketches holds.",
    ),
    entry(
        "new_guid",
        &[],
        (0, 0),
        "() -> guid",
        ReturnType::Fixed(Type::Guid),
        new_guid,
        "A new random GUID.",
    ),
    entry(
        "binary_and",
        &[],
        (2, 2),
        "(a: long, b: long) -> long",
        LONG,
        binary_and,
        "Bitwise AND.",
    ),
    entry(
        "binary_or",
        &[],
        (2, 2),
        "(a: long, b: long) -> long",
        LONG,
        binary_or,
        "Bitwise OR.",
    ),
    entry(
        "binary_xor",
        &[],
        (2, 2),
        "(a: long, b: long) -> long",
        LONG,
        binary_xor,
        "Bitwise XOR.",
    ),
    entry(
        "binary_not",
        &[],
        (1, 1),
        "(a: long) -> long",
        LONG,
        binary_not,
        "Bitwise NOT.",
    ),
    entry(
        "binary_shift_left",
        &[],
        (2, 2),
        "(a: long, n: int) -> long",
        LONG,
        binary_shift_left,
        "Shifts the bits left by n (null outside 0..63).",
    ),
    entry(
        "binary_shift_right",
        &[],
        (2, 2),
        "(a: long, n: int) -> long",
        LONG,
        binary_shift_right,
        "Shifts the bits right by n, keeping the sign (null outside 0..63).",
    ),
    entry(
        "around",
        &[],
        (3, 3),
        "(value, center, delta) -> bool",
        BOOL,
        around,
        "Whether the value lies within delta of the center.",
    ),
    entry(
        "bitset_count_ones",
        &[],
        (1, 1),
        "(value: long) -> long",
        LONG,
        bitset_count_ones,
        "The number of set bits in the binary representation.",
    ),
    entry(
        "isnan",
        &[],
        (1, 1),
        "(number: real) -> bool",
        BOOL,
        isnan,
        "Whether the number is NaN.",
    ),
    entry(
        "isinf",
        &[],
        (1, 1),
        "(number: real) -> bool",
        BOOL,
        isinf,
        "Whether the number is infinite.",
    ),
    entry(
        "isfinite",
        &[],
        (1, 1),
        "(number: real) -> bool",
        BOOL,
        isfinite,
        "Whether the number is neither infinite nor NaN.",
    ),
];

#[cfg(test)]
mod tests {
    use crate::functions::registry::{EvalContext, scalar};
    use crate::value::{Type, Value};

    fn call(name: &str, args: &[Value]) -> Value {
        let f = scalar(name).unwrap_or_else(|| panic!("{name} is registered"));
        (f.eval)(args, &EvalContext { now: 0 }).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn real(name: &str, args: &[Value]) -> f64 {
        match call(name, args) {
            Value::Real(r) => r,
            other => panic!("{name} gave {other:?}"),
        }
    }

    #[test]
    fn round_follows_the_docs_examples() {
        // round-function docs.
        assert_eq!(
            real("round", &[Value::Real(2.98765), Value::Long(3)]),
            2.988
        );
        assert_eq!(real("round", &[Value::Real(2.15), Value::Long(1)]), 2.2);
        assert_eq!(real("round", &[Value::Real(2.15)]), 2.0);
        assert_eq!(
            real("round", &[Value::Real(-50.55), Value::Long(-2)]),
            -100.0
        );
        assert_eq!(real("round", &[Value::Real(21.5), Value::Long(-1)]), 20.0);
        assert_eq!(call("round", &[Value::Long(7)]).as_i64(), Some(7));
        assert!(call("round", &[Value::Null]).is_null());
    }

    #[test]
    fn abs_ceiling_and_sign_keep_whole_numbers_whole() {
        assert!(matches!(call("abs", &[Value::Long(-5)]), Value::Long(5)));
        assert_eq!(real("abs", &[Value::Real(-1.5)]), 1.5);
        assert!(matches!(
            call("abs", &[Value::TimeSpan(-3)]),
            Value::TimeSpan(3)
        ));
        assert_eq!(real("ceiling", &[Value::Real(-1.1)]), -1.0);
        assert_eq!(real("ceiling", &[Value::Real(1.1)]), 2.0);
        assert!(matches!(call("sign", &[Value::Long(-42)]), Value::Long(-1)));
        assert_eq!(real("sign", &[Value::Real(0.0)]), 0.0);
        assert_eq!(real("sign", &[Value::Real(3.5)]), 1.0);
    }

    #[test]
    fn powers_and_logarithms() {
        assert_eq!(real("exp", &[Value::Long(0)]), 1.0);
        assert_eq!(real("exp2", &[Value::Long(10)]), 1024.0);
        assert_eq!(real("exp10", &[Value::Long(3)]), 1000.0);
        assert_eq!(real("log10", &[Value::Long(1000)]), 3.0);
        assert_eq!(real("log2", &[Value::Long(8)]), 3.0);
        assert!((real("log", &[Value::Real(std::f64::consts::E)]) - 1.0).abs() < 1e-12);
        assert_eq!(real("pow", &[Value::Long(2), Value::Long(10)]), 1024.0);
        assert_eq!(real("sqrt", &[Value::Long(16)]), 4.0);
        // sqrt-function docs: null for a negative argument.
        assert!(call("sqrt", &[Value::Long(-64)]).is_null());
        assert!(call("log", &[Value::Long(-1)]).is_null());
        assert!((real("pi", &[]) - std::f64::consts::PI).abs() < 1e-15);
    }

    #[test]
    fn bitwise_operations() {
        // binary-*-function docs.
        assert_eq!(
            call("binary_and", &[Value::Long(6), Value::Long(3)]).as_i64(),
            Some(2)
        );
        assert_eq!(
            call("binary_or", &[Value::Long(6), Value::Long(3)]).as_i64(),
            Some(7)
        );
        assert_eq!(
            call("binary_xor", &[Value::Long(6), Value::Long(3)]).as_i64(),
            Some(5)
        );
        assert_eq!(call("binary_not", &[Value::Long(100)]).as_i64(), Some(-101));
        assert_eq!(
            call("binary_shift_left", &[Value::Long(1), Value::Long(2)]).as_i64(),
            Some(4)
        );
        assert_eq!(
            call("binary_shift_right", &[Value::Long(8), Value::Long(2)]).as_i64(),
            Some(2)
        );
        assert!(call("binary_shift_left", &[Value::Long(1), Value::Long(64)]).is_null());
        assert!(call("binary_and", &[Value::Null, Value::Long(1)]).is_null());
    }

    #[test]
    fn rand_stays_in_range() {
        for _ in 0..1000 {
            let r = real("rand", &[]);
            assert!((0.0..1.0).contains(&r), "{r}");
            let n = call("rand", &[Value::Long(10)]).as_i64().unwrap();
            assert!((0..10).contains(&n), "{n}");
        }
        assert_eq!(
            scalar("rand").unwrap().returns.resolve(&[Type::Long]),
            Type::Long
        );
    }

    #[test]
    fn nan_and_infinity_tests() {
        assert_eq!(
            call("isnan", &[Value::Real(f64::NAN)]).as_bool(),
            Some(true)
        );
        assert_eq!(
            call("isinf", &[Value::Real(f64::NEG_INFINITY)]).as_bool(),
            Some(true)
        );
        assert_eq!(
            call("isfinite", &[Value::Real(f64::INFINITY)]).as_bool(),
            Some(false)
        );
        assert_eq!(call("isfinite", &[Value::Long(1)]).as_bool(), Some(true));
        assert!(call("isnan", &[Value::Null]).is_null());
    }
}
