//! The functions and `evaluate` plugins kqlc knew (type-checked) before it ran them, on
//! the examples of their Kusto documentation pages (learn.microsoft.com/kusto/query/
//! <page>, cited per test). The expected rows are the pages' output tables,
//! transcribed by hand; where a page's example cannot be reproduced (random data,
//! a chart for output, a cluster's own table), its comment says so and the test checks
//! the properties the page documents instead.

use crate::common;
use kqlc::value::Value;
use serde_json::json;

/// Runs a query and compares its rows, in order, with the expected JSON rows; a real
/// NaN is compared as the string `"NaN"`.
fn check(page: &str, query: &str, expected: serde_json::Value) {
    let table = result(page, query);
    common::docs::assert_rows(page, &table, expected, true);
}

fn result(page: &str, query: &str) -> kqlc::value::Table {
    common::docs::page_table(page, query)
}

/// The one row's one dynamic cell as numbers.
fn reals(page: &str, query: &str) -> Vec<f64> {
    let table = result(page, query);
    match &table.rows[0][0] {
        Value::Dynamic(d) => d
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_f64().unwrap_or(f64::NAN))
            .collect(),
        other => panic!("{page}: not an array: {other:?}"),
    }
}

fn close(page: &str, got: &[f64], want: &[f64], tolerance: f64) {
    assert_eq!(got.len(), want.len(), "{page}: {got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= tolerance, "{page}: {got:?} vs {want:?}");
    }
}

