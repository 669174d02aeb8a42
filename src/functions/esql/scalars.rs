//! More ES|QL scalar functions, each as the ES|QL reference describes it
//! (<https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/>:
//! string-functions, math-functions, ip-functions, mv-functions, date-time-functions).
//! Null in, null out unless said otherwise; a multi-valued argument where a single
//! value is expected gives null.

use super::{from_values, is_multi, values_of};
use crate::functions::args::{arg, long};
use crate::functions::registry::EvalContext;
use crate::value::Value;
use std::net::IpAddr;

/// The single string argument `i`, or `None` (null or multi-valued).
fn single_str(args: &[Value], i: usize) -> Option<&str> {
    let v = arg(args, i);
    if is_multi(v) { None } else { v.as_str() }
}

fn single_f64(args: &[Value], i: usize) -> Option<f64> {
    let v = arg(args, i);
    if is_multi(v) { None } else { v.as_f64() }
}

/// `replace(string, regex, newString)`: every match of the (Java) regex replaced;
/// `$1` in the replacement names a group.
pub fn replace(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(re), Some(with)) = (
        single_str(args, 0),
        single_str(args, 1),
        single_str(args, 2),
    ) else {
        return Ok(Value::Null);
    };
    let re = regex::Regex::new(re).map_err(|e| e.to_string())?;
    let with = java_replacement(with, re.captures_len())?;
    Ok(Value::string(re.replace_all(s, with.as_str()).into_owned()))
}

/// A Java `Matcher.replaceAll` replacement (which ES|QL's REPLACE takes) in the `regex`
/// crate's syntax: `$n` is group n (further digits join while such a group exists),
/// `${name}` a named group, `\x` the character x; a lone `$` is an error, as in Java.
fn java_replacement(with: &str, groups: usize) -> Result<String, String> {
    let mut out = String::with_capacity(with.len());
    let mut chars = with.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('$') => out.push_str("$$"),
                Some(x) => out.push(x),
                None => return Err("character to be escaped is missing".into()),
            },
            '$' if chars.peek() == Some(&'{') => {
                out.push('$');
                for x in chars.by_ref() {
                    out.push(x);
                    if x == '}' {
                        break;
                    }
                }
            }
            '$' => {
                let mut group = match chars.next().and_then(|d| d.to_digit(10)) {
                    Some(d) => d as usize,
                    None => return Err("illegal group reference".into()),
                };
                while let Some(next) = chars.peek().and_then(|d| d.to_digit(10)) {
                    let longer = group * 10 + next as usize;
                    if longer >= groups {
                        break;
                    }
                    group = longer;
                    chars.next();
                }
                out.push_str(&format!("${{{group}}}"));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// `locate(string, substring, [start])`: the 1-based position of the substring (at or
/// after `start`), 0 when absent.
pub fn locate(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(sub)) = (single_str(args, 0), single_str(args, 1)) else {
        return Ok(Value::Null);
    };
    let chars: Vec<char> = s.chars().collect();
    let start = match arg(args, 2) {
        Value::Null => 1,
        _ => long(args, 2).unwrap_or(1).max(1),
    };
    let from = usize::try_from(start - 1).unwrap_or(0).min(chars.len());
    let rest: String = chars[from..].iter().collect();
    Ok(Value::Long(match rest.find(sub) {
        Some(byte) => (from + rest[..byte].chars().count() + 1) as i64,
        None => 0,
    }))
}

/// `floor(n)` / `ceil(n)`: integers stay as they are, doubles round down / up.
fn rounded(args: &[Value], f: fn(f64) -> f64) -> Value {
    match arg(args, 0) {
        Value::Long(n) => Value::Long(*n),
        Value::Real(x) => Value::Real(f(*x)),
        _ => Value::Null,
    }
}

pub fn floor(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(rounded(args, f64::floor))
}

pub fn ceil(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(rounded(args, f64::ceil))
}

/// A double function of one double; null when the result is not finite (ES|QL warns).
fn real_fn(args: &[Value], f: fn(f64) -> f64) -> Value {
    single_f64(args, 0)
        .map(f)
        .filter(|r| r.is_finite())
        .map_or(Value::Null, Value::Real)
}

pub fn sqrt(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(real_fn(args, f64::sqrt))
}

