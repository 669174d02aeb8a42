//! What the lowering knows about tables: their columns, and whether that list is
//! complete. A table read from a file whose schema was inferred from a sample, or a
//! table with no known schema, is *open*: a column the query names is taken to exist.

use crate::value::Column;
use std::collections::HashMap;

/// The columns of one table.
#[derive(Clone, Debug, Default)]
pub struct TableInfo {
    pub columns: Vec<Column>,
    /// True when other columns may exist (an unknown name becomes a new column).
    pub open: bool,
}

/// Table lookup for lowering and checking.
pub trait Catalog {
    fn table(&self, name: &str) -> Option<TableInfo>;
    /// Every table name, for did-you-mean hints.
    fn table_names(&self) -> Vec<String> {
        Vec::new()
    }
}

/// A catalog held in a map (tests, the CLI's `--table` inputs).
#[derive(Clone, Debug, Default)]
pub struct MapCatalog {
    pub tables: HashMap<String, TableInfo>,
}

impl MapCatalog {
    pub fn insert(&mut self, name: impl Into<String>, info: TableInfo) {
        self.tables.insert(name.into(), info);
    }
}

impl Catalog for MapCatalog {
    fn table(&self, name: &str) -> Option<TableInfo> {
        self.tables.get(name).cloned()
    }
    fn table_names(&self) -> Vec<String> {
        self.tables.keys().cloned().collect()
    }
}
