//! `kqlc run --engine spark`: the query's shared plan written as Spark SQL and run by
//! Apache Spark (pyspark: a local `local[*]` Spark, a `--spark-master`, or a Spark
//! Connect server) over the same table files; the rows come back typed by the plan, so
//! the output formats and `--alerts` are kqlc's own.

pub mod cells;
mod driver;
mod tables;

use crate::io::tables::{FileTables, TableInput};
use crate::run::RunError;
use crate::translate::Dialect;
use crate::translate::sql::{SqlOptions, translate_with};
use crate::value::Table;
use std::time::Duration;

/// Where Spark runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cluster {
    /// A Spark master URL (`local[2]`, `spark://host:7077`); `None`: `local[*]`.
    pub master: Option<String>,
    /// A Spark Connect URL (`sc://host:15002`), from `--spark-master sc://…` or
    /// `SPARK_REMOTE`.
    pub remote: Option<String>,
    /// Stop Spark and fail after this long (`--timeout`).
    pub timeout: Option<Duration>,
}

impl Cluster {
    /// The cluster a `--spark-master` value names: `sc://` URLs are Spark Connect;
    /// with none, `SPARK_REMOTE` when it is set, else a local Spark.
    pub fn from_flag(flag: Option<&str>, timeout: Option<Duration>) -> Cluster {
        match flag {
            Some(url) if url.starts_with("sc://") => Cluster {
                master: None,
                remote: Some(url.to_string()),
                timeout,
            },
            Some(url) => Cluster {
                master: Some(url.to_string()),
                remote: None,
                timeout,
            },
            None => Cluster {
                master: None,
                remote: std::env::var("SPARK_REMOTE").ok().filter(|s| !s.is_empty()),
                timeout,
            },
        }
    }
}

/// Why Spark gave no result: not installed, or it failed reading or running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineError {
    pub message: String,
    pub hint: String,
}

/// Runs a KQL query on Spark over `inputs`, with `now` (ticks) for `now()`/`ago()` and
/// the rule's `query_period` window on `TimeGenerated`, as kqlc's own engine does.
pub fn run_kql(
    query: &str,
    inputs: Vec<TableInput>,
    now: i64,
    query_period: Option<i64>,
    cluster: &Cluster,
) -> Result<Table, RunError> {
    let catalog = FileTables::new(inputs.clone()).map_err(RunError::Io)?;
    let plan = crate::compile_kql(query, &catalog).map_err(RunError::Query)?;
    let options = SqlOptions {
        now: Some(now),
        window: query_period.map(|p| (now.saturating_sub(p), now)),
    };
    let sql = translate_with(&plan, Dialect::Spark, options).map_err(RunError::Query)?;
    let tables = tables::read_by_plan(&plan, &inputs, options.window.is_some())?;
    let rows = driver::run(cluster, &sql, &tables).map_err(RunError::Engine)?;
    cells::table(&plan.root.schema, &rows).map_err(|why| {
        RunError::Engine(EngineError {
            message: format!("Spark's result does not have the query's columns: {why}"),
            hint: "this is a bug in kqlc's Spark SQL; please report it with the query".into(),
        })
    })
}
