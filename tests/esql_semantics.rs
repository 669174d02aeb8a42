//! ES|QL semantics, one rule per test, each checked against the ES|QL reference
//! (<https://www.elastic.co/docs/reference/query-languages/esql/>; the page is named in
//! each test's comment). Inputs are small hand-written documents; expectations are
//! worked out by hand from the docs.

use kqlc::run::{RunError, run_esql_on};
use kqlc::syntax::esql::lower::documents::documents_table_of;
use kqlc::syntax::esql::lower::enrich::{policy_table, policy_table_name};
use kqlc::value::Table;
use serde_json::{Value as J, json};

fn table(index: &str, docs: &str) -> (String, Table) {
    let t = documents_table_of(index, &[docs]).unwrap_or_else(|e| panic!("{e}"));
    (index.to_string(), t)
}

fn try_run(query: &str, tables: Vec<(String, Table)>) -> Result<Table, RunError> {
    run_esql_on(query, tables, 0)
}

/// The result as JSON rows (column name → value), in column order.
fn run(query: &str, tables: Vec<(String, Table)>) -> Vec<J> {
    let t = try_run(query, tables).unwrap_or_else(|e| panic!("{query}: {e:?}"));
    t.rows.iter().map(|r| J::Object(t.row_object(r))).collect()
}

fn columns(query: &str, tables: Vec<(String, Table)>) -> Vec<String> {
    let t = try_run(query, tables).unwrap_or_else(|e| panic!("{query}: {e:?}"));
    t.columns.into_iter().map(|c| c.name).collect()
}

fn error_text(query: &str, tables: Vec<(String, Table)>) -> String {
    match try_run(query, tables) {
        Ok(_) => panic!("{query} should fail"),
        Err(RunError::Query(d)) => d
            .iter()
            .map(|d| format!("{} {}", d.message, d.help.clone().unwrap_or_default()))
            .collect(),
        Err(RunError::Io(e)) => e.to_string(),
        Err(RunError::Engine(e)) => e.message,
    }
}

// --- DISSECT and GROK (esql-process-data-with-dissect-and-grok, commands/dissect, commands/grok)

/// DISSECT `%{+key}` appends to `key`, `%{+key/n}` in order n, joined with
/// `APPEND_SEPARATOR` (empty by default).
#[test]
fn dissect_append_modifiers_join_in_order_with_the_separator() {
    let q = r#"ROW a = "x 1 y" | DISSECT a "%{+b/2} %{c} %{+b/1}" APPEND_SEPARATOR = "-""#;
    assert_eq!(
        run(q, vec![]),
        [json!({"a": "x 1 y", "b": "y-x", "c": "1"})]
    );
}

/// A null input leaves every extracted column null (not an empty string).
#[test]
fn dissect_of_null_gives_null_columns() {
    let q = r#"ROW a = null | EVAL s = TO_STRING(a) | DISSECT s "%{x} %{y}" | KEEP x, y"#;
    assert_eq!(run(q, vec![]), [json!({"x": null, "y": null})]);
}

/// GROK: a field named twice collects both captures as a multi-value.
#[test]
fn grok_repeated_field_becomes_a_multi_value() {
    let q = r#"ROW a = "foo bar" | GROK a "%{WORD:b} %{WORD:b}""#;
    assert_eq!(
        run(q, vec![]),
        [json!({"a": "foo bar", "b": ["foo", "bar"]})]
    );
}

/// GROK with several patterns: the first that matches wins; columns are the union.
#[test]
fn grok_pattern_list_takes_the_first_match() {
    let q = r#"ROW t = "XYZ v" | GROK t "ABC %{WORD:a}", "XYZ %{WORD:b}" | KEEP a, b"#;
    assert_eq!(run(q, vec![]), [json!({"a": null, "b": "v"})]);
}

/// GROK on a multi-valued field matches each value; captures collect per column.
#[test]
fn grok_matches_each_value_of_a_multi_value() {
    let docs = r#"{"jobs": ["Senior Python Developer", "Tech Lead", "Head of Ops"]}"#;
    let q = r#"FROM idx | GROK jobs "%{WORD:a} %{WORD:b} %{WORD:c}" | KEEP a, c"#;
    assert_eq!(
        run(q, vec![table("idx", docs)]),
        [json!({"a": ["Senior", "Head"], "c": ["Developer", "Ops"]})]
    );
}

