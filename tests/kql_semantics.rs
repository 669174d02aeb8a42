//! Kusto's semantics where other engines differ, each checked against the Kusto docs
//! (the page is named in the test) on a self-contained query.

use crate::common;

use common::query::rows;
use kqlc::exec::{MemoryTables, run};
use serde_json::{Value, json};

fn one(query: &str) -> Value {
    let all = rows(query);
    assert_eq!(all.len(), 1, "{query}: {all:?}");
    all.into_iter().next().unwrap_or_default()
}

#[test]
fn has_matches_whole_terms_not_substrings_has_operator_docs() {
    assert_eq!(
        one(
            r#"print a = "ab-cd" has "cd", b = "abcd" has "cd", c = "North America" has "america""#
        ),
        json!({"a": true, "b": false, "c": true})
    );
}

#[test]
fn double_equals_is_case_sensitive_and_tilde_equals_is_not_string_operators_docs() {
    assert_eq!(
        one(r#"print a = "Failure" == "failure", b = "Failure" =~ "FAILURE", c = "x" !~ "X""#),
        json!({"a": false, "b": true, "c": false})
    );
}

#[test]
fn in_flattens_dynamic_arrays_and_in_tilde_ignores_case_in_operator_docs() {
    let r = one(
        r#"let list = dynamic(["a", "b"]); print a = "b" in (list, "c"), b = "B" in (list), c = "B" in~ (list), d = "z" !in ("a")"#,
    );
    assert_eq!(r, json!({"a": true, "b": false, "c": true, "d": true}));
}

#[test]
fn between_includes_both_bounds_and_takes_expressions_between_operator_docs() {
    let r = rows("range x from 1 to 10 step 1 | where x between (5 - 2 .. 2 * 2)");
    assert_eq!(r, vec![json!({"x": 3}), json!({"x": 4})]);
}

#[test]
fn bin_floors_negative_numbers_and_datetimes_bin_function_docs() {
    let r = one(
        "print a = bin(-7, 5), b = bin(7, 5), c = bin(datetime(2026-06-01 11:59:59), 1h), d = bin(4.5, 1)",
    );
    assert_eq!(
        r,
        json!({"a": -10, "b": 5, "c": "2026-06-01T11:00:00Z", "d": 4.0})
    );
}

#[test]
fn now_is_one_instant_for_the_whole_query_now_function_docs() {
    let r = one("print same = now() == now(), back = ago(1h)");
    assert_eq!(r, json!({"same": true, "back": "2026-06-01T11:00:00Z"}));
}

#[test]
fn make_set_skips_nulls_and_honours_its_size_cap_make_set_docs() {
    let r = one(
        "datatable(x: long)[1, 2, long(null), 2, 3] | summarize all = make_set(x), two = make_set(x, 2)",
    );
    assert_eq!(r, json!({"all": [1, 2, 3], "two": [1, 2]}));
}

#[test]
fn summarize_without_by_on_no_rows_gives_one_row_summarize_operator_docs() {
    let r = rows("datatable(x: long)[1] | where x > 5 | summarize n = count(), s = make_set(x)");
    assert_eq!(r, vec![json!({"n": 0, "s": []})]);
    assert!(rows("datatable(x: long)[1] | where x > 5 | summarize n = count() by x").is_empty());
}

#[test]
fn join_defaults_to_innerunique_and_renames_colliding_right_columns_join_operator_docs() {
    let q = "let L = datatable(k: string, v: long)['a', 1, 'a', 2, 'b', 3];
             let R = datatable(k: string, w: long)['a', 10, 'a', 20];
             L | join R on k";
    let r = rows(q);
    // innerunique keeps one left row per key ('a', 1), joined to both right rows.
    assert_eq!(
        r,
        vec![
            json!({"k": "a", "v": 1, "k1": "a", "w": 10}),
            json!({"k": "a", "v": 1, "k1": "a", "w": 20})
        ]
    );
    assert_eq!(rows(&q.replace("join R", "join kind=inner R")).len(), 4);
}

#[test]
fn join_kinds_keep_the_documented_sides_join_operator_docs() {
    let q = |kind: &str| {
        rows(&format!(
            "let L = datatable(k: string)['a', 'b']; let R = datatable(k: string)['b', 'c']; L | join kind={kind} R on k | count"
        ))[0]["Count"]
            .clone()
    };
    assert_eq!(
        [
            q("leftouter"),
            q("rightouter"),
            q("fullouter"),
            q("leftanti"),
            q("rightanti"),
            q("leftsemi"),
            q("rightsemi")
        ],
        [
            json!(2),
            json!(2),
            json!(3),
            json!(1),
            json!(1),
            json!(1),
            json!(1)
        ]
    );
}

#[test]
fn join_on_left_and_right_columns_of_different_names_join_operator_docs() {
    let r = rows(
        "let L = datatable(a: long)[1, 2]; let R = datatable(b: long, c: string)[2, 'two']; L | join kind=inner R on $left.a == $right.b",
    );
    assert_eq!(r, vec![json!({"a": 2, "b": 2, "c": "two"})]);
}

#[test]
fn mv_expand_of_null_or_scalar_gives_one_row_and_of_an_empty_array_none_mv_expand_docs() {
    let r = rows(
        "datatable(id: long, d: dynamic)[1, dynamic([10, 20]), 2, dynamic(null), 3, dynamic(5), 4, dynamic([])] | mv-expand d",
    );
    assert_eq!(
        r,
        vec![
            json!({"id": 1, "d": 10}),
            json!({"id": 1, "d": 20}),
            json!({"id": 2, "d": null}),
            json!({"id": 3, "d": 5})
        ]
    );
}

#[test]
fn tostring_of_null_is_the_empty_string_tostring_docs() {
    assert_eq!(
        one("print a = tostring(long(null)), b = isempty(tostring(dynamic(null)))"),
        json!({"a": "", "b": true})
    );
}

#[test]
fn strings_are_never_null_and_isempty_differs_from_isnull_null_values_docs() {
    let r = one(
        r#"print a = isnull(""), b = isempty(""), c = isnull(long(null)), d = isempty(long(null))"#,
    );
    assert_eq!(r, json!({"a": false, "b": true, "c": true, "d": true}));
}

#[test]
fn arithmetic_on_null_is_null_and_datetime_minus_datetime_is_a_timespan_datetime_arithmetic_docs() {
    let r = one(
        "print a = long(null) + 1, b = datetime(2026-06-01 12:00) - datetime(2026-06-01 10:30)",
    );
    assert_eq!(r, json!({"a": null, "b": "01:30:00"}));
}

#[test]
fn dcount_is_exact_on_small_cardinalities_dcount_docs() {
    assert_eq!(
        one("range x from 1 to 1000 step 1 | summarize d = dcount(x % 37)"),
        json!({"d": 37})
    );
}

#[test]
fn parse_json_member_access_reads_json_held_in_strings_parse_json_docs() {
    let r = one(
        r#"print sp = '{"Name": "App-1", "Id": 7}' | extend Name = tostring(parse_json(sp).Name), Id = toint(parse_json(sp)["Id"]) | project Name, Id"#,
    );
    assert_eq!(r, json!({"Name": "App-1", "Id": 7}));
}

#[test]
fn sort_puts_nulls_first_ascending_and_last_descending_sort_operator_docs() {
    let asc = rows("datatable(x: long)[2, long(null), 1] | sort by x asc");
    assert_eq!(
        asc,
        vec![json!({"x": null}), json!({"x": 1}), json!({"x": 2})]
    );
    let desc = rows("datatable(x: long)[2, long(null), 1] | sort by x desc");
    assert_eq!(
        desc,
        vec![json!({"x": 2}), json!({"x": 1}), json!({"x": null})]
    );
}

#[test]
fn summarize_names_unnamed_aggregates_as_kusto_does_summarize_operator_docs() {
    let r = rows(
        "datatable(T: string, x: long)['a', 1] | summarize count(), dcount(T), make_set(x), countif(x > 0) by bin(x, 1)",
    );
    assert_eq!(
        r,
        vec![json!({"x": 1, "count_": 1, "dcount_T": 1, "set_x": [1], "countif_": 1})]
    );
}

#[test]
fn toscalar_and_materialize_run_once_and_feed_scalars_toscalar_docs() {
    let r = rows(
        "let m = materialize(range x from 1 to 3 step 1); let top = toscalar(m | summarize max(x)); m | where x == top",
    );
    assert_eq!(r, vec![json!({"x": 3})]);
}

#[test]
fn user_functions_take_tabular_parameters_user_defined_functions_docs() {
    let q = "let f = (T:(x: long), n: long) { T | where x > n }; f(range x from 1 to 5 step 1, 3)";
    assert_eq!(rows(q), vec![json!({"x": 4}), json!({"x": 5})]);
}

#[test]
fn mv_apply_runs_its_subquery_per_row_and_keeps_the_other_columns_mv_apply_docs() {
    let q = "datatable(id: long, a: dynamic)[1, dynamic([3, 1, 2]), 2, dynamic([])] | mv-apply v = a to typeof(long) on (summarize m = max(v))";
    assert_eq!(
        rows(q),
        vec![
            json!({"id": 1, "a": [3, 1, 2], "m": 3}),
            json!({"id": 2, "a": [], "m": null})
        ]
    );
}

#[test]
fn bag_unpack_makes_a_column_per_property_sorted_by_name_bag_unpack_plugin_docs() {
    let q = r#"datatable(id: long, d: dynamic)[1, dynamic({"b": "x", "a": 2}), 2, dynamic({"a": 3})] | evaluate bag_unpack(d, 'p_')"#;
    assert_eq!(
        rows(q),
        vec![
            json!({"id": 1, "p_a": 2, "p_b": "x"}),
            json!({"id": 2, "p_a": 3, "p_b": ""})
        ]
    );
}

#[test]
fn bag_unpack_on_a_table_unpacks_the_properties_the_query_names() {
    use kqlc::plan::catalog::{MapCatalog, TableInfo};
    use kqlc::value::{Column, Table, Type, Value};
    let columns = vec![Column::new("Props", Type::Dynamic)];
    let mut catalog = MapCatalog::default();
    catalog.insert(
        "T",
        TableInfo {
            columns: columns.clone(),
            open: false,
        },
    );
    let data = Table::new(
        columns,
        vec![vec![Value::dynamic(
            json!({"User": "eve", "Ip": "10.0.0.1"}),
        )]],
    );
    let tables = MemoryTables {
        tables: vec![("T".into(), data)],
    };
    let plan = kqlc::compile_kql(
        "T | evaluate bag_unpack(Props) | where User == 'eve' | project Ip",
        &catalog,
    )
    .unwrap_or_else(|d| panic!("{d:?}"));
    let result = run(&plan, &tables, 0).unwrap_or_else(|d| panic!("{}", d.message));
    assert_eq!(result.rows, vec![vec![Value::dynamic(json!("10.0.0.1"))]]);
}

const SERIES_DATA: &str = "datatable(t: datetime, user: string, n: long)[
    datetime(2026-06-01 10:05), 'a', 1,
    datetime(2026-06-01 10:50), 'a', 2,
    datetime(2026-06-01 12:10), 'a', 5,
    datetime(2026-06-01 11:30), 'b', 7,
    datetime(2026-06-01 13:00), 'b', 9]";

