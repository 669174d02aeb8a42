//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod conformance;

/// The shared test material: `$KQLC_SHARED`, else `../shared` beside the repository.
pub fn shared_dir() -> String {
    std::env::var("KQLC_SHARED")
        .unwrap_or_else(|_| format!("{}/../shared", env!("CARGO_MANIFEST_DIR")))
}
