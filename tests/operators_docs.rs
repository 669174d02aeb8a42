//! Docs examples that `tools/docs_sweep.py` (every self-contained example of the Kusto
//! query pages) found kqlc answering differently, each fixed from its page: the query
//! is the page's, the expected rows its output table, transcribed by hand.

use crate::common;
use serde_json::json;

fn rows(page: &str, query: &str, expected: serde_json::Value) {
    let table = common::docs::page_table(page, query);
    common::docs::assert_rows(page, &table, expected, false);
}

fn column_names(page: &str, query: &str) -> Vec<String> {
    let table = common::docs::page_table(page, query);
    table.columns.iter().map(|c| c.name.clone()).collect()
}

#[test]
fn parse_kv_quotes_may_open_and_close_with_different_characters() {
    rows(
        "parse-kv-operator",
        "print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure=(connection aborted) (event time)=(2021-01-01 10:00:54)'
         | parse-kv str as (['event time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='()')
         | project-away str",
        json!([{"event time": "2021-01-01T10:00:54Z", "src": "10.1.1.123", "dst": "10.1.1.124",
                "bytes": 125, "failure": "connection aborted"}]),
    );
}

#[test]
fn parse_kv_escaped_quotes_stay_in_the_value_without_their_escape() {
    rows(
        "parse-kv-operator",
        r#"print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure="the remote host sent \\"bye!\\"" time=2021-01-01T10:00:54'
         | parse-kv str as (['time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"', escape='\\')
         | project-away str"#,
        json!([{"time": "2021-01-01T10:00:54Z", "src": "10.1.1.123", "dst": "10.1.1.124",
                "bytes": 125, "failure": "the remote host sent \"bye!\""}]),
    );
}

#[test]
fn parse_kv_without_delimiters_unquotes_and_unescapes_values() {
    rows(
        "parse-kv-operator",
        r#"print str="2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: 'The service \\' is up'"
         | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (quote="'", escape='\\')
         | project-away str"#,
        json!([{"Text": "The service ' is up", "ThreadId": 458745723, "Machine": "Node001"}]),
    );
}

#[test]
fn parse_kv_regex_takes_each_matchs_two_groups_as_key_and_value() {
    rows(
        "parse-kv-operator",
        r#"print str=@'["referer url: https://hostname.com/redirect?dest=/?h=1234", "request url: https://hostname.com/?h=1234", "advertiser id: 24fefbca-cf27-4d62-a623-249c2ad30c73"]'
         | parse-kv str as (['referer url']:string, ['request url']:string, ['advertiser id']: guid) with (regex=@'"([\w ]+)\s*:\s*([^"]*)"')
         | project-away str"#,
        json!([{"referer url": "https://hostname.com/redirect?dest=/?h=1234",
                "request url": "https://hostname.com/?h=1234",
                "advertiser id": "24fefbca-cf27-4d62-a623-249c2ad30c73"}]),
    );
}

const CONFLICTING_BAGS: &str = "datatable(Name:string, d:dynamic)
[
    'James', dynamic({\"Name\": \"John\", \"Age\":20}),
    'David', dynamic({ \"Age\":40}),
    'Emily', dynamic({\"Name\": \"Jasmine\", \"Age\":30}),
]";

#[test]
fn bag_unpack_replace_source_puts_the_property_in_the_columns_place() {
    rows(
        "bag-unpack-plugin",
        &format!("{CONFLICTING_BAGS} | evaluate bag_unpack(d, columnsConflict='replace_source')"),
        json!([{"Name": "John", "Age": 20}, {"Name": "", "Age": 40}, {"Name": "Jasmine", "Age": 30}]),
    );
}

#[test]
fn bag_unpack_keep_source_drops_the_property() {
    rows(
        "bag-unpack-plugin",
        &format!("{CONFLICTING_BAGS} | evaluate bag_unpack(d, columnsConflict='keep_source')"),
        json!([{"Name": "James", "Age": 20}, {"Name": "David", "Age": 40}, {"Name": "Emily", "Age": 30}]),
    );
}

#[test]
fn bag_unpack_conflict_is_an_error_by_default() {
    let query = format!("{CONFLICTING_BAGS} | evaluate bag_unpack(d)");
    let plan = kqlc::compile_kql(&query, &kqlc::plan::catalog::MapCatalog::default());
    let message = match plan {
        Err(d) => d
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("\n"),
        Ok(plan) => match kqlc::exec::run(&plan, &kqlc::exec::MemoryTables::default(), 0) {
            Err(d) => d.message,
            Ok(_) => panic!("a property named like an input column must be an error"),
        },
    };
    assert!(message.contains("`Name` is also a column"), "{message}");
}

#[test]
fn union_withsource_names_a_leg_by_its_closing_as() {
    rows(
        "as-operator",
        "union withsource=TableName (range x from 1 to 5 step 1 | as T1), (range x from 1 to 5 step 1 | as T2)
         | summarize count() by TableName",
        json!([{"TableName": "T1", "count_": 5}, {"TableName": "T2", "count_": 5}]),
    );
}

#[test]
fn union_renamed_column_yields_to_an_inputs_own_column_of_that_name() {
    // union-operator page: `x` of long and int become `x_long1` and `x_int` beside
    // View_3's own `x_long`.
    let names = column_names(
        "union-operator",
        "let View_1 = view () { print x=1 };
         let View_2 = view () { print x=toint(2) };
         let View_3 = view () { print x_long=3 };
         union withsource=TableName View_1, View_2, View_3",
    );
    assert_eq!(names, ["TableName", "x_long1", "x_int", "x_long"]);
}

#[test]
fn pack_all_in_an_extend_packs_the_input_columns_only() {
    rows(
        "pack-all-function",
        "datatable(Source:string,Target:string,CharsCount:long)
         ['555-1234','555-1212',46, '555-1313','',42]
         | extend Packed=pack_all(), PackedIgnoreNullEmpty=pack_all(true)",
        json!([
            {"Source": "555-1234", "Target": "555-1212", "CharsCount": 46,
             "Packed": {"Source": "555-1234", "Target": "555-1212", "CharsCount": 46},
             "PackedIgnoreNullEmpty": {"Source": "555-1234", "Target": "555-1212", "CharsCount": 46}},
            {"Source": "555-1313", "Target": "", "CharsCount": 42,
             "Packed": {"Source": "555-1313", "Target": "", "CharsCount": 42},
             "PackedIgnoreNullEmpty": {"Source": "555-1313", "CharsCount": 42}}
        ]),
    );
}

#[test]
fn array_sort_of_several_arrays_gives_a_column_per_array() {
    rows(
        "array-sort-asc-function",
        "let array1 = dynamic([1,3,4,5,2]);
         let array2 = dynamic(['a','b','c','d','e']);
         print array_sort_asc(array1,array2)",
        json!([{"array1_sorted": [1, 2, 3, 4, 5], "array2_sorted": ["a", "e", "b", "c", "d"]}]),
    );
}

#[test]
fn buildschema_gives_the_minimal_schema_of_every_value() {
    rows(
        "buildschema-aggregation-function",
        r#"datatable(value: dynamic) [
            dynamic({"x":1, "y":3.5}),
            dynamic({"x":"somevalue", "z":[1, 2, 3]}),
            dynamic({"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]})
        ]
        | summarize buildschema(value)"#,
        json!([{"schema_value": {"x": ["long", "string"], "y": ["double", {"w": "string"}],
                "z": {"`indexer`": ["long", "string"]}, "t": {"`indexer`": "string"}}}]),
    );
}

#[test]
fn geohash_of_a_null_accuracy_is_empty() {
    rows(
        "geo-point-to-geohash-function",
        "print geohash = geo_point_to_geohash(1,1,int(null))",
        json!([{"geohash": ""}]),
    );
}

#[test]
fn a_filter_of_left_columns_after_innerunique_applies_before_the_deduplication() {
    // join-innerunique page: `where value == "val1.2"` after the join "will never give
    // the first result": Kusto pushes it to the left side, so val1.2 is the row kept.
    let tables = "let t1 = datatable(key: long, value: string) [1, 'val1.1', 1, 'val1.2'];
         let t2 = datatable(key: long, value: string) [1, 'val1.3', 1, 'val1.4'];";
    rows(
        "join-innerunique",
        &format!("{tables} t1 | join kind=innerunique t2 on key | where value == 'val1.2'"),
        json!([{"key": 1, "value": "val1.2", "key1": 1, "value1": "val1.3"},
               {"key": 1, "value": "val1.2", "key1": 1, "value1": "val1.4"}]),
    );
}

#[test]
fn toguid_ignores_hyphens_left_out_of_their_places() {
    // toguid page: the first 32 characters, "ignoring properly located hyphens".
    rows(
        "toguid-function",
        "datatable(str: string) ['0123456789abcdef0123456789abcdef',
             '0123456789ab-cdef-0123-456789abcdef', 'a string that is not a guid']
         | extend guid = toguid(str)",
        json!([{"str": "0123456789abcdef0123456789abcdef", "guid": "01234567-89ab-cdef-0123-456789abcdef"},
               {"str": "0123456789ab-cdef-0123-456789abcdef", "guid": "01234567-89ab-cdef-0123-456789abcdef"},
               {"str": "a string that is not a guid", "guid": null}]),
    );
}

#[test]
fn hll_merge_as_a_scalar_unites_the_sketches_of_two_columns() {
    // hll-merge-function page: x in 1..10 and y = x + 10 have 20 distinct values.
    rows(
        "hll-merge-function",
        "range x from 1 to 10 step 1
         | extend y = x + 10
         | summarize hll_x = hll(x), hll_y = hll(y)
         | project merged = hll_merge(hll_x, hll_y)
         | project dcount_hll(merged)",
        json!([{"dcount_hll_merged": 20}]),
    );
}

/// The diagnostic messages of a query that must fail to compile or to run.
fn refused(query: &str) -> String {
    match kqlc::compile_kql(query, &kqlc::plan::catalog::MapCatalog::default()) {
        Err(d) => d
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("\n"),
        Ok(plan) => match kqlc::exec::run(&plan, &kqlc::exec::MemoryTables::default(), 0) {
            Err(d) => d.message,
            Ok(_) => panic!("`{query}` must be refused"),
        },
    }
}

// reduce-operator page, "if you specify that "Z" is a separator": each value is the
// terms `foo` and a number; the number varies, so it (and its separator) is `*`.
#[test]
fn reduce_stars_the_varying_term_after_a_given_separator() {
    common::docs::assert_rows(
        "reduce-operator",
        &common::docs::page_table(
            "reduce-operator",
            r#"range x from 1 to 10 step 1 | project str = strcat("foo", "Z", tostring(x)) | reduce by str with characters="Z""#,
        ),
        json!([{"Pattern": "foo*", "Count": 10, "Representative": "fooZ1"}]),
        true,
    );
}

// reduce-operator page: without `characters`, `fooZ1`…`fooZ10` are ten distinct
// single terms, none common to the values: one `others` row.
#[test]
fn reduce_puts_values_without_a_common_term_in_others() {
    rows(
        "reduce-operator",
        r#"range x from 1 to 10 step 1 | project str = strcat("foo", "Z", tostring(x)) | reduce by str"#,
        json!([{"Pattern": "others", "Count": 10, "Representative": ""}]),
    );
}

// reduce-operator page, threshold 0.001: the 1,000 values `MachineLearningX<digit>`
// are one group `MachineLearning*`; the representative is one of the random values.
#[test]
fn reduce_with_a_small_threshold_makes_one_group_of_similar_values() {
    let table = common::docs::page_table(
        "reduce-operator",
        r#"range x from 1 to 1000 step 1
           | project MyText = strcat("MachineLearningX", tostring(toint(rand(10))))
           | reduce by MyText  with threshold=0.001 , characters = "X" "#,
    );
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Pattern", "Count", "Representative"]);
    assert_eq!(table.rows.len(), 1, "{:?}", table.rows);
    let row = &table.rows[0];
    assert_eq!(row[0].as_str(), Some("MachineLearning*"));
    assert_eq!(row[1].as_i64(), Some(1000));
    let representative = row[2].as_str().unwrap_or_default();
    assert!(
        representative.starts_with("MachineLearningX"),
        "{representative}"
    );
}

// reduce-operator page, "Returns": patterns such as `San *`, `Moscow` and `* -on- *`
// keep the words that stay and the blanks and punctuation around them. Hand-derived
// with threshold 0.5: the first word of the two-word names takes 2 values of 5, so
// it stays and splits them; their second words all differ, so each is `*`.
#[test]
fn reduce_keeps_the_words_that_stay_and_the_separators_around_them() {
    let query = r#"datatable(City:string) [
        "San Bernard", "Moscow", "San Diego", "Saint Lucy", "One -on- One", "Moscow",
        "San Jose", "Paris", "Saint Paul", "Moscow", "Stratford -on- Avon", "Paris"]
        | reduce by City with threshold=0.5"#;
    common::docs::assert_rows(
        "reduce-operator",
        &common::docs::page_table("reduce-operator", query),
        json!([
            {"Pattern": "San *", "Count": 3, "Representative": "San Bernard"},
            {"Pattern": "Moscow", "Count": 3, "Representative": "Moscow"},
            {"Pattern": "Saint *", "Count": 2, "Representative": "Saint Lucy"},
            {"Pattern": "* -on- *", "Count": 2, "Representative": "One -on- One"},
            {"Pattern": "Paris", "Count": 2, "Representative": "Paris"},
        ]),
        true,
    );
}

// reduce-operator page, ReduceKind: `source` appends the pattern to the input rows
// instead of aggregating (Kusto.Language types the result as the input's columns,
// then Pattern, Count and Representative).
#[test]
fn reduce_kind_source_appends_each_rows_group_to_the_row() {
    rows(
        "reduce-operator",
        r#"range x from 1 to 3 step 1 | project str = strcat("foo", "Z", tostring(x))
           | reduce kind=source by str with characters="Z""#,
        json!([
            {"str": "fooZ1", "Pattern": "foo*", "Count": 3, "Representative": "fooZ1"},
            {"str": "fooZ2", "Pattern": "foo*", "Count": 3, "Representative": "fooZ1"},
            {"str": "fooZ3", "Pattern": "foo*", "Count": 3, "Representative": "fooZ1"},
        ]),
    );
}

#[test]
fn reduce_refuses_a_number_a_threshold_beyond_one_and_an_unknown_kind() {
    let base = "range x from 1 to 3 step 1 | extend s = tostring(x)";
    let m = refused(&format!("{base} | reduce by x"));
    assert!(m.contains("takes a string"), "{m}");
    let m = refused(&format!("{base} | reduce by s with threshold=2"));
    assert!(m.contains("from 0 to 1"), "{m}");
    let m = refused(&format!("{base} | reduce by s with characters=1"));
    assert!(m.contains("separator characters"), "{m}");
    let m = refused(&format!("{base} | reduce kind=other by s"));
    assert!(m.contains("only `source`"), "{m}");
    let m = refused(&format!(
        "{base} | reduce by s with threshold=0.5, threshold=0.2"
    ));
    assert!(m.contains("given twice"), "{m}");
}

/// A few StormEvents rows (the top-hitters page's table), counted by hand:
/// Thunderstorm Wind 4 rows (damage 0+20+30+10 = 60), Hail 3 (100+50+25 = 175),
/// Flood 2 (1000+500 = 1500), Tornado 1 (400); Thunderstorm Wind in TEXAS twice.
const STORMS: &str = r#"datatable(EventType:string, State:string, DamageProperty:long) [
    "Thunderstorm Wind", "TEXAS", 0,
    "Hail", "TEXAS", 100,
    "Thunderstorm Wind", "IOWA", 20,
    "Flood", "TEXAS", 1000,
    "Hail", "IOWA", 50,
    "Thunderstorm Wind", "GEORGIA", 30,
    "Flood", "IOWA", 500,
    "Tornado", "TEXAS", 400,
    "Hail", "GEORGIA", 25,
    "Thunderstorm Wind", "TEXAS", 10,
]"#;

// top-hitters-operator page, "Get most frequent items": the values with the most
// rows, most first, counted in `approximate_count_<Column>`.
#[test]
fn top_hitters_gives_the_most_frequent_values_most_first() {
    common::docs::assert_rows(
        "top-hitters-operator",
        &common::docs::page_table(
            "top-hitters-operator",
            &format!("{STORMS} | top-hitters 2 of EventType"),
        ),
        json!([
            {"EventType": "Thunderstorm Wind", "approximate_count_EventType": 4},
            {"EventType": "Hail", "approximate_count_EventType": 3},
        ]),
        true,
    );
}

// top-hitters-operator page, "Get top hitters by summed value": by the sum of the
// summing expression, in `approximate_sum_<Expression>`.
#[test]
fn top_hitters_by_a_weight_gives_the_values_with_the_largest_sums() {
    common::docs::assert_rows(
        "top-hitters-operator",
        &common::docs::page_table(
            "top-hitters-operator",
            &format!("{STORMS} | top-hitters 3 of EventType by DamageProperty"),
        ),
        json!([
            {"EventType": "Flood", "approximate_sum_DamageProperty": 1500},
            {"EventType": "Tornado", "approximate_sum_DamageProperty": 400},
            {"EventType": "Hail", "approximate_sum_DamageProperty": 175},
        ]),
        true,
    );
}

// top-hitters-operator page, "Get top hitters based on column value": a filter, then
// the states. The page's table heads the count `approximate_sum_State`, though no
// summing expression is given; Kusto.Language names it `approximate_count_State`,
// as the page's other example does.
#[test]
fn top_hitters_after_a_filter_counts_the_remaining_rows() {
    rows(
        "top-hitters-operator",
        &format!(r#"{STORMS} | where EventType == "Thunderstorm Wind" | top-hitters 1 of State"#),
        json!([{"State": "TEXAS", "approximate_count_State": 2}]),
    );
}

#[test]
fn top_hitters_refuses_an_expression_a_text_weight_and_a_fractional_count() {
    let m = refused(&format!("{STORMS} | top-hitters 2 of strlen(State)"));
    assert!(m.contains("takes a column name"), "{m}");
    let m = refused(&format!("{STORMS} | top-hitters 2 of S = State"));
    assert!(m.contains("takes a column name"), "{m}");
    let m = refused(&format!("{STORMS} | top-hitters 2 of State by EventType"));
    assert!(m.contains("sums a number"), "{m}");
    let m = refused(&format!("{STORMS} | top-hitters 2.5 of State"));
    assert!(m.contains("whole number"), "{m}");
}

const STATES: &str = r#"datatable (Timestamp:datetime, Value:long, State:string )
[
    datetime(2021-06-01), 1, "Success",
    datetime(2021-06-02), 4, "Success",
    datetime(2021-06-03), 3, "Success",
    datetime(2021-06-04), 11, "Success",
    datetime(2021-06-05), 15, "Success",
    datetime(2021-06-06), 2, "Success",
    datetime(2021-06-07), 19, "Error",
    datetime(2021-06-08), 12, "Success",
    datetime(2021-06-09), 7, "Success",
    datetime(2021-06-10), 9, "Success",
    datetime(2021-06-11), 4, "Success",
    datetime(2021-06-12), 1, "Success",
]"#;

// rows-near-plugin page, its example: two rows before and after the error.
#[test]
fn rows_near_keeps_the_rows_within_num_rows_of_a_true_condition() {
    common::docs::assert_rows(
        "rows-near-plugin",
        &common::docs::page_table(
            "rows-near-plugin",
            &format!(
                r#"{STATES} | sort by Timestamp asc | evaluate rows_near(State == "Error", 2)"#
            ),
        ),
        json!([
            {"Timestamp": "2021-06-05T00:00:00Z", "Value": 15, "State": "Success"},
            {"Timestamp": "2021-06-06T00:00:00Z", "Value": 2, "State": "Success"},
            {"Timestamp": "2021-06-07T00:00:00Z", "Value": 19, "State": "Error"},
            {"Timestamp": "2021-06-08T00:00:00Z", "Value": 12, "State": "Success"},
            {"Timestamp": "2021-06-09T00:00:00Z", "Value": 7, "State": "Success"},
        ]),
        true,
    );
}

// rows-near-plugin page, "Returns": with RowsAfter, NumRows rows before and RowsAfter
// rows after.
#[test]
fn rows_near_rows_after_overrides_the_rows_taken_after() {
    common::docs::assert_rows(
        "rows-near-plugin",
        &common::docs::page_table(
            "rows-near-plugin",
            &format!(
                r#"{STATES} | sort by Timestamp asc | evaluate rows_near(State == "Error", 1, 3) | project Value"#
            ),
        ),
        json!([{"Value": 2}, {"Value": 19}, {"Value": 12}, {"Value": 7}, {"Value": 9}]),
        true,
    );
}

#[test]
fn rows_near_refuses_a_condition_that_is_not_bool_and_a_missing_count() {
    let m = refused(&format!("{STATES} | evaluate rows_near(State, 2)"));
    assert!(m.contains("must be a bool"), "{m}");
    let m = refused(&format!(
        r#"{STATES} | evaluate rows_near(State == "Error")"#
    ));
    assert!(m.contains("needs Condition, NumRows"), "{m}");
    let m = refused(&format!(
        r#"{STATES} | evaluate rows_near(State == "Error", -1)"#
    ));
    assert!(m.contains("whole number"), "{m}");
}

// consume-operator page: "The results table is empty".
#[test]
fn consume_returns_no_rows() {
    let table = common::docs::page_table(
        "consume-operator",
        &format!(r#"{STORMS} | where State == "TEXAS" | consume"#),
    );
    assert!(table.rows.is_empty(), "{:?}", table.rows);
}

// Each verdict checked with Kusto.Language (`KustoCode.Parse`): accepted or not.
#[test]
fn reduce_top_hitters_and_consume_parse_as_kusto_language_reads_them() {
    let errors = |text: &str| {
        let (_, diagnostics) = kqlc::parse_kql(text);
        diagnostics.iter().filter(|d| d.is_error()).count()
    };
    for text in [
        "T | reduce by State",
        "T | reduce kind=source by State with threshold=0.5, characters=\"-\"",
        "T | reduce by strcat(a, b) with characters=\"X\", threshold=0.2",
        "T | reduce by State with",
        "T | top-hitters 5 of State",
        "T | top-hitters 5 of State by w = Damage * 2",
        "T | consume",
        "T | consume decodeblocks=true | count",
    ] {
        assert_eq!(errors(text), 0, "{text}");
    }
    for text in [
        "T | reduce by State with threshold=0.5 characters=\"-\"",
        "T | reduce by State with (threshold=0.5)",
        "T | reduce by State with foo=2",
        "T | top-hitters of State",
        "T | top-hitters 3 of State by",
        "T | top-hitters 3 State",
    ] {
        assert!(errors(text) > 0, "{text}");
    }
}

// `kqlc fmt` keeps the operators' text (blanks only change) and is stable.
#[test]
fn reduce_top_hitters_and_consume_format_and_reformat_alike() {
    use kqlc::fmt::{FmtOptions, format_query};
    let query = "T|reduce  kind=source by State with threshold=0.5,characters=\"-\"|top-hitters 3 of Pattern by Count|consume";
    let lang = kqlc::source::Language::Kql;
    let once = format_query(query, lang, &FmtOptions::default()).expect("formats");
    let twice = format_query(&once, lang, &FmtOptions::default()).expect("formats again");
    assert_eq!(once, twice);
    assert_eq!(
        kqlc::fmt::significant_texts(query, lang),
        kqlc::fmt::significant_texts(&once, lang)
    );
}

// ES|QL and SQL have no command that groups values by pattern or picks rows near a
// condition: the translators refuse with TRN001 rather than write something else.
#[test]
fn reduce_and_rows_near_are_refused_by_the_translators() {
    use kqlc::translate::{self, Dialect, Target};
    for query in [
        "T | reduce by Msg",
        "T | evaluate rows_near(Level == 'Error', 2)",
    ] {
        let plan =
            translate::compile::compile(query, kqlc::source::Language::Kql).unwrap_or_else(|d| {
                panic!(
                    "{query}: {:?}",
                    d.iter().map(|d| &d.message).collect::<Vec<_>>()
                )
            });
        for target in [Target::Esql, Target::Sql(Dialect::DuckDb)] {
            let findings = translate::translate(&plan, target).expect_err(query);
            assert!(
                findings.iter().any(|d| d.code.id() == "TRN001"),
                "{query}: {:?}",
                findings.iter().map(|d| &d.message).collect::<Vec<_>>()
            );
        }
    }
}

// schema-merge-plugin page, first example: a schema with a column appended.
#[test]
fn schema_merge_appends_a_new_column_after_the_known_ones() {
    common::docs::assert_rows(
        "schema-merge-plugin",
        &common::docs::page_table(
            "schema-merge-plugin",
            "let schema1 = datatable(Uri:string, HttpStatus:int)[] | getschema;
             let schema2 = datatable(Uri:string, HttpStatus:int, Referrer:string)[] | getschema;
             union schema1, schema2 | evaluate schema_merge()",
        ),
        json!([
            {"ColumnName": "Uri", "ColumnOrdinal": 0, "DataType": "System.String", "ColumnType": "string"},
            {"ColumnName": "HttpStatus", "ColumnOrdinal": 1, "DataType": "System.Int32", "ColumnType": "int"},
            {"ColumnName": "Referrer", "ColumnOrdinal": 2, "DataType": "System.String", "ColumnType": "string"},
        ]),
        true,
    );
}

// schema-merge-plugin page, second example: `HttpStatus` moves from ordinal 1 to 2,
// an error while the order is preserved (the default).
#[test]
fn schema_merge_marks_a_column_out_of_order_as_an_error() {
    common::docs::assert_rows(
        "schema-merge-plugin",
        &common::docs::page_table(
            "schema-merge-plugin",
            "let schema1 = datatable(Uri:string, HttpStatus:int)[] | getschema;
             let schema2 = datatable(Uri:string, Referrer:string, HttpStatus:int)[] | getschema;
             union schema1, schema2 | evaluate schema_merge()",
        ),
        json!([
            {"ColumnName": "Uri", "ColumnOrdinal": 0, "DataType": "System.String", "ColumnType": "string"},
            {"ColumnName": "Referrer", "ColumnOrdinal": 1, "DataType": "System.String", "ColumnType": "string"},
            {"ColumnName": "HttpStatus", "ColumnOrdinal": -1,
             "DataType": "ERROR(unknown CSL type:ERROR(columns are out of order))",
             "ColumnType": "ERROR(columns are out of order)"},
        ]),
        true,
    );
}

// schema-merge-plugin page, third example: with `PreserveOrder = false` the moved
// column takes its new place.
#[test]
fn schema_merge_without_preserve_order_renumbers_the_columns() {
    common::docs::assert_rows(
        "schema-merge-plugin",
        &common::docs::page_table(
            "schema-merge-plugin",
            "let schema1 = datatable(Uri:string, HttpStatus:int)[] | getschema;
             let schema2 = datatable(Uri:string, Referrer:string, HttpStatus:int)[] | getschema;
             union schema1, schema2 | evaluate schema_merge(PreserveOrder = false)",
        ),
        json!([
            {"ColumnName": "Uri", "ColumnOrdinal": 0, "DataType": "System.String", "ColumnType": "string"},
            {"ColumnName": "Referrer", "ColumnOrdinal": 1, "DataType": "System.String", "ColumnType": "string"},
            {"ColumnName": "HttpStatus", "ColumnOrdinal": 2, "DataType": "System.Int32", "ColumnType": "int"},
        ]),
        true,
    );
}

#[test]
fn schema_merge_refuses_an_input_that_is_not_a_schema_and_a_non_bool_flag() {
    let m = refused("datatable(a:int)[1] | evaluate schema_merge()");
    assert!(m.contains("needs ColumnName"), "{m}");
    let m = refused("datatable(a:int)[] | getschema | evaluate schema_merge('yes')");
    assert!(m.contains("constant bool"), "{m}");
    let m = refused("datatable(a:int)[] | getschema | evaluate schema_merge(true, 1)");
    assert!(m.contains("only PreserveOrder"), "{m}");
}

#[test]
fn external_data_is_the_other_spelling_of_externaldata() {
    // ipv4-lookup-plugin page, "using source in external_data()": offline the URL gives
    // no rows, but the query parses and has the page's columns.
    let query = "let IP_Data = external_data(network:string,geoname_id:long,continent_code:string,
             continent_name:string ,country_iso_code:string,country_name:string,
             is_anonymous_proxy:bool,is_satellite_provider:bool)
             ['https://raw.githubusercontent.com/datasets/geoip2-ipv4/master/data/geoip2-ipv4.csv'];
         let IPs = datatable(ip:string) ['2.20.183.12', '5.8.1.2', '192.165.12.17'];
         IPs
         | evaluate ipv4_lookup(IP_Data, ip, network, return_unmatched = true)";
    assert_eq!(
        column_names("ipv4-lookup-plugin", query),
        [
            "ip",
            "network",
            "geoname_id",
            "continent_code",
            "continent_name",
            "country_iso_code",
            "country_name",
            "is_anonymous_proxy",
            "is_satellite_provider"
        ]
    );
}

#[test]
fn make_series_constant_item_fills_bins_with_rows_and_its_default_the_others() {
    // make-series-operator page, "fill values for missing records": `other=-1
    // default=-2` is -1 in the weeks with rows and -2 (a negative default) in the others.
    rows(
        "make-series-operator",
        "let startDate = datetime(2025-01-06);
         let endDate = datetime(2025-02-09);
         let data = datatable(Time: datetime, Value: int, other:int)
         [
             datetime(2025-01-07), 10, 11,
             datetime(2025-01-16), 20, 21,
             datetime(2025-02-01), 30, 5
         ];
         data
         | make-series Value=sum(Value), other=-1 default=-2 on Time from startDate to endDate step 7d
         | mv-expand Value, Time, other
         | extend Time=todatetime(Time), Value=toint(Value), other=toint(other)
         | project-reorder Time, Value, other",
        json!([
            {"Time": "2025-01-06T00:00:00Z", "Value": 10, "other": -1},
            {"Time": "2025-01-13T00:00:00Z", "Value": 20, "other": -1},
            {"Time": "2025-01-20T00:00:00Z", "Value": 0, "other": -2},
            {"Time": "2025-01-27T00:00:00Z", "Value": 30, "other": -1},
            {"Time": "2025-02-03T00:00:00Z", "Value": 0, "other": -2}
        ]),
    );
}

#[test]
fn partition_legacy_query_reads_the_key_as_a_scalar() {
    // geo-point-in-polygon page: "classify coordinates to polygons using the partition
    // operator", each partition's query reading `toscalar(polygonPartition)`.
    let query = r#"let Polygons = datatable(description:string, polygon:dynamic)
        [
          "New York city area", dynamic({"type":"Polygon","coordinates":[[[-73.85009765625,40.85744791303121],[-74.16046142578125,40.84290487729676],[-74.190673828125,40.59935608796518],[-73.83087158203125,40.61812224225511],[-73.85009765625,40.85744791303121]]]}),
          "Seattle area",       dynamic({"type":"Polygon","coordinates":[[[-122.200927734375,47.68573021131587],[-122.4591064453125,47.68573021131587],[-122.4755859375,47.468949677672484],[-122.17620849609374,47.47266286861342],[-122.200927734375,47.68573021131587]]]}),
          "Las Vegas",          dynamic({"type":"Polygon","coordinates":[[[-114.9,36.36],[-115.4498291015625,36.33282808737917],[-115.4498291015625,35.84453450421662],[-114.949951171875,35.902399875143615],[-114.9,36.36]]]}),
        ];
    let Locations = datatable(longitude:real, latitude:real)
        [
          real(-73.95),  real(40.75), // Somewhere in New York
          real(-122.3),  real(47.6),  // Somewhere in Seattle
          real(-115.18), real(36.16)  // Somewhere in Las Vegas
        ];
    Polygons
    | project polygonPartition = tostring(pack("description", description, "polygon", polygon))
    | partition hint.materialized=true hint.strategy=native by polygonPartition
    {
         Locations
         | extend description = parse_json(toscalar(polygonPartition)).description
         | extend polygon = parse_json(toscalar(polygonPartition)).polygon
         | where geo_point_in_polygon(longitude, latitude, polygon)
         | project-away polygon
    }"#;
    rows(
        "geo-point-in-polygon-function",
        query,
        json!([
            {"longitude": -73.95, "latitude": 40.75, "description": "New York city area"},
            {"longitude": -122.3, "latitude": 47.6, "description": "Seattle area"},
            {"longitude": -115.18, "latitude": 36.16, "description": "Las Vegas"}
        ]),
    );
}

#[test]
fn declare_pattern_runs_the_entry_of_the_invoked_values_and_path() {
    // pattern-statement page, "Define a simple pattern".
    rows(
        "pattern-statement",
        r#"declare pattern country = (name:string)[state:string]
        {
          ("USA").["New York"] = { print Capital = "Albany" };
          ("USA").["Washington"] = { print Capital = "Olympia" };
          ("Canada").["Alberta"] = { print Capital = "Edmonton" };
        };
        country("Canada").Alberta"#,
        json!([{"Capital": "Edmonton"}]),
    );
    // "Define a scoped pattern": the `Data` rows of App('a2') (its `Metrics` are random).
    rows(
        "pattern-statement",
        r#"declare pattern App = (applicationId:string)[scope:string]
        {
            ('a1').['Data']    = { range x from 1 to 5 step 1 | project App = "App #1", Data    = x };
            ('a1').['Metrics'] = { range x from 1 to 5 step 1 | project App = "App #1", Metrics = rand() };
            ('a2').['Data']    = { range x from 1 to 5 step 1 | project App = "App #2", Data    = 10 - x };
            ('a3').['Metrics'] = { range x from 1 to 5 step 1 | project App = "App #3", Metrics = rand() };
        };
        union App('a2').Data, App('a1').Metrics
        | where App == "App #2" | project App, Data"#,
        json!([{"App": "App #2", "Data": 9}, {"App": "App #2", "Data": 8},
               {"App": "App #2", "Data": 7}, {"App": "App #2", "Data": 6},
               {"App": "App #2", "Data": 5}]),
    );
}

#[test]
fn a_pattern_invocation_with_the_wildcard_is_refused_clearly() {
    // pattern-statement page, "Normalization": `app("ApplicationX").["*"]` matches every
    // path; kqlc does not match wildcards.
    let message = refused(
        r#"declare pattern app = (applicationId:string)[eventType:string]
        {
            ("ApplicationX").["StopEvents"] = { print e = "StopEvent" };
            ("ApplicationX").["StartEvents"] = { print e = "StartEvent" };
        };
        union app("ApplicationX").["*"]"#,
    );
    assert!(message.contains("`*` wildcard"), "{message}");
}
