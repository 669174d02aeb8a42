//! ES|QL's arithmetic operators (`+ - * / %` and unary `-`), as the operators
//! reference describes them:
//! - null when either side is null or multi-valued;
//! - integers in `long` arithmetic with overflow checked: an overflow, or a division
//!   by zero, is null (Elasticsearch warns "long overflow", "/ by zero"); `%` keeps the
//!   sign of the dividend (Java's remainder);
//! - a double result that is not finite is null (ES|QL has no NaN or infinity);
//! - dates move by time durations (`1 hour`) and by calendar periods (`1 month`), a
//!   period and a duration add up to one temporal amount, and a string beside a
//!   temporal amount is read as a date (the string-literal casts of `"2024-01-01" + 1 day`).
//!
//! The `integer` range is checked where the type is known (`esql_int`).

use super::is_multi;
use crate::exec::eval::apply_binary;
use crate::functions::args::arg;
use crate::functions::registry::{self, EvalContext, ReturnType, ScalarFunction};
use crate::plan::BinaryOp;
use crate::syntax::esql::ast::TimeUnit;
use crate::value::{Type, Value, time};

/// A temporal amount: calendar months, then 100 ns ticks (days, weeks, clock units).
/// A period alone (`1 month`) is held as dynamic `{"esql_months": n}`; a mixed amount
/// also has `"esql_ticks"`. A pure duration stays a plain timespan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Amount {
    months: i64,
    ticks: i64,
}

impl Amount {
    fn of(v: &Value) -> Option<Amount> {
        match v {
            Value::TimeSpan(t) => Some(Amount {
                months: 0,
                ticks: *t,
            }),
            Value::Dynamic(d) => Some(Amount {
                months: d.get("esql_months")?.as_i64()?,
                ticks: d
                    .get("esql_ticks")
                    .and_then(serde_json::Value::as_i64)
                    .unwrap_or(0),
            }),
            _ => None,
        }
    }

    fn value(self) -> Value {
        if self.months == 0 {
            return Value::TimeSpan(self.ticks);
        }
        let mut json = serde_json::json!({ "esql_months": self.months });
        if self.ticks != 0 {
            json["esql_ticks"] = serde_json::Value::from(self.ticks);
        }
        Value::dynamic(json)
    }

    fn combine(self, other: Amount, sign: i64) -> Option<Amount> {
        Some(Amount {
            months: self.months.checked_add(other.months.checked_mul(sign)?)?,
            ticks: self.ticks.checked_add(other.ticks.checked_mul(sign)?)?,
        })
    }

    fn negated(self) -> Option<Amount> {
        Some(Amount {
            months: self.months.checked_neg()?,
            ticks: self.ticks.checked_neg()?,
        })
    }

    /// `date + sign·amount`: the months first (day of month clamped to the month's
    /// end, as Java's `plusMonths`), then the ticks; null outside the date range.
    fn shift(self, date: i64, sign: i64) -> Value {
        let moved = self
            .shift_months(date, self.months.checked_mul(sign))
            .and_then(|d| d.checked_add(self.ticks.checked_mul(sign)?))
            .filter(|t| time::ticks_to_chrono(*t).is_some());
        moved.map_or(Value::Null, Value::DateTime)
    }

    fn shift_months(self, date: i64, months: Option<i64>) -> Option<i64> {
        let months = months?;
        if months == 0 {
            return Some(date);
        }
        let dt = time::ticks_to_chrono(date)?;
        let delta = chrono::Months::new(u32::try_from(months.unsigned_abs()).ok()?);
        let moved = if months > 0 {
            dt.checked_add_months(delta)
        } else {
            dt.checked_sub_months(delta)
        };
        moved.map(time::ticks_from_chrono)
    }
}

/// A calendar period (`1 MONTH`, `2 QUARTERS`, `1 YEAR`) as a value: months counted
/// (a plain timespan cannot hold a month's varying length). Docs: "Time spans".
pub fn calendar_period(months: i64) -> Value {
    Amount { months, ticks: 0 }.value()
}

