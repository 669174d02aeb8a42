//! Kusto's scalar types, as the checker and the plan see them.

use serde::Serialize;
use std::fmt;

/// A scalar type. `Unknown` is a column of a table whose schema is not known: it is
/// accepted wherever any type is, and is never an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Type {
    Bool,
    Int,
    Long,
    Real,
    Decimal,
    String,
    DateTime,
    TimeSpan,
    Guid,
    Dynamic,
    Unknown,
}

impl Type {
    /// The type named as in Kusto (`boolean`, `int64`, `double`, … are accepted too).
    pub fn from_name(name: &str) -> Option<Type> {
        Some(match name.to_ascii_lowercase().as_str() {
            "bool" | "boolean" => Type::Bool,
            "int" | "int32" => Type::Int,
            "long" | "int64" => Type::Long,
            "real" | "double" => Type::Real,
            "decimal" => Type::Decimal,
            "string" => Type::String,
            "datetime" | "date" => Type::DateTime,
            "timespan" | "time" => Type::TimeSpan,
            "guid" | "uniqueid" => Type::Guid,
            "dynamic" => Type::Dynamic,
            _ => return None,
        })
    }

    /// Kusto's name of the type, as `getschema` and `typeof` print it.
    pub fn name(self) -> &'static str {
        match self {
            Type::Bool => "bool",
            Type::Int => "int",
            Type::Long => "long",
            Type::Real => "real",
            Type::Decimal => "decimal",
            Type::String => "string",
            Type::DateTime => "datetime",
            Type::TimeSpan => "timespan",
            Type::Guid => "guid",
            Type::Dynamic => "dynamic",
            Type::Unknown => "unknown",
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, Type::Int | Type::Long | Type::Real | Type::Decimal)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
