//! Running a query on tables from files: the library side of `kqlc run` and `kqlc test`.

use crate::alerts::TimeWindow;
use crate::diagnostic::Diagnostic;
use crate::io::read::graph_audit::audit_format_for;
use crate::io::tables::{FileTables, TableInput};
use crate::io::{Format, IoError};
use crate::syntax::kql::lower::sources::watchlist_table;
use crate::value::Table;
use std::path::PathBuf;

/// Why a run produced no table: findings in the query (exit 1) or unreadable input (exit 2).
#[derive(Debug)]
pub enum RunError {
    Query(Vec<Diagnostic>),
    Io(IoError),
    /// The engine the run was handed to (`--engine spark`) is missing or failed (exit 2).
    Engine(crate::spark::EngineError),
}

/// A table input for `--table NAME=FILE`: the columns `kqlc check` resolves for that
/// table when kqlc has its schema ([`crate::schema::table_columns`]) plus those present
/// in the file, else columns inferred from the file. Graph `directoryAudits`/`riskyUsers`
/// exports given for AuditLogs/AADRiskyUsers are detected and mapped to their columns.
pub fn table_input(name: &str, paths: Vec<PathBuf>, format: Format) -> TableInput {
    let format = audit_format_for(name, &paths, format);
    TableInput {
        name: name.to_string(),
        paths,
        format,
        schema: crate::schema::table_columns(name),
        data_columns: true,
    }
}

/// A watchlist input for `--watchlist NAME=FILE`, read by `_GetWatchlist('NAME')`.
pub fn watchlist_input(name: &str, paths: Vec<PathBuf>) -> TableInput {
    TableInput {
        name: watchlist_table(name),
        paths,
        format: Format::Auto,
        schema: None,
        data_columns: false,
    }
}

/// Compiles and runs a KQL query over the given tables, with `now` in ticks.
pub fn run_kql(query: &str, inputs: Vec<TableInput>, now: i64) -> Result<Table, RunError> {
    run_kql_in_window(query, inputs, now, None)
}

/// Like [`run_kql`], but when `query_period` (ticks) is given, every table with a
/// `TimeGenerated` column shows only rows in `[now - query_period, now]`, as a
/// Sentinel scheduled rule sees its data (see [`crate::alerts::window`]).
pub fn run_kql_in_window(
    query: &str,
    inputs: Vec<TableInput>,
    now: i64,
    query_period: Option<i64>,
) -> Result<Table, RunError> {
    run_kql_reporting(query, inputs, now, query_period, None)
}

/// Like [`run_kql_in_window`], advancing `progress` for every row read.
pub fn run_kql_reporting(
    query: &str,
    inputs: Vec<TableInput>,
    now: i64,
    query_period: Option<i64>,
    progress: Option<indicatif::ProgressBar>,
) -> Result<Table, RunError> {
    let tables = FileTables::new(inputs).map_err(RunError::Io)?;
    let plan = crate::compile_kql(query, &tables).map_err(RunError::Query)?;
    let window = query_period.map(|period| TimeWindow {
        source: &tables,
        catalog: &tables,
        from: now.saturating_sub(period),
        to: now,
    });
    let source: &dyn crate::exec::TableSource = match &window {
        Some(w) => w,
        None => &tables,
    };
    let result = match progress {
        Some(bar) => {
            let counted = crate::io::progress::Counted {
                inner: source,
                bar: bar.clone(),
            };
            let result = crate::exec::run(&plan, &counted, now);
            bar.finish_and_clear();
            result
        }
        None => crate::exec::run(&plan, source, now),
    };
    if let Some(e) = tables.io_error.borrow_mut().take() {
        return Err(RunError::Io(e));
    }
    result.map_err(|d| RunError::Query(vec![d]))
}

/// Compiles and runs an ES|QL query over Elastic-style JSON/NDJSON documents, one
/// `(index name, files)` per table; nested documents are flattened to dotted names.
pub fn run_esql(
    query: &str,
    indices: &[(String, Vec<PathBuf>)],
    now: i64,
) -> Result<Table, RunError> {
    run_esql_in_window(query, indices, now, None)
}

/// The time range an Elastic rule's query sees: documents whose `field` lies in
/// `[from, to]` (ticks, both ends inclusive, as the detection engine's range filter).
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentWindow {
    pub field: String,
    pub from: i64,
    pub to: i64,
}

impl DocumentWindow {
    /// Keeps the rows of `table` inside the window; a row without a readable time in
    /// `field` is outside (a range filter never matches a missing field).
    fn apply(&self, table: &mut Table) {
        let Some(index) = table.columns.iter().position(|c| c.name == self.field) else {
            table.rows.clear();
            return;
        };
        table.rows.retain(|row| {
            let time = row
                .get(index)
                .map(|v| v.cast(crate::value::Type::DateTime));
            matches!(time, Some(crate::value::Value::DateTime(t)) if (self.from..=self.to).contains(&t))
        });
    }
}

/// [`run_esql`] where every index shows only the documents inside `window`.
pub fn run_esql_in_window(
    query: &str,
    indices: &[(String, Vec<PathBuf>)],
    now: i64,
    window: Option<&DocumentWindow>,
) -> Result<Table, RunError> {
    let inputs: Vec<TableInput> = indices
        .iter()
        .map(|(name, paths)| TableInput {
            name: name.clone(),
            paths: paths.clone(),
            format: Format::Auto,
            schema: None,
            data_columns: false,
        })
        .collect();
    run_esql_inputs(query, &inputs, now, window)
}

