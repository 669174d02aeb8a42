//! Converting saphyr's positioned YAML nodes to JSON values and file byte offsets.

use saphyr::{MarkedYaml, Scalar, YamlData};
use serde_json::Value;

/// Deeper nodes than this become `null` (the YAML parser limits nesting too; this is a guard).
const MAX_DEPTH: usize = 256;

/// The node as a JSON value: scalars resolved by the YAML core schema, mappings with
/// their keys as text, aliases and unreadable values as `null`.
pub fn to_json(node: &MarkedYaml<'_>) -> Value {
    to_json_at(node, 0)
}

fn to_json_at(node: &MarkedYaml<'_>, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match &node.data {
        YamlData::Representation(text, style, tag) => {
            Scalar::parse_from_cow_and_metadata(text.clone(), *style, tag.as_ref())
                .map_or(Value::Null, scalar_to_json)
        }
        YamlData::Value(scalar) => scalar_to_json(scalar.clone()),
        YamlData::Sequence(items) => {
            Value::Array(items.iter().map(|n| to_json_at(n, depth + 1)).collect())
        }
        YamlData::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (key_text(k), to_json_at(v, depth + 1)))
                .collect(),
        ),
        YamlData::Tagged(_, inner) => to_json_at(inner, depth + 1),
        YamlData::Alias(_) | YamlData::BadValue => Value::Null,
    }
}

fn scalar_to_json(scalar: Scalar<'_>) -> Value {
    match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(b),
        Scalar::Integer(i) => Value::from(i),
        Scalar::FloatingPoint(f) => {
            serde_json::Number::from_f64(f.into_inner()).map_or(Value::Null, Value::Number)
        }
        Scalar::String(s) => Value::String(s.into_owned()),
    }
}

/// A mapping key as text: its scalar text, or its JSON form for a complex key.
pub fn key_text(key: &MarkedYaml<'_>) -> String {
    match scalar_text(key) {
        Some(text) => text.to_string(),
        None => to_json(key).to_string(),
    }
}

/// The text of a scalar node as written (after YAML unquoting), or `None` for collections.
pub fn scalar_text<'a>(node: &'a MarkedYaml<'_>) -> Option<&'a str> {
    match &node.data {
        YamlData::Representation(text, _, _) => Some(text),
        YamlData::Value(Scalar::String(text)) => Some(text),
        YamlData::Tagged(_, inner) => scalar_text(inner),
        _ => None,
    }
}

/// Byte offset in `text` of a character index (saphyr markers count characters).
pub fn byte_offset(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(b, _)| b)
}
