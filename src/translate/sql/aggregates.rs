//! Kusto's aggregation functions written as SQL aggregates over one group; every
//! aggregate yields its output columns (several for `arg_max(x, a, b)`).

use super::expr::{Findings, Scope, coerce, refuse, to_dynamic, write};
use super::json;
use crate::plan::tabular::summarize::AggCall;
use crate::translate::Dialect;
use crate::value::{Type, Value};

/// The SQL of each output column of `agg` (`out` are the output types).
pub fn aggregate(
    agg: &AggCall,
    out: &[Type],
    span: crate::source::Span,
    s: &Scope,
    f: &mut Findings,
) -> Option<Vec<String>> {
    let d = s.d;
    let name = agg.func.0.name;
    let mut args = Vec::new();
    for a in &agg.args {
        args.push(write(a, s, f)?);
    }
    let ty = |i: usize| agg.args.get(i).map_or(Type::Unknown, |a| a.ty);
    let arg = |i: usize| args.get(i).cloned().unwrap_or_else(|| "NULL".into());
    let cond = |i: usize| arg(i);
    let first_out = out.first().copied().unwrap_or(Type::Unknown);
    let one = |x: String| Some(vec![x]);
    match name {
        "count" => one("COUNT(*)".into()),
        "countif" => one(format!("COUNT(CASE WHEN {} THEN 1 END)", cond(0))),
        "sum" => one(format!("SUM({})", coerce(d, &arg(0), ty(0), first_out))),
        "sumif" => one(format!(
            "SUM(CASE WHEN {} THEN {} END)",
            cond(1),
            coerce(d, &arg(0), ty(0), first_out)
        )),
        "avg" => one(format!("AVG({})", coerce(d, &arg(0), ty(0), Type::Real))),
        "avgif" => one(format!(
            "AVG(CASE WHEN {} THEN {} END)",
            cond(1),
            coerce(d, &arg(0), ty(0), Type::Real)
        )),
        "min" | "max" => one(format!(
            "{}({})",
            name.to_uppercase(),
            nonempty(&arg(0), ty(0))
        )),
        "minif" | "maxif" => one(format!(
            "{}(CASE WHEN {} THEN {} END)",
            &name[..3].to_uppercase(),
            cond(1),
            nonempty(&arg(0), ty(0))
        )),
        "dcount" => one(format!("COUNT(DISTINCT {})", arg(0))),
        "dcountif" => one(format!(
            "COUNT(DISTINCT CASE WHEN {} THEN {} END)",
            cond(1),
            arg(0)
        )),
        "stdev" => one(format!("stddev_samp({})", arg(0))),
        "variance" => one(format!("var_samp({})", arg(0))),
        "make_list" | "make_list_if" | "make_set" | "make_set_if" | "make_list_with_nulls" => {
            let filter = if name.ends_with("_if") {
                Some(cond(1))
            } else {
                None
            };
            let keep_nulls = name == "make_list_with_nulls";
            let set = name.starts_with("make_set");
            let cap = match agg.consts.get(if filter.is_some() { 2 } else { 1 }) {
                Some(Value::Long(n)) => Some(*n),
                _ => None,
            };
            one(collect(d, &arg(0), ty(0), filter, keep_nulls, set, cap))
        }
        // The deprecated makeset/makelist: make_set/make_list capped at 128 by default.
        "makeset" | "makelist" => {
            let cap = match agg.consts.get(1) {
                Some(Value::Long(n)) => *n,
                _ => 128,
            };
            one(collect(
                d,
                &arg(0),
                ty(0),
                None,
                false,
                name == "makeset",
                Some(cap),
            ))
        }
        "make_bag" | "make_bag_if" if d == Dialect::DuckDb => {
            // The properties of the group's bags; a key seen again keeps its first value.
            let keep = if name == "make_bag_if" {
                format!(" AND COALESCE({}, FALSE)", cond(1))
            } else {
                String::new()
            };
            let x = arg(0);
            let bags =
                format!("list({x} ORDER BY __ord) FILTER (WHERE json_type({x}) = 'OBJECT'{keep})");
            one(format!(
                "COALESCE(list_reduce({bags}, lambda acc, b: json_merge_patch(b, acc)), CAST('{{}}' AS JSON))"
            ))
        }
        "arg_max" | "arg_min" | "take_any" => {
            let by = if name == "take_any" {
                None
            } else {
                Some((arg(0), name == "arg_max"))
            };
            Some(
                (0..out.len())
                    .map(|i| pick(d, &arg(i), by.as_ref()))
                    .collect(),
            )
        }
        _ => {
            refuse(
                f,
                d,
                span,
                &format!("`{name}()`"),
                "kqlc has no SQL translation of this aggregation yet",
            );
            None
        }
    }
}

