//! Seed 001's network allowlist prelude (`_allow`, `_allowCIDR`, `_allowRange` and the
//! `_ExcludeAllowlistedIPs` function) exercised end to end: the rule defines the
//! function but never calls it, so this test calls it on addresses of each kind.
//! It runs `materialize`, `union isfuzzy=true`, `_GetWatchlist`, `toscalar`, a user
//! function with a tabular parameter via `invoke`, and `mv-apply … on (summarize …)`.

use kqlc::run::{run_kql, watchlist_input};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The seed's prelude: everything before the burst-detection lets.
fn prelude() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/rules/workload-identity-multiple-sps-created-by-single-principal.kql");
    let text = std::fs::read_to_string(path).expect("seed 001 is bundled");
    let end = text
        .find("let BurstWindow")
        .expect("the prelude ends before BurstWindow");
    text[..end].to_string()
}

const ADDRESSES: &str = r#"datatable(IPAddress: string, Who: string) [
    "10.1.2.3", "inside the CIDR 10.1.0.0/16",
    "192.168.5.7", "inside the range 192.168.5.1-192.168.5.20",
    "8.8.8.8", "outside everything",
    "10.0.0.1", "the single address 10.0.0.1"
] | invoke _ExcludeAllowlistedIPs()"#;

fn run(watchlist: Option<PathBuf>) -> Vec<Value> {
    let query = format!("{}{ADDRESSES}", prelude());
    let inputs = watchlist
        .into_iter()
        .map(|p| watchlist_input("NetworkAllowlist", vec![p]))
        .collect();
    let table = run_kql(&query, inputs, 0).unwrap_or_else(|e| panic!("{e:?}"));
    table
        .rows
        .iter()
        .map(|r| Value::Object(table.row_object(r)))
        .collect()
}

/// With the allowlist 10.1.0.0/16, 192.168.5.1-192.168.5.20 and 10.0.0.1:
/// `_allowCIDR` is ["10.1.0.0/16", "10.0.0.1/32"] (a bare address gets `/32`), so
/// 10.1.2.3 and 10.0.0.1 fail `not(ipv4_is_in_any_range(…))` and are dropped;
/// `_allowRange` is ["192.168.5.1-192.168.5.20"], so for 192.168.5.7 the mv-apply body
/// finds ipv4_compare ≥ 0 against the low end and ≤ 0 against the high end,
/// `_anyInRange` is 1 and the row is dropped; 8.8.8.8 is in neither (its `_anyInRange`
/// is 0) and is the only row left, without the helper column.
#[test]
fn allowlisted_cidrs_single_addresses_and_ranges_are_excluded() {
    let dir = std::env::temp_dir().join(format!("kqlc-allowlist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let list = dir.join("NetworkAllowlist.csv");
    std::fs::write(&list, "SearchKey,IPOrRange\n10.1.0.0/16,10.1.0.0/16\n192.168.5.1-192.168.5.20,192.168.5.1-192.168.5.20\n10.0.0.1,10.0.0.1\n").expect("write");
    assert_eq!(
        run(Some(list)),
        vec![json!({"IPAddress": "8.8.8.8", "Who": "outside everything"})]
    );
}

/// Without a watchlist, `union isfuzzy=true` leaves `_allow` empty: `_allowCIDR` is an
/// empty list (`array_length(...) == 0` keeps every row) and `_allowRange` is empty, so
/// each mv-apply subtable is empty and its `summarize` gives one row with a null
/// `_anyInRange`, which `isnull(_anyInRange)` keeps: all four rows come back.
#[test]
fn without_a_watchlist_nothing_is_excluded() {
    let rows = run(None);
    let kept: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["IPAddress"].as_str())
        .collect();
    assert_eq!(kept, ["10.1.2.3", "192.168.5.7", "8.8.8.8", "10.0.0.1"]);
    assert_eq!(
        rows[0].as_object().map(|o| o.len()),
        Some(2),
        "the helper column is projected away: {rows:?}"
    );
}