/// Bins 10:00, 11:00, 12:00 (`to` is exclusive, so b's 13:00 row is outside); empty bins
/// take the default (0); the axis column comes last (make-series operator docs).
#[test]
fn make_series_fills_every_bin_per_key_make_series_docs() {
    let q = format!(
        "{SERIES_DATA} | make-series total = sum(n) default = 0, c = count() on t from datetime(2026-06-01 10:00) to datetime(2026-06-01 13:00) step 1h by user"
    );
    let axis = json!([
        "2026-06-01T10:00:00Z",
        "2026-06-01T11:00:00Z",
        "2026-06-01T12:00:00Z"
    ]);
    assert_eq!(
        rows(&q),
        vec![
            json!({"user": "a", "total": [3, 0, 5], "c": [2, 0, 1], "t": axis.clone()}),
            json!({"user": "b", "total": [0, 7, 0], "c": [0, 1, 0], "t": axis}),
        ]
    );
}

/// Without `from`/`to` the bins run from the first bin with data to the last.
#[test]
fn make_series_without_a_range_spans_the_data_make_series_docs() {
    let q = format!("{SERIES_DATA} | make-series c = count() on t step 1h");
    assert_eq!(
        rows(&q),
        vec![
            json!({"c": [2, 1, 1, 1], "t": ["2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", "2026-06-01T12:00:00Z", "2026-06-01T13:00:00Z"]})
        ]
    );
}

