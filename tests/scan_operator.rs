//! `scan` on the examples of the Kusto scan-operator page
//! (learn.microsoft.com/kusto/query/scan-operator): declared columns, `=>` assignments
//! reading the step state (`s1.col`), `output=none`, and `with_match_id`.

use crate::common;

use common::query::result_table;
use serde_json::{Value, json};

/// The rows of a self-contained query as arrays of cells, in column order.
fn table(query: &str) -> Vec<Vec<Value>> {
    let table = result_table(query);
    table
        .rows
        .iter()
        .map(|r| table.row_object(r).values().cloned().collect())
        .collect()
}

// "Cumulative sum".
#[test]
fn scan_computes_a_cumulative_sum_scan_operator_docs() {
    let got = table(
        "range x from 1 to 5 step 1
        | scan declare (cumulative_x:long=0) with
        ( step s1: true => cumulative_x = x + s1.cumulative_x; )",
    );
    let expected: Vec<Vec<Value>> = [(1, 1), (2, 3), (3, 6), (4, 10), (5, 15)]
        .iter()
        .map(|(x, c)| vec![json!(x), json!(c)])
        .collect();
    assert_eq!(got, expected);
}

// "Cumulative sum on multiple columns with a reset condition".
#[test]
fn scan_resets_sums_on_a_condition_scan_operator_docs() {
    let got = table(
        "range x from 1 to 5 step 1
        | extend y = 2 * x
        | scan declare (cumulative_x:long=0, cumulative_y:long=0) with
        ( step s1: true => cumulative_x = iff(s1.cumulative_x >= 10, x, x + s1.cumulative_x),
                           cumulative_y = iff(s1.cumulative_y >= 10, y, y + s1.cumulative_y); )",
    );
    let expected: Vec<Vec<Value>> = [
        [1, 2, 1, 2],
        [2, 4, 3, 6],
        [3, 6, 6, 12],
        [4, 8, 10, 8],
        [5, 10, 5, 18],
    ]
    .iter()
    .map(|r| r.iter().map(|v| json!(v)).collect())
    .collect();
    assert_eq!(got, expected);
}

// "Fill forward a column".
#[test]
fn scan_fills_a_column_forward_scan_operator_docs() {
    let got = table(
        r#"let Events = datatable (Ts: timespan, Event: string) [
            0m, "A", 1m, "", 2m, "B", 3m, "", 4m, "", 6m, "C", 8m, "", 11m, "D", 12m, "" ];
        Events | sort by Ts asc
        | scan declare (Event_filled: string="") with
        ( step s1: true => Event_filled = iff(isempty(Event), s1.Event_filled, Event); )
        | project Event_filled"#,
    );
    let filled: Vec<Value> = got.into_iter().flatten().collect();
    assert_eq!(
        filled,
        ["A", "A", "B", "B", "B", "C", "C", "D", "D"].map(|s| json!(s))
    );
}

// "Sessions tagging": `output=none` on the closing step, a match id per session.
#[test]
fn scan_tags_sessions_with_match_ids_scan_operator_docs() {
    let got = table(
        r#"let Events = datatable (Ts: timespan, Event: string) [
            0m, "A", 1m, "A", 2m, "B", 3m, "D", 32m, "B", 36m, "C", 38m, "D", 41m, "E", 75m, "A" ];
        Events | sort by Ts asc
        | scan with_match_id=session_id declare (sessionStart: timespan) with
        ( step inSession: true => sessionStart = iff(isnull(inSession.sessionStart), Ts, inSession.sessionStart);
          step endSession output=none: Ts - inSession.sessionStart > 30m; )
        | project sessionStart, session_id"#,
    );
    let expected: Vec<Vec<Value>> = [
        ("00:00:00", 0),
        ("00:00:00", 0),
        ("00:00:00", 0),
        ("00:00:00", 0),
        ("00:32:00", 1),
        ("00:32:00", 1),
        ("00:32:00", 1),
        ("00:32:00", 1),
        ("01:15:00", 2),
    ]
    .iter()
    .map(|(s, m)| vec![json!(s), json!(m)])
    .collect();
    assert_eq!(got, expected);
}

// "Events between Start and Stop": three steps, sequences within 5 minutes.
#[test]
fn scan_finds_sequences_between_start_and_stop_scan_operator_docs() {
    let got = table(
        r#"let Events = datatable (Ts: timespan, Event: string) [
            0m, "A", 1m, "Start", 2m, "B", 3m, "D", 4m, "Stop", 6m, "C", 8m, "Start", 11m, "E", 12m, "Stop" ];
        Events | sort by Ts asc
        | scan with_match_id=m_id with
        ( step s1: Event == "Start";
          step s2: Event != "Start" and Event != "Stop" and Ts - s1.Ts <= 5m;
          step s3: Event == "Stop" and Ts - s1.Ts <= 5m; )"#,
    );
    let expected: Vec<Vec<Value>> = [
        ("00:01:00", "Start", 0),
        ("00:02:00", "B", 0),
        ("00:03:00", "D", 0),
        ("00:04:00", "Stop", 0),
        ("00:08:00", "Start", 1),
        ("00:11:00", "E", 1),
        ("00:12:00", "Stop", 1),
    ]
    .iter()
    .map(|(t, e, m)| vec![json!(t), json!(e), json!(m)])
    .collect();
    assert_eq!(got, expected);
}
