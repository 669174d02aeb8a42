//! `--on-bad-rows skip|fail`: what a reader does with a record it cannot read (a JSON
//! Lines line that is not one JSON object, a CSV record that is not text). `fail` (the
//! default) stops at the first with an error naming file, line and column; `skip` drops
//! each, counts them and keeps the first error, for the CLI to report on stderr.
//!
//! Only formats that can resume after a bad record skip: JSON Lines (at the next line)
//! and CSV (at the next record). A JSON document (an array, a Graph or `_search`
//! response) has no next record after a syntax error, so it always fails.
//!
//! The policy is scoped like [`crate::exec::budget::with_limits`]: the CLI wraps a run in
//! [`with_policy`], and table sources that read on other threads carry it there
//! ([`current`], [`with_current`]).

use super::IoError;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The policy for bad records, and what it skipped.
#[derive(Debug, Default)]
pub struct BadRows {
    skipped: AtomicU64,
    first: Mutex<Option<IoError>>,
}

impl BadRows {
    /// How many records were skipped.
    pub fn skipped(&self) -> u64 {
        self.skipped.load(Ordering::Relaxed)
    }

    /// The first record skipped, with its place.
    pub fn first(&self) -> Option<IoError> {
        self.first.lock().ok().and_then(|f| f.clone())
    }

    fn skip(&self, error: IoError) {
        self.skipped.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut first) = self.first.lock() {
            first.get_or_insert(error);
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<BadRows>>> = const { RefCell::new(None) };
}

/// Runs `work` with bad records skipped (when `skip`) or failing (the default); what
/// was skipped comes back with the result.
pub fn with_policy<T>(skip: bool, work: impl FnOnce() -> T) -> (T, Arc<BadRows>) {
    let policy = Arc::new(BadRows::default());
    let result = with_current(skip.then(|| policy.clone()), work);
    (result, policy)
}

/// The skipping policy in force on this thread (`None`: bad records fail).
pub fn current() -> Option<Arc<BadRows>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Runs `work` under `policy` (a reader thread carrying its caller's [`current`]).
pub fn with_current<T>(policy: Option<Arc<BadRows>>, work: impl FnOnce() -> T) -> T {
    let before = CURRENT.with(|c| c.replace(policy));
    let result = work();
    CURRENT.with(|c| *c.borrow_mut() = before);
    result
}

/// What a reader does with the bad record `error`: `Ok` (skipped, counted) under a
/// skipping policy, else the error.
pub fn skip_or_fail(error: IoError) -> Result<(), IoError> {
    match current() {
        Some(policy) => {
            policy.skip(error);
            Ok(())
        }
        None => Err(error),
    }
}

/// The line `kqlc run` prints on stderr after skipping: how many, and the first.
pub fn report(policy: &BadRows) -> Option<String> {
    let n = policy.skipped();
    let first = policy.first()?;
    Some(format!(
        "warning: skipped {n} bad row{} of input (--on-bad-rows skip); the first: {}\n",
        if n == 1 { "" } else { "s" },
        first.to_string().lines().next().unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failing_is_the_default_and_skipping_counts() {
        let e = IoError::new("a.jsonl", "bad").at(3, Some(1));
        assert!(skip_or_fail(e.clone()).is_err());
        let (results, policy) = with_policy(true, || {
            [skip_or_fail(e.clone()), skip_or_fail(e.clone().at(9, None))]
        });
        assert!(results.iter().all(Result::is_ok));
        assert_eq!(policy.skipped(), 2);
        assert_eq!(policy.first().and_then(|f| f.line), Some(3));
        assert!(current().is_none(), "the policy ends with its scope");
    }
}
