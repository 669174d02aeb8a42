//! The words Kusto reserves inside expressions. Most KQL keywords are contextual
//! (`count`, `kind`, `on`, `join` name columns freely), but these cannot name a column,
//! a `let` value or a member where an expression is read: `where has == 1`,
//! `f(string)` and `x.to` are rejected, and `['has']` is the way to write such a name.
//! The list is the set Kusto.Language rejects that way (measured by parsing
//! `T | where W == 1` for every word of the public corpus and of the Kusto docs'
//! keyword, operator, type and chart-kind names); a word followed by `(` is a call and
//! is not affected (`materialize(T)`).

/// Reserved in expressions: operators and their keywords, scalar type names, chart
/// kinds, and a few query-language words.
#[rustfmt::skip]
const RESERVED: &[&str] = &[
    // Logical and comparison operators, the string operators and their legacy forms.
    "and", "or", "between", "in", "like", "notlike", "has", "has_cs", "has_all", "has_any",
    "hasprefix", "hasprefix_cs", "hassuffix", "hassuffix_cs", "contains", "contains_cs",
    "containscs", "notcontains", "notcontainscs", "startswith", "startswith_cs", "endswith",
    "endswith_cs",
    // Words of operators and clauses.
    "as", "asc", "desc", "by", "first", "last", "of", "to", "title", "with_itemindex",
    "bagexpansion", "isfuzzy", "earliest", "latest", "flags", "missing", "others",
    "queries", "simple", "sql", "statistics", "verbose", "accumulate", "nooptimization",
    "bin_legacy", "__crossCluster", "__id", "__isFuzzy",
    // Tabular operators and statements whose names are reserved.
    "where", "project", "project-away", "project-rename", "project-reorder", "print",
    "union", "search", "find", "sample", "set", "invoke", "materialize", "mv-apply",
    "mv-expand", "make-series", "parse-kv", "parse-where", "make-graph", "graph-match",
    "graph-to-table", "graph-shortest-paths",
    // Scalar type names and their aliases.
    "boolean", "char", "date", "datetime", "decimal", "double", "float", "int", "int32",
    "int64", "long", "real", "string", "time", "timespan",
    // Chart kinds of `render`.
    "areachart", "barchart", "card", "columnchart", "anomalychart", "ladderchart",
    "linechart", "piechart", "pivotchart", "scatterchart", "stackedareachart", "timechart",
    "timeline", "timepivot", "treemap", "3Dchart",
    // Words that start a literal, a source or a call, never a bare name.
    "dynamic", "datatable", "toscalar",
];

/// Reserved words that may still be called: type names read as conversions
/// (`int(1)`, `datetime(…)`), `dynamic(…)`, `toscalar(…)` and `materialize(…)`.
#[rustfmt::skip]
const CALLABLE: &[&str] = &[
    "date", "datetime", "decimal", "double", "int", "int32", "int64", "long", "real", "time",
    "timespan", "dynamic", "toscalar", "materialize",
];

/// Whether `word`, written bare, is reserved where an expression reads a name.
pub fn is_reserved(word: &str) -> bool {
    RESERVED.contains(&word)
}

/// Whether `word(…)` is an error: a reserved word that is not also a function or
/// literal (`in(…)`, `has_any(…)`, `project(…)`).
pub fn is_reserved_call(word: &str) -> bool {
    is_reserved(word) && !CALLABLE.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::{is_reserved, is_reserved_call};

    #[test]
    fn operator_words_and_type_names_are_reserved_but_contextual_keywords_are_not() {
        for word in ["where", "has", "in", "string", "by", "timechart"] {
            assert!(is_reserved(word), "{word}");
        }
        for word in [
            "count", "kind", "on", "join", "Where", "String", "guid", "bool",
        ] {
            assert!(!is_reserved(word), "{word}");
        }
    }

    #[test]
    fn conversions_and_toscalar_may_be_called_but_operator_words_may_not() {
        for word in ["int", "datetime", "toscalar", "materialize"] {
            assert!(!is_reserved_call(word), "{word}");
        }
        for word in ["in", "has_any", "project", "string", "where"] {
            assert!(is_reserved_call(word), "{word}");
        }
    }
}
