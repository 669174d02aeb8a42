//! Specifications of the IP family, from the Kusto docs' examples (page names in
//! the test names).

use crate::functions::registry::{EvalContext, scalar};
use crate::value::Value;

fn call(name: &str, args: &[Value]) -> Value {
    let f = scalar(name).unwrap_or_else(|| panic!("{name} is not registered"));
    (f.eval)(args, &EvalContext { now: 0 }).unwrap()
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn strings(texts: &[&str]) -> Vec<Value> {
    texts.iter().map(|t| s(t)).collect()
}

fn dynamic(json: &str) -> Value {
    Value::dynamic(serde_json::from_str(json).unwrap())
}

#[test]
fn ipv4_is_in_range_function_doc_example() {
    assert_eq!(
        call(
            "ipv4_is_in_range",
            &strings(&["192.168.1.1", "192.168.1.1"])
        )
        .as_bool(),
        Some(true)
    );
    assert_eq!(
        call(
            "ipv4_is_in_range",
            &strings(&["192.168.1.1", "192.168.1.255/24"])
        )
        .as_bool(),
        Some(true)
    );
    assert_eq!(
        call(
            "ipv4_is_in_range",
            &strings(&["192.168.2.1", "192.168.1.255/24"])
        )
        .as_bool(),
        Some(false)
    );
    assert!(call("ipv4_is_in_range", &strings(&["not an ip", "10.0.0.0/8"])).is_null());
}

#[test]
fn ipv4_is_in_any_range_function_doc_examples() {
    let args = strings(&[
        "192.168.1.6",
        "192.168.1.1/24",
        "10.0.0.1/8",
        "127.1.0.1/16",
    ]);
    assert_eq!(call("ipv4_is_in_any_range", &args).as_bool(), Some(true));
    let args = strings(&[
        "192.168.1.1",
        "192.168.2.1/24",
        "10.0.0.1/8",
        "127.1.0.1/16",
    ]);
    assert_eq!(call("ipv4_is_in_any_range", &args).as_bool(), Some(false));
    let list = dynamic(r#"["127.0.0.1", "192.168.1.1"]"#);
    assert_eq!(
        call("ipv4_is_in_any_range", &[s("127.0.0.1"), list]).as_bool(),
        Some(true)
    );
    let local = dynamic(r#"["192.168.1.1/16", "127.0.0.1/8", "10.0.0.1/8"]"#);
    let got: Vec<Option<bool>> = ["10.1.2.3", "192.168.1.5", "123.1.11.21", "1.1.1.1"]
        .iter()
        .map(|ip| call("ipv4_is_in_any_range", &[s(ip), local.clone()]).as_bool())
        .collect();
    assert_eq!(got, [Some(true), Some(true), Some(false), Some(false)]);
}

#[test]
fn ipv4_is_in_any_range_is_null_for_an_invalid_address() {
    // Seed rule 001 relies on isnull(ipv4_is_in_any_range(bad, list)).
    let list = dynamic(r#"["10.0.0.0/8"]"#);
    assert!(call("ipv4_is_in_any_range", &[s("fe80::1"), list.clone()]).is_null());
    assert!(call("ipv4_is_in_any_range", &[s(""), list]).is_null());
}

#[test]
fn ipv4_compare_and_is_match_function_doc_examples() {
    let pairs = [
        ("192.168.1.0", "192.168.1.0"),
        ("192.168.1.1/24", "192.168.1.255"),
        ("192.168.1.1", "192.168.1.255/24"),
        ("192.168.1.1/30", "192.168.1.255/24"),
    ];
    for (x, y) in pairs {
        assert_eq!(
            call("ipv4_compare", &strings(&[x, y])).as_i64(),
            Some(0),
            "{x} {y}"
        );
        assert_eq!(
            call("ipv4_is_match", &strings(&[x, y])).as_bool(),
            Some(true),
            "{x} {y}"
        );
    }
    let with_prefix = [
        ("192.168.1.1", "192.168.1.0", 31),
        ("192.168.1.1/24", "192.168.1.255", 31),
        ("192.168.1.1", "192.168.1.255", 24),
    ];
    for (x, y, p) in with_prefix {
        assert_eq!(
            call("ipv4_compare", &[s(x), s(y), Value::Long(p)]).as_i64(),
            Some(0),
            "{x} {y} {p}"
        );
        assert_eq!(
            call("ipv4_is_match", &[s(x), s(y), Value::Long(p)]).as_bool(),
            Some(true),
            "{x} {y} {p}"
        );
    }
    assert_eq!(
        call("ipv4_compare", &strings(&["10.0.0.1", "10.0.0.2"])).as_i64(),
        Some(-1)
    );
    assert_eq!(
        call("ipv4_compare", &strings(&["10.0.0.3", "10.0.0.2"])).as_i64(),
        Some(1)
    );
}

#[test]
fn ipv4_is_private_function_doc_example() {
    let got: Vec<Option<bool>> = [
        "10.1.2.3",
        "192.168.1.1/24",
        "127.0.0.1",
        "172.16.5.5",
        "172.32.0.1",
    ]
    .iter()
    .map(|ip| call("ipv4_is_private", &[s(ip)]).as_bool())
    .collect();
    assert_eq!(
        got,
        [Some(true), Some(true), Some(false), Some(true), Some(false)]
    );
}

#[test]
fn ipv4_netmask_suffix_function_doc_example() {
    let got: Vec<Option<i64>> = ["10.1.2.3", "192.168.1.1/24", "127.0.0.1/16"]
        .iter()
        .map(|ip| call("ipv4_netmask_suffix", &[s(ip)]).as_i64())
        .collect();
    assert_eq!(got, [Some(32), Some(24), Some(16)]);
}

#[test]
fn parse_ipv4_function_doc_example() {
    let got: Vec<Option<i64>> = ["192.168.1.1", "192.168.1.1/24", "255.255.255.255/31"]
        .iter()
        .map(|ip| call("parse_ipv4", &[s(ip)]).as_i64())
        .collect();
    assert_eq!(got, [Some(3232235777), Some(3232235776), Some(4294967294)]);
    assert!(call("parse_ipv4", &[s("127.0.0.256")]).is_null());
}

#[test]
fn parse_ipv4_mask_function_doc_example() {
    assert_eq!(
        call("parse_ipv4_mask", &[s("127.2.3.4"), Value::Long(24)]).as_i64(),
        Some(2130838272)
    );
}

#[test]
fn format_ipv4_and_format_ipv4_mask_function_doc_example() {
    let rows = [
        ("192.168.1.1", 24, "192.168.1.0", "192.168.1.0/24"),
        ("192.168.1.1", 32, "192.168.1.1", "192.168.1.1/32"),
        ("192.168.1.1/24", 32, "192.168.1.0", "192.168.1.0/24"),
        ("192.168.1.1/24", -1, "", ""),
    ];
    for (ip, mask, plain, masked) in rows {
        assert_eq!(
            call("format_ipv4", &[s(ip), Value::Long(mask)]).to_kusto_string(),
            plain
        );
        assert_eq!(
            call("format_ipv4_mask", &[s(ip), Value::Long(mask)]).to_kusto_string(),
            masked
        );
    }
    assert_eq!(
        call("format_ipv4", &[Value::Long(3232235777)]).to_kusto_string(),
        "192.168.1.1"
    );
}

#[test]
fn ipv6_compare_function_doc_example() {
    let pairs = [
        ("192.168.1.1", "192.168.1.1"),
        ("192.168.1.1/24", "192.168.1.255"),
        ("192.168.1.1", "192.168.1.255/24"),
        ("192.168.1.1/30", "192.168.1.255/24"),
        ("fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7994"),
        ("fe80::85d:e82c:9446:7994/120", "fe80::85d:e82c:9446:7998"),
        ("fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7998/120"),
        (
            "fe80::85d:e82c:9446:7994/120",
            "fe80::85d:e82c:9446:7998/120",
        ),
        ("192.168.1.1", "::ffff:c0a8:0101"),
        ("192.168.1.1/24", "::ffff:c0a8:01ff"),
        ("::ffff:c0a8:0101", "192.168.1.255/24"),
        ("::192.168.1.1/30", "192.168.1.255/24"),
    ];
    for (x, y) in pairs {
        assert_eq!(
            call("ipv6_compare", &strings(&[x, y])).as_i64(),
            Some(0),
            "{x} {y}"
        );
        assert_eq!(
            call("ipv6_is_match", &strings(&[x, y])).as_bool(),
            Some(true),
            "{x} {y}"
        );
    }
    assert_eq!(
        call("ipv6_compare", &strings(&["::1", "::2"])).as_i64(),
        Some(-1)
    );
    assert!(call("ipv6_compare", &strings(&["::1", "nope"])).is_null());
}

#[test]
fn ipv6_is_in_any_range_function_doc_example() {
    let ranges = dynamic(r#"["2001:db8::/32", "fe80::/10"]"#);
    assert_eq!(
        call("ipv6_is_in_any_range", &[s("2001:db8::1"), ranges.clone()]).as_bool(),
        Some(true)
    );
    assert_eq!(
        call("ipv6_is_in_any_range", &[s("2002::1"), ranges]).as_bool(),
        Some(false)
    );
    let args = strings(&["fe80::85d:e82c:9446:7994", "fe80::/10", "::1/128"]);
    assert_eq!(call("ipv6_is_in_any_range", &args).as_bool(), Some(true));
}

#[test]
fn parse_ipv6_function_doc_examples() {
    assert_eq!(
        call("parse_ipv6", &[s("127.0.0.1")]).to_kusto_string(),
        "0000:0000:0000:0000:0000:ffff:7f00:0001"
    );
    assert_eq!(
        call("parse_ipv6", &[s("fe80::85d:e82c:9446:7994/120")]).to_kusto_string(),
        "fe80:0000:0000:0000:085d:e82c:9446:7900"
    );
    assert_eq!(
        call("parse_ipv6", &[s("::ffff:c0a8:0101/64")]).to_kusto_string(),
        "0000:0000:0000:0000:0000:0000:0000:0000"
    );
    assert_eq!(call("parse_ipv6", &[s("junk")]).to_kusto_string(), "");
}

#[test]
fn has_ipv4_function_doc_examples() {
    assert_eq!(
        call(
            "has_ipv4",
            &strings(&["05:04:54 127.0.0.1 GET /favicon.ico 404", "127.0.0.1"])
        )
        .as_bool(),
        Some(true)
    );
    assert_eq!(
        call(
            "has_ipv4",
            &strings(&["05:04:54 127.0.0.256 GET /favicon.ico 404", "127.0.0.256"])
        )
        .as_bool(),
        Some(false)
    );
    assert_eq!(
        call(
            "has_ipv4",
            &strings(&["05:04:54127.0.0.1 GET /favicon.ico 404", "127.0.0.1"])
        )
        .as_bool(),
        Some(false)
    );
}

#[test]
fn has_ipv4_prefix_function_doc_examples() {
    let line = "05:04:54 127.0.0.1 GET /favicon.ico 404";
    assert_eq!(
        call("has_ipv4_prefix", &strings(&[line, "127.0."])).as_bool(),
        Some(true)
    );
    assert_eq!(
        call("has_ipv4_prefix", &strings(&[line, "127.0"])).as_bool(),
        Some(false)
    );
}

#[test]
fn has_any_ipv4_function_doc_examples() {
    let args = strings(&[
        "05:04:54 127.0.0.1 GET /favicon.ico 404",
        "127.0.0.1",
        "127.0.0.2",
    ]);
    assert_eq!(call("has_any_ipv4", &args).as_bool(), Some(true));
    let ips = dynamic(r#"["127.0.0.256", "192.168.1.1"]"#);
    assert_eq!(
        call(
            "has_any_ipv4",
            &[s("05:04:54 127.0.0.256 GET /favicon.ico 404"), ips]
        )
        .as_bool(),
        Some(false)
    );
}

#[test]
fn has_any_ipv4_prefix_function_doc_examples() {
    let line = "05:04:54 127.0.0.1 GET /favicon.ico 404";
    assert_eq!(
        call(
            "has_any_ipv4_prefix",
            &strings(&[line, "127.0.", "192.168."])
        )
        .as_bool(),
        Some(true)
    );
    assert_eq!(
        call("has_any_ipv4_prefix", &strings(&[line, "127.0"])).as_bool(),
        Some(false)
    );
}

/// parse-ipv6-mask-function: the address's own prefix (an IPv4 `/24` is 96 + 24 bits)
/// and the prefix argument both mask; the smaller wins.
#[test]
fn parse_ipv6_mask_function_doc_examples() {
    let mask = |ip: &str, prefix: i64| {
        call("parse_ipv6_mask", &[s(ip), Value::Long(prefix)]).to_kusto_string()
    };
    assert_eq!(
        mask("192.168.255.255", 120),
        "0000:0000:0000:0000:0000:ffff:c0a8:ff00"
    );
    assert_eq!(
        mask("192.168.255.255/24", 124),
        "0000:0000:0000:0000:0000:ffff:c0a8:ff00"
    );
    assert_eq!(
        mask("255.255.255.255", 128),
        "0000:0000:0000:0000:0000:ffff:ffff:ffff"
    );
    assert_eq!(
        mask("fe80::85d:e82c:9446:7994", 128),
        "fe80:0000:0000:0000:085d:e82c:9446:7994"
    );
    assert_eq!(
        mask("fe80::85d:e82c:9446:7994/120", 124),
        "fe80:0000:0000:0000:085d:e82c:9446:7900"
    );
    // `::a.b.c.d` is read as the IPv4 address, its `/24` an IPv4 prefix.
    assert_eq!(
        mask("::192.168.255.255", 128),
        "0000:0000:0000:0000:0000:ffff:c0a8:ffff"
    );
    assert_eq!(
        mask("::192.168.255.255/24", 128),
        "0000:0000:0000:0000:0000:ffff:c0a8:ff00"
    );
    assert_eq!(mask("not an address", 128), "");
    assert_eq!(mask("fe80::1", 129), "");
}

/// ipv6-is-in-range-function: true inside the range, false outside, null when either
/// side is not an address.
#[test]
fn ipv6_is_in_range_follows_the_range_prefix() {
    let in_range = |ip: &str, range: &str| call("ipv6_is_in_range", &strings(&[ip, range]));
    assert_eq!(
        in_range(
            "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd",
            "a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112"
        )
        .as_bool(),
        Some(true)
    );
    assert_eq!(
        in_range(
            "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd",
            "a5e:f127:8a9d:146d:e102:b5d3:c756:0000/112"
        )
        .as_bool(),
        Some(false)
    );
    assert_eq!(
        in_range("192.168.1.7", "::ffff:c0a8:100/120").as_bool(),
        Some(true)
    );
    assert!(in_range("nope", "::/0").is_null());
}