/// Runs an ES|QL query over the `--table` inputs, each an index read by
/// [`crate::io::elastic::read_index_typed`] in its format (CSV, documents, `_search` or
/// `_query` responses) with the field types of its `--schema`, if any; every index
/// shows only the documents inside `window`.
pub fn run_esql_inputs(
    query: &str,
    inputs: &[TableInput],
    now: i64,
    window: Option<&DocumentWindow>,
) -> Result<Table, RunError> {
    use crate::syntax::esql::lower::enrich::POLICY_TABLE_PREFIX;
    let mut tables = Vec::new();
    for input in inputs {
        let mut table = if input.name.starts_with(POLICY_TABLE_PREFIX) {
            policy_table(&input.name, &input.paths)?
        } else {
            let schema = input.schema.as_deref();
            crate::io::elastic::read_index_typed(&input.name, &input.paths, input.format, schema)
                .map_err(RunError::Io)?
        };
        if let Some(window) = window {
            window.apply(&mut table);
        }
        tables.push((input.name.clone(), table));
    }
    run_esql_on(query, tables, now)
}

/// The table of an `--enrich-policy` file.
fn policy_table(name: &str, paths: &[PathBuf]) -> Result<Table, RunError> {
    use crate::syntax::esql::lower::documents::documents_table_of;
    let mut texts = Vec::new();
    for path in paths {
        let text =
            std::fs::read_to_string(path).map_err(|e| RunError::Io(IoError::from_os(path, &e)))?;
        texts.push(text);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    documents_table_of(name, &refs)
        .map_err(|m| RunError::Io(documents_error(name, paths, &refs, m)))
}

/// Where reading the documents of index `name` failed: the first of its files that
/// fails alone, at the line and column serde_json gave, with a hint on the format.
fn documents_error(name: &str, paths: &[PathBuf], texts: &[&str], message: String) -> IoError {
    use crate::syntax::esql::lower::documents::documents_table_of;
    use crate::syntax::esql::lower::enrich::POLICY_TABLE_PREFIX;
    let failing = texts
        .iter()
        .zip(paths)
        .find_map(|(text, path)| documents_table_of(name, &[text]).err().map(|m| (path, m)));
    let (path, message) = match failing {
        Some((path, m)) => (path.display().to_string(), m),
        None => (name.to_string(), message),
    };
    let hint = if name.starts_with(POLICY_TABLE_PREFIX) {
        "an enrich policy is one JSON object: {\"match_field\": …, \"enrich_fields\": […], \"rows\": […]}"
    } else {
        "give Elastic documents as JSON Lines (one object a line), one JSON object, or an array of objects"
    };
    let error = match message.rsplit_once(" at line ") {
        Some((text, place)) => {
            let mut numbers = place
                .split(" column ")
                .map(|n| n.trim().parse::<usize>().ok());
            let error = IoError::new(&path, text.to_string());
            match (numbers.next().flatten(), numbers.next().flatten()) {
                (Some(line), Some(0)) if line > 1 => error.at(line - 1, None),
                (Some(line), column) if line > 0 => error.at(line, column.filter(|c| *c > 0)),
                _ => error,
            }
        }
        None => IoError::new(&path, message),
    };
    error.with_hint(hint)
}

/// Compiles and runs an ES|QL query over in-memory tables (index name, rows).
pub fn run_esql_on(query: &str, tables: Vec<(String, Table)>, now: i64) -> Result<Table, RunError> {
    use crate::exec::MemoryTables;
    use crate::plan::catalog::{MapCatalog, TableInfo};
    let mut catalog = MapCatalog::default();
    for (name, table) in &tables {
        catalog.insert(
            name.clone(),
            TableInfo {
                columns: table.columns.clone(),
                open: false,
            },
        );
    }
    let memory = MemoryTables { tables };
    let (parsed, mut diags) = crate::syntax::esql::parse(query);
    let Some(parsed) = parsed.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
        return Err(RunError::Query(diags));
    };
    let plan = crate::syntax::esql::lower::lower(&parsed, query, &catalog).map_err(|d| {
        diags.push(d);
        RunError::Query(std::mem::take(&mut diags))
    })?;
    crate::exec::run(&plan, &memory, now).map_err(|d| RunError::Query(vec![d]))
}

/// Runs a rule's query in its language: KQL through [`run_kql_in_window`], ES|QL
/// through [`run_esql_in_window`] (each table input an index of documents; the window
/// filters the Elastic rule's timestamp field). `lookback` (ticks) bounds the rows the
/// query sees to `[now - lookback, now]`.
pub fn run_rule_query(
    rule: &crate::rules::RuleFile,
    inputs: Vec<TableInput>,
    now: i64,
    query_period: Option<i64>,
) -> Result<Table, RunError> {
    run_rule_query_reporting(rule, inputs, now, query_period, None)
}

/// Like [`run_rule_query`], advancing `progress` for every KQL row read.
pub fn run_rule_query_reporting(
    rule: &crate::rules::RuleFile,
    inputs: Vec<TableInput>,
    now: i64,
    query_period: Option<i64>,
    progress: Option<indicatif::ProgressBar>,
) -> Result<Table, RunError> {
    match rule.language {
        crate::source::Language::Kql => {
            run_kql_reporting(&rule.query, inputs, now, query_period, progress)
        }
        crate::source::Language::Esql => {
            let field = rule
                .elastic
                .as_ref()
                .map_or(crate::rules::elastic_meta::DEFAULT_TIMESTAMP_FIELD, |e| {
                    e.timestamp_field.as_str()
                });
            let window = query_period.map(|p| DocumentWindow {
                field: field.to_string(),
                from: now.saturating_sub(p),
                to: now,
            });
            run_esql_inputs(&rule.query, &inputs, now, window.as_ref())
        }
    }
}
