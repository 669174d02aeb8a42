//! The field types a `--schema` file gives an ES|QL index (`kqlc run --schema
//! index=FILE`, as `kqlc check` reads it): an index mapping JSON (`GET index/_mapping`'s
//! answer, `{"mappings": …}` or `{"properties": …}`, multi-`fields` included), or
//! `name:type` lines with Elasticsearch or Kusto type names. A declared type wins over
//! what the data looks like: a `keyword` field of digits stays text (`"00123"`), a
//! `long` field written as a JSON string is a number.

use crate::check::esql::types::FieldTypes;
use crate::value::{Column, Table, Type, Value};

/// The columns a schema file declares (fields of unsupported types are left out).
pub fn parse(text: &str) -> Result<Vec<Column>, String> {
    let fields = FieldTypes::parse(text)?;
    let mut columns: Vec<Column> = fields
        .iter()
        .filter_map(|(name, ty)| ty.value_type().map(|t| Column::new(name, t)))
        .collect();
    columns.sort_by(|a, b| a.name.cmp(&b.name));
    if columns.is_empty() {
        return Err("the schema declares no field of a type ES|QL reads".into());
    }
    Ok(columns)
}

/// The declared type of column `name`, if the schema names it.
pub fn declared(schema: Option<&[Column]>, name: &str) -> Option<Type> {
    schema?.iter().find(|c| c.name == name).map(|c| c.ty)
}

/// `table` with each column the schema declares typed as declared: every value (each
/// value of a multi-value) converted, a value that does not convert null.
pub fn apply(mut table: Table, schema: &[Column]) -> Table {
    for (i, column) in table.columns.iter_mut().enumerate() {
        let Some(ty) = declared(Some(schema), &column.name) else {
            continue;
        };
        column.ty = ty;
        for row in &mut table.rows {
            if let Some(v) = row.get_mut(i) {
                *v = convert(v, ty);
            }
        }
    }
    table
}

/// One cell as type `ty`: text reads as the type, numbers and dates print as text.
fn convert(v: &Value, ty: Type) -> Value {
    if v.ty() == ty || (ty == Type::Int && v.ty() == Type::Long) {
        return v.clone();
    }
    match v {
        Value::Dynamic(d) if d.is_array() => {
            let items: Vec<serde_json::Value> = d
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| convert(&Value::from_json_scalar(e), ty))
                .filter(|c| !c.is_null())
                .map(|c| crate::functions::esql::esql_json(&c))
                .collect();
            match items.len() {
                0 => Value::Null,
                1 => convert(&Value::from_json_scalar(&items[0]), ty),
                _ => Value::dynamic(serde_json::Value::Array(items)),
            }
        }
        Value::Null => Value::Null,
        Value::DateTime(_) if ty == Type::String => match crate::functions::esql::esql_json(v) {
            serde_json::Value::String(s) => Value::string(s),
            _ => Value::Null,
        },
        Value::Long(ms) if ty == Type::DateTime => Value::DateTime(ms.saturating_mul(10_000)),
        other => other.cast(ty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_declares_fields_and_their_multi_fields() {
        let text = r#"{"properties": {"code": {"type": "keyword"},
                       "n": {"type": "long", "fields": {"raw": {"type": "keyword"}}}}}"#;
        let columns = parse(text).unwrap_or_default();
        let names: Vec<(&str, Type)> = columns.iter().map(|c| (c.name.as_str(), c.ty)).collect();
        assert_eq!(
            names,
            [
                ("code", Type::String),
                ("n", Type::Long),
                ("n.raw", Type::String)
            ]
        );
    }

    #[test]
    fn declared_types_convert_the_cells() {
        let table = Table::new(
            vec![
                Column::new("n", Type::String),
                Column::new("code", Type::Long),
            ],
            vec![vec![Value::string("42"), Value::Long(7)]],
        );
        let schema = [
            Column::new("n", Type::Long),
            Column::new("code", Type::String),
        ];
        let t = apply(table, &schema);
        assert_eq!(t.columns[0].ty, Type::Long);
        assert_eq!(t.rows[0], vec![Value::Long(42), Value::string("7")]);
    }
}
