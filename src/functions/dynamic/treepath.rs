//! `treepath(bag)`: every path expression of a dynamic value, parents before children.
//! All elements of an array share the one path `[0]` (treepath-function docs:
//! `{"listProperty":[100,200,300,"abcde",{"x":"y"}]}` gives `['listProperty']`,
//! `['listProperty'][0]`, `['listProperty'][0]['x']`).

use crate::functions::args;
use crate::value::Value;
use serde_json::Value as J;

/// Appends the paths under `value` (whose own path is `prefix`), each once.
fn walk(value: &J, prefix: &str, out: &mut Vec<String>) {
    let add = |path: String, out: &mut Vec<String>| {
        if !out.contains(&path) {
            out.push(path);
        }
    };
    match value {
        J::Object(map) => {
            for (key, child) in map {
                let path = format!("{prefix}['{key}']");
                add(path.clone(), out);
                walk(child, &path, out);
            }
        }
        J::Array(items) if !items.is_empty() => {
            let path = format!("{prefix}[0]");
            add(path.clone(), out);
            for item in items {
                walk(item, &path, out);
            }
        }
        _ => {}
    }
}

pub fn treepath(a: &[Value]) -> Value {
    let value = args::json(a, 0);
    if !matches!(&*value, J::Object(_) | J::Array(_)) {
        return Value::Null;
    }
    let mut out = Vec::new();
    walk(&value, "", &mut out);
    Value::dynamic(J::Array(out.into_iter().map(J::String).collect()))
}