/// `log10(n)` with fdlibm's `log10` (Java's, so the last digit agrees).
pub fn log10(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(real_fn(args, libm::log10))
}

pub fn exp(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(real_fn(args, f64::exp))
}

pub fn signum(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(real_fn(args, |x| if x == 0.0 { 0.0 } else { x.signum() }))
}

/// `log([base,] n)`: the natural logarithm, or to the given base as Elasticsearch
/// computes it, `log10(n) / log10(base)` (fdlibm's functions, as Java's).
pub fn log(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let r = match args.len() {
        1 => single_f64(args, 0).map(libm::log),
        _ => match (single_f64(args, 0), single_f64(args, 1)) {
            (Some(b), Some(n)) if b > 0.0 && n > 0.0 => Some(libm::log10(n) / libm::log10(b)),
            _ => None,
        },
    };
    Ok(r.filter(|r| r.is_finite()).map_or(Value::Null, Value::Real))
}

/// `pow(base, exponent)`: a double.
pub fn pow(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match (single_f64(args, 0), single_f64(args, 1)) {
        (Some(b), Some(e)) => Some(b.powf(e))
            .filter(|r| r.is_finite())
            .map_or(Value::Null, Value::Real),
        _ => Value::Null,
    })
}

pub fn pi(_: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Real(std::f64::consts::PI))
}

pub fn e(_: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::Real(std::f64::consts::E))
}

/// `now()`: the one "now" of the query.
pub fn now(_: &[Value], cx: &EvalContext) -> Result<Value, String> {
    Ok(Value::DateTime(cx.now))
}

/// `ip_prefix(ip, prefix_v4, prefix_v6)`: the address with its host bits cleared.
pub fn ip_prefix(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(ip) = single_str(args, 0).and_then(|s| s.parse::<IpAddr>().ok()) else {
        return Ok(Value::Null);
    };
    let (Some(v4), Some(v6)) = (long(args, 1), long(args, 2)) else {
        return Ok(Value::Null);
    };
    // Both lengths must be in range, whatever the address family (docs: IP_PREFIX).
    if !(0..=32).contains(&v4) || !(0..=128).contains(&v6) {
        return Ok(Value::Null);
    }
    let net = match ip {
        IpAddr::V4(a) => u8::try_from(v4)
            .ok()
            .and_then(|p| ipnet::Ipv4Net::new(a, p).ok())
            .map(|n| IpAddr::V4(n.network())),
        IpAddr::V6(a) => u8::try_from(v6)
            .ok()
            .and_then(|p| ipnet::Ipv6Net::new(a, p).ok())
            .map(|n| IpAddr::V6(n.network())),
    };
    Ok(net.map_or(Value::Null, |n| Value::string(n.to_string())))
}

/// `mv_contains(superset, subset)`: whether every value of `subset` is in `superset`
/// (a null subset is contained in anything).
pub fn mv_contains(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let sup = values_of(arg(args, 0));
    let sub = values_of(arg(args, 1));
    Ok(Value::Bool(sub.iter().all(|v| sup.contains(v))))
}

/// `mv_append(a, b)`: the values of both; null when either is null.
pub fn mv_append(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    if arg(args, 0).is_null() || arg(args, 1).is_null() {
        return Ok(Value::Null);
    }
    let mut all = values_of(arg(args, 0));
    all.extend(values_of(arg(args, 1)));
    Ok(from_values(all))
}

fn numbers(v: &Value) -> Option<Vec<f64>> {
    let values = values_of(v);
    if values.is_empty() {
        return None;
    }
    values.iter().map(Value::as_f64).collect()
}

/// `mv_sum(x)`: the sum of the values (integers stay integers).
pub fn mv_sum(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let values = values_of(arg(args, 0));
    if values.is_empty() {
        return Ok(Value::Null);
    }
    if values.iter().all(|v| matches!(v, Value::Long(_))) {
        let mut total: i64 = 0;
        for v in &values {
            let Some(n) = v.as_i64() else {
                return Ok(Value::Null);
            };
            match total.checked_add(n) {
                Some(t) => total = t,
                None => return Ok(Value::Null),
            }
        }
        return Ok(Value::Long(total));
    }
    Ok(numbers(arg(args, 0)).map_or(Value::Null, |n| Value::Real(n.iter().sum())))
}

