//! Kusto's rules for naming output columns that the query does not name.

use crate::syntax::kql::ast::{Expr, ExprKind};

/// Functions whose result column takes the name of their first argument
/// (`summarize by bin(TimeGenerated, 1h)` makes a `TimeGenerated` column), as Kusto.Language
/// names them; any other function's result is `ColumnN` (`tolower(S)`, `startofweek(T)`).
/// Checked with the analyzer (`tests/result_schema_kusto.rs`).
const FIRST_ARGUMENT_NAMED: &[&str] = &[
    "split",
    "tostring",
    "tohex",
    "todynamic",
    "toobject",
    "tolong",
    "toint",
    "toreal",
    "todouble",
    "todatetime",
    "totimespan",
    "totime",
    "tobool",
    "toboolean",
    "todecimal",
    "toguid",
    "parse_csv",
    "parsejson",
    "parse_json",
    "parse_xml",
    "format_datetime",
    "format_timespan",
    "startofday",
    "bin",
    "floor",
    "bin_at",
    "bin_auto",
    "binary_and",
    "binary_or",
    "binary_xor",
    "binary_not",
    "binary_shift_right",
    "binary_shift_left",
    "bitset_count_ones",
    "series_fir",
    "series_outliers",
    "series_iir",
    "series_fill_backward",
    "series_fill_forward",
    "series_fill_const",
    "series_fill_linear",
    "round",
    "ceiling",
    "pow",
    "sqrt",
    "log",
    "log2",
    "log10",
    "exp",
    "exp2",
    "exp10",
    "cos",
    "sin",
    "tan",
    "acos",
    "asin",
    "atan",
    "atan2",
    "abs",
    "rand",
    "gamma",
    "loggamma",
    "erf",
    "erfc",
    "format_bytes",
];

/// Functions named after their argument only when called with one (`make_datetime(T)`).
const ONLY_ARGUMENT_NAMED: &[&str] = &["make_datetime", "make_timespan"];

/// Functions whose result is `<function>_<first argument>` (`strlen(S)` makes
/// `strlen_S`; percentile-tdigest-function: `percentile_tdigest(merged, …)` gives
/// `percentile_tdigest_merged`; dcount-hll-function: `dcount_hll_hllMerged`).
const FUNCTION_AND_ARGUMENT_NAMED: &[&str] =
    &["strlen", "string_size", "percentile_tdigest", "dcount_hll"];

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
        ExprKind::Call { name, args } => {
            let function = name.name.as_str();
            // `bin(X = T, 5m)` names its result `X`, as Kusto.Language does.
            let first = || {
                let arg = args.first()?;
                arg.name
                    .as_ref()
                    .map(|n| n.name.clone())
                    .or_else(|| derived_name(&arg.value))
            };
            if FIRST_ARGUMENT_NAMED.contains(&function)
                || (ONLY_ARGUMENT_NAMED.contains(&function) && args.len() == 1)
            {
                first()
            } else if FUNCTION_AND_ARGUMENT_NAMED.contains(&function) {
                first().map(|a| format!("{function}_{a}"))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The first argument of a call whose result takes that argument's name (`bin(T, 1h)`,
/// `round(X, 2)`), if `e` is one.
pub fn named_after_first_argument(e: &Expr) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Paren(inner) => named_after_first_argument(inner),
        ExprKind::Call { name, args } if FIRST_ARGUMENT_NAMED.contains(&name.name.as_str()) => {
            args.first().map(|a| &a.value)
        }
        _ => None,
    }
}

/// The `ColumnN` names of unnamed expressions. Kusto numbers them through the whole
/// query (`extend tolower(S) | project toupper(S)` makes `Column1`, then `Column2`);
/// an expression lowered again (a `let` used twice) keeps its name.
#[derive(Debug, Default)]
pub(crate) struct GeneratedNames {
    last: std::cell::Cell<usize>,
    given: std::cell::RefCell<Vec<(crate::source::Span, String)>>,
}

impl GeneratedNames {
    /// The name of the unnamed expression at `span`: the next `ColumnN` for which
    /// `taken` is false (`extend` skips the names of its input's columns).
    pub(crate) fn name(&self, span: crate::source::Span, taken: &dyn Fn(&str) -> bool) -> String {
        if let Some((_, name)) = self.given.borrow().iter().find(|(s, _)| *s == span) {
            return name.clone();
        }
        let name = loop {
            let n = self.last.get() + 1;
            self.last.set(n);
            let name = format!("Column{n}");
            if !taken(&name) {
                break name;
            }
        };
        self.given.borrow_mut().push((span, name.clone()));
        name
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
