//! JSON text in and out: parse_json/todynamic, extract_json, dynamic_to_json,
//! parse_csv.

use super::{element, path};
use crate::functions::args;
use crate::value::{Value, time};
use serde_json::{Map, Value as J};

/// `parse_json(x)`: a string holding JSON becomes that JSON; any other string
/// becomes a dynamic string; dynamic values stay as they are (as Kusto documents,
/// also a dynamic string); other scalars become dynamic.
pub fn parse_json(a: &[Value]) -> Value {
    match args::arg(a, 0) {
        Value::String(s) if s.trim().is_empty() => Value::Null,
        Value::String(s) => {
            Value::dynamic(serde_json::from_str(s).unwrap_or_else(|_| J::String(s.to_string())))
        }
        Value::Dynamic(d) => Value::Dynamic(d.clone()),
        Value::Null => Value::Null,
        other => Value::dynamic(other.to_json()),
    }
}

/// `extract_json(path, json, [type])`: the value at the JSONPath as text, or
/// converted to the named type (`"long"`, `"datetime"`, …; the checker turns
/// `typeof(long)` into that name). Absent: `""` as text, null otherwise.
pub fn extract_json(a: &[Value]) -> Result<Value, String> {
    let steps = path::parse(&args::text(a, 0))
        .ok_or_else(|| format!("invalid JSONPath '{}'", args::text(a, 0)))?;
    let doc = match args::arg(a, 1) {
        Value::Dynamic(d) => Some((**d).clone()),
        other => serde_json::from_str::<J>(&other.to_kusto_string()).ok(),
    };
    let found = doc
        .as_ref()
        .and_then(|d| path::get(d, &steps))
        .filter(|v| !v.is_null());
    let type_name = if a.len() > 2 {
        args::text(a, 2).to_ascii_lowercase()
    } else {
        "string".to_string()
    };
    convert(found, &type_name)
}

fn convert(found: Option<&J>, type_name: &str) -> Result<Value, String> {
    let scalar = found.map(element);
    let text = || scalar.as_ref().map(Value::to_kusto_string);
    Ok(match type_name {
        "string" => Value::string(text().unwrap_or_default()),
        "dynamic" => found.map_or(Value::Null, |v| Value::dynamic(v.clone())),
        "long" | "int" => int_of(scalar.as_ref()).map_or(Value::Null, Value::Long),
        "real" | "double" | "decimal" => real_of(scalar.as_ref()).map_or(Value::Null, Value::Real),
        "bool" | "boolean" => match scalar {
            Some(Value::Bool(b)) => Value::Bool(b),
            Some(Value::String(s)) => s.parse::<bool>().map_or(Value::Null, Value::Bool),
            _ => Value::Null,
        },
        "datetime" | "date" => text()
            .and_then(|t| time::parse_datetime(&t))
            .map_or(Value::Null, Value::DateTime),
        "timespan" | "time" => text()
            .and_then(|t| time::parse_timespan(&t))
            .map_or(Value::Null, Value::TimeSpan),
        "guid" => text().map_or(Value::Null, |t| Value::Guid(t.to_ascii_lowercase().into())),
        other => return Err(format!("extract_json: unknown result type '{other}'")),
    })
}

fn int_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::String(s) => s.trim().parse().ok(),
        other => other.as_i64(),
    }
}

fn real_of(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::String(s) => s.trim().parse().ok(),
        other => other.as_f64(),
    }
}

/// `dynamic_to_json(x)`: canonical compact JSON text with object keys sorted.
pub fn dynamic_to_json(a: &[Value]) -> Value {
    match args::arg(a, 0) {
        Value::Null => Value::empty_string(),
        v => Value::string(sorted_keys(v.to_json()).to_string()),
    }
}

fn sorted_keys(v: J) -> J {
    match v {
        J::Object(map) => {
            let mut entries: Vec<(String, J)> = map.into_iter().collect();
            entries.sort_by(|x, y| x.0.cmp(&y.0));
            J::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted_keys(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        J::Array(items) => J::Array(items.into_iter().map(sorted_keys).collect()),
        other => other,
    }
}

/// `parse_csv(text)`: the fields of the first CSV record (quotes and `""` escapes
/// as RFC 4180), as an array of strings.
pub fn parse_csv(a: &[Value]) -> Value {
    let text = args::text(a, 0);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let fields: Vec<J> = match reader.records().next() {
        Some(Ok(record)) => record.iter().map(|f| J::String(f.to_string())).collect(),
        Some(Err(_)) => return Value::Null,
        None => vec![J::String(String::new())],
    };
    Value::dynamic(J::Array(fields))
}
