//! Plan expressions written as KQL, keeping ES|QL's three-valued logic: a condition
//! is written so that it holds exactly when the ES|QL condition is *true* (or, under
//! `NOT`, exactly when it is *false*), so a null comparison drops the row in KQL too.

use super::Writer;
use super::functions;
use super::text;
use crate::plan::{BinaryOp, Expr, ExprKind};
use crate::value::{Column, Type, Value};

/// The KQL of a value expression over the input columns `cols`.
pub fn value(w: &mut Writer, e: &Expr, cols: &[Column]) -> String {
    match &e.kind {
        ExprKind::Literal(v) => match text::literal(v, e.ty) {
            Some(s) => s,
            None => w.refuse(e.span, "this constant", "KQL has no calendar-period value"),
        },
        ExprKind::Column(i) => column(w, *i, cols, e),
        ExprKind::Call { func, args } => functions::call(w, func.0, args, e, cols),
        ExprKind::Binary { op, lhs, rhs } => binary(w, *op, lhs, rhs, cols),
        ExprKind::Neg(x) => format!("-{}", operand(w, x, cols)),
        ExprKind::In {
            operand: x,
            list,
            case_insensitive,
            negated,
        } => {
            let items: Vec<String> = list.iter().map(|i| value(w, i, cols)).collect();
            let op = match (negated, case_insensitive) {
                (false, false) => "in",
                (false, true) => "in~",
                (true, false) => "!in",
                (true, true) => "!in~",
            };
            format!("{} {op} ({})", operand(w, x, cols), items.join(", "))
        }
        ExprKind::Member { target, name } => {
            format!("{}[{}]", operand(w, target, cols), text::string(name))
        }
        ExprKind::Index { target, index } => {
            format!("{}[{}]", operand(w, target, cols), value(w, index, cols))
        }
        _ => w.refuse(
            e.span,
            "this expression",
            "it refers to another part of the plan",
        ),
    }
}

fn column(w: &mut Writer, i: usize, cols: &[Column], e: &Expr) -> String {
    match cols.get(i) {
        Some(c) => text::name(&c.name),
        None => w.refuse(e.span, "this column", "it is not in the input"),
    }
}

/// `value(e)`, in parentheses when it is an infix expression.
pub fn operand(w: &mut Writer, e: &Expr, cols: &[Column]) -> String {
    let s = value(w, e, cols);
    if is_atomic(&s) { s } else { format!("({s})") }
}

/// Whether written KQL reads as one operand (quotes `"` and `'`, brackets `()` and `[]`).
fn is_atomic(s: &str) -> bool {
    crate::translate::is_atomic(s, &['"', '\''], &['(', '['], &[')', ']'])
}

fn binary(w: &mut Writer, op: BinaryOp, lhs: &Expr, rhs: &Expr, cols: &[Column]) -> String {
    let (_, symbol) = crate::plan::operators::kusto_name(op);
    format!(
        "{} {symbol} {}",
        operand(w, lhs, cols),
        operand(w, rhs, cols)
    )
}

/// The KQL condition that holds exactly when the ES|QL condition `e` is true
/// (`positive`) or exactly when it is false (`!positive`); null is neither.
pub fn condition(w: &mut Writer, e: &Expr, cols: &[Column], positive: bool) -> String {
    match &e.kind {
        ExprKind::Binary {
            op: op @ (BinaryOp::And | BinaryOp::Or),
            lhs,
            rhs,
        } => {
            let l = condition(w, lhs, cols, positive);
            let r = condition(w, rhs, cols, positive);
            let and = *op == BinaryOp::And;
            crate::translate::joined_condition(and, positive, &l, &r, ["and", "or"])
        }
        ExprKind::Call { func, args } if func.0.name == "not" && args.len() == 1 => {
            condition(w, &args[0], cols, !positive)
        }
        ExprKind::Call { func, args } => {
            match functions::condition(w, func.0, args, cols, positive) {
                Some(s) => s,
                None => truth(w, e, cols, positive),
            }
        }
        ExprKind::Literal(Value::Bool(b)) => (*b == positive).to_string(),
        ExprKind::Literal(Value::Null) => "false".into(),
        _ => truth(w, e, cols, positive),
    }
}

/// `e == true` / `e == false`: a null is neither.
fn truth(w: &mut Writer, e: &Expr, cols: &[Column], positive: bool) -> String {
    let v = operand(w, e, cols);
    if positive && matches!(e.kind, ExprKind::Column(_) | ExprKind::Call { .. }) {
        format!("{v} == true")
    } else {
        format!("{v} == {positive}")
    }
}

/// The guard that `e` has a value (`isnotempty`: not null, and for a string not
/// empty, as an ES|QL null keyword reads as `""` in KQL); `None` for a non-null constant.
pub fn present(w: &mut Writer, e: &Expr, cols: &[Column]) -> Option<String> {
    match &e.kind {
        ExprKind::Literal(Value::Null) => Some("false".into()),
        ExprKind::Literal(_) => None,
        _ if single_valued(w, e, cols) => Some(format!("isnotempty({})", value(w, e, cols))),
        // ES|QL's single-value functions and comparisons give null on a multi-value.
        _ => {
            let v = value(w, e, cols);
            Some(format!("isnotempty({v}) and gettype({v}) != \"array\""))
        }
    }
}

/// The guards of several operands joined with `and`, before `test`.
pub fn guarded(guards: Vec<String>, test: String) -> String {
    if guards.iter().any(|g| g == "false") {
        return "false".into();
    }
    let mut parts = guards;
    parts.push(test);
    parts.join(" and ")
}

/// Whether `e` holds a single value: its type is one a column holds a single value of
/// (not dynamic, not unknown), it is no multi-valued constant and no column a `ROW`
/// filled with one.
pub fn single_valued(w: &Writer, e: &Expr, cols: &[Column]) -> bool {
    match &e.kind {
        _ if matches!(e.ty, Type::Dynamic | Type::Unknown) => false,
        ExprKind::Literal(Value::Dynamic(d)) => !d.is_array(),
        ExprKind::Column(i) => !cols.get(*i).is_some_and(|c| w.is_multi_valued(&c.name)),
        _ => true,
    }
}
