//! `kqlc run QUERY --table NAME=FILE …`: run a query or rule on tables of rows and
//! print the result.

use super::exit_code::ExitCode;
use super::inputs::Input;
use super::language::{LanguageArg, STDIN_ESQL_NOTE, stdin_language, suggest_esql, suggest_kql};
use super::{Globals, Streams};
use crate::alerts::{self, AlertRule};
use crate::diagnostic::render::{FileDiagnostics, human};
use crate::io::tables::TableInput;
use crate::io::write::{OutputFormat, write};
use crate::io::{Format, IoError};
use crate::rules::{self, RuleFile};
use crate::run::{RunError, table_input, watchlist_input};
use crate::source::Language;
use crate::value::time;
use crate::value::{Column, Table};
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// The query: a `.kql` file, a Sentinel rule (`.yaml`), an `.esql` file, an Elastic
    /// rule (`.toml`), or `-` for standard input (ES|QL when it starts with `FROM` or
    /// `ROW`, else KQL).
    #[arg(value_name = "QUERY")]
    pub path: String,
    /// The language of the query, whatever its extension says (`.txt`, stdin).
    #[arg(long, value_enum, value_name = "LANGUAGE")]
    pub language: Option<LanguageArg>,
    /// A table's rows, `NAME=FILE` (JSON, JSON Lines, CSV, Parquet or a Microsoft Graph
    /// export, optionally `.gz`/`.zst`; for ES|QL also typed csv-spec CSV, Kibana
    /// CSV/NDJSON exports, `_search` and `_query` responses); FILE may be a directory or a
    /// glob (`'export/**/PT1H.json*'`); repeat it for more tables, or for more files.
    #[arg(long = "table", value_name = "NAME=FILE")]
    pub tables: Vec<String>,
    /// A watchlist for `_GetWatchlist('NAME')`, `NAME=FILE` (CSV or JSON).
    #[arg(long = "watchlist", value_name = "NAME=FILE")]
    pub watchlists: Vec<String>,
    /// An ES|QL enrich policy for `ENRICH NAME`, `NAME=FILE` (a JSON object with
    /// `match_field`, optional `enrich_fields` and `rows`; see the README).
    #[arg(long = "enrich-policy", value_name = "NAME=FILE")]
    pub enrich_policies: Vec<String>,
    /// Column types for a table, `NAME=FILE` (`Column:type` lines, or JSON); overrides the
    /// built-in schema. For ES|QL, the index's field types: an index mapping JSON or
    /// `name:type` lines with Elasticsearch types, which win over what the data looks like.
    #[arg(long = "schema", value_name = "NAME=FILE")]
    pub schemas: Vec<String>,
    /// The "now" of `now()` and `ago()`, as ISO 8601 (default: the current time).
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
    /// Output: `table` (for people), `json` (one array of row objects), `jsonl`, `csv`,
    /// `esql-json` (the ES|QL `_query` response: columns with types, and values).
    #[arg(long, default_value = "table", value_parser = parse_output_format)]
    pub format: OutputFormat,
    /// How to read the table files: `auto`, `json`, `jsonl`, `csv`, `graph`, `graph-audit`,
    /// `parquet`.
    #[arg(long, default_value = "auto", value_parser = parse_table_format)]
    pub table_format: Format,
    /// Print the alerts the rule raises (trigger, entities, custom details, incidents)
    /// instead of the query result; with `--format json`, SecurityAlert-shaped objects.
    #[arg(long)]
    pub alerts: bool,
    /// Let the query see every row, not only the rule's `queryPeriod` (Elastic: `from`) before `now`.
    #[arg(long)]
    pub ignore_query_period: bool,
    /// What to do with an input record that cannot be read (a JSON Lines line that is
    /// not one object, a CSV record that is not UTF-8): `fail` (stop, naming file, line
    /// and column) or `skip` (drop it and say how many were skipped).
    #[arg(long, value_enum, default_value = "fail", value_name = "ACTION")]
    pub on_bad_rows: OnBadRows,
    /// Where the query runs: `kqlc` (this process) or `spark` (Apache Spark through
    /// pyspark: the query as Spark SQL over the same files; KQL only).
    #[arg(long, value_enum, default_value_t = Engine::Kqlc)]
    pub engine: Engine,
    /// With `--engine spark`: the Spark master (`local[4]`, `spark://host:7077`) or a
    /// Spark Connect URL (`sc://host:15002`); default `SPARK_REMOTE`, else `local[*]`.
    #[arg(long, value_name = "URL")]
    pub spark_master: Option<String>,
    /// A MaxMind GeoLite2/GeoIP2 City database (`.mmdb`) for
    /// `geo_info_from_ip_address()`; default `KQLC_GEOIP_DB`.
    #[arg(long, value_name = "FILE")]
    pub geoip: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

