//! Moving an array's elements: array_shift_left/right (vacated places take a default)
//! and array_rotate_left/right (elements wrap around), per their docs pages.

use super::array_arg;
use crate::functions::args;
use crate::value::Value;
use serde_json::Value as J;

/// The array shifted `by` places to the left (negative: right), vacated places filled
/// with `fill`.
fn shifted(items: &[J], by: i64, fill: &J) -> Vec<J> {
    (0..items.len() as i64)
        .map(|i| {
            i.checked_add(by)
                .and_then(|j| usize::try_from(j).ok())
                .and_then(|j| items.get(j))
                .unwrap_or(fill)
                .clone()
        })
        .collect()
}

/// `array_shift_left(arr, n [, default])`, or `_right` when `right`; null for a
/// non-array or a missing count.
pub fn array_shift(a: &[Value], right: bool) -> Value {
    let (Some(items), Some(n)) = (array_arg(a, 0), args::long(a, 1)) else {
        return Value::Null;
    };
    let by = if right { n.saturating_neg() } else { n };
    let fill = args::arg(a, 2).to_json();
    Value::dynamic(J::Array(shifted(&items, by, &fill)))
}

/// `array_rotate_left(arr, n)`, or `_right` when `right`: elements leaving one end
/// come back at the other.
pub fn array_rotate(a: &[Value], right: bool) -> Value {
    let (Some(mut items), Some(n)) = (array_arg(a, 0), args::long(a, 1)) else {
        return Value::Null;
    };
    if !items.is_empty() {
        let len = items.len() as i64;
        let by = if right { -(n % len) } else { n % len };
        items.rotate_left(by.rem_euclid(len) as usize);
    }
    Value::dynamic(J::Array(items))
}