/// The output columns `kqlc explain --format json` reports for a query, as
/// `name:type`.
fn explained_columns(name: &str, query: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("kqlc-functions-more-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("{name}.kql"));
    std::fs::write(&file, query).expect("query file");
    let out = common::kqlc(&[
        "explain",
        "--format",
        "json",
        file.to_str().unwrap_or_default(),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{name}: explain JSON: {e}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    json["outputs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            format!(
                "{}:{}",
                o["name"].as_str().unwrap_or(""),
                o["type"].as_str().unwrap_or("")
            )
        })
        .collect()
}

const ROLLING_INPUT: &str = r#"let T =
    range idx from 0 to 24 * 10 - 1 step 1
    | project Timestamp = datetime(2018-01-01) + 1h * idx, val=idx + 1
    | extend EvenOrOdd = iff(val % 2 == 0, "Even", "Odd");
"#;

// rolling-percentile-plugin, "Rolling 3-day median value per day".
#[test]
fn rolling_percentile_takes_the_percentile_of_the_bins_ending_at_each_bin() {
    let query =
        format!("{ROLLING_INPUT}T | evaluate rolling_percentile(val, 50, Timestamp, 1d, 3)");
    let medians = [12, 24, 36, 60, 84, 108, 132, 156, 180, 204];
    let rows: Vec<_> = medians
        .iter()
        .enumerate()
        .map(|(i, m)| {
            json!({"Timestamp": format!("2018-01-{:02}T00:00:00Z", i + 1),
                   "rolling_3_percentile_val_50": m})
        })
        .collect();
    check("rolling-percentile-plugin", &query, json!(rows));
}

// rolling-percentile-plugin, "Rolling 3-day median value per day by dimension": rows
// of each dimension value together (Even, then Odd), each by bin.
#[test]
fn rolling_percentile_rolls_per_dimension_value() {
    let query = format!(
        "{ROLLING_INPUT}T | evaluate rolling_percentile(val, 50, Timestamp, 1d, 3, EvenOrOdd)"
    );
    let even = [12, 24, 36, 60, 84, 108, 132, 156, 180, 204];
    let mut rows = Vec::new();
    for (dim, offset) in [("Even", 0), ("Odd", 1)] {
        for (i, m) in even.iter().enumerate() {
            rows.push(
                json!({"Timestamp": format!("2018-01-{:02}T00:00:00Z", i + 1),
                             "EvenOrOdd": dim, "rolling_3_percentile_val_50": m - offset}),
            );
        }
    }
    check("rolling-percentile-plugin", &query, json!(rows));
}

// dcount-intersect-plugin, its example: the distinct counts of S1, S1∩S2, S1∩S2∩S3
// (each set holding an extra 0, which the query subtracts).
#[test]
fn dcount_intersect_counts_the_running_intersections() {
    check(
        "dcount-intersect-plugin",
        "range x from 1 to 100 step 1
         | extend isEven = (x % 2 == 0), isMod3 = (x % 3 == 0), isMod5 = (x % 5 == 0)
         | summarize hll_even = hll(iif(isEven, x, 0), 2),
                     hll_mod3 = hll(iif(isMod3, x, 0), 2),
                     hll_mod5 = hll(iif(isMod5, x, 0), 2)
         | evaluate dcount_intersect(hll_even, hll_mod3, hll_mod5)
         | project evenNumbers = s0 - 1, even_and_mod3 = s1 - 1, even_and_mod3_and_mod5 = s2 - 1",
        json!([{"evenNumbers": 50, "even_and_mod3": 16, "even_and_mod3_and_mod5": 3}]),
    );
}

// narrow-plugin: its example reads `.show diagnostics` (a cluster's own table), so
// the rule it shows is checked on a datatable: one row per cell, the row's number
// from 0, the column's name, the value as a string.
#[test]
fn narrow_makes_one_row_per_cell() {
    check(
        "narrow-plugin",
        "datatable(IsHealthy:bool, MachinesTotal:long, BuildVersion:string)
         [true, 2, '1.0.6281.19882', false, 0, 'x']
         | evaluate narrow()",
        json!([
            {"Row": 0, "Column": "IsHealthy", "Value": "true"},
            {"Row": 0, "Column": "MachinesTotal", "Value": "2"},
            {"Row": 0, "Column": "BuildVersion", "Value": "1.0.6281.19882"},
            {"Row": 1, "Column": "IsHealthy", "Value": "false"},
            {"Row": 1, "Column": "MachinesTotal", "Value": "0"},
            {"Row": 1, "Column": "BuildVersion", "Value": "x"},
        ]),
    );
}

// active-users-count-plugin, its example: users seen on 3 distinct days within the
// 8 days up to an appearance, per week of July 2018 (A on 07-20, B on 07-04).
#[test]
fn active_users_count_counts_ids_active_in_the_lookback() {
    check(
        "active-users-count-plugin",
        r#"let Start = datetime(2018-07-01);
        let End = datetime(2018-07-31);
        let LookbackWindow = 8d;
        let Period = 1d;
        let ActivePeriods = 3;
        let Bin = 7d;
        let T =  datatable(User:string, Timestamp:datetime)
        [
            "B",      datetime(2018-06-29),
            "B",      datetime(2018-06-30),
            "A",      datetime(2018-07-02),
            "B",      datetime(2018-07-04),
            "B",      datetime(2018-07-08),
            "A",      datetime(2018-07-10),
            "A",      datetime(2018-07-14),
            "A",      datetime(2018-07-17),
            "A",      datetime(2018-07-20),
            "B",      datetime(2018-07-24)
        ];
        T | evaluate active_users_count(User, Timestamp, Start, End, LookbackWindow, Period, ActivePeriods, Bin)"#,
        json!([
            {"Timestamp": "2018-07-01T00:00:00Z", "dcount": 1},
            {"Timestamp": "2018-07-15T00:00:00Z", "dcount": 1},
        ]),
    );
}

/// The page's `Users` table, rebuilt from its daily sets of users.
const USERS: &str = "let Users = datatable(Timestamp:datetime, users:dynamic)
[
    datetime(2019-11-01), dynamic([0,2,3,4]),
    datetime(2019-11-02), dynamic([0,1,3,4,5]),
    datetime(2019-11-03), dynamic([0,2,4,5]),
    datetime(2019-11-04), dynamic([0,1,2,3]),
    datetime(2019-11-05), dynamic([0,1,2,3,4]),
]
| mv-expand user = users to typeof(long)
| project Timestamp, user;
";

// new-activity-metrics-plugin, its first example (rows R=1..11 of its table).
#[test]
fn new_activity_metrics_follows_each_cohort_of_new_users() {
    let query = format!(
        "{USERS}let StartDate = datetime(2019-11-01 00:00:00);
        let EndDate = datetime(2019-11-07 00:00:00);
        Users
        | evaluate new_activity_metrics(user, Timestamp, StartDate, EndDate-1tick, 1d)
        | where from_Timestamp < datetime(2019-11-03 00:00:00.0000000)"
    );
    let table = [
        ("01", "01", 4, 4, 0, 1.0, 0.0),
        ("01", "02", 2, 3, 1, 0.75, 0.25),
        ("01", "03", 1, 3, 1, 0.75, 0.25),
        ("01", "04", 1, 3, 1, 0.75, 0.25),
        ("01", "05", 1, 4, 0, 1.0, 0.0),
        ("01", "06", 0, 0, 4, 0.0, 1.0),
        ("02", "02", 2, 2, 0, 1.0, 0.0),
        ("02", "03", 0, 1, 1, 0.5, 0.5),
        ("02", "04", 0, 1, 1, 0.5, 0.5),
        ("02", "05", 0, 1, 1, 0.5, 0.5),
        ("02", "06", 0, 0, 2, 0.0, 1.0),
    ];
    let rows: Vec<_> = table
        .iter()
        .map(|(from, to, new, kept, churned, retention, churn)| {
            json!({"from_Timestamp": format!("2019-11-{from}T00:00:00Z"),
                   "to_Timestamp": format!("2019-11-{to}T00:00:00Z"),
                   "dcount_new_values": new, "dcount_retained_values": kept,
                   "dcount_churn_values": churned, "retention_rate": retention,
                   "churn_rate": churn})
        })
        .collect();
    check("new-activity-metrics-plugin", &query, json!(rows));
}

// new-activity-metrics-plugin: the weekly examples use rand(); the rules they show are
// checked on the page's Users table: a cohort argument keeps that cohort's rows only,
// and ids of the lookback table are never new (user 0 and 2 seen before: the 11-01
// cohort is [3, 4]).
#[test]
fn new_activity_metrics_cohort_and_lookback_narrow_the_new_users() {
    let query = format!(
        "{USERS}Users
        | evaluate new_activity_metrics(user, Timestamp, datetime(2019-11-01), datetime(2019-11-03), 1d,
                                        datetime(2019-11-01), datatable(user:long)[0, 2])"
    );
    check(
        "new-activity-metrics-plugin",
        &query,
        json!([
            {"from_Timestamp": "2019-11-01T00:00:00Z", "to_Timestamp": "2019-11-01T00:00:00Z",
             "dcount_new_values": 2, "dcount_retained_values": 2, "dcount_churn_values": 0,
             "retention_rate": 1.0, "churn_rate": 0.0},
            {"from_Timestamp": "2019-11-01T00:00:00Z", "to_Timestamp": "2019-11-02T00:00:00Z",
             "dcount_new_values": 2, "dcount_retained_values": 2, "dcount_churn_values": 0,
             "retention_rate": 1.0, "churn_rate": 0.0},
            {"from_Timestamp": "2019-11-01T00:00:00Z", "to_Timestamp": "2019-11-03T00:00:00Z",
             "dcount_new_values": 1, "dcount_retained_values": 1, "dcount_churn_values": 1,
             "retention_rate": 0.5, "churn_rate": 0.5},
        ]),
    );
}

// activity-metrics-plugin: its examples use rand(), so the numbers differ; the
// documented rules are checked on the page's Users table with a 1-day window: new
// values are those not in the previous window, retention the share of the previous
// window's ids seen again, churn = 1 - retention, and the first window's rates NaN.
#[test]
fn activity_metrics_compares_each_window_with_the_previous_one() {
    let query = format!(
        "{USERS}Users | evaluate activity_metrics(user, Timestamp, datetime(2019-11-01), datetime(2019-11-05), 1d)"
    );
    check(
        "activity-metrics-plugin",
        &query,
        json!([
            {"Timestamp": "2019-11-01T00:00:00Z", "dcount_values": 4, "dcount_newvalues": 4,
             "retention_rate": "NaN", "churn_rate": "NaN"},
            {"Timestamp": "2019-11-02T00:00:00Z", "dcount_values": 5, "dcount_newvalues": 2,
             "retention_rate": 0.75, "churn_rate": 0.25},
            {"Timestamp": "2019-11-03T00:00:00Z", "dcount_values": 4, "dcount_newvalues": 1,
             "retention_rate": 0.6, "churn_rate": 0.4},
            {"Timestamp": "2019-11-04T00:00:00Z", "dcount_values": 4, "dcount_newvalues": 2,
             "retention_rate": 0.5, "churn_rate": 0.5},
            {"Timestamp": "2019-11-05T00:00:00Z", "dcount_values": 5, "dcount_newvalues": 1,
             "retention_rate": 1.0, "churn_rate": 0.0},
        ]),
    );
}

// activity-engagement-plugin: its examples use rand() and show charts; the documented
// rule (per inner window: its distinct ids, those of the outer window ending with it,
// their ratio) is checked on the page's Users table with DAU over 2-day activity.
#[test]
fn activity_engagement_divides_inner_by_outer_distinct_ids() {
    let query = format!(
        "{USERS}Users | evaluate activity_engagement(user, Timestamp, datetime(2019-11-01), datetime(2019-11-05), 1d, 2d)"
    );
    check(
        "activity-engagement-plugin",
        &query,
        json!([
            {"Timestamp": "2019-11-01T00:00:00Z", "dcount_activities_inner": 4,
             "dcount_activities_outer": 4, "activity_ratio": 1.0},
            {"Timestamp": "2019-11-02T00:00:00Z", "dcount_activities_inner": 5,
             "dcount_activities_outer": 6, "activity_ratio": 5.0 / 6.0},
            {"Timestamp": "2019-11-03T00:00:00Z", "dcount_activities_inner": 4,
             "dcount_activities_outer": 6, "activity_ratio": 4.0 / 6.0},
            {"Timestamp": "2019-11-04T00:00:00Z", "dcount_activities_inner": 4,
             "dcount_activities_outer": 6, "activity_ratio": 4.0 / 6.0},
            {"Timestamp": "2019-11-05T00:00:00Z", "dcount_activities_inner": 5,
             "dcount_activities_outer": 5, "activity_ratio": 1.0},
        ]),
    );
}

// The output columns each plugin page's schema shows, as `kqlc explain` reports them
// (active_users_count: the example's `dcount`, which its schema table calls
// `dcount_values`; Kusto.Language names it `dcount` too).
#[test]
fn plugins_report_their_pages_output_columns() {
    let events = "datatable(Id:string, Ts:datetime, Dim:string, v:long)[]";
    let cases = [
        (
            "rolling_percentile",
            format!("{events} | evaluate rolling_percentile(v, 50, Ts, 1d, 3, Dim)"),
            vec!["Ts:datetime", "Dim:string", "rolling_3_percentile_v_50:long"],
        ),
        (
            "dcount_intersect",
            "range x from 1 to 3 step 1 | summarize a = hll(x), b = hll(x) | evaluate dcount_intersect(a, b)"
                .to_string(),
            vec!["a:dynamic", "b:dynamic", "s0:long", "s1:long"],
        ),
        (
            "narrow",
            format!("{events} | evaluate narrow()"),
            vec!["Row:long", "Column:string", "Value:string"],
        ),
        (
            "active_users_count",
            format!("{events} | evaluate active_users_count(Id, Ts, datetime(2018-07-01), datetime(2018-07-31), 8d, 1d, 3, 7d, Dim)"),
            vec!["Ts:datetime", "Dim:string", "dcount:long"],
        ),
        (
            "activity_metrics",
            format!("{events} | evaluate activity_metrics(Id, Ts, datetime(2018-07-01), datetime(2018-07-31), 7d, Dim)"),
            vec!["Ts:datetime", "dcount_values:long", "dcount_newvalues:long", "retention_rate:real", "churn_rate:real", "Dim:string"],
        ),
        (
            "new_activity_metrics",
            format!("{events} | evaluate new_activity_metrics(Id, Ts, datetime(2018-07-01), datetime(2018-07-31), 7d, Dim)"),
            vec!["from_Ts:datetime", "to_Ts:datetime", "dcount_new_values:long", "dcount_retained_values:long", "dcount_churn_values:long", "retention_rate:real", "churn_rate:real", "Dim:string"],
        ),
        (
            "activity_engagement",
            format!("{events} | evaluate activity_engagement(Id, Ts, 1d, 7d, Dim)"),
            vec!["Ts:datetime", "dcount_activities_inner:long", "dcount_activities_outer:long", "activity_ratio:real", "Dim:string"],
        ),
    ];
    let sequence = (
        "sequence_detect",
        format!(
            "{events} | evaluate sequence_detect(Ts, 10m, 1h, a = (v == 1), b = (v == 2), Dim)"
        ),
        vec![
            "Dim:string",
            "a_Ts:datetime",
            "b_Ts:datetime",
            "Duration:timespan",
        ],
    );
    let sessions = (
        "session_count",
        format!(
            "{events} | evaluate session_count(Id, Ts, datetime(2018-07-01), datetime(2018-07-31), 1d, 2d, Dim)"
        ),
        vec!["Ts:datetime", "Dim:string", "count_sessions:long"],
    );
    for (name, query, want) in cases.into_iter().chain([sequence, sessions]) {
        assert_eq!(explained_columns(name, &query), want, "{name}");
    }
}

// series-fft-function, second example: series_ifft(series_fft(y)) gives y back (the
// first example's output is a chart). The transform of [1, 2, 3, 4] is the textbook
// [10, -2+2i, -2, -2-2i].
#[test]
fn series_fft_and_ifft_are_inverse_transforms() {
    let page = "series-fft-function";
    let sine = "let sinewave=(x:double, period:double, gain:double=1.0, phase:double=0.0)
        { gain*sin(2*pi()/period*(x+phase)) };
        let n=128;
        range x from 0 to n-1 step 1 | extend yr=sinewave(x, 8), yi=sinewave(x, 32)
        | summarize x=make_list(x), y_real=make_list(yr), y_imag=make_list(yi)
        | extend (fft_y_real, fft_y_imag) = series_fft(y_real, y_imag)
        | extend (y_real2, y_image2) = series_ifft(fft_y_real, fft_y_imag)";
    let original = reals(page, &format!("{sine} | project y_real"));
    let back = reals(page, &format!("{sine} | project y_real2"));
    close(page, &back, &original, 1e-9);
    let imag = reals(page, &format!("{sine} | project y_imag"));
    let imag_back = reals(page, &format!("{sine} | project y_image2"));
    close(page, &imag_back, &imag, 1e-9);
    // A pure sine of period 8 over 128 points: all its energy at frequency 128/8 = 16.
    let spectrum = reals(page, &format!("{sine} | project fft_y_real"));
    assert_eq!(spectrum.len(), 128);
    let q = "print x = dynamic([1, 2, 3, 4]) | extend (r, i) = series_fft(x)";
    close(
        page,
        &reals(page, &format!("{q} | project r")),
        &[10.0, -2.0, -2.0, -2.0],
        1e-12,
    );
    close(
        page,
        &reals(page, &format!("{q} | project i")),
        &[0.0, 2.0, 0.0, -2.0],
        1e-12,
    );
    // Unnamed, the results are `series_fft_<arg>_real` and `_imag` (Kusto.Language's).
    let table = result(page, "print x = dynamic([1, 2, 3]) | extend series_fft(x)");
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["x", "series_fft_x_real", "series_fft_x_imag"]);
}

