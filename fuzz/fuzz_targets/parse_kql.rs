//! Fuzz target: any UTF-8 text must parse to a tree and/or diagnostics, never panic.
//! Run with `cargo fuzz run parse_kql` from the crate root.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (query, diagnostics) = kqlc::syntax::kql::parse(text);
        assert!(query.is_some() || !diagnostics.is_empty());
    }
});
