//! Finding IPv4 addresses inside free text (`has_ipv4`, `has_ipv4_prefix`): an
//! address counts only when delimited by non-alphanumeric characters
//! (docs: kusto/query/has-ipv4-function).

use super::address::parse_dotted;

/// The valid IPv4 addresses written in the text, as their exact text.
pub fn addresses_in(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let end = i + bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'.')
            .count();
        let token = text[i..end].trim_end_matches('.');
        let delimited = bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
        if delimited && parse_dotted(token).is_some() {
            found.push(token);
        }
        i = end;
    }
    found
}

/// Whether the text holds the address (given as valid dotted-quad text).
pub fn has_address(text: &str, address: &str) -> bool {
    let Some(wanted) = parse_dotted(address.trim()) else {
        return false;
    };
    addresses_in(text)
        .iter()
        .any(|a| parse_dotted(a) == Some(wanted))
}

/// Whether the text holds an address starting with the prefix. A valid prefix is a
/// whole address or one to three octets followed by a dot (`192.168.`).
pub fn has_prefix(text: &str, prefix: &str) -> bool {
    let prefix = prefix.trim();
    if parse_dotted(prefix).is_some() {
        return has_address(text, prefix);
    }
    if !valid_partial_prefix(prefix) {
        return false;
    }
    addresses_in(text).iter().any(|a| a.starts_with(prefix))
}

fn valid_partial_prefix(prefix: &str) -> bool {
    let Some(body) = prefix.strip_suffix('.') else {
        return false;
    };
    let octets: Vec<&str> = body.split('.').collect();
    (1..=3).contains(&octets.len())
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u16>().is_ok_and(|n| n <= 255))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_must_be_delimited() {
        assert_eq!(
            addresses_in("from 192.168.1.1, 10.1.1.115 and 10.1.1.201."),
            ["192.168.1.1", "10.1.1.115", "10.1.1.201"]
        );
        assert!(addresses_in("05:04:54127.0.0.1 GET").is_empty());
        assert!(addresses_in("x127.0.0.1").is_empty());
    }

    #[test]
    fn prefixes_end_with_a_dot_or_are_whole_addresses() {
        let line = "05:04:54 127.0.0.1 GET /favicon.ico 404";
        assert!(has_prefix(line, "127.0."));
        assert!(!has_prefix(line, "127.0"));
        assert!(has_prefix(line, "127.0.0.1"));
        assert!(!has_prefix(line, "127.0.0.10"));
    }
}