// --- IP addresses (types: ip; functions TO_IP, CIDR_MATCH; commands/sort)

/// IPs order by their 16-byte IPv6 form: `::1` < `127.0.0.1` < `fe80::1`, in
/// comparisons and in SORT.
#[test]
fn ip_addresses_compare_and_sort_by_value() {
    let docs = r#"{"ip": "fe80::1"} {"ip": "127.0.0.1"} {"ip": "::1"} {"ip": "10.0.0.2"}"#;
    let q = r#"FROM idx | WHERE TO_IP(ip) > TO_IP("::1") | SORT ip | KEEP ip"#;
    assert_eq!(
        run(q, vec![table("idx", docs)]),
        [
            json!({"ip": "10.0.0.2"}),
            json!({"ip": "127.0.0.1"}),
            json!({"ip": "fe80::1"})
        ]
    );
}

/// MIN/MAX of IP addresses order them by value too.
#[test]
fn min_and_max_of_ip_addresses_order_by_value() {
    let docs = r#"{"ip": "127.0.0.1"} {"ip": "::1"} {"ip": "9.9.9.9"}"#;
    let q = "FROM idx | STATS lo = MIN(ip), hi = MAX(ip)";
    assert_eq!(
        run(q, vec![table("idx", docs)]),
        [json!({"lo": "::1", "hi": "127.0.0.1"})]
    );
}

/// SORT on a multi-value uses its lowest value ascending, its highest descending.
#[test]
fn sort_uses_the_min_or_max_of_a_multi_value() {
    let docs = r#"{"n": [1, 9], "id": "a"} {"n": 5, "id": "b"}"#;
    let asc = run("FROM idx | SORT n | KEEP id", vec![table("idx", docs)]);
    let desc = run("FROM idx | SORT n DESC | KEEP id", vec![table("idx", docs)]);
    assert_eq!(asc, [json!({"id": "a"}), json!({"id": "b"})]);
    assert_eq!(desc, [json!({"id": "a"}), json!({"id": "b"})]);
}

/// CIDR_MATCH: a block written without a prefix length is that one address.
#[test]
fn cidr_match_block_without_prefix_is_one_address() {
    let q = r#"ROW ip = TO_IP("10.0.0.2") | EVAL a = CIDR_MATCH(ip, "10.0.0.2"), b = CIDR_MATCH(ip, "10.0.0.3")"#;
    assert_eq!(
        run(q, vec![]),
        [json!({"ip": "10.0.0.2", "a": true, "b": false})]
    );
}

/// TO_IP's `leading_zeros` option: `reject` (default), `decimal`, `octal`.
#[test]
fn to_ip_reads_leading_zeros_as_the_option_says() {
    let q = r#"ROW s = "1.1.010.1" | EVAL r = TO_IP(s), d = TO_IP(s, {"leading_zeros": "decimal"}), o = TO_IP(s, {"leading_zeros": "octal"}) | KEEP r, d, o"#;
    assert_eq!(
        run(q, vec![]),
        [json!({"r": null, "d": "1.1.10.1", "o": "1.1.8.1"})]
    );
}

// --- multi-value functions (functions-operators/mv-functions)

/// MV_SORT sorts ascending or "DESC"; MV_SLICE takes an inclusive 0-based range.
#[test]
fn mv_sort_and_mv_slice() {
    let q = r#"ROW a = [3, 1, 2] | EVAL s = MV_SORT(a, "DESC"), f = MV_SLICE(a, 0, 1), l = MV_SLICE(a, -1)"#;
    assert_eq!(
        run(q, vec![]),
        [json!({"a": [3, 1, 2], "s": [3, 2, 1], "f": [3, 1], "l": 2})]
    );
}

/// Dates inside a multi-value render as ES|QL renders dates (milliseconds, `Z`).
#[test]
fn dates_inside_multi_values_render_with_milliseconds() {
    let q = r#"ROW ms = [0, 1500] | EVAL d = TO_DATETIME(ms) | KEEP d"#;
    assert_eq!(
        run(q, vec![]),
        [json!({"d": ["1970-01-01T00:00:00.000Z", "1970-01-01T00:00:01.500Z"]})]
    );
}

