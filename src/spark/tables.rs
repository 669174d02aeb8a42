//! The tables a plan reads, as the Spark driver loads them: each file with the format
//! kqlc detects for it, and the columns the SQL reads from it.

use crate::io::read::detect_format;
use crate::io::tables::TableInput;
use crate::io::{Format, IoError};
use crate::plan::visit::each_input;
use crate::plan::{Node, Op, Plan};
use crate::run::RunError;
use serde::Serialize;

/// One table view of the Spark query.
#[derive(Debug, Serialize, PartialEq)]
pub struct SparkTable {
    pub name: String,
    /// The columns the SQL reads; the driver makes nested values JSON text itself.
    pub columns: Vec<String>,
    pub files: Vec<SparkFile>,
}

/// A file and the reader the driver uses for it.
#[derive(Debug, Serialize, PartialEq)]
pub struct SparkFile {
    pub path: String,
    pub format: &'static str,
}

/// Every table the plan scans, with the columns its scans read (and `TimeGenerated`
/// when `windowed`: the SQL filters it by the query period even where the query does
/// not read it) and the files of the input that gives it.
pub fn read_by_plan(
    plan: &Plan,
    inputs: &[TableInput],
    windowed: bool,
) -> Result<Vec<SparkTable>, RunError> {
    let mut tables: Vec<SparkTable> = Vec::new();
    let mut scans = Vec::new();
    plan.shared
        .iter()
        .chain([&plan.root])
        .for_each(|n| collect_scans(n, windowed, &mut scans));
    for (name, columns) in scans {
        let table = match tables.iter_mut().position(|t| t.name == name) {
            Some(i) => &mut tables[i],
            None => {
                let files = files_of(&name, inputs).map_err(RunError::Io)?;
                tables.push(SparkTable {
                    name,
                    columns: Vec::new(),
                    files,
                });
                let last = tables.len() - 1;
                &mut tables[last]
            }
        };
        for c in columns {
            if !table.columns.contains(&c) {
                table.columns.push(c);
            }
        }
    }
    Ok(tables)
}

/// The scans under `node`: table name and the columns the SQL reads.
fn collect_scans(node: &Node, windowed: bool, out: &mut Vec<(String, Vec<String>)>) {
    if let Op::Scan(scan) = &node.op {
        let columns = node
            .schema
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                let read = scan.read.as_ref();
                read.is_none_or(|r| r.get(*i).is_some_and(|x| x.any()))
                    || (windowed && crate::alerts::window::is_time_column(c))
            })
            .map(|(_, c)| c.name.clone())
            .collect();
        out.push((scan.table.clone(), columns));
    }
    each_input(node, &mut |n| collect_scans(n, windowed, out));
}

/// The files of table `name` with their formats; a table no input gives has none
/// (the query sees it empty, as on kqlc's engine the catalog decides).
fn files_of(name: &str, inputs: &[TableInput]) -> Result<Vec<SparkFile>, IoError> {
    let Some(input) = inputs.iter().find(|t| t.name == name) else {
        return Ok(Vec::new());
    };
    input
        .paths
        .iter()
        .map(|path| {
            let format = match detect_format(path, input.format)? {
                Format::Auto | Format::JsonLines => "jsonl",
                Format::Json => "json",
                Format::Graph => "graph",
                Format::Csv => "csv",
                Format::Parquet => "parquet",
                Format::GraphAudit => {
                    return Err(IoError::new(
                        path,
                        "Spark cannot read a Graph directoryAudits/riskyUsers export as Sentinel columns",
                    )
                    .with_hint("run it on kqlc's own engine (drop --engine spark), or give the rows in Sentinel's columns"));
                }
            };
            Ok(SparkFile {
                path: path.to_string_lossy().into_owned(),
                format,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::catalog::{MapCatalog, TableInfo};
    use crate::value::{Column, Type};

    fn plan(query: &str) -> Plan {
        let mut catalog = MapCatalog::default();
        let columns = vec![
            Column::new("TimeGenerated", Type::DateTime),
            Column::new("A", Type::String),
            Column::new("B", Type::String),
        ];
        catalog.insert(
            "T",
            TableInfo {
                columns,
                open: false,
            },
        );
        crate::compile_kql(query, &catalog).expect("the query compiles")
    }

    #[test]
    fn a_table_lists_only_the_columns_the_query_reads() {
        let tables = read_by_plan(&plan("T | summarize count() by A"), &[], false).unwrap();
        assert_eq!(tables[0].columns, ["A"]);
        assert!(tables[0].files.is_empty());
    }

    #[test]
    fn a_query_period_reads_time_generated_even_where_the_query_does_not() {
        let tables = read_by_plan(&plan("T | summarize count() by A"), &[], true).unwrap();
        assert_eq!(tables[0].columns, ["TimeGenerated", "A"]);
    }
}
