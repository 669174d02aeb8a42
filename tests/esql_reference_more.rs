//! ES|QL behaviour added for issue 16, each test built by hand from Elastic's ES|QL
//! reference (<https://www.elastic.co/docs/reference/query-languages/esql/>, the page
//! named on each test) with `ROW` data of its own.

use kqlc::run::run_esql_on;
use serde_json::{Value as J, json};

/// The rows of a query as JSON objects.
fn rows(query: &str) -> Vec<J> {
    let t = run_esql_on(query, Vec::new(), 0).unwrap_or_else(|e| panic!("{query}: {e:?}"));
    t.rows.iter().map(|r| J::Object(t.row_object(r))).collect()
}

/// The first row's column `name`.
fn cell(query: &str, name: &str) -> J {
    let all = rows(query);
    let first = all.first().unwrap_or_else(|| panic!("{query}: no rows"));
    first.get(name).cloned().unwrap_or(J::Null)
}

// functions-operators/grouping-functions (BUCKET): 20 buckets over 1985 are months,
// 100 are weeks (a week starts on Monday: 1985-07-09 was a Tuesday).
#[test]
fn bucket_sizes_date_buckets_to_fit_the_range() {
    let q = |n: u32| {
        format!(
            "ROW date = TO_DATETIME(\"1985-07-09T00:00:00.000Z\") \
             | STATS BY b = BUCKET(date, {n}, \"1985-01-01T00:00:00Z\", \"1986-01-01T00:00:00Z\")"
        )
    };
    assert_eq!(cell(&q(20), "b"), json!("1985-07-01T00:00:00Z"));
    assert_eq!(cell(&q(100), "b"), json!("1985-07-08T00:00:00Z"));
}

// grouping-functions (BUCKET): numbers take a span or a round size fitting the range;
// the result is a double. BIN is the same function.
#[test]
fn bucket_and_bin_floor_numbers() {
    let q = "ROW x = 66174 | EVAL a = BUCKET(x, 20, 25324, 74999), b = BIN(x, 5000.), \
             c = BUCKET(x, 1000.)";
    assert_eq!(cell(q, "a"), json!(65000.0));
    assert_eq!(cell(q, "b"), json!(65000.0));
    assert_eq!(cell(q, "c"), json!(66000.0));
}

// commands/stats-by: "the aggregate expression can reuse a grouping expression":
// 5, 12, 27 fall in the buckets 0, 10, 20 of size 10, each plus one.
#[test]
fn stats_reads_a_repeated_by_expression_from_its_key() {
    let q = "ROW x = [5, 12, 27] | MV_EXPAND x \
             | STATS s = BUCKET(x, 10.) + 1 BY b = BUCKET(x, 10.) | SORT b";
    let got: Vec<(J, J)> = rows(q)
        .iter()
        .map(|r| (r["s"].clone(), r["b"].clone()))
        .collect();
    let want = [(1.0, 0.0), (11.0, 10.0), (21.0, 20.0)];
    let want: Vec<(J, J)> = want.iter().map(|(s, b)| (json!(s), json!(b))).collect();
    assert_eq!(got, want);
}

// commands/stats-by: an aggregate expression may use the BY keys: the odd values
// 1, 3 have max 3 (+1 = 4), the even 2 has max 2 (+0 = 2).
#[test]
fn stats_aggregate_expressions_may_use_by_keys() {
    let q = "ROW x = [1, 2, 3] | MV_EXPAND x | STATS m = MAX(x) + k BY k = x % 2 | SORT k";
    let got: Vec<J> = rows(q).iter().map(|r| r["m"].clone()).collect();
    assert_eq!(got, vec![json!(2), json!(4)]);
}

// aggregation-functions/weighted_avg: sum(v·w) / sum(w) = (10·1 + 20·4) / 5 = 18.
#[test]
fn weighted_avg_divides_the_weighted_sum_by_the_weights() {
    let q = "ROW p = [1, 2] | MV_EXPAND p | EVAL v = p * 10, w = p * p \
             | STATS a = WEIGHTED_AVG(v, w)";
    assert_eq!(cell(q, "a"), json!(18.0));
}

// aggregation-functions/percentile and median: between two middle values the
// percentile interpolates (the median of 1, 2, 3, 4 is 2.5).
#[test]
fn percentile_and_median_interpolate() {
    let q = "ROW x = [1, 2, 3, 4] | MV_EXPAND x \
             | STATS p = PERCENTILE(x, 50), m = MEDIAN(x), q = PERCENTILE(x, 25)";
    assert_eq!(cell(q, "p"), json!(2.5));
    assert_eq!(cell(q, "m"), json!(2.5));
    assert_eq!(cell(q, "q"), json!(1.75));
}

// aggregation-functions/first and last: the value at the earliest (latest) sort value.
#[test]
fn first_and_last_follow_the_sort_field() {
    let q = "ROW x = [1, 2, 3] | MV_EXPAND x | EVAL t = 10 - x \
             | STATS f = FIRST(x, t), l = LAST(x, t)";
    assert_eq!(cell(q, "f"), json!(3));
    assert_eq!(cell(q, "l"), json!(1));
}

