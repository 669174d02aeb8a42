//! `kqlc check` on ES|QL: what the checker accepts and rejects (each rule of the
//! language is one test), and bad-input cases whose rendered human output is
//! snapshotted under `snapshots/esql_check/` (each read by hand before acceptance).
//! Elasticsearch's own messages are cited where kqlc follows its verifier.

use kqlc::check::CheckOptions;
use kqlc::cli::check::check_rule;
use kqlc::diagnostic::render::{FileDiagnostics, human};
use kqlc::diagnostic::{Code, Diagnostic, Severity};
use kqlc::rules;

/// The findings of `kqlc check` on the file `path` holding `text`, by position.
fn findings(path: &str, text: &str) -> Vec<Diagnostic> {
    let rule = rules::load(path, text).unwrap_or_else(|d| panic!("{}", d.message));
    let mut found = check_rule(&rule, false, &CheckOptions::default());
    found.sort_by_key(|d| d.span.start);
    found
}

/// `(code, message)` of each finding of an `.esql` query.
fn codes(query: &str) -> Vec<(Code, String)> {
    findings("q.esql", query)
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect()
}

fn assert_clean(query: &str) {
    let found = codes(query);
    assert!(found.is_empty(), "{query}\n{found:#?}");
}

/// What `kqlc check` prints for the file `path` holding `bytes`, as the CLI renders
/// it without colour: load errors (no query, not text) included.
fn rendered(path: &str, bytes: &[u8]) -> String {
    let text = match rules::decode_text(path, bytes) {
        Ok(text) => text,
        Err(d) => return human::render(&FileDiagnostics::in_file(path, "", vec![d]), false),
    };
    let file = match rules::load(path, text) {
        Ok(rule) => {
            let found = findings(path, text);
            FileDiagnostics::new(rule.path, rule.text, rule.query_map, found)
        }
        Err(d) => FileDiagnostics::in_file(path, text, vec![d]),
    };
    human::render(&file, false)
}

fn snapshot(name: &str, path: &str, text: &[u8]) {
    let output = rendered(path, text);
    insta::with_settings!({snapshot_path => "../snapshots/esql_check", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, output);
    });
}

// --- the open schema of FROM, and what the query defines itself ---

#[test]
fn fields_read_before_stats_are_taken_to_be_fields_of_the_index() {
    assert_clean(
        "FROM logs-*\n| WHERE event.action == \"x\" AND user.name IS NOT NULL\n| EVAL u = to_lower(user.name)\n| SORT @timestamp DESC\n",
    );
}

#[test]
fn after_stats_only_its_aggregates_and_by_keys_exist() {
    assert_clean(
        "FROM logs-*\n| STATS Esql.event_count = count(*), hosts = count_distinct(host.name) BY user.name\n| WHERE Esql.event_count > 5\n| KEEP user.name, Esql.event_count, hosts\n",
    );
    let found =
        codes("FROM logs-*\n| STATS c = count(*) BY user.name\n| WHERE host.name == \"a\"\n");
    assert_eq!(
        found,
        [(
            Code::EsqlUnknownColumn,
            "unknown column `host.name`".to_string()
        )]
    );
}

#[test]
fn an_unnamed_aggregate_is_named_after_its_text() {
    assert_clean("FROM logs-*\n| STATS count(*) BY host.name\n| WHERE `count(*)` > 1\n");
}

#[test]
fn keep_closes_the_schema_and_drop_removes_a_field_even_from_the_index() {
    assert_eq!(
        codes("FROM logs-*\n| KEEP a, b\n| WHERE c == 1\n")[0].0,
        Code::EsqlUnknownColumn
    );
    assert_eq!(
        codes("FROM logs-*\n| DROP a\n| WHERE a == 1\n")[0].0,
        Code::EsqlUnknownColumn
    );
    assert_clean("FROM logs-*\n| DROP a\n| WHERE b == 1\n");
}

#[test]
fn keep_with_a_wildcard_keeps_the_unseen_fields_it_fits() {
    assert_clean("FROM logs-*\n| KEEP Esql.*, host.*\n| WHERE host.name == \"a\"\n");
    assert_eq!(
        codes("FROM logs-*\n| KEEP Esql.*\n| WHERE host.name == \"a\"\n")[0].0,
        Code::EsqlUnknownColumn
    );
}

/// Elasticsearch: "No matches found for pattern [*nonExisting]" (AnalyzerTests).
#[test]
fn a_wildcard_that_fits_no_column_of_a_fixed_schema_is_an_error() {
    let found = codes("FROM logs-*\n| STATS c = count(*) BY host.name\n| KEEP user.*\n");
    assert_eq!(
        found,
        [(
            Code::EsqlUnknownColumn,
            "no column matches the pattern `user.*`".to_string()
        )]
    );
}

