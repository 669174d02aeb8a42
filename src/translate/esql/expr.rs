//! Plan expressions written as ES|QL, keeping KQL's meaning. KQL strings are never
//! null (a missing string is `""`), ES|QL's are: so a string column read where the
//! difference shows (`!=`, `not(…)`, `isempty`, a function's argument) is read as
//! `COALESCE(x, "")`, while a test that is false on `""` anyway (`x == "a"`, `x has
//! "a"`) reads it bare, where a null drops the row as `""` does in KQL.

use super::Writer;
use super::functions;
use super::text;
use crate::plan::{BinaryOp, Expr, ExprKind};
use crate::value::{Column, Type, Value};

/// How a string column is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Strings {
    /// As it is (a null stays null).
    Bare,
    /// As `COALESCE(x, "")`: KQL's empty string for a missing one.
    Kusto,
}

/// The ES|QL of a value expression over the input columns `cols`.
pub fn value(w: &mut Writer, e: &Expr, cols: &[Column], strings: Strings) -> String {
    match &e.kind {
        ExprKind::Literal(v) => match text::literal(v, e.ty) {
            Some(s) => s,
            None => w.refuse(e.span, "this constant", "ES|QL has no literal of its type"),
        },
        ExprKind::Column(i) => match cols.get(*i) {
            Some(c) if strings == Strings::Kusto && c.ty == Type::String => {
                format!("COALESCE({}, \"\")", text::name(&c.name))
            }
            Some(c) => text::name(&c.name),
            None => w.refuse(e.span, "this column", "it is not in the input"),
        },
        ExprKind::Call { func, args } => functions::call(w, func.0, args, e, cols, strings),
        ExprKind::Binary { op, lhs, rhs } => binary(w, *op, lhs, rhs, e, cols, strings),
        ExprKind::Neg(x) => format!("-{}", operand(w, x, cols, Strings::Kusto)),
        ExprKind::In {
            operand: x,
            list,
            case_insensitive,
            negated,
        } => in_list(w, x, list, *case_insensitive, *negated, cols),
        ExprKind::Member { .. } | ExprKind::Index { .. } => functions::member(w, e, cols),
        _ => w.refuse(
            e.span,
            "this expression",
            "it refers to another part of the plan",
        ),
    }
}

/// `value(e)`, in parentheses when it is an infix expression.
pub fn operand(w: &mut Writer, e: &Expr, cols: &[Column], strings: Strings) -> String {
    let s = value(w, e, cols, strings);
    if is_atomic(&s) || matches!(e.kind, ExprKind::Literal(Value::TimeSpan(t)) if t > 0) {
        s
    } else {
        format!("({s})")
    }
}

/// Whether written ES|QL reads as one operand (quotes `"` and back-quotes).
pub fn is_atomic(s: &str) -> bool {
    crate::translate::is_atomic(s, &['"', '`'], &['('], &[')'])
}

fn binary(
    w: &mut Writer,
    op: BinaryOp,
    lhs: &Expr,
    rhs: &Expr,
    e: &Expr,
    cols: &[Column],
    strings: Strings,
) -> String {
    use BinaryOp::*;
    if matches!(op, And | Or) {
        return condition(w, e, cols, true);
    }
    if lhs.ty == Type::DateTime && rhs.ty == Type::DateTime && op == Sub {
        return w.refuse(
            e.span,
            "a difference of two dates",
            "ES|QL has no timespan values; use DATE_DIFF",
        );
    }
    if matches!(op, Div | Mod | Mul) && (lhs.ty == Type::TimeSpan || rhs.ty == Type::TimeSpan) {
        return w.refuse(
            e.span,
            "timespan arithmetic",
            "ES|QL time durations are constants only",
        );
    }
    let (l, r) = match op {
        EqIgnoreCase | NotEqIgnoreCase => (
            lowered(w, lhs, cols, strings),
            lowered(w, rhs, cols, strings),
        ),
        _ => (
            operand(w, lhs, cols, strings),
            operand(w, rhs, cols, strings),
        ),
    };
    let symbol = match op {
        EqIgnoreCase => "==",
        NotEqIgnoreCase => "!=",
        _ => crate::plan::operators::kusto_name(op).1,
    };
    format!("{l} {symbol} {r}")
}

/// `x` folded to lower case: a constant folded here, else `TO_LOWER(x)`.
pub fn lowered(w: &mut Writer, e: &Expr, cols: &[Column], strings: Strings) -> String {
    match e.as_literal() {
        Some(Value::String(s)) => text::string(&s.to_lowercase()),
        _ => format!("TO_LOWER({})", value(w, e, cols, strings)),
    }
}

fn in_list(
    w: &mut Writer,
    x: &Expr,
    list: &[Expr],
    case_insensitive: bool,
    negated: bool,
    cols: &[Column],
) -> String {
    let mut items = Vec::new();
    for item in list {
        match item.as_literal() {
            Some(Value::Dynamic(d)) => match d.as_array() {
                Some(values) => {
                    for v in values {
                        items.push(json_item(w, v, item, case_insensitive));
                    }
                }
                None => items.push(w.refuse(item.span, "this list item", "it is not an array")),
            },
            _ if case_insensitive => items.push(lowered(w, item, cols, Strings::Kusto)),
            _ => items.push(value(w, item, cols, Strings::Kusto)),
        }
    }
    let strings = if negated {
        Strings::Kusto
    } else {
        Strings::Bare
    };
    let subject = if case_insensitive {
        format!("TO_LOWER({})", value(w, x, cols, strings))
    } else {
        operand(w, x, cols, strings)
    };
    let op = if negated { "NOT IN" } else { "IN" };
    format!("{subject} {op} ({})", items.join(", "))
}

fn json_item(w: &mut Writer, v: &serde_json::Value, item: &Expr, fold: bool) -> String {
    match v {
        serde_json::Value::String(s) if fold => text::string(&s.to_lowercase()),
        serde_json::Value::String(s) => text::string(s),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        _ => w.refuse(
            item.span,
            "this list item",
            "ES|QL lists hold scalar constants",
        ),
    }
}

/// The ES|QL condition that holds exactly when the KQL condition `e` holds
/// (`positive`) or exactly when it does not (`!positive`).
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
            crate::translate::joined_condition(and, positive, &l, &r, ["AND", "OR"])
        }
        ExprKind::Call { func, args } if func.0.name == "not" && args.len() == 1 => {
            condition(w, &args[0], cols, !positive)
        }
        ExprKind::Literal(Value::Bool(b)) => (*b == positive).to_string(),
        _ => {
            if positive && functions::false_on_empty(e) {
                return value(w, e, cols, Strings::Bare);
            }
            let v = value(w, e, cols, Strings::Kusto);
            if positive {
                v
            } else if is_atomic(&v) {
                format!("NOT {v}")
            } else {
                format!("NOT ({v})")
            }
        }
    }
}