// --- dates (functions-operators/date-time-functions: DATE_DIFF; esql-time-spans)

/// DATE_DIFF accepts `weekdays`/`dw` (whole days), reads strings as dates, and gives
/// null when the difference leaves the integer range.
#[test]
fn date_diff_units_strings_and_integer_range() {
    let q = r#"ROW a = TO_DATETIME("2023-12-02T11:00:00.000Z")
| EVAL wd = DATE_DIFF("weekdays", a, "2023-12-24T11:00:00.000Z"),
       ns = DATE_DIFF("nanoseconds", a, "2023-12-24T11:00:00.000Z")
| KEEP wd, ns"#;
    assert_eq!(run(q, vec![]), [json!({"wd": 22, "ns": null})]);
}

/// A calendar period (`1 MONTH`, `1 YEAR`) moves a date by calendar months.
#[test]
fn date_plus_calendar_period() {
    let q = r#"ROW d = TO_DATETIME("2025-01-31T00:00:00.000Z") | EVAL m = d + 1 MONTH, y = d - 1 YEAR | KEEP m, y"#;
    assert_eq!(
        run(q, vec![]),
        [json!({"m": "2025-02-28T00:00:00Z", "y": "2024-01-31T00:00:00Z"})]
    );
}

// --- STATS (commands/stats-by; functions-operators/aggregation-functions)

fn sales() -> (String, Table) {
    table(
        "sales",
        r#"{"shop": "a", "n": 1, "tags": ["x", "y"]}
{"shop": "a", "n": 5, "tags": "x"}
{"shop": "b", "n": 7}"#,
    )
}

/// `agg WHERE condition` aggregates only the rows where the condition holds.
#[test]
fn stats_where_filters_one_aggregate() {
    let q = "FROM sales | STATS all = COUNT(*), big = COUNT(*) WHERE n > 2, s = SUM(n) WHERE n > 2 BY shop | SORT shop";
    assert_eq!(
        run(q, vec![sales()]),
        [
            json!({"all": 2, "big": 1, "s": 5, "shop": "a"}),
            json!({"all": 1, "big": 1, "s": 7, "shop": "b"})
        ]
    );
}

/// An aggregate expression may combine aggregates (`MAX(n) - MIN(n)`, `ROUND(AVG(n), 1)`).
#[test]
fn stats_expressions_over_aggregates() {
    let q = "FROM sales | STATS spread = MAX(n) - MIN(n), r = ROUND(AVG(n), 1)";
    assert_eq!(run(q, vec![sales()]), [json!({"spread": 6, "r": 4.3})]);
}

/// SUM of no value is null (COUNT is 0); VALUES of one value is that value.
#[test]
fn sum_of_nothing_is_null_and_values_of_one_is_a_scalar() {
    let q = "FROM sales | WHERE n > 100 | STATS s = SUM(n), c = COUNT(n)";
    assert_eq!(run(q, vec![sales()]), [json!({"s": null, "c": 0})]);
    let q = "FROM sales | STATS v = VALUES(n) BY shop | SORT shop";
    assert_eq!(
        run(q, vec![sales()]),
        [
            json!({"v": [1, 5], "shop": "a"}),
            json!({"v": 7, "shop": "b"})
        ]
    );
}

/// BY a multi-valued field puts the row in each value's group, and the aggregated field
/// still holds all its values there (COUNT counts values).
#[test]
fn stats_by_multi_valued_field_keeps_the_whole_field_for_aggregates() {
    let q = "FROM sales | STATS c = COUNT(tags) BY tags | SORT tags";
    assert_eq!(
        run(q, vec![sales()]),
        [
            json!({"c": 3, "tags": "x"}),
            json!({"c": 2, "tags": "y"}),
            json!({"c": 0, "tags": null})
        ]
    );
}

// --- INLINE STATS (commands/inlinestats-by)

