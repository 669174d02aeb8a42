//! String-family specifications, mostly the Kusto docs' own examples (the page is
//! named in each test) and the conformance cases that use these functions.

use crate::functions::registry::{EvalContext, scalar};
use crate::value::Value;
use serde_json::json;

fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    let f = scalar(name).unwrap_or_else(|| panic!("{name} is registered"));
    (f.eval)(args, &EvalContext { now: 0 })
}

fn ok(name: &str, args: &[Value]) -> Value {
    call(name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn text(name: &str, args: &[Value]) -> String {
    match ok(name, args) {
        Value::String(s) => s.to_string(),
        other => panic!("{name} gave {other:?}, not a string"),
    }
}

fn long(name: &str, args: &[Value]) -> Option<i64> {
    match ok(name, args) {
        Value::Long(n) => Some(n),
        Value::Null => None,
        other => panic!("{name} gave {other:?}, not a long"),
    }
}

fn json_of(name: &str, args: &[Value]) -> serde_json::Value {
    ok(name, args).to_json()
}

fn s(t: &str) -> Value {
    Value::string(t)
}

fn n(v: i64) -> Value {
    Value::Long(v)
}

fn dynamic(v: serde_json::Value) -> Value {
    Value::dynamic(v)
}

#[test]
fn strcat_renders_every_argument_as_text() {
    // strcat-function docs; conformance 274.
    assert_eq!(
        text("strcat", &[s("hello"), s(" "), s("world")]),
        "hello world"
    );
    assert_eq!(text("strcat", &[s("a"), s("-"), n(123)]), "a-123");
    assert_eq!(text("strcat", &[s("a"), Value::Null]), "a");
}

#[test]
fn strcat_delim_joins_with_the_delimiter() {
    // strcat-delim-function docs: strcat_delim('-', 1, '2', 'A', 1s).
    let one_second = Value::TimeSpan(10_000_000);
    assert_eq!(
        text("strcat_delim", &[s("-"), n(1), s("2"), s("A"), one_second]),
        "1-2-A-00:00:01"
    );
}

#[test]
fn strlen_counts_characters_and_string_size_bytes() {
    // strlen-function docs.
    assert_eq!(long("strlen", &[s("hello")]), Some(5));
    assert_eq!(long("strlen", &[s("⒦⒰⒮⒯⒪")]), Some(5));
    assert_eq!(long("string_size", &[s("⒦⒰⒮⒯⒪")]), Some(15));
    assert_eq!(long("string_size", &[s("hello")]), Some(5));
}

#[test]
fn case_reverse_compare_and_ascii() {
    assert_eq!(text("tolower", &[s("HeLLo")]), "hello");
    assert_eq!(text("toupper", &[s("HeLLo")]), "HELLO");
    // reverse-function docs.
    assert_eq!(
        text("reverse", &[s("ABCDEFGHIJKLMNOPQRSTUVWXYZ")]),
        "ZYXWVUTSRQPONMLKJIHGFEDCBA"
    );
    // strcmp-function docs.
    assert_eq!(long("strcmp", &[s("ABC"), s("ABC")]), Some(0));
    assert_eq!(long("strcmp", &[s("abc"), s("ABC")]), Some(1));
    assert_eq!(long("strcmp", &[s("ABC"), s("abc")]), Some(-1));
    assert_eq!(long("strcmp", &[s("abcde"), s("abc")]), Some(1));
    // isascii docs.
    assert_eq!(ok("isascii", &[s("some string")]).as_bool(), Some(true));
    assert_eq!(ok("isascii", &[s("é")]).as_bool(), Some(false));
}

#[test]
fn strrep_repeats_with_optional_delimiter() {
    // strrep-function docs.
    assert_eq!(text("strrep", &[s("ABC"), n(2)]), "ABCABC");
    assert_eq!(text("strrep", &[s("ABC"), n(2), s(" ")]), "ABC ABC");
    assert_eq!(text("strrep", &[n(123), n(3), s(",")]), "123,123,123");
    assert_eq!(text("strrep", &[s("x"), n(0)]), "");
}

#[test]
fn translate_maps_characters_one_for_one() {
    // translate-function docs.
    assert_eq!(text("translate", &[s("abc"), s("x"), s("abc")]), "xxx");
    assert_eq!(text("translate", &[s("abc"), s(""), s("ab")]), "");
    assert_eq!(
        text("translate", &[s("krasp"), s("otsku"), s("spark")]),
        "kusto"
    );
}

#[test]
fn substring_by_characters_with_negative_start_from_the_end() {
    // substring-function docs.
    assert_eq!(text("substring", &[s("123456"), n(1)]), "23456");
    assert_eq!(text("substring", &[s("123456"), n(2), n(2)]), "34");
    assert_eq!(text("substring", &[s("ABCD"), n(0), n(2)]), "AB");
    assert_eq!(text("substring", &[s("123456"), n(-2), n(2)]), "56");
    // conformance 277: past the end gives what is left.
    assert_eq!(text("substring", &[s("0"), n(1), n(2)]), "");
    assert_eq!(text("substring", &[s("01"), n(1), n(2)]), "1");
    assert_eq!(text("substring", &[s("0123"), n(1), n(2)]), "12");
}

#[test]
fn indexof_follows_the_docs_examples() {
    // indexof-function docs (conformance 084).
    let abc = || s("abcdefg");
    assert_eq!(long("indexof", &[abc(), s("cde")]), Some(2));
    assert_eq!(long("indexof", &[abc(), s("cde"), n(1), n(4)]), Some(2));
    assert_eq!(long("indexof", &[abc(), s("cde"), n(1), n(2)]), Some(-1));
    assert_eq!(long("indexof", &[abc(), s("cde"), n(3), n(4)]), Some(-1));
    assert_eq!(long("indexof", &[abc(), s("cde"), n(-5)]), Some(2));
    assert_eq!(long("indexof", &[n(1234567), n(5), n(1), n(4)]), Some(4));
    assert_eq!(long("indexof", &[abc(), s("cde"), n(2), n(-1)]), Some(2));
    assert_eq!(
        long(
            "indexof",
            &[s("abcdefgabcdefg"), s("cde"), n(1), n(10), n(2)]
        ),
        Some(9)
    );
    assert_eq!(
        long(
            "indexof",
            &[s("abcdefgabcdefg"), s("cde"), n(1), n(-1), n(3)]
        ),
        Some(-1)
    );
}

#[test]
fn indexof_is_null_for_bad_length_or_occurrence() {
    assert_eq!(long("indexof", &[s("abc"), s("b"), n(0), n(-2)]), None);
    assert_eq!(
        long("indexof", &[s("abc"), s("b"), n(0), n(-1), n(0)]),
        None
    );
}

#[test]
fn indexof_regex_follows_the_docs_examples() {
    // indexof-regex-function docs (conformance 085).
    assert_eq!(long("indexof_regex", &[s("abcabc"), s("a.c")]), Some(0));
    assert_eq!(
        long(
            "indexof_regex",
            &[s("abcabcdefg"), s("a.c"), n(0), n(9), n(2)]
        ),
        Some(3)
    );
    assert_eq!(
        long("indexof_regex", &[s("abcabc"), s("a.c"), n(1), n(-1), n(2)]),
        Some(-1)
    );
    assert_eq!(
        long("indexof_regex", &[s("ababaa"), s("a.a"), n(0), n(-1), n(2)]),
        Some(-1)
    );
    assert_eq!(
        long("indexof_regex", &[s("abcabc"), s("a|ab"), n(-1)]),
        None
    );
}

#[test]
fn trim_functions_remove_runs_of_regex_matches() {
    // trim-function, trim-start-function, trim-end-function docs; conformance 303.
    assert_eq!(
        text("trim", &[s("--"), s("--https://bing.com--")]),
        "https://bing.com"
    );
    assert_eq!(text("trim", &[s(r"[^\w]+"), s("-  Te st1// $")]), "Te st1");
    assert_eq!(
        text("trim", &[s(r"\s+"), s("    Hello, world!    ")]),
        "Hello, world!"
    );
    assert_eq!(
        text("trim", &[s("a*"), s("aaathis is a testaaaa")]),
        "this is a test"
    );
    assert_eq!(
        text("trim_start", &[s("https://"), s("https://bing.com")]),
        "bing.com"
    );
    assert_eq!(
        text("trim_start", &[s(r"\s+"), s("    Hello, world!    ")]),
        "Hello, world!    "
    );
    assert_eq!(text("trim_end", &[s(".com"), s("bing.com")]), "bing");
    assert_eq!(
        text("trim_end", &[s(r"\s+"), s("    Hello, world!    ")]),
        "    Hello, world!"
    );
}

#[test]
fn replace_regex_rewrites_with_numbered_groups() {
    // replace-regex-function docs: `\1` is the first group.
    let out = text(
        "replace_regex",
        &[s("Number was: 12"), s(r"is (\d+)"), s(r"was: \1")],
    );
    assert_eq!(out, "Number was: 12");
    assert_eq!(
        text("replace_regex", &[s("a1b22"), s(r"(\d+)"), s(r"<\1>")]),
        "a<1>b<22>"
    );
    assert_eq!(
        text("replace_regex", &[s("cost"), s("cost"), s("$5")]),
        "$5"
    );
    assert_eq!(text("replace_regex", &[s("a/b"), s("/"), s(r"\\")]), r"a\b");
    // Legacy replace(regex, rewrite, text).
    assert_eq!(text("replace", &[s(r"(\d)"), s(r"#\1"), s("a1")]), "a#1");
    assert!(call("replace_regex", &[s("x"), s("("), s("y")]).is_err());
}

#[test]
fn replace_string_replaces_literally() {
    // replace-string-function docs; conformance 276.
    let msg = s("A magic trick can turn a cat into a dog");
    assert_eq!(
        text("replace_string", &[msg, s("cat"), s("hamster")]),
        "A magic trick can turn a hamster into a dog"
    );
    assert_eq!(text("replace_string", &[s("abcb"), s("b"), s("1")]), "a1c1");
    assert_eq!(text("replace_string", &[s("a.c"), s("."), s("!")]), "a!c");
}

#[test]
fn replace_strings_replaces_all_lookups_at_once_earlier_ones_winning() {
    // replace-strings-function docs (conformance 176-179).
    let msg = || s("A magic trick can turn a cat into a dog");
    let swapped = text(
        "replace_strings",
        &[
            msg(),
            dynamic(json!(["cat", "dog"])),
            dynamic(json!(["dog", "pigeon"])),
        ],
    );
    assert_eq!(swapped, "A magic trick can turn a dog into a pigeon");
    let removed = text(
        "replace_strings",
        &[
            msg(),
            dynamic(json!(["turn", " into a dog"])),
            dynamic(json!(["disappear", ""])),
        ],
    );
    assert_eq!(removed, "A magic trick can disappear a cat");
    let ex = || s("This is an example of using replace_strings()");
    let first = text(
        "replace_strings",
        &[
            ex(),
            dynamic(json!(["This", "is"])),
            dynamic(json!(["This", "was"])),
        ],
    );
    assert_eq!(first, "This was an example of using replace_strings()");
    let second = text(
        "replace_strings",
        &[
            ex(),
            dynamic(json!(["is", "This"])),
            dynamic(json!(["was", "This"])),
        ],
    );
    assert_eq!(second, "Thwas was an example of using replace_strings()");
    let non_string = text(
        "replace_strings",
        &[
            ex(),
            dynamic(json!(["This", "is"])),
            dynamic(json!([12345, "was"])),
        ],
    );
    assert_eq!(non_string, "This was an example of using replace_strings()");
}

#[test]
fn extract_returns_the_group_or_empty_and_converts_on_request() {
    // extract-function docs (conformance 065, 066).
    let text1 = || s("User: James, Email: James@example.com, Age: 29");
    assert_eq!(
        text("extract", &[s("User: ([^,]+)"), n(1), text1()]),
        "James"
    );
    assert_eq!(
        text("extract", &[s(r"Email: (\S+),"), n(1), text1()]),
        "James@example.com"
    );
    assert_eq!(
        text(
            "extract",
            &[s(r"Email: (\S+),"), n(1), s("User: David, Age: 35")]
        ),
        ""
    );
    assert_eq!(text("extract", &[s(r"\d+"), n(0), text1()]), "29");
    assert_eq!(
        long(
            "extract",
            &[s(r"-(\d{2})-"), n(1), s("15-12-2024"), s("int")]
        ),
        Some(12)
    );
    assert_eq!(
        long(
            "extract",
            &[s(r"-(\d{2})-"), n(1), s("no match"), s("long")]
        ),
        None
    );
    let real = ok("extract", &[s(r"(\d+\.\d+)"), n(1), s("v=1.5"), s("real")]);
    assert_eq!(real.as_f64(), Some(1.5));
}

#[test]
fn extract_all_lists_matches_and_selected_groups() {
    // extract-all-function docs (conformance 061-064).
    let id = || s("82b8be2d-dfa7-4bd1-8f63-24ad26d31449");
    let bytes = json_of("extract_all", &[s(r"([\da-f]{2})"), id()]);
    assert_eq!(
        bytes,
        json!([
            "82", "b8", "be", "2d", "df", "a7", "4b", "d1", "8f", "63", "24", "ad", "26", "d3",
            "14", "49"
        ])
    );
    let groups = json_of("extract_all", &[s(r"(\w)(\w+)(\w)"), id()]);
    assert_eq!(groups[0], json!(["8", "2b8be2", "d"]));
    assert_eq!(groups.as_array().map(Vec::len), Some(5));
    let picked = json_of(
        "extract_all",
        &[s(r"(\w)(\w+)(\w)"), dynamic(json!([1, 3])), id()],
    );
    assert_eq!(
        picked,
        json!([["8", "d"], ["d", "7"], ["4", "1"], ["8", "3"], ["2", "9"]])
    );
    let named = json_of(
        "extract_all",
        &[
            s(r"(?P<first>\w)(?P<middle>\w+)(?P<last>\w)"),
            dynamic(json!(["first", 2, "last"])),
            id(),
        ],
    );
    assert_eq!(named[4], json!(["2", "4ad26d3144", "9"]));
    assert!(ok("extract_all", &[s(r"(\d)"), s("none")]).is_null());
}

#[test]
fn split_returns_a_dynamic_array() {
    // split-function docs (conformance 196).
    assert_eq!(json_of("split", &[s("aa_bb"), s("_")]), json!(["aa", "bb"]));
    assert_eq!(
        json_of("split", &[s("aaa_bbb_ccc"), s("_"), n(1)]),
        json!(["bbb"])
    );
    assert_eq!(json_of("split", &[s(""), s("_")]), json!([""]));
    assert_eq!(
        json_of("split", &[s("a__b"), s("_")]),
        json!(["a", "", "b"])
    );
    assert_eq!(
        json_of("split", &[s("aabbcc"), s("bb")]),
        json!(["aa", "cc"])
    );
    assert_eq!(json_of("split", &[s("a_b"), s("_"), n(5)]), json!([]));
}

#[test]
fn countof_counts_text_or_regex_matches() {
    // countof-function docs.
    assert_eq!(
        long("countof", &[s("The cat sat on the mat"), s("at")]),
        Some(3)
    );
    assert_eq!(
        long(
            "countof",
            &[s("The cat sat on the mat"), s(r"\b.at\b"), s("regex")]
        ),
        Some(3)
    );
    assert_eq!(long("countof", &[s("aaa"), s("a")]), Some(3));
    assert_eq!(long("countof", &[s("aaa"), s("aa")]), Some(1));
    assert_eq!(
        long("countof", &[s("abcabc"), s("a.c"), s("regex")]),
        Some(2)
    );
}

#[test]
fn regex_quote_escapes_metacharacters() {
    // regex-quote-function docs: regex_quote('(so$me.Te^xt)').
    assert_eq!(
        text("regex_quote", &[s("(so$me.Te^xt)")]),
        r"\(so\$me\.Te\^xt\)"
    );
}

#[test]
fn url_encoding_and_decoding() {
    // url-encode-function, url-encode-component-function, url-decode-function docs.
    assert_eq!(
        text("url_encode", &[s("https://www.bing.com/hello world")]),
        "https%3a%2f%2fwww.bing.com%2fhello+world"
    );
    assert_eq!(
        text(
            "url_encode_component",
            &[s("https://www.bing.com/hello world/")]
        ),
        "https%3a%2f%2fwww.bing.com%2fhello%20world%2f"
    );
    assert_eq!(
        text("url_decode", &[s("https%3a%2f%2fwww.bing.com%2f")]),
        "https://www.bing.com/"
    );
    // conformance 278.
    assert_eq!(text("url_decode", &[s("hello%20world")]), "hello world");
    assert_eq!(
        text("url_decode", &[s("https%3A%2F%2Fexample.com%3Fa%3Db")]),
        "https://example.com?a=b"
    );
    assert_eq!(text("url_decode", &[s("100%")]), "100%");
}

#[test]
fn parse_url_splits_an_absolute_url() {
    // parse-url-function docs example; kqlc keeps the path's leading '/'.
    let parts = json_of(
        "parse_url",
        &[s(
            "scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment",
        )],
    );
    assert_eq!(
        parts,
        json!({"Scheme": "scheme", "Host": "host", "Port": "1234", "Path": "/this/is/a/path", "Username": "username",
               "Password": "password", "Query Parameters": {"k1": "v1", "k2": "v2"}, "Fragment": "fragment"})
    );
    let plain = json_of("parse_url", &[s("https://www.bing.com")]);
    assert_eq!(plain["Host"], json!("www.bing.com"));
    assert_eq!(plain["Port"], json!(""));
    let not_url = json_of("parse_url", &[s("bing.com")]);
    assert_eq!(not_url["Host"], json!(""));
}

#[test]
fn parse_urlquery_reads_parameters() {
    // parse-urlquery-function docs (conformance 166).
    let q = json_of("parse_url_query", &[s("view=vs-2019&preserve-view=true")]);
    assert_eq!(
        q,
        json!({"Query Parameters": {"view": "vs-2019", "preserve-view": "true"}})
    );
    let decoded = json_of("parse_urlquery", &[s("k1=v1&k2=v%202")]);
    assert_eq!(decoded["Query Parameters"]["k2"], json!("v 2"));
}

#[test]
fn parse_path_splits_windows_unc_unix_and_file_paths() {
    // parse-path-function docs (conformance 165).
    let p = |path: &str| json_of("parse_path", &[s(path)]);
    assert_eq!(
        p(r"C:\temp\file.txt"),
        json!({"Scheme": "", "RootPath": "C:", "DirectoryPath": "C:\\temp", "DirectoryName": "temp", "Filename": "file.txt", "Extension": "txt", "AlternateDataStreamName": ""})
    );
    assert_eq!(p(r"temp\file.txt")["DirectoryPath"], json!("temp"));
    let ads = p("file://C:/temp/file.txt:some.exe");
    assert_eq!(
        (ads["Scheme"].clone(), ads["RootPath"].clone()),
        (json!("file"), json!("C:"))
    );
    assert_eq!(
        (
            ads["Filename"].clone(),
            ads["AlternateDataStreamName"].clone()
        ),
        (json!("file.txt"), json!("some.exe"))
    );
    let unc = p(r"\\shared\users\temp\file.txt.gz");
    assert_eq!(unc["DirectoryPath"], json!(r"\\shared\users\temp"));
    assert_eq!(unc["Extension"], json!("gz"));
    assert_eq!(
        p("/usr/lib/temp/file.txt")["DirectoryPath"],
        json!("/usr/lib/temp")
    );
}

#[test]
fn base64_round_trip_and_invalid_utf8_is_empty() {
    // base64-encode-tostring / base64-decode-tostring docs (conformance 036-038).
    assert_eq!(text("base64_encode_tostring", &[s("Kusto")]), "S3VzdG8=");
    assert_eq!(text("base64_decode_tostring", &[s("S3VzdG8=")]), "Kusto");
    assert_eq!(
        text(
            "base64_decode_tostring",
            &[s("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")]
        ),
        ""
    );
    assert_eq!(text("base64_decode_tostring", &[s("S3VzdG8")]), "Kusto");
    assert_eq!(text("base64_decode_tostring", &[s("not base64!")]), "");
}

#[test]
fn digests_of_strings_and_datetimes() {
    // hash-md5/sha1/sha256-function docs (conformance 081-083).
    let day = || Value::DateTime(crate::value::time::parse_datetime("2020-01-01").unwrap());
    assert_eq!(
        text("hash_md5", &[s("World")]),
        "f5a7924e621e84c9280a9a27e1bcb7f6"
    );
    assert_eq!(
        text("hash_md5", &[day()]),
        "786c530672d1f8db31fee25ea8a9390b"
    );
    assert_eq!(
        text("hash_sha1", &[s("World")]),
        "70c07ec18ef89c5309bbb0937f3a6342411e1fdd"
    );
    assert_eq!(
        text("hash_sha1", &[day()]),
        "e903e533f4d636b4fc0dcf3cf81e7b7f330de776"
    );
    assert_eq!(
        text("hash_sha256", &[s("World")]),
        "78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524"
    );
    assert_eq!(
        text("hash_sha256", &[day()]),
        "ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d"
    );
}

#[test]
fn hash_is_xxhash64_as_the_docs_show() {
    // hash-xxhash64-function docs.
    assert_eq!(long("hash", &[s("World")]), Some(1846988464401551951));
    assert_eq!(long("hash", &[s("World"), n(100)]), Some(51));
    let day = Value::DateTime(crate::value::time::parse_datetime("2015-01-01").unwrap());
    assert_eq!(long("hash_xxhash64", &[day]), Some(1380966698541616202));
}

#[test]
fn tohex_prints_lower_case_hex_with_twos_complement() {
    // tohex-function docs.
    assert_eq!(text("tohex", &[n(256)]), "100");
    assert_eq!(text("tohex", &[n(-256)]), "ffffffffffffff00");
    assert_eq!(text("tohex", &[n(255), n(4)]), "00ff");
    assert!(ok("tohex", &[s("x")]).is_null());
}

#[test]
fn format_bytes_picks_base_1024_units() {
    // format-bytes-function docs.
    assert_eq!(text("format_bytes", &[n(564)]), "564 Bytes");
    assert_eq!(text("format_bytes", &[n(10332), n(1)]), "10.1 KB");
    assert_eq!(text("format_bytes", &[n(20010332)]), "19 MB");
    assert_eq!(text("format_bytes", &[n(20010332), n(2)]), "19.08 MB");
    assert_eq!(
        text("format_bytes", &[n(20010332), n(0), s("KB")]),
        "19541 KB"
    );
}

#[test]
fn parse_user_agent_names_the_browser_by_uap_patterns() {
    // parse-user-agent-function docs, "look-for as a string".
    let ua = "Mozilla/5.0 (Windows; U; en-US) AppleWebKit/531.9 (KHTML, like Gecko) AdobeAIR/2.5.1";
    assert_eq!(
        json_of("parse_user_agent", &[s(ua), s("browser")]),
        json!({"Browser": {"Family": "AdobeAIR", "MajorVersion": "2", "MinorVersion": "5", "Patch": "1"}})
    );
}

#[test]
fn parse_user_agent_takes_an_array_of_targets_and_gives_empty_missing_parts() {
    // parse-user-agent-function docs, "look-for as a dynamic array".
    let ua = "Mozilla/5.0 (SymbianOS/9.2; U; Series60/3.1 NokiaN81-3/10.0.032 Profile/MIDP-2.0 Configuration/CLDC-1.1 ) AppleWebKit/413 (KHTML, like Gecko) Safari/4";
    let all = json_of(
        "parse_user_agent",
        &[s(ua), dynamic(json!(["browser", "os", "device"]))],
    );
    assert_eq!(
        all["Browser"],
        json!({"Family": "Nokia OSS Browser", "MajorVersion": "3", "MinorVersion": "1", "Patch": ""})
    );
    assert_eq!(all["OperatingSystem"]["Family"], json!("Symbian OS"));
    assert_eq!(all["OperatingSystem"]["MajorVersion"], json!("9"));
    assert_eq!(all["OperatingSystem"]["MinorVersion"], json!("2"));
    let device = all["Device"].as_object().expect("a Device object");
    let keys: Vec<&str> = device.keys().map(String::as_str).collect();
    assert_eq!(keys, ["Family", "Brand", "Model"]);
}

#[test]
fn parse_user_agent_rejects_an_unknown_target() {
    let e = call("parse_user_agent", &[s("curl/8.0"), s("engine")]).unwrap_err();
    assert!(e.contains("\"browser\", \"os\" or \"device\""), "{e}");
}