// series-fit-poly-function, example 2: degree 1 (the default) is series_fit_line;
// demo_series1 is a help-cluster table, so the series of the series-fit-line page's
// example is used (slope 2.730, interception -1.666).
#[test]
fn series_fit_poly_of_degree_one_is_series_fit_line() {
    let page = "series-fit-poly-function";
    let q = "print y = dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30])
        | extend series_fit_poly(y), series_fit_line(y)";
    let coefficients = reals(
        page,
        &format!("{q} | project series_fit_poly_y_coefficients"),
    );
    close(
        page,
        &coefficients,
        &[2.7307692307692, -1.6666666666667],
        1e-9,
    );
    let poly = reals(page, &format!("{q} | project series_fit_poly_y_poly_fit"));
    let line = reals(page, &format!("{q} | project series_fit_line_y_line_fit"));
    close(page, &poly, &line, 1e-9);
    let table = result(
        page,
        &format!("{q} | project series_fit_poly_y_rsquare, series_fit_line_y_rsquare"),
    );
    let (a, b) = (table.rows[0][0].as_f64(), table.rows[0][1].as_f64());
    assert!(
        matches!((a, b), (Some(a), Some(b)) if (a - b).abs() < 1e-12),
        "{a:?} {b:?}"
    );
}

// series-fit-poly-function, example 1: a fifth-order polynomial (its noise, from
// rand(), left out so the fit is exact): the coefficients come back, highest power
// first, and rsquare is 1. Columns in the page's order.
#[test]
fn series_fit_poly_recovers_a_polynomial_highest_power_first() {
    let page = "series-fit-poly-function";
    let q = "range x from 1 to 200 step 1
        | project x = x * 0.025 - 2.3
        | extend y = pow(x, 5)-8*pow(x, 3)+10*x+6
        | summarize x=make_list(x), y=make_list(y)
        | extend series_fit_poly(y, x, 5)";
    let coefficients = reals(
        page,
        &format!("{q} | project series_fit_poly_y_coefficients"),
    );
    close(page, &coefficients, &[1.0, 0.0, -8.0, 0.0, 10.0, 6.0], 1e-6);
    let table = result(page, q);
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "x",
            "y",
            "series_fit_poly_y_rsquare",
            "series_fit_poly_y_coefficients",
            "series_fit_poly_y_variance",
            "series_fit_poly_y_rvariance",
            "series_fit_poly_y_poly_fit"
        ]
    );
    let rsquare = table.rows[0][2].as_f64().unwrap_or_default();
    assert!((rsquare - 1.0).abs() < 1e-9, "{rsquare}");
}

