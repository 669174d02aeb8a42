//! ES|QL aggregates over multi-valued fields: every value of a multi-value counts (KQL's
//! accumulators see a dynamic array as one value). Each entry wraps the KQL aggregate
//! of the same semantics and feeds it the values one by one.

use super::aggregate_numeric as numeric;
use super::aggregate_order as order;
use super::aggregate_stats as stats;
use crate::functions::registry::{self, Accumulator, AggregateFunction, ReturnType};
use crate::value::{Row, Type, Value};
use std::any::Any;

/// How the ES|QL result of an aggregate differs from its KQL accumulator's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Finish {
    /// As the KQL accumulator gives it.
    Plain,
    /// `count(x)`: feed `x is not null` for each value (the inner is `countif`).
    Presence,
    /// `values`: null when empty, a single value as itself, dates as ES|QL renders
    /// them (docs: `VALUES`, which returns a multi-valued field).
    MultiValue,
}

/// Feeds each value of a multi-valued first argument to the inner accumulator.
struct PerValue {
    inner: Box<dyn Accumulator>,
    finish: Finish,
    /// Whether a non-null value was fed.
    seen: bool,
}

impl PerValue {
    fn feed(&mut self, first: Value, rest: &[Value]) {
        self.seen |= !first.is_null();
        let first = match (self.finish, first) {
            (Finish::Presence, v) => Value::Bool(!v.is_null()),
            (Finish::MultiValue, v @ Value::DateTime(_)) => {
                Value::from_json_scalar(&super::esql_json(&v))
            }
            (_, v) => v,
        };
        let mut args = Vec::with_capacity(rest.len() + 1);
        args.push(first);
        args.extend_from_slice(rest);
        self.inner.update(&args);
    }
}

