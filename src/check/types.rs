//! Type rules over the lowered plan: comparisons of incompatible types, arguments
//! of the wrong type for functions with typed signatures, dynamic `summarize`/`join`
//! keys, and `where` after `take`.

use super::signature::{ParamType, parameters};
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
            if let Op::Take(t) = &w.input.op {
                out.push(where_after_take(node, t.count));
            }
        }
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
            }
        }
        Op::Join(j) => {
            for key in j.left_keys.iter().chain(&j.right_keys) {
                if key.ty == Type::Dynamic {
                    out.push(dynamic_key(key, "join"));
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
            if is_comparison(*op) && !comparable(lhs.ty, rhs.ty) {
                out.push(incomparable(e, lhs, rhs));
            } else if is_ordering(*op) && !orderable(lhs.ty, rhs.ty) {
                out.push(unorderable(e, lhs, rhs));
            }
        }
        ExprKind::Call { func, args } => {
            args.iter().for_each(|a| check_expr(a, out));
            check_arguments(func.0.name, func.0.signature, args, out);
        }
        ExprKind::Neg(x) => check_expr(x, out),
        ExprKind::In { operand, list, .. } => {
            check_expr(operand, out);
            list.iter().for_each(|x| check_expr(x, out));
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

fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq | BinaryOp::NotEq | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
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

fn is_ordering(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
}

/// Whether Kusto orders values of these types with `<`, `<=`, `>`, `>=`: two numbers,
/// two timespans, two datetimes, or dynamic against dynamic or a number — the only
/// signatures of these operators in Kusto.Language (`Operators.cs`). A string on
/// either side has none: `Count > "10"` and `Name > "m"` are rejected ("Cannot
/// compare values of types …"). Types kqlc does not know are not judged.
pub fn orderable(a: Type, b: Type) -> bool {
    let unknown = |t: Type| matches!(t, Type::Unknown);
    if unknown(a) || unknown(b) {
        return true;
    }
    let string = |t: Type| matches!(t, Type::String);
    !(string(a) || string(b))
}

fn unorderable(e: &Expr, lhs: &Expr, rhs: &Expr) -> Diagnostic {
    let (string, other) = if lhs.ty == Type::String {
        (lhs, rhs)
    } else {
        (rhs, lhs)
    };
    let help = match other.ty {
        Type::String => "strings have no order in Kusto: compare them with `==`, `startswith`, or convert both (e.g. `tolong()`)".to_string(),
        Type::DateTime => "convert the string with `todatetime(…)`, or write the literal as `datetime(…)`".to_string(),
        Type::TimeSpan => "convert the string with `totimespan(…)`, or write the literal as a timespan (`1h`)".to_string(),
        _ => format!(
            "convert the string with `{}(…)`, or write the literal without quotes",
            if other.ty.is_numeric() { "tolong" } else { "todynamic" }
        ),
    };
    Diagnostic::new(
        Code::TypeMismatch,
        e.span,
        format!(
            "cannot order a {} and a {}: `<`, `<=`, `>`, `>=` compare numbers, datetimes or timespans",
            lhs.ty.name(),
            rhs.ty.name()
        ),
    )
    .with_label(string.span, "this is a string")
    .with_help(help)
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
            "cannot compare a {} with a {}",
            lhs.ty.name(),
            rhs.ty.name()
        ),
    )
    .with_help(format!(
        "convert one side with {cast} so both have the same type"
    ))
}

/// Argument types against the function's signature, where it names concrete types.
fn check_arguments(name: &str, signature: &str, args: &[Expr], out: &mut Vec<Diagnostic>) {
    for (arg, param) in args.iter().zip(parameters(signature)) {
        // Only time parameters are enforced: elsewhere Kusto converts more than the
        // registry's signatures say (`extract_all` has two overloads, …), and
        // Kusto.Language types many "string" parameters as any scalar (`substring`'s
        // first is `ParameterTypeKind.Scalar`), so a number there is not an error.
        let ParamType::Exact(expected @ (Type::DateTime | Type::TimeSpan)) = param.ty else {
            continue;
        };
        if accepts(expected, arg.ty) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::TypeMismatch,
                arg.span,
                format!(
                    "`{name}` expects a {} for `{}`, not a {}",
                    expected.name(),
                    param.name,
                    arg.ty.name()
                ),
            )
            .with_note(format!("{name}{signature}"))
            .with_help(conversion_help(expected)),
        );
    }
}

/// Whether a time parameter of type `expected` takes an argument of type `actual`.
fn accepts(expected: Type, actual: Type) -> bool {
    matches!(actual, Type::Unknown | Type::Dynamic)
        || expected == actual
        || comparable(expected, actual) && !actual.is_numeric()
}

fn conversion_help(expected: Type) -> String {
    let f = match expected {
        Type::String => "tostring",
        Type::DateTime => "todatetime",
        Type::TimeSpan => "totimespan",
        Type::Bool => "tobool",
        Type::Guid => "toguid",
        Type::Dynamic => "todynamic",
        _ => "tolong",
    };
    format!("convert the argument with `{f}(…)`")
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
