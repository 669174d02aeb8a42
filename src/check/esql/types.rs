//! ES|QL value types as the checker tracks them, and the index field types it knows:
//! the Elastic Common Schema (`schemas/esql/ecs.tsv`, derived from elastic/ecs's
//! `ecs_flat.yml`) plus `--schema` files (an index mapping JSON, or `name:type` lines).
//! A field neither knows is `Unknown` and never checked.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A type of an ES|QL value; `Unknown` (and `Other`) take part in no type check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EsType {
    Keyword,
    Text,
    Integer,
    Long,
    UnsignedLong,
    Double,
    Boolean,
    Date,
    Ip,
    Version,
    /// `1 hour` (time_duration) or `1 day` (date_period).
    Duration,
    Null,
    /// A type the checker does not reason about (geo_point, object, flattened, …).
    Other,
    Unknown,
}

impl EsType {
    /// The plan type of this field type's values (keyword, text, ip and version are
    /// strings); `None` for a type ES|QL does not read as a value.
    pub fn value_type(self) -> Option<crate::value::Type> {
        use crate::value::Type;
        Some(match self {
            EsType::Keyword | EsType::Text | EsType::Ip | EsType::Version => Type::String,
            EsType::Integer => Type::Int,
            EsType::Long | EsType::UnsignedLong => Type::Long,
            EsType::Double => Type::Real,
            EsType::Boolean => Type::Bool,
            EsType::Date => Type::DateTime,
            EsType::Duration | EsType::Null | EsType::Other | EsType::Unknown => return None,
        })
    }

    /// The type an Elasticsearch mapping or ES|QL names `name`.
    pub fn from_name(name: &str) -> EsType {
        match name.trim().to_ascii_lowercase().as_str() {
            "keyword" | "constant_keyword" | "wildcard" | "string" => EsType::Keyword,
            "text" | "match_only_text" => EsType::Text,
            "integer" | "int" | "short" | "byte" => EsType::Integer,
            "long" => EsType::Long,
            "unsigned_long" => EsType::UnsignedLong,
            "double" | "float" | "half_float" | "scaled_float" | "real" => EsType::Double,
            "boolean" | "bool" => EsType::Boolean,
            "date" | "date_nanos" | "datetime" => EsType::Date,
            "ip" => EsType::Ip,
            "version" => EsType::Version,
            "time_duration" | "date_period" | "timespan" => EsType::Duration,
            _ => EsType::Other,
        }
    }

    /// The name Elasticsearch's messages use.
    pub fn name(self) -> &'static str {
        match self {
            EsType::Keyword => "keyword",
            EsType::Text => "text",
            EsType::Integer => "integer",
            EsType::Long => "long",
            EsType::UnsignedLong => "unsigned_long",
            EsType::Double => "double",
            EsType::Boolean => "boolean",
            EsType::Date => "datetime",
            EsType::Ip => "ip",
            EsType::Version => "version",
            EsType::Duration => "time_duration",
            EsType::Null => "null",
            EsType::Other => "unsupported",
            EsType::Unknown => "unknown",
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            EsType::Integer | EsType::Long | EsType::UnsignedLong | EsType::Double
        )
    }

    pub fn is_string(self) -> bool {
        matches!(self, EsType::Keyword | EsType::Text)
    }

    /// Whether the checker knows this type well enough to report a mismatch.
    pub fn is_known(self) -> bool {
        !matches!(self, EsType::Null | EsType::Other | EsType::Unknown)
    }
}

/// Index field name → type.
#[derive(Clone, Debug, Default)]
pub struct FieldTypes {
    fields: HashMap<String, EsType>,
}

/// The ECS field list, one `name<TAB>type` a line after `#` comments.
const ECS: &str = include_str!("../../../schemas/esql/ecs.tsv");

/// Fields of the Elastic integrations kqlc knows (same format), read after ECS.
const INTEGRATIONS: &str = include_str!("../../../schemas/esql/integrations.tsv");

