//! Array functions: length, concat, slice, sort, index_of, iff, split, sum,
//! reverse, zip, strcat_array (docs: kusto/query/array-*-function).

use super::{array_arg, element, json_of, list_or_null};
use crate::functions::args;
use crate::value::Value;
use serde_json::Value as J;
use std::cmp::Ordering;

pub fn array_length(a: &[Value]) -> Value {
    array_arg(a, 0).map_or(Value::Null, |items| Value::Long(items.len() as i64))
}

/// `array_concat(a1, a2, …)`: null when any argument is not an array.
pub fn array_concat(a: &[Value]) -> Value {
    let mut out = Vec::new();
    for i in 0..a.len() {
        let Some(items) = array_arg(a, i) else {
            return Value::Null;
        };
        out.extend(items);
    }
    Value::dynamic(J::Array(out))
}

/// A position argument counted from the end when negative, clamped to `0..=len`.
fn position(len: usize, i: i64) -> usize {
    let len = len as i64;
    let i = if i < 0 { len + i } else { i };
    i.clamp(0, len) as usize
}

/// `array_slice(arr, start, end)`: elements `start..=end`, negative from the end.
pub fn array_slice(a: &[Value]) -> Value {
    let (Some(items), Some(start), Some(end)) =
        (array_arg(a, 0), args::long(a, 1), args::long(a, 2))
    else {
        return Value::Null;
    };
    let len = items.len() as i64;
    let from = position(items.len(), start);
    let to_inclusive = if end < 0 { len + end } else { end.min(len - 1) };
    if to_inclusive < from as i64 {
        return Value::dynamic(J::Array(Vec::new()));
    }
    Value::dynamic(J::Array(items[from..=to_inclusive as usize].to_vec()))
}

pub fn array_reverse(a: &[Value]) -> Value {
    list_or_null(array_arg(a, 0).map(|mut items| {
        items.reverse();
        items
    }))
}

/// `array_sort_asc/desc(arr1, [arr2, …], [nulls_last])`: sorts the first array (nulls
/// last unless told otherwise) and permutes the others the same way. One array gives
/// the sorted array; several give an array of the arrays. Unequal lengths give null.
pub fn array_sort(a: &[Value], descending: bool) -> Value {
    let (arrays_end, nulls_last) = match a.last() {
        Some(Value::Bool(b)) => (a.len() - 1, *b),
        _ => (a.len(), true),
    };
    let arrays: Option<Vec<Vec<J>>> = (0..arrays_end).map(|i| array_arg(a, i)).collect();
    let Some(arrays) = arrays.filter(|arrs| !arrs.is_empty()) else {
        return Value::Null;
    };
    let len = arrays[0].len();
    if arrays.iter().any(|arr| arr.len() != len) {
        return Value::Null;
    }
    let keys: Vec<Value> = arrays[0].iter().map(element).collect();
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&x, &y| compare_keys(&keys[x], &keys[y], descending, nulls_last));
    let permuted: Vec<J> = arrays
        .iter()
        .map(|arr| J::Array(order.iter().map(|&i| arr[i].clone()).collect()))
        .collect();
    match <[J; 1]>::try_from(permuted) {
        Ok([only]) => Value::dynamic(only),
        Err(many) => Value::dynamic(J::Array(many)),
    }
}