#[test]
fn rename_moves_a_column_to_its_new_name() {
    assert_clean("FROM logs-*\n| RENAME user.name AS user\n| WHERE user == \"a\"\n");
    assert_eq!(
        codes("FROM logs-*\n| RENAME user.name AS user\n| WHERE user.name == \"a\"\n")[0].0,
        Code::EsqlUnknownColumn
    );
}

#[test]
fn eval_dissect_and_grok_define_columns_a_later_stats_may_read() {
    assert_clean(
        "FROM logs-*\n| KEEP message\n| DISSECT message \"%{verb} %{path}\"\n| GROK message \"%{IP:client.ip}\"\n| EVAL len = length(path)\n| STATS c = count(*) BY verb, client.ip, len\n",
    );
}

#[test]
fn metadata_fields_exist_only_when_asked_for() {
    assert_clean("FROM logs-* METADATA _id, _index\n| KEEP _id, _index\n");
    assert_eq!(
        codes("FROM logs-*\n| KEEP _id\n")[0].0,
        Code::EsqlUnknownColumn
    );
    let found = codes("FROM logs-* METADATA _idx\n");
    assert_eq!(found[0].1, "unknown metadata field `_idx`");
}

#[test]
fn enrich_and_lookup_join_bring_fields_kqlc_cannot_know() {
    assert_clean(
        "FROM logs-*\n| STATS c = count(*) BY host.name\n| LOOKUP JOIN hosts ON host.name\n| WHERE host.owner == \"x\"\n",
    );
    assert_clean(
        "FROM logs-*\n| KEEP ip\n| ENRICH geo ON ip WITH country = geo.country\n| WHERE country == \"x\"\n",
    );
}

#[test]
fn row_defines_exactly_its_columns() {
    assert_clean("ROW a = 1, b = \"x\"\n| EVAL c = a + 1\n");
    assert_eq!(
        codes("ROW a = 1\n| EVAL c = b\n")[0].0,
        Code::EsqlUnknownColumn
    );
}

// --- functions ---

#[test]
fn function_names_are_case_insensitive_and_not_limited_to_what_kqlc_runs() {
    assert_clean(
        "FROM logs-*\n| EVAL a = TO_LOWER(x), b = json_extract(y, \"$.k\"), c = mv_intersection(p, q), d = st_distance(g, h)\n",
    );
}

#[test]
fn a_kql_function_name_gets_its_esql_spelling() {
    let found = findings("q.esql", "FROM logs-*\n| EVAL a = strcat(x, y)\n");
    assert_eq!(found[0].code, Code::EsqlUnknownFunction);
    assert_eq!(
        found[0].help.as_deref(),
        Some("`strcat` is KQL; ES|QL writes `concat(a, b, …)`")
    );
}

#[test]
fn star_is_an_argument_of_count_only() {
    assert_clean("FROM logs-*\n| STATS count(*), count(), count(x)\n");
    assert_eq!(
        codes("FROM logs-*\n| STATS max(*)\n")[0].0,
        Code::EsqlWrongArity
    );
}

// --- aggregates: the rules of Elasticsearch's verifier (Aggregate.checkAggregate) ---

/// "aggregate function [max(b)] not allowed outside STATS command".
#[test]
fn an_aggregate_outside_stats_is_an_error() {
    let found = codes("FROM logs-*\n| EVAL x = max(b)\n");
    assert_eq!(
        found,
        [(
            Code::EsqlMisplacedAggregate,
            "aggregate function `max(b)` is not allowed outside STATS".to_string()
        )]
    );
}

#[test]
fn expressions_over_aggregates_and_by_keys_are_aggregates() {
    assert_clean(
        "FROM logs-*\n| STATS ratio = round(sum(x) / count(*), 2), k = host.name::keyword BY host.name\n",
    );
    assert_clean("FROM logs-*\n| STATS c = count(*) + 1 BY b = bucket(@timestamp, 1 hour)\n");
    assert_clean("FROM logs-*\n| STATS n = count(*) WHERE x > 1 BY host.name\n");
}

#[test]
fn an_aggregate_inside_an_aggregate_is_an_error() {
    let found = codes("FROM logs-*\n| STATS max(count(*))\n");
    assert_eq!(found[0].0, Code::EsqlMisplacedAggregate);
}

/// "column [salary] must appear in the STATS BY clause or be used in an aggregate function".
#[test]
fn a_column_in_stats_must_be_aggregated_or_grouped() {
    let found = codes("FROM logs-*\n| STATS c = count(*), u = user.name BY host.name\n");
    assert_eq!(
        found,
        [(
            Code::EsqlNotAggregate,
            "column `user.name` must appear in the STATS BY clause or be used in an aggregate function".to_string()
        )]
    );
}

/// "grouping key [emp_no] already specified in the STATS BY clause" (older wording).
#[test]
fn a_by_key_alone_is_not_an_aggregate() {
    assert_eq!(
        codes("FROM logs-*\n| STATS host.name BY host.name\n")[0].0,
        Code::EsqlNotAggregate
    );
}

