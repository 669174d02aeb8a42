//! `evaluate basket` (learn.microsoft.com/kusto/query/basket-plugin): the frequent
//! patterns of column values. The page's example reads StormEvents, which the tests do
//! not have; this table is small enough to count every pattern by hand (10 rows,
//! threshold 0.3: a pattern needs 3 rows). Kusto does not document the patterns' order,
//! so the rows are compared as a set.

use crate::common;

use common::query::result_table;
use serde_json::{Value, json};

const EVENTS: &str = r#"datatable(State: string, EventType: string, Damage: string, DamageCrops: int) [
    "TX", "Hail", "NO", 0,    "TX", "Hail", "NO", 0,    "KS", "Hail", "NO", 0,
    "KS", "Hail", "YES", 5,   "OK", "Wind", "NO", 0,    "OK", "Wind", "YES", 0,
    "TX", "Flood", "YES", 3,  "KS", "Hail", "NO", 0,    "TX", "Wind", "NO", 0,
    "OK", "Hail", "YES", 0]"#;

/// The patterns as (Count, State, EventType, Damage, DamageCrops), sorted.
fn patterns(basket: &str) -> Vec<Value> {
    let table = result_table(&format!("{EVENTS} | evaluate {basket}"));
    let mut rows: Vec<Value> = table
        .rows
        .iter()
        .map(|r| {
            let o = table.row_object(r);
            let percent = o["Percent"].as_f64().unwrap_or(-1.0);
            assert_eq!(percent, o["Count"].as_f64().unwrap_or(0.0) * 10.0, "{o:?}");
            json!([
                o["Count"],
                o["State"],
                o["EventType"],
                o["Damage"],
                o["DamageCrops"]
            ])
        })
        .collect();
    rows.sort_by_key(|r| r.to_string());
    rows
}

fn sorted(mut rows: Vec<Value>) -> Vec<Value> {
    rows.sort_by_key(|r| r.to_string());
    rows
}

#[test]
fn basket_lists_the_closed_patterns_that_reach_the_threshold() {
    // {Damage=NO} is not listed: all 6 NO rows have DamageCrops 0, so {NO, 0} says it.
    // {Hail} (6 rows) and {Hail, 0} (5 rows) are both listed.
    let expected = sorted(vec![
        json!([8, "", "", "", 0]),
        json!([6, "", "Hail", "", null]),
        json!([6, "", "", "NO", 0]),
        json!([5, "", "Hail", "", 0]),
        json!([4, "TX", "", "", null]),
        json!([4, "", "", "YES", null]),
        json!([4, "", "Hail", "NO", 0]),
        json!([3, "KS", "Hail", "", null]),
        json!([3, "OK", "", "", 0]),
        json!([3, "", "Wind", "", 0]),
        json!([3, "TX", "", "NO", 0]),
    ]);
    assert_eq!(patterns("basket(0.3)"), expected);
}

#[test]
fn basket_custom_wildcards_replace_the_empty_string_and_null_by_type() {
    // The page's second example: '*' for strings, int(-1) for int columns.
    let got = patterns("basket(0.3, '~', '~', '*', int(-1))");
    assert!(got.contains(&json!([6, "*", "Hail", "*", -1])), "{got:?}");
    assert!(got.contains(&json!([8, "*", "*", "*", 0])), "{got:?}");
    assert_eq!(got.len(), 11);
}

#[test]
fn basket_max_dimensions_limits_the_columns_of_a_pattern() {
    // With at most one column per pattern, {NO} (6 rows) is the closed one of its rows.
    let got = patterns("basket(0.3, '~', 1)");
    assert!(got.contains(&json!([6, "", "", "NO", null])), "{got:?}");
    assert!(got.iter().all(|r| {
        r.as_array().is_some_and(|cells| {
            cells[1..]
                .iter()
                .filter(|c| **c != json!("") && !c.is_null())
                .count()
                == 1
        })
    }));
}
