//! ES|QL functions checked against the examples of Elastic's function reference
//! (<https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/>,
//! page named on each test), and the type rules of Elasticsearch's evaluators.

// The expected values are the reference's printed digits, some of which are π or τ.
#![allow(clippy::approx_constant)]

use kqlc::run::run_esql_on;
use serde_json::{Value as J, json};

/// The single row of a `ROW …` query as JSON.
fn row(query: &str) -> serde_json::Map<String, J> {
    let t = run_esql_on(query, Vec::new(), 0).unwrap_or_else(|e| panic!("{query}: {e:?}"));
    assert_eq!(t.rows.len(), 1, "{query}");
    t.row_object(&t.rows[0])
}

/// Asserts column `name` is the double `want` (to the last few bits: Java's Math and
/// Rust's libm may differ in the final ulp).
fn assert_close(query: &str, name: &str, want: f64) {
    let got = row(query).get(name).and_then(J::as_f64);
    assert!(
        got.is_some_and(|g| (g - want).abs() <= 1e-15 * want.abs().max(1.0)),
        "{query}: {name} = {got:?}, want {want}"
    );
}

// math-functions/cos, sin, tan, cosh, sinh, tanh: `ROW a=1.8 | EVAL …`.
#[test]
fn trigonometric_and_hyperbolic_functions_match_the_reference_examples() {
    let q = "ROW a=1.8 | EVAL cos=COS(a), sin=SIN(a), tan=TAN(a), cosh=COSH(a), sinh=SINH(a), tanh=TANH(a)";
    assert_close(q, "cos", -0.2272020946930871);
    assert_close(q, "sin", 0.9738476308781951);
    assert_close(q, "tan", -4.286261674628062);
    assert_close(q, "cosh", 3.1074731763172667);
    assert_close(q, "sinh", 2.94217428809568);
    assert_close(q, "tanh", 0.9468060128462683);
}

// math-functions/acos, asin (`ROW a=.9`), atan (`ROW a=12.9`), atan2 (`ROW y=12.9, x=.6`).
#[test]
fn inverse_trigonometric_functions_match_the_reference_examples() {
    assert_close("ROW a=.9 | EVAL acos=ACOS(a)", "acos", 0.45102681179626236);
    assert_close("ROW a=.9 | EVAL asin=ASIN(a)", "asin", 1.1197695149986342);
    assert_close("ROW a=12.9 | EVAL atan=ATAN(a)", "atan", 1.4934316673669235);
    assert_close(
        "ROW y=12.9, x=.6 | EVAL atan2=ATAN2(y, x)",
        "atan2",
        1.5243181954438936,
    );
}

// math-functions/acos: "Number between -1 and 1"; outside, ES|QL returns null with a warning.
#[test]
fn acos_and_asin_outside_minus_one_to_one_are_null() {
    assert_eq!(
        row("ROW a = ACOS(2), b = ASIN(-1.5)"),
        json!({"a": null, "b": null})
            .as_object()
            .cloned()
            .unwrap_or_default()
    );
}

// math-functions/cbrt (`ROW d = 1000.0` → 10.0), hypot (`ROW a = 3.0, b = 4.0` → 5.0),
// tau (`ROW TAU()` → 6.283185307179586), scalb (`ROW x = 3.0, y = 10` → 3072.0).
#[test]
fn cbrt_hypot_tau_and_scalb_match_the_reference_examples() {
    assert_close("ROW d = 1000.0 | EVAL c = CBRT(d)", "c", 10.0);
    assert_close("ROW a = 3.0, b = 4.0 | EVAL c = HYPOT(a, b)", "c", 5.0);
    assert_close("ROW t = TAU()", "t", 6.283185307179586);
    assert_close("ROW x = 3.0, y = 10 | EVAL z = SCALB(x, y)", "z", 3072.0);
}

