//! Every function of the datetime, dynamic, ip and aggregate families is reachable
//! through the registry by its name and by each alias, and resolves to its own entry.

use kqlc::functions::registry::{aggregate, aggregate_functions, scalar, scalar_functions};
use kqlc::functions::{aggregate::AGGREGATES, datetime, dynamic, ip};

/// The functions these families promise (names and aliases), as callers write them.
const SCALARS: &[&str] = &[
    // datetime
    "ago",
    "now",
    "bin",
    "floor",
    "bin_at",
    "datetime_diff",
    "datetime_add",
    "datetime_part",
    "format_datetime",
    "format_timespan",
    "startofday",
    "startofweek",
    "startofmonth",
    "startofyear",
    "endofday",
    "endofweek",
    "endofmonth",
    "endofyear",
    "dayofweek",
    "dayofmonth",
    "dayofyear",
    "hourofday",
    "getmonth",
    "monthofyear",
    "getyear",
    "week_of_year",
    "make_datetime",
    "make_timespan",
    "unixtime_seconds_todatetime",
    "unixtime_milliseconds_todatetime",
    "unixtime_microseconds_todatetime",
    "unixtime_nanoseconds_todatetime",
    // dynamic
    "parse_json",
    "todynamic",
    "parsejson",
    "array_length",
    "arraylength",
    "bag_keys",
    "bag_has_key",
    "bag_merge",
    "bag_remove_keys",
    "bag_set_key",
    "bag_pack",
    "pack",
    "pack_dictionary",
    "pack_array",
    "set_difference",
    "set_union",
    "set_intersect",
    "set_has_element",
    "array_concat",
    "array_slice",
    "array_sort_asc",
    "array_sort_desc",
    "array_index_of",
    "array_iff",
    "array_iif",
    "array_split",
    "array_sum",
    "array_reverse",
    "zip",
    "strcat_array",
    "extract_json",
    "extractjson",
    "dynamic_to_json",
    "parse_csv",
    "parse_xml",
    // ip
    "ipv4_is_in_range",
    "ipv4_is_in_any_range",
    "ipv4_compare",
    "ipv4_is_private",
    "ipv4_is_match",
    "parse_ipv4",
    "parse_ipv4_mask",
    "ipv4_netmask_suffix",
    "format_ipv4",
    "format_ipv4_mask",
    "ipv6_compare",
    "ipv6_is_match",
    "ipv6_is_in_any_range",
    "parse_ipv6",
    "has_ipv4",
    "has_ipv4_prefix",
    "has_any_ipv4",
    "has_any_ipv4_prefix",
];

const AGGREGATE_NAMES: &[&str] = &[
    "count",
    "countif",
    "dcount",
    "dcountif",
    "sum",
    "sumif",
    "avg",
    "avgif",
    "min",
    "max",
    "minif",
    "maxif",
    "make_set",
    "makeset",
    "make_set_if",
    "make_list",
    "makelist",
    "make_list_if",
    "make_list_with_nulls",
    "make_bag",
    "make_bag_if",
    "arg_max",
    "argmax",
    "arg_min",
    "argmin",
    "take_any",
    "any",
    "take_anyif",
    "stdev",
    "stdevif",
    "variance",
    "percentile",
    "percentiles",
];

#[test]
fn every_promised_scalar_function_is_registered() {
    let missing: Vec<&str> = SCALARS
        .iter()
        .copied()
        .filter(|n| scalar(n).is_none())
        .collect();
    assert!(missing.is_empty(), "not registered: {missing:?}");
}

#[test]
fn every_promised_aggregate_is_registered() {
    let missing: Vec<&str> = AGGREGATE_NAMES
        .iter()
        .copied()
        .filter(|n| aggregate(n).is_none())
        .collect();
    assert!(missing.is_empty(), "not registered: {missing:?}");
}

#[test]
fn each_scalar_entry_is_found_by_its_name_and_aliases() {
    for family in [datetime::FUNCTIONS, dynamic::FUNCTIONS, ip::FUNCTIONS] {
        for f in family {
            for name in std::iter::once(&f.name).chain(f.aliases) {
                let found = scalar(name).unwrap_or_else(|| panic!("{name} is not registered"));
                assert_eq!(found.name, f.name, "{name} resolves to another function");
            }
            assert!(f.min_args <= f.max_args, "{}: arity", f.name);
            assert!(
                !f.doc.is_empty() && !f.signature.is_empty(),
                "{}: doc and signature",
                f.name
            );
        }
    }
}

#[test]
fn each_aggregate_entry_is_found_by_its_name_and_aliases() {
    for f in AGGREGATES {
        for name in std::iter::once(&f.name).chain(f.aliases) {
            let found = aggregate(name).unwrap_or_else(|| panic!("{name} is not registered"));
            assert_eq!(found.name, f.name, "{name} resolves to another function");
        }
        assert!(f.min_args <= f.max_args, "{}: arity", f.name);
        assert!(
            !f.doc.is_empty() && !f.signature.is_empty(),
            "{}: doc and signature",
            f.name
        );
    }
}

/// Names Kusto defines both as a scalar and as an aggregate: `hll_merge` (the
/// hll-merge-function and hll-merge-aggregation-function pages). `summarize` reads the
/// aggregate, every other place the scalar, so both are reachable.
const SCALAR_AND_AGGREGATE: &[&str] = &["hll_merge"];

/// A name defined twice (by two families) would make one definition unreachable.
#[test]
fn no_name_or_alias_is_defined_twice() {
    let mut names: Vec<&str> = Vec::new();
    for f in scalar_functions() {
        names.extend(std::iter::once(f.name).chain(f.aliases.iter().copied()));
    }
    for f in aggregate_functions() {
        names.extend(std::iter::once(f.name).chain(f.aliases.iter().copied()));
    }
    let mut sorted = names.clone();
    sorted.sort_unstable();
    let duplicates: Vec<&&str> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1] && !SCALAR_AND_AGGREGATE.contains(&w[0]))
        .map(|w| &w[0])
        .collect();
    assert!(
        duplicates.is_empty(),
        "defined more than once: {duplicates:?}"
    );
}
