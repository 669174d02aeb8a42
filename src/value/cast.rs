//! Converting a value to a column type, as `to typeof(T)`, typed `parse` captures and
//! `datatable` cells do: a value that does not fit becomes the type's null.

use super::{Type, Value, time};

impl Value {
    /// This value as type `ty` (null when it does not convert; `""` for strings).
    pub fn cast(&self, ty: Type) -> Value {
        if self.is_null() {
            return Value::null_of(ty);
        }
        match ty {
            Type::String => Value::string(self.to_kusto_string()),
            Type::Bool => match self {
                Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" => Value::Bool(true),
                    "false" | "0" => Value::Bool(false),
                    _ => Value::Null,
                },
                v => v.as_bool().or_else(|| v.as_i64().map(|n| n != 0)).map_or(Value::Null, Value::Bool),
            },
            Type::Int | Type::Long => match self {
                Value::String(s) => parse_long(s).map_or(Value::Null, Value::Long),
                Value::DateTime(t) | Value::TimeSpan(t) => Value::Long(*t),
                v => v.as_i64().map_or(Value::Null, Value::Long),
            },
            Type::Real | Type::Decimal => match self {
                Value::String(s) => s.trim().parse::<f64>().map_or(Value::Null, Value::Real),
                v => v.as_f64().map_or(Value::Null, Value::Real),
            },
            Type::DateTime => match self {
                Value::DateTime(t) => Value::DateTime(*t),
                v => v.as_str().and_then(time::parse_datetime).map_or(Value::Null, Value::DateTime),
            },
            Type::TimeSpan => match self {
                Value::TimeSpan(t) => Value::TimeSpan(*t),
                v => v.as_str().and_then(time::parse_timespan).map_or(Value::Null, Value::TimeSpan),
            },
            Type::Guid => match self.as_str() {
                Some(s) if is_guid(s) => Value::Guid(s.to_ascii_lowercase().into()),
                _ => Value::Null,
            },
            Type::Dynamic => match self {
                Value::Dynamic(_) => self.clone(),
                v => Value::dynamic(v.to_json()),
            },
            Type::Unknown => self.clone(),
        }
    }
}

fn parse_long(s: &str) -> Option<i64> {
    let s = s.trim();
    s.parse::<i64>().ok().or_else(|| s.parse::<f64>().ok().filter(|f| f.is_finite()).map(|f| f as i64))
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` with hex digits.
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    parts.len() == 5 && parts.iter().zip(lens).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}
