//! Reading schema files: the `Column:type` text format and the JSON forms
//! `{"Column": "type", …}` and `[["Column", "type"], …]`.

use super::type_from_name;
use crate::io::IoError;
use crate::value::Column;
use serde_json::Value as Json;
use std::collections::HashSet;
use std::path::Path;

const TEXT_HINT: &str = "a schema file lists one `Column:type` per line (e.g. `TimeGenerated:datetime`), \
     or is JSON: {\"Column\": \"type\", …} or [[\"Column\", \"type\"], …]";

/// Reads a user schema file (`--schema T=file`) in any accepted form.
pub fn load_schema_file(path: impl AsRef<Path>) -> Result<Vec<Column>, IoError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| IoError::from_os(path, &e))?;
    parse_schema(&path.display().to_string(), &text)
}

/// Parses schema text; `label` names the source in errors.
pub fn parse_schema(label: &str, text: &str) -> Result<Vec<Column>, IoError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let columns = if looks_like_json(text) {
        parse_json(label, text)?
    } else {
        parse_text(label, text)?
    };
    if columns.is_empty() {
        return Err(IoError::new(label, "the schema has no columns").with_hint(TEXT_HINT));
    }
    Ok(columns)
}

/// JSON starts with `{`, or `[` followed by `[` or `]`; `['Name']:type` is text.
fn looks_like_json(text: &str) -> bool {
    let mut chars = text.chars().filter(|c| !c.is_whitespace());
    match chars.next() {
        Some('{') => true,
        Some('[') => matches!(chars.next(), Some('[' | ']')),
        _ => false,
    }
}

fn parse_text(label: &str, text: &str) -> Result<Vec<Column>, IoError> {
    let mut columns = Vec::new();
    let mut seen = HashSet::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
            continue;
        }
        let mut offset = 0;
        for piece in line.split(',') {
            let column_number = offset + 1 + (piece.len() - piece.trim_start().len());
            offset += piece.len() + 1;
            let entry = piece
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(';')
                .trim_end_matches(')')
                .trim();
            if entry.is_empty() {
                continue;
            }
            let at = |e: IoError| e.at(line_number, Some(column_number)).with_hint(TEXT_HINT);
            let (name, ty) = entry.rsplit_once(':').ok_or_else(|| {
                at(IoError::new(
                    label,
                    format!("expected `Column:type`, found `{entry}`"),
                ))
            })?;
            let column = column_of(label, name, ty).map_err(at)?;
            if !seen.insert(column.name.clone()) {
                return Err(at(IoError::new(
                    label,
                    format!("column `{}` is listed twice", column.name),
                )));
            }
            columns.push(column);
        }
    }
    Ok(columns)
}

fn parse_json(label: &str, text: &str) -> Result<Vec<Column>, IoError> {
    let json: Json = serde_json::from_str(text).map_err(|e| {
        IoError::new(label, format!("invalid JSON: {e}"))
            .at(e.line().max(1), Some(e.column()))
            .with_hint(TEXT_HINT)
    })?;
    let pairs: Vec<(&str, &str)> = match &json {
        Json::Object(map) => map
            .iter()
            .map(|(name, ty)| ty.as_str().map(|t| (name.as_str(), t)).ok_or(name.as_str()))
            .collect::<Result<_, _>>()
            .map_err(|name| {
                IoError::new(
                    label,
                    format!("the type of column `{name}` is not a string"),
                )
                .with_hint(TEXT_HINT)
            })?,
        Json::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item.as_array().map(Vec::as_slice) {
                Some([Json::String(name), Json::String(ty)]) => Ok((name.as_str(), ty.as_str())),
                _ => Err(i + 1),
            })
            .collect::<Result<_, _>>()
            .map_err(|n| {
                IoError::new(
                    label,
                    format!("item {n} is not a [\"Column\", \"type\"] pair"),
                )
                .with_hint(TEXT_HINT)
            })?,
        _ => {
            return Err(
                IoError::new(label, "a JSON schema must be an object or an array")
                    .with_hint(TEXT_HINT),
            );
        }
    };
    let mut seen = HashSet::new();
    let mut columns = Vec::with_capacity(pairs.len());
    for (name, ty) in pairs {
        let column = column_of(label, name, ty).map_err(|e| e.with_hint(TEXT_HINT))?;
        if !seen.insert(column.name.clone()) {
            return Err(
                IoError::new(label, format!("column `{}` is listed twice", column.name))
                    .with_hint(TEXT_HINT),
            );
        }
        columns.push(column);
    }
    Ok(columns)
}

/// A column from its name (optionally `['quoted']`) and type name.
fn column_of(label: &str, name: &str, ty: &str) -> Result<Column, IoError> {
    let name = unquote(name.trim());
    if name.is_empty() {
        return Err(IoError::new(label, "a column has no name"));
    }
    let ty = ty.trim();
    let ty = type_from_name(ty)
        .ok_or_else(|| IoError::new(label, format!("unknown type `{ty}` for column `{name}`")))?;
    Ok(Column::new(name, ty))
}

/// `['Name']` or `["Name"]` → `Name`.
fn unquote(name: &str) -> &str {
    ["['", "[\""]
        .iter()
        .zip(["']", "\"]"])
        .find_map(|(open, close)| name.strip_prefix(open).and_then(|n| n.strip_suffix(close)))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Type;

    fn names_and_types(columns: &[Column]) -> Vec<(&str, Type)> {
        columns.iter().map(|c| (c.name.as_str(), c.ty)).collect()
    }

    #[test]
    fn text_schema_is_one_column_per_line_with_comments() {
        let columns = parse_schema("s", "# source: x\nA:string\n\nB : long\n").unwrap();
        assert_eq!(
            names_and_types(&columns),
            vec![("A", Type::String), ("B", Type::Long)]
        );
    }

    #[test]
    fn kusto_parenthesised_schema_is_accepted() {
        let columns = parse_schema("s", "(A:string, ['B c']:datetime)").unwrap();
        assert_eq!(
            names_and_types(&columns),
            vec![("A", Type::String), ("B c", Type::DateTime)]
        );
    }

    #[test]
    fn json_object_and_pair_list_schemas_are_accepted() {
        let object = parse_schema("s", r#"{"A": "dynamic", "B": "keyword"}"#).unwrap();
        assert_eq!(
            names_and_types(&object),
            vec![("A", Type::Dynamic), ("B", Type::String)]
        );
        let pairs = parse_schema("s", r#"[["A", "bool"], ["B", "guid"]]"#).unwrap();
        assert_eq!(
            names_and_types(&pairs),
            vec![("A", Type::Bool), ("B", Type::Guid)]
        );
    }

    #[test]
    fn unknown_type_is_an_error_at_its_line_and_column() {
        let e = parse_schema("s.schema", "A:string\n  B:strng\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
        assert!(e.message.contains("unknown type `strng`"), "{}", e.message);
    }

    #[test]
    fn duplicate_and_missing_columns_are_errors() {
        assert!(
            parse_schema("s", "A:string\nA:long")
                .unwrap_err()
                .message
                .contains("twice")
        );
        assert!(
            parse_schema("s", "# nothing\n")
                .unwrap_err()
                .message
                .contains("no columns")
        );
        assert!(
            parse_schema("s", "A string")
                .unwrap_err()
                .message
                .contains("expected `Column:type`")
        );
    }
}
