//! Fuzz target: any rule file text (Sentinel YAML, Elastic TOML, `.kql`, `.esql`; the
//! first byte picks which) loads and checks to diagnostics, never a panic.

#![no_main]

use kqlc::check::CheckOptions;
use libfuzzer_sys::fuzz_target;

/// The file names the first byte picks: the loader dispatches on the extension.
const PATHS: [&str; 4] = ["rule.yaml", "rule.toml", "query.kql", "query.esql"];

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let path = PATHS[usize::from(kind) % PATHS.len()];
    if let Ok(rule) = kqlc::rules::load(path, text) {
        let strict = CheckOptions {
            strict: kind & 0x80 != 0,
            ..CheckOptions::default()
        };
        let _ = kqlc::cli::check::check_rule(&rule, false, &strict);
    }
});