/// where-operator: `T | where * has "Kusto"` filters on any column; every column is
/// matched as text, a number too.
#[test]
fn star_string_predicates_match_any_column_where_operator_docs() {
    let query = r#"datatable(Name:string, Count:long, Extra:dynamic)
        ["kusto rocks", 1, dynamic(null), "other", 42, dynamic({"note": "Kusto inside"}), "none", 7, dynamic([])]
        | where * has "Kusto" or * contains "42" | project Name"#;
    assert_eq!(
        rows(query),
        vec![json!({"Name": "kusto rocks"}), json!({"Name": "other"})]
    );
    assert_eq!(
        rows(r#"datatable(Name:string)["a"] | where * contains "zzz""#),
        Vec::<Value>::new()
    );
}

/// search-operator: a lone string term is `* has term` (`"bob*"` hasprefix), other
/// predicates are ordinary; `in (…)` unions the tables and `$table` names each row's
/// (a string missing from a table is empty: strings are never null).
#[test]
fn search_unions_its_tables_and_reads_lone_terms_over_every_column_search_operator_docs() {
    let query = r#"let A = datatable(Account:string)["alice", "bob"];
        let B = datatable(User:string, EventID:long)["Shutdown-svc", 4624, "carol", 4625];
        search in (A, B) "shutdown" or "bob*" or EventID == 4625"#;
    assert_eq!(
        rows(query),
        vec![
            json!({"$table": "A", "Account": "bob", "User": "", "EventID": null}),
            json!({"$table": "B", "Account": "", "User": "Shutdown-svc", "EventID": 4624}),
            json!({"$table": "B", "Account": "", "User": "carol", "EventID": 4625}),
        ]
    );
    // kind=case_sensitive: "Shutdown" has the term, "shutdown" does not.
    let cs = r#"datatable(Cmd:string)["shutdown -r", "Shutdown now"] | search kind=case_sensitive "Shutdown" | project Cmd"#;
    assert_eq!(rows(cs), vec![json!({"Cmd": "Shutdown now"})]);
}

/// row-window-session-function's example: sessions of at most 1h with gaps under 5m,
/// restarted when the ID changes.
#[test]
fn row_window_session_starts_sessions_by_distance_and_restart_docs_example() {
    let query = r#"datatable (ID:string, Timestamp:datetime) [
            "1", datetime(2024-04-11 10:00:00), "2", datetime(2024-04-11 10:18:00),
            "1", datetime(2024-04-11 11:00:00), "3", datetime(2024-04-11 11:30:00),
            "2", datetime(2024-04-11 13:30:00), "2", datetime(2024-04-11 10:16:00)]
        | sort by ID asc, Timestamp asc
        | extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))
        | project ID, SessionStarted"#;
    let starts: Vec<Value> = rows(query)
        .into_iter()
        .map(|r| json!([r["ID"], r["SessionStarted"]]))
        .collect();
    assert_eq!(
        starts,
        vec![
            json!(["1", "2024-04-11T10:00:00Z"]),
            json!(["1", "2024-04-11T11:00:00Z"]),
            json!(["2", "2024-04-11T10:16:00Z"]),
            json!(["2", "2024-04-11T10:16:00Z"]),
            json!(["2", "2024-04-11T13:30:00Z"]),
            json!(["3", "2024-04-11T11:30:00Z"]),
        ]
    );
}