/// The `--engine` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    Kqlc,
    Spark,
}

/// The `--on-bad-rows` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OnBadRows {
    Skip,
    Fail,
}

fn parse_output_format(name: &str) -> Result<OutputFormat, String> {
    OutputFormat::from_name(name).ok_or_else(|| {
        format!("unknown output format `{name}` (use table, json, jsonl, csv or esql-json)")
    })
}

fn parse_table_format(name: &str) -> Result<Format, String> {
    Format::from_name(name).ok_or_else(|| {
        format!("unknown table format `{name}` (use auto, json, jsonl, csv, graph, graph-audit or parquet)")
    })
}

/// A usage problem found in the arguments, printed with a hint (exit 2).
struct Usage(String, &'static str);

pub fn run(args: &RunArgs, globals: &Globals, io: &mut Streams<'_>) -> ExitCode {
    let started = Instant::now();
    let (rule, inputs, now) = match prepare(args, globals.quiet, io) {
        Ok(prepared) => prepared,
        Err(Usage(message, hint)) => {
            io.error(&format!("error: {message}\n  help: {hint}\n"));
            return ExitCode::InputError;
        }
    };
    if let Some(path) = &args.geoip
        && let Err(message) = crate::functions::geo::use_geoip_database(path)
    {
        io.error(&format!(
            "error: {message}\n  help: give --geoip a MaxMind City database (GeoLite2-City.mmdb)\n"
        ));
        return ExitCode::InputError;
    }
    if !globals.quiet
        && let Some(note) = geoip_note(&rule)
    {
        io.error(note);
    }
    if let Err(Usage(message, hint)) = engine_usage(args, &rule) {
        io.error(&format!("error: {message}\n  help: {hint}\n"));
        return ExitCode::InputError;
    }
    if args.alerts && matches!(args.format, OutputFormat::Csv | OutputFormat::EsqlJson) {
        io.error("error: --alerts prints alerts as a table, json or jsonl, not csv or esql-json\n  help: use --format json\n");
        return ExitCode::InputError;
    }
    let query_period = if args.ignore_query_period {
        None
    } else {
        rule.lookback()
    };
    let progress =
        (!globals.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
            let bytes = inputs
                .iter()
                .flat_map(|t| &t.paths)
                .filter_map(|p| std::fs::metadata(p).ok())
                .map(|m| m.len())
                .sum();
            crate::io::progress::rows_bar(bytes)
        });
    let skip = args.on_bad_rows == OnBadRows::Skip;
    let (result, bad_rows) = crate::io::bad_rows::with_policy(skip, || match args.engine {
        Engine::Spark => {
            let cluster =
                crate::spark::Cluster::from_flag(args.spark_master.as_deref(), args.limits.timeout);
            crate::spark::run_kql(&rule.query, inputs, now, query_period, &cluster)
        }
        Engine::Kqlc => crate::exec::budget::with_limits(args.limits.limits(), || {
            crate::run::run_rule_query_reporting(&rule, inputs, now, query_period, progress)
        }),
    });
    if let Some(report) = crate::io::bad_rows::report(&bad_rows) {
        io.error(&report);
    }
    match result {
        Ok(table) => {
            let written = if args.alerts {
                write_alerts(&rule, &table, now, args.format, io)
            } else {
                write(args.format, &table, io.stdout)
            };
            let written = written.and_then(|()| io.stdout.flush());
            if let Err(e) = written {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    // The reader stopped reading (`kqlc run … | head`): as Unix tools do.
                    return ExitCode::Clean;
                }
                io.error(&format!("error: cannot write the result: {e}\n"));
                return ExitCode::InputError;
            }
            if globals.verbose > 0 && !globals.quiet {
                io.error(&format!(
                    "{} rows in {:.3} s\n",
                    table.rows.len(),
                    started.elapsed().as_secs_f64()
                ));
                if matches!(rule.language, crate::source::Language::Kql)
                    && let Ok(notes) = crate::exec::memory::notes_for_kql(&rule.query)
                {
                    notes.iter().for_each(|n| io.error(&format!("{n}\n")));
                }
            }
            ExitCode::Clean
        }
        Err(RunError::Query(mut diagnostics)) => {
            match rule.language {
                Language::Kql => suggest_esql(&rule.query, &mut diagnostics),
                Language::Esql => suggest_kql(&rule.query, &mut diagnostics),
            }
            let file = FileDiagnostics::new(rule.path, rule.text, rule.query_map, diagnostics);
            io.error(&human::render(&file, globals.color));
            ExitCode::Findings
        }
        Err(RunError::Io(e)) => {
            io.error(&io_error_text(&e));
            ExitCode::InputError
        }
        Err(RunError::Engine(e)) => {
            io.error(&format!("error: {}\n  help: {}\n", e.message, e.hint));
            ExitCode::InputError
        }
    }
}

