//! What differs between the SQL dialects: quoting, literals, type names, and how a
//! Kusto datetime (kept as 100 ns ticks inside the query) meets the engine's TIMESTAMP.

use crate::translate::Dialect;
use crate::value::Type;

/// A quoted identifier (`"x"` in DuckDB, `` `x` `` in Spark).
pub fn ident(d: Dialect, name: &str) -> String {
    match d {
        Dialect::DuckDb => format!("\"{}\"", name.replace('"', "\"\"")),
        Dialect::Spark => format!("`{}`", name.replace('`', "``")),
    }
}

/// A string literal. Spark reads backslashes in literals as escapes, DuckDB does not.
pub fn string_lit(d: Dialect, s: &str) -> String {
    match d {
        Dialect::DuckDb => format!("'{}'", s.replace('\'', "''")),
        Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
    }
}

/// The SQL type a Kusto type is held in inside the query: datetimes and timespans are
/// BIGINT ticks (Kusto's 100 ns precision, exact integer arithmetic); dynamic is JSON
/// (DuckDB's JSON type, JSON text in a Spark STRING).
pub fn sql_type(d: Dialect, ty: Type) -> &'static str {
    match (ty, d) {
        (Type::Bool, _) => "BOOLEAN",
        (Type::Int | Type::Long | Type::DateTime | Type::TimeSpan, _) => "BIGINT",
        (Type::Real | Type::Decimal, _) => "DOUBLE",
        (Type::Dynamic, Dialect::DuckDb) => "JSON",
        (Type::String | Type::Guid | Type::Unknown, Dialect::DuckDb) => "VARCHAR",
        (Type::String | Type::Guid | Type::Dynamic | Type::Unknown, Dialect::Spark) => "STRING",
    }
}

/// Ticks (BIGINT, 100 ns) as the engine's TIMESTAMP (microseconds: the last digit is cut).
pub fn ticks_to_timestamp(d: Dialect, ticks: &str) -> String {
    match d {
        Dialect::DuckDb => format!("make_timestamp(CAST(floor(({ticks}) / 10) AS BIGINT))"),
        Dialect::Spark => format!("timestamp_micros(CAST(floor(({ticks}) / 10) AS BIGINT))"),
    }
}

/// Ticks as the engine's most precise timestamp: DuckDB's TIMESTAMP_NS keeps all 7
/// digits; Spark's TIMESTAMP has microseconds.
pub fn ticks_to_output_timestamp(d: Dialect, ticks: &str) -> String {
    match d {
        Dialect::DuckDb => format!("make_timestamp_ns(({ticks}) * 100)"),
        Dialect::Spark => ticks_to_timestamp(d, ticks),
    }
}

/// An engine TIMESTAMP as ticks.
pub fn timestamp_to_ticks(d: Dialect, ts: &str) -> String {
    match d {
        Dialect::DuckDb => format!("(epoch_us(CAST({ts} AS TIMESTAMP)) * 10)"),
        Dialect::Spark => format!("(unix_micros(CAST({ts} AS TIMESTAMP)) * 10)"),
    }
}

/// Ticks as the engine's interval type (for the final output only).
pub fn ticks_to_interval(d: Dialect, ticks: &str) -> String {
    match d {
        Dialect::DuckDb => format!("to_microseconds(CAST(floor(({ticks}) / 10) AS BIGINT))"),
        Dialect::Spark => {
            format!("make_dt_interval(0, 0, 0, CAST(({ticks}) AS DECIMAL(38, 7)) / 10000000)")
        }
    }
}

/// `a` floored to a multiple of `b` (integers, `b` > 0), exact for any sign of `a`.
pub fn floor_to(a: &str, b: &str) -> String {
    format!("(({a}) - ((({a}) % ({b})) + ({b})) % ({b}))")
}

/// Integer division truncating toward zero, as Kusto divides longs.
pub fn int_div(d: Dialect, a: &str, b: &str) -> String {
    match d {
        Dialect::DuckDb => format!("(({a}) // NULLIF({b}, 0))"),
        Dialect::Spark => format!("(({a}) div NULLIF({b}, 0))"),
    }
}
