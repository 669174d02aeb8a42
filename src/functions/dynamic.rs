//! dynamic functions.

use super::registry::ScalarFunction;

pub static FUNCTIONS: &[ScalarFunction] = &[];
