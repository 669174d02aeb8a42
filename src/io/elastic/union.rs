//! Several files of one index as one table: columns united by name in order of first
//! appearance; a column whose files disagree on its type becomes a real (long and
//! double) or a multi-value-capable dynamic column.

use crate::functions::esql::esql_json;
use crate::value::{Column, Table, Type, Value};

/// The rows of all `tables` under the union of their columns (null where a file lacks one).
pub fn concat(mut tables: Vec<Table>) -> Table {
    if tables.len() == 1 {
        return tables.remove(0);
    }
    let mut columns: Vec<Column> = Vec::new();
    for t in &tables {
        for c in &t.columns {
            match columns.iter_mut().find(|u| u.name == c.name) {
                Some(u) => u.ty = common_type(u.ty, c.ty),
                None => columns.push(c.clone()),
            }
        }
    }
    let mut rows = Vec::new();
    for t in tables {
        let index: Vec<Option<usize>> = columns
            .iter()
            .map(|u| t.columns.iter().position(|c| c.name == u.name))
            .collect();
        for row in t.rows {
            rows.push(
                columns
                    .iter()
                    .zip(&index)
                    .map(|(u, i)| {
                        i.and_then(|i| row.get(i))
                            .map_or(Value::Null, |v| convert(v, u.ty))
                    })
                    .collect(),
            );
        }
    }
    Table::new(columns, rows)
}

fn common_type(a: Type, b: Type) -> Type {
    match (a, b) {
        (a, b) if a == b => a,
        (Type::Int, Type::Long) | (Type::Long, Type::Int) => Type::Long,
        (Type::Int | Type::Long | Type::Real, Type::Int | Type::Long | Type::Real) => Type::Real,
        _ => Type::Dynamic,
    }
}

fn convert(v: &Value, ty: Type) -> Value {
    match (v, ty) {
        (Value::Null | Value::Dynamic(_), _) => v.clone(),
        (_, Type::Dynamic) => Value::dynamic(esql_json(v)),
        _ => v.cast(ty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_unite_their_columns_by_name() {
        let a = Table::new(
            vec![Column::new("x", Type::Long)],
            vec![vec![Value::Long(1)]],
        );
        let b = Table::new(
            vec![Column::new("y", Type::String), Column::new("x", Type::Real)],
            vec![vec![Value::string("s"), Value::Real(2.5)]],
        );
        let t = concat(vec![a, b]);
        assert_eq!(
            t.columns,
            vec![Column::new("x", Type::Real), Column::new("y", Type::String)]
        );
        assert_eq!(t.rows[0], vec![Value::Real(1.0), Value::Null]);
        assert_eq!(t.rows[1], vec![Value::Real(2.5), Value::string("s")]);
    }
}