/// The note for a query that places IP addresses while no GeoIP database is named.
fn geoip_note(rule: &RuleFile) -> Option<&'static str> {
    (rule.query.contains("geo_info_from_ip_address")
        && !crate::functions::geo::geoip_database_named())
    .then_some(
        "note: no GeoIP database: geo_info_from_ip_address() gives {} for every address\n  help: give --geoip (or KQLC_GEOIP_DB) a MaxMind GeoLite2-City .mmdb file to place them\n",
    )
}

/// What `--engine`/`--spark-master` cannot be combined with: Spark runs KQL only.
fn engine_usage(args: &RunArgs, rule: &RuleFile) -> Result<(), Usage> {
    match args.engine {
        Engine::Spark if rule.language == Language::Esql => Err(Usage(
            "--engine spark runs KQL queries and Sentinel rules; this query is ES|QL".into(),
            "run ES|QL on kqlc's own engine (drop --engine spark), or `kqlc translate --to kql` it first",
        )),
        Engine::Kqlc if args.spark_master.is_some() => Err(Usage(
            "--spark-master is for --engine spark".into(),
            "add --engine spark, or drop --spark-master",
        )),
        _ => Ok(()),
    }
}

/// Evaluates the rule on the query result and prints its alerts.
fn write_alerts(
    rule: &RuleFile,
    table: &Table,
    now: i64,
    format: OutputFormat,
    io: &mut Streams<'_>,
) -> std::io::Result<()> {
    if let Some(elastic) = &rule.elastic {
        return write_elastic_alerts(elastic, &rule_stem(&rule.path), table, now, format, io);
    }
    let settings = AlertRule::from_meta(&rule.meta, &rule_stem(&rule.path));
    let evaluation = alerts::evaluate(&settings, table, now);
    let text = match format {
        OutputFormat::Json => {
            let json = alerts::render::json(&evaluation);
            format!(
                "{}\n",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            )
        }
        OutputFormat::JsonLines => evaluation
            .alerts
            .iter()
            .map(|a| format!("{}\n", a.to_security_alert()))
            .collect(),
        _ => alerts::render::human(&settings, &evaluation, table.rows.len()),
    };
    io.stdout.write_all(text.as_bytes())
}

/// Prints the alert documents of an Elastic rule's run.
fn write_elastic_alerts(
    meta: &crate::rules::ElasticMeta,
    fallback_name: &str,
    table: &Table,
    now: i64,
    format: OutputFormat,
    io: &mut Streams<'_>,
) -> std::io::Result<()> {
    let evaluation = alerts::elastic::evaluate(meta, fallback_name, table, now);
    let text = match format {
        OutputFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&evaluation.alerts).unwrap_or_default()
        ),
        OutputFormat::JsonLines => evaluation
            .alerts
            .iter()
            .map(|a| format!("{}\n", serde_json::Value::Object(a.clone())))
            .collect(),
        _ => alerts::elastic::human(&evaluation, meta.name.as_deref().unwrap_or(fallback_name)),
    };
    io.stdout.write_all(text.as_bytes())
}

/// A rule file's name without directories and extension (the name of a `.kql` rule).
fn rule_stem(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned())
}

