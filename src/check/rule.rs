//! Checks that need the rule's metadata as well as the lowered query: `ago()` windows
//! against `queryPeriod`.

use crate::diagnostic::{Code, Diagnostic};
use crate::plan::{Expr, ExprKind, Node, Op, Plan};
use crate::rules::sentinel_yaml::SentinelMeta;
use crate::source::Span;
use crate::value::Value;
use crate::value::time::format_timespan;

/// `KQL215` for each `ago(x)` whose `x` is longer than the rule's `queryPeriod`:
/// Sentinel gives a scheduled rule only `queryPeriod` of data, so the rest of the
/// window is silently empty.
pub fn ago_beyond_query_period(plan: &Plan, text: &str, meta: &SentinelMeta) -> Vec<Diagnostic> {
    let Some(period) = meta
        .query_period
        .as_ref()
        .and_then(|p| p.ticks.map(|t| (t, p)))
    else {
        return Vec::new();
    };
    let mut windows = Vec::new();
    for node in plan.shared.iter().chain(std::iter::once(&plan.root)) {
        collect_node(node, &mut windows);
    }
    windows.sort_by_key(|(span, _)| span.start);
    windows.dedup_by_key(|(span, _)| *span);
    windows
        .into_iter()
        .filter(|(_, ticks)| *ticks > period.0)
        .map(|(span, ticks)| {
            Diagnostic::new(
                Code::AgoBeyondQueryPeriod,
                span,
                format!(
                    "`{}` looks back {} but the rule's queryPeriod is {}",
                    text.get(span.range()).unwrap_or("ago(…)"),
                    format_timespan(ticks),
                    period.1.text.trim()
                ),
            )
            .with_help("Sentinel runs the rule on queryPeriod of data only: raise queryPeriod or shorten the window")
        })
        .collect()
}

fn collect_node(node: &Node, out: &mut Vec<(Span, i64)>) {
    crate::plan::visit::each_input(node, &mut |input| collect_node(input, out));
    let exprs: Vec<&Expr> = match &node.op {
        Op::Where(w) => vec![&w.predicate],
        Op::Extend(e) => e.exprs.iter().collect(),
        Op::Project(p) => p.exprs.iter().collect(),
        _ => Vec::new(),
    };
    for e in exprs {
        collect_expr(e, out);
    }
}

fn collect_expr(e: &Expr, out: &mut Vec<(Span, i64)>) {
    match &e.kind {
        ExprKind::Call { func, args } => {
            if func.0.name == "ago"
                && let Some(Value::TimeSpan(ticks)) = args.first().and_then(Expr::as_literal)
            {
                out.push((e.span, *ticks));
            }
            args.iter().for_each(|a| collect_expr(a, out));
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            collect_expr(lhs, out);
            collect_expr(rhs, out);
        }
        ExprKind::Neg(x) | ExprKind::Member { target: x, .. } => collect_expr(x, out),
        ExprKind::In { operand, list, .. } => {
            collect_expr(operand, out);
            list.iter().for_each(|x| collect_expr(x, out));
        }
        _ => {}
    }
}
