//! Query-cost lints, the checks a reviewer of Sentinel rules does by hand: `contains`
//! where the term index of `has` would do, and `tolower(x) == "…"` instead of `=~`.

use crate::diagnostic::{Code, Diagnostic};
use crate::plan::{BinaryOp, Expr, ExprKind, Node, Op, Plan};
use crate::value::Value;

/// Every cost finding of a plan.
pub fn check_plan(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for node in plan.shared.iter().chain(std::iter::once(&plan.root)) {
        check_node(node, &mut out);
    }
    let mut seen = Vec::new();
    out.retain(|d| {
        let new = !seen.contains(&(d.code, d.span));
        seen.push((d.code, d.span));
        new
    });
    out
}

fn check_node(node: &Node, out: &mut Vec<Diagnostic>) {
    crate::plan::visit::each_input(node, &mut |input| check_node(input, out));
    if let Op::Where(w) = &node.op {
        check_expr(&w.predicate, out);
    }
}

fn check_expr(e: &Expr, out: &mut Vec<Diagnostic>) {
    match &e.kind {
        ExprKind::Binary { op, lhs, rhs } => {
            if matches!(op, BinaryOp::Eq | BinaryOp::NotEq)
                && (is_case_fold(lhs) && is_string_literal(rhs)
                    || is_case_fold(rhs) && is_string_literal(lhs))
            {
                let better = if *op == BinaryOp::Eq { "=~" } else { "!~" };
                out.push(
                    Diagnostic::new(
                        Code::CaseFoldCompare,
                        e.span,
                        "comparing a case-folded value with `==` converts every row",
                    )
                    .with_help(format!(
                        "compare the column itself with `{better}`, which ignores case without converting"
                    )),
                );
            }
            check_expr(lhs, out);
            check_expr(rhs, out);
        }
        ExprKind::Call { func, args } => {
            if func.0.name == "contains"
                && let Some(Value::String(term)) = args.get(1).and_then(Expr::as_literal)
                && is_whole_term(term)
            {
                out.push(
                    Diagnostic::new(
                        Code::ContainsOverHas,
                        e.span,
                        format!("`contains \"{term}\"` scans every value; `has` uses the term index"),
                    )
                    .with_help(format!(
                        "use `has \"{term}\"` if a whole-term match is meant (it does not match inside words)"
                    )),
                );
            }
            args.iter().for_each(|a| check_expr(a, out));
        }
        _ => {}
    }
}

fn is_case_fold(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Call { func, .. } if matches!(func.0.name, "tolower" | "toupper"))
}

fn is_string_literal(e: &Expr) -> bool {
    matches!(e.as_literal(), Some(Value::String(_)))
}

/// A term Kusto indexes: 3 or more letters or digits.
fn is_whole_term(s: &str) -> bool {
    s.chars().count() >= 3 && s.chars().all(char::is_alphanumeric)
}