/// A date operand: a date, or a string read as one beside a temporal amount.
fn date_of(v: &Value) -> Option<i64> {
    match v {
        Value::DateTime(t) => Some(*t),
        Value::String(s) => time::parse_datetime(s),
        _ => None,
    }
}

/// `date ± amount`, `amount + date` and `amount ± amount`; `None` when no side is a
/// temporal amount, so plain arithmetic applies.
fn temporal(l: &Value, r: &Value, sign: i64) -> Option<Value> {
    let (la, ra) = (Amount::of(l), Amount::of(r));
    if matches!((l, r), (Value::TimeSpan(_), Value::TimeSpan(_))) {
        return None;
    }
    Some(match (la, ra) {
        (Some(a), Some(b)) => a.combine(b, sign).map_or(Value::Null, Amount::value),
        (None, Some(b)) => date_of(l).map_or(Value::Null, |d| b.shift(d, sign)),
        (Some(a), None) if sign > 0 => date_of(r).map_or(Value::Null, |d| a.shift(d, 1)),
        _ => return None,
    })
}

/// Two integers under `op`, overflow and division by zero null.
fn longs(op: BinaryOp, a: i64, b: i64) -> Value {
    let out = match op {
        BinaryOp::Add => a.checked_add(b),
        BinaryOp::Sub => a.checked_sub(b),
        BinaryOp::Mul => a.checked_mul(b),
        BinaryOp::Div => a.checked_div(b),
        _ => a.checked_rem(b),
    };
    out.map_or(Value::Null, Value::Long)
}

/// A dynamic number, string or boolean as its plain value (a value of a multi-value
/// expanded by `MV_EXPAND` is held so); other values as they are.
fn plain(v: &Value) -> Value {
    match v {
        Value::Dynamic(d) if !d.is_array() && !d.is_object() => Value::from_json_scalar(d),
        other => other.clone(),
    }
}

/// `l op r` for `+ - * / %`, with the rules of the module doc.
fn arithmetic(op: BinaryOp, l: &Value, r: &Value) -> Value {
    if is_multi(l) || is_multi(r) || l.is_null() || r.is_null() {
        return Value::Null;
    }
    let (l, r) = (&plain(l), &plain(r));
    let sign = if op == BinaryOp::Sub { -1 } else { 1 };
    if matches!(op, BinaryOp::Add | BinaryOp::Sub)
        && let Some(v) = temporal(l, r, sign)
    {
        return v;
    }
    match (l, r) {
        (Value::Long(a), Value::Long(b)) => longs(op, *a, *b),
        (Value::Long(_) | Value::Real(_), Value::Long(_) | Value::Real(_)) => {
            match apply_binary(op, l, r) {
                Value::Real(x) => super::aggregate_numeric::finite(x),
                other => other,
            }
        }
        (Value::DateTime(_), Value::TimeSpan(_)) | (Value::TimeSpan(_), Value::DateTime(_)) => {
            match apply_binary(op, l, r) {
                Value::DateTime(t) if time::ticks_to_chrono(t).is_some() => Value::DateTime(t),
                Value::DateTime(_) => Value::Null,
                other => other,
            }
        }
        _ => apply_binary(op, l, r),
    }
}

fn op_add(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(arithmetic(BinaryOp::Add, arg(args, 0), arg(args, 1)))
}

fn op_sub(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(arithmetic(BinaryOp::Sub, arg(args, 0), arg(args, 1)))
}

fn op_mul(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(arithmetic(BinaryOp::Mul, arg(args, 0), arg(args, 1)))
}

fn op_div(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(arithmetic(BinaryOp::Div, arg(args, 0), arg(args, 1)))
}

fn op_mod(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(arithmetic(BinaryOp::Mod, arg(args, 0), arg(args, 1)))
}

/// Unary `-`: overflow (`-(-9223372036854775808)`) is null; periods negate.
fn op_neg(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let x = arg(args, 0);
    if is_multi(x) {
        return Ok(Value::Null);
    }
    Ok(match &plain(x) {
        Value::Long(n) => n.checked_neg().map_or(Value::Null, Value::Long),
        Value::Real(r) => Value::Real(-r),
        other => Amount::of(other)
            .and_then(Amount::negated)
            .map_or(Value::Null, Amount::value),
    })
}