// estimate-data-size-function, its example: a long is 8 bytes, the 10-character
// string 10, over 10 rows: 180.
#[test]
fn estimate_data_size_sums_the_sizes_of_the_columns() {
    check(
        "estimate-data-size-function",
        "range x from 1 to 10 step 1
         | extend Text = '1234567890'
         | summarize Total=sum(estimate_data_size(*))",
        json!([{"Total": 180}]),
    );
    // Named columns count alone; the page: a dynamic value is larger than its text.
    check(
        "estimate-data-size-function",
        r#"print s = '{"a":"bcd"}', d = dynamic({"a":"bcd"}), n = 1
           | project one = estimate_data_size(n), text = estimate_data_size(s),
                     bigger = estimate_data_size(d) > estimate_data_size(s)"#,
        json!([{"one": 8, "text": 11, "bigger": true}]),
    );
}

// unicode-codepoints-from-string-function and unicode-codepoints-to-string-function:
// `to_utf8()` and `make_string()` are their deprecated aliases; the pages' examples.
#[test]
fn to_utf8_and_make_string_are_the_codepoint_functions() {
    check(
        "unicode-codepoints-from-string-function",
        r#"print arr = to_utf8("⒦⒰⒮⒯⒪")"#,
        json!([{"arr": [9382, 9392, 9390, 9391, 9386]}]),
    );
    check(
        "unicode-codepoints-to-string-function",
        "print a = make_string(75, 117, 115, 116, 111),
               b = make_string(dynamic([75, 117, 115]), 116, 111),
               c = make_string(to_utf8('Kusto'))",
        json!([{"a": "Kusto", "b": "Kusto", "c": "Kusto"}]),
    );
}

