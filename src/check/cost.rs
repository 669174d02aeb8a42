//! Query-cost lints, the checks a reviewer of Sentinel rules does by hand: `contains`
//! where the term index of `has` would do, `tolower(x) == "…"` instead of `=~`, a
//! regex of a plain word, a `where` that could filter before a join/summarize, and a
//! large table read without a time filter. (`join` without `kind=` and `search *` /
//! `union *` are reported by the lowering, which sees the syntax.)

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
    match &node.op {
        Op::Where(w) => {
            check_expr(&w.predicate, out);
            if let Some(d) = filter_after_stage(node, &w.input, &w.predicate) {
                out.push(d);
            }
        }
        Op::Extend(e) => e.exprs.iter().for_each(|x| check_expr(x, out)),
        Op::Project(p) => p.exprs.iter().for_each(|x| check_expr(x, out)),
        _ => {}
    }
}

/// `KQL224`: a `where` right after a `summarize` that reads only plain group keys, or
/// right after a `join` (of a kind that keeps left rows as they are) that reads only
/// left columns, filters rows the stage could have been spared: the same rows come
/// out when it is written before the stage, which then groups or matches fewer rows.
/// Not after `innerunique` (the default kind): it keeps one arbitrary left row per
/// key first, so filtering before it can give other rows.
fn filter_after_stage(node: &Node, input: &Node, predicate: &Expr) -> Option<Diagnostic> {
    let mut read = Vec::new();
    if !columns_read(predicate, &mut read) || read.is_empty() {
        return None;
    }
    let stage = match &input.op {
        Op::Summarize(s) => {
            let plain_key =
                |i: &usize| matches!(s.keys.get(*i).map(|k| &k.kind), Some(ExprKind::Column(_)));
            read.iter().all(plain_key).then_some("summarize")?
        }
        Op::Join(j) => {
            use crate::plan::tabular::join::JoinKind as K;
            let keeps_left = matches!(j.kind, K::Inner | K::LeftOuter | K::LeftSemi | K::LeftAnti);
            let left = j.left.schema.len();
            (keeps_left && read.iter().all(|i| *i < left)).then_some("join")?
        }
        _ => return None,
    };
    let of = if stage == "join" {
        "the left side's columns"
    } else {
        "group keys"
    };
    Some(
        Diagnostic::new(
            Code::FilterAfterStage,
            node.span,
            format!("this `where` reads only {of}: it could filter before the `{stage}`"),
        )
        .with_help(format!(
            "move the `where` before the `{stage}`, so that it processes fewer rows"
        )),
    )
}

/// Adds the input columns `e` reads to `out`; false when it reads all of them
/// (`pack_all()`, window functions), where no column set can be given.
fn columns_read(e: &Expr, out: &mut Vec<usize>) -> bool {
    match &e.kind {
        ExprKind::Column(i) => {
            out.push(*i);
            true
        }
        ExprKind::Literal(_) | ExprKind::Scalar(_) | ExprKind::ColumnOf(_) => true,
        ExprKind::Call { args, .. } => args.iter().all(|a| columns_read(a, out)),
        ExprKind::Binary { lhs, rhs, .. } => columns_read(lhs, out) && columns_read(rhs, out),
        ExprKind::Neg(x) => columns_read(x, out),
        ExprKind::In { operand, list, .. } => {
            columns_read(operand, out) && list.iter().all(|x| columns_read(x, out))
        }
        ExprKind::Member { target, .. } => columns_read(target, out),
        ExprKind::Index { target, index } => columns_read(target, out) && columns_read(index, out),
        ExprKind::Window { .. } | ExprKind::PackAll { .. } => false,
    }
}

/// `KQL222`: a table with a `TimeGenerated` column read with no time filter before
/// the first `summarize` or `join`, so every row of its retention is scanned. Only
/// for queries without a `queryPeriod` (plain `.kql`): Sentinel runs a scheduled rule
/// over `queryPeriod` of data whatever the query says, so there a filter is a choice.
/// A time filter is a `where` that reads a datetime column or calls `ago()`/`now()`.
pub fn missing_time_filters(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for node in plan.shared.iter().chain(std::iter::once(&plan.root)) {
        time_filter_walk(node, false, &mut out);
    }
    out
}

fn time_filter_walk(node: &Node, filtered: bool, out: &mut Vec<Diagnostic>) {
    let filtered_below = match &node.op {
        Op::Where(w) => filtered || is_time_filter(&w.predicate, &w.input),
        Op::Summarize(_) | Op::Join(_) | Op::MakeSeries(_) | Op::TopNested(_) => false,
        Op::Scan(scan) => {
            // Typed datetime: a table whose schema kqlc knows (a column only found in
            // the query of a table without schema reads as unknown).
            let has_time = node
                .schema
                .iter()
                .any(|c| c.name == "TimeGenerated" && c.ty == crate::value::Type::DateTime);
            if !filtered && has_time && !scan.table.starts_with('<') {
                out.push(
                    Diagnostic::new(
                        Code::NoTimeFilter,
                        node.span,
                        format!(
                            "`{}` is read without a time filter: every row of its retention is scanned",
                            scan.table
                        ),
                    )
                    .with_help("add `| where TimeGenerated > ago(1d)` (the window the query needs) right after the table")
                    .with_note("the portal's time range picker limits a query without a time filter; the API, a function, a workbook or an export do not"),
                );
            }
            filtered
        }
        _ => filtered,
    };
    crate::plan::visit::each_input(node, &mut |input| {
        time_filter_walk(input, filtered_below, out)
    });
}

fn is_time_filter(predicate: &Expr, input: &Node) -> bool {
    let mut read = Vec::new();
    columns_read(predicate, &mut read);
    read.iter().any(|i| {
        input
            .schema
            .get(*i)
            .is_some_and(|c| c.ty == crate::value::Type::DateTime)
    }) || calls(predicate, &["ago", "now"])
}

/// Whether `e` calls one of `names`.
fn calls(e: &Expr, names: &[&str]) -> bool {
    match &e.kind {
        ExprKind::Call { func, args } => {
            names.contains(&func.0.name) || args.iter().any(|a| calls(a, names))
        }
        ExprKind::Binary { lhs, rhs, .. } => calls(lhs, names) || calls(rhs, names),
        ExprKind::Neg(x) => calls(x, names),
        ExprKind::In { operand, list, .. } => {
            calls(operand, names) || list.iter().any(|x| calls(x, names))
        }
        _ => false,
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
            if func.0.name == "matches_regex"
                && let Some(Value::String(pattern)) = args.get(1).and_then(Expr::as_literal)
                && is_whole_term(pattern)
            {
                out.push(
                    Diagnostic::new(
                        Code::RegexOverHas,
                        e.span,
                        format!("`matches regex \"{pattern}\"` runs a regex for a plain word"),
                    )
                    .with_help(format!(
                        "use `has_cs \"{pattern}\"` for the whole word (indexed), or `contains_cs \"{pattern}\"` for the same match without a regex"
                    )),
                );
            }
            if func.0.name == "extract"
                && let Some(Value::String(pattern)) = args.first().and_then(Expr::as_literal)
                && is_whole_term(pattern)
            {
                out.push(
                    Diagnostic::new(
                        Code::RegexOverHas,
                        e.span,
                        format!("`extract(\"{pattern}\", …)` runs a regex that can only return \"{pattern}\" or nothing"),
                    )
                    .with_help(format!(
                        "test the value with `has_cs \"{pattern}\"` or `contains_cs \"{pattern}\"` instead"
                    )),
                );
            }
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
