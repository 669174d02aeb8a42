//! Spreading a function of several results (`series_stats`, `series_fit_line`,
//! `series_decompose_anomalies`, …) into columns, as the series-fit-2lines page
//! describes: unnamed, every result becomes `<function>_<argument>_<result>` (the
//! argument empty when it has no name: `series_stats__min`); with
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
    if matches!(name.name.as_str(), "array_sort_asc" | "array_sort_desc") {
        return sorted_arrays(item, args, value);
    }
    let results = results(&name.name)?;
    let argument = args
        .first()
        .and_then(|a| names::derived_name(&a.value))
        .map_or_else(
            || format!("{}_", name.name),
            |arg| format!("{}_{arg}", name.name),
        );
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

/// `array_sort_asc(a, b, …)` of two or more arrays: one column per array, named
/// `a_sorted` (`array<i>_sorted` for an unnamed argument), as Kusto.Language and the
/// array-sort-asc page name them; `(x, y) = …` names them. One array is one value.
fn sorted_arrays(
    item: &ast::Assignment,
    args: &[ast::Arg],
    value: &Expr,
) -> Option<Vec<(String, Expr)>> {
    let is_flag =
        |a: &ast::Arg| matches!(a.value.kind, ast::ExprKind::Literal(ast::Literal::Bool(_)));
    let arrays: Vec<&ast::Arg> = match args.last() {
        Some(last) if is_flag(last) => args[..args.len() - 1].iter().collect(),
        _ => args.iter().collect(),
    };
    if arrays.len() < 2 || item.names.len() == 1 {
        return None;
    }
    let span = value.span;
    let columns = arrays.iter().enumerate().map(|(i, a)| {
        let name = item
            .names
            .get(i)
            .map(|n| n.name.clone())
            .unwrap_or_else(|| {
                let argument = names::derived_name(&a.value).unwrap_or_else(|| format!("array{i}"));
                format!("{argument}_sorted")
            });
        let index = Expr::literal(crate::value::Value::Long(i as i64), Type::Long, span);
        let element = Expr {
            kind: ExprKind::Index {
                target: Box::new(value.clone()),
                index: Box::new(index),
            },
            ty: Type::Dynamic,
            span,
        };
        (name, element)
    });
    // `array_sort_asc(x, x)`: `x_sorted`, `x_sorted1`.
    let mut named: Vec<(String, Expr)> = Vec::new();
    for (name, e) in columns {
        let name = names::unique_name(&name, &|n| named.iter().any(|(m, _)| m == n));
        named.push((name, e));
    }
    Some(named)
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
