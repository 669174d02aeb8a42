//! A materialised table: named, typed columns and rows of values.

use super::{Row, Type, Value};
use serde::Serialize;

/// One column of a schema.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Column {
    pub name: String,
    pub ty: Type,
}

impl Column {
    pub fn new(name: impl Into<String>, ty: Type) -> Column {
        Column {
            name: name.into(),
            ty,
        }
    }
}

/// A table held in memory (query results, datatables, materialised lets).
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn new(columns: Vec<Column>, rows: Vec<Row>) -> Table {
        Table { columns, rows }
    }
    /// The position of a column by exact name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// A row of this table as a JSON object (column name → value, in column order), as
    /// results are shown and compared.
    pub fn row_object(&self, row: &[Value]) -> serde_json::Map<String, serde_json::Value> {
        self.columns
            .iter()
            .zip(row)
            .map(|(c, v)| (c.name.clone(), v.to_json()))
            .collect()
    }
}