/// `mv_avg(x)`: the mean of the values, a double.
pub fn mv_avg(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(numbers(arg(args, 0)).map_or(Value::Null, |n| {
        Value::Real(n.iter().sum::<f64>() / n.len() as f64)
    }))
}

/// `mv_median(x)`: the middle value (the mean of the two middle ones for an even count).
pub fn mv_median(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(mut n) = numbers(arg(args, 0)) else {
        return Ok(Value::Null);
    };
    n.sort_by(f64::total_cmp);
    let m = n.len() / 2;
    let median = if n.len() % 2 == 1 {
        n[m]
    } else {
        (n[m - 1] + n[m]) / 2.0
    };
    let ints = values_of(arg(args, 0))
        .iter()
        .all(|v| matches!(v, Value::Long(_)));
    Ok(if ints {
        Value::Long(median.floor() as i64)
    } else {
        Value::Real(median)
    })
}

/// `greatest(a, …)` / `least(a, …)`: the largest / smallest argument, each
/// multi-valued argument read as its own MV_MAX / MV_MIN. Null when any argument is
/// null (Elasticsearch's evaluator is null in, null out); mixed integer and double
/// arguments compare as numbers and give a double.
fn extreme(args: &[Value], max: bool) -> Value {
    if args.iter().any(Value::is_null) {
        return Value::Null;
    }
    let best = args
        .iter()
        .flat_map(values_of)
        .reduce(|a, b| {
            let o = super::mv::esql_cmp(&b, &a);
            if (max && o.is_gt()) || (!max && o.is_lt()) {
                b
            } else {
                a
            }
        })
        .unwrap_or(Value::Null);
    let any_double = args
        .iter()
        .flat_map(values_of)
        .any(|v| matches!(v, Value::Real(_)));
    match best {
        Value::Long(n) if any_double => Value::Real(n as f64),
        other => other,
    }
}

pub fn greatest(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(extreme(args, true))
}

pub fn least(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(extreme(args, false))
}

/// `left(s, n)` / `right(s, n)`: the first / last `n` characters.
pub fn left(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(n)) = (single_str(args, 0), long(args, 1)) else {
        return Ok(Value::Null);
    };
    let n = usize::try_from(n.max(0)).unwrap_or(0);
    Ok(Value::string(s.chars().take(n).collect::<String>()))
}

pub fn right(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(n)) = (single_str(args, 0), long(args, 1)) else {
        return Ok(Value::Null);
    };
    let chars: Vec<char> = s.chars().collect();
    let n = usize::try_from(n.max(0)).unwrap_or(0).min(chars.len());
    Ok(Value::string(
        chars[chars.len() - n..].iter().collect::<String>(),
    ))
}

/// `repeat(s, n)` and `space(n)`.
pub fn repeat(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(n)) = (single_str(args, 0), long(args, 1)) else {
        return Ok(Value::Null);
    };
    if n < 0 || (s.len() as i64).saturating_mul(n) > 1 << 20 {
        return Ok(Value::Null);
    }
    Ok(Value::string(s.repeat(n as usize)))
}

pub fn space(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Some(n) = long(args, 0).filter(|n| (0..=1 << 20).contains(n)) else {
        return Ok(Value::Null);
    };
    Ok(Value::string(" ".repeat(n as usize)))
}

/// `byte_length(s)` / `bit_length(s)`: the UTF-8 size.
pub fn byte_length(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(single_str(args, 0).map_or(Value::Null, |s| Value::Long(s.len() as i64)))
}

pub fn bit_length(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(single_str(args, 0).map_or(Value::Null, |s| Value::Long(8 * s.len() as i64)))
}

/// `to_boolean(x)`: `"true"` (any case) is true, other strings false; numbers are
/// true when not zero.
pub fn to_boolean(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(match arg(args, 0) {
        Value::Bool(b) => Value::Bool(*b),
        Value::String(s) => Value::Bool(s.eq_ignore_ascii_case("true")),
        Value::Long(n) => Value::Bool(*n != 0),
        Value::Real(x) => Value::Bool(*x != 0.0),
        _ => Value::Null,
    })
}

