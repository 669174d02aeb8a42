//! The `evaluate` plugins over the whole input — `ipv4_lookup`, `ipv6_lookup`,
//! `activity_counts_metrics`, `sliding_window_counts` — on the examples of their Kusto plugin pages
//! (learn.microsoft.com/kusto/query/<name>-plugin, cited per test).

use crate::common;

use common::query::rows;
use serde_json::{Value, json};

const IP_DATA: &str = r#"let IP_Data = datatable(network:string, continent_code:string ,continent_name:string, country_iso_code:string, country_name:string)
[
  "111.68.128.0/17","AS","Asia","JP","Japan",
  "5.8.0.0/19","EU","Europe","RU","Russia",
  "223.255.254.0/24","AS","Asia","SG","Singapore",
  "46.36.200.51/32","OC","Oceania","CK","Cook Islands",
  "2.20.183.0/24","EU","Europe","GB","United Kingdom",
];
let IPs = datatable(ip:string) ['2.20.183.12', '5.8.1.2', '192.165.12.17'];
"#;

fn uk() -> Value {
    json!({"ip": "2.20.183.12", "network": "2.20.183.0/24", "continent_code": "EU",
           "continent_name": "Europe", "country_iso_code": "GB", "country_name": "United Kingdom"})
}

fn russia() -> Value {
    json!({"ip": "5.8.1.2", "network": "5.8.0.0/19", "continent_code": "EU",
           "continent_name": "Europe", "country_iso_code": "RU", "country_name": "Russia"})
}

// ipv4-lookup-plugin, "IPv4 lookup - matching rows only".
#[test]
fn ipv4_lookup_joins_each_address_with_the_range_holding_it_ipv4_lookup_docs() {
    let got = rows(&format!(
        "{IP_DATA}IPs | evaluate ipv4_lookup(IP_Data, ip, network)"
    ));
    assert_eq!(got, [uk(), russia()]);
}

// ipv4-lookup-plugin, "return both matching and nonmatching rows": the unmatched row
// keeps its columns and has empty lookup columns.
#[test]
fn ipv4_lookup_return_unmatched_keeps_the_other_rows_ipv4_lookup_docs() {
    let got = rows(&format!(
        "{IP_DATA}IPs | evaluate ipv4_lookup(IP_Data, ip, network, return_unmatched = true)"
    ));
    assert_eq!(got.len(), 3);
    assert_eq!(got[..2], [uk(), russia()]);
    assert_eq!(got[2]["ip"], json!("192.165.12.17"));
    assert_eq!(got[2]["country_name"], json!(""));
}

// ipv4-lookup-plugin, "using extra columns for matching" (its lookup rows written as a
// datatable instead of external_data): Sweden's country code is '' in the input, so
// the row is not matched; the extra keys appear once, from the input.
#[test]
fn ipv4_lookup_extra_keys_must_be_equal_ipv4_lookup_docs() {
    let got = rows(
        r#"let IP_Data = datatable(network:string, geoname_id:long, continent_code:string, continent_name:string, country_iso_code:string, country_name:string)
        [ "2.20.183.0/24", 2635167, "EU", "Europe", "GB", "United Kingdom",
          "5.8.0.0/19", 2017370, "EU", "Europe", "RU", "Russia",
          "192.165.8.0/21", 2661886, "EU", "Europe", "SE", "Sweden" ];
        let IPs = datatable(ip:string, continent_name:string, country_iso_code:string)
        [ '2.20.183.12', 'Europe', 'GB', '5.8.1.2', 'Europe', 'RU', '192.165.12.17', 'Europe', '' ];
        IPs | evaluate ipv4_lookup(IP_Data, ip, network, continent_name, country_iso_code)"#,
    );
    let names: Vec<String> = got[0]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        [
            "ip",
            "continent_name",
            "country_iso_code",
            "network",
            "geoname_id",
            "continent_code",
            "country_name"
        ]
    );
    let matched: Vec<&Value> = got.iter().map(|r| &r["geoname_id"]).collect();
    assert_eq!(matched, [&json!(2635167), &json!(2017370)]);
}

// ipv6-lookup-plugin, "IPv6 lookup - matching rows only".
#[test]
fn ipv6_lookup_matches_by_prefix_ipv6_lookup_docs() {
    let got = rows(
        r#"let IP_Data = datatable(network:string, continent_code:string ,continent_name:string, country_iso_code:string, country_name:string)
        [ "2001:0db8:85a3::/48","NA","North America","US","United States",
          "2404:6800:4001::/48","AS","Asia","JP","Japan",
          "2a00:1450:4001::/48","EU","Europe","DE","Germany",
          "2800:3f0:4001::/48","SA","South America","BR","Brazil",
          "2c0f:fb50:4001::/48","AF","Africa","ZA","South Africa",
          "2607:f8b0:4001::/48","NA","North America","CA","Canada",
          "2a02:26f0:4001::/48","EU","Europe","FR","France",
          "2400:cb00:4001::/48","AS","Asia","IN","India",
          "2801:0db8:85a3::/48","SA","South America","AR","Argentina",
          "2a03:2880:4001::/48","EU","Europe","GB","United Kingdom" ];
        let IPs = datatable(ip:string)
        [ "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2404:6800:4001:0001:0000:8a2e:0370:7334",
          "2a02:26f0:4001:0006:0000:8a2e:0370:7334", "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd",
          "a5e:f127:8a9d:146d:e102:b5d3:c755:abce" ];
        IPs | evaluate ipv6_lookup(IP_Data, ip, network) | project network, country_name"#,
    );
    assert_eq!(
        got,
        [
            json!({"network": "2001:0db8:85a3::/48", "country_name": "United States"}),
            json!({"network": "2404:6800:4001::/48", "country_name": "Japan"}),
            json!({"network": "2a02:26f0:4001::/48", "country_name": "France"}),
        ]
    );
}

