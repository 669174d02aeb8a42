//! Spreading a function of several results (`series_stats`, `series_fit_line`,
//! `series_decompose_anomalies`, …) into columns, as the series-fit-2lines page
//! describes: unnamed, every result becomes `<function>_<argument>_<result>`; with
//! names, `extend` keeps only the named results while `project` keeps the rest under
//! their default names.

use super::names;
use crate::functions::registry::scalar;
use crate::functions::series::results;
use crate::plan::{Expr, ExprKind, FunctionRef};
use crate::syntax::kql::ast;
use crate::value::Type;

/// The columns `item` makes when it calls a function of several results; `value` is
/// the lowered call (its bag of results). `keep_unnamed` is true for `project`.
pub(crate) fn result_columns(
    item: &ast::Assignment,
    value: &Expr,
    keep_unnamed: bool,
) -> Option<Vec<(String, Expr)>> {
    let ast::ExprKind::Call { name, args } = &item.value.kind else {
        return None;
    };
    let results = results(&name.name)?;
    let argument = args
        .first()
        .and_then(|a| names::derived_name(&a.value))
        .map_or_else(|| name.name.clone(), |arg| format!("{}_{arg}", name.name));
    let take = if item.names.is_empty() || keep_unnamed {
        results.len()
    } else {
        item.names.len().min(results.len())
    };
    Some(
        results
            .iter()
            .take(take)
            .enumerate()
            .map(|(i, (suffix, path, ty))| {
                let column = item
                    .names
                    .get(i)
                    .map_or_else(|| format!("{argument}_{suffix}"), |n| n.name.clone());
                (column, member(value, path, *ty))
            })
            .collect(),
    )
}

/// `value.path…` converted to `ty` (`todouble`/`tolong`; dynamic as it is).
fn member(value: &Expr, path: &[&str], ty: Type) -> Expr {
    let span = value.span;
    let inner = path.iter().fold(value.clone(), |target, key| Expr {
        kind: ExprKind::Member {
            target: Box::new(target),
            name: key.to_string(),
        },
        ty: Type::Dynamic,
        span,
    });
    let convert = match ty {
        Type::Real => "todouble",
        Type::Long => "tolong",
        _ => return inner,
    };
    match scalar(convert) {
        Some(f) => Expr {
            kind: ExprKind::Call {
                func: FunctionRef(f),
                args: vec![inner],
            },
            ty,
            span,
        },
        None => inner,
    }
}
