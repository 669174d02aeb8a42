//! Collecting aggregates: make_set, make_list, make_list_with_nulls, make_bag (and
//! their `if` forms). Results keep input order; over no rows they are `[]`/`{}`.

use super::{holds, same};
use crate::functions::registry::Accumulator;
use crate::value::hash::FastSet;
use crate::value::{Row, Value};
use serde_json::{Map, Value as J};
use std::any::Any;

/// The documented default and largest `maxSize`.
const MAX_SIZE: usize = 1_048_576;
/// The deprecated `makeset`/`makelist` default size.
const LEGACY_MAX_SIZE: usize = 128;

/// The size cap from constant argument `i`, else `default` (never above the maximum).
fn cap(consts: &[Value], i: usize, default: usize) -> usize {
    consts
        .get(i)
        .and_then(Value::as_i64)
        .and_then(|n| usize::try_from(n).ok())
        .map_or(default, |n| n.min(MAX_SIZE))
}

/// What a collecting aggregate keeps of each input value.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Distinct non-null values; an array input contributes its elements.
    Set,
    /// Non-null values; an array input contributes its elements (geo-h3cell-rings page:
    /// `make_list` of the rings gives one flat list of cells).
    List,
    /// Every value, nulls included.
    ListWithNulls,
}

struct Collect {
    mode: Mode,
    predicate: Option<usize>,
    cap: usize,
    items: Vec<J>,
    seen: FastSet<Value>,
}

impl Collect {
    fn push(&mut self, v: J) {
        if self.items.len() >= self.cap {
            return;
        }
        if self.mode == Mode::Set {
            let key = Value::from_json_scalar(&v);
            if self.seen.contains(&key) {
                return;
            }
            self.seen.insert(key);
        }
        self.items.push(v);
    }

    fn offer(&mut self, v: &Value) {
        if self.items.len() >= self.cap {
            return;
        }
        match (self.mode, v) {
            (Mode::ListWithNulls, v) => self.push(v.to_json()),
            (_, v) if v.is_null() => {}
            (Mode::Set, Value::Dynamic(d)) if d.is_array() => {
                for item in d.as_array().into_iter().flatten().filter(|x| !x.is_null()) {
                    self.push(item.clone());
                }
            }
            (Mode::List, Value::Dynamic(d)) if d.is_array() => {
                for item in d.as_array().into_iter().flatten() {
                    self.push(item.clone());
                }
            }
            (Mode::Set, v @ (Value::String(_) | Value::Long(_) | Value::Bool(_))) => {
                // These are their own set key (`from_json_scalar` of their JSON gives
                // them back): test it before building the JSON.
                if !self.seen.contains(v) {
                    self.seen.insert(v.clone());
                    self.items.push(v.to_json());
                }
            }
            (_, v) => self.push(v.to_json()),
        }
    }
}

impl Accumulator for Collect {
    fn update(&mut self, args: &[Value]) {
        if self.predicate.is_some_and(|i| !holds(args.get(i))) {
            return;
        }
        if let Some(v) = args.first() {
            self.offer(v);
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<Collect>(other) {
            for item in o.items {
                self.push(item);
            }
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(Value::dynamic(J::Array(self.items.clone())));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

fn collect(mode: Mode, predicate: Option<usize>, cap: usize) -> Box<dyn Accumulator> {
    Box::new(Collect {
        mode,
        predicate,
        cap,
        items: Vec::new(),
        seen: FastSet::default(),
    })
}

pub fn make_set(consts: &[Value]) -> Box<dyn Accumulator> {
    collect(Mode::Set, None, cap(consts, 1, MAX_SIZE))
}
pub fn makeset(consts: &[Value]) -> Box<dyn Accumulator> {
    collect(Mode::Set, None, cap(consts, 1, LEGACY_MAX_SIZE))
}
pub fn make_set_if(consts: &[Value]) -> Box<dyn Accumulator> {
    collect(Mode::Set, Some(1), cap(consts, 2, MAX_SIZE))
}
pub fn make_list(consts: &[Value]) -> Box<dyn Accumulator> {
    collect(Mode::List, None, cap(consts, 1, MAX_SIZE))
}
pub fn makelist(consts: &[Value]) -> Box<dyn Accumulator> {
    collect(Mode::List, None, cap(consts, 1, LEGACY_MAX_SIZE))
}
pub fn make_list_if(consts: &[Value]) -> Box<dyn Accumulator> {
    collect(Mode::List, Some(1), cap(consts, 2, MAX_SIZE))
}
pub fn make_list_with_nulls(consts: &[Value]) -> Box<dyn Accumulator> {
    collect(Mode::ListWithNulls, None, cap(consts, 1, MAX_SIZE))
}

/// The union of property bags; the first value seen for a key is kept.
struct Bag {
    predicate: Option<usize>,
    cap: usize,
    bag: Map<String, J>,
}

impl Bag {
    fn absorb(&mut self, entries: impl IntoIterator<Item = (String, J)>) {
        for (k, v) in entries {
            if self.bag.len() >= self.cap && !self.bag.contains_key(&k) {
                return;
            }
            self.bag.entry(k).or_insert(v);
        }
    }
}

impl Accumulator for Bag {
    fn update(&mut self, args: &[Value]) {
        if self.predicate.is_some_and(|i| !holds(args.get(i))) {
            return;
        }
        if let Some(Value::Dynamic(d)) = args.first()
            && let Some(map) = d.as_object()
        {
            self.absorb(map.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Some(o) = same::<Bag>(other) {
            self.absorb(o.bag);
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(Value::dynamic(J::Object(self.bag.clone())));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

pub fn make_bag(consts: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Bag {
        predicate: None,
        cap: cap(consts, 1, MAX_SIZE),
        bag: Map::new(),
    })
}
/// `make_dictionary`: make_bag with the legacy default cap of 128 keys (make-bag page).
pub fn make_dictionary(consts: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Bag {
        predicate: None,
        cap: cap(consts, 1, 128),
        bag: Map::new(),
    })
}
pub fn make_bag_if(consts: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Bag {
        predicate: Some(1),
        cap: cap(consts, 2, MAX_SIZE),
        bag: Map::new(),
    })
}
