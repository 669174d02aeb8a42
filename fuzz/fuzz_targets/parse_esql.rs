//! Fuzz target: any UTF-8 text must parse as ES|QL to a tree and/or diagnostics, never
//! panic. Run with `cargo +nightly fuzz run parse_esql` from the crate root.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (query, diagnostics) = kqlc::syntax::esql::parse(text);
        assert!(query.is_some() || !diagnostics.is_empty());
    }
});