// functions-operators/operators (arithmetic): an overflowing long or a division by
// zero is null (with a warning).
#[test]
fn overflow_and_division_by_zero_are_null() {
    let q = "ROW a = 9223372036854775807 + 1, b = 1 / 0, c = 5 % 0, d = 7 / 2";
    assert_eq!(cell(q, "a"), J::Null);
    assert_eq!(cell(q, "b"), J::Null);
    assert_eq!(cell(q, "c"), J::Null);
    assert_eq!(cell(q, "d"), json!(3));
}

// functions-operators/type-conversion-functions and the `::` cast operator.
#[test]
fn casts_reach_boolean_ip_version_and_text() {
    let q = "ROW b = \"true\"::boolean, i = \"1.2.3.4\"::ip, v = \"1.2.3\"::version, \
             t = TO_TEXT(42), n = 1::boolean";
    assert_eq!(cell(q, "b"), json!(true));
    assert_eq!(cell(q, "i"), json!("1.2.3.4"));
    assert_eq!(cell(q, "v"), json!("1.2.3"));
    assert_eq!(cell(q, "t"), json!("42"));
    assert_eq!(cell(q, "n"), json!(true));
}

// type-conversion-functions/to_integer: a value out of the integer range converts to
// null, so a multi-value keeps the two that fit; to_long: a decimal string is cut to
// its whole part and a string that is no number is null.
#[test]
fn conversions_out_of_range_or_unreadable_are_null() {
    let q = "ROW long = [5013792, 2147483647, 501379200000] | EVAL int = TO_INTEGER(long)";
    assert_eq!(cell(q, "int"), json!([5013792, 2147483647]));
    let q = "ROW str2 = \"2147483648.2\", str3 = \"foo\" \
             | EVAL long2 = TO_LONG(str2), long3 = TO_LONG(str3)";
    assert_eq!(cell(q, "long2"), json!(2147483648_i64));
    assert_eq!(cell(q, "long3"), J::Null);
}

// date-time-functions/day_name and month_name: the page's dates (1953-09-02 was a
// Wednesday; 1996-03-21 is in March); a null date gives null, and so does a
// multi-valued one (esql-multivalued-fields: "Unless otherwise documented functions
// will return null when applied to a multivalued field").
#[test]
fn day_and_month_names_of_a_date() {
    let q = "ROW dt = TO_DATETIME(\"1953-09-02T00:00:00.000Z\"), \
             m = TO_DATETIME(\"1996-03-21T00:00:00.000Z\"), \
             two = TO_DATETIME([\"1996-03-21T00:00:00.000Z\", \"1996-04-21T00:00:00.000Z\"]) \
             | EVAL weekday = DAY_NAME(dt), month = MONTH_NAME(m), none = DAY_NAME(null), \
             many = MONTH_NAME(two)";
    assert_eq!(cell(q, "weekday"), json!("Wednesday"));
    assert_eq!(cell(q, "month"), json!("March"));
    assert_eq!(cell(q, "none"), J::Null);
    assert_eq!(cell(q, "many"), J::Null);
}

// mv-functions/mv_union and mv_intersection: the pages' example, and their nulls
// (union: a null is an empty set, null only when both are; intersection: null when
// either is null or nothing matches).
#[test]
fn mv_union_and_intersection_are_set_operations() {
    let q = "ROW a = [1, 2, 3, 4, 5], b = [2, 3, 4, 5, 6] \
             | EVAL u = MV_UNION(a, b), i = MV_INTERSECTION(a, b), \
             un = MV_UNION(a, null), inn = MV_INTERSECTION(a, null), \
             nothing = MV_INTERSECTION(a, 9)";
    assert_eq!(cell(q, "u"), json!([1, 2, 3, 4, 5, 6]));
    assert_eq!(cell(q, "i"), json!([2, 3, 4, 5]));
    assert_eq!(cell(q, "un"), json!([1, 2, 3, 4, 5]));
    assert_eq!(cell(q, "inn"), J::Null);
    assert_eq!(cell(q, "nothing"), J::Null);
}

// conditional-functions-and-expressions/clamp, clamp_min, clamp_max: a value limited
// to [min, max]; an integer clamped by doubles is a double (type table); a null field
// is null, and so is a multi-valued one (esql-multivalued-fields).
#[test]
fn clamp_limits_a_value_to_its_bounds() {
    let q = "ROW x = 7 | EVAL c = CLAMP(x, 1, 5), lo = CLAMP_MIN(x, 10), hi = CLAMP_MAX(x, 2), \
             d = CLAMP(x, 1.5, 2.5), n = CLAMP(null, 1, 5), mv = CLAMP([1, 9], 2, 5)";
    assert_eq!(cell(q, "c"), json!(5));
    assert_eq!(cell(q, "lo"), json!(10));
    assert_eq!(cell(q, "hi"), json!(2));
    assert_eq!(cell(q, "d"), json!(2.5));
    assert_eq!(cell(q, "n"), J::Null);
    assert_eq!(cell(q, "mv"), J::Null);
}