impl FieldTypes {
    /// The built-in field types: ECS, then the known integrations' fields (read once).
    pub fn ecs() -> &'static FieldTypes {
        static ECS_FIELDS: OnceLock<FieldTypes> = OnceLock::new();
        ECS_FIELDS.get_or_init(|| {
            let mut types = FieldTypes::default();
            let lines = ECS.lines().chain(INTEGRATIONS.lines());
            for line in lines.filter(|l| !l.starts_with('#')) {
                if let Some((name, ty)) = line.split_once('\t') {
                    types.insert(name, EsType::from_name(ty));
                }
            }
            types
        })
    }

    /// The type of index field `name`, `Unknown` when not listed.
    pub fn get(&self, name: &str) -> EsType {
        self.fields.get(name).copied().unwrap_or(EsType::Unknown)
    }

    pub fn insert(&mut self, name: &str, ty: EsType) {
        self.fields.insert(name.to_string(), ty);
    }

    /// These types with `other`'s added (theirs win).
    pub fn merged(&self, other: &FieldTypes) -> FieldTypes {
        let mut fields = self.fields.clone();
        fields.extend(other.fields.iter().map(|(k, v)| (k.clone(), *v)));
        FieldTypes { fields }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Every field and its type (in no particular order).
    pub fn iter(&self) -> impl Iterator<Item = (&str, EsType)> + '_ {
        self.fields.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The field types of a `--schema` file: an index mapping (`GET index/_mapping`'s
    /// answer, `{"mappings": …}` or `{"properties": …}`), or `name:type` lines.
    pub fn parse(text: &str) -> Result<FieldTypes, String> {
        let mut types = FieldTypes::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim_start().starts_with('{') {
            let json: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            types.add_mapping(&json);
        } else {
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') || line.starts_with("//") {
                    continue;
                }
                let (name, ty) = line
                    .split_once(':')
                    .ok_or_else(|| format!("line {}: expected `name:type`", n + 1))?;
                types.insert(name.trim(), EsType::from_name(ty));
            }
        }
        Ok(types)
    }

    /// Adds every `properties` tree found in a mapping JSON.
    fn add_mapping(&mut self, json: &serde_json::Value) {
        let Some(object) = json.as_object() else {
            return;
        };
        match object.get("properties") {
            Some(props) => self.add_properties("", props),
            None => object.values().for_each(|v| self.add_mapping(v)),
        }
    }

    /// Fields of a `properties` object under `prefix`, with their multi-`fields`.
    fn add_properties(&mut self, prefix: &str, props: &serde_json::Value) {
        let Some(props) = props.as_object() else {
            return;
        };
        for (name, def) in props {
            let full = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            if let Some(ty) = def.get("type").and_then(|t| t.as_str()) {
                self.insert(&full, EsType::from_name(ty));
            }
            if let Some(inner) = def.get("properties") {
                self.add_properties(&full, inner);
            }
            if let Some(multi) = def.get("fields") {
                self.add_properties(&full, multi);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecs_types_its_fields() {
        let ecs = FieldTypes::ecs();
        assert_eq!(ecs.get("@timestamp"), EsType::Date);
        assert_eq!(ecs.get("http.response.status_code"), EsType::Long);
        assert_eq!(ecs.get("user.name"), EsType::Keyword);
        assert_eq!(ecs.get("user.name.text"), EsType::Text);
        assert_eq!(ecs.get("azure.tenant_id"), EsType::Unknown);
        assert_eq!(
            ecs.get("azure.aadgraphactivitylogs.properties.client_auth_method"),
            EsType::Integer
        );
    }

    #[test]
    fn a_mapping_json_gives_nested_and_multi_field_types() {
        let text = r#"{"logs": {"mappings": {"properties": {"a": {"properties": {"b": {"type": "long"}}},
                       "m": {"type": "text", "fields": {"raw": {"type": "keyword"}}}}}}}"#;
        let t = FieldTypes::parse(text).unwrap_or_default();
        assert_eq!(t.get("a.b"), EsType::Long);
        assert_eq!(t.get("m"), EsType::Text);
        assert_eq!(t.get("m.raw"), EsType::Keyword);
    }
}
