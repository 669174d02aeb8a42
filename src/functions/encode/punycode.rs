//! Punycode (RFC 3492's Bootstring with its punycode parameters), case kept as given:
//! `punycode_from_string`/`punycode_to_string` on one label, and the IDNA-style
//! `punycode_domain_to_string` (encode; labels split on `.`, `。`, `．`, `｡`, non-ASCII
//! ones written `xn--…`) and `punycode_domain_from_string` (decode), as their docs
//! pages show. Invalid input gives null.

use crate::functions::args::text;
use crate::functions::registry::EvalContext;
use crate::value::Value;

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// The bias after a code point (RFC 3492 §6.1).
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

/// The threshold of the digit at position `k` for a bias.
fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

fn digit_char(d: u32) -> Option<char> {
    match d {
        0..=25 => char::from_u32(u32::from(b'a') + d),
        26..=35 => char::from_u32(u32::from(b'0') + d - 26),
        _ => None,
    }
}

fn char_digit(c: char) -> Option<u32> {
    match c {
        'a'..='z' => Some(c as u32 - 'a' as u32),
        'A'..='Z' => Some(c as u32 - 'A' as u32),
        '0'..='9' => Some(c as u32 - '0' as u32 + 26),
        _ => None,
    }
}

/// The punycode of a label (RFC 3492 §6.3); `None` on overflow.
pub fn encode(input: &str) -> Option<String> {
    let points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = out.chars().count() as u32;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (INITIAL_N, 0u32, INITIAL_BIAS, basic);
    while (handled as usize) < points.len() {
        let m = points.iter().copied().filter(|&p| p >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &p in &points {
            if p < n {
                delta = delta.checked_add(1)?;
            }
            if p == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    out.push(digit_char(t + (q - t) % (BASE - t))?);
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit_char(q)?);
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(out)
}

/// The label a punycode text stands for (RFC 3492 §6.2); `None` when it is not valid.
pub fn decode(input: &str) -> Option<String> {
    let (basic, rest) = match input.rfind('-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    if !basic.is_ascii() {
        return None;
    }
    let mut out: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut digits = rest.chars().peekable();
    while digits.peek().is_some() {
        let (old_i, mut w, mut k) = (i, 1u32, BASE);
        loop {
            let d = char_digit(digits.next()?)?;
            i = i.checked_add(d.checked_mul(w)?)?;
            let t = threshold(k, bias);
            if d < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = out.len() as u32 + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        out.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(out.into_iter().collect())
}

/// The labels of a domain, split on the full stops IDNA accepts.
fn labels(domain: &str) -> impl Iterator<Item = &str> {
    domain.split(['.', '\u{3002}', '\u{ff0e}', '\u{ff61}'])
}

fn string_or_null(s: Option<String>) -> Value {
    s.map_or(Value::Null, Value::string)
}

pub fn punycode_from_string(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(string_or_null(encode(&text(a, 0))))
}

pub fn punycode_to_string(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(string_or_null(decode(&text(a, 0))))
}

/// `punycode_domain_to_string(domain)`: each non-ASCII label as `xn--` + punycode.
pub fn punycode_domain_to_string(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let domain = text(a, 0);
    let encoded: Option<Vec<String>> = labels(&domain)
        .map(|l| {
            if l.is_ascii() {
                Some(l.to_string())
            } else {
                encode(l).map(|p| format!("xn--{p}"))
            }
        })
        .collect();
    Ok(string_or_null(encoded.map(|l| l.join("."))))
}

/// `punycode_domain_from_string(domain)`: each `xn--` label decoded.
pub fn punycode_domain_from_string(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let domain = text(a, 0);
    let decoded: Option<Vec<String>> = labels(&domain)
        .map(|l| match l.get(..4) {
            Some(prefix) if prefix.eq_ignore_ascii_case("xn--") => decode(&l[4..]),
            _ => Some(l.to_string()),
        })
        .collect();
    Ok(string_or_null(decoded.map(|l| l.join("."))))
}
