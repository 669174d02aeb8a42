//! `esql_extract(input, description)`: what DISSECT and GROK compute for one row. The
//! description is the JSON written by `syntax::esql::lower::patterns::Compiled`; the
//! result is a dynamic array with one entry per output column (null, a value, or a
//! multi-value), which the lowering spreads into columns with `esql_pick`.
//!
//! ES|QL semantics (docs: esql-process-data-with-dissect-and-grok): a null input gives
//! null columns; each value of a multi-valued input is matched on its own and the
//! captures are collected into multi-values; a value that does not match adds nothing.

use super::{from_values, values_of};
use crate::functions::args::arg;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use regex::Regex;
use serde_json::Value as J;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A description parsed and its regexes compiled.
struct Extraction {
    append: bool,
    separator: String,
    patterns: Vec<(Regex, Vec<(usize, i64)>)>,
    types: Vec<String>,
}

thread_local! {
    static CACHE: RefCell<HashMap<String, Rc<Extraction>>> = RefCell::new(HashMap::new());
}

fn parse(description: &str) -> Result<Extraction, String> {
    let j: J = serde_json::from_str(description).map_err(|e| e.to_string())?;
    let mut patterns = Vec::new();
    for p in j["patterns"].as_array().into_iter().flatten() {
        let re = Regex::new(p["regex"].as_str().unwrap_or_default()).map_err(|e| e.to_string())?;
        let groups = p["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|g| {
                (
                    g[0].as_u64().unwrap_or(0) as usize,
                    g[1].as_i64().unwrap_or(0),
                )
            })
            .collect();
        patterns.push((re, groups));
    }
    Ok(Extraction {
        append: j["append"].as_bool().unwrap_or(false),
        separator: j["separator"].as_str().unwrap_or_default().to_string(),
        patterns,
        types: j["types"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| t.as_str().unwrap_or("keyword").to_string())
            .collect(),
    })
}

fn compiled(description: &str) -> Result<Rc<Extraction>, String> {
    if let Some(e) = CACHE.with(|c| c.borrow().get(description).cloned()) {
        return Ok(e);
    }
    let e = Rc::new(parse(description)?);
    CACHE.with(|c| {
        c.borrow_mut().insert(description.to_string(), e.clone());
    });
    Ok(e)
}

/// A captured text as a value of the column's type (null when it does not convert).
fn typed(text: &str, ty: &str) -> Value {
    match ty {
        "long" => text.parse().map_or(Value::Null, Value::Long),
        "double" => text.parse().map_or(Value::Null, Value::Real),
        "boolean" => match text.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::Null,
        },
        _ => Value::string(text),
    }
}

/// The captures of one value, per column (empty when nothing matches).
fn captures_of(x: &Extraction, text: &str, out: &mut [Vec<Value>]) {
    for (re, groups) in &x.patterns {
        let Some(caps) = re.captures(text) else {
            continue;
        };
        let mut appended: Vec<Vec<(i64, usize, &str)>> = vec![Vec::new(); out.len()];
        for (g, (col, order)) in groups.iter().enumerate() {
            let Some(m) = caps.get(g + 1) else {
                continue;
            };
            let ty = x.types.get(*col).map_or("keyword", String::as_str);
            if x.append {
                if let Some(a) = appended.get_mut(*col) {
                    a.push((*order, g, m.as_str()));
                }
            } else if let Some(o) = out.get_mut(*col) {
                o.push(typed(m.as_str(), ty));
            }
        }
        for (col, mut parts) in appended.into_iter().enumerate() {
            if parts.is_empty() {
                continue;
            }
            parts.sort_by_key(|(order, g, _)| (*order, *g));
            let joined: Vec<&str> = parts.iter().map(|(_, _, s)| *s).collect();
            out[col].push(Value::string(joined.join(&x.separator)));
        }
        return;
    }
}

/// `esql_extract(input, description)`: the extracted columns as one dynamic array.
pub fn extract(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let x = compiled(arg(args, 1).as_str().unwrap_or_default())?;
    let mut out: Vec<Vec<Value>> = vec![Vec::new(); x.types.len()];
    for v in values_of(arg(args, 0)) {
        if let Some(s) = v.as_str() {
            captures_of(&x, s, &mut out);
        }
    }
    let cells = out
        .into_iter()
        .map(|values| from_values(values).to_json())
        .collect();
    Ok(Value::dynamic(J::Array(cells)))
}

/// `esql_pick(array, i)`: entry `i` of an `esql_extract` result as a plain value.
pub fn pick(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Value::Dynamic(d), Some(i)) = (arg(args, 0), arg(args, 1).as_i64()) else {
        return Ok(Value::Null);
    };
    Ok(match d.get(i as usize) {
        None | Some(J::Null) => Value::Null,
        Some(J::Array(a)) => Value::dynamic(J::Array(a.clone())),
        Some(scalar) => Value::from_json_scalar(scalar),
    })
}
