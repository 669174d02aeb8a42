//! The `<rule>.test.yaml` format (documented in the README): the rule, a fixed `now`,
//! and cases with tables, watchlists and expected rows.

use crate::rules::yaml_value::to_json;
use serde::Deserialize;
use serde_json::{Map, Value};

/// One test file.
#[derive(Debug, Deserialize)]
pub struct TestFile {
    /// The rule file, relative to the test file.
    pub rule: String,
    /// The default "now" of the cases (ISO 8601).
    #[serde(default)]
    pub now: Option<String>,
    pub cases: Vec<TestCase>,
}

/// One case: inputs and what the query must return.
#[derive(Debug, Deserialize)]
pub struct TestCase {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub now: Option<String>,
    /// Table name → file (or list of files), relative to the test file.
    #[serde(default)]
    pub tables: Map<String, Value>,
    /// Watchlist name → file.
    #[serde(default)]
    pub watchlists: Map<String, Value>,
    pub expect: Expect,
}

/// The expected result.
#[derive(Debug, Deserialize)]
pub struct Expect {
    /// Output column names in order (checked when given).
    #[serde(default)]
    pub columns: Option<Vec<String>>,
    /// Whether rows must come in the given order (else compared as a multiset).
    #[serde(default)]
    pub ordered: bool,
    /// Columns holding sets (`make_set`): compared without element order.
    #[serde(default)]
    pub set_columns: Vec<String>,
    /// Rows name only the columns that matter; the others are not compared.
    #[serde(default)]
    pub partial_columns: bool,
    /// The expected result rows; may be left out when `alerts` is given.
    #[serde(default)]
    pub rows: Option<Vec<Map<String, Value>>>,
    /// The alerts the whole rule must raise (count, incidents, any fields of each).
    #[serde(default)]
    pub alerts: Option<super::alerts::AlertsExpect>,
}

impl TestCase {
    /// The files of a table entry (one path or a list).
    pub fn files(entry: &Value) -> Vec<String> {
        match entry {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Parses a test file's YAML text.
pub fn parse(text: &str) -> Result<TestFile, String> {
    let docs = crate::rules::sentinel_yaml::load_documents(text)
        .map_err(|d| format!("invalid YAML: {}", d.message))?;
    let doc = docs.first().ok_or("the file is empty")?;
    serde_json::from_value(to_json(doc)).map_err(|e| format!("not a kqlc test file: {e}"))
}
