//! Builtins whose SQL form is not a one-to-one spelling: each query here, translated to
//! DuckDB SQL and run in DuckDB, returns what kqlc's own engine returns (the deprecated
//! `makeset`/`makelist` with their cap of 128, the legacy `replace(regex, rewrite,
//! text)`, `has_any` over a `let`-bound array, `ingestion_time()` of tables without the
//! IngestionTime policy, `split` with an index).

use crate::common::sql_engine::run_batch;
use kqlc::source::Language;
use kqlc::translate::{Dialect, Target, compile::compile, translate};

/// The query's rows from DuckDB and from kqlc, as JSON text; `None` when DuckDB is absent.
fn both(query: &str) -> Option<(String, String)> {
    let plan = compile(query, Language::Kql).expect("the query compiles");
    let sql = translate(&plan, Target::Sql(Dialect::DuckDb)).expect("the query translates");
    let outcome = run_batch("duckdb", &[(sql.clone(), plan.root.schema.clone())])?;
    let engine = outcome
        .into_iter()
        .next()
        .expect("one outcome")
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
    let own = kqlc::run::run_kql(query, Vec::new(), 0).unwrap_or_else(|_| panic!("kqlc runs it"));
    let rows = |t: &kqlc::value::Table| {
        t.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| v.to_json().to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Some((rows(&engine), rows(&own)))
}

/// kqlc's rows are `expected` (checked by hand against the docs), and DuckDB's the same;
/// nothing is compared when DuckDB is absent (`run_batch` printed the SKIP notice).
fn assert_agrees(query: &str, expected: &str) {
    let Some((duckdb, own)) = both(query) else {
        return;
    };
    assert_eq!(own, expected);
    assert_eq!(duckdb, own, "DuckDB differs from kqlc");
}

#[test]
fn legacy_names_and_let_bound_lists_run_in_duckdb_as_in_kqlc() {
    let query = r#"let names = dynamic(["evil", "bad tool"]);
datatable(S:string, N:long)["run evil.exe now", 1, "a bad tool here", 2, "evilness", 3, "fine", 1]
| extend R = replace(@"(\w+)\.exe", @"\1.bin", S)
| where S has_any (names) or N == 1
| summarize Set = makeset(N), List = makelist(R) by Flag = S has_any ("fine")"#;
    assert_agrees(
        query,
        "false,[1,2],[\"run evil.bin now\",\"a bad tool here\"]\ntrue,[1],[\"fine\"]",
    );
}

#[test]
fn makeset_keeps_at_most_128_values_by_default() {
    let query = "range i from 1 to 300 step 1 | summarize S = makeset(i), L = makelist(i) | project S = array_length(S), L = array_length(L)";
    assert_agrees(query, "128,128");
}

#[test]
fn ingestion_time_is_null_on_both_engines() {
    let query = "print T = ingestion_time(), Known = isnull(ingestion_time())";
    assert_agrees(query, "null,true");
}

#[test]
fn split_with_an_index_gives_the_one_part_there_or_none() {
    // split-function: "requestedIndex … returns a string array with the requested substring".
    let query = r#"print a = split("a_b_c", "_", 1), b = split("a_b_c", "_", 5), c = split("a_b_c", "_", -1), d = split("a_b_c", "_")"#;
    assert_agrees(query, "[\"b\"],[],[],[\"a\",\"b\",\"c\"]");
}
