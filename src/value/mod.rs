//! Runtime values with Kusto's types.
//!
//! `int` and `long` share [`Value::Long`], `real` and `decimal` share [`Value::Real`]
//! (decimal is 64-bit floating point in kqlc; documented in the README); the plan keeps
//! the declared type. Strings are never null in Kusto: a missing string is `""`.

pub mod cast;
pub mod hash;
pub mod table;
pub mod time;
pub mod types;

pub use table::{Column, Table};
pub use types::Type;

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One scalar value.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Long(i64),
    Real(f64),
    String(Arc<str>),
    /// 100 ns ticks since the Unix epoch.
    DateTime(i64),
    /// 100 ns ticks.
    TimeSpan(i64),
    /// Lower-case canonical text `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    Guid(Arc<str>),
    /// A JSON value: object, array, or a scalar held as dynamic.
    Dynamic(Arc<serde_json::Value>),
}

/// A row of values, in the column order of its schema.
pub type Row = Vec<Value>;

impl Value {
    pub fn string(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }
    pub fn empty_string() -> Value {
        Value::String(Arc::from(""))
    }
    pub fn dynamic(v: serde_json::Value) -> Value {
        Value::Dynamic(Arc::new(v))
    }

    pub fn is_null(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Dynamic(d) => d.is_null(),
            _ => false,
        }
    }

    /// Kusto's `isempty`: null, or an empty string (also an empty dynamic string).
    pub fn is_empty(&self) -> bool {
        match self {
            Value::String(s) => s.is_empty(),
            Value::Dynamic(d) => d.is_null() || d.as_str() == Some(""),
            v => v.is_null(),
        }
    }

    /// The type of this value as `gettype()`-style Kusto sees it (`Null` is `Unknown`).
    pub fn ty(&self) -> Type {
        match self {
            Value::Null => Type::Unknown,
            Value::Bool(_) => Type::Bool,
            Value::Long(_) => Type::Long,
            Value::Real(_) => Type::Real,
            Value::String(_) => Type::String,
            Value::DateTime(_) => Type::DateTime,
            Value::TimeSpan(_) => Type::TimeSpan,
            Value::Guid(_) => Type::Guid,
            Value::Dynamic(_) => Type::Dynamic,
        }
    }

    /// The null value of a column type: `""` for strings, null otherwise.
    pub fn null_of(ty: Type) -> Value {
        if ty == Type::String {
            Value::empty_string()
        } else {
            Value::Null
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::Guid(s) => Some(s),
            Value::Dynamic(d) => d.as_str(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Dynamic(d) => d.as_bool(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Long(n) => Some(*n),
            Value::Real(r) if r.is_finite() => Some(*r as i64),
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Dynamic(d) => d.as_i64().or_else(|| d.as_f64().map(|f| f as i64)),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Long(n) => Some(*n as f64),
            Value::Real(r) => Some(*r),
            Value::Dynamic(d) => d.as_f64(),
            _ => None,
        }
    }

    /// The value as JSON (for dynamic results and `--format json`).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Long(n) => J::from(*n),
            Value::Real(r) => serde_json::Number::from_f64(*r).map_or(J::Null, J::Number),
            Value::String(s) | Value::Guid(s) => J::String(s.to_string()),
            Value::DateTime(t) => J::String(time::format_datetime(*t)),
            Value::TimeSpan(t) => J::String(time::format_timespan(*t)),
            Value::Dynamic(d) => (**d).clone(),
        }
    }

    /// A JSON value held as dynamic; JSON `null` stays a dynamic null.
    pub fn from_json(v: serde_json::Value) -> Value {
        Value::dynamic(v)
    }

    /// Kusto's `tostring()`: strings as they are, dynamic as compact JSON (a dynamic
    /// string without quotes), null as `""`.
    pub fn to_kusto_string(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Long(n) => n.to_string(),
            Value::Real(r) => format_real(*r),
            Value::String(s) | Value::Guid(s) => s.to_string(),
            Value::DateTime(t) => time::format_datetime(*t),
            Value::TimeSpan(t) => time::format_timespan(*t),
            Value::Dynamic(d) => match &**d {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            },
        }
    }

    /// Equality as `==` sees it (numbers compare across long/real; null equals nothing).
    pub fn kusto_eq(&self, other: &Value) -> Option<bool> {
        if self.is_null() || other.is_null() {
            return None;
        }
        Some(self.total_cmp(other) == Ordering::Equal)
    }

    /// A total order for sorting and grouping: nulls first, then by type family,
    /// numbers numerically across long/real.
    pub fn total_cmp(&self, other: &Value) -> Ordering {
        use Value::*;
        match (self, other) {
            (Long(a), Long(b)) => a.cmp(b),
            (Long(_) | Real(_), Long(_) | Real(_)) => {
                let (a, b) = (
                    self.as_f64().unwrap_or(f64::NAN),
                    other.as_f64().unwrap_or(f64::NAN),
                );
                a.total_cmp(&b)
            }
            (String(a), String(b)) | (Guid(a), Guid(b)) => a.cmp(b),
            (DateTime(a), DateTime(b)) | (TimeSpan(a), TimeSpan(b)) => a.cmp(b),
            (Bool(a), Bool(b)) => a.cmp(b),
            (Dynamic(a), Dynamic(b)) => json_cmp(a, b),
            (Dynamic(d), v) if !d.is_object() && !d.is_array() => {
                Value::from_json_scalar(d).total_cmp(v)
            }
            (v, Dynamic(d)) if !d.is_object() && !d.is_array() => {
                v.total_cmp(&Value::from_json_scalar(d))
            }
            _ => self.rank().cmp(&other.rank()),
        }
    }

    /// A dynamic scalar as a plain value (numbers, strings, bools); others unchanged.
    pub fn from_json_scalar(v: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match v {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => n
                .as_i64()
                .map_or_else(|| Value::Real(n.as_f64().unwrap_or(f64::NAN)), Value::Long),
            J::String(s) => Value::string(s.as_str()),
            other => Value::dynamic(other.clone()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Long(_) | Value::Real(_) => 2,
            Value::DateTime(_) => 3,
            Value::TimeSpan(_) => 4,
            Value::String(_) => 5,
            Value::Guid(_) => 6,
            Value::Dynamic(_) => 7,
        }
    }
}

