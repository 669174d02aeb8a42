//! Specifications of the datetime family, mostly the Kusto docs' own examples
//! (page names in the test names).

use crate::functions::registry::{EvalContext, scalar};
use crate::value::Value;
use crate::value::time::{
    TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_SECOND, format_datetime, parse_datetime,
    parse_timespan,
};

fn call(name: &str, args: &[Value]) -> Value {
    let f = scalar(name).unwrap_or_else(|| panic!("{name} is not registered"));
    (f.eval)(
        args,
        &EvalContext {
            now: dt("2024-05-06T07:08:09Z").ticks(),
        },
    )
    .unwrap()
}

trait Ticks {
    fn ticks(&self) -> i64;
}
impl Ticks for Value {
    fn ticks(&self) -> i64 {
        match self {
            Value::DateTime(t) | Value::TimeSpan(t) => *t,
            other => panic!("not a datetime/timespan: {other:?}"),
        }
    }
}

fn dt(text: &str) -> Value {
    Value::DateTime(parse_datetime(text).unwrap())
}
fn ts(text: &str) -> Value {
    Value::TimeSpan(parse_timespan(text).unwrap())
}
fn s(text: &str) -> Value {
    Value::string(text)
}
fn shown(v: &Value) -> String {
    match v {
        Value::DateTime(t) => format_datetime(*t),
        other => other.to_kusto_string(),
    }
}

#[test]
fn ago_and_now_use_the_runs_now() {
    assert_eq!(shown(&call("ago", &[ts("1d")])), "2024-05-05T07:08:09Z");
    assert_eq!(shown(&call("now", &[])), "2024-05-06T07:08:09Z");
    assert_eq!(shown(&call("now", &[ts("-2h")])), "2024-05-06T05:08:09Z");
    assert!(call("ago", &[Value::Null]).is_null());
}

#[test]
fn bin_function_doc_examples() {
    assert_eq!(
        call("bin", &[Value::Real(4.5), Value::Long(1)]).as_f64(),
        Some(4.0)
    );
    assert_eq!(
        shown(&call("bin", &[dt("1970-05-11 13:45:07"), ts("1d")])),
        "1970-05-11T00:00:00Z"
    );
    assert_eq!(
        shown(&call("bin", &[dt("2022-03-02 23:04"), ts("1h")])),
        "2022-03-02T23:00:00Z"
    );
}

