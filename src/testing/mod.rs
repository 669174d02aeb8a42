//! Rules as tests: `<rule>.test.yaml` files give sample tables, a fixed "now" and the
//! expected result rows for a rule; `kqlc test` runs every case and shows differences.

pub mod case_file;
pub mod compare;
pub mod runner;

pub use runner::{CaseOutcome, discover, run_test_file};
