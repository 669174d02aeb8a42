//! Inferring columns from sample rows: field names in first-seen order, each typed by
//! its first non-null value. When later samples disagree the type widens so no value
//! is lost: long + real → real; datetime + other string → string; any other mix →
//! dynamic (JSON) or string (CSV). A field only ever null is `Unknown`.

use super::convert::{is_iso_datetime, text_to_bool, text_to_real};
use crate::value::{Column, Type};
use serde_json::{Map, Value as Json};
use std::collections::HashMap;

/// The columns seen so far, with the type each has settled on (`None`: only nulls).
#[derive(Default)]
pub(super) struct Inference {
    columns: Vec<(String, Option<Type>)>,
    position: HashMap<String, usize>,
}

/// Which format's widening rule applies when samples disagree.
#[derive(Clone, Copy)]
pub(super) enum Mix {
    Json,
    Text,
}

impl Inference {
    /// Records every field of one JSON object.
    pub(super) fn observe_object(&mut self, object: &Map<String, Json>) {
        for (name, value) in object {
            self.observe(name, json_type(value), Mix::Json);
        }
    }

    /// Records one value of type `seen` (`None` for null) in column `name`.
    pub(super) fn observe(&mut self, name: &str, seen: Option<Type>, mix: Mix) {
        let index = match self.position.get(name) {
            Some(&i) => i,
            None => {
                self.position.insert(name.to_string(), self.columns.len());
                self.columns.push((name.to_string(), None));
                self.columns.len() - 1
            }
        };
        if let (Some(slot), Some(seen)) = (self.columns.get_mut(index), seen) {
            slot.1 = Some(match slot.1 {
                None => seen,
                Some(current) => widen(current, seen, mix),
            });
        }
    }

    /// Records a column whose type is declared (a typed CSV header).
    pub(super) fn declare(&mut self, name: &str, ty: Type) {
        self.observe(name, Some(ty), Mix::Text);
    }

    /// Gives column `name` type `ty` if no sample has typed it yet.
    pub(super) fn default_to(&mut self, name: &str, ty: Type) {
        if let Some(&i) = self.position.get(name)
            && let Some(slot) = self.columns.get_mut(i)
        {
            slot.1.get_or_insert(ty);
        }
    }

    /// The inferred columns, in first-seen order.
    pub(super) fn finish(self) -> Vec<Column> {
        self.columns
            .into_iter()
            .map(|(name, ty)| Column::new(name, ty.unwrap_or(Type::Unknown)))
            .collect()
    }
}

/// The type a JSON value suggests for its column (`None` for null).
pub(super) fn json_type(value: &Json) -> Option<Type> {
    Some(match value {
        Json::Null => return None,
        Json::Bool(_) => Type::Bool,
        Json::Number(n) if n.is_i64() => Type::Long,
        Json::Number(_) => Type::Real,
        Json::String(s) if is_iso_datetime(s) => Type::DateTime,
        Json::String(_) => Type::String,
        Json::Array(_) | Json::Object(_) => Type::Dynamic,
    })
}

/// The type a CSV cell suggests for its column (`None` for an empty cell).
pub(super) fn text_type(cell: &str) -> Option<Type> {
    if cell.is_empty() {
        None
    } else if cell.trim().parse::<i64>().is_ok() {
        Some(Type::Long)
    } else if looks_numeric(cell) && text_to_real(cell).is_some() {
        Some(Type::Real)
    } else if text_to_bool(cell).is_some() {
        Some(Type::Bool)
    } else if is_iso_datetime(cell) {
        Some(Type::DateTime)
    } else {
        Some(Type::String)
    }
}

/// Digits with an optional sign, point and exponent (not `NaN`, `inf`, …, which are
/// more likely words than numbers in a CSV file).
fn looks_numeric(cell: &str) -> bool {
    let t = cell.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
}

fn widen(current: Type, seen: Type, mix: Mix) -> Type {
    match (current, seen, mix) {
        (a, b, _) if a == b => a,
        (Type::Long, Type::Real, _) | (Type::Real, Type::Long, _) => Type::Real,
        (Type::DateTime, Type::String, Mix::Json) | (Type::String, Type::DateTime, Mix::Json) => {
            Type::String
        }
        (_, _, Mix::Json) => Type::Dynamic,
        (_, _, Mix::Text) => Type::String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn infer(objects: &[Json]) -> Vec<(String, Type)> {
        let mut inference = Inference::default();
        for object in objects {
            if let Json::Object(map) = object {
                inference.observe_object(map);
            }
        }
        inference
            .finish()
            .into_iter()
            .map(|c| (c.name, c.ty))
            .collect()
    }

    #[test]
    fn first_non_null_value_types_the_column() {
        let columns = infer(&[
            json!({"a": null, "b": 1}),
            json!({"a": "2024-01-01T00:00:00Z", "c": {"x": 1}}),
        ]);
        assert_eq!(
            columns,
            vec![
                ("a".into(), Type::DateTime),
                ("b".into(), Type::Long),
                ("c".into(), Type::Dynamic)
            ]
        );
    }

    #[test]
    fn disagreeing_samples_widen_without_losing_values() {
        let columns = infer(&[
            json!({"n": 1, "t": "2024-01-01", "m": true}),
            json!({"n": 1.5, "t": "soon", "m": 3}),
        ]);
        assert_eq!(
            columns,
            vec![
                ("n".into(), Type::Real),
                ("t".into(), Type::String),
                ("m".into(), Type::Dynamic)
            ]
        );
    }

    #[test]
    fn fields_only_ever_null_are_unknown() {
        assert_eq!(
            infer(&[json!({"a": null})]),
            vec![("a".into(), Type::Unknown)]
        );
    }

    #[test]
    fn csv_cells_suggest_types() {
        assert_eq!(text_type("42"), Some(Type::Long));
        assert_eq!(text_type("4.5e3"), Some(Type::Real));
        assert_eq!(text_type("NaN"), Some(Type::String));
        assert_eq!(text_type("True"), Some(Type::Bool));
        assert_eq!(text_type("2024-01-01T10:00:00Z"), Some(Type::DateTime));
        assert_eq!(text_type(""), None);
    }
}
