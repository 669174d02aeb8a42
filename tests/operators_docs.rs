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
