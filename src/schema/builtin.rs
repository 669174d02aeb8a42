//! The built-in table schemas, embedded at build time and parsed once on first use.

use super::parse::parse_schema;
use crate::value::Column;
use std::collections::HashMap;
use std::sync::LazyLock;

include!(concat!(env!("OUT_DIR"), "/builtin_schemas.rs"));

static BUILTIN: LazyLock<HashMap<&'static str, Vec<Column>>> = LazyLock::new(|| {
    EMBEDDED
        .iter()
        .filter_map(|(table, text)| {
            parse_schema(&format!("schemas/{table}.schema"), text)
                .ok()
                .map(|columns| (*table, columns))
        })
        .collect()
});

/// The columns of a built-in table (exact, case-sensitive name, as Kusto's table names are).
pub fn builtin(table: &str) -> Option<&'static [Column]> {
    BUILTIN.get(table).map(Vec::as_slice)
}

/// The names of every built-in table, sorted.
pub fn builtin_tables() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = BUILTIN.keys().copied().collect();
    names.sort_unstable();
    names
}

/// Per column name, its one type across the built-in tables (`None` where tables
/// disagree): what a read of every table (`union *`, `search *`) gives that column.
static TYPE_EVERYWHERE: LazyLock<HashMap<&'static str, Option<crate::value::Type>>> =
    LazyLock::new(|| {
        let mut types: HashMap<&'static str, Option<crate::value::Type>> = HashMap::new();
        for column in BUILTIN.values().flatten() {
            types
                .entry(column.name.as_str())
                .and_modify(|t| {
                    if *t != Some(column.ty) {
                        *t = None;
                    }
                })
                .or_insert(Some(column.ty));
        }
        types
    });

/// The type a column has in every built-in table that has it, when they agree.
pub fn column_type_everywhere(name: &str) -> Option<crate::value::Type> {
    TYPE_EVERYWHERE.get(name).copied().flatten()
}
