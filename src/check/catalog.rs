//! The tables `kqlc check` knows: the built-in schemas with the columns that
//! `schema::table_columns` resolves (the same `kqlc run` uses), tables given with
//! `--schema` (closed), and every other table open (its columns are taken on trust).

use crate::plan::catalog::{Catalog, TableInfo};
use crate::value::Column;
use std::collections::HashMap;

/// The catalog of a check run.
#[derive(Clone, Debug, Default)]
pub struct CheckCatalog {
    /// Tables given by the user; they win over the built-in ones.
    pub user: HashMap<String, Vec<Column>>,
}

impl CheckCatalog {
    /// Whether kqlc knows the columns of `table` (built in or given).
    pub fn has_schema(&self, table: &str) -> bool {
        self.user.contains_key(table) || crate::schema::builtin(table).is_some()
    }
}

impl CheckCatalog {
    /// Whether the built-in schema of `table` may lack columns that rules use: every
    /// built-in schema is a dated snapshot of the Azure Monitor reference, and tables
    /// gain columns. Lowering treats such a table as open and the checker judges each
    /// column it lacks (see `check::column_findings`). Tables given with `--schema`
    /// are taken as complete.
    pub fn is_partial(&self, table: &str) -> bool {
        !self.user.contains_key(table) && crate::schema::builtin(table).is_some()
    }

    /// Whether `table` is a Defender XDR table, whose advanced hunting columns differ
    /// from its Azure Monitor reference (`AccountUpn` / `AccountUPN`).
    pub fn is_defender_xdr(&self, table: &str) -> bool {
        crate::schema::is_defender_xdr(table)
    }
}

impl Catalog for CheckCatalog {
    fn table(&self, name: &str) -> Option<TableInfo> {
        let known = self
            .user
            .get(name)
            .cloned()
            .or_else(|| crate::schema::table_columns(name));
        Some(match known {
            Some(columns) => TableInfo {
                columns,
                open: self.is_partial(name),
            },
            None => TableInfo {
                columns: Vec::new(),
                open: true,
            },
        })
    }

    fn table_names(&self) -> Vec<String> {
        self.user
            .keys()
            .cloned()
            .chain(
                crate::schema::builtin_tables()
                    .into_iter()
                    .map(String::from),
            )
            .collect()
    }
}