#[test]
fn a_grouping_function_belongs_in_by() {
    assert_eq!(
        codes("FROM logs-*\n| EVAL b = bucket(@timestamp, 1 hour)\n")[0].0,
        Code::EsqlMisplacedAggregate
    );
}

#[test]
fn every_error_of_a_query_is_reported() {
    let found = codes(
        "FROM logs-*\n| EVAL x = to_lowr(a), y = concat(b)\n| STATS 1, z = c BY d\n| KEEP q\n",
    );
    let found: Vec<Code> = found.into_iter().map(|(c, _)| c).collect();
    assert_eq!(
        found,
        [
            Code::EsqlUnknownFunction,
            Code::EsqlWrongArity,
            Code::EsqlNotAggregate,
            Code::EsqlNotAggregate,
            Code::EsqlUnknownColumn,
        ]
    );
}

#[test]
fn syntax_errors_stop_the_check_before_names() {
    let found = findings(
        "q.esql",
        "FROM logs-*\n| WHERE (a == 1\n| KEEP nothing.here\n",
    );
    assert!(
        found
            .iter()
            .all(|d| d.code == Code::EsqlUnbalancedDelimiter)
    );
}

// --- bad input, rendered ---

#[test]
fn stats_without_an_aggregate() {
    snapshot(
        "stats_without_aggregate",
        "q.esql",
        b"FROM logs-*\n| STATS abs(-1), user.name BY host.name\n",
    );
}

#[test]
fn keep_of_an_unknown_field_with_did_you_mean() {
    snapshot(
        "keep_unknown_field",
        "q.esql",
        b"FROM logs-*\n| STATS Esql.event_count = count(*) BY host.name\n| KEEP Esql.evnt_count, host.name\n",
    );
}

#[test]
fn unknown_function_near_miss() {
    snapshot(
        "unknown_function",
        "q.esql",
        b"FROM logs-*\n| EVAL user = to_lowr(user.name)\n",
    );
}

#[test]
fn wrong_number_of_arguments() {
    snapshot(
        "wrong_arity",
        "q.esql",
        b"FROM logs-*\n| EVAL host = replace(host.name, \"-\")\n",
    );
}

#[test]
fn kql_handed_to_the_esql_checker_suggests_kql() {
    snapshot(
        "kql_as_esql",
        "q.esql",
        b"SigninLogs\n| where ResultType == \"50126\"\n| summarize count() by UserPrincipalName\n",
    );
}

#[test]
fn kql_without_kql_only_constructs_handed_to_the_esql_checker_suggests_kql() {
    let found = findings("q.esql", "SigninLogs\n| where ResultType == 50126\n");
    assert_eq!(
        found[0].help.as_deref(),
        Some("this looks like KQL; use a .kql file or --language kql")
    );
}

#[test]
fn esql_handed_to_the_kql_checker_suggests_esql() {
    snapshot(
        "esql_as_kql",
        "q.kql",
        b"FROM logs-*\n| WHERE event.action == \"x\"\n| STATS c = count(*) BY host.name\n",
    );
}

#[test]
fn unterminated_string() {
    snapshot(
        "unterminated_string",
        "q.esql",
        b"FROM logs-*\n| WHERE user.name == \"admin\n",
    );
}

#[test]
fn unbalanced_parenthesis() {
    snapshot(
        "unbalanced_parenthesis",
        "q.esql",
        b"FROM logs-*\n| WHERE (a == 1 OR b == 2\n| LIMIT 10\n",
    );
}

#[test]
fn toml_rule_without_query() {
    snapshot(
        "toml_without_query",
        "rule.toml",
        b"[rule]\nname = \"No query\"\nlanguage = \"esql\"\n",
    );
}

#[test]
fn toml_rule_in_kuery_is_not_checked_and_says_so() {
    let text = "[rule]\nname = \"Kuery rule\"\nlanguage = \"kuery\"\nquery = '''\nprocess.name:cmd.exe and event.type:start\n'''\n";
    let found = findings("rule.toml", text);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].code, found[0].severity),
        (Code::EsqlRuleLanguage, Severity::Warning)
    );
    snapshot("toml_kuery_language", "rule.toml", text.as_bytes());
}

#[test]
fn toml_rule_error_points_at_the_toml_line_and_column() {
    snapshot(
        "toml_unknown_column",
        "rule.toml",
        b"[metadata]\nmaturity = \"production\"\n\n[rule]\nname = \"Typo after STATS\"\nlanguage = \"esql\"\nquery = '''\nfrom logs-*\n| stats Esql.event_count = count(*) by user.name\n| where Esql.evnt_count > 10\n'''\n",
    );
}

#[test]
fn binary_file() {
    snapshot("binary_file", "q.esql", b"FROM \x00\x01\x02 logs\n");
}
