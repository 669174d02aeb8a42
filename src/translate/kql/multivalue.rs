//! ES|QL `MV_*` functions as KQL dynamic-array functions. A multi-valued field is a
//! dynamic array in KQL (and a single value a plain value), so each function first
//! reads its argument as an array; a null stays null, and a one-element result is
//! its element (ES|QL has no one-element multi-value).

use super::Writer;
use super::expr::{single_valued, value};
use crate::plan::Expr;
use crate::value::Column;

/// `x` as an array: itself when it is one, else a one-element array.
fn array(x: &str) -> String {
    format!("iff(gettype({x}) == \"array\", todynamic({x}), pack_array({x}))")
}

/// `result` when `x` has a value, else null.
fn unless_null(x: &str, result: String) -> String {
    format!("iff(isempty({x}), dynamic(null), {result})")
}

/// A one-element array as its element.
fn single(result: String) -> String {
    format!("iff(array_length({result}) == 1, {result}[0], {result})")
}

/// The KQL of `MV_*(args)`.
pub fn call(w: &mut Writer, name: &str, args: &[Expr], e: &Expr, cols: &[Column]) -> String {
    let a: Vec<String> = args.iter().map(|x| value(w, x, cols)).collect();
    let x = a.first().cloned().unwrap_or_default();
    if args.first().is_some_and(|x| single_valued(w, x, cols)) {
        match (name, a.len()) {
            (
                "mv_first" | "mv_last" | "mv_min" | "mv_max" | "mv_dedupe" | "mv_sort" | "mv_sum"
                | "mv_median",
                _,
            ) => return x,
            ("mv_avg", 1) => return format!("todouble({x})"),
            ("mv_count", 1) => return format!("iff(isempty({x}), long(null), 1)"),
            ("mv_concat", 2) => return x,
            _ => {}
        }
    }
    let arr = array(&x);
    let result = match (name, a.len()) {
        ("mv_count", 1) => {
            return format!("iff(isempty({x}), long(null), array_length({arr}))");
        }
        ("mv_first", 1) => format!("{arr}[0]"),
        ("mv_last", 1) => format!("{arr}[-1]"),
        ("mv_min", 1) => format!("array_sort_asc({arr})[0]"),
        ("mv_max", 1) => format!("array_sort_desc({arr})[0]"),
        ("mv_sum", 1) => format!("array_sum({arr})"),
        ("mv_avg", 1) => format!("array_sum({arr}) / todouble(array_length({arr}))"),
        ("mv_concat", 2) => format!("strcat_array({arr}, {})", a[1]),
        ("mv_sort", 1) => single(format!("array_sort_asc({arr})")),
        ("mv_sort", 2) if a[1].eq_ignore_ascii_case("\"desc\"") => {
            single(format!("array_sort_desc({arr})"))
        }
        ("mv_sort", 2) => single(format!("array_sort_asc({arr})")),
        ("mv_slice", 2) => format!("{arr}[{}]", a[1]),
        ("mv_slice", 3) => single(format!("array_slice({arr}, {}, {})", a[1], a[2])),
        _ => {
            return w.refuse(
                e.span,
                &format!("`{name}`"),
                "KQL has no dynamic-array function with the same meaning",
            );
        }
    };
    unless_null(&x, result)
}