/// The rule, the table inputs and "now" from the arguments.
fn prepare(
    args: &RunArgs,
    quiet: bool,
    io: &mut Streams<'_>,
) -> Result<(RuleFile, Vec<TableInput>, i64), Usage> {
    let input = if args.path == "-" {
        Input::Stdin
    } else {
        Input::File(args.path.clone())
    };
    let bytes = input.read(io.stdin).map_err(|e| {
        Usage(
            e.message,
            "give a .kql file, a Sentinel rule .yaml, or `-` for standard input",
        )
    })?;
    let text = rules::decode_text(input.display_path(), &bytes)
        .map_err(|d| Usage(d.message, "the query file must be UTF-8 text"))?;
    let mut rule = rules::load(input.display_path(), text).map_err(|d| {
        Usage(
            format!("{}: {}", input.display_path(), d.message),
            "check the rule file's YAML or TOML",
        )
    })?;
    rule.language = match (args.language, &input) {
        (Some(choice), _) => choice.language(),
        (None, Input::Stdin) => stdin_language(&rule.query),
        (None, Input::File(_)) => rule.language,
    };
    if !quiet && args.language.is_none() && input == Input::Stdin && rule.language == Language::Esql
    {
        io.error(STDIN_ESQL_NOTE);
    }
    let mut files: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for (name, path) in name_file_pairs(&args.tables, "--table")? {
        let found = crate::io::read::files::expand(&path.to_string_lossy()).map_err(|e| {
            Usage(
                format!("--table {name}: {e}"),
                "give a file, a directory of table files, or a glob such as 'export/**/PT1H.json*' (quoted)",
            )
        })?;
        match files.iter_mut().find(|(n, _)| *n == name) {
            Some((_, paths)) => paths.extend(found),
            None => files.push((name, found)),
        }
    }
    let mut inputs: Vec<TableInput> = files
        .into_iter()
        .map(|(name, paths)| table_input(&name, paths, args.table_format))
        .collect();
    for (name, path) in name_file_pairs(&args.watchlists, "--watchlist")? {
        inputs.push(watchlist_input(&name, vec![path]));
    }
    add_enrich_policies(&rule, &args.enrich_policies, &mut inputs)?;
    for (name, path) in name_file_pairs(&args.schemas, "--schema")? {
        let columns = schema_columns(&path, rule.language)?;
        match inputs.iter_mut().find(|t| t.name == name) {
            Some(t) => {
                t.schema = Some(columns);
                t.data_columns = false;
            }
            None => {
                return Err(Usage(
                    format!("--schema names table `{name}`, which no --table gives"),
                    "give the table's rows with --table NAME=FILE too",
                ));
            }
        }
    }
    let now = match &args.now {
        Some(text) => time::parse_datetime(text).ok_or_else(|| {
            Usage(
                format!("--now `{text}` is not a datetime"),
                "write it as ISO 8601, e.g. 2026-06-01T12:00:00Z",
            )
        })?,
        None => time::ticks_from_chrono(chrono::Utc::now()),
    };
    Ok((rule, inputs, now))
}

/// The columns of a `--schema` file: for ES|QL an index mapping JSON or `name:type`
/// lines with Elasticsearch types (as `kqlc check` reads it), for KQL `Column:type`
/// lines or a JSON object of Kusto types.
fn schema_columns(path: &std::path::Path, language: Language) -> Result<Vec<Column>, Usage> {
    if language == Language::Esql {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Usage(
                format!("--schema {}: {e}", path.display()),
                "give a readable schema file",
            )
        })?;
        return crate::io::elastic::schema::parse(&text).map_err(|e| {
            Usage(
                format!("--schema {}: {e}", path.display()),
                "an ES|QL schema is an index mapping JSON or `name:type` lines (keyword, long, date, …)",
            )
        });
    }
    crate::schema::load_schema_file(path).map_err(|e| {
        Usage(
            e.to_string(),
            "a schema file has `Column:type` lines, or is a JSON object of column types",
        )
    })
}

/// The `--enrich-policy` files as inputs; an ES|QL rule that enriches with a policy
/// no flag gives is a usage error (exit 2) naming the policy.
fn add_enrich_policies(
    rule: &RuleFile,
    specs: &[String],
    inputs: &mut Vec<TableInput>,
) -> Result<(), Usage> {
    use crate::syntax::esql::lower::enrich::{policies_used, policy_table_name};
    let given = name_file_pairs(specs, "--enrich-policy")?;
    if rule.language == crate::source::Language::Esql
        && let (Some(query), _) = crate::syntax::esql::parse(&rule.query)
    {
        for (policy, _) in policies_used(&query) {
            if !given.iter().any(|(n, _)| *n == policy) {
                return Err(Usage(
                    format!(
                        "the query enriches with policy `{policy}`, which no --enrich-policy gives"
                    ),
                    "give it with --enrich-policy NAME=policy.json (match_field, enrich_fields, rows; see the README)",
                ));
            }
        }
    }
    for (name, path) in given {
        inputs.push(TableInput {
            name: policy_table_name(&name),
            paths: vec![path],
            format: Format::Json,
            schema: None,
            data_columns: false,
        });
    }
    Ok(())
}

/// `NAME=FILE` arguments split at the first `=`.
fn name_file_pairs(specs: &[String], flag: &'static str) -> Result<Vec<(String, PathBuf)>, Usage> {
    specs
        .iter()
        .map(|spec| match spec.split_once('=') {
            Some((name, file)) if !name.is_empty() && !file.is_empty() => {
                Ok((name.to_string(), PathBuf::from(file)))
            }
            _ => Err(Usage(
                format!("{flag} `{spec}` is not NAME=FILE"),
                "for example: --table AuditLogs=logs.json",
            )),
        })
        .collect()
}

fn io_error_text(e: &IoError) -> String {
    let text = e.to_string();
    if text.contains("help:") || text.contains("hint:") {
        format!("error: {text}\n")
    } else {
        format!("error: {text}\n  help: check the file's format (--table-format)\n")
    }
}
