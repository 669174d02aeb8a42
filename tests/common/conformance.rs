//! Reading the shared conformance cases (`../shared/conformance/<lang>/*.case`) and
//! comparing our result tables with their expected rows.

#![allow(dead_code)]

use kqlc::value::{Table, Type, Value, time};
use serde_json::Value as J;
use std::path::{Path, PathBuf};

/// One case: its file, header keys, query and expected rows.
pub struct Case {
    pub path: PathBuf,
    pub headers: Vec<(String, String)>,
    pub query: String,
    pub expected: Vec<serde_json::Map<String, J>>,
}

impl Case {
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The cases of one language, or `None` (with a printed notice) when `../shared` is absent.
pub fn load_cases(lang: &str) -> Option<Vec<Case>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/conformance")
        .join(lang);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "notice: {} is absent; skipping the {lang} conformance cases",
            dir.display()
        );
        return None;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "case"))
        .collect();
    paths.sort();
    Some(paths.into_iter().filter_map(|p| parse_case(&p)).collect())
}

fn parse_case(path: &Path) -> Option<Case> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut headers = Vec::new();
    let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line
            .strip_prefix("---")
            .filter(|n| ["query", "columns", "expected"].contains(n))
        {
            sections.push((name.to_string(), Vec::new()));
        } else if let Some(last) = sections.last_mut() {
            last.1.push(line);
        } else if let Some((k, v)) = line.strip_prefix("# ").and_then(|l| l.split_once(": ")) {
            headers.push((k.to_string(), v.to_string()));
        }
    }
    let section = |name: &str| {
        sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, l)| l.join("\n"))
    };
    let expected: Vec<J> = serde_json::from_str(&section("expected")?).ok()?;
    let expected = expected
        .into_iter()
        .filter_map(|r| if let J::Object(m) = r { Some(m) } else { None })
        .collect();
    Some(Case {
        path: path.to_path_buf(),
        headers,
        query: section("query")?,
        expected,
    })
}

/// Compares a result with the expected rows: same column names in order, same rows
/// (as a multiset when `ignore_order`). Returns a description of the first difference.
pub fn compare(
    table: &Table,
    expected: &[serde_json::Map<String, J>],
    ignore_order: bool,
) -> Result<(), String> {
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    if let Some(first) = expected.first() {
        let want: Vec<&str> = first.keys().map(String::as_str).collect();
        if names != want {
            return Err(format!("columns differ: got {names:?}, expected {want:?}"));
        }
    }
    if table.rows.len() != expected.len() {
        return Err(format!(
            "got {} rows, expected {}: got {}",
            table.rows.len(),
            expected.len(),
            render(table)
        ));
    }
    let matches = |row: &Vec<Value>, want: &serde_json::Map<String, J>| {
        table
            .columns
            .iter()
            .zip(row)
            .all(|(c, v)| want.get(&c.name).is_some_and(|w| value_matches(v, c.ty, w)))
    };
    if ignore_order {
        let mut used = vec![false; expected.len()];
        for row in &table.rows {
            match (0..expected.len()).find(|&i| !used[i] && matches(row, &expected[i])) {
                Some(i) => used[i] = true,
                None => {
                    return Err(format!(
                        "row not expected: {:?}; got {}",
                        row_json(table, row),
                        render(table)
                    ));
                }
            }
        }
    } else {
        for (row, want) in table.rows.iter().zip(expected) {
            if !matches(row, want) {
                return Err(format!(
                    "row {:?} differs from expected {}",
                    row_json(table, row),
                    J::Object(want.clone())
                ));
            }
        }
    }
    Ok(())
}

fn row_json(table: &Table, row: &[Value]) -> String {
    let map: serde_json::Map<String, J> = table
        .columns
        .iter()
        .zip(row)
        .map(|(c, v)| (c.name.clone(), v.to_json()))
        .collect();
    J::Object(map).to_string()
}

fn render(table: &Table) -> String {
    let rows: Vec<String> = table
        .rows
        .iter()
        .take(5)
        .map(|r| row_json(table, r))
        .collect();
    rows.join(", ")
}

/// Whether our value equals the expected JSON cell, read by our column's type.
pub fn value_matches(v: &Value, ty: Type, want: &J) -> bool {
    match (v, want) {
        (v, J::Null) => v.is_null() || (ty == Type::String && v.as_str() == Some("")),
        (Value::DateTime(t), J::String(s)) => time::parse_datetime(s) == Some(*t),
        (Value::TimeSpan(t), J::String(s)) => time::parse_timespan(s) == Some(*t),
        (Value::Guid(g), J::String(s)) => g.eq_ignore_ascii_case(s),
        (Value::Dynamic(d), w) => json_matches(d, w),
        (v, w) => json_matches(&v.to_json(), w),
    }
}

fn json_matches(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs())
        }
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_matches(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_matches(v, w)))
        }
        _ => a == b,
    }
}
