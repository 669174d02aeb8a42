//! Type rules over the lowered plan, following Kusto's signatures
//! (`functions::signature`): operators defined for their operand types, function
//! and aggregate arguments each of a type some overload takes, conditions that are
//! bools, equality of clashing types, dynamic `summarize`/`join` keys, and `where`
//! after `take`.

use super::typing::{self, with_article};
use crate::diagnostic::{Code, Diagnostic};
use crate::plan::{BinaryOp, Expr, ExprKind, Node, Op, Plan};
use crate::value::Type;

/// Every type finding of a plan (its shared plans included).
pub fn check_plan(plan: &Plan) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for node in plan.shared.iter().chain(std::iter::once(&plan.root)) {
        check_node(node, &mut findings);
    }
    // Both keys of `on Key` carry the span of `Key`: one finding per place.
    let mut seen = Vec::new();
    findings.retain(|d| {
        let key = (d.code, d.span);
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    findings
}

fn check_node(node: &Node, out: &mut Vec<Diagnostic>) {
    crate::plan::visit::each_input(node, &mut |input| check_node(input, out));
    match &node.op {
        Op::Where(w) => {
            check_expr(&w.predicate, out);
            out.extend(typing::condition(&w.predicate, "where"));
            if let Op::Take(t) = &w.input.op {
                out.push(where_after_take(node, t.count));
            }
        }
        Op::Values(v) => v.rows.iter().flatten().for_each(|x| check_expr(x, out)),
        Op::Extend(e) => e.exprs.iter().for_each(|x| check_expr(x, out)),
        Op::Project(p) => p.exprs.iter().for_each(|x| check_expr(x, out)),
        Op::Sort(s) => s.keys.iter().for_each(|k| check_expr(&k.expr, out)),
        Op::Summarize(s) => {
            for key in &s.keys {
                check_expr(key, out);
                if key.ty == Type::Dynamic {
                    out.push(dynamic_key(key, "summarize … by"));
                }
            }
            for call in &s.aggregates {
                call.args.iter().for_each(|x| check_expr(x, out));
                out.extend(typing::aggregate(call.func.0, &call.args));
            }
        }
        Op::Join(j) => {
            for key in j.left_keys.iter().chain(&j.right_keys) {
                if key.ty == Type::Dynamic {
                    out.push(dynamic_key(key, "join"));
                }
            }
            for (left, right) in j.left_keys.iter().zip(&j.right_keys) {
                if !joinable(left.ty, right.ty) {
                    out.push(join_key_types(left, right));
                }
            }
        }
        _ => {}
    }
}

/// Checks one expression and everything inside it.
fn check_expr(e: &Expr, out: &mut Vec<Diagnostic>) {
    match &e.kind {
        ExprKind::Binary { op, lhs, rhs } => {
            check_expr(lhs, out);
            check_expr(rhs, out);
            if matches!(op, BinaryOp::Eq | BinaryOp::NotEq) && !comparable(lhs.ty, rhs.ty) {
                out.push(incomparable(e, lhs, rhs));
            } else {
                out.extend(typing::binary(e, *op, lhs, rhs));
            }
        }
        ExprKind::Call { func, args } => {
            args.iter().for_each(|a| check_expr(a, out));
            out.extend(typing::call(e, func.0, args));
        }
        ExprKind::Neg(x) => {
            check_expr(x, out);
            out.extend(typing::negation(e, x));
        }
        ExprKind::In {
            operand,
            list,
            case_insensitive,
            ..
        } => {
            check_expr(operand, out);
            list.iter().for_each(|x| check_expr(x, out));
            if *case_insensitive {
                out.extend(typing::case_insensitive_in(operand));
            }
        }
        ExprKind::Member { target, .. } => check_expr(target, out),
        ExprKind::Index { target, index } => {
            check_expr(target, out);
            check_expr(index, out);
        }
        ExprKind::Window { args, .. } => args.iter().for_each(|a| check_expr(a, out)),
        _ => {}
    }
}

/// Whether Kusto compares values of these types. Only the clear cases are errors:
/// a datetime or timespan against a string, number or bool. Kusto accepts datetime
/// against timespan (`between (start .. 1h)`), and published rules compare strings
/// with numbers and bools with numbers, so those are left alone.
pub fn comparable(a: Type, b: Type) -> bool {
    let clash = |x: Type, y: Type| match x {
        Type::DateTime => y.is_numeric() || matches!(y, Type::String | Type::Bool),
        // `Delay % 5m == 0`: kqlc types a timespan remainder as a number.
        Type::TimeSpan => matches!(y, Type::String | Type::Bool),
        _ => false,
    };
    !(clash(a, b) || clash(b, a))
}

fn incomparable(e: &Expr, lhs: &Expr, rhs: &Expr) -> Diagnostic {
    let cast = match (lhs.ty, rhs.ty) {
        (Type::String, _) | (_, Type::String) => "tostring()",
        (Type::DateTime, _) | (_, Type::DateTime) => "todatetime()",
        (Type::TimeSpan, _) | (_, Type::TimeSpan) => "totimespan()",
        (Type::Bool, _) | (_, Type::Bool) => "tobool()",
        _ => "an explicit conversion",
    };
    Diagnostic::new(
        Code::TypeMismatch,
        e.span,
        format!(
            "cannot compare {} with {}",
            with_article(lhs.ty.name()),
            with_article(rhs.ty.name())
        ),
    )
    .with_help(format!(
        "convert one side with {cast} so both have the same type"
    ))
}

/// Whether Kusto joins keys of these types: the same type, or int against long (as
/// Kusto.Language decides: `(string, int)`, `(long, real)`, `(datetime, long)` are
/// "inconsistent data types for join keys"). Unknown and dynamic keys are left to
/// other rules.
fn joinable(left: Type, right: Type) -> bool {
    let integer = |t: Type| matches!(t, Type::Int | Type::Long);
    let open = |t: Type| matches!(t, Type::Unknown | Type::Dynamic);
    left == right || (integer(left) && integer(right)) || open(left) || open(right)
}

fn join_key_types(left: &Expr, right: &Expr) -> Diagnostic {
    Diagnostic::new(
        Code::JoinKeyTypes,
        right.span,
        format!(
            "this join key is {} on the left and {} on the right",
            with_article(left.ty.name()),
            with_article(right.ty.name())
        ),
    )
    .with_help(format!(
        "convert one side, e.g. the right key with to{}(…), so both keys have the same type",
        left.ty.name()
    ))
    .with_note("Kusto rejects a join on keys of inconsistent types; only int and long mix")
}

fn dynamic_key(key: &Expr, clause: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DynamicKey,
        key.span,
        format!("a `{clause}` key cannot be of type dynamic"),
    )
    .with_help("wrap it in tostring() (or convert it to the scalar type it holds)")
    .with_note("Kusto rejects grouping and joining on dynamic values (SEM0713-style error)")
}

fn where_after_take(node: &Node, count: usize) -> Diagnostic {
    Diagnostic::new(
        Code::WhereAfterTake,
        node.span,
        format!("this `where` filters only the {count} arbitrary rows that `take` kept"),
    )
    .with_help("put the `where` before the `take`")
}