impl Accumulator for PerValue {
    fn update(&mut self, args: &[Value]) {
        let Some((first, rest)) = args.split_first() else {
            self.inner.update(args);
            return;
        };
        match first {
            Value::Dynamic(d) if d.is_array() => {
                for e in d.as_array().into_iter().flatten() {
                    self.feed(Value::from_json_scalar(e), rest);
                }
            }
            other => self.feed(other.clone(), rest),
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Ok(o) = other.into_any().downcast::<PerValue>() {
            self.seen |= o.seen;
            self.inner.merge(o.inner);
        }
    }
    fn finish(&self, out: &mut Row) {
        let at = out.len();
        self.inner.finish(out);
        let Some(v) = out.get_mut(at) else {
            return;
        };
        if self.finish != Finish::MultiValue {
            return;
        }
        let single = match &*v {
            Value::Dynamic(d) => match d.as_array().map(Vec::as_slice) {
                Some([]) => Some(Value::Null),
                Some([one]) => Some(Value::from_json_scalar(one)),
                _ => None,
            },
            _ => None,
        };
        if let Some(s) = single {
            *v = s;
        }
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

fn wrap(kql: &str, consts: &[Value], finish: Finish) -> Box<dyn Accumulator> {
    match registry::aggregate(kql) {
        Some(f) => Box::new(PerValue {
            inner: (f.new)(consts),
            finish,
            seen: false,
        }),
        None => Box::new(crate::functions::aggregate::AlwaysNull),
    }
}

macro_rules! per_value {
    ($($fn_name:ident => $kql:literal, $finish:ident;)*) => {
        $(fn $fn_name(consts: &[Value]) -> Box<dyn Accumulator> {
            wrap($kql, consts, Finish::$finish)
        })*
    };
}

per_value! {
    new_count => "countif", Presence;
    new_dcount => "dcount", Plain;
    new_values => "make_set", MultiValue;
}

/// `min`/`max` in ES|QL's order (IP addresses by value, `::1` < `127.0.0.1`; docs:
/// aggregation-functions `MIN`/`MAX`, which take `ip`), over every value of a
/// multi-value; null when there is no value.
struct Extreme {
    max: bool,
    best: Option<Value>,
}

impl Accumulator for Extreme {
    fn update(&mut self, args: &[Value]) {
        for v in super::values_of(args.first().unwrap_or(&Value::Null)) {
            self.offer(v);
        }
    }
    fn merge(&mut self, other: Box<dyn Accumulator>) {
        if let Ok(o) = other.into_any().downcast::<Extreme>()
            && let Some(v) = o.best
        {
            self.offer(v);
        }
    }
    fn finish(&self, out: &mut Row) {
        out.push(self.best.clone().unwrap_or(Value::Null));
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

impl Extreme {
    fn offer(&mut self, v: Value) {
        if v.is_null() {
            return;
        }
        let better = match &self.best {
            None => true,
            Some(b) => {
                let o = super::mv::esql_cmp(&v, b);
                if self.max { o.is_gt() } else { o.is_lt() }
            }
        };
        if better {
            self.best = Some(v);
        }
    }
}

fn new_min(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Extreme {
        max: false,
        best: None,
    })
}

fn new_max(_: &[Value]) -> Box<dyn Accumulator> {
    Box::new(Extreme {
        max: true,
        best: None,
    })
}

/// A table entry of an ES|QL aggregate: no aliases, one signature and doc for all.
const fn entry(
    name: &'static str,
    arity: (usize, usize),
    returns: ReturnType,
    new: fn(&[Value]) -> Box<dyn Accumulator>,
) -> AggregateFunction {
    let signature = "(field, …) -> any";
    let doc = "The ES|QL aggregate, over every value of multi-valued fields.";
    registry::aggregate_entry(name, &[], arity, signature, returns, new, doc)
}

/// The ES|QL aggregates, by the KQL aggregate each wraps.
pub static AGGREGATES: &[AggregateFunction] = &[
    entry("countif", (1, 1), ReturnType::Fixed(Type::Long), new_count),
    entry("dcount", (1, 2), ReturnType::Fixed(Type::Long), new_dcount),
    entry(
        "make_set",
        (1, 2),
        ReturnType::Fixed(Type::Dynamic),
        new_values,
    ),
    entry(
        "esql_sum",
        (1, 1),
        ReturnType::Rule(sum_type),
        numeric::new_sum,
    ),
    entry(
        "esql_avg",
        (1, 1),
        ReturnType::Fixed(Type::Real),
        numeric::new_avg,
    ),
    entry("min", (1, 1), ReturnType::SameAs(0), new_min),
    entry("max", (1, 1), ReturnType::SameAs(0), new_max),
    entry(
        "esql_percentile",
        (2, 2),
        ReturnType::Fixed(Type::Real),
        numeric::new_percentile,
    ),
    entry(
        "esql_std_dev",
        (1, 1),
        ReturnType::Fixed(Type::Real),
        numeric::new_std_dev,
    ),
    entry(
        "esql_variance",
        (1, 1),
        ReturnType::Fixed(Type::Real),
        numeric::new_variance,
    ),
    entry(
        "esql_top",
        (3, 4),
        ReturnType::Rule(top_type),
        order::new_top,
    ),
    entry(
        "esql_first",
        (2, 2),
        ReturnType::SameAs(0),
        order::new_first,
    ),
    entry("esql_last", (2, 2), ReturnType::SameAs(0), order::new_last),
    entry(
        "esql_present",
        (1, 1),
        ReturnType::Fixed(Type::Bool),
        stats::new_present,
    ),
    entry(
        "esql_absent",
        (1, 1),
        ReturnType::Fixed(Type::Bool),
        stats::new_absent,
    ),
    entry(
        "esql_weighted_avg",
        (2, 2),
        ReturnType::Fixed(Type::Real),
        stats::new_weighted_avg,
    ),
    entry(
        "esql_median_absolute_deviation",
        (1, 1),
        ReturnType::Fixed(Type::Real),
        stats::new_median_absolute_deviation,
    ),
];

/// `TOP`'s type: its output field's (the fourth argument), else its field's.
fn top_type(args: &[Type]) -> Type {
    args.get(3)
        .or(args.first())
        .copied()
        .unwrap_or(Type::Unknown)
}

/// `SUM`'s type: a long for integers, a double for doubles (docs: aggregation-functions `SUM`).
fn sum_type(args: &[Type]) -> Type {
    match args.first() {
        Some(Type::Int | Type::Long | Type::Bool) => Type::Long,
        Some(t) => *t,
        None => Type::Unknown,
    }
}

/// The multi-value-aware wrapper of a KQL aggregate, by the KQL name.
pub fn per_value(kql: &str) -> Option<&'static AggregateFunction> {
    AGGREGATES.iter().find(|f| f.name == kql)
}

/// The value an accumulator gives after taking `rows`, each a call's arguments (for
/// the aggregates' unit tests).
#[cfg(test)]
pub(super) fn accumulated(mut acc: Box<dyn Accumulator>, rows: &[Vec<Value>]) -> Value {
    for r in rows {
        acc.update(r);
    }
    let mut out = Vec::new();
    acc.finish(&mut out);
    out.pop().unwrap_or(Value::Null)
}
