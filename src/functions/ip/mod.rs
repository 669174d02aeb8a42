//! IP functions: IPv4/IPv6 parsing, comparison under prefixes, range checks and
//! finding addresses in text. Invalid addresses give null (never an error), so
//! `isnull(ipv4_is_in_any_range(ip, ranges))` detects bad input.

pub(crate) mod address;
pub mod cidr;
mod text;

use super::args;
use super::registry::{EvalContext, ReturnType, ScalarFunction, ScalarImpl, scalar_entry};
use crate::value::{Type, Value};
use address::{V4, V6};
use std::cmp::Ordering;

/// A table entry of a function with one fixed return type and no aliases.
const fn entry(
    name: &'static str,
    arity: (usize, usize),
    signature: &'static str,
    returns: Type,
    eval: ScalarImpl,
    doc: &'static str,
) -> ScalarFunction {
    let returns = ReturnType::Fixed(returns);
    scalar_entry(name, &[], arity, signature, returns, eval, doc)
}

const MANY: usize = usize::MAX;

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "ipv4_is_in_range",
        (2, 2),
        "(ip: string, range: string) -> bool",
        Type::Bool,
        ipv4_is_in_range,
        "Whether the IPv4 address lies in the IP-prefix range.",
    ),
    entry(
        "ipv4_is_in_any_range",
        (2, MANY),
        "(ip: string, ranges: dynamic | range: string, ...) -> bool",
        Type::Bool,
        ipv4_is_in_any_range,
        "Whether the IPv4 address lies in any of the ranges (an array or several arguments).",
    ),
    entry(
        "ipv4_compare",
        (2, 3),
        "(ip1: string, ip2: string, [prefix: long]) -> int",
        Type::Int,
        ipv4_compare,
        "-1, 0 or 1 comparing two IPv4 addresses under the shortest prefix.",
    ),
    entry(
        "ipv4_is_match",
        (2, 3),
        "(ip1: string, ip2: string, [prefix: long]) -> bool",
        Type::Bool,
        ipv4_is_match,
        "Whether two IPv4 addresses are equal under the shortest prefix.",
    ),
    entry(
        "ipv4_is_private",
        (1, 1),
        "(ip: string) -> bool",
        Type::Bool,
        ipv4_is_private,
        "Whether the IPv4 address (or range) is in an RFC 1918 private network.",
    ),
    entry(
        "ipv4_netmask_suffix",
        (1, 1),
        "(ip: string) -> int",
        Type::Int,
        ipv4_netmask_suffix,
        "The prefix length of an IPv4 address in IP-prefix notation (32 without one).",
    ),
    entry(
        "parse_ipv4",
        (1, 1),
        "(ip: string) -> long",
        Type::Long,
        parse_ipv4,
        "The IPv4 address as a number, masked by its prefix.",
    ),
    entry(
        "parse_ipv4_mask",
        (2, 2),
        "(ip: string, prefix: long) -> long",
        Type::Long,
        parse_ipv4_mask,
        "The IPv4 address as a number, masked by the prefix.",
    ),
    entry(
        "format_ipv4",
        (1, 2),
        "(ip: string | long, [prefix: long]) -> string",
        Type::String,
        format_ipv4,
        "The dotted-quad text of an IPv4 address, masked by the prefix.",
    ),
    entry(
        "format_ipv4_mask",
        (1, 2),
        "(ip: string | long, [prefix: long]) -> string",
        Type::String,
        format_ipv4_mask,
        "The IPv4 address masked by the prefix, as a.b.c.d/prefix.",
    ),
    entry(
        "ipv6_compare",
        (2, 3),
        "(ip1: string, ip2: string, [prefix: long]) -> int",
        Type::Int,
        ipv6_compare,
        "-1, 0 or 1 comparing two IPv6 (or IPv4) addresses under the shortest prefix.",
    ),
    entry(
        "ipv6_is_match",
        (2, 3),
        "(ip1: string, ip2: string, [prefix: long]) -> bool",
        Type::Bool,
        ipv6_is_match,
        "Whether two IPv6 (or IPv4) addresses are equal under the shortest prefix.",
    ),
    entry(
        "ipv6_is_in_any_range",
        (2, MANY),
        "(ip: string, ranges: dynamic | range: string, ...) -> bool",
        Type::Bool,
        ipv6_is_in_any_range,
        "Whether the IPv6 address lies in any of the ranges.",
    ),
    entry(
        "ipv6_is_in_range",
        (2, 2),
        "(ip: string, range: string) -> bool",
        Type::Bool,
        ipv6_is_in_range,
        "Whether the IPv6 (or IPv4) address lies in the IP-prefix range.",
    ),
    entry(
        "parse_ipv6_mask",
        (2, 2),
        "(ip: string, prefix: int) -> string",
        Type::String,
        parse_ipv6_mask,
        "The canonical eight-group text of an IPv6 (or IPv4) address, masked by the smaller of its own prefix and `prefix`.",
    ),
    entry(
        "parse_ipv6",
        (1, 1),
        "(ip: string) -> string",
        Type::String,
        parse_ipv6,
        "The canonical eight-group text of an IPv6 (or IPv4) address, masked by its prefix.",
    ),
    entry(
        "has_ipv4",
        (2, 2),
        "(source: string, ip: string) -> bool",
        Type::Bool,
        has_ipv4,
        "Whether the text holds the IPv4 address, delimited by non-alphanumerics.",
    ),
    entry(
        "has_ipv4_prefix",
        (2, 2),
        "(source: string, prefix: string) -> bool",
        Type::Bool,
        has_ipv4_prefix,
        "Whether the text holds an IPv4 address starting with the prefix (e.g. '10.1.').",
    ),
    entry(
        "has_any_ipv4",
        (2, MANY),
        "(source: string, ips: dynamic | ip: string, ...) -> bool",
        Type::Bool,
        has_any_ipv4,
        "Whether the text holds any of the IPv4 addresses.",
    ),
    entry(
        "has_any_ipv4_prefix",
        (2, MANY),
        "(source: string, prefixes: dynamic | prefix: string, ...) -> bool",
        Type::Bool,
        has_any_ipv4_prefix,
        "Whether the text holds an IPv4 address with any of the prefixes.",
    ),
];