fn compare_keys(x: &Value, y: &Value, descending: bool, nulls_last: bool) -> Ordering {
    match (x.is_null(), y.is_null()) {
        (true, true) => Ordering::Equal,
        (true, false) => {
            if nulls_last {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (false, true) => {
            if nulls_last {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        _ if descending => y.total_cmp(x),
        _ => x.total_cmp(y),
    }
}

/// `array_index_of(arr, lookup, [start, length, occurrence])`: the index of the
/// occurrence-th match within the searched range, -1 when absent.
pub fn array_index_of(a: &[Value]) -> Value {
    let Some(items) = array_arg(a, 0) else {
        return Value::Null;
    };
    let optional = |i: usize, default: i64| {
        if a.len() <= i {
            Some(default)
        } else {
            args::long(a, i)
        }
    };
    let (Some(start), Some(length), Some(occurrence)) =
        (optional(2, 0), optional(3, -1), optional(4, 1))
    else {
        return Value::Null;
    };
    if occurrence < 1 {
        return Value::Null;
    }
    let wanted = element(&json_of(args::arg(a, 1)));
    let from = position(items.len(), start);
    let to = if length < 0 {
        items.len()
    } else {
        from.saturating_add(length as usize).min(items.len())
    };
    let found = (from..to)
        .filter(|&i| element(&items[i]) == wanted)
        .nth((occurrence - 1) as usize);
    Value::Long(found.map_or(-1, |i| i as i64))
}

/// A condition element: bools as they are, numbers true when non-zero, else null.
fn truth(v: &J) -> Option<bool> {
    match v {
        J::Bool(b) => Some(*b),
        J::Number(n) => n.as_f64().map(|f| f != 0.0),
        _ => None,
    }
}

/// `array_iff(conditions, when_true, when_false)`: element-wise choice; the branches
/// are arrays (a missing element is null) or scalars used for every element.
pub fn array_iff(a: &[Value]) -> Value {
    let Some(conditions) = array_arg(a, 0) else {
        return Value::Null;
    };
    let branch = |i: usize, at: usize| match args::arg(a, i) {
        Value::Dynamic(d) if d.is_array() => d.get(at).cloned().unwrap_or(J::Null),
        other => json_of(other),
    };
    let out = conditions
        .iter()
        .enumerate()
        .map(|(at, c)| match truth(c) {
            Some(true) => branch(1, at),
            Some(false) => branch(2, at),
            None => J::Null,
        })
        .collect();
    Value::dynamic(J::Array(out))
}

/// `array_split(arr, indices)`: the array cut before each index (a number or an
/// array of numbers, negative from the end).
pub fn array_split(a: &[Value]) -> Value {
    let Some(items) = array_arg(a, 0) else {
        return Value::Null;
    };
    let cuts: Option<Vec<i64>> = match args::arg(a, 1) {
        Value::Dynamic(d) if d.is_array() => d
            .as_array()
            .map(|xs| xs.iter().filter_map(|x| element(x).as_i64()).collect()),
        _ => args::long(a, 1).map(|i| vec![i]),
    };
    let Some(cuts) = cuts else { return Value::Null };
    let mut parts = Vec::new();
    let mut from = 0;
    for cut in cuts {
        let at = position(items.len(), cut).max(from);
        parts.push(J::Array(items[from..at].to_vec()));
        from = at;
    }
    parts.push(J::Array(items[from..].to_vec()));
    Value::dynamic(J::Array(parts))
}

/// `array_sum(arr)`: the sum as real; null when an element is not a number.
pub fn array_sum(a: &[Value]) -> Value {
    let Some(items) = array_arg(a, 0) else {
        return Value::Null;
    };
    let sum: Option<f64> = items.iter().map(J::as_f64).sum();
    sum.map_or(Value::Null, Value::Real)
}

/// `zip(a1, a2, …)`: arrays of the i-th elements, as long as the longest input.
pub fn zip(a: &[Value]) -> Value {
    let arrays: Option<Vec<Vec<J>>> = (0..a.len()).map(|i| array_arg(a, i)).collect();
    let Some(arrays) = arrays else {
        return Value::Null;
    };
    let len = arrays.iter().map(Vec::len).max().unwrap_or(0);
    let rows = (0..len).map(|i| {
        J::Array(
            arrays
                .iter()
                .map(|arr| arr.get(i).cloned().unwrap_or(J::Null))
                .collect(),
        )
    });
    Value::dynamic(J::Array(rows.collect()))
}

/// `strcat_array(arr, delimiter)`: the elements as text, joined.
pub fn strcat_array(a: &[Value]) -> Value {
    let Some(items) = array_arg(a, 0) else {
        return Value::empty_string();
    };
    let parts: Vec<String> = items.iter().map(|v| element(v).to_kusto_string()).collect();
    Value::string(parts.join(&args::text(a, 1)))
}

/// Kusto caps `range()` arrays at this many elements (range-function docs).
const MAX_RANGE_ELEMENTS: usize = 1_048_576;

/// `repeat(value, count)` (repeat-function docs): `count` copies of `value`; an empty
/// array for 0, null for a negative or null count. A count beyond `range()`'s cap is an
/// error rather than an array that would take the memory of a table.
pub fn repeat(a: &[Value]) -> Result<Value, String> {
    let Some(count) = a[1].as_i64() else {
        return Ok(Value::Null);
    };
    if count < 0 {
        return Ok(Value::Null);
    }
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    if count > MAX_RANGE_ELEMENTS {
        return Err(format!(
            "repeat of {count} elements is more than the {MAX_RANGE_ELEMENTS} an array may hold"
        ));
    }
    let item = a[0].to_json();
    Ok(Value::dynamic(J::Array(vec![item; count])))
}

/// `range(start, stop[, step])`: numbers, or datetimes/timespans with a timespan step.
pub fn range(a: &[Value]) -> Value {
    use crate::exec::eval::{apply_binary, arithmetic};
    use crate::plan::BinaryOp;
    let (start, stop) = (&a[0], &a[1]);
    let step = a.get(2).cloned().unwrap_or(Value::Long(1));
    let descending = matches!(
        apply_binary(BinaryOp::Lt, &step, &Value::Long(0)),
        Value::Bool(true)
    ) || matches!(step, Value::TimeSpan(t) if t < 0);
    let zero = step.as_f64() == Some(0.0) || matches!(step, Value::TimeSpan(0));
    if start.is_null() || stop.is_null() || step.is_null() || zero {
        return Value::Null;
    }
    let past = if descending {
        BinaryOp::Lt
    } else {
        BinaryOp::Gt
    };
    let mut out = Vec::new();
    let mut current = start.clone();
    while out.len() < MAX_RANGE_ELEMENTS
        && matches!(apply_binary(past, &current, stop), Value::Bool(false))
    {
        out.push(current.to_json());
        current = arithmetic(BinaryOp::Add, &current, &step);
    }
    Value::dynamic(serde_json::Value::Array(out))
}
