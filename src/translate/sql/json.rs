//! Kusto `dynamic` values as JSON: DuckDB's JSON type, or JSON text in a Spark STRING
//! read through Spark 4's VARIANT (`parse_json`, `variant_get`, `to_json`).

use super::dialect::{sql_type, string_lit};
use crate::translate::Dialect;
use crate::value::Type;

/// A JSON path for a member name (`$."a b"` in DuckDB, `$['a b']` in Spark).
fn name_path(d: Dialect, name: &str) -> String {
    match d {
        Dialect::DuckDb => format!("$.\"{}\"", name.replace('"', "\\\"")),
        Dialect::Spark => format!("$['{}']", name.replace('\'', "\\'")),
    }
}

/// `x.name`.
pub fn member(d: Dialect, x: &str, name: &str) -> String {
    path(d, x, &name_path(d, name))
}

/// `x[n]` (negative counts from the end).
pub fn index(d: Dialect, x: &str, n: i64) -> String {
    match d {
        Dialect::DuckDb if n < 0 => path(d, x, &format!("$[#{n}]")),
        Dialect::Spark if n < 0 => format!("try_element_at({}, CAST({n} AS INT))", items(d, x)),
        _ => path(d, x, &format!("$[{n}]")),
    }
}

/// The value at a literal JSON path.
pub fn path(d: Dialect, x: &str, p: &str) -> String {
    match d {
        Dialect::DuckDb => format!("json_extract({x}, {})", string_lit(d, p)),
        Dialect::Spark => format!(
            "to_json(variant_get(parse_json({x}), {}))",
            string_lit(d, p)
        ),
    }
}

/// `x[key]` with a computed key.
pub fn member_dyn(d: Dialect, x: &str, key: &str) -> String {
    match d {
        Dialect::DuckDb => format!("json_extract({x}, concat('$.\"', {key}, '\"'))"),
        Dialect::Spark => format!("to_json(from_json({x}, 'map<string,variant>')[{key}])"),
    }
}

/// `x[i]` with a computed index.
pub fn index_dyn(d: Dialect, x: &str, i: &str) -> String {
    match d {
        Dialect::DuckDb => format!(
            "json_extract({x}, concat('$[', CASE WHEN {i} < 0 THEN concat('#', {i}) ELSE CAST({i} AS VARCHAR) END, ']'))"
        ),
        Dialect::Spark => format!(
            "try_element_at({}, CAST(CASE WHEN {i} < 0 THEN {i} ELSE {i} + 1 END AS INT))",
            items(d, x)
        ),
    }
}

/// The elements of a JSON array as a SQL list of JSON values (empty for a non-array).
pub fn items(d: Dialect, x: &str) -> String {
    match d {
        Dialect::DuckDb => format!(
            "(CASE WHEN json_type({x}) = 'ARRAY' THEN CAST(json_extract({x}, '$[*]') AS JSON[]) ELSE CAST([] AS JSON[]) END)"
        ),
        Dialect::Spark => format!(
            "transform(try_variant_get(parse_json({x}), '$', 'array<variant>'), v -> to_json(v))"
        ),
    }
}

/// A SQL list of JSON values as one JSON array.
pub fn from_items(d: Dialect, list: &str) -> String {
    match d {
        Dialect::DuckDb => format!("CAST(to_json(COALESCE({list}, CAST([] AS JSON[]))) AS JSON)"),
        Dialect::Spark => format!(
            "concat('[', array_join(transform({list}, v -> COALESCE(v, 'null')), ','), ']')"
        ),
    }
}

/// A JSON value as text, as Kusto's `tostring(dynamic)`: a string unquoted, other
/// values as JSON, null as `""`.
pub fn to_text(d: Dialect, x: &str) -> String {
    match d {
        Dialect::DuckDb => format!(
            "COALESCE(CASE WHEN json_type({x}) = 'VARCHAR' THEN json_extract_string({x}, '$') WHEN json_type({x}) = 'NULL' THEN NULL ELSE CAST({x} AS VARCHAR) END, '')"
        ),
        Dialect::Spark => format!(
            "COALESCE(CASE WHEN schema_of_variant(parse_json({x})) = 'STRING' THEN variant_get(parse_json({x}), '$', 'string') WHEN schema_of_variant(parse_json({x})) = 'VOID' THEN NULL ELSE {x} END, '')"
        ),
    }
}

