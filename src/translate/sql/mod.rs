//! The plan written as SQL for DuckDB or Spark 4: one CTE per plan node, each carrying
//! `__ord` (the row's place in Kusto's order), so order-keeping operators keep order.
//! Inside the query datetimes and timespans are BIGINT ticks (100 ns, exact), dynamic
//! values JSON, strings never null; the final SELECT gives TIMESTAMP and INTERVAL.

mod aggregates;
mod dialect;
mod expr;
mod functions;
mod json;
mod nodes;

use super::Dialect;
use crate::diagnostic::Diagnostic;
use crate::plan::{Node, Plan};
use crate::value::Type;
use expr::Findings;

/// A CTE: its name, the SQL text of each column, and the columns' Kusto types.
#[derive(Clone, Debug)]
pub struct Rel {
    pub name: String,
    pub cols: Vec<String>,
    pub types: Vec<Type>,
}

/// What a run fixes that a translation for people leaves to the engine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SqlOptions {
    /// The run's "now" in ticks for `now()`/`ago()`; `None` writes the engine's
    /// `current_timestamp`.
    pub now: Option<i64>,
    /// Rows a table shows, `[from, to]` ticks on `TimeGenerated` (a rule's query
    /// period, as kqlc's own engine applies it).
    pub window: Option<(i64, i64)>,
}

/// Builds the CTEs of one query.
pub(crate) struct Writer {
    d: Dialect,
    options: SqlOptions,
    ctes: Vec<(String, String)>,
    shared: Vec<Option<Rel>>,
    findings: Findings,
}

/// Writes `plan` as one SQL query in `dialect`.
pub fn translate(plan: &Plan, dialect: Dialect) -> Result<String, Vec<Diagnostic>> {
    translate_with(plan, dialect, SqlOptions::default())
}

/// [`translate`] with a fixed "now" and time window (`kqlc run --engine spark`).
pub fn translate_with(
    plan: &Plan,
    dialect: Dialect,
    options: SqlOptions,
) -> Result<String, Vec<Diagnostic>> {
    let mut w = Writer {
        d: dialect,
        options,
        ctes: Vec::new(),
        shared: Vec::new(),
        findings: Vec::new(),
    };
    for node in &plan.shared {
        let rel = w.node(node);
        w.shared.push(rel);
    }
    let root = w.node(&plan.root);
    match root {
        Some(rel) if w.findings.is_empty() => Ok(w.finish(&plan.root, &rel)),
        _ => Err(w.findings),
    }
}

impl Writer {
    /// Adds a CTE named after its position and returns the relation it defines.
    fn cte(&mut self, body: String, node: &Node) -> Rel {
        let name = format!("q{}", self.ctes.len());
        self.ctes.push((name.clone(), body));
        Rel {
            name,
            cols: column_names(self.d, node),
            types: node.schema.iter().map(|c| c.ty).collect(),
        }
    }

    /// The final query: the CTEs, then the root's columns under their Kusto names, in order.
    fn finish(&self, root: &Node, rel: &Rel) -> String {
        let cols: Vec<String> = rel
            .cols
            .iter()
            .zip(&root.schema)
            .map(|(c, col)| {
                let v = match col.ty {
                    Type::DateTime => dialect::ticks_to_output_timestamp(self.d, c),
                    Type::TimeSpan => dialect::ticks_to_interval(self.d, c),
                    _ => c.clone(),
                };
                format!("{v} AS {}", dialect::ident(self.d, &col.name))
            })
            .collect();
        let with: Vec<String> = self
            .ctes
            .iter()
            .map(|(n, b)| format!("{n} AS (\n  {b}\n)"))
            .collect();
        let select = if cols.is_empty() {
            "NULL AS empty".to_string()
        } else {
            cols.join(", ")
        };
        format!(
            "WITH {}\nSELECT {select}\nFROM {}\nORDER BY __ord",
            with.join(",\n"),
            rel.name
        )
    }
}

/// The identifiers of a node's columns inside the query: the Kusto names, with a
/// suffix where two differ only in case (SQL engines fold case).
fn column_names(d: Dialect, node: &Node) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    node.schema
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut name = c.name.clone();
            if name.eq_ignore_ascii_case("__ord") || !seen.insert(name.to_lowercase()) {
                name = format!("{}__{i}", c.name);
                seen.insert(name.to_lowercase());
            }
            dialect::ident(d, &name)
        })
        .collect()
}
