//! Reading IP addresses in Kusto's IP-prefix notation (`192.168.1.0/24`,
//! `fe80::1/64`) and comparing them under a prefix mask.

use std::net::Ipv6Addr;

/// An IPv4 address with its prefix length (32 when the text has none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct V4 {
    pub addr: u32,
    pub prefix: u8,
}

impl V4 {
    /// The address with the bits beyond `prefix` cleared.
    pub fn masked(self, prefix: u8) -> u32 {
        self.addr & mask_v4(prefix)
    }
}

/// The netmask of a prefix length 0..=32.
pub fn mask_v4(prefix: u8) -> u32 {
    match prefix {
        0 => 0,
        p => u32::MAX << (32 - u32::from(p.min(32))),
    }
}

/// Reads dotted-quad text, optionally with `/prefix`; `None` when it is not exactly
/// four decimal octets 0..=255 and a prefix 0..=32.
pub fn parse_v4(text: &str) -> Option<V4> {
    let text = text.trim();
    let (addr_text, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, parse_prefix(p, 32)?),
        None => (text, 32),
    };
    Some(V4 {
        addr: parse_dotted(addr_text)?,
        prefix,
    })
}

/// Reads exactly four decimal octets.
pub fn parse_dotted(text: &str) -> Option<u32> {
    let mut addr = 0u32;
    let mut count = 0;
    for part in text.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let octet: u32 = part.parse().ok()?;
        if octet > 255 {
            return None;
        }
        addr = (addr << 8) | octet;
        count += 1;
    }
    (count == 4).then_some(addr)
}

fn parse_prefix(text: &str, max: u8) -> Option<u8> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u8>().ok().filter(|p| *p <= max)
}

/// The dotted-quad text of an address.
pub fn format_v4(addr: u32) -> String {
    let [a, b, c, d] = addr.to_be_bytes();
    format!("{a}.{b}.{c}.{d}")
}

/// An IPv6 address (IPv4 text becomes IPv4-mapped `::ffff:a.b.c.d`) with its
/// prefix length out of 128.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct V6 {
    pub addr: u128,
    pub prefix: u8,
}

impl V6 {
    /// The address with the bits beyond `prefix` cleared.
    pub fn masked(self, prefix: u8) -> u128 {
        match prefix {
            0 => 0,
            p => self.addr & (u128::MAX << (128 - u32::from(p.min(128)))),
        }
    }
}

/// Reads IPv6 text (or IPv4 text, mapped, its prefix counted from bit 96), with an
/// optional `/prefix`.
pub fn parse_v6(text: &str) -> Option<V6> {
    let text = text.trim();
    // `::a.b.c.d[/p]` reads as IPv4 too (parse-ipv6-mask and ipv6-compare pages:
    // `::192.168.255.255/24` is `…:ffff:c0a8:ff00`, its prefix an IPv4 one).
    let v4_text = text
        .strip_prefix("::")
        .filter(|t| t.contains('.'))
        .unwrap_or(text);
    if let Some(v4) = parse_v4(v4_text) {
        let addr = (0xffff_u128 << 32) | u128::from(v4.addr);
        return Some(V6 {
            addr,
            prefix: 96 + v4.prefix,
        });
    }
    let (addr_text, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, parse_prefix(p, 128)?),
        None => (text, 128),
    };
    let addr: Ipv6Addr = addr_text.trim().parse().ok()?;
    Some(V6 {
        addr: u128::from(addr),
        prefix,
    })
}

/// Kusto's canonical IPv6 text: eight groups of four lower-case hex digits.
pub fn format_v6_full(addr: u128) -> String {
    let groups: Vec<String> = Ipv6Addr::from(addr)
        .segments()
        .iter()
        .map(|g| format!("{g:04x}"))
        .collect();
    groups.join(":")
}

/// The private IPv4 networks of RFC 1918.
const PRIVATE_V4: [(u32, u8); 3] = [(0x0A00_0000, 8), (0xAC10_0000, 12), (0xC0A8_0000, 16)];

/// Whether the whole address range lies inside a private network.
pub fn is_private_v4(ip: V4) -> bool {
    PRIVATE_V4
        .iter()
        .any(|&(net, len)| ip.prefix >= len && ip.masked(len) == net)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v4_needs_four_octets_in_range() {
        assert_eq!(
            parse_v4("192.168.1.1/24"),
            Some(V4 {
                addr: 0xC0A8_0101,
                prefix: 24
            })
        );
        assert_eq!(parse_v4("127.0.0.256"), None);
        assert_eq!(parse_v4("1.2.3"), None);
        assert_eq!(parse_v4("1.2.3.4/33"), None);
        assert_eq!(parse_v4("a.b.c.d"), None);
    }

    #[test]
    fn v4_compatible_text_reads_as_mapped_v4_parse_ipv6_mask_page() {
        let v = parse_v6("::192.168.255.255/24").unwrap();
        assert_eq!(v.prefix, 120);
        assert_eq!(
            format_v6_full(v.masked(v.prefix)),
            "0000:0000:0000:0000:0000:ffff:c0a8:ff00"
        );
    }

    #[test]
    fn v4_text_reads_as_mapped_v6() {
        let v = parse_v6("192.168.1.1/24").unwrap();
        assert_eq!(v.prefix, 120);
        assert_eq!(
            format_v6_full(v.addr),
            "0000:0000:0000:0000:0000:ffff:c0a8:0101"
        );
    }
}
