//! Rules as tests: `<rule>.test.yaml` files give sample tables, a fixed "now" and the
//! expected result rows for a rule; `kqlc test` runs every case and shows differences.

pub mod alerts;
pub mod case_file;
pub mod compare;
pub mod runner;

pub use runner::{CaseOutcome, case_result, discover, load_test_file, run_test_file};
