//! ES|QL queries run through the shared plan: seed 002 on hand-built documents and
//! the ES|QL rules that differ from KQL.

use kqlc::run::run_esql;
use kqlc::value::{Table, Value};
use std::path::PathBuf;

fn run_on(query: &str, index: &str, file: &str) -> Table {
    let tables = vec![(index.to_string(), vec![PathBuf::from(file)])];
    match run_esql(query, &tables, 0) {
        Ok(t) => t,
        Err(e) => panic!("{e:?}"),
    }
}

fn cell(t: &Table, row: usize, col: &str) -> Value {
    let i = t.columns.iter().position(|c| c.name == col);
    i.map_or(Value::Null, |i| t.rows[row][i].clone())
}

/// Worked by hand: user u1 makes 24 calls in the 10:00 two-minute window, the first 12
/// answered 403, over paths /p0…/p15 (16 distinct): 24 > 20, 12 >= 10,
/// round(12 / 24, 2) = 0.5 >= 0.4, 16 >= 15, so it fires. User u2 makes 24 calls with
/// only 9 answered 404: 9 < 10, so it is a near miss and returns no row.
#[test]
fn seed_002_fires_for_the_user_with_a_high_4xx_ratio_only() {
    let path = "corpus/rules/azure-ad-graph-4xx-ratio.toml";
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let rule = kqlc::rules::load(path, &text).unwrap_or_else(|d| panic!("{}", d.message));
    assert_eq!(rule.language, kqlc::source::Language::Esql);
    let query = rule.query;
    let t = run_on(
        &query,
        "logs-azure.aadgraphactivitylogs-default",
        "corpus/rules/azure-ad-graph-4xx-ratio.data/fires/docs.ndjson",
    );
    assert_eq!(t.rows.len(), 1);
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "user.id",
            "source.as.number",
            "Esql.total_calls",
            "Esql.azure_tenants",
            "Esql.errors",
            "Esql.url_path_count",
            "Esql.api_versions",
            "Esql.app_ids",
            "Esql.source_ips",
            "Esql.source_asn_name",
            "Esql.user_agents",
            "Esql.first_seen",
            "Esql.last_seen",
            "Esql.time_window",
            "Esql.error_rate",
        ]
    );
    assert_eq!(cell(&t, 0, "user.id"), Value::string("u1"));
    assert_eq!(cell(&t, 0, "Esql.total_calls"), Value::Long(24));
    assert_eq!(cell(&t, 0, "Esql.errors"), Value::Long(12));
    assert_eq!(cell(&t, 0, "Esql.url_path_count"), Value::Long(16));
    assert_eq!(cell(&t, 0, "Esql.error_rate"), Value::Real(0.5));
}

fn esql_rows(query: &str) -> Table {
    let dir = std::env::temp_dir().join(format!("kqlc-esql-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    // One file per call: the tests run in parallel.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = dir.join(format!("docs-{n}.ndjson"));
    let docs =
        "{\"a\":1,\"b\":\"x\",\"n\":{\"m\":5}}\n{\"a\":2,\"b\":null}\n{\"a\":3,\"b\":\"y\"}\n";
    let _ = std::fs::write(&file, docs);
    run_on(query, "logs-test-default", &file.to_string_lossy())
}

#[test]
fn from_pattern_matches_index_names_with_wildcards_and_flattens_documents() {
    let t = esql_rows("FROM logs-test-* | KEEP n.m, a | LIMIT 1");
    assert_eq!(t.rows, vec![vec![Value::Long(5), Value::Long(1)]]);
}

#[test]
fn where_not_equal_drops_rows_where_the_field_is_null() {
    let t = esql_rows("FROM logs-test-* | WHERE b != \"x\" | KEEP a");
    assert_eq!(t.rows, vec![vec![Value::Long(3)]]);
}

#[test]
fn eval_of_an_existing_name_moves_the_column_to_the_end() {
    let t = esql_rows("ROW a = 1, b = 2 | EVAL a = 10");
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["b", "a"]);
}

#[test]
fn stats_puts_aggregates_before_the_by_keys() {
    let t = esql_rows("FROM logs-test-* | STATS c = count(*) BY b | SORT b");
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["c", "b"]);
    // Ascending sort puts nulls last in ES|QL.
    assert_eq!(t.rows[2], vec![Value::Long(1), Value::Null]);
}

#[test]
fn keep_exact_name_beats_wildcard_and_decides_order() {
    let t = esql_rows("ROW ab = 1, ac = 2, x = 3 | KEEP a*, x, ab");
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["ac", "x", "ab"]);
}

#[test]
fn count_of_a_field_counts_non_null_values() {
    let t = esql_rows("FROM logs-test-* | STATS n = count(b)");
    assert_eq!(t.rows, vec![vec![Value::Long(2)]]);
}

#[test]
fn a_query_without_limit_returns_at_most_1000_rows() {
    let t = esql_rows("ROW a = 1");
    assert_eq!(t.rows.len(), 1);
    assert_eq!(kqlc::syntax::esql::lower::DEFAULT_LIMIT, 1000);
}

fn esql_error(query: &str) -> (String, Option<String>) {
    let result = run_esql(query, &[], 0);
    match result {
        Err(kqlc::run::RunError::Query(d)) => d
            .last()
            .map(|d| (d.message.clone(), d.help.clone()))
            .unwrap_or_default(),
        other => panic!("expected a query error, got {other:?}"),
    }
}

#[test]
fn keep_of_an_unknown_field_suggests_the_closest_name() {
    let (message, help) = esql_error("ROW host_name = 1 | KEEP host_nme");
    assert_eq!(message, "unknown column `host_nme`");
    assert_eq!(help.as_deref(), Some("did you mean `host_name`?"));
}

#[test]
fn stats_without_aggregate_or_group_is_an_error() {
    let (message, _) = esql_error("ROW a = 1 | STATS");
    assert!(!message.is_empty());
}

#[test]
fn dissect_appends_the_keys_as_columns() {
    let t = esql_rows("ROW a = \"foo bar\" | DISSECT a \"%{b} %{c}\"");
    assert_eq!(
        t.rows,
        vec![vec![
            Value::string("foo bar"),
            Value::string("foo"),
            Value::string("bar")
        ]]
    );
}

#[test]
fn in_with_a_null_item_and_no_match_is_null() {
    let t = esql_rows("ROW x = 1 | EVAL r = x IN (2, null) | KEEP r");
    assert_eq!(t.rows, vec![vec![Value::Null]]);
}
