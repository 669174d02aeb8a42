//! Output schemas like Kusto: the result columns (names, order, types) that `kqlc
//! explain` reports for a query equal the ones Microsoft's analyzer Kusto.Language
//! infers (`KustoCode.ResultType`, through `tests/kusto/result_schema.js`), given the
//! same table schemas, on the public corpus queries it analyses without error (the
//! aim is 99.5%; this test holds the figure reached as a ratchet), leaving out the few
//! that read a table neither has a schema for, inside `union isfuzzy=true`, where the
//! analyzer drops the leg. Skips with a printed notice when node, npm or `../shared` is
//! absent.
//!
//! Known disagreements kqlc keeps on purpose:
//! - `union` of legs where a column has one type in two legs and another type in a
//!   later one (q597, q1019): Kusto.Language's `ColumnMap.Add` builds the per-type map
//!   for that case but never stores it, so the later type vanishes; the union page says
//!   each type gets its own `Name_type` column, and kqlc does that.
//! - Columns that `pivot` or `bag_unpack` make from the data (q51, q1285, q237, q409,
//!   q593): Kusto.Language cannot know them and types them `unknown`; kqlc takes the
//!   names the query goes on to read; over a constant input (q1895) kqlc runs the
//!   input and knows them.
//! - `extend a = series_decompose_anomalies(x)` (q984): Kusto.Language adds the other
//!   results under their default names, as it does for `project`; the
//!   series-fit-2lines page says `extend` returns only the named ones, and kqlc does
//!   that.
//!
//! Prints a table of the mismatches (`KQLC_SCHEMA_VERBOSE=1` prints every one).

use crate::common;

use kqlc::check::CheckOptions;
use kqlc::check::explain::explain;
use serde_json::{Value, json};
use std::path::Path;

/// The share of analysed queries whose columns must agree: the figure reached
/// (1,598/1,608 = 99.38%), never to fall. The aim is 99.5%; the rest are the known
/// disagreements above.
const REQUIRED_AGREEMENT: f64 = 99.3;

/// `(name, type)` of each result column as `kqlc explain` reports it.
fn kqlc_columns(query: &str, options: &CheckOptions) -> Result<Vec<(String, String)>, String> {
    let (parsed, diags) = kqlc::parse_kql(query);
    let parsed = parsed
        .filter(|_| !diags.iter().any(|d| d.is_error()))
        .ok_or("parse error")?;
    let explanation = explain(&parsed, query, options).map_err(|d| d.message)?;
    Ok(explanation
        .outputs
        .into_iter()
        .map(|o| (o.name, o.ty))
        .collect())
}

/// Whether `kqlc check` finds that the query reads a table without a schema (`KQL210`).
fn reads_a_table_without_schema(query: &str, options: &CheckOptions) -> bool {
    let (parsed, _) = kqlc::parse_kql(query);
    parsed.is_some_and(|q| {
        kqlc::check::check_kql(&q, query, options)
            .iter()
            .any(|d| d.code == kqlc::diagnostic::Code::TableWithoutSchema)
    })
}

/// `(name, type)` pairs of the analyzer's `columns` array.
fn kusto_columns(result: &Value) -> Option<Vec<(String, String)>> {
    let columns = result.get("columns")?.as_array()?;
    columns
        .iter()
        .map(|pair| Some((pair[0].as_str()?.to_string(), pair[1].as_str()?.to_string())))
        .collect()
}

fn render(columns: &[(String, String)]) -> String {
    let shown: Vec<String> = columns
        .iter()
        .take(12)
        .map(|(n, t)| format!("{n}:{t}"))
        .collect();
    let more = columns.len().saturating_sub(12);
    if more > 0 {
        format!("{} … (+{more})", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The first place where the two column lists differ, for the mismatch table.
fn first_difference(kusto: &[(String, String)], ours: &[(String, String)]) -> String {
    for (i, (k, o)) in kusto.iter().zip(ours).enumerate() {
        if k != o {
            return format!("#{i}: Kusto {}:{} / kqlc {}:{}", k.0, k.1, o.0, o.1);
        }
    }
    format!("{} columns in Kusto, {} in kqlc", kusto.len(), ours.len())
}

#[test]
fn explain_reports_the_result_columns_kusto_language_infers() {
    let Some((reference, queries)) = common::kusto::reference_and_corpus() else {
        return;
    };
    let schemas = Path::new(env!("CARGO_TARGET_TMPDIR")).join("result_schema_kusto");
    common::kusto::write_schemas(&schemas);
    let input: Vec<Value> = queries
        .iter()
        .enumerate()
        .map(|(id, query)| json!({"id": id, "query": query}))
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kusto/result_schema.js");
    let results = common::kusto::run_node(
        &reference,
        &script,
        &[schemas.to_str().expect("UTF-8 path")],
        &input,
    );
    let options = CheckOptions::default();
    let (mut analysed, mut agree) = (0usize, 0usize);
    let (mut unknown_tables, mut unknown_agree) = (0usize, 0usize);
    let mut mismatches = Vec::new();
    for result in &results {
        let id = result["id"].as_u64().unwrap_or(0) as usize;
        let Some(kusto) = kusto_columns(result) else {
            continue;
        };
        if result["errors"].as_u64() != Some(0) {
            continue;
        }
        let ours = kqlc_columns(&queries[id], &options);
        if reads_a_table_without_schema(&queries[id], &options) {
            // Kusto.Language drops a `union isfuzzy=true` leg over a table it was not
            // given; the workspace has the table, so its answer is not Sentinel's.
            unknown_tables += 1;
            unknown_agree += usize::from(ours.as_ref().is_ok_and(|o| *o == kusto));
            continue;
        }
        analysed += 1;
        match ours {
            Ok(ours) if ours == kusto => agree += 1,
            Ok(ours) => mismatches.push((id, first_difference(&kusto, &ours), kusto, ours)),
            Err(why) => mismatches.push((id, format!("kqlc: {why}"), kusto, Vec::new())),
        }
    }
    let rate = 100.0 * agree as f64 / analysed.max(1) as f64;
    println!(
        "result columns agree with Kusto.Language on {agree} of {analysed} error-free public queries ({rate:.2}%)"
    );
    println!(
        "left out: {unknown_tables} queries that read a table neither kqlc nor Kusto.Language has a schema for ({unknown_agree} of them agree)"
    );
    println!("mismatches (query, first difference):");
    let verbose = std::env::var_os("KQLC_SCHEMA_VERBOSE").is_some();
    for (id, difference, kusto, ours) in
        mismatches
            .iter()
            .take(if verbose { usize::MAX } else { 40 })
    {
        println!("  q{id:<5} {difference}");
        if verbose {
            println!(
                "        Kusto: {}\n        kqlc:  {}\n{}\n",
                render(kusto),
                render(ours),
                queries[*id]
            );
        }
    }
    assert!(
        rate >= REQUIRED_AGREEMENT,
        "{rate:.2}% of the queries agree; at least {REQUIRED_AGREEMENT}% must"
    );
}
