//! Hashing values fast: summarize's group keys and the sets of `dcount`/`make_set`.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// Builds [`FastHasher`]s for hash maps and sets of values.
pub type FastBuild = BuildHasherDefault<FastHasher>;
/// A set of values hashed with [`FastHasher`].
pub type FastSet<T> = HashSet<T, FastBuild>;

/// A fast hasher for values (the multiply-rotate scheme of rustc's `FxHasher`):
/// group keys and set members come from the data, but a hash collision costs only a
/// comparison, and SipHash's resistance to chosen collisions is not worth its cost per row.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const KEY_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(KEY_SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(word);
            self.mix(u64::from_le_bytes(buf));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // Fold the high bits down: hashbrown picks buckets from the low bits and
        // control bytes from the top seven.
        self.0 ^ (self.0 >> 32)
    }
}