const ACTIVITY: &str =
    "let start=datetime(2017-08-01); let end=datetime(2017-08-04); let window=1d;
let T = datatable(UserId:string, Timestamp:datetime, Dim:string) [
'A', datetime(2017-08-01), 'x', 'D', datetime(2017-08-01), 'x', 'J', datetime(2017-08-01), 'y',
'B', datetime(2017-08-01), 'y', 'C', datetime(2017-08-02), 'x', 'T', datetime(2017-08-02), 'x',
'J', datetime(2017-08-02), 'y', 'H', datetime(2017-08-03), 'x', 'T', datetime(2017-08-03), 'x',
'T', datetime(2017-08-03), 'y', 'J', datetime(2017-08-03), 'y', 'B', datetime(2017-08-03), 'x',
'S', datetime(2017-08-03), 'x', 'S', datetime(2017-08-04), 'x' ];
";

// activity-counts-metrics-plugin example (its table, plus a `Dim` column it ignores).
#[test]
fn activity_counts_metrics_counts_per_window_activity_counts_metrics_docs() {
    let got = rows(&format!(
        "{ACTIVITY}T | evaluate activity_counts_metrics(UserId, Timestamp, start, end, window)"
    ));
    let table: Vec<Vec<Value>> = got
        .iter()
        .map(|r| {
            [
                "Timestamp",
                "count",
                "dcount",
                "new_dcount",
                "aggregated_dcount",
            ]
            .iter()
            .map(|c| r[*c].clone())
            .collect()
        })
        .collect();
    assert_eq!(
        table,
        [
            vec![
                json!("2017-08-01T00:00:00Z"),
                json!(4),
                json!(4),
                json!(4),
                json!(4)
            ],
            vec![
                json!("2017-08-02T00:00:00Z"),
                json!(3),
                json!(3),
                json!(2),
                json!(6)
            ],
            vec![
                json!("2017-08-03T00:00:00Z"),
                json!(6),
                json!(5),
                json!(2),
                json!(8)
            ],
            vec![
                json!("2017-08-04T00:00:00Z"),
                json!(1),
                json!(1),
                json!(0),
                json!(8)
            ],
        ]
    );
}

// activity-counts-metrics-plugin: with a dimension, each value of it is counted on its
// own, the dimension column following the timeline column. Checked by hand: Dim 'y'
// has J, B on day 1; J on day 2; T, J on day 3.
#[test]
fn activity_counts_metrics_slices_by_dimension_activity_counts_metrics_docs() {
    let got = rows(&format!(
        "{ACTIVITY}T | evaluate activity_counts_metrics(UserId, Timestamp, start, end, window, Dim) \
         | where Dim == 'y'"
    ));
    assert_eq!(
        got,
        [
            json!({"Timestamp": "2017-08-01T00:00:00Z", "Dim": "y", "count": 2, "dcount": 2, "new_dcount": 2, "aggregated_dcount": 2}),
            json!({"Timestamp": "2017-08-02T00:00:00Z", "Dim": "y", "count": 1, "dcount": 1, "new_dcount": 0, "aggregated_dcount": 2}),
            json!({"Timestamp": "2017-08-03T00:00:00Z", "Dim": "y", "count": 2, "dcount": 2, "new_dcount": 1, "aggregated_dcount": 3}),
        ]
    );
}

// sliding-window-counts-plugin example (its `datetime(2017 - 08 - 01)` literals written
// without the spaces the page's formatting put in them). The columns are `Count` and
// `Dcount`, as the page's output header and Kusto.Language's plugin schema name them.
#[test]
fn sliding_window_counts_counts_the_lookback_per_bin_sliding_window_counts_docs() {
    let got = rows(
        "let start = datetime(2017-08-01); let end = datetime(2017-08-07);
        let lookbackWindow = 3d; let bin = 1d;
        let T = datatable(UserId: string, Timestamp: datetime) [
        'Bob', datetime(2017-08-01), 'David', datetime(2017-08-01), 'David', datetime(2017-08-01),
        'John', datetime(2017-08-01), 'Bob', datetime(2017-08-01), 'Ananda', datetime(2017-08-02),
        'Atul', datetime(2017-08-02), 'John', datetime(2017-08-02), 'Ananda', datetime(2017-08-03),
        'Atul', datetime(2017-08-03), 'Atul', datetime(2017-08-03), 'John', datetime(2017-08-03),
        'Bob', datetime(2017-08-03), 'Betsy', datetime(2017-08-04), 'Bob', datetime(2017-08-05) ];
        T | evaluate sliding_window_counts(UserId, Timestamp, start, end, lookbackWindow, bin)",
    );
    let table: Vec<(String, i64, i64)> = got
        .iter()
        .map(|r| {
            (
                r["Timestamp"].as_str().unwrap_or_default()[..10].to_string(),
                r["Count"].as_i64().unwrap_or(-1),
                r["Dcount"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    let expected = [
        ("2017-08-01", 5, 3),
        ("2017-08-02", 8, 5),
        ("2017-08-03", 13, 5),
        ("2017-08-04", 9, 5),
        ("2017-08-05", 7, 5),
        ("2017-08-06", 2, 2),
        ("2017-08-07", 1, 1),
    ];
    let expected: Vec<(String, i64, i64)> = expected
        .iter()
        .map(|(d, c, n)| (d.to_string(), *c, *n))
        .collect();
    assert_eq!(table, expected);
}