#[test]
fn bin_floors_negative_numbers_and_floor_is_an_alias() {
    // kusto-loco BuiltIns_bin_Long: bin(-1, 3) == -3.
    let got: Vec<i64> = (-1..=4)
        .map(|a| {
            call("floor", &[Value::Long(a), Value::Long(3)])
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(got, vec![-3, 0, 0, 0, 3, 3]);
    assert!(call("bin", &[Value::Long(5), Value::Long(0)]).is_null());
}

#[test]
fn bin_of_datetime_by_a_week_starts_on_monday_like_kustos_ticks() {
    // Kusto's ticks count from 0001-01-01 (a Monday), so 7d bins start on Mondays.
    assert_eq!(
        shown(&call("bin", &[dt("2024-05-09"), ts("7d")])),
        "2024-05-06T00:00:00Z"
    );
}

#[test]
fn bin_of_timespan() {
    assert_eq!(
        call("bin", &[ts("01:35:00"), ts("1h")]).ticks(),
        TICKS_PER_HOUR
    );
}

#[test]
fn bin_at_function_doc_examples() {
    assert_eq!(
        call(
            "bin_at",
            &[Value::Real(6.5), Value::Real(2.5), Value::Long(7)]
        )
        .as_f64(),
        Some(4.5)
    );
    assert_eq!(
        call("bin_at", &[ts("1h"), ts("1d"), ts("12h")]).to_kusto_string(),
        "-12:00:00"
    );
    let got = call(
        "bin_at",
        &[
            dt("2017-05-15 10:20:00.0"),
            ts("1d"),
            dt("1970-01-01 12:00:00.0"),
        ],
    );
    assert_eq!(shown(&got), "2017-05-14T12:00:00Z");
    let got = call(
        "bin_at",
        &[
            dt("2018-02-23T16:14"),
            ts("1d"),
            dt("2018-02-24 15:14:00.0000000"),
        ],
    );
    assert_eq!(shown(&got), "2018-02-23T15:14:00Z");
}

#[test]
fn datetime_diff_function_doc_example_counts_boundaries() {
    let cases = [
        ("year", "2017-01-01", "2000-12-31", 17),
        ("quarter", "2017-07-01", "2017-03-30", 2),
        ("month", "2017-01-01", "2015-12-30", 13),
        ("week", "2017-10-29 00:00", "2017-09-30 23:59", 5),
        ("day", "2017-10-29 00:00", "2017-09-30 23:59", 29),
        ("hour", "2017-10-31 01:00", "2017-10-30 23:59", 2),
        ("minute", "2017-10-30 23:05:01", "2017-10-30 23:00:59", 5),
        (
            "second",
            "2017-10-30 23:00:10.100",
            "2017-10-30 23:00:00.900",
            10,
        ),
        (
            "millisecond",
            "2017-10-30 23:00:00.200100",
            "2017-10-30 23:00:00.100900",
            100,
        ),
        (
            "microsecond",
            "2017-10-30 23:00:00.1009001",
            "2017-10-30 23:00:00.1008009",
            100,
        ),
        (
            "nanosecond",
            "2017-10-30 23:00:00.0000000",
            "2017-10-30 23:00:00.0000007",
            -700,
        ),
    ];
    for (period, a, b, want) in cases {
        assert_eq!(
            call("datetime_diff", &[s(period), dt(a), dt(b)]).as_i64(),
            Some(want),
            "{period}"
        );
    }
}

#[test]
fn datetime_diff_rejects_unknown_periods() {
    let f = scalar("datetime_diff").unwrap();
    assert!(
        (f.eval)(
            &[s("fortnight"), dt("2017-01-01"), dt("2017-01-01")],
            &EvalContext { now: 0 }
        )
        .is_err()
    );
}

#[test]
fn datetime_add_function_doc_examples() {
    let base = dt("2017-01-01");
    let cases = [
        ("year", 1, "2018-01-01T00:00:00Z"),
        ("quarter", 1, "2017-04-01T00:00:00Z"),
        ("month", 1, "2017-02-01T00:00:00Z"),
        ("week", 1, "2017-01-08T00:00:00Z"),
        ("day", 1, "2017-01-02T00:00:00Z"),
        ("hour", 1, "2017-01-01T01:00:00Z"),
        ("minute", 1, "2017-01-01T00:01:00Z"),
        ("second", 1, "2017-01-01T00:00:01Z"),
        ("year", -5, "2012-01-01T00:00:00Z"),
        ("quarter", 12, "2020-01-01T00:00:00Z"),
        ("month", -15, "2015-10-01T00:00:00Z"),
        ("week", 100, "2018-12-02T00:00:00Z"),
    ];
    for (period, n, want) in cases {
        assert_eq!(
            shown(&call(
                "datetime_add",
                &[s(period), Value::Long(n), base.clone()]
            )),
            want,
            "{period} {n}"
        );
    }
}

#[test]
fn datetime_part_function_doc_example() {
    let at = dt("2017-10-30 01:02:03.7654321");
    let cases = [
        ("year", 2017),
        ("quarter", 4),
        ("month", 10),
        ("week_of_year", 44),
        ("day", 30),
        ("dayOfYear", 303),
        ("hour", 1),
        ("minute", 2),
        ("second", 3),
        ("millisecond", 765),
        ("microsecond", 765432),
        ("nanosecond", 765432100),
    ];
    for (part, want) in cases {
        assert_eq!(
            call("datetime_part", &[s(part), at.clone()]).as_i64(),
            Some(want),
            "{part}"
        );
    }
}

#[test]
fn format_datetime_function_doc_examples() {
    let at = dt("2017-01-29 09:00:05");
    assert_eq!(
        call("format_datetime", &[at.clone(), s("yy-MM-dd [HH:mm:ss]")]).to_kusto_string(),
        "17-01-29 [09:00:05]"
    );
    assert_eq!(
        call("format_datetime", &[at.clone(), s("yyyy-M-dd [H:mm:ss]")]).to_kusto_string(),
        "2017-1-29 [9:00:05]"
    );
    assert_eq!(
        call("format_datetime", &[at, s("yy-MM-dd [hh:mm:ss tt]")]).to_kusto_string(),
        "17-01-29 [09:00:05 AM]"
    );
    assert_eq!(
        call("format_datetime", &[Value::Null, s("yyyy")]).to_kusto_string(),
        ""
    );
}

#[test]
fn format_timespan_function_doc_example() {
    let got = call(
        "format_timespan",
        &[ts("29.09:00:05.12345"), s("dd.hh:mm:ss [FF]")],
    );
    assert_eq!(got.to_kusto_string(), "29.09:00:05 [12]");
}

#[test]
fn start_and_end_of_period_doc_examples_with_offsets() {
    let at = dt("2017-01-01 10:10:17");
    let run = |name: &str| -> Vec<String> {
        (-1..=1)
            .map(|o| shown(&call(name, &[at.clone(), Value::Long(o)])))
            .collect()
    };
    assert_eq!(
        run("startofday"),
        [
            "2016-12-31T00:00:00Z",
            "2017-01-01T00:00:00Z",
            "2017-01-02T00:00:00Z"
        ]
    );
    assert_eq!(
        run("startofweek"),
        [
            "2016-12-25T00:00:00Z",
            "2017-01-01T00:00:00Z",
            "2017-01-08T00:00:00Z"
        ]
    );
    assert_eq!(
        run("startofmonth"),
        [
            "2016-12-01T00:00:00Z",
            "2017-01-01T00:00:00Z",
            "2017-02-01T00:00:00Z"
        ]
    );
    assert_eq!(
        run("startofyear"),
        [
            "2016-01-01T00:00:00Z",
            "2017-01-01T00:00:00Z",
            "2018-01-01T00:00:00Z"
        ]
    );
    assert_eq!(
        run("endofday"),
        [
            "2016-12-31T23:59:59.9999999Z",
            "2017-01-01T23:59:59.9999999Z",
            "2017-01-02T23:59:59.9999999Z"
        ]
    );
}

#[test]
fn end_of_week_and_month_kusto_loco_cases() {
    assert_eq!(
        shown(&call("endofweek", &[dt("2017-01-07 23:59:59.999")])),
        "2017-01-07T23:59:59.9999999Z"
    );
    assert_eq!(
        shown(&call("startofweek", &[dt("2017-01-08")])),
        "2017-01-08T00:00:00Z"
    );
    assert_eq!(
        shown(&call("endofmonth", &[dt("2020-02-29 23:59:59.999")])),
        "2020-02-29T23:59:59.9999999Z"
    );
    assert_eq!(
        shown(&call("endofmonth", &[dt("2017-02-01")])),
        "2017-02-28T23:59:59.9999999Z"
    );
    assert_eq!(
        shown(&call("endofyear", &[dt("2017-06-01")])),
        "2017-12-31T23:59:59.9999999Z"
    );
}

#[test]
fn dayofweek_returns_a_timespan_of_days_since_sunday() {
    assert_eq!(
        call("dayofweek", &[dt("1947-11-30 10:00:05")]).to_kusto_string(),
        "00:00:00"
    );
    assert_eq!(
        call("dayofweek", &[dt("1970-05-11")]).to_kusto_string(),
        "1.00:00:00"
    );
    assert_eq!(
        call("dayofweek", &[dt("1970-05-12")]).ticks(),
        2 * TICKS_PER_DAY
    );
}

#[test]
fn calendar_fields() {
    let at = [dt("2020-12-31 13:14:15")];
    assert_eq!(call("dayofmonth", &at).as_i64(), Some(31));
    assert_eq!(call("dayofyear", &at).as_i64(), Some(366));
    assert_eq!(call("hourofday", &at).as_i64(), Some(13));
    assert_eq!(call("getmonth", &at).as_i64(), Some(12));
    assert_eq!(call("monthofyear", &at).as_i64(), Some(12));
    assert_eq!(call("getyear", &at).as_i64(), Some(2020));
    assert!(call("getyear", &[Value::Null]).is_null());
}

#[test]
fn week_of_year_is_iso_8601_doc_examples() {
    assert_eq!(call("week_of_year", &[dt("2020-12-31")]).as_i64(), Some(53));
    assert_eq!(call("week_of_year", &[dt("2020-06-15")]).as_i64(), Some(25));
    assert_eq!(call("week_of_year", &[dt("1970-01-01")]).as_i64(), Some(1));
    assert_eq!(call("weekofyear", &[dt("2000-01-01")]).as_i64(), Some(52));
}

#[test]
fn make_datetime_function_doc_examples() {
    let ymd = [2017, 10, 1].map(Value::Long);
    assert_eq!(shown(&call("make_datetime", &ymd)), "2017-10-01T00:00:00Z");
    let full = [
        Value::Long(2017),
        Value::Long(10),
        Value::Long(1),
        Value::Long(12),
        Value::Long(11),
        Value::Real(0.1234567),
    ];
    assert_eq!(
        shown(&call("make_datetime", &full)),
        "2017-10-01T12:11:00.1234567Z"
    );
    assert!(call("make_datetime", &[2017, 2, 30].map(Value::Long)).is_null());
}

#[test]
fn make_timespan_function_doc_example() {
    let got = call(
        "make_timespan",
        &[
            Value::Long(1),
            Value::Long(12),
            Value::Long(30),
            Value::Real(55.123),
        ],
    );
    assert_eq!(got.to_kusto_string(), "1.12:30:55.1230000");
    assert_eq!(
        call("make_timespan", &[Value::Long(2), Value::Long(30)]).to_kusto_string(),
        "02:30:00"
    );
}

#[test]
fn unixtime_conversions_doc_examples() {
    let want = "2019-01-01T00:00:00Z";
    assert_eq!(
        shown(&call(
            "unixtime_seconds_todatetime",
            &[Value::Long(1546300800)]
        )),
        want
    );
    assert_eq!(
        shown(&call(
            "unixtime_milliseconds_todatetime",
            &[Value::Long(1546300800000)]
        )),
        want
    );
    assert_eq!(
        shown(&call(
            "unixtime_microseconds_todatetime",
            &[Value::Long(1546300800000000)]
        )),
        want
    );
    assert_eq!(
        shown(&call(
            "unixtime_nanoseconds_todatetime",
            &[Value::Long(1546300800000000000)]
        )),
        want
    );
    assert_eq!(
        call("unixtime_seconds_todatetime", &[Value::Real(1.5)]).ticks(),
        15 * TICKS_PER_SECOND / 10
    );
    assert!(call("unixtime_seconds_todatetime", &[s("x")]).is_null());
}

#[test]
fn bin_overflow_gives_null_instead_of_panicking() {
    assert!(call("bin", &[Value::Long(i64::MIN + 1), Value::Long(3)]).is_null());
    assert!(call("bin", &[Value::DateTime(i64::MAX), ts("1d")]).is_null());
}