/// `json_extract(string, path)`: the value at a JSON path (`a.b`, `a[0].b`,
/// `$.a['b']`) as text (strings without quotes, objects and arrays as JSON); null
/// when the string is not JSON or the path is absent.
pub fn json_extract(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let (Some(s), Some(path)) = (single_str(args, 0), single_str(args, 1)) else {
        return Ok(Value::Null);
    };
    let Ok(mut cur) = serde_json::from_str::<serde_json::Value>(s) else {
        return Ok(Value::Null);
    };
    for step in path_steps(path) {
        let next = match step {
            Step::Key(k) => cur.get(&k).cloned(),
            Step::Index(i) => cur.get(i).cloned(),
        };
        match next {
            Some(n) => cur = n,
            None => return Ok(Value::Null),
        }
    }
    Ok(match cur {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::String(s) => Value::string(s),
        other => Value::string(other.to_string()),
    })
}

enum Step {
    Key(String),
    Index(usize),
}

fn path_steps(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let path = path.strip_prefix('$').unwrap_or(path);
    let mut chars = path.chars().peekable();
    let mut key = String::new();
    let flush = |key: &mut String, steps: &mut Vec<Step>| {
        if !key.is_empty() {
            steps.push(Step::Key(std::mem::take(key)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '.' => flush(&mut key, &mut steps),
            '[' => {
                flush(&mut key, &mut steps);
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                let quoted = inner.trim_matches(|q| q == '\'' || q == '"');
                match inner.parse::<usize>() {
                    Ok(i) => steps.push(Step::Index(i)),
                    Err(_) => steps.push(Step::Key(quoted.to_string())),
                }
            }
            c => key.push(c),
        }
    }
    flush(&mut key, &mut steps);
    steps
}

/// `esql_sv(x)`: whether `x` is one value (not null, not multi-valued) — what a
/// single-value function needs (docs: "Multivalued fields": such functions return
/// null for a multi-value, with a warning).
pub fn single_value(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let x = arg(args, 0);
    Ok(Value::Bool(!x.is_null() && !super::is_multi(x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> EvalContext {
        EvalContext { now: 0 }
    }

    #[test]
    fn replace_reads_java_replacements() {
        // REPLACE's newString is Java's: `\\$` is a dollar, `$1x` is group 1 then "x".
        let run = |s: &str, re: &str, with: &str| {
            let args = [Value::string(s), Value::string(re), Value::string(with)];
            replace(&args, &cx()).unwrap_or(Value::Null)
        };
        assert_eq!(run("a1", "(\\d)", "$1x"), Value::string("a1x"));
        assert_eq!(run("a1", "(\\d)", "\\$5"), Value::string("a$5"));
        assert_eq!(run("a1", "(?<n>\\d)", "<${n}>"), Value::string("a<1>"));
        assert_eq!(run("a1", "\\d", "$"), Value::Null);
    }

    #[test]
    fn replace_takes_a_regex_and_group_references() {
        let args = [
            Value::string("Hello World"),
            Value::string("(\\w+) (\\w+)"),
            Value::string("$2 $1"),
        ];
        assert_eq!(
            replace(&args, &cx()).unwrap_or(Value::Null),
            Value::string("World Hello")
        );
    }

    #[test]
    fn locate_is_one_based_and_zero_when_absent() {
        let s = Value::string("a brown fox");
        let got =
            |sub: &str| locate(&[s.clone(), Value::string(sub)], &cx()).unwrap_or(Value::Null);
        assert_eq!(got("brown"), Value::Long(3));
        assert_eq!(got("cat"), Value::Long(0));
    }

    #[test]
    fn ip_prefix_clears_the_host_bits() {
        let args = [
            Value::string("192.168.1.77"),
            Value::Long(24),
            Value::Long(112),
        ];
        assert_eq!(
            ip_prefix(&args, &cx()).unwrap_or(Value::Null),
            Value::string("192.168.1.0")
        );
    }

    #[test]
    fn json_extract_walks_keys_and_indices() {
        let doc = Value::string(r#"{"a": {"b": [10, {"c": "x"}]}}"#);
        let got =
            |p: &str| json_extract(&[doc.clone(), Value::string(p)], &cx()).unwrap_or(Value::Null);
        assert_eq!(got("a.b[1].c"), Value::string("x"));
        assert_eq!(got("$.a.b[0]"), Value::string("10"));
        assert_eq!(got("a.z"), Value::Null);
    }
}
