//! Evaluating plan expressions on one row, with Kusto's rules for nulls, mixed types
//! and datetime arithmetic.

use super::ExecContext;
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::functions::dynamic::member_of_json_text;
use crate::plan::{BinaryOp, Expr, ExprKind, WindowFunc};
use crate::value::{Row, Value};
use std::cmp::Ordering;
use std::sync::Arc;

/// The value of `expr` on `row`.
pub fn eval(expr: &Expr, row: &Row, cx: &ExecContext) -> Result<Value> {
    match &expr.kind {
        ExprKind::Literal(v) => Ok(v.clone()),
        ExprKind::Column(i) => Ok(row.get(*i).cloned().unwrap_or(Value::Null)),
        ExprKind::Call { func, args } => {
            let call = |values: &[Value]| {
                (func.0.eval)(values, &cx.eval).map_err(|msg| call_error(expr, func.0.name, msg))
            };
            // Up to three arguments live on the stack: no allocation per call and row.
            match args.as_slice() {
                [] => call(&[]),
                [a] => call(&[eval(a, row, cx)?]),
                [a, b] => call(&[eval(a, row, cx)?, eval(b, row, cx)?]),
                [a, b, c] => call(&[eval(a, row, cx)?, eval(b, row, cx)?, eval(c, row, cx)?]),
                _ => call(
                    &args
                        .iter()
                        .map(|a| eval(a, row, cx))
                        .collect::<Result<Vec<_>>>()?,
                ),
            }
        }
        ExprKind::Binary { op, lhs, rhs } => binary(*op, lhs, rhs, row, cx),
        ExprKind::Neg(e) => Ok(negate(eval(e, row, cx)?)),
        ExprKind::In {
            operand,
            list,
            case_insensitive,
            negated,
        } => {
            let v = eval(operand, row, cx)?;
            let mut found = false;
            for item in list {
                if in_item_matches(&v, &eval(item, row, cx)?, *case_insensitive) {
                    found = true;
                    break;
                }
            }
            Ok(Value::Bool(found != *negated))
        }
        ExprKind::Member { target, name } => member_of(target, name, row, cx),
        ExprKind::Index { target, index } => {
            Ok(index_value(&eval(target, row, cx)?, &eval(index, row, cx)?))
        }
        ExprKind::Scalar(i) => cx.scalar(*i, expr.span),
        ExprKind::ColumnOf(i) => {
            let table = cx.shared_table(*i)?;
            Ok(Value::dynamic(serde_json::Value::Array(
                table
                    .rows
                    .iter()
                    .map(|r| r.first().map_or(serde_json::Value::Null, Value::to_json))
                    .collect(),
            )))
        }
        ExprKind::PackAll {
            names,
            ignore_null_empty,
        } => {
            let mut map = serde_json::Map::new();
            for (name, v) in names.iter().zip(row) {
                if *ignore_null_empty && v.is_empty() {
                    continue;
                }
                map.insert(name.clone(), v.to_json());
            }
            Ok(Value::dynamic(serde_json::Value::Object(map)))
        }
        ExprKind::Window { func, args } => window(*func, args, expr, cx),
    }
}

/// `target.name`. When the target is JSON text (`parse_json(s).name`, or `s.name` on a
/// string), the one member is read from the text without parsing it whole
/// ([`member_of_json_text`]); text the scanner cannot decide takes the full parse.
fn member_of(target: &Expr, name: &str, row: &Row, cx: &ExecContext) -> Result<Value> {
    let parsed_arg = match &target.kind {
        ExprKind::Call { func, args } if func.0.name == "parse_json" && args.len() == 1 => {
            Some(&args[0])
        }
        _ => None,
    };
    let value = eval(parsed_arg.unwrap_or(target), row, cx)?;
    if let Value::String(text) = &value {
        // `parse_json` of a string and a string's member agree: text that is not a JSON
        // object has no members, so the member of either is the member of the text.
        if let Some(found) = member_of_json_text(text, name) {
            return Ok(found);
        }
        return Ok(member(&value, name));
    }
    match (parsed_arg, &target.kind) {
        (Some(_), ExprKind::Call { func, .. }) => {
            let parsed = (func.0.eval)(std::slice::from_ref(&value), &cx.eval)
                .map_err(|msg| call_error(target, func.0.name, msg))?;
            Ok(member(&parsed, name))
        }
        _ => Ok(member(&value, name)),
    }
}