// math-functions: integer, long and double arguments all give a double ("Supported types").
#[test]
fn math_functions_of_integers_are_doubles() {
    let t = run_esql_on(
        "ROW a = COS(0), b = HYPOT(3, 4), c = CBRT(8)",
        Vec::new(),
        0,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(t.columns.iter().all(|c| c.ty == kqlc::value::Type::Real));
    assert_eq!(
        t.row_object(&t.rows[0]),
        json!({"a": 1.0, "b": 5.0, "c": 2.0})
            .as_object()
            .cloned()
            .unwrap_or_default()
    );
}

// type-conversion-functions/to_degrees (`ROW rad = [1.57, 3.14, 4.71]`) and to_radians
// (`ROW deg = [90.0, 180.0, 270.0]`): converted value by value.
#[test]
fn to_degrees_and_to_radians_convert_every_value_of_a_multi_value() {
    assert_eq!(
        row("ROW rad = [1.57, 3.14, 4.71] | EVAL deg = TO_DEGREES(rad)")["deg"],
        json!([89.95437383553924, 179.9087476710785, 269.86312150661774])
    );
    assert_eq!(
        row("ROW deg = [90.0, 180.0, 270.0] | EVAL rad = TO_RADIANS(deg)")["rad"],
        json!([1.5707963267948966, 3.141592653589793, 4.71238898038469])
    );
}

// math-functions/copy_sign: the result has the magnitude's type; round_to: "Rounds down
// to one of a list of fixed points".
#[test]
fn copy_sign_keeps_the_magnitude_type_and_round_to_rounds_down() {
    assert_eq!(row("ROW c = COPY_SIGN(5, -1.0)")["c"], json!(-5));
    assert_eq!(row("ROW c = COPY_SIGN(-2.5, 3)")["c"], json!(2.5));
    assert_eq!(row("ROW r = ROUND_TO(17, 0, 10, 100)")["r"], json!(10));
    assert_eq!(row("ROW r = ROUND_TO(100, 0, 10, 100)")["r"], json!(100));
}

// conditional-functions-and-expressions/greatest: each argument is read as its MV_MAX, a
// null argument makes the result null (Elasticsearch's Greatest evaluator), and with
// mixed numbers the double wins.
#[test]
fn greatest_and_least_are_null_with_a_null_argument_and_read_multi_values() {
    let r = row(
        "ROW a = GREATEST(1, null), b = LEAST([3, 1], 2), c = GREATEST([1, 7], 5), d = GREATEST(1, 2.5)",
    );
    assert_eq!(r["a"], J::Null);
    assert_eq!(r["b"], json!(1));
    assert_eq!(r["c"], json!(7));
    assert_eq!(r["d"], json!(2.5));
}

// type-conversion-functions/to_long, to_integer: "If the input parameter is of a date
// type, its value will be interpreted as milliseconds since the Unix epoch"; an
// integer outside 32 bits is null (the to_integer example: [5013792, 2147483647,
// 501379200000] → [5013792, 2147483647]).
#[test]
fn dates_convert_to_epoch_milliseconds_and_integers_keep_32_bits() {
    let r = row(
        "ROW d = TO_DATETIME(\"2024-01-01T00:00:00Z\") | EVAL l = TO_LONG(d), i = TO_INTEGER(d), x = TO_DOUBLE(d), s = TO_STRING(d)",
    );
    assert_eq!(r["l"], json!(1704067200000_i64));
    assert_eq!(r["i"], J::Null);
    assert_eq!(r["x"], json!(1704067200000.0));
    assert_eq!(r["s"], json!("2024-01-01T00:00:00.000Z"));
    let small = row("ROW d = TO_DATETIME(1000) | EVAL i = TO_INTEGER(d)");
    assert_eq!(small["i"], json!(1000));
    assert_eq!(
        row("ROW long = [5013792, 2147483647, 501379200000] | EVAL int = TO_INTEGER(long)")["int"],
        json!([5013792, 2147483647])
    );
}

// type-conversion-functions/to_boolean: "Numbers are converted to true when non-zero".
#[test]
fn booleans_convert_from_integers_and_longs() {
    let r = row(
        "ROW a = TO_BOOLEAN(0), b = TO_BOOLEAN(5), c = TO_BOOLEAN(10000000000), d = TO_BOOLEAN([0, 1])",
    );
    assert_eq!(r["a"], json!(false));
    assert_eq!(r["b"], json!(true));
    assert_eq!(r["c"], json!(true));
    assert_eq!(r["d"], json!([false, true]));
}

// mv-functions/mv_zip: `ROW a = ["x", "y", "z"], b = ["1", "2"] | EVAL c = mv_zip(a, b, "-")`.
#[test]
fn mv_zip_joins_pairs_and_keeps_the_longer_sides_rest() {
    assert_eq!(
        row(
            "ROW a = [\"x\", \"y\", \"z\"], b = [\"1\", \"2\"] | EVAL c = mv_zip(a, b, \"-\") | KEEP c"
        )["c"],
        json!(["x-1", "y-2", "z"])
    );
}

// mv-functions/mv_percentile (`[5, 5, 10, 12, 5000]`, 50 → 10; out of range → null),
// mv_median_absolute_deviation (`[0, 2, 5, 6]` → 2), mv_pseries_weighted_sum
// (`[70.0, 45.0, 21.0, 21.0, 21.0]`, 1.5 → 94.45465156212452).
#[test]
fn multi_value_statistics_match_the_reference_examples() {
    let r = row(
        "ROW values = [5, 5, 10, 12, 5000] | EVAL p50 = MV_PERCENTILE(values, 50), bad = MV_PERCENTILE(values, 101)",
    );
    assert_eq!((r["p50"].clone(), r["bad"].clone()), (json!(10), J::Null));
    assert_eq!(
        row("ROW values = [0, 2, 5, 6] | EVAL mad = MV_MEDIAN_ABSOLUTE_DEVIATION(values)")["mad"],
        json!(2)
    );
    assert_close(
        "ROW a = [70.0, 45.0, 21.0, 21.0, 21.0] | EVAL sum = MV_PSERIES_WEIGHTED_SUM(a, 1.5)",
        "sum",
        94.45465156212452,
    );
}

// string-functions/contains, hash (hex digests of "hello"), url_encode and
// url_encode_component (`ROW u = "https://example.com/?x=foo bar&y=baz"`).
#[test]
fn contains_hash_and_url_encoding_match_the_reference() {
    let r = row(
        "ROW a = \"hello\" | EVAL c = CONTAINS(a, \"ll\"), md5 = HASH(\"md5\", a), sha256 = HASH(\"sha256\", a)",
    );
    assert_eq!(r["c"], json!(true));
    assert_eq!(r["md5"], json!("5d41402abc4b2a76b9719d911017c592"));
    assert_eq!(
        r["sha256"],
        json!("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
    );
    let u = row(
        "ROW u = \"https://example.com/?x=foo bar&y=baz\" | EVAL a = URL_ENCODE(u), b = URL_ENCODE_COMPONENT(u)",
    );
    assert_eq!(
        u["a"],
        json!("https%3A%2F%2Fexample.com%2F%3Fx%3Dfoo+bar%26y%3Dbaz")
    );
    assert_eq!(
        u["b"],
        json!("https%3A%2F%2Fexample.com%2F%3Fx%3Dfoo%20bar%26y%3Dbaz")
    );
}

// date-time-functions/date_parse: `DATE_PARSE("yyyy-MM-dd", "2022-05-06")` is
// 2022-05-06T00:00:00.000Z.
#[test]
fn date_parse_reads_a_java_pattern() {
    let t = run_esql_on(
        "ROW d = DATE_PARSE(\"yyyy-MM-dd\", \"2022-05-06\") | EVAL s = TO_STRING(d)",
        Vec::new(),
        0,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(t.columns[0].ty, kqlc::value::Type::DateTime);
    assert_eq!(
        t.row_object(&t.rows[0])["s"],
        json!("2022-05-06T00:00:00.000Z")
    );
}

// aggregation-functions/std_dev and variance: the *population* standard deviation and
// variance; of 1, 2, 3, 4 (mean 2.5) the variance is (2.25+0.25+0.25+2.25)/4 = 1.25
// and the deviation its square root (checked by hand).
#[test]
fn std_dev_and_variance_are_the_population_ones() {
    let r = row("ROW x = [1, 2, 3, 4] | MV_EXPAND x | STATS s = STD_DEV(x), v = VARIANCE(x)");
    assert_eq!(r["v"], json!(1.25));
    assert_close(
        "ROW x = [1, 2, 3, 4] | MV_EXPAND x | STATS s = STD_DEV(x)",
        "s",
        1.25f64.sqrt(),
    );
}

// type-conversion-functions: the aliases TO_DBL, TO_STR, TO_DT and TO_UL convert as
// TO_DOUBLE, TO_STRING, TO_DATETIME and TO_UNSIGNED_LONG do.
#[test]
fn conversion_aliases_convert_like_their_functions() {
    let r = row(
        "ROW a = TO_DT(\"2024-01-01T00:00:00Z\"), b = TO_DBL(3), c = TO_STR(5), d = TO_UL(7) | EVAL a = TO_STRING(a)",
    );
    assert_eq!(
        r,
        json!({"a": "2024-01-01T00:00:00.000Z", "b": 3.0, "c": "5", "d": 7})
            .as_object()
            .cloned()
            .unwrap_or_default()
    );
}
