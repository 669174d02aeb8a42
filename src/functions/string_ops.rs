//! string_ops functions.

use super::registry::ScalarFunction;

pub static FUNCTIONS: &[ScalarFunction] = &[];