/// `row_number()`, `prev()`, `next()`, `row_cumsum()` over the frame `extend` set.
fn window(func: WindowFunc, args: &[Expr], expr: &Expr, cx: &ExecContext) -> Result<Value> {
    let Some((rows, i)) = cx.window() else {
        return Err(Diagnostic::new(
            Code::Unsupported,
            expr.span,
            "window functions need serialized input (after `serialize`, `sort` or `top`) and work in `extend`/`project`",
        ));
    };
    // Argument `k` at row `at`, with the frame moved to that row so that window
    // functions inside the argument (`prev(ID)`) are relative to it.
    let arg_at = |k: usize, at: usize| -> Result<Option<Value>> {
        let Some(arg) = args.get(k) else {
            return Ok(None);
        };
        if at == i {
            return eval(arg, &rows[at], cx).map(Some);
        }
        cx.set_window(Some((rows.clone(), at)));
        let value = eval(arg, &rows[at], cx);
        cx.set_window(Some((rows.clone(), i)));
        value.map(Some)
    };
    match func {
        WindowFunc::RowNumber => {
            let start = arg_at(0, i)?.and_then(|v| v.as_i64()).unwrap_or(1);
            Ok(Value::Long(start + i as i64))
        }
        WindowFunc::Prev | WindowFunc::Next => {
            let offset = arg_at(1, i)?.and_then(|v| v.as_i64()).unwrap_or(1);
            let target = if func == WindowFunc::Prev {
                i as i64 - offset
            } else {
                i as i64 + offset
            };
            match usize::try_from(target).ok().filter(|t| *t < rows.len()) {
                Some(t) => Ok(arg_at(0, t)?.unwrap_or(Value::Null)),
                None => Ok(arg_at(2, i)?.unwrap_or(Value::Null)),
            }
        }
        WindowFunc::RowCumsum => {
            let mut sum = Value::Long(0);
            for at in 0..=i {
                if arg_at(1, at)?.is_some_and(|r| truthy(&r) == Some(true)) {
                    sum = Value::Long(0);
                }
                let v = arg_at(0, at)?.unwrap_or(Value::Null);
                if !v.is_null() {
                    sum = arithmetic(BinaryOp::Add, &sum, &scalar_of(&v));
                }
            }
            Ok(sum)
        }
        WindowFunc::RowWindowSession => window_session(i, &arg_at),
        WindowFunc::RowRankDense => row_rank(i, true, &arg_at),
        WindowFunc::RowRankMin => row_rank(i, false, &arg_at),
    }
}

/// row-rank-dense-function, row-rank-min-function: the rank of the last row among the
/// rows since the last restart (argument 1 true), ranked by runs of equal terms
/// (argument 0). Dense ranks count the runs; min ranks are each run's first row number.
fn row_rank(
    last: usize,
    dense: bool,
    arg_at: &dyn Fn(usize, usize) -> Result<Option<Value>>,
) -> Result<Value> {
    let (mut rank, mut position) = (0i64, 0i64);
    let mut previous: Option<Value> = None;
    for at in 0..=last {
        let term = arg_at(0, at)?.unwrap_or(Value::Null);
        let restart = arg_at(1, at)?.is_some_and(|r| truthy(&r) == Some(true));
        if restart || at == 0 {
            (rank, position) = (0, 0);
            previous = None;
        }
        position += 1;
        let same = previous
            .as_ref()
            .is_some_and(|p| p.total_cmp(&term) == std::cmp::Ordering::Equal);
        if !same {
            rank = if dense { rank + 1 } else { position };
        }
        previous = Some(term);
    }
    Ok(Value::Long(rank))
}

