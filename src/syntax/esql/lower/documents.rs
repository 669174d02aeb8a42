//! Elastic-style documents as ES|QL sees them: nested objects flattened to dotted
//! column names (`{"http":{"response":{"status_code":403}}}` → `http.response.status_code`),
//! arrays kept as multi-values (dynamic arrays), and `_id`/`_index`/`_version` filled in.

use crate::value::{Column, Table, Type, Value, time};
use serde_json::{Map, Value as J};

/// Reads JSON documents (an array, one object, or NDJSON) into a flattened table.
pub fn documents_table(index: &str, text: &str) -> Result<Table, String> {
    documents_table_of(index, &[text])
}

/// Like [`documents_table`], over the documents of several files.
pub fn documents_table_of(index: &str, texts: &[&str]) -> Result<Table, String> {
    if index.starts_with(super::enrich::POLICY_TABLE_PREFIX) {
        // An enrich policy given with `--enrich-policy` (one policy file).
        return super::enrich::policy_table(texts.concat().as_str());
    }
    let mut docs = Vec::new();
    for text in texts {
        docs.extend(parse_documents(text)?);
    }
    Ok(documents_table_from(index, docs))
}

/// The table of already-parsed documents (objects; anything else is an empty row).
/// `_id` and `_index` given by a document (a search hit's) are kept.
pub fn documents_table_from(index: &str, docs: Vec<J>) -> Table {
    documents_table_typed(index, docs, None)
}

/// Like [`documents_table_from`], a column `schema` declares typed as declared rather
/// than as its values look (`--schema`).
pub fn documents_table_typed(index: &str, docs: Vec<J>, schema: Option<&[Column]>) -> Table {
    let mut flat: Vec<Map<String, J>> = Vec::new();
    for (n, doc) in docs.into_iter().enumerate() {
        let mut out = Map::new();
        if let J::Object(o) = doc {
            flatten("", o, &mut out);
        }
        out.entry("_id".to_string())
            .or_insert_with(|| J::String(format!("{index}-{n}")));
        out.entry("_index".to_string())
            .or_insert_with(|| J::String(index.to_string()));
        out.entry("_version".to_string()).or_insert(J::from(1));
        flat.push(out);
    }
    let mut names: Vec<String> = Vec::new();
    for d in &flat {
        for k in d.keys() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    let columns: Vec<Column> = names
        .iter()
        .map(|n| {
            let declared = crate::io::elastic::schema::declared(schema, n);
            let ty = declared.unwrap_or_else(|| column_type(flat.iter().filter_map(|d| d.get(n))));
            Column::new(n.clone(), ty)
        })
        .collect();
    let rows = flat
        .iter()
        .map(|d| {
            columns
                .iter()
                .map(|c| d.get(&c.name).map_or(Value::Null, |v| cell(v, c.ty)))
                .collect()
        })
        .collect();
    Table::new(columns, rows)
}

fn parse_documents(text: &str) -> Result<Vec<J>, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return match serde_json::from_str(text) {
            Ok(J::Array(a)) => Ok(a),
            Ok(_) => Err("expected an array of documents".into()),
            Err(e) => Err(e.to_string()),
        };
    }
    let mut docs = Vec::new();
    for de in serde_json::Deserializer::from_str(text).into_iter::<J>() {
        docs.push(de.map_err(|e| e.to_string())?);
    }
    Ok(docs)
}

/// Adds the members of `obj` to `out` under dotted names (nested objects flattened).
pub fn flatten(prefix: &str, obj: Map<String, J>, out: &mut Map<String, J>) {
    for (k, v) in obj {
        let name = if prefix.is_empty() {
            k
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            J::Object(o) => flatten(&name, o, out),
            other => {
                out.insert(name, other);
            }
        }
    }
}

/// The column type: datetime when every string parses as an ISO date-time, long or
/// double for numbers, else keyword (string); mixed or array columns are dynamic.
fn column_type<'a>(values: impl Iterator<Item = &'a J>) -> Type {
    let mut ty: Option<Type> = None;
    for v in values {
        let t = match v {
            J::Null => continue,
            J::Bool(_) => Type::Bool,
            J::Number(n) if n.is_i64() => Type::Long,
            J::Number(_) => Type::Real,
            J::String(s) if looks_like_datetime(s) => Type::DateTime,
            J::String(_) => Type::String,
            _ => Type::Dynamic,
        };
        ty = Some(match (ty, t) {
            (None, t) => t,
            (Some(a), b) if a == b => a,
            (Some(Type::Long), Type::Real) | (Some(Type::Real), Type::Long) => Type::Real,
            (Some(Type::DateTime), Type::String) | (Some(Type::String), Type::DateTime) => {
                Type::String
            }
            _ => Type::Dynamic,
        });
    }
    ty.unwrap_or(Type::String)
}

fn looks_like_datetime(s: &str) -> bool {
    s.len() >= 10 && s.as_bytes().get(4) == Some(&b'-') && time::parse_datetime(s).is_some()
}

fn cell(v: &J, ty: Type) -> Value {
    match (v, ty) {
        (J::Null, _) => Value::Null,
        (J::String(s), Type::DateTime) => {
            time::parse_datetime(s).map_or(Value::Null, Value::DateTime)
        }
        (J::Number(n), Type::Real) => n.as_f64().map_or(Value::Null, Value::Real),
        (_, Type::Dynamic) => Value::dynamic(v.clone()),
        (other, _) => Value::from_json_scalar(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_objects_flatten_to_dotted_names() {
        let t = documents_table("logs", r#"{"http":{"response":{"status_code":403}}}"#);
        let t = t.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.columns[0].name, "http.response.status_code");
        assert_eq!(t.rows[0][0], Value::Long(403));
    }

    #[test]
    fn metadata_fields_are_filled_in() {
        let t = documents_table("logs-a", "{\"a\":1}\n{\"a\":2}").unwrap_or_else(|e| panic!("{e}"));
        let idx = t.columns.iter().position(|c| c.name == "_index");
        assert_eq!(
            idx.map(|i| t.rows[1][i].clone()),
            Some(Value::string("logs-a"))
        );
    }
}
