//! Specifications of the dynamic family, mostly the Kusto docs' own examples
//! (page names in the test names).

use crate::functions::registry::{EvalContext, scalar};
use crate::value::Value;
use serde_json::{Value as J, json};

fn call(name: &str, args: &[Value]) -> Value {
    let f = scalar(name).unwrap_or_else(|| panic!("{name} is not registered"));
    (f.eval)(args, &EvalContext { now: 0 }).unwrap()
}

fn d(v: J) -> Value {
    Value::dynamic(v)
}
fn s(text: &str) -> Value {
    Value::string(text)
}
fn n(i: i64) -> Value {
    Value::Long(i)
}
fn out(v: Value) -> J {
    v.to_json()
}

#[test]
fn parse_json_function_doc_examples() {
    let text = r#"{"duration":{"value":118.0,"count":5.0}}"#;
    assert_eq!(
        out(call("parse_json", &[s(text)]))["duration"]["value"],
        json!(118.0)
    );
    let nested = call("parse_json", &[s(r#"{"a":123, "b":"{\"c\":456}"}"#)]);
    let inner = call("todynamic", &[s(nested.to_json()["b"].as_str().unwrap())]);
    assert_eq!(out(inner)["c"], json!(456));
}

#[test]
fn parse_json_keeps_non_json_text_as_a_dynamic_string() {
    assert_eq!(out(call("parsejson", &[s("not json")])), json!("not json"));
    assert!(call("parse_json", &[s("")]).is_null());
    assert_eq!(out(call("parse_json", &[d(json!([1]))])), json!([1]));
}

#[test]
fn array_length_function_doc_example_and_non_arrays() {
    assert_eq!(
        call("array_length", &[d(json!([1, 2, 3, "four"]))]).as_i64(),
        Some(4)
    );
    assert_eq!(call("arraylength", &[d(json!([]))]).as_i64(), Some(0));
    assert!(call("array_length", &[d(json!({}))]).is_null());
    assert!(call("array_length", &[Value::Null]).is_null());
}

#[test]
fn array_concat_function_doc_example() {
    let got = call("array_concat", &[d(json!([1, 2, 4])), d(json!([1, 2]))]);
    assert_eq!(out(got), json!([1, 2, 4, 1, 2]));
    assert!(call("array_concat", &[d(json!([1])), n(2)]).is_null());
}

#[test]
fn array_slice_function_doc_examples() {
    assert_eq!(
        out(call("array_slice", &[d(json!([1, 2, 3])), n(1), n(2)])),
        json!([2, 3])
    );
    assert_eq!(
        out(call(
            "array_slice",
            &[d(json!([1, 2, 3, 4, 5])), n(2), n(-1)]
        )),
        json!([3, 4, 5])
    );
    assert_eq!(
        out(call(
            "array_slice",
            &[d(json!([1, 2, 3, 4, 5])), n(-3), n(-2)]
        )),
        json!([3, 4])
    );
    assert_eq!(
        out(call("array_slice", &[d(json!([1, 2, 3])), n(2), n(1)])),
        json!([])
    );
}

#[test]
fn array_sort_function_doc_examples() {
    let names = d(json!(["John", "Paul", "Jane", "Kao"]));
    assert_eq!(
        out(call("array_sort_asc", std::slice::from_ref(&names))),
        json!(["Jane", "John", "Kao", "Paul"])
    );
    assert_eq!(
        out(call("array_sort_desc", &[names])),
        json!(["Paul", "Kao", "John", "Jane"])
    );
    let colors = d(json!([null, "blue", "yellow", "green", null]));
    assert_eq!(
        out(call("array_sort_asc", std::slice::from_ref(&colors))),
        json!(["blue", "green", "yellow", null, null])
    );
    assert_eq!(
        out(call(
            "array_sort_asc",
            &[colors.clone(), Value::Bool(false)]
        )),
        json!([null, null, "blue", "green", "yellow"])
    );
    assert_eq!(
        out(call("array_sort_desc", std::slice::from_ref(&colors))),
        json!(["yellow", "green", "blue", null, null])
    );
    assert_eq!(
        out(call("array_sort_desc", &[colors, Value::Bool(false)])),
        json!([null, null, "yellow", "green", "blue"])
    );
}

#[test]
fn array_sort_permutes_further_arrays_by_the_first() {
    let times = d(json!([
        "2019-07-15T00:00:00Z",
        "2019-07-02T00:00:00Z",
        "2019-07-22T00:00:00Z"
    ]));
    let commands = d(json!(["chmod", "ls", "dir"]));
    let got = call("array_sort_asc", &[times, commands]);
    assert_eq!(out(got)[1], json!(["ls", "chmod", "dir"]));
    assert!(call("array_sort_asc", &[d(json!([1, 2])), d(json!([1]))]).is_null());
}

#[test]
fn array_index_of_function_doc_example() {
    let arr = d(json!(["this", "is", "an", "example", "an", "example"]));
    let idx = |rest: &[Value]| {
        let mut args = vec![arr.clone()];
        args.extend_from_slice(rest);
        call("array_index_of", &args).as_i64()
    };
    assert_eq!(idx(&[s("an")]), Some(2));
    assert_eq!(idx(&[s("example"), n(1), n(3)]), Some(3));
    assert_eq!(idx(&[s("example"), n(1), n(2)]), Some(-1));
    assert_eq!(idx(&[s("is"), n(2), n(4)]), Some(-1));
    assert_eq!(idx(&[s("example"), n(2), n(-1)]), Some(3));
    assert_eq!(idx(&[s("an"), n(1), n(-1), n(2)]), Some(4));
    assert_eq!(idx(&[s("an"), n(1), n(-1), n(3)]), Some(-1));
    assert_eq!(idx(&[s("an"), n(-3)]), Some(4));
    assert_eq!(idx(&[s("is"), n(-4)]), Some(-1));
}

#[test]
fn array_iff_function_doc_examples() {
    let got = call(
        "array_iff",
        &[
            d(json!([true, false, true])),
            d(json!([1, 2, 3])),
            d(json!([4, 5, 6])),
        ],
    );
    assert_eq!(out(got), json!([1, 5, 3]));
    let got = call("array_iif", &[d(json!([1, 0, 50])), s("yes"), s("no")]);
    assert_eq!(out(got), json!(["yes", "no", "yes"]));
    let got = call(
        "array_iff",
        &[
            d(json!([true, true, true])),
            d(json!([1, 2])),
            d(json!([3, 4])),
        ],
    );
    assert_eq!(out(got), json!([1, 2, null]));
}

#[test]
fn array_split_function_doc_examples() {
    let arr = d(json!([1, 2, 3, 4, 5]));
    assert_eq!(
        out(call("array_split", &[arr.clone(), n(2)])),
        json!([[1, 2], [3, 4, 5]])
    );
    assert_eq!(
        out(call("array_split", &[arr, d(json!([1, 3]))])),
        json!([[1], [2, 3], [4, 5]])
    );
}

#[test]
fn array_sum_reverse_and_zip_doc_examples() {
    assert_eq!(
        call("array_sum", &[d(json!([1, 2, 3, 4]))]).as_f64(),
        Some(10.0)
    );
    assert!(call("array_sum", &[d(json!([1, "x"]))]).is_null());
    assert_eq!(
        out(call(
            "array_reverse",
            &[d(json!(["this", "is", "an", "example"]))]
        )),
        json!(["example", "an", "is", "this"])
    );
    assert_eq!(
        out(call("zip", &[d(json!([1, 3, 5])), d(json!([2, 4, 6]))])),
        json!([[1, 2], [3, 4], [5, 6]])
    );
    let got = call("zip", &[d(json!(["A", 1, 1.5])), d(json!([{}, "B"]))]);
    assert_eq!(out(got), json!([["A", {}], [1, "B"], [1.5, null]]));
}

#[test]
fn strcat_array_function_doc_examples() {
    assert_eq!(
        call("strcat_array", &[d(json!([1, 2, 3])), s("->")]).to_kusto_string(),
        "1->2->3"
    );
    assert_eq!(
        call("strcat_array", &[d(json!([1, 2, 3])), s("\"")]).to_kusto_string(),
        "1\"2\"3"
    );
    assert_eq!(
        call("strcat_array", &[Value::Null, s(",")]).to_kusto_string(),
        ""
    );
}

#[test]
fn pack_array_function_doc_example_renders_timespans_as_text() {
    let got = call(
        "pack_array",
        &[n(1), s("2"), Value::TimeSpan(2 * 10_000_000)],
    );
    assert_eq!(out(got), json!([1, "2", "00:00:02"]));
}

#[test]
fn bag_pack_function_doc_example_and_aliases() {
    let inner = call("pack", &[s("url"), s("www.bing.com")]);
    let got = call(
        "bag_pack",
        &[
            s("Level"),
            s("Information"),
            s("ProcessID"),
            n(1234),
            s("Data"),
            inner,
        ],
    );
    assert_eq!(
        out(got),
        json!({"Level": "Information", "ProcessID": 1234, "Data": {"url": "www.bing.com"}})
    );
    assert_eq!(
        out(call("pack_dictionary", &[s("a"), n(1)])),
        json!({"a": 1})
    );
    let f = scalar("bag_pack").unwrap();
    assert!((f.eval)(&[s("odd")], &EvalContext { now: 0 }).is_err());
}

#[test]
fn bag_keys_function_doc_example() {
    let cases = [
        (json!({"a": "b", "c": 123}), json!(["a", "c"])),
        (json!({"a": "b", "c": [{"d": 123}]}), json!(["a", "c"])),
        (json!(null), J::Null),
        (json!({}), json!([])),
        (json!("a"), J::Null),
        (json!([]), J::Null),
    ];
    for (input, want) in cases {
        assert_eq!(out(call("bag_keys", &[d(input.clone())])), want, "{input}");
    }
}

#[test]
fn bag_has_key_function_doc_examples() {
    let bag = d(json!({"key1": 123, "key2": {"prop1": "abc", "prop2": "xyz"}, "key3": [100, 200]}));
    assert_eq!(
        call("bag_has_key", &[bag.clone(), s("key2")]).as_bool(),
        Some(true)
    );
    assert_eq!(
        call("bag_has_key", &[bag.clone(), s("key4")]).as_bool(),
        Some(false)
    );
    assert_eq!(
        call("bag_has_key", &[bag, s("$.key2.prop1")]).as_bool(),
        Some(true)
    );
}

#[test]
fn bag_merge_function_doc_example_first_bag_wins() {
    let got = call(
        "bag_merge",
        &[
            d(json!({"A1": 12, "B1": 2, "C1": 3})),
            d(json!({"A2": 81, "B2": 82, "A1": 1})),
        ],
    );
    assert_eq!(
        out(got),
        json!({"A1": 12, "B1": 2, "C1": 3, "A2": 81, "B2": 82})
    );
}

#[test]
fn bag_remove_keys_function_doc_examples() {
    let got = call(
        "bag_remove_keys",
        &[
            d(json!({"key1": 123, "key2": "abc"})),
            d(json!(["key2", "key4"])),
        ],
    );
    assert_eq!(out(got), json!({"key1": 123}));
    let bag = d(json!({"key1": 123, "key2": {"prop1": "abc", "prop2": "xyz"}, "key3": [100, 200]}));
    let got = call(
        "bag_remove_keys",
        &[bag, d(json!(["$.key2.prop1", "key3"]))],
    );
    assert_eq!(out(got), json!({"key1": 123, "key2": {"prop2": "xyz"}}));
}

#[test]
fn bag_set_key_function_doc_examples() {
    let got = call(
        "bag_set_key",
        &[d(json!({"key1": 1, "key3": "abc"})), s("key3"), n(3)],
    );
    assert_eq!(out(got), json!({"key1": 1, "key3": 3}));
    let got = call(
        "bag_set_key",
        &[d(json!({"key1": 123})), s("$.key2.prop1"), s("abc")],
    );
    assert_eq!(out(got), json!({"key1": 123, "key2": {"prop1": "abc"}}));
}

#[test]
fn set_functions_doc_examples() {
    let (a1, a2, a3) = (
        d(json!([1, 2, 1, 4])),
        d(json!([1, 2])),
        d(json!([1, 2, 8])),
    );
    assert_eq!(
        out(call("set_difference", &[a1.clone(), a2.clone(), a3])),
        json!([4])
    );
    assert_eq!(
        out(call(
            "set_difference",
            &[d(json!([1, 2, 3])), d(json!([1, 2, 3]))]
        )),
        json!([])
    );
    assert_eq!(
        out(call(
            "set_intersect",
            &[a1.clone(), a2.clone(), d(json!([8, 1]))]
        )),
        json!([1])
    );
    assert_eq!(
        out(call(
            "set_intersect",
            &[d(json!([1, 2, 3])), d(json!([4, 5]))]
        )),
        json!([])
    );
    assert_eq!(
        out(call("set_union", &[a1, a2, d(json!([8]))])),
        json!([1, 2, 4, 8])
    );
    let arr = d(json!(["A4", "A2", "A7", "A2"]));
    assert_eq!(
        out(call("set_union", &[arr.clone(), arr])),
        json!(["A4", "A2", "A7"])
    );
}

#[test]
fn set_functions_compare_numbers_by_value() {
    assert_eq!(
        out(call("set_union", &[d(json!([1, 1.0])), d(json!([2]))])),
        json!([1, 2])
    );
}

#[test]
fn set_has_element_function_doc_example() {
    let arr = d(json!(["this", "is", "an", "example"]));
    assert_eq!(
        call("set_has_element", &[arr.clone(), s("example")]).as_bool(),
        Some(true)
    );
    assert_eq!(
        call("set_has_element", &[arr, s("test")]).as_bool(),
        Some(false)
    );
}

#[test]
fn extract_json_function_doc_example() {
    let doc = s(r#"{"name": "John", "age": 30, "city": "New York"}"#);
    assert_eq!(
        call("extract_json", &[s("$.name"), doc.clone()]).to_kusto_string(),
        "John"
    );
    assert_eq!(
        call("extractjson", &[s("$.age"), doc.clone(), s("long")]).as_i64(),
        Some(30)
    );
    assert_eq!(
        call("extract_json", &[s("$.missing"), doc.clone()]).to_kusto_string(),
        ""
    );
    assert!(call("extract_json", &[s("$.missing"), doc, s("long")]).is_null());
    let arr = s(r#"{"a": [{"b": "x"}, {"b": "y"}]}"#);
    assert_eq!(
        call("extract_json", &[s("$.a[1].b"), arr.clone()]).to_kusto_string(),
        "y"
    );
    assert_eq!(
        call("extract_json", &[s("$['a'][0]"), arr]).to_kusto_string(),
        r#"{"b":"x"}"#
    );
}

#[test]
fn dynamic_to_json_function_doc_example_sorts_keys() {
    let bag = d(
        json!({"Y10": {}, "X8": {"c3": 1, "d8": 5, "a4": 6}, "D1": 114, "A1": 12, "B1": 2, "C1": 3, "A14": [15, 13, 18]}),
    );
    let want =
        r#"{"A1":12,"A14":[15,13,18],"B1":2,"C1":3,"D1":114,"X8":{"a4":6,"c3":1,"d8":5},"Y10":{}}"#;
    assert_eq!(call("dynamic_to_json", &[bag]).to_kusto_string(), want);
}

#[test]
fn parse_csv_function_doc_examples() {
    let got = call(
        "parse_csv",
        &[s(
            "aa,\"b,b,b\",cc,\"Escaping quotes: \"\"Title\"\"\",\"line1\nline2\"",
        )],
    );
    assert_eq!(
        out(got),
        json!([
            "aa",
            "b,b,b",
            "cc",
            "Escaping quotes: \"Title\"",
            "line1\nline2"
        ])
    );
    assert_eq!(
        out(call("parse_csv", &[s("record1,a,b,c\nrecord2,x,y,z")])),
        json!(["record1", "a", "b", "c"])
    );
}

#[test]
fn parse_xml_function_doc_example() {
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<duration>\n <value>118.0</value>\n <min>100.0</min>\n</duration>";
    assert_eq!(
        out(call("parse_xml", &[s(xml)])),
        json!({"duration": {"value": "118.0", "min": "100.0"}})
    );
    assert!(call("parse_xml", &[s("<broken>")]).is_null());
}