type Out = Result<Value, String>;

fn v4(a: &[Value], i: usize) -> Option<V4> {
    match args::arg(a, i) {
        Value::Long(n) => u32::try_from(*n).ok().map(|addr| V4 { addr, prefix: 32 }),
        Value::Null => None,
        _ => address::parse_v4(&args::text(a, i)),
    }
}

fn v6(a: &[Value], i: usize) -> Option<V6> {
    match args::arg(a, i) {
        Value::Null => None,
        _ => address::parse_v6(&args::text(a, i)),
    }
}

/// The optional prefix argument: absent → `max`; present → 0..=max or `None`.
fn prefix_arg(a: &[Value], i: usize, max: u8) -> Option<u8> {
    if a.len() <= i {
        return Some(max);
    }
    args::long(a, i)
        .and_then(|p| u8::try_from(p).ok())
        .filter(|p| *p <= max)
}

/// The texts of a list argument: one dynamic array, or the arguments from `from` on.
fn list(a: &[Value], from: usize) -> Vec<String> {
    if a.len() == from + 1
        && let Value::Dynamic(d) = args::arg(a, from)
        && let Some(items) = d.as_array()
    {
        return items
            .iter()
            .map(|v| Value::from_json_scalar(v).to_kusto_string())
            .collect();
    }
    (from..a.len())
        .map(|i| args::text(a, i).into_owned())
        .collect()
}

fn bool_or_null(b: Option<bool>) -> Value {
    b.map_or(Value::Null, Value::Bool)
}

fn ordering_value(o: Option<Ordering>) -> Value {
    o.map_or(Value::Null, |o| Value::Long(o as i64))
}

fn ipv4_is_in_range(a: &[Value], _: &EvalContext) -> Out {
    let (Some(ip), Some(range)) = (v4(a, 0), v4(a, 1)) else {
        return Ok(Value::Null);
    };
    Ok(Value::Bool(in_range_v4(ip, range)))
}

fn in_range_v4(ip: V4, range: V4) -> bool {
    ip.masked(ip.prefix) & address::mask_v4(range.prefix) == range.masked(range.prefix)
}

/// True on a match; otherwise null when any range was invalid, else false.
fn in_any<T: Copy>(
    ip: T,
    ranges: &[String],
    parse: fn(&str) -> Option<T>,
    inside: fn(T, T) -> bool,
) -> Option<bool> {
    let mut all_valid = true;
    for text in ranges {
        match parse(text) {
            Some(range) if inside(ip, range) => return Some(true),
            Some(_) => {}
            None => all_valid = false,
        }
    }
    all_valid.then_some(false)
}

fn ipv4_is_in_any_range(a: &[Value], _: &EvalContext) -> Out {
    let Some(ip) = v4(a, 0) else {
        return Ok(Value::Null);
    };
    Ok(bool_or_null(in_any(
        ip,
        &list(a, 1),
        address::parse_v4,
        in_range_v4,
    )))
}

fn compare_v4(a: &[Value]) -> Option<Ordering> {
    let (x, y, p) = (v4(a, 0)?, v4(a, 1)?, prefix_arg(a, 2, 32)?);
    let prefix = x.prefix.min(y.prefix).min(p);
    Some(x.masked(prefix).cmp(&y.masked(prefix)))
}

fn ipv4_compare(a: &[Value], _: &EvalContext) -> Out {
    Ok(ordering_value(compare_v4(a)))
}

fn ipv4_is_match(a: &[Value], _: &EvalContext) -> Out {
    Ok(bool_or_null(compare_v4(a).map(Ordering::is_eq)))
}