/// INLINE STATS keeps every row and adds its group's aggregates; the BY columns move
/// after the aggregates, and a null key is a group of its own.
#[test]
fn inline_stats_adds_group_aggregates_to_every_row() {
    let docs = r#"{"id": 1, "g": "a", "n": 1} {"id": 2, "g": "a", "n": 5} {"id": 3, "n": 7} {"id": 4, "n": 2}"#;
    let q = "FROM idx | KEEP id, g, n | INLINE STATS m = MAX(n) BY g | SORT id";
    assert_eq!(
        run(q, vec![table("idx", docs)]),
        [
            json!({"id": 1, "n": 1, "m": 5, "g": "a"}),
            json!({"id": 2, "n": 5, "m": 5, "g": "a"}),
            json!({"id": 3, "n": 7, "m": 7, "g": null}),
            json!({"id": 4, "n": 2, "m": 7, "g": null})
        ]
    );
}

/// INLINESTATS without BY: the whole input is one group.
#[test]
fn inline_stats_without_by_uses_one_group() {
    let docs = r#"{"id": 1, "n": 1} {"id": 2, "n": 5}"#;
    let q = "FROM idx | KEEP id, n | INLINESTATS total = SUM(n) | SORT id";
    assert_eq!(
        run(q, vec![table("idx", docs)]),
        [
            json!({"id": 1, "n": 1, "total": 6}),
            json!({"id": 2, "n": 5, "total": 6})
        ]
    );
}

// --- LOOKUP JOIN (commands/lookup-join, esql-lookup-join)

fn hosts() -> (String, Table) {
    table(
        "hosts",
        r#"{"host": "web", "owner": "ops", "env": "prod"}
{"host": "db", "owner": "dba", "env": "prod"}
{"host": "db", "owner": "sre", "env": "prod"}"#,
    )
}

fn events() -> (String, Table) {
    table(
        "events",
        r#"{"id": 1, "host": "web", "env": "test"}
{"id": 2, "host": "db"}
{"id": 3, "host": "mail"}
{"id": 4, "host": ["web", "db"]}"#,
    )
}

/// Left-join behaviour: no match keeps the row with nulls, several matches give one
/// row each, a multi-valued key matches nothing, and a lookup field named like an
/// existing column replaces it (appended after the input columns).
#[test]
fn lookup_join_has_left_join_semantics() {
    let q = "FROM events | LOOKUP JOIN hosts ON host | SORT id, owner";
    let rows = run(q, vec![events(), hosts()]);
    assert_eq!(
        rows,
        [
            json!({"id": 1, "host": "web", "owner": "ops", "env": "prod"}),
            json!({"id": 2, "host": "db", "owner": "dba", "env": "prod"}),
            json!({"id": 2, "host": "db", "owner": "sre", "env": "prod"}),
            json!({"id": 3, "host": "mail", "owner": null, "env": null}),
            json!({"id": 4, "host": ["web", "db"], "owner": null, "env": null})
        ]
    );
}