// make-bag-aggregation-function: make_dictionary() is make_bag's deprecated form
// (maxSize defaults to 128); the page's example.
#[test]
fn make_dictionary_is_make_bag() {
    check(
        "make-bag-aggregation-function",
        r#"let T = datatable(prop:string, value:string)
        [
            "prop01", "val_a",
            "prop02", "val_b",
            "prop03", "val_c",
        ];
        T
        | extend p = bag_pack(prop, value)
        | summarize dict=make_dictionary(p)"#,
        json!([{"dict": {"prop01": "val_a", "prop02": "val_b", "prop03": "val_c"}}]),
    );
    let query = "range x from 1 to 200 step 1
        | summarize d = make_dictionary(bag_pack(tostring(x), x))
        | project n = array_length(bag_keys(d))";
    check("make-bag-aggregation-function", query, json!([{"n": 128}]));
}

// set_equals has no docs page (Kusto.Language's signature: two arrays, bool): the
// arrays hold the same distinct elements, whatever their order and repeats.
#[test]
fn set_equals_compares_distinct_elements() {
    check(
        "set_equals (no page)",
        "print a = set_equals(dynamic([1, 2, 3]), dynamic([3, 2, 1])),
               b = set_equals(dynamic([1, 2, 2, 3]), dynamic([3, 1, 2, 1])),
               c = set_equals(dynamic([1, 2]), dynamic([1, 2, 3])),
               d = set_equals(dynamic(['a', 1]), dynamic([1, 'a']))",
        json!([{"a": true, "b": true, "c": false, "d": true}]),
    );
}

