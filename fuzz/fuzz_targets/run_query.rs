//! Fuzz target, structure-aware: `kqlc run` of a real query (picked from the public
//! corpus, `../shared/corpus/kql.public.jsonl`; `KQLC_FUZZ_QUERIES` names another file)
//! on small random tables whose columns are those the query reads. Every run must end
//! in a table or a diagnostic, never a panic. Runs are bounded by kqlc's own budget
//! (256 MiB, 1 s), so a query that legitimately multiplies rows is an error, not an OOM.

#![no_main]

use kqlc::exec::budget::{Limits, with_limits};
use kqlc::exec::{MemoryTables, parallel::Parallelism, run_with};
use kqlc::plan::catalog::{Catalog, TableInfo};
use kqlc::plan::{Node, Op, Plan};
use kqlc::value::{Column, Row, Table, Type, Value};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use std::time::Duration;

/// 2026-06-01T12:00:00Z in ticks: the run's fixed "now".
const NOW: i64 = 17_803_152_000_000_000;

#[derive(Arbitrary, Debug)]
struct Input {
    query: u16,
    /// Cells, row after row, for each table the query reads (in the order it reads them).
    tables: Vec<Vec<Cell>>,
}

/// A cell, made into a value of its column's type.
#[derive(Arbitrary, Debug)]
enum Cell {
    Null,
    Small(i8),
    Word(u8),
    Text(String),
    Minutes(i16),
    Bool(bool),
    Real(f32),
}

/// Words that the corpus queries compare columns with, so filters pass sometimes.
const WORDS: [&str; 12] = [
    "", "0", "1", "Admin", "admin@contoso.com", "Success", "Failure", "4624",
    "{\"a\":[1,2],\"b\":\"x\"}", "[1,\"two\",null]", "10.0.0.1",
    "2026-06-01T11:00:00Z",
];

fn queries() -> &'static [String] {
    static QUERIES: OnceLock<Vec<String>> = OnceLock::new();
    QUERIES.get_or_init(|| {
        let path = std::env::var("KQLC_FUZZ_QUERIES").unwrap_or_else(|_| {
            format!("{}/../../shared/corpus/kql.public.jsonl", env!("CARGO_MANIFEST_DIR"))
        });
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut queries: Vec<String> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|row| row.get("query")?.as_str().map(str::to_string))
            .collect();
        if queries.is_empty() {
            queries.push("T | where A == 'x' | summarize count() by B".into());
        }
        queries
    })
}

/// Every table exists; built-in tables have their columns, others any the query names.
struct OpenCatalog;

impl Catalog for OpenCatalog {
    fn table(&self, name: &str) -> Option<TableInfo> {
        Some(TableInfo {
            columns: kqlc::schema::table_columns(name).unwrap_or_default(),
            open: true,
        })
    }
}

/// The tables the plan scans, with the columns each scan reads (merged by name).
fn scanned(plan: &Plan) -> Vec<(String, Vec<Column>)> {
    fn walk(node: &Node, out: &mut Vec<(String, Vec<Column>)>) {
        if let Op::Scan(scan) = &node.op {
            let at = match out.iter().position(|(n, _)| *n == scan.table) {
                Some(at) => at,
                None => {
                    out.push((scan.table.clone(), Vec::new()));
                    out.len() - 1
                }
            };
            for column in &node.schema {
                if !out[at].1.iter().any(|c| c.name == column.name) {
                    out[at].1.push(column.clone());
                }
            }
        }
        kqlc::plan::visit::each_input(node, &mut |input| walk(input, out));
    }
    let mut out = Vec::new();
    for node in &plan.shared {
        walk(node, &mut out);
    }
    walk(&plan.root, &mut out);
    out
}

fn value(cell: &Cell, ty: Type) -> Value {
    let text = |s: &str| Value::string(s).cast(ty);
    match cell {
        Cell::Null => Value::null_of(ty),
        Cell::Small(n) => match ty {
            Type::String => Value::string(n.to_string()),
            _ => Value::Long(i64::from(*n)).cast(ty),
        },
        Cell::Word(w) => text(WORDS[usize::from(*w) % WORDS.len()]),
        Cell::Text(s) => text(s),
        Cell::Minutes(m) => match ty {
            Type::DateTime => Value::DateTime(NOW + i64::from(*m) * 600_000_000),
            Type::TimeSpan => Value::TimeSpan(i64::from(*m) * 600_000_000),
            _ => Value::Long(i64::from(*m)).cast(ty),
        },
        Cell::Bool(b) => Value::Bool(*b).cast(ty),
        Cell::Real(r) => Value::Real(f64::from(*r)).cast(ty),
    }
}

fn rows(cells: &[Cell], columns: &[Column]) -> Vec<Row> {
    if columns.is_empty() {
        return Vec::new();
    }
    cells
        .chunks(columns.len())
        .take(32)
        .map(|chunk| {
            columns
                .iter()
                .enumerate()
                .map(|(i, c)| chunk.get(i).map_or_else(|| Value::null_of(c.ty), |cell| value(cell, c.ty)))
                .collect()
        })
        .collect()
}

fuzz_target!(|input: Input| {
    let all = queries();
    let query = &all[usize::from(input.query) % all.len()];
    let Ok(plan) = kqlc::compile_kql(query, &OpenCatalog) else {
        return;
    };
    let empty = Vec::new();
    let tables = scanned(&plan)
        .into_iter()
        .enumerate()
        .map(|(i, (name, columns))| {
            let cells = input.tables.get(i).unwrap_or(&empty);
            let rows = rows(cells, &columns);
            (name, Table::new(columns, rows))
        })
        .collect();
    let memory = MemoryTables { tables };
    let limits = Limits {
        max_memory: Some(256 << 20),
        timeout: Some(Duration::from_secs(1)),
    };
    let _ = with_limits(limits, || run_with(&plan, &memory, NOW, Parallelism::sequential()));
});
