//! Builtin functions, one file per family; [`registry`] indexes them by name.

pub mod aggregate;
pub mod args;
pub mod registry;
pub mod signature;

pub mod conditional;
pub mod convert;
pub mod datetime;
pub mod dynamic;
pub mod encode;
pub mod esql;
pub mod geo;
pub mod ip;
pub mod math;
pub mod series;
pub mod string;
pub mod string_ops;
pub mod version;

use registry::ScalarFunction;

/// The scalar families, each a static table of entries.
pub(crate) static SCALAR_FAMILIES: &[&[ScalarFunction]] = &[
    conditional::FUNCTIONS,
    convert::FUNCTIONS,
    datetime::FUNCTIONS,
    datetime::zones::FUNCTIONS,
    dynamic::FUNCTIONS,
    encode::FUNCTIONS,
    geo::FUNCTIONS,
    geo::GEOMETRY,
    ip::FUNCTIONS,
    ip::cidr::FUNCTIONS,
    math::FUNCTIONS,
    math::trig::FUNCTIONS,
    math::special::FUNCTIONS,
    math::units::FUNCTIONS,
    series::FUNCTIONS,
    string::FUNCTIONS,
    string_ops::FUNCTIONS,
    version::FUNCTIONS,
];