/// Kusto aggregates skip empty strings as they skip nulls.
fn nonempty(x: &str, ty: Type) -> String {
    if ty == Type::String {
        format!("NULLIF({x}, '')")
    } else {
        x.to_string()
    }
}

/// `make_list`/`make_set`: the values in input order (a set keeps first occurrences),
/// nulls left out (unless `keep_nulls`), at most `cap` of them, as a JSON array.
fn collect(
    d: Dialect,
    x: &str,
    ty: Type,
    filter: Option<String>,
    keep_nulls: bool,
    set: bool,
    cap: Option<i64>,
) -> String {
    let v = to_dynamic(d, x, ty);
    let mut keep = Vec::new();
    if !keep_nulls {
        keep.push(format!("{x} IS NOT NULL"));
        if ty == Type::Dynamic {
            keep.push(format!(
                "CAST({x} AS {}) <> 'null'",
                super::dialect::sql_type(d, Type::String)
            ));
        }
    }
    if let Some(c) = filter {
        keep.push(format!("COALESCE({c}, FALSE)"));
    }
    let keep = if keep.is_empty() {
        "TRUE".to_string()
    } else {
        keep.join(" AND ")
    };
    let list = match d {
        Dialect::DuckDb => {
            let l = format!(
                "COALESCE(list({v} ORDER BY __ord) FILTER (WHERE {keep}), CAST([] AS JSON[]))"
            );
            // make_set and make_list of arrays collect their elements (Kusto make_set
            // docs, geo-h3cell-rings page).
            let l = if !keep_nulls && ty == Type::Dynamic {
                format!(
                    "flatten(list_transform({l}, lambda e: CASE WHEN json_type(e) = 'ARRAY' THEN {} ELSE [e] END))",
                    json::items(d, "e")
                )
            } else {
                l
            };
            if set {
                // First occurrences in order. The aggregate is the outer lambda's
                // argument: DuckDB binds no aggregate inside a lambda's body.
                format!(
                    "list_transform([{l}], lambda x: list_filter(x, lambda e, i: list_position(x, e) = i))[1]"
                )
            } else {
                l
            }
        }
        Dialect::Spark => {
            let l = format!(
                "transform(array_sort(collect_list(CASE WHEN {keep} THEN named_struct('o', __ord, 'v', {v}) END)), s -> s.v)"
            );
            let l = if !keep_nulls && ty == Type::Dynamic {
                format!(
                    "flatten(transform({l}, e -> COALESCE({}, array(e))))",
                    json::items(d, "e")
                )
            } else {
                l
            };
            if set {
                format!("array_distinct({l})")
            } else {
                l
            }
        }
    };
    let list = match cap {
        Some(n) => match d {
            Dialect::DuckDb => format!("list_slice({list}, 1, {n})"),
            Dialect::Spark => format!("slice({list}, 1, {n})"),
        },
        None => list,
    };
    json::from_items(d, &list)
}

/// One output of `arg_max`/`arg_min` (`by` = the compared value, max or min) or
/// `take_any`: the value of `col` in the chosen row (ties: the first row).
fn pick(d: Dialect, col: &str, by: Option<&(String, bool)>) -> String {
    match (d, by) {
        (Dialect::DuckDb, Some((x, max))) => {
            format!(
                "first({col} ORDER BY {x} {} NULLS LAST, __ord)",
                if *max { "DESC" } else { "ASC" }
            )
        }
        (Dialect::DuckDb, None) => format!("first({col} ORDER BY __ord)"),
        (Dialect::Spark, Some((x, max))) => {
            let key = if *max { x.to_string() } else { format!("-{x}") };
            format!("max_by({col}, named_struct('a', {x} IS NOT NULL, 'b', {key}, 'c', -__ord))")
        }
        (Dialect::Spark, None) => format!("min_by({col}, __ord)"),
    }
}
