//! Builtin functions, one file per family; [`registry`] indexes them by name.

pub mod aggregate;
pub mod args;
pub mod registry;

pub mod conditional;
pub mod convert;
pub mod datetime;
pub mod dynamic;
pub mod esql;
pub mod ip;
pub mod math;
pub mod series;
pub mod string;
pub mod string_ops;

use registry::ScalarFunction;

/// The scalar families, each a static table of entries.
pub(crate) static SCALAR_FAMILIES: &[&[ScalarFunction]] = &[
    conditional::FUNCTIONS,
    convert::FUNCTIONS,
    datetime::FUNCTIONS,
    dynamic::FUNCTIONS,
    ip::FUNCTIONS,
    math::FUNCTIONS,
    series::FUNCTIONS,
    string::FUNCTIONS,
    string_ops::FUNCTIONS,
];
