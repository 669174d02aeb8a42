//! `kqlc check` on ES|QL knows field types: the Elastic Common Schema (built in) and
//! `--schema` files type the index fields, and type errors follow Elasticsearch's
//! verifier (its messages are quoted: `first argument of [emp_no == ?] is [numeric] so
//! second argument must also be [numeric] but was [keyword]` from the ES|QL
//! VerifierTests; `… must be [keyword or text], found value [x] type [integer]` for
//! function parameters, whose accepted types are the "Supported types" tables of
//! <https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/>).
//! The examples are hand-broken variants of seed 002's rule
//! (`corpus/rules/azure-ad-graph-4xx-ratio.toml`); their rendered findings are
//! snapshotted under `snapshots/esql_check/` (each read by hand before acceptance).

use kqlc::check::CheckOptions;
use kqlc::check::esql::types::{EsType, FieldTypes};
use kqlc::cli::check::check_rule;
use kqlc::diagnostic::render::{FileDiagnostics, human};
use kqlc::diagnostic::{Code, Diagnostic};
use kqlc::rules;

/// Seed 002's ES|QL query, read from the rule file in the repository.
fn seed_query() -> String {
    let rule = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/rules/azure-ad-graph-4xx-ratio.toml"
    ))
    .unwrap_or_else(|e| panic!("the seed rule: {e}"));
    let start = rule.find("query = '''\n").map(|i| i + 12).unwrap_or(0);
    let end = rule[start..].find("'''").map_or(rule.len(), |i| start + i);
    rule[start..end].to_string()
}

/// The seed query with `from` replaced by `to` (which must occur).
fn variant(from: &str, to: &str) -> String {
    let query = seed_query();
    assert!(query.contains(from), "the seed query has `{from}`");
    query.replacen(from, to, 1)
}

fn findings(query: &str, options: &CheckOptions) -> Vec<Diagnostic> {
    let rule = rules::load("q.esql", query).unwrap_or_else(|d| panic!("{}", d.message));
    check_rule(&rule, false, options)
}

fn codes(query: &str) -> Vec<(Code, String)> {
    findings(query, &CheckOptions::default())
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect()
}

fn snapshot(name: &str, query: &str) {
    let rule = rules::load("q.esql", query).unwrap_or_else(|d| panic!("{}", d.message));
    let found = findings(query, &CheckOptions::default());
    let file = FileDiagnostics::new(rule.path, rule.text, rule.query_map, found);
    let output = human::render(&file, false);
    insta::with_settings!({snapshot_path => "../snapshots/esql_check", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, output);
    });
}

#[test]
fn the_seed_rule_checks_clean_with_field_types() {
    assert_eq!(codes(&seed_query()), []);
}

#[test]
fn a_keyword_field_compared_with_a_number_is_a_type_error() {
    let q = variant(
        "| where data_stream.dataset == \"azure.aadgraphactivitylogs\"",
        "| where data_stream.dataset == \"azure.aadgraphactivitylogs\" and user.id == 0",
    );
    assert_eq!(
        codes(&q),
        [(
            Code::EsqlTypeMismatch,
            "first argument of [user.id == 0] is [keyword] so second argument must also be [keyword] but was [integer]".to_string()
        )]
    );
    snapshot("type_keyword_compared_with_number", &q);
}

#[test]
fn a_numeric_field_compared_with_a_string_is_a_type_error() {
    // VerifierTests: `http.response.status_code == "500"` is rejected as
    // `… is [numeric] so second argument must also be [numeric] but was [keyword]`.
    let q = variant(
        "http.response.status_code >= 400 and",
        "http.response.status_code >= \"400\" and",
    );
    assert_eq!(
        codes(&q),
        [(
            Code::EsqlTypeMismatch,
            "first argument of [http.response.status_code >= \"400\"] is [numeric] so second argument must also be [numeric] but was [keyword]".to_string()
        )]
    );
}

#[test]
fn to_lower_of_an_integer_field_is_a_type_error() {
    let q = variant(
        "| eval Esql.time_window = date_trunc(2 minutes, @timestamp)",
        "| eval Esql.time_window = date_trunc(2 minutes, @timestamp), Esql.code = to_lower(http.response.status_code)",
    );
    assert_eq!(
        codes(&q),
        [(
            Code::EsqlTypeMismatch,
            "first argument of [to_lower(http.response.status_code)] must be [keyword or text], found value [http.response.status_code] type [long]".to_string()
        )]
    );
    snapshot("type_to_lower_of_long", &q);
}

