//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod conformance;

/// The shared test material: `$KQLC_SHARED`, else `../shared` beside the repository.
pub fn shared_dir() -> String {
    std::env::var("KQLC_SHARED")
        .unwrap_or_else(|_| format!("{}/../shared", env!("CARGO_MANIFEST_DIR")))
}

/// A small deterministic generator (xorshift), so failures of random-edit tests reproduce.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