/// Kusto prints reals without a trailing `.0` when they are whole (`4`), else shortest.
pub fn format_real(r: f64) -> String {
    if r.is_nan() {
        "NaN".into()
    } else if r.is_infinite() {
        if r > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if r == r.trunc() && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn json_cmp(a: &serde_json::Value, b: &serde_json::Value) -> Ordering {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => x
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&y.as_f64().unwrap_or(0.0)),
        (J::String(x), J::String(y)) => x.cmp(y),
        (J::Bool(x), J::Bool(y)) => x.cmp(y),
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// Values as grouping keys: equal when `total_cmp` says so, hashed consistently
/// (whole reals hash as their integer so `1` and `1.0` share a group).
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.total_cmp(other) == Ordering::Equal
    }
}
impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Value::Null => 0u8.hash(state),
            Value::Bool(b) => b.hash(state),
            Value::Long(n) => n.hash(state),
            Value::Real(r) if *r == r.trunc() && r.abs() < 9.2e18 => (*r as i64).hash(state),
            Value::Real(r) => r.to_bits().hash(state),
            Value::String(s) | Value::Guid(s) => s.hash(state),
            Value::DateTime(t) | Value::TimeSpan(t) => t.hash(state),
            Value::Dynamic(d) => match &**d {
                serde_json::Value::Null => 0u8.hash(state),
                serde_json::Value::Bool(b) => b.hash(state),
                serde_json::Value::String(s) => s.hash(state),
                serde_json::Value::Number(_) => Value::from_json_scalar(d).hash(state),
                other => other.to_string().hash(state),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tostring_of_dynamic_renders_compact_json_and_strings_bare() {
        assert_eq!(
            Value::dynamic(serde_json::json!({"a": [1, 2]})).to_kusto_string(),
            r#"{"a":[1,2]}"#
        );
        assert_eq!(
            Value::dynamic(serde_json::json!("x")).to_kusto_string(),
            "x"
        );
        assert_eq!(Value::Null.to_kusto_string(), "");
    }

    #[test]
    fn long_and_real_compare_numerically() {
        assert_eq!(Value::Long(1).kusto_eq(&Value::Real(1.0)), Some(true));
        assert_eq!(Value::Null.kusto_eq(&Value::Null), None);
    }
}
