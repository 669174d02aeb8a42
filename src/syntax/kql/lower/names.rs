//! Kusto's rules for naming output columns that the query does not name.

use crate::syntax::kql::ast::{Expr, ExprKind};

/// Functions whose result column takes the name of their first argument
/// (`summarize by bin(TimeGenerated, 1h)` makes a `TimeGenerated` column).
const FIRST_ARGUMENT_NAMED: &[&str] = &[
    "bin",
    "bin_at",
    "floor",
    "tostring",
    "toint",
    "tolong",
    "todouble",
    "toreal",
    "todecimal",
    "tobool",
    "toboolean",
    "todatetime",
    "totimespan",
    "toguid",
    "todynamic",
    "parse_json",
    "tolower",
    "toupper",
    "trim",
    "trim_start",
    "trim_end",
    "startofday",
    "startofweek",
    "startofmonth",
    "startofyear",
];

/// Functions whose result column is their name and their first argument's
/// (percentile-tdigest-function: `percentile_tdigest(merged, …)` gives
/// `percentile_tdigest_merged`; dcount-hll-function: `dcount_hll_hllMerged`).
const NAME_AND_FIRST_ARGUMENT: &[&str] = &["percentile_tdigest", "dcount_hll"];

/// The column name an unnamed expression gets, when Kusto derives one.
pub fn derived_name(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Name(id) => Some(id.name.clone()),
        ExprKind::Paren(inner) => derived_name(inner),
        ExprKind::Member { target, member } => Some(match derived_name(target) {
            Some(t) => format!("{t}_{}", member.name),
            None => member.name.clone(),
        }),
        ExprKind::Index { target, index } => {
            let t = derived_name(target)?;
            match &index.kind {
                ExprKind::Literal(crate::syntax::kql::ast::Literal::String(s)) => {
                    Some(format!("{t}_{s}"))
                }
                ExprKind::Literal(
                    crate::syntax::kql::ast::Literal::Long(Some(n))
                    | crate::syntax::kql::ast::Literal::Int(Some(n)),
                ) => Some(format!("{t}_{n}")),
                _ => None,
            }
        }
        ExprKind::Call { name, args } if FIRST_ARGUMENT_NAMED.contains(&name.name.as_str()) => {
            args.first().and_then(|a| derived_name(&a.value))
        }
        ExprKind::Call { name, args } if NAME_AND_FIRST_ARGUMENT.contains(&name.name.as_str()) => {
            let first = args.first().and_then(|a| derived_name(&a.value))?;
            Some(format!("{}_{first}", name.name))
        }
        _ => None,
    }
}

/// `name`, or `name1`, `name2`, … — the first that is not taken (join and union use
/// this for colliding right-hand columns).
pub fn unique_name(name: &str, taken: &dyn Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_string();
    }
    (1..)
        .map(|i| format!("{name}{i}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| name.to_string())
}

/// Whether a `*`-wildcard pattern matches a column name.
pub fn wildcard_match(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_prefixes_suffixes_and_middles() {
        assert!(wildcard_match("Col*", "Column"));
        assert!(wildcard_match("*Id", "TenantId"));
        assert!(wildcard_match("a*c*e", "abcde"));
        assert!(!wildcard_match("a*c*e", "abde"));
        assert!(wildcard_match("*", "x"));
        assert!(!wildcard_match("x", "xy"));
    }

    #[test]
    fn colliding_names_get_numbered() {
        let taken = |n: &str| n == "Key" || n == "Key1";
        assert_eq!(unique_name("Key", &taken), "Key2");
        assert_eq!(unique_name("Other", &taken), "Other");
    }
}