/// row-cumsum-function: `restart` starts the sum again at that row.
#[test]
fn row_cumsum_restarts_where_asked_docs() {
    let query = r#"datatable (x:long, g:string) [1, "a", 2, "a", 3, "b", 4, "b"]
        | serialize c = row_cumsum(x, g != prev(g)) | project c"#;
    let sums: Vec<Value> = rows(query).into_iter().map(|r| r["c"].clone()).collect();
    assert_eq!(sums, vec![json!(1), json!(3), json!(3), json!(7)]);
}

/// pivot-plugin: one column per value of the pivot column, holding the aggregate
/// (default `count()`) over the group's rows with that value.
#[test]
fn pivot_makes_a_column_per_value_pivot_plugin_docs() {
    let data = r#"datatable(Key:string, Value:string, Host:string)[
        "Image", "a.exe", "h1", "CommandLine", "a.exe /x", "h1",
        "Image", "b.exe", "h2", "User", "bob", "h2", "Image", "c.exe", "h2"]"#;
    assert_eq!(
        rows(&format!("{data} | evaluate pivot(Key, any(Value), Host)")),
        vec![
            json!({"Host": "h1", "Image": "a.exe", "CommandLine": "a.exe /x", "User": ""}),
            json!({"Host": "h2", "Image": "b.exe", "CommandLine": "", "User": "bob"}),
        ]
    );
    // Without group columns the groups are "all columns other than the pivoted column
    // and the aggregation column" (the docs): with only `Key` left, one row of counts.
    assert_eq!(
        rows(&format!("{data} | project Key | evaluate pivot(Key)")),
        vec![json!({"Image": 3, "CommandLine": 1, "User": 1})]
    );
}

