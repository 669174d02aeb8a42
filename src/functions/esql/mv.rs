//! ES|QL multi-values and orderings: `mv_sort`, `mv_slice`, the IP address order, and
//! the sort key of `SORT` (a multi-value sorts by its min ascending, its max descending).
//!
//! Docs: functions-operators/mv-functions (`MV_SORT`, `MV_SLICE`), processing-commands
//! `SORT` ("multivalued columns … the lowest value is used when sorting ascending and
//! the highest when sorting descending"), and the `ip` field type (addresses compare in
//! their 16-byte IPv6 form, so `::1` < `127.0.0.1` < `fe80::…`).

use super::{from_values, values_of};
use crate::functions::args::{arg, long};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use std::cmp::Ordering;
use std::net::IpAddr;

/// The 16-byte form of an IP address written as text (IPv4 mapped into IPv6).
pub fn ip_key(text: &str) -> Option<[u8; 16]> {
    match text.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => Some(v4.to_ipv6_mapped().octets()),
        IpAddr::V6(v6) => Some(v6.octets()),
    }
}

/// ES|QL's order of two single values: IP addresses by their 16-byte form, anything
/// else as the shared value order.
pub fn esql_cmp(a: &Value, b: &Value) -> Ordering {
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str())
        && let (Some(x), Some(y)) = (ip_key(x), ip_key(y))
    {
        return x.cmp(&y);
    }
    a.total_cmp(b)
}

/// `mv_sort(x, [order])`: the values in ascending (default) or `"DESC"` order.
pub fn mv_sort(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let mut values = values_of(arg(args, 0));
    values.sort_by(esql_cmp);
    match arg(args, 1) {
        Value::Null => {}
        order => match order.as_str().map(str::to_ascii_uppercase).as_deref() {
            Some("ASC") => {}
            Some("DESC") => values.reverse(),
            _ => return Err("mv_sort order must be ASC or DESC".into()),
        },
    }
    Ok(from_values(values))
}

/// `mv_slice(x, start, [end])`: the values from `start` to `end` inclusive (0-based;
/// negative positions count from the end).
pub fn mv_slice(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let values = values_of(arg(args, 0));
    let Some(start) = long(args, 1) else {
        return Ok(Value::Null);
    };
    let end = match arg(args, 2) {
        Value::Null => start,
        _ => long(args, 2).unwrap_or(start),
    };
    let n = values.len() as i64;
    let at = |i: i64| if i < 0 { i + n } else { i };
    let (from, to) = (at(start).max(0), at(end).min(n - 1));
    if from > to || from >= n {
        return Ok(Value::Null);
    }
    Ok(from_values(values[from as usize..=to as usize].to_vec()))
}

/// `esql_sort_key(x, descending)`: the value SORT orders `x` by: a multi-value's min
/// (ascending) or max (descending); an IP address as its 16-byte form in hex, so the
/// shared sort orders addresses numerically.
pub fn sort_key(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let descending = arg(args, 1).as_bool().unwrap_or(false);
    let values = values_of(arg(args, 0));
    let chosen = if descending {
        values.into_iter().max_by(esql_cmp)
    } else {
        values.into_iter().min_by(esql_cmp)
    };
    Ok(match chosen {
        Some(v) => match v.as_str().and_then(ip_key) {
            Some(k) => {
                let hex: String = k.iter().map(|b| format!("{b:02x}")).collect();
                Value::string(format!("\u{1}{hex}"))
            }
            None => v,
        },
        None => Value::Null,
    })
}

/// `esql_to_ip(s, leading_zeros)`: `to_ip` with its `leading_zeros` option: `reject`
/// (the default: `1.1.010.1` is not an address), `decimal` (`010` is 10) or `octal`
/// (`010` is 8).
pub fn to_ip(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(s) = arg(args, 0).as_str() else {
        return Ok(Value::Null);
    };
    let s = s.trim();
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Ok(Value::string(ip.to_string()));
    }
    let radix = match arg(args, 1)
        .as_str()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("decimal") => 10,
        Some("octal") => 8,
        _ => return Ok(Value::Null),
    };
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return Ok(Value::Null);
    }
    let mut octets = [0u8; 4];
    for (o, p) in octets.iter_mut().zip(&parts) {
        let r = if p.len() > 1 && p.starts_with('0') {
            radix
        } else {
            10
        };
        match u8::from_str_radix(p, r) {
            Ok(v) if !p.is_empty() => *o = v,
            _ => return Ok(Value::Null),
        }
    }
    Ok(Value::string(std::net::Ipv4Addr::from(octets).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> EvalContext {
        EvalContext { now: 0 }
    }

    #[test]
    fn ip_addresses_order_by_their_ipv6_form() {
        let a = Value::string("::1");
        let b = Value::string("127.0.0.1");
        let c = Value::string("fe80::1");
        assert_eq!(esql_cmp(&a, &b), Ordering::Less);
        assert_eq!(esql_cmp(&b, &c), Ordering::Less);
    }

    #[test]
    fn mv_slice_takes_an_inclusive_range() {
        let v = Value::dynamic(serde_json::json!([1, 2, 3]));
        let got = mv_slice(&[v, Value::Long(0), Value::Long(1)], &cx()).unwrap_or(Value::Null);
        assert_eq!(got.to_json(), serde_json::json!([1, 2]));
    }

    #[test]
    fn to_ip_reads_leading_zeros_as_asked() {
        let s = Value::string("1.1.010.1");
        let dec = to_ip(&[s.clone(), Value::string("decimal")], &cx()).unwrap_or(Value::Null);
        let oct = to_ip(&[s.clone(), Value::string("octal")], &cx()).unwrap_or(Value::Null);
        let rej = to_ip(&[s, Value::Null], &cx()).unwrap_or(Value::Null);
        assert_eq!(dec, Value::string("1.1.10.1"));
        assert_eq!(oct, Value::string("1.1.8.1"));
        assert_eq!(rej, Value::Null);
    }
}
