//! The server's settings, from `initializationOptions` or
//! `workspace/didChangeConfiguration`: schema folders and files, table schemas given
//! inline, strictness, and the `now` that `ago()`/`now()` hovers resolve against.
//!
//! ```json
//! { "schemas": ["schemas/", "MyTable=my.schema"],
//!   "tables": { "MyTable": { "Col": "string", "N": "long" } },
//!   "strict": false,
//!   "now": "2026-11-23T12:00:00Z" }
//! ```
//! The same object may also sit under a `"kqlc"` key (as editors send sections).

use crate::check::CheckOptions;
use crate::value::Column;
use serde_json::Value as Json;
use std::path::Path;

/// The settings in force.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The checker's options: strictness and user table schemas.
    pub check: CheckOptions,
    /// The fixed "now" in ticks, when given; the clock otherwise.
    pub now: Option<i64>,
}

impl Settings {
    /// Settings from a JSON object; the messages say what was ignored and why.
    pub fn from_json(json: &Json) -> (Settings, Vec<String>) {
        Settings::from_json_in(json, None)
    }

    /// [`Settings::from_json`] with relative schema paths taken from `base` (the
    /// workspace root), not from the server's working directory.
    pub fn from_json_in(json: &Json, base: Option<&Path>) -> (Settings, Vec<String>) {
        let json = json.get("kqlc").unwrap_or(json);
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        if let Some(strict) = json.get("strict").and_then(Json::as_bool) {
            settings.check.strict = strict;
        }
        for spec in strings(json.get("schemas")) {
            if let Err(problem) = add_schema_spec(&resolve(&spec, base), &mut settings.check) {
                problems.push(problem);
            }
        }
        if let Some(tables) = json.get("tables").and_then(Json::as_object) {
            for (table, columns) in tables {
                match inline_columns(columns) {
                    Ok(columns) => {
                        settings.check.catalog.user.insert(table.clone(), columns);
                    }
                    Err(problem) => problems.push(format!("tables.{table}: {problem}")),
                }
            }
        }
        if let Some(now) = json.get("now").and_then(Json::as_str) {
            match crate::value::time::parse_datetime(now) {
                Some(ticks) => settings.now = Some(ticks),
                None => problems.push(format!("now: `{now}` is not a datetime")),
            }
        }
        (settings, problems)
    }

    /// The "now" to use: the setting or the clock.
    pub fn now_ticks(&self) -> i64 {
        self.now
            .unwrap_or_else(|| crate::value::time::ticks_from_chrono(chrono::Utc::now()))
    }
}

/// A schema spec with its path made absolute against `base`: `DIR`, `TABLE=FILE`.
fn resolve(spec: &str, base: Option<&Path>) -> String {
    let Some(base) = base else {
        return spec.to_string();
    };
    let join = |path: &str| {
        if Path::new(path).is_absolute() {
            path.to_string()
        } else {
            base.join(path).to_string_lossy().into_owned()
        }
    };
    match spec.split_once('=') {
        Some((table, file)) => format!("{table}={}", join(file)),
        None => join(spec),
    }
}

/// A string or an array of strings.
fn strings(json: Option<&Json>) -> Vec<String> {
    match json {
        Some(Json::String(s)) => vec![s.clone()],
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// `TABLE=FILE` or a folder of `TABLE.schema` files, as `kqlc check --schema` takes.
fn add_schema_spec(spec: &str, options: &mut CheckOptions) -> Result<(), String> {
    let path = std::path::Path::new(spec);
    if !spec.contains('=') && path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| format!("schemas: {spec}: {e}"))?;
        for entry in entries.filter_map(Result::ok) {
            let file = entry.path();
            if file.extension().and_then(|e| e.to_str()) != Some("schema") {
                continue;
            }
            let Some(table) = file.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let columns = crate::schema::load_schema_file(&file)
                .map_err(|e| format!("schemas: {}: {e}", file.display()))?;
            options.catalog.user.insert(table.to_string(), columns);
        }
        return Ok(());
    }
    let Some((table, file)) = spec.split_once('=') else {
        return Err(format!(
            "schemas: `{spec}` is neither TABLE=FILE nor a folder"
        ));
    };
    let columns =
        crate::schema::load_schema_file(file).map_err(|e| format!("schemas: {table}: {e}"))?;
    options.catalog.user.insert(table.to_string(), columns);
    Ok(())
}

/// `{"Col": "type", …}` as columns.
fn inline_columns(json: &Json) -> Result<Vec<Column>, String> {
    let object = json
        .as_object()
        .ok_or_else(|| "give the columns as {\"Column\": \"type\"}".to_string())?;
    object
        .iter()
        .map(|(name, ty)| {
            let ty_name = ty.as_str().unwrap_or_default();
            crate::schema::type_from_name(ty_name)
                .map(|ty| Column::new(name.clone(), ty))
                .ok_or_else(|| format!("column {name}: unknown type `{ty_name}`"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Type;
    use serde_json::json;

    #[test]
    fn inline_tables_strict_and_now_are_read() {
        let (s, problems) = Settings::from_json(&json!({
            "kqlc": {
                "tables": { "MyT": { "A": "string", "N": "long" } },
                "strict": true,
                "now": "2026-01-02T03:04:05Z"
            }
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(s.check.strict);
        let cols = &s.check.catalog.user["MyT"];
        assert_eq!(cols[1].name, "N");
        assert_eq!(cols[1].ty, Type::Long);
        assert_eq!(
            crate::value::time::format_datetime(s.now.unwrap()),
            "2026-01-02T03:04:05Z"
        );
    }

    #[test]
    fn relative_schema_paths_are_taken_from_the_workspace_root() {
        let base = std::env::temp_dir().join(format!("kqlc-lsp-settings-{}", std::process::id()));
        std::fs::create_dir_all(base.join("schemas")).unwrap();
        std::fs::write(base.join("schemas/MyT.schema"), "A:string\n").unwrap();
        std::fs::write(base.join("other.schema"), "B:long\n").unwrap();
        let (s, problems) = Settings::from_json_in(
            &json!({ "schemas": ["schemas", "Other=other.schema"] }),
            Some(&base),
        );
        std::fs::remove_dir_all(&base).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.check.catalog.user["MyT"][0].name, "A");
        assert_eq!(s.check.catalog.user["Other"][0].ty, Type::Long);
    }

    #[test]
    fn bad_entries_are_reported_not_fatal() {
        let (s, problems) = Settings::from_json(&json!({
            "tables": { "T": { "A": "nonsense" } },
            "schemas": ["no-such-file-or-folder"],
            "now": "yesterday-ish"
        }));
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(s.check.catalog.user.is_empty());
        assert!(s.now.is_none());
    }
}