/// Over a table, the pivot's columns are those the query names after it
/// (`column_ifexists`, as Windows-event rules do with `pivot(Key, any(Value), …)`).
#[test]
fn pivot_over_a_table_makes_the_columns_the_query_names() {
    use kqlc::plan::catalog::{MapCatalog, TableInfo};
    use kqlc::value::{Column, Table, Type, Value};
    let columns = vec![
        Column::new("Key", Type::String),
        Column::new("Value", Type::String),
        Column::new("Host", Type::String),
    ];
    let mut catalog = MapCatalog::default();
    catalog.insert(
        "Events",
        TableInfo {
            columns: columns.clone(),
            open: false,
        },
    );
    let row =
        |k: &str, v: &str, h: &str| vec![Value::string(k), Value::string(v), Value::string(h)];
    let data = Table::new(
        columns,
        vec![
            row("Image", "a.exe", "h1"),
            row("CommandLine", "a.exe /x", "h1"),
            row("Image", "b.exe", "h2"),
        ],
    );
    let tables = MemoryTables {
        tables: vec![("Events".into(), data)],
    };
    let query = r#"Events | evaluate pivot(Key, any(Value), Host)
        | extend Image = column_ifexists("Image", ""), Cmd = column_ifexists("CommandLine", "")
        | where Image has "a.exe" | project Host, Image, Cmd"#;
    let plan = kqlc::compile_kql(query, &catalog).unwrap_or_else(|d| panic!("{d:?}"));
    let result = run(&plan, &tables, 0).unwrap_or_else(|d| panic!("{}", d.message));
    assert_eq!(
        result.rows,
        vec![vec![
            Value::string("h1"),
            Value::string("a.exe"),
            Value::string("a.exe /x")
        ]]
    );
}

/// Strings are never null (scalar data types docs): a string aggregate over no rows of
/// its group is "", not null.
#[test]
fn a_string_aggregate_over_no_rows_is_empty_not_null() {
    let query = r#"datatable(s:string, g:long)["a", 1, "b", 2]
        | summarize x = take_anyif(s, g == 1), m = maxif(s, g == 1) by g"#;
    assert_eq!(
        rows(query),
        vec![
            json!({"g": 1, "x": "a", "m": "a"}),
            json!({"g": 2, "x": "", "m": ""}),
        ]
    );
}

/// scalar-data-types/bool: "The `bool` data type can be: `true` (`1`), `false` (`0`)",
/// so a bool compares with a number as 1 or 0 (issue 21's differential finding).
#[test]
fn a_bool_compares_with_a_number_as_one_or_zero_bool_type_docs() {
    assert_eq!(
        rows(
            "datatable(b:bool)[true, false] | extend e1 = b == 1, e0 = b == 0, lt = b < 1, ne = 1 != b"
        ),
        vec![
            json!({"b": true, "e1": true, "e0": false, "lt": false, "ne": false}),
            json!({"b": false, "e1": false, "e0": true, "lt": true, "ne": true}),
        ]
    );
}

/// as-operator: "… | as T | where Name == "Start" | join (T | where Name == "Stop") on
/// ActivityId" — the name bound by `as` is visible to the rest of the query, here a
/// join's right side and a `toscalar`.
#[test]
fn a_name_bound_by_as_is_visible_to_a_later_join_and_toscalar_as_operator_docs() {
    let log = r#"datatable(type:string, Name:string, ActivityId:long)
        ["Event", "Start", 1, "Event", "Stop", 1, "Event", "Start", 2, "Trace", "Stop", 2]"#;
    assert_eq!(
        rows(&format!(
            r#"{log}
            | where type == "Event"
            | as T
            | where Name == "Start"
            | join (
                T
                | where Name == "Stop"
            ) on ActivityId
            | project ActivityId, Name, Name1"#
        )),
        vec![json!({"ActivityId": 1, "Name": "Start", "Name1": "Stop"})]
    );
    assert_eq!(
        one(&format!(
            "{log} | as T | where Name == 'Start' | extend n = toscalar(T | count) | take 1 | project n"
        )),
        json!({"n": 4})
    );
}

/// ingestion-time-function: "returns null if the table doesn't have the IngestionTime
/// policy enabled" — tables read from files have none, so a rule that reads it runs.
#[test]
fn ingestion_time_is_null_for_tables_without_an_ingestion_time_ingestion_time_function_docs() {
    assert_eq!(
        one("datatable(x: long)[1] | extend t = ingestion_time() | project t, isnull(t)"),
        serde_json::json!({"t": null, "Column1": true})
    );
}