// sequence-detect-plugin, "Exploring Storm Events": StormEvents is a help-cluster
// table, so its rows that make the page's output are written out (with rows that must
// not match: a wildfire before the heat, one past 5 days, other event types and
// states); the output is the page's table, in its order.
#[test]
fn sequence_detect_finds_each_chain_of_steps_within_the_windows() {
    check(
        "sequence-detect-plugin",
        r#"let StormEvents = datatable(StartTime:datetime, EventType:string, State:string)
        [
            datetime(2007-05-07 10:00), "Wildfire", "CALIFORNIA",
            datetime(2007-05-08 00:00), "Excessive Heat", "CALIFORNIA",
            datetime(2007-05-08 16:02), "Wildfire", "CALIFORNIA",
            datetime(2007-05-10 11:30), "Wildfire", "CALIFORNIA",
            datetime(2007-05-09 00:00), "Hail", "CALIFORNIA",
            datetime(2007-07-04 09:00), "Excessive Heat", "CALIFORNIA",
            datetime(2007-07-05 23:01), "Wildfire", "CALIFORNIA",
            datetime(2007-07-23 12:00), "Excessive Heat", "SOUTH DAKOTA",
            datetime(2007-07-27 09:00), "Wildfire", "SOUTH DAKOTA",
            datetime(2007-07-27 10:00), "Wildfire", "NEVADA",
            datetime(2007-08-10 08:00), "Excessive Heat", "TEXAS",
            datetime(2007-08-11 13:56), "Wildfire", "TEXAS",
            datetime(2007-08-20 08:00), "Excessive Heat", "TEXAS",
            datetime(2007-08-26 08:00), "Wildfire", "TEXAS",
            datetime(2007-08-31 08:00), "Excessive Heat", "CALIFORNIA",
            datetime(2007-09-01 11:28), "Wildfire", "CALIFORNIA",
            datetime(2007-09-02 12:00), "Excessive Heat", "CALIFORNIA",
            datetime(2007-09-02 13:30), "Wildfire", "CALIFORNIA",
        ];
        StormEvents
        | evaluate sequence_detect(
                       StartTime,
                       5d,  // step max-time
                       5d,  // sequence max-time
                       heat=(EventType == "Excessive Heat"),
                       wildfire=(EventType == 'Wildfire'),
                       State
                   )"#,
        json!([
            {"State": "CALIFORNIA", "heat_StartTime": "2007-05-08T00:00:00Z",
             "wildfire_StartTime": "2007-05-08T16:02:00Z", "Duration": "16:02:00"},
            {"State": "CALIFORNIA", "heat_StartTime": "2007-05-08T00:00:00Z",
             "wildfire_StartTime": "2007-05-10T11:30:00Z", "Duration": "2.11:30:00"},
            {"State": "CALIFORNIA", "heat_StartTime": "2007-07-04T09:00:00Z",
             "wildfire_StartTime": "2007-07-05T23:01:00Z", "Duration": "1.14:01:00"},
            {"State": "SOUTH DAKOTA", "heat_StartTime": "2007-07-23T12:00:00Z",
             "wildfire_StartTime": "2007-07-27T09:00:00Z", "Duration": "3.21:00:00"},
            {"State": "TEXAS", "heat_StartTime": "2007-08-10T08:00:00Z",
             "wildfire_StartTime": "2007-08-11T13:56:00Z", "Duration": "1.05:56:00"},
            {"State": "CALIFORNIA", "heat_StartTime": "2007-08-31T08:00:00Z",
             "wildfire_StartTime": "2007-09-01T11:28:00Z", "Duration": "1.03:28:00"},
            {"State": "CALIFORNIA", "heat_StartTime": "2007-08-31T08:00:00Z",
             "wildfire_StartTime": "2007-09-02T13:30:00Z", "Duration": "2.05:30:00"},
            {"State": "CALIFORNIA", "heat_StartTime": "2007-09-02T12:00:00Z",
             "wildfire_StartTime": "2007-09-02T13:30:00Z", "Duration": "01:30:00"},
        ]),
    );
}