fn ipv4_is_private(a: &[Value], _: &EvalContext) -> Out {
    Ok(bool_or_null(v4(a, 0).map(address::is_private_v4)))
}

fn ipv4_netmask_suffix(a: &[Value], _: &EvalContext) -> Out {
    Ok(v4(a, 0).map_or(Value::Null, |ip| Value::Long(i64::from(ip.prefix))))
}

fn parse_ipv4(a: &[Value], _: &EvalContext) -> Out {
    Ok(v4(a, 0).map_or(Value::Null, |ip| {
        Value::Long(i64::from(ip.masked(ip.prefix)))
    }))
}

fn parse_ipv4_mask(a: &[Value], _: &EvalContext) -> Out {
    let masked = v4(a, 0)
        .zip(prefix_arg(a, 1, 32))
        .map(|(ip, p)| ip.masked(ip.prefix.min(p)));
    Ok(masked.map_or(Value::Null, |n| Value::Long(i64::from(n))))
}

/// The address and the effective prefix of `format_ipv4*` (`None`: invalid).
fn formatted_v4(a: &[Value]) -> Option<(u32, u8)> {
    let ip = v4(a, 0)?;
    let prefix = ip.prefix.min(prefix_arg(a, 1, 32)?);
    Some((ip.masked(prefix), prefix))
}

fn format_ipv4(a: &[Value], _: &EvalContext) -> Out {
    Ok(Value::string(
        formatted_v4(a)
            .map(|(addr, _)| address::format_v4(addr))
            .unwrap_or_default(),
    ))
}

fn format_ipv4_mask(a: &[Value], _: &EvalContext) -> Out {
    let text = formatted_v4(a).map(|(addr, p)| format!("{}/{p}", address::format_v4(addr)));
    Ok(Value::string(text.unwrap_or_default()))
}

fn compare_v6(a: &[Value]) -> Option<Ordering> {
    let (x, y, p) = (v6(a, 0)?, v6(a, 1)?, prefix_arg(a, 2, 128)?);
    let prefix = x.prefix.min(y.prefix).min(p);
    Some(x.masked(prefix).cmp(&y.masked(prefix)))
}

fn ipv6_compare(a: &[Value], _: &EvalContext) -> Out {
    Ok(ordering_value(compare_v6(a)))
}

fn ipv6_is_match(a: &[Value], _: &EvalContext) -> Out {
    Ok(bool_or_null(compare_v6(a).map(Ordering::is_eq)))
}

fn in_range_v6(ip: V6, range: V6) -> bool {
    V6 {
        addr: ip.masked(ip.prefix),
        prefix: 128,
    }
    .masked(range.prefix)
        == range.masked(range.prefix)
}

fn ipv6_is_in_any_range(a: &[Value], _: &EvalContext) -> Out {
    let Some(ip) = v6(a, 0) else {
        return Ok(Value::Null);
    };
    Ok(bool_or_null(in_any(
        ip,
        &list(a, 1),
        address::parse_v6,
        in_range_v6,
    )))
}

fn ipv6_is_in_range(a: &[Value], _: &EvalContext) -> Out {
    let (Some(ip), Some(range)) = (v6(a, 0), v6(a, 1)) else {
        return Ok(Value::Null);
    };
    Ok(Value::Bool(in_range_v6(ip, range)))
}

/// parse-ipv6-mask-function: an invalid address or prefix gives the empty string.
fn parse_ipv6_mask(a: &[Value], _: &EvalContext) -> Out {
    let masked = v6(a, 0).zip(prefix_arg(a, 1, 128));
    let text = masked.map(|(ip, p)| address::format_v6_full(ip.masked(ip.prefix.min(p))));
    Ok(Value::string(text.unwrap_or_default()))
}

fn parse_ipv6(a: &[Value], _: &EvalContext) -> Out {
    let text = v6(a, 0).map(|ip| address::format_v6_full(ip.masked(ip.prefix)));
    Ok(Value::string(text.unwrap_or_default()))
}

fn has_ipv4(a: &[Value], _: &EvalContext) -> Out {
    Ok(Value::Bool(text::has_address(
        &args::text(a, 0),
        &args::text(a, 1),
    )))
}

fn has_ipv4_prefix(a: &[Value], _: &EvalContext) -> Out {
    Ok(Value::Bool(text::has_prefix(
        &args::text(a, 0),
        &args::text(a, 1),
    )))
}

fn has_any_ipv4(a: &[Value], _: &EvalContext) -> Out {
    let source = args::text(a, 0);
    Ok(Value::Bool(
        list(a, 1).iter().any(|ip| text::has_address(&source, ip)),
    ))
}

fn has_any_ipv4_prefix(a: &[Value], _: &EvalContext) -> Out {
    let source = args::text(a, 0);
    Ok(Value::Bool(
        list(a, 1).iter().any(|p| text::has_prefix(&source, p)),
    ))
}

#[cfg(test)]
mod tests;
