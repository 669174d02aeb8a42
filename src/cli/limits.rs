//! `--max-memory` and `--timeout`, the resource limits of `kqlc run` and `kqlc test`
//! (see [`crate::exec::budget`]).

use crate::exec::budget::{Limits, default_max_memory, parse_size, show_size};
use clap::Args;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// The limit flags, flattened into the commands that run queries.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// The most memory a query may hold in its joins, sorts, groups, lists and result
    /// (an estimate; `300M`, `4G`); a query that needs more stops with an error.
    #[arg(long, value_name = "SIZE", default_value_t = MemorySize(default_max_memory()))]
    pub max_memory: MemorySize,
    /// The longest a query may run (`2s`, `5m`, `1h`); default: no limit.
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
}

impl LimitArgs {
    /// The limits the flags give.
    pub fn limits(&self) -> Limits {
        Limits {
            max_memory: Some(self.max_memory.0),
            timeout: self.timeout,
        }
    }
}

/// A byte count written with a binary unit (`300M`, `4G`; the default is half of this
/// machine's memory).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemorySize(pub u64);

impl fmt::Display for MemorySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&show_size(self.0).replace(' ', ""))
    }
}

impl FromStr for MemorySize {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        parse_size(text).map(MemorySize).ok_or_else(|| {
            format!("`{text}` is not a size; write a number with K, M, G or T, e.g. 300M or 4G")
        })
    }
}

/// A timeout as a KQL timespan literal (`2s`, `500ms`, `5m`, `1h`, `1d`).
fn parse_timeout(text: &str) -> Result<Duration, String> {
    match crate::value::time::parse_timespan_literal(text.trim()) {
        Some(ticks) if ticks > 0 => Ok(Duration::from_nanos(ticks as u64 * 100)),
        _ => Err(format!(
            "`{text}` is not a duration; write e.g. 2s, 500ms, 5m or 1h"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeout_is_a_kql_timespan() {
        assert_eq!(parse_timeout("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_timeout("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_timeout("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_timeout("soon").is_err());
        assert!(parse_timeout("0s").is_err());
    }

    #[test]
    fn the_shown_default_size_reads_back() {
        let shown = MemorySize(3 << 29).to_string();
        assert_eq!(shown, "1.5GiB");
        assert_eq!(shown.parse::<MemorySize>(), Ok(MemorySize(3 << 29)));
    }
}
