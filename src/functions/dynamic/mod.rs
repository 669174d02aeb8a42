//! dynamic functions: parse_json, arrays, property bags, sets, JSONPath
//! extraction, parse_csv and parse_xml. Functions that need an array or a bag
//! return null for any other value (strings holding JSON are read as JSON).

mod arrays;
mod bags;
mod json;
mod member;
mod path;
mod reshape;
mod sets;
mod treepath;
mod xml;

use super::args;
use super::registry::{ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::{Type, Value};
pub use member::member_of_json_text;
use serde_json::Value as J;

/// Argument `i` when it is an array (a string holding a JSON array counts).
fn array_arg(a: &[Value], i: usize) -> Option<Vec<J>> {
    match args::json(a, i).into_owned() {
        J::Array(items) => Some(items),
        _ => None,
    }
}

/// A JSON element as a comparable value: scalars as plain values (so `1 == 1.0`),
/// objects and arrays as dynamic.
fn element(v: &J) -> Value {
    Value::from_json_scalar(v)
}

/// A value as JSON, for putting into arrays and bags.
fn json_of(v: &Value) -> J {
    v.to_json()
}

fn list_or_null(items: Option<Vec<J>>) -> Value {
    items.map_or(Value::Null, |items| Value::dynamic(J::Array(items)))
}

const DYN: ReturnType = ReturnType::Fixed(Type::Dynamic);
const MANY: usize = usize::MAX;

/// extract_json's result is a string unless a result type is named.
fn extract_json_type(args: &[Type]) -> Type {
    if args.len() > 2 {
        Type::Unknown
    } else {
        Type::String
    }
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "parse_json",
        &["todynamic", "parsejson"],
        (1, 1),
        "(json: string) -> dynamic",
        DYN,
        |a, _| Ok(json::parse_json(a)),
        "Parses JSON text into a dynamic value; other text becomes a dynamic string.",
    ),
    entry(
        "array_length",
        &["arraylength"],
        (1, 1),
        "(array: dynamic) -> long",
        ReturnType::Fixed(Type::Long),
        |a, _| Ok(arrays::array_length(a)),
        "The number of elements; null when not an array.",
    ),
    entry(
        "array_concat",
        &[],
        (1, MANY),
        "(array1: dynamic, ...) -> dynamic",
        DYN,
        |a, _| Ok(arrays::array_concat(a)),
        "The arrays joined end to end; null when one is not an array.",
    ),
    entry(
        "array_slice",
        &[],
        (3, 3),
        "(array: dynamic, start: long, end: long) -> dynamic",
        DYN,
        |a, _| Ok(arrays::array_slice(a)),
        "Elements start..=end (negative indexes count from the end).",
    ),
    entry(
        "array_reverse",
        &[],
        (1, 1),
        "(array: dynamic) -> dynamic",
        DYN,
        |a, _| Ok(arrays::array_reverse(a)),
        "The array in reverse order.",
    ),
    entry(
        "array_sort_asc",
        &[],
        (1, MANY),
        "(array1: dynamic, ..., [nulls_last: bool]) -> dynamic",
        DYN,
        |a, _| Ok(arrays::array_sort(a, false)),
        "Sorts ascending; further arrays are permuted alike.",
    ),
    entry(
        "array_sort_desc",
        &[],
        (1, MANY),
        "(array1: dynamic, ..., [nulls_last: bool]) -> dynamic",
        DYN,
        |a, _| Ok(arrays::array_sort(a, true)),
        "Sorts descending; further arrays are permuted alike.",
    ),
    entry(
        "array_index_of",
        &[],
        (2, 5),
        "(array: dynamic, lookup, [start: long, length: long, occurrence: long]) -> long",
        ReturnType::Fixed(Type::Long),
        |a, _| Ok(arrays::array_index_of(a)),
        "The index of the lookup value, -1 when absent.",
    ),
    entry(
        "array_iff",
        &["array_iif"],
        (3, 3),
        "(conditions: dynamic, when_true, when_false) -> dynamic",
        DYN,
        |a, _| Ok(arrays::array_iff(a)),
        "Element-wise iff over a condition array.",
    ),
    entry(
        "array_split",
        &[],
        (2, 2),
        "(array: dynamic, indices: long | dynamic) -> dynamic",
        DYN,
        |a, _| Ok(arrays::array_split(a)),
        "The array cut into parts before each index.",
    ),
    entry(
        "array_sum",
        &[],
        (1, 1),
        "(array: dynamic) -> real",
        ReturnType::Fixed(Type::Real),
        |a, _| Ok(arrays::array_sum(a)),
        "The sum of a numeric array.",
    ),
    entry(
        "zip",
        &[],
        (2, MANY),
        "(array1: dynamic, array2: dynamic, ...) -> dynamic",
        DYN,
        |a, _| Ok(arrays::zip(a)),
        "Arrays of the i-th elements of each array.",
    ),
    entry(
        "strcat_array",
        &["array_strcat"],
        (2, 2),
        "(array: dynamic, delimiter: string) -> string",
        ReturnType::Fixed(Type::String),
        |a, _| Ok(arrays::strcat_array(a)),
        "The elements as text joined by the delimiter.",
    ),
    entry(
        "pack_array",
        &[],
        (1, MANY),
        "(value1, ...) -> dynamic",
        DYN,
        |a, _| Ok(bags::pack_array(a)),
        "An array of the values.",
    ),
    entry(
        "repeat",
        &[],
        (2, 2),
        "(value: scalar, count: int) -> dynamic",
        DYN,
        |a, _| arrays::repeat(a),
        "An array of count copies of the value (null for a negative count).",
    ),
    entry(
        "range",
        &[],
        (2, 3),
        "(start, stop[, step = 1]) -> dynamic",
        DYN,
        |a, _| Ok(arrays::range(a)),
        "An array of the values from start up to stop (inclusive) by step.",
    ),
    entry(
        "bag_pack",
        &["pack", "pack_dictionary"],
        (0, MANY),
        "(key1: string, value1, ...) -> dynamic",
        DYN,
        |a, _| bags::bag_pack(a),
        "A property bag of key/value pairs.",
    ),
    entry(
        "bag_keys",
        &[],
        (1, 1),
        "(bag: dynamic) -> dynamic",
        DYN,
        |a, _| Ok(bags::bag_keys(a)),
        "The bag's keys; null when not a bag.",
    ),
    entry(
        "bag_has_key",
        &[],
        (2, 2),
        "(bag: dynamic, key: string) -> bool",
        ReturnType::Fixed(Type::Bool),
        |a, _| Ok(bags::bag_has_key(a)),
        "Whether the bag has the key (or JSONPath).",
    ),
    entry(
        "bag_merge",
        &[],
        (1, MANY),
        "(bag1: dynamic, bag2: dynamic, ...) -> dynamic",
        DYN,
        |a, _| Ok(bags::bag_merge(a)),
        "All properties of the bags; earlier bags win clashes.",
    ),
    entry(
        "bag_remove_keys",
        &[],
        (2, 2),
        "(bag: dynamic, keys: dynamic) -> dynamic",
        DYN,
        |a, _| Ok(bags::bag_remove_keys(a)),
        "The bag without the keys (or JSONPaths).",
    ),
    entry(
        "bag_set_key",
        &[],
        (3, 3),
        "(bag: dynamic, key: string, value) -> dynamic",
        DYN,
        |a, _| Ok(bags::bag_set_key(a)),
        "The bag with the key (or JSONPath) set to the value.",
    ),
    entry(
        "set_union",
        &[],
        (2, MANY),
        "(array1: dynamic, array2: dynamic, ...) -> dynamic",
        DYN,
        |a, _| Ok(sets::set_union(a)),
        "The distinct elements of all arrays.",
    ),
    entry(
        "set_intersect",
        &[],
        (2, MANY),
        "(array1: dynamic, array2: dynamic, ...) -> dynamic",
        DYN,
        |a, _| Ok(sets::set_intersect(a)),
        "The distinct elements found in every array.",
    ),
    entry(
        "set_difference",
        &[],
        (2, MANY),
        "(array1: dynamic, array2: dynamic, ...) -> dynamic",
        DYN,
        |a, _| Ok(sets::set_difference(a)),
        "The distinct elements of the first array found in no other.",
    ),
    entry(
        "set_has_element",
        &[],
        (2, 2),
        "(set: dynamic, value) -> bool",
        ReturnType::Fixed(Type::Bool),
        |a, _| Ok(sets::set_has_element(a)),
        "Whether the array holds the value.",
    ),
    entry(
        "set_equals",
        &[],
        (2, 2),
        "(set1: dynamic, set2: dynamic) -> bool",
        ReturnType::Fixed(Type::Bool),
        |a, _| Ok(sets::set_equals(a)),
        "Whether the arrays hold the same distinct elements (order and repeats aside).",
    ),
    entry(
        "extract_json",
        &["extractjson"],
        (2, 3),
        "(jsonPath: string, json: string, [type]) -> string",
        ReturnType::Rule(extract_json_type),
        |a, _| json::extract_json(a),
        "The value at a JSONPath ($.a.b[0]) as text or the named type.",
    ),
    entry(
        "dynamic_to_json",
        &[],
        (1, 1),
        "(value: dynamic) -> string",
        ReturnType::Fixed(Type::String),
        |a, _| Ok(json::dynamic_to_json(a)),
        "Canonical JSON text with object keys sorted.",
    ),
    entry(
        "parse_csv",
        &[],
        (1, 1),
        "(csv_text: string) -> dynamic",
        DYN,
        |a, _| Ok(json::parse_csv(a)),
        "The fields of the first CSV record, as strings.",
    ),
    entry(
        "parse_xml",
        &[],
        (1, 1),
        "(xml: string) -> dynamic",
        DYN,
        |a, _| Ok(parse_xml(a)),
        "XML converted to JSON (@attributes, #text, repeated children as arrays).",
    ),
    entry(
        "array_shift_left",
        &[],
        (2, 3),
        "(array: dynamic, shift_count: int, [default_value]) -> dynamic",
        DYN,
        |a, _| Ok(reshape::array_shift(a, false)),
        "The array shifted left; vacated places take the default (null).",
    ),
    entry(
        "array_shift_right",
        &[],
        (2, 3),
        "(array: dynamic, shift_count: int, [default_value]) -> dynamic",
        DYN,
        |a, _| Ok(reshape::array_shift(a, true)),
        "The array shifted right; vacated places take the default (null).",
    ),
    entry(
        "array_rotate_left",
        &[],
        (2, 2),
        "(array: dynamic, rotate_count: int) -> dynamic",
        DYN,
        |a, _| Ok(reshape::array_rotate(a, false)),
        "The array rotated left, elements wrapping around.",
    ),
    entry(
        "array_rotate_right",
        &[],
        (2, 2),
        "(array: dynamic, rotate_count: int) -> dynamic",
        DYN,
        |a, _| Ok(reshape::array_rotate(a, true)),
        "The array rotated right, elements wrapping around.",
    ),
    entry(
        "bag_zip",
        &[],
        (2, 2),
        "(keys: dynamic, values: dynamic) -> dynamic",
        DYN,
        |a, _| Ok(bags::bag_zip(a)),
        "The property bag of the string keys paired with the values at their positions.",
    ),
    entry(
        "jaccard_index",
        &[],
        (2, 2),
        "(set1: dynamic, set2: dynamic) -> real",
        ReturnType::Fixed(Type::Real),
        |a, _| Ok(sets::jaccard_index(a)),
        "The size of the sets' intersection over the size of their union.",
    ),
    entry(
        "treepath",
        &[],
        (1, 1),
        "(object: dynamic) -> dynamic",
        DYN,
        |a, _| Ok(treepath::treepath(a)),
        "Every path expression of a dynamic value (array elements as [0]).",
    ),
];

fn parse_xml(a: &[Value]) -> Value {
    xml::xml_to_json(&args::text(a, 0)).map_or(Value::Null, Value::dynamic)
}

#[cfg(test)]
mod tests;
