//! `ipv4_range_to_cidr_list(start, end)` (ipv4-range-to-cidr-list-function): the
//! fewest CIDR blocks that cover the address range exactly, in address order.

use super::address::{format_v4, parse_dotted};
use crate::functions::args;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::Value as J;

/// The blocks from `start` to `end` inclusive: each the largest aligned block that
/// starts at the next uncovered address and does not pass `end`.
fn cidr_blocks(start: u32, end: u32) -> Vec<String> {
    let (mut next, end) = (u64::from(start), u64::from(end));
    let mut out = Vec::new();
    while next <= end {
        let mut size: u64 = if next == 0 {
            1 << 32
        } else {
            1 << next.trailing_zeros().min(32)
        };
        while next + size - 1 > end {
            size >>= 1;
        }
        let prefix = 32 - size.trailing_zeros();
        out.push(format!("{}/{prefix}", format_v4(next as u32)));
        next += size;
    }
    out
}

pub fn ipv4_range_to_cidr_list(a: &[Value], _: &EvalContext) -> Result<Value, String> {
    let start = parse_dotted(args::text(a, 0).trim());
    let end = parse_dotted(args::text(a, 1).trim());
    Ok(match (start, end) {
        (Some(s), Some(e)) if s <= e => Value::dynamic(J::Array(
            cidr_blocks(s, e).into_iter().map(J::String).collect(),
        )),
        _ => Value::Null,
    })
}

pub static FUNCTIONS: &[crate::functions::registry::ScalarFunction] =
    &[crate::functions::registry::scalar_entry(
        "ipv4_range_to_cidr_list",
        &[],
        (2, 2),
        "(StartAddress: string, EndAddress: string) -> dynamic",
        crate::functions::registry::ReturnType::Fixed(crate::value::Type::Dynamic),
        ipv4_range_to_cidr_list,
        "The fewest CIDR blocks covering an IPv4 address range.",
    )];

#[cfg(test)]
mod tests {
    use super::cidr_blocks;

    #[test]
    fn a_range_becomes_the_fewest_aligned_blocks() {
        // ipv4-range-to-cidr-list-function docs: 1.1.128.0 – 1.1.140.255.
        let start = u32::from_be_bytes([1, 1, 128, 0]);
        let end = u32::from_be_bytes([1, 1, 140, 255]);
        assert_eq!(
            cidr_blocks(start, end),
            ["1.1.128.0/21", "1.1.136.0/22", "1.1.140.0/24"]
        );
        assert_eq!(cidr_blocks(0, u32::MAX), ["0.0.0.0/0"]);
        assert_eq!(cidr_blocks(5, 5), ["0.0.0.5/32"]);
    }
}