/// row-window-session-function: the start of the session the last row is in. A value
/// starts a session when there is none (or the last value was null), when it is at
/// least `MaxDistanceFromFirst` after the session's start or `MaxDistanceBetweenNeighbors`
/// after the previous value, or when `Restart` is true; a null value gives null.
fn window_session(
    last: usize,
    arg_at: &dyn Fn(usize, usize) -> Result<Option<Value>>,
) -> Result<Value> {
    let ticks = |v: Option<Value>| match v {
        Some(Value::DateTime(t) | Value::TimeSpan(t)) => Some(t),
        _ => None,
    };
    let (mut start, mut previous): (Option<i64>, Option<i64>) = (None, None);
    for at in 0..=last {
        let Some(value) = ticks(arg_at(0, at)?) else {
            (start, previous) = (None, None);
            continue;
        };
        let from_first = ticks(arg_at(1, at)?);
        let between = ticks(arg_at(2, at)?);
        let restart = arg_at(3, at)?.is_some_and(|r| truthy(&r) == Some(true));
        let beyond = |base: Option<i64>, gap: Option<i64>| match (base, gap) {
            (Some(b), Some(g)) => value >= b.saturating_add(g),
            _ => false,
        };
        if start.is_none() || restart || beyond(start, from_first) || beyond(previous, between) {
            start = Some(value);
        }
        previous = Some(value);
    }
    Ok(start.map_or(Value::Null, Value::DateTime))
}

/// Evaluates a predicate: only `true` keeps a row (null and false drop it).
pub fn eval_predicate(expr: &Expr, row: &Row, cx: &ExecContext) -> Result<bool> {
    Ok(matches!(truthy(&eval(expr, row, cx)?), Some(true)))
}

fn call_error(expr: &Expr, name: &str, msg: String) -> Diagnostic {
    let code = if msg.contains("regular expression") {
        Code::InvalidRegex
    } else {
        Code::RuntimeError
    };
    Diagnostic::new(code, expr.span, format!("{name}(): {msg}"))
}

