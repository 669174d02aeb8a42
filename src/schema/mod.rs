//! Table schemas: the built-in ones (Azure Monitor / Sentinel tables, embedded from
//! `schemas/*.schema`) and user schema files given with `--schema T=file`.
//!
//! Schema file format (what `schemas/` uses): one `Column:type` per line, `#` comments,
//! blank lines ignored; several `Column:type` may share a line separated by commas, and
//! a Kusto-style `(A:string, B:long)` is accepted too. User files may instead be JSON:
//! `{"Column": "type", …}` or `[["Column", "type"], …]`. Types are Kusto type names
//! or the ES|QL ones (`keyword`, `integer`, `date`, …; see [`type_from_name`]).

mod advanced_hunting;
mod builtin;
mod parse;
mod resolve;
mod standard;

pub use builtin::{builtin, builtin_tables, column_type_everywhere};
pub use parse::{load_schema_file, parse_schema};
pub use resolve::{is_defender_xdr, merge_columns, table_columns};

/// The standard columns every Log Analytics table has (`TimeGenerated`, `Type`, …): the
/// columns known of a wildcard `union *` or `search` whatever tables the workspace has.
pub fn standard_columns() -> Vec<crate::value::Column> {
    standard::STANDARD_COLUMNS
        .iter()
        .map(|(name, ty)| crate::value::Column::new(*name, *ty))
        .collect()
}

use crate::value::Type;

/// A column type named as Kusto names it (`string`, `long`, `datetime`, `int64`, …) or
/// as ES|QL/Elasticsearch does (`keyword`, `text`, `integer`, `double`, `boolean`,
/// `date`, `ip`, …), ignoring letter case.
pub fn type_from_name(name: &str) -> Option<Type> {
    Type::from_name(name).or_else(|| {
        Some(match name.to_ascii_lowercase().as_str() {
            "integer" | "short" | "byte" => Type::Int,
            "unsigned_long" => Type::Long,
            "float" | "half_float" | "scaled_float" => Type::Real,
            "keyword" | "text" | "ip" | "version" | "wildcard" | "constant_keyword"
            | "match_only_text" => Type::String,
            "date_nanos" => Type::DateTime,
            _ => return None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esql_type_names_map_to_kusto_types() {
        assert_eq!(type_from_name("keyword"), Some(Type::String));
        assert_eq!(type_from_name("integer"), Some(Type::Int));
        assert_eq!(type_from_name("double"), Some(Type::Real));
        assert_eq!(type_from_name("date"), Some(Type::DateTime));
        assert_eq!(type_from_name("ip"), Some(Type::String));
        assert_eq!(type_from_name("Boolean"), Some(Type::Bool));
        assert_eq!(type_from_name("datetime"), Some(Type::DateTime));
        assert_eq!(type_from_name("nonsense"), None);
    }
}
