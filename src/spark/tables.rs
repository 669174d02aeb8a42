//! The tables a plan reads, as the Spark driver loads them: each file with the format
//! kqlc detects for it, and the columns the query reads (dynamic ones marked).

use crate::io::read::detect_format;
use crate::io::tables::TableInput;
use crate::io::{Format, IoError};
use crate::plan::visit::each_input;
use crate::plan::{Node, Op, Plan};
use crate::run::RunError;
use crate::value::Type;
use serde::Serialize;

/// One table view of the Spark query.
#[derive(Debug, Serialize, PartialEq)]
pub struct SparkTable {
    pub name: String,
    pub columns: Vec<SparkColumn>,
    pub files: Vec<SparkFile>,
}

/// A column the query reads from a table.
#[derive(Debug, Serialize, PartialEq)]
pub struct SparkColumn {
    pub name: String,
    pub dynamic: bool,
}

/// A file and the reader the driver uses for it.
#[derive(Debug, Serialize, PartialEq)]
pub struct SparkFile {
    pub path: String,
    pub format: &'static str,
}

/// Every table the plan scans, with the columns its scans read and the files of the
/// input that gives it.
pub fn read_by_plan(plan: &Plan, inputs: &[TableInput]) -> Result<Vec<SparkTable>, RunError> {
    let mut tables: Vec<SparkTable> = Vec::new();
    let mut scans = Vec::new();
    plan.shared
        .iter()
        .chain([&plan.root])
        .for_each(|n| collect_scans(n, &mut scans));
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
            if !table.columns.iter().any(|t| t.name == c.name) {
                table.columns.push(c);
            }
        }
    }
    Ok(tables)
}

/// The scans under `node`: table name and the columns read.
fn collect_scans(node: &Node, out: &mut Vec<(String, Vec<SparkColumn>)>) {
    if let Op::Scan(scan) = &node.op {
        let columns = node
            .schema
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                scan.read
                    .as_ref()
                    .is_none_or(|r| r.get(*i).is_some_and(|x| x.any()))
            })
            .map(|(_, c)| SparkColumn {
                name: c.name.clone(),
                dynamic: c.ty == Type::Dynamic,
            })
            .collect();
        out.push((scan.table.clone(), columns));
    }
    each_input(node, &mut |n| collect_scans(n, out));
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