/// `esql_int(x)`: `x` when it fits an `integer`, else null (the "integer overflow"
/// of an operation typed `integer`).
fn int_range(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Long(n) if i32::try_from(*n).is_err() => Value::Null,
        other => other.clone(),
    })
}

/// `"3 days"` or `"2 hours"` (any spelling of a unit; docs: "Time spans") as an amount.
fn parse_amount(text: &str) -> Option<(i64, TimeUnit)> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '+'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    Some((
        number.trim().parse().ok()?,
        TimeUnit::from_word(unit.trim())?,
    ))
}

/// The months or ticks of `n` units; `None` for a unit of the other kind.
fn amount_of(n: i64, unit: TimeUnit, calendar: bool) -> Option<Amount> {
    const MS: i64 = 10_000;
    let (months, ms) = match unit {
        TimeUnit::Millisecond => (0, 1),
        TimeUnit::Second => (0, 1_000),
        TimeUnit::Minute => (0, 60_000),
        TimeUnit::Hour => (0, 3_600_000),
        TimeUnit::Day => (0, 86_400_000),
        TimeUnit::Week => (0, 7 * 86_400_000),
        TimeUnit::Month => (1, 0),
        TimeUnit::Quarter => (3, 0),
        TimeUnit::Year => (12, 0),
    };
    let is_calendar = months > 0 || ms >= 86_400_000;
    if is_calendar != calendar {
        return None;
    }
    Some(Amount {
        months: n.checked_mul(months)?,
        ticks: n.checked_mul(ms)?.checked_mul(MS)?,
    })
}

/// `to_dateperiod(x)` / `to_timeduration(x)`: a temporal amount kept as it is, a
/// string such as `"3 days"` / `"3 hours"` read as one; null otherwise (docs:
/// type-conversion functions `TO_DATEPERIOD`, `TO_TIMEDURATION`).
fn to_amount(x: &Value, calendar: bool) -> Value {
    match x {
        Value::String(s) => parse_amount(s)
            .and_then(|(n, unit)| amount_of(n, unit, calendar))
            .map_or(Value::Null, Amount::value),
        other => Amount::of(other).map_or(Value::Null, Amount::value),
    }
}

fn to_dateperiod(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(to_amount(arg(args, 0), true))
}

fn to_timeduration(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(to_amount(arg(args, 0), false))
}

fn is_temporal(t: Type) -> bool {
    matches!(t, Type::TimeSpan | Type::Dynamic)
}

/// The type of `a + b` / `a - b`: dates with amounts stay dates; two amounts make an
/// amount (dynamic when a period is in it); a string beside an amount is a date.
fn temporal_type(args: &[Type], op: BinaryOp) -> Type {
    let (a, b) = (first(args, 0), first(args, 1));
    match (a, b) {
        (Type::DateTime | Type::String, t) | (t, Type::DateTime | Type::String)
            if is_temporal(t) =>
        {
            Type::DateTime
        }
        (Type::TimeSpan, Type::TimeSpan) => Type::TimeSpan,
        (x, y) if is_temporal(x) && is_temporal(y) => Type::Dynamic,
        _ => crate::syntax::kql::lower::expr::value_binary_type(op, a, b),
    }
}

fn first(args: &[Type], i: usize) -> Type {
    args.get(i).copied().unwrap_or(Type::Unknown)
}

fn type_add(args: &[Type]) -> Type {
    temporal_type(args, BinaryOp::Add)
}

fn type_sub(args: &[Type]) -> Type {
    temporal_type(args, BinaryOp::Sub)
}

fn numeric_type(args: &[Type], op: BinaryOp) -> Type {
    crate::syntax::kql::lower::expr::value_binary_type(op, first(args, 0), first(args, 1))
}

fn type_mul(args: &[Type]) -> Type {
    numeric_type(args, BinaryOp::Mul)
}

