//! The built-in table schemas, embedded at build time and parsed once on first use.

use super::parse::parse_schema;
use crate::value::Column;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

include!(concat!(env!("OUT_DIR"), "/builtin_schemas.rs"));

/// A table's schema text and, once asked for, its columns.
type Embedded = (&'static str, OnceLock<Vec<Column>>);

/// Each built-in table's schema text, parsed the first time the table is asked for:
/// a run reads a few of the 675 tables, and parsing them all cost every start-up.
static BUILTIN: LazyLock<HashMap<&'static str, Embedded>> = LazyLock::new(|| {
    EMBEDDED
        .iter()
        .map(|(table, text)| (*table, (*text, OnceLock::new())))
        .collect()
});

/// The columns of a built-in table (exact, case-sensitive name, as Kusto's table names are).
pub fn builtin(table: &str) -> Option<&'static [Column]> {
    let (name, (text, parsed)) = BUILTIN.get_key_value(table)?;
    let columns = parsed
        .get_or_init(|| parse_schema(&format!("schemas/{name}.schema"), text).unwrap_or_default());
    (!columns.is_empty()).then_some(columns.as_slice())
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
        let every = BUILTIN.keys().filter_map(|t| builtin(t));
        for column in every.flatten() {
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