/// A value as a three-valued boolean.
pub fn truthy(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Long(n) => Some(*n != 0),
        Value::Dynamic(d) => d.as_bool(),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn binary(op: BinaryOp, lhs: &Expr, rhs: &Expr, row: &Row, cx: &ExecContext) -> Result<Value> {
    use BinaryOp::*;
    let l = eval(lhs, row, cx)?;
    match op {
        And => {
            if truthy(&l) == Some(false) {
                return Ok(Value::Bool(false));
            }
            let r = truthy(&eval(rhs, row, cx)?);
            Ok(match (truthy(&l), r) {
                (_, Some(false)) => Value::Bool(false),
                (Some(true), Some(true)) => Value::Bool(true),
                _ => Value::Null,
            })
        }
        Or => {
            if truthy(&l) == Some(true) {
                return Ok(Value::Bool(true));
            }
            let r = truthy(&eval(rhs, row, cx)?);
            Ok(match (truthy(&l), r) {
                (_, Some(true)) => Value::Bool(true),
                (Some(false), Some(false)) => Value::Bool(false),
                _ => Value::Null,
            })
        }
        _ => {
            let r = eval(rhs, row, cx)?;
            Ok(apply_binary(op, &l, &r))
        }
    }
}

/// A non-logical binary operator on two values.
pub fn apply_binary(op: BinaryOp, l: &Value, r: &Value) -> Value {
    use BinaryOp::*;
    match op {
        // Kusto (null-values docs): `5 == int(null)` is false, `null == null` is null.
        Eq | NotEq if l.is_null() != r.is_null() => Value::Bool(op == NotEq),
        Eq => compare(l, r).map_or(Value::Null, |o| Value::Bool(o == Ordering::Equal)),
        NotEq => compare(l, r).map_or(Value::Null, |o| Value::Bool(o != Ordering::Equal)),
        EqIgnoreCase => Value::Bool(eq_ignore_case(l, r)),
        NotEqIgnoreCase => Value::Bool(!eq_ignore_case(l, r)),
        Lt => compare(l, r).map_or(Value::Null, |o| Value::Bool(o == Ordering::Less)),
        Le => compare(l, r).map_or(Value::Null, |o| Value::Bool(o != Ordering::Greater)),
        Gt => compare(l, r).map_or(Value::Null, |o| Value::Bool(o == Ordering::Greater)),
        Ge => compare(l, r).map_or(Value::Null, |o| Value::Bool(o != Ordering::Less)),
        Add | Sub | Mul | Div | Mod => arithmetic(op, &scalar_of(l), &scalar_of(r)),
        And | Or => Value::Null,
    }
}

/// A dynamic scalar as its plain value, so `d.count + 1` is numeric.
fn scalar_of(v: &Value) -> Value {
    match v {
        Value::Dynamic(d) if !d.is_object() && !d.is_array() => Value::from_json_scalar(d),
        other => other.clone(),
    }
}

/// Compares two values for `==`, `<`, …; `None` when either is null or they cannot be
/// compared. Strings compare with dynamic strings; datetimes with datetime strings; a
/// bool with a number as 1 (true) or 0 (false), as Kusto does (issue 21).
pub fn compare(l: &Value, r: &Value) -> Option<Ordering> {
    if l.is_null() || r.is_null() {
        return None;
    }
    let (l, r) = (scalar_of(l), scalar_of(r));
    match (&l, &r) {
        (Value::DateTime(a), Value::String(s)) => {
            crate::value::time::parse_datetime(s).map(|b| a.cmp(&b))
        }
        (Value::String(s), Value::DateTime(b)) => {
            crate::value::time::parse_datetime(s).map(|a| a.cmp(b))
        }
        (Value::String(a), b) if !matches!(b, Value::String(_)) => {
            Some(a.as_ref().cmp(b.to_kusto_string().as_str()))
        }
        (a, Value::String(b)) if !matches!(a, Value::String(_)) => {
            Some(a.to_kusto_string().as_str().cmp(b.as_ref()))
        }
        (Value::Bool(b), n @ (Value::Long(_) | Value::Real(_))) => {
            Some(Value::Long(i64::from(*b)).total_cmp(n))
        }
        (n @ (Value::Long(_) | Value::Real(_)), Value::Bool(b)) => {
            Some(n.total_cmp(&Value::Long(i64::from(*b))))
        }
        _ => Some(l.total_cmp(&r)),
    }
}

fn eq_ignore_case(l: &Value, r: &Value) -> bool {
    if l.is_null() || r.is_null() {
        return l.is_null() && r.is_null() && !matches!(l, Value::String(_));
    }
    let (a, b) = (kusto_text(l), kusto_text(r));
    if a.len() != b.len() {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        // The same answer as comparing `to_lowercase()`s, without allocating them.
        return a.eq_ignore_ascii_case(&b);
    }
    a.to_lowercase() == b.to_lowercase()
}

/// A value as `tostring()` renders it, borrowed when it is already text.
fn kusto_text(v: &Value) -> std::borrow::Cow<'_, str> {
    match v {
        Value::String(s) | Value::Guid(s) => std::borrow::Cow::Borrowed(s),
        other => std::borrow::Cow::Owned(other.to_kusto_string()),
    }
}

fn in_item_matches(v: &Value, item: &Value, case_insensitive: bool) -> bool {
    if let Value::Dynamic(d) = item
        && let serde_json::Value::Array(items) = &**d
    {
        return items
            .iter()
            .any(|i| in_item_matches(v, &Value::from_json_scalar(i), case_insensitive));
    }
    if case_insensitive {
        return eq_ignore_case(v, item);
    }
    matches!(compare(v, item), Some(Ordering::Equal))
}

fn negate(v: Value) -> Value {
    match scalar_of(&v) {
        Value::Long(n) => Value::Long(n.wrapping_neg()),
        Value::Real(r) => Value::Real(-r),
        Value::TimeSpan(t) => Value::TimeSpan(-t),
        _ => Value::Null,
    }
}