/// `ON left_field == lookup_field` joins fields of different names.
#[test]
fn lookup_join_on_an_equality_of_two_fields() {
    let ev = table("ev", r#"{"h": "web"}"#);
    let q = "FROM ev | LOOKUP JOIN hosts ON h == host | KEEP h, owner";
    assert_eq!(
        run(q, vec![ev, hosts()]),
        [json!({"h": "web", "owner": "ops"})]
    );
}

/// A lookup index that was not given is an error naming it, with the flag to use.
#[test]
fn lookup_join_of_an_unknown_index_names_it() {
    let text = error_text("FROM events | LOOKUP JOIN nowhere ON host", vec![events()]);
    assert!(
        text.contains("nowhere") && text.contains("--table"),
        "{text}"
    );
}

// --- ENRICH (commands/enrich, esql-enrich-data)

fn policy() -> (String, Table) {
    let t = policy_table(
        r#"{"match_field": "host", "enrich_fields": ["owner", "site"],
            "rows": [{"host": "web", "owner": "ops", "site": "par"},
                     {"host": "db", "owner": "dba", "site": "ber"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (policy_table_name("hosts-policy"), t)
}

/// ENRICH matches the policy's match field (ON defaults to it), adds every enrich
/// field (WITH omitted), and leaves nulls where nothing matches.
#[test]
fn enrich_adds_the_policy_fields_of_the_matching_row() {
    let q = "FROM events | ENRICH hosts-policy | KEEP id, owner, site | SORT id";
    assert_eq!(
        run(q, vec![events(), policy()]),
        [
            json!({"id": 1, "owner": "ops", "site": "par"}),
            json!({"id": 2, "owner": "dba", "site": "ber"}),
            json!({"id": 3, "owner": null, "site": null}),
            json!({"id": 4, "owner": null, "site": null})
        ]
    );
}

/// `ON field` names the input column; `WITH new = field` renames, and only the listed
/// fields are added.
#[test]
fn enrich_on_and_with_rename() {
    let ev = table("ev", r#"{"h": "db"}"#);
    let q = "FROM ev | ENRICH hosts-policy ON h WITH who = owner";
    assert_eq!(columns(q, vec![ev.clone(), policy()]), ["h", "who"]);
    assert_eq!(
        run(q, vec![ev, policy()]),
        [json!({"h": "db", "who": "dba"})]
    );
}

/// A policy that was not given is an error naming it and the flag that gives it.
#[test]
fn enrich_with_a_missing_policy_names_it() {
    let text = error_text("FROM events | ENRICH nope", vec![events()]);
    assert!(
        text.contains("nope") && text.contains("--enrich-policy"),
        "{text}"
    );
}

/// Policy tables never show up in `FROM *`.
#[test]
fn policies_are_not_indices() {
    let names = columns("FROM * | KEEP *", vec![events(), policy()]);
    assert!(!names.iter().any(|n| n == "site"), "{names:?}");
}

// --- more scalar functions (functions-operators: string-, math-, ip-, mv-, date-time-functions)

/// REPLACE takes a regular expression (`$1` names a group); LOCATE is 1-based, 0 when
/// absent; LEFT/RIGHT take characters.
#[test]
fn string_functions_replace_locate_left_right() {
    let q = r#"ROW s = "Hello World" | EVAL r = REPLACE(s, "(\\w+) (\\w+)", "$2 $1"), l = LOCATE(s, "World"), n = LOCATE(s, "x"), a = LEFT(s, 2), b = RIGHT(s, 3) | KEEP r, l, n, a, b"#;
    assert_eq!(
        run(q, vec![]),
        [json!({"r": "World Hello", "l": 7, "n": 0, "a": "He", "b": "rld"})]
    );
}

/// FLOOR/CEIL keep integers as they are; POW gives a double; IP_PREFIX clears host bits.
#[test]
fn math_and_ip_functions() {
    let q = r#"ROW i = 7, d = -2.5, ip = TO_IP("10.1.2.3") | EVAL f = FLOOR(d), c = CEIL(d), fi = FLOOR(i), p = POW(2, 10), net = IP_PREFIX(ip, 16, 0) | KEEP f, c, fi, p, net"#;
    assert_eq!(
        run(q, vec![]),
        [json!({"f": -3.0, "c": -2.0, "fi": 7, "p": 1024.0, "net": "10.1.0.0"})]
    );
}

/// MV_SUM/MV_AVG/MV_MEDIAN reduce a multi-value; MV_CONTAINS tests every value of the
/// subset.
#[test]
fn multi_value_reductions() {
    let q = r#"ROW a = [1, 2, 3, 6] | EVAL s = MV_SUM(a), m = MV_AVG(a), md = MV_MEDIAN(a), c = MV_CONTAINS(a, [2, 6]), n = MV_CONTAINS(a, [2, 5]) | KEEP s, m, md, c, n"#;
    assert_eq!(
        run(q, vec![]),
        [json!({"s": 12, "m": 3.0, "md": 2, "c": true, "n": false})]
    );
}

/// TOP(field, limit, order): the largest ("desc") or smallest ("asc") values in order.
#[test]
fn top_takes_the_largest_or_smallest_values() {
    let q = r#"FROM sales | STATS hi = TOP(n, 2, "desc"), lo = TOP(n, 1, "asc")"#;
    assert_eq!(run(q, vec![sales()]), [json!({"hi": [7, 5], "lo": 1})]);
}