// session-count-plugin, its example: the page's output is a chart only. It shows one
// point per 100-slot bin from 0 to 9,900: about 57 sessions in the first bin (each of
// the 50 ids starts one, and ids 42..50, whose appearances are more than the 41-slot
// look-back apart, start more), then between 18 and 23 a bin (ids 42..50, about twice
// each). Those readings of the chart are checked, not exact numbers.
#[test]
fn session_count_counts_the_sessions_starting_in_each_bin() {
    let page = "session-count-plugin";
    let table = result(
        page,
        "let _data = range Timeline from 1 to 9999 step 1
            | extend __key = 1
            | join kind=inner (range Id from 1 to 50 step 1 | extend __key=1) on __key
            | where Timeline % Id == 0
            | project Timeline, Id;
        _data
        | evaluate session_count(Id, Timeline, 1, 10000, 100, 41)",
    );
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Timeline", "count_sessions"]);
    assert_eq!(table.rows.len(), 100, "one point per bin");
    let bins: Vec<i64> = table.rows.iter().filter_map(|r| r[0].as_i64()).collect();
    assert_eq!(bins, (0..100).map(|i| i * 100).collect::<Vec<_>>());
    let counts: Vec<i64> = table.rows.iter().filter_map(|r| r[1].as_i64()).collect();
    assert!((55..=59).contains(&counts[0]), "first bin: {}", counts[0]);
    assert!(
        counts[1..].iter().all(|c| (18..=23).contains(c)),
        "{counts:?}"
    );
}

// session-count-plugin: the documented rule on a small input: an appearance within
// the look-back of the id's previous one continues its session, a later one starts a
// new session, counted in its bin.
#[test]
fn session_count_starts_a_session_after_a_gap_longer_than_the_lookback() {
    check(
        "session-count-plugin",
        "datatable(Id:string, T:long)
         ['a', 1, 'a', 3, 'a', 20, 'b', 5, 'b', 12, 'a', 22]
         | evaluate session_count(Id, T, 0, 29, 10, 5)",
        json!([
            {"T": 0, "count_sessions": 2},
            {"T": 10, "count_sessions": 1},
            {"T": 20, "count_sessions": 1},
        ]),
    );
}