/// `+ - * / %` over numbers, datetimes and timespans (Kusto's datetime arithmetic).
pub fn arithmetic(op: BinaryOp, l: &Value, r: &Value) -> Value {
    use BinaryOp::*;
    use Value::*;
    match (op, l, r) {
        (_, Long(a), Long(b)) => long_op(op, *a, *b),
        (_, Long(_) | Real(_), Long(_) | Real(_)) => {
            let (a, b) = (
                l.as_f64().unwrap_or(f64::NAN),
                r.as_f64().unwrap_or(f64::NAN),
            );
            Real(match op {
                Add => a + b,
                Sub => a - b,
                Mul => a * b,
                Div => a / b,
                _ => a % b,
            })
        }
        (Add, DateTime(a), TimeSpan(b)) | (Add, TimeSpan(b), DateTime(a)) => {
            DateTime(a.wrapping_add(*b))
        }
        (Sub, DateTime(a), TimeSpan(b)) => DateTime(a.wrapping_sub(*b)),
        (Sub, DateTime(a), DateTime(b)) => TimeSpan(a.wrapping_sub(*b)),
        (Add, TimeSpan(a), TimeSpan(b)) => TimeSpan(a.wrapping_add(*b)),
        (Sub, TimeSpan(a), TimeSpan(b)) => TimeSpan(a.wrapping_sub(*b)),
        (Div, TimeSpan(a), TimeSpan(b)) if *b != 0 => Real(*a as f64 / *b as f64),
        (Mod, TimeSpan(a), TimeSpan(b)) if *b != 0 => TimeSpan(a % b),
        (Mul, TimeSpan(a), n @ (Long(_) | Real(_)))
        | (Mul, n @ (Long(_) | Real(_)), TimeSpan(a)) => {
            TimeSpan((*a as f64 * n.as_f64().unwrap_or(f64::NAN)).round() as i64)
        }
        (Div, TimeSpan(a), n @ (Long(_) | Real(_))) => {
            let d = n.as_f64().unwrap_or(0.0);
            if d == 0.0 {
                Null
            } else {
                TimeSpan((*a as f64 / d).round() as i64)
            }
        }
        _ => Null,
    }
}

fn long_op(op: BinaryOp, a: i64, b: i64) -> Value {
    use BinaryOp::*;
    match op {
        Add => Value::Long(a.wrapping_add(b)),
        Sub => Value::Long(a.wrapping_sub(b)),
        Mul => Value::Long(a.wrapping_mul(b)),
        Div => a.checked_div(b).map_or(Value::Null, Value::Long),
        // Kusto's `%` is never negative: -14 % 12 == 10 (numerical-operators docs).
        _ => a.checked_rem_euclid(b).map_or(Value::Null, Value::Long),
    }
}

/// `d.name` on a dynamic bag (a string holding JSON is read as JSON).
pub fn member(target: &Value, name: &str) -> Value {
    match target {
        Value::Dynamic(d) => d
            .get(name)
            .map_or(Value::Null, |v| Value::Dynamic(Arc::new(v.clone()))),
        Value::String(s) => match serde_json::from_str::<serde_json::Value>(s) {
            Ok(v) => v
                .get(name)
                .map_or(Value::Null, |v| Value::dynamic(v.clone())),
            Err(_) => Value::Null,
        },
        _ => Value::Null,
    }
}

/// `d[i]` on arrays (negative from the end) and `d['key']` on bags.
pub fn index_value(target: &Value, index: &Value) -> Value {
    let json = match target {
        Value::Dynamic(d) => d.clone(),
        Value::String(s) => match serde_json::from_str(s) {
            Ok(v) => Arc::new(v),
            Err(_) => return Value::Null,
        },
        _ => return Value::Null,
    };
    let picked = match (&*json, index) {
        (serde_json::Value::Array(items), i) => i.as_i64().and_then(|i| {
            let i = if i < 0 { items.len() as i64 + i } else { i };
            usize::try_from(i).ok().and_then(|i| items.get(i))
        }),
        (serde_json::Value::Object(map), k) => k.as_str().and_then(|k| map.get(k)),
        _ => None,
    };
    picked.map_or(Value::Null, |v| Value::dynamic(v.clone()))
}
