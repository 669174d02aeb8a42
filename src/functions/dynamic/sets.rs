//! Set functions over dynamic arrays: set_union, set_intersect, set_difference,
//! set_has_element. Results keep the order of first appearance; numbers compare
//! by value (`1` equals `1.0`).

use super::{array_arg, element, json_of};
use crate::functions::args;
use crate::value::Value;
use serde_json::Value as J;
use std::collections::HashSet;

/// The arrays of all arguments; `None` when one is not an array.
fn arrays(a: &[Value]) -> Option<Vec<Vec<J>>> {
    (0..a.len()).map(|i| array_arg(a, i)).collect()
}

/// The distinct elements of `items` that `keep` accepts, in first-seen order.
fn distinct(items: impl Iterator<Item = J>, keep: impl Fn(&Value) -> bool) -> Value {
    let mut seen = HashSet::new();
    let out = items.filter(|v| {
        let key = element(v);
        keep(&key) && seen.insert(key)
    });
    Value::dynamic(J::Array(out.collect()))
}

fn keys(items: &[J]) -> HashSet<Value> {
    items.iter().map(element).collect()
}

pub fn set_union(a: &[Value]) -> Value {
    let Some(all) = arrays(a) else {
        return Value::Null;
    };
    distinct(all.into_iter().flatten(), |_| true)
}

pub fn set_intersect(a: &[Value]) -> Value {
    first_against_others(a, |k, others| others.iter().all(|o| o.contains(k)))
}

pub fn set_difference(a: &[Value]) -> Value {
    first_against_others(a, |k, others| !others.iter().any(|o| o.contains(k)))
}

/// The distinct elements of the first array that `keep` accepts given the element sets
/// of the other arrays; null when there is no argument or one is not an array.
fn first_against_others(a: &[Value], keep: impl Fn(&Value, &[HashSet<Value>]) -> bool) -> Value {
    let Some(mut all) = arrays(a) else {
        return Value::Null;
    };
    if all.is_empty() {
        return Value::Null;
    }
    let first = all.remove(0);
    let others: Vec<HashSet<Value>> = all.iter().map(|arr| keys(arr)).collect();
    distinct(first.into_iter(), |k| keep(k, &others))
}

/// `set_equals(set1, set2)` (Kusto.Language's signature; no docs page): whether the
/// distinct elements of both arrays are the same; null when either is not an array.
pub fn set_equals(a: &[Value]) -> Value {
    let (Some(first), Some(second)) = (array_arg(a, 0), array_arg(a, 1)) else {
        return Value::Null;
    };
    Value::Bool(keys(&first) == keys(&second))
}

pub fn set_has_element(a: &[Value]) -> Value {
    let Some(items) = array_arg(a, 0) else {
        return Value::Null;
    };
    let wanted = element(&json_of(args::arg(a, 1)));
    Value::Bool(items.iter().any(|v| element(v) == wanted))
}

/// `jaccard_index(set1, set2)` (jaccard-index-function docs): |set1 ∩ set2| /
/// |set1 ∪ set2| over the distinct elements; null when either is not an array.
pub fn jaccard_index(a: &[Value]) -> Value {
    let (Some(first), Some(second)) = (array_arg(a, 0), array_arg(a, 1)) else {
        return Value::Null;
    };
    let (first, second) = (keys(&first), keys(&second));
    let common = first.intersection(&second).count();
    let all = first.union(&second).count();
    Value::Real(common as f64 / all as f64)
}