/// A JSON value as a scalar of type `ty` (null when it is not one).
pub fn to_scalar(d: Dialect, x: &str, ty: Type) -> String {
    let text = match d {
        Dialect::DuckDb => format!("json_extract_string({x}, '$')"),
        Dialect::Spark => format!("try_variant_get(parse_json({x}), '$', 'string')"),
    };
    match ty {
        Type::DateTime => {
            super::dialect::timestamp_to_ticks(d, &format!("TRY_CAST({text} AS TIMESTAMP)"))
        }
        Type::TimeSpan => "CAST(NULL AS BIGINT)".into(),
        Type::Bool => format!("TRY_CAST({text} AS BOOLEAN)"),
        Type::Int | Type::Long => format!("TRY_CAST(TRY_CAST({text} AS DOUBLE) AS BIGINT)"),
        t => format!("TRY_CAST({text} AS {})", sql_type(d, t)),
    }
}

/// A SQL scalar of type `ty` as a JSON value (a SQL null is JSON null).
pub fn from_scalar(d: Dialect, x: &str, ty: Type) -> String {
    match d {
        Dialect::DuckDb => format!("COALESCE(to_json({x}), CAST('null' AS JSON))"),
        Dialect::Spark => {
            let _ = ty;
            format!(
                "(CASE WHEN {x} IS NULL THEN 'null' ELSE regexp_extract(to_json(named_struct('v', {x})), '^\\\\{{\"v\":(.*)\\\\}}$', 1) END)"
            )
        }
    }
}

/// A JSON object of `key, value` pairs (values already JSON).
pub fn object(d: Dialect, pairs: &[String]) -> String {
    match d {
        Dialect::DuckDb if pairs.is_empty() => "CAST('{}' AS JSON)".into(),
        Dialect::DuckDb => format!("json_object({})", pairs.join(", ")),
        Dialect::Spark => {
            let parts: Vec<String> = pairs
                .iter()
                .map(|p| {
                    let (k, v) = p.split_once(", ").unwrap_or((p, "NULL"));
                    format!(
                        "concat({}, ':', COALESCE({v}, 'null'))",
                        from_scalar(d, k, Type::String)
                    )
                })
                .collect();
            format!(
                "concat('{{', concat_ws(',', {}), '}}')",
                if parts.is_empty() {
                    "''".into()
                } else {
                    parts.join(", ")
                }
            )
        }
    }
}

/// A JSON array of values (already JSON).
pub fn array(d: Dialect, values: &[String]) -> String {
    match d {
        Dialect::DuckDb => format!("CAST(to_json([{}]::JSON[]) AS JSON)", values.join(", ")),
        Dialect::Spark => format!(
            "concat('[', concat_ws(',', {}), ']')",
            if values.is_empty() {
                "''".into()
            } else {
                values
                    .iter()
                    .map(|v| format!("COALESCE({v}, 'null')"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
    }
}

/// A JSON literal.
pub fn literal(d: Dialect, j: &serde_json::Value) -> String {
    match d {
        Dialect::DuckDb => format!("CAST({} AS JSON)", string_lit(d, &j.to_string())),
        Dialect::Spark => string_lit(d, &j.to_string()),
    }
}

/// The number of elements of a JSON array (null for other values).
pub fn array_length(d: Dialect, x: &str) -> String {
    match d {
        Dialect::DuckDb => format!(
            "(CASE WHEN json_type({x}) = 'ARRAY' THEN CAST(json_array_length({x}) AS BIGINT) END)"
        ),
        Dialect::Spark => {
            format!("CAST(size(try_variant_get(parse_json({x}), '$', 'array<variant>')) AS BIGINT)")
        }
    }
}

/// `(SELECT <list of col as JSON array> FROM rel)`: a shared plan's first column.
pub fn collect_list_subquery(d: Dialect, col: &str, ty: Type, rel: &str) -> String {
    let v = super::expr::to_dynamic(d, col, ty);
    match d {
        Dialect::DuckDb => format!(
            "(SELECT {} FROM {rel})",
            from_items(d, &format!("list({v} ORDER BY __ord)"))
        ),
        Dialect::Spark => format!(
            "(SELECT {} FROM {rel})",
            from_items(
                d,
                &format!(
                    "transform(array_sort(collect_list(named_struct('o', __ord, 'v', {v}))), s -> s.v)"
                )
            )
        ),
    }
}

/// `SELECT item FROM <elements of array v>`, each item as type `t`.
pub fn array_items_subquery(d: Dialect, v: &str, t: Type) -> String {
    let item = super::expr::coerce(d, "e", Type::Dynamic, t);
    format!(
        "SELECT {item} FROM (SELECT explode_e AS e FROM (SELECT {} AS explode_e))",
        unnest(d, &items(d, v))
    )
}

/// The function that turns a list into rows.
pub fn unnest(d: Dialect, list: &str) -> String {
    match d {
        Dialect::DuckDb => format!("unnest({list})"),
        Dialect::Spark => format!("explode({list})"),
    }
}