fn type_div(args: &[Type]) -> Type {
    numeric_type(args, BinaryOp::Div)
}

fn type_mod(args: &[Type]) -> Type {
    numeric_type(args, BinaryOp::Mod)
}

const fn entry(
    name: &'static str,
    arity: usize,
    returns: ReturnType,
    eval: registry::ScalarImpl,
    doc: &'static str,
) -> ScalarFunction {
    registry::scalar_entry(
        name,
        &[],
        (arity, arity),
        "(a, b) -> any",
        returns,
        eval,
        doc,
    )
}

/// The operators, by the names the lowering calls.
pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "esql_add",
        2,
        ReturnType::Rule(type_add),
        op_add,
        "`+`: null on null, multi-value or overflow.",
    ),
    entry(
        "esql_sub",
        2,
        ReturnType::Rule(type_sub),
        op_sub,
        "`-`: null on null, multi-value or overflow.",
    ),
    entry(
        "esql_mul",
        2,
        ReturnType::Rule(type_mul),
        op_mul,
        "`*`: null on null, multi-value or overflow.",
    ),
    entry(
        "esql_div",
        2,
        ReturnType::Rule(type_div),
        op_div,
        "`/`: null on null, multi-value or division by zero.",
    ),
    entry(
        "esql_mod",
        2,
        ReturnType::Rule(type_mod),
        op_mod,
        "`%`: the remainder with the dividend's sign; null by zero.",
    ),
    entry(
        "esql_neg",
        1,
        ReturnType::SameAs(0),
        op_neg,
        "Unary `-`: null on overflow; a period negates.",
    ),
    entry(
        "to_dateperiod",
        1,
        ReturnType::Fixed(Type::Dynamic),
        to_dateperiod,
        "A date period, from a period or text such as `\"3 days\"`.",
    ),
    entry(
        "to_timeduration",
        1,
        ReturnType::Fixed(Type::TimeSpan),
        to_timeduration,
        "A time duration, from a duration or text such as `\"3 hours\"`.",
    ),
    entry(
        "esql_int",
        1,
        ReturnType::SameAs(0),
        int_range,
        "The value when it fits an `integer`, else null.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn add(a: Value, b: Value) -> Value {
        arithmetic(BinaryOp::Add, &a, &b)
    }

    #[test]
    fn long_overflow_and_division_by_zero_are_null() {
        // docs: operators "Arithmetic operators"; csv-spec style: 9223372036854775807 + 1
        assert_eq!(add(Value::Long(i64::MAX), Value::Long(1)), Value::Null);
        assert_eq!(
            arithmetic(BinaryOp::Div, &Value::Long(1), &Value::Long(0)),
            Value::Null
        );
        assert_eq!(
            arithmetic(BinaryOp::Mod, &Value::Long(-14), &Value::Long(12)),
            Value::Long(-2)
        );
    }

    #[test]
    fn periods_and_durations_add_up_and_move_dates() {
        let day = Value::TimeSpan(time::TICKS_PER_DAY);
        let month = calendar_period(1);
        let amount = add(month, day);
        let start = time::parse_datetime("2024-01-31T00:00:00Z").unwrap_or_default();
        let moved = add(amount.clone(), Value::DateTime(start));
        let want = time::parse_datetime("2024-03-01T00:00:00Z").unwrap_or_default();
        assert_eq!(moved, Value::DateTime(want));
        let back = arithmetic(BinaryOp::Sub, &Value::DateTime(want), &amount);
        let want_back = time::parse_datetime("2024-01-31T00:00:00Z").unwrap_or_default();
        assert_eq!(back, Value::DateTime(want_back));
    }

    #[test]
    fn a_string_beside_an_amount_is_a_date() {
        // docs: "Time spans" (`"2024-01-01" + 1 day`)
        let got = add(
            Value::string("2024-01-01"),
            Value::TimeSpan(time::TICKS_PER_DAY),
        );
        let want = time::parse_datetime("2024-01-02T00:00:00Z").unwrap_or_default();
        assert_eq!(got, Value::DateTime(want));
    }
}
