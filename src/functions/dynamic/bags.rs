//! Property-bag functions: bag_keys, bag_has_key, bag_merge, bag_remove_keys,
//! bag_set_key, bag_pack/pack, pack_array. Keys may be JSONPath (`$.a.b`).

use super::{array_arg, json_of, path};
use crate::functions::args;
use crate::value::Value;
use serde_json::{Map, Value as J};

/// Argument `i` when it is an object.
fn bag_arg(a: &[Value], i: usize) -> Option<Map<String, J>> {
    match args::json(a, i).into_owned() {
        J::Object(map) => Some(map),
        _ => None,
    }
}

/// `bag_keys(bag)`: the keys in order; null when the value is not a bag.
pub fn bag_keys(a: &[Value]) -> Value {
    bag_arg(a, 0).map_or(Value::Null, |m| {
        Value::dynamic(J::Array(m.keys().map(|k| J::String(k.clone())).collect()))
    })
}

/// `bag_has_key(bag, key)`: whether the key (or JSONPath) exists; false for non-bags.
pub fn bag_has_key(a: &[Value]) -> Value {
    let Some(bag) = bag_arg(a, 0) else {
        return Value::Bool(false);
    };
    let found = path::parse(&args::text(a, 1))
        .is_some_and(|steps| path::get(&J::Object(bag), &steps).is_some());
    Value::Bool(found)
}

/// `bag_merge(bag1, bag2, …)`: all properties; on a clash the earlier bag wins.
pub fn bag_merge(a: &[Value]) -> Value {
    let mut merged = Map::new();
    for i in 0..a.len() {
        for (k, v) in bag_arg(a, i).into_iter().flatten() {
            merged.entry(k).or_insert(v);
        }
    }
    Value::dynamic(J::Object(merged))
}

/// `bag_remove_keys(bag, keys)`: the bag without the keys (or JSONPaths).
pub fn bag_remove_keys(a: &[Value]) -> Value {
    let (Some(bag), Some(keys)) = (bag_arg(a, 0), array_arg(a, 1)) else {
        return Value::Null;
    };
    let mut bag = J::Object(bag);
    for key in keys.iter().filter_map(J::as_str) {
        if let Some(steps) = path::parse(key) {
            path::remove(&mut bag, &steps);
        }
    }
    Value::dynamic(bag)
}

/// `bag_set_key(bag, key, value)`: the bag with the key (or JSONPath) set, missing
/// intermediate bags created.
pub fn bag_set_key(a: &[Value]) -> Value {
    let Some(bag) = bag_arg(a, 0) else {
        return Value::Null;
    };
    let Some(steps) = path::parse(&args::text(a, 1)) else {
        return Value::Null;
    };
    let mut bag = J::Object(bag);
    if path::set(&mut bag, &steps, json_of(args::arg(a, 2))) {
        Value::dynamic(bag)
    } else {
        Value::Null
    }
}

/// `bag_pack(key1, value1, …)`: a bag of the pairs; an odd argument count is an error.
pub fn bag_pack(a: &[Value]) -> Result<Value, String> {
    if !a.len().is_multiple_of(2) {
        return Err(format!(
            "bag_pack expects key/value pairs, got {} arguments",
            a.len()
        ));
    }
    let mut bag = Map::new();
    for pair in a.chunks(2) {
        bag.insert(pair[0].to_kusto_string(), json_of(&pair[1]));
    }
    Ok(Value::dynamic(J::Object(bag)))
}

/// `pack_array(v1, v2, …)`: an array of the values.
pub fn pack_array(a: &[Value]) -> Value {
    Value::dynamic(J::Array(a.iter().map(json_of).collect()))
}

/// `bag_zip(keys, values)` (bag-zip docs): the bag of each string key with the value at
/// its position (null past the values' end, or when `values` is not an array); keys
/// that are not strings are skipped; null when `keys` is not an array.
pub fn bag_zip(a: &[Value]) -> Value {
    let Some(keys) = array_arg(a, 0) else {
        return Value::Null;
    };
    let values = array_arg(a, 1).unwrap_or_default();
    let bag: Map<String, J> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            let key = k.as_str()?;
            Some((key.to_string(), values.get(i).cloned().unwrap_or(J::Null)))
        })
        .collect();
    Value::dynamic(J::Object(bag))
}