#[test]
fn arithmetic_on_a_keyword_is_a_type_error() {
    let q = variant("round(Esql.errors * 1.0", "round(user.id * 1.0");
    assert_eq!(
        codes(&q),
        [(
            Code::EsqlTypeMismatch,
            "first argument of [user.id * 1.0] must be [numeric], found value [user.id] type [keyword]".to_string()
        )]
    );
    snapshot("type_arithmetic_on_keyword", &q);
}

#[test]
fn a_misspelt_by_column_is_a_warning_with_did_you_mean() {
    let q = variant("\nEsql.time_window\n", "\nEsql.time_windw\n");
    let found = findings(&q, &CheckOptions::default());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::EsqlNearMissColumn);
    snapshot("type_misspelt_by_column", &q);
}

#[test]
fn aggregate_and_date_function_arguments_are_typed() {
    let sum = codes("FROM logs-*\n| STATS s = SUM(user.name)\n");
    assert_eq!(
        sum,
        [(
            Code::EsqlTypeMismatch,
            "first argument of [SUM(user.name)] must be [numeric], found value [user.name] type [keyword]".to_string()
        )]
    );
    let trunc = codes("FROM logs-*\n| EVAL t = DATE_TRUNC(1 hour, user.name)\n");
    assert_eq!(trunc.len(), 1, "{trunc:?}");
    assert!(trunc[0].1.starts_with(
        "second argument of [DATE_TRUNC(1 hour, user.name)] must be [datetime or date_nanos]"
    ));
}

#[test]
fn a_string_literal_compared_with_a_date_or_ip_is_cast() {
    assert_eq!(
        codes("FROM logs-*\n| WHERE @timestamp > \"2024-01-01\" AND source.ip == \"10.0.0.1\"\n"),
        []
    );
}

#[test]
fn a_field_outside_ecs_stays_unchecked() {
    assert_eq!(
        codes("FROM logs-*\n| WHERE azure.tenant_id == 1 AND TO_LOWER(azure.tenant_id) == \"x\"\n"),
        []
    );
}

#[test]
fn query_defined_columns_carry_their_types() {
    let found = codes("FROM logs-*\n| EVAL n = LENGTH(user.name)\n| WHERE n == \"long\"\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .contains("is [numeric] so second argument must also be [numeric] but was [keyword]")
    );
    let stats = codes("FROM logs-*\n| STATS c = COUNT(*) BY user.name\n| EVAL x = TO_UPPER(c)\n");
    assert_eq!(stats.len(), 1, "{stats:?}");
    assert!(stats[0].1.contains("found value [c] type [long]"));
}

#[test]
fn a_schema_file_adds_and_overrides_field_types() {
    let mut options = CheckOptions::default();
    let lines = FieldTypes::parse("azure.tenant_id:long\nuser.id:long\n").unwrap_or_default();
    assert_eq!(lines.get("azure.tenant_id"), EsType::Long);
    options.esql_fields = lines;
    let q = "FROM logs-*\n| WHERE azure.tenant_id == \"x\" AND user.id == 3\n";
    let found: Vec<String> = findings(q, &options)
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        found,
        [
            "first argument of [azure.tenant_id == \"x\"] is [numeric] so second argument must also be [numeric] but was [keyword]"
        ]
    );
}

#[test]
fn check_reads_an_index_mapping_given_with_schema() {
    let dir = std::env::temp_dir().join(format!("kqlc-esql-types-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mapping = dir.join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"logs-azure": {"mappings": {"properties": {"azure": {"properties": {"tenant_id": {"type": "long"}}}}}}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let query = dir.join("q.esql");
    std::fs::write(
        &query,
        "FROM logs-*\n| EVAL t = TO_UPPER(azure.tenant_id)\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kqlc"))
        .arg("check")
        .arg(&query)
        .arg("--schema")
        .arg(format!("logs-azure={}", mapping.display()))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("ESQL206"), "{text}");
    assert!(
        text.contains("found value [azure.tenant_id] type [long]"),
        "{text}"
    );
}
