//! Aggregate functions (`summarize`): one accumulator type per function, each able
//! to merge with another partial state of the same function. Null inputs are
//! ignored unless a function says otherwise. Results over no rows follow the
//! summarize doc's "default values" table: the counts, sums, `stdev` and
//! `variance` give 0, the `make_*` functions `[]`, everything else null.

mod collect;
mod counting;
mod covariance;
pub mod digest;
mod numeric;
mod percentile;
mod pick;
mod schema;
pub mod sketch;

use super::registry::{
    Accumulator, AggregateFunction, ReturnType, aggregate_entry as entry, widened_first,
};
use crate::value::{Type, Value};

const LONG: ReturnType = ReturnType::Fixed(Type::Long);
const REAL: ReturnType = ReturnType::Fixed(Type::Real);
const DYN: ReturnType = ReturnType::Fixed(Type::Dynamic);
const SAME: ReturnType = ReturnType::SameAs(0);
const MANY: usize = usize::MAX;

/// `sum`'s type: int and long sum to long, real and decimal to real, timespans to timespan.
fn sum_type(args: &[Type]) -> Type {
    match args.first() {
        Some(Type::Int | Type::Long | Type::Bool) => Type::Long,
        Some(Type::Real | Type::Decimal) => Type::Real,
        Some(Type::TimeSpan) => Type::TimeSpan,
        _ => Type::Unknown,
    }
}

pub static AGGREGATES: &[AggregateFunction] = &[
    entry(
        "count",
        &[],
        (0, 1),
        "([expr]) -> long",
        LONG,
        counting::count,
        "The number of rows in the group.",
    ),
    entry(
        "countif",
        &[],
        (1, 1),
        "(predicate: bool) -> long",
        LONG,
        counting::countif,
        "The number of rows for which the predicate is true.",
    ),
    entry(
        "dcount",
        &["count_distinct"],
        (1, 2),
        "(expr, [accuracy: int]) -> long",
        LONG,
        counting::dcount,
        "The number of distinct non-null values, counted exactly (Kusto estimates; the estimate is exact at small cardinalities).",
    ),
    entry(
        "dcountif",
        &["count_distinctif"],
        (2, 3),
        "(expr, predicate: bool, [accuracy: int]) -> long",
        LONG,
        counting::dcountif,
        "dcount over the rows for which the predicate is true.",
    ),
    entry(
        "sum",
        &[],
        (1, 1),
        "(expr: numeric | timespan) -> same",
        ReturnType::Rule(sum_type),
        numeric::sum,
        "The sum of the non-null values (0 over no rows).",
    ),
    entry(
        "sumif",
        &[],
        (2, 2),
        "(expr: numeric | timespan, predicate: bool) -> same",
        ReturnType::Rule(sum_type),
        numeric::sumif,
        "sum over the rows for which the predicate is true.",
    ),
    // binary-all-or-aggregation-function (and -and-, -xor-): the bitwise fold of a
    // long column.
    entry(
        "binary_all_or",
        &[],
        (1, 1),
        "(value: long) -> long",
        LONG,
        numeric::binary_all_or,
        "The bitwise OR of the non-null values of the group (null over none).",
    ),
    entry(
        "binary_all_and",
        &[],
        (1, 1),
        "(value: long) -> long",
        LONG,
        numeric::binary_all_and,
        "The bitwise AND of the non-null values of the group (null over none).",
    ),
    entry(
        "binary_all_xor",
        &[],
        (1, 1),
        "(value: long) -> long",
        LONG,
        numeric::binary_all_xor,
        "The bitwise XOR of the non-null values of the group (null over none).",
    ),
    entry(
        "avg",
        &[],
        (1, 1),
        "(expr: numeric) -> real",
        REAL,
        numeric::avg,
        "The mean of the non-null values.",
    ),
    entry(
        "avgif",
        &[],
        (2, 2),
        "(expr: numeric, predicate: bool) -> real",
        REAL,
        numeric::avgif,
        "avg over the rows for which the predicate is true.",
    ),
    entry(
        "min",
        &[],
        (1, 1),
        "(expr) -> same",
        SAME,
        numeric::min,
        "The smallest non-null value.",
    ),
    entry(
        "max",
        &[],
        (1, 1),
        "(expr) -> same",
        SAME,
        numeric::max,
        "The largest non-null value.",
    ),
    entry(
        "minif",
        &[],
        (2, 2),
        "(expr, predicate: bool) -> same",
        SAME,
        numeric::minif,
        "min over the rows for which the predicate is true.",
    ),
    entry(
        "maxif",
        &[],
        (2, 2),
        "(expr, predicate: bool) -> same",
        SAME,
        numeric::maxif,
        "max over the rows for which the predicate is true.",
    ),
    entry(
        "stdev",
        &[],
        (1, 1),
        "(expr: numeric) -> real",
        REAL,
        numeric::stdev,
        "The sample standard deviation (n − 1).",
    ),
    entry(
        "stdevif",
        &[],
        (2, 2),
        "(expr: numeric, predicate: bool) -> real",
        REAL,
        numeric::stdevif,
        "stdev over the rows for which the predicate is true.",
    ),
    entry(
        "stdevp",
        &[],
        (1, 1),
        "(expr: numeric) -> real",
        REAL,
        numeric::stdevp,
        "The population standard deviation (n).",
    ),
    entry(
        "variance",
        &[],
        (1, 1),
        "(expr: numeric) -> real",
        REAL,
        numeric::variance,
        "The sample variance (n − 1).",
    ),
    entry(
        "varianceif",
        &[],
        (2, 2),
        "(expr: numeric, predicate: bool) -> real",
        REAL,
        numeric::varianceif,
        "variance over the rows for which the predicate is true.",
    ),
    entry(
        "variancep",
        &[],
        (1, 1),
        "(expr: numeric) -> real",
        REAL,
        numeric::variancep,
        "The population variance (n).",
    ),
    entry(
        "make_set",
        &[],
        (1, 2),
        "(expr, [maxSize: int]) -> dynamic",
        DYN,
        collect::make_set,
        "The distinct non-null values (array inputs contribute their elements).",
    ),
    entry(
        "makeset",
        &[],
        (1, 2),
        "(expr, [maxSize: int]) -> dynamic",
        DYN,
        collect::makeset,
        "Deprecated make_set, with a default maxSize of 128.",
    ),
    entry(
        "make_set_if",
        &[],
        (2, 3),
        "(expr, predicate: bool, [maxSize: int]) -> dynamic",
        DYN,
        collect::make_set_if,
        "make_set over the rows for which the predicate is true.",
    ),
    entry(
        "make_list",
        &[],
        (1, 2),
        "(expr, [maxSize: int]) -> dynamic",
        DYN,
        collect::make_list,
        "All non-null values in input order.",
    ),
    entry(
        "makelist",
        &[],
        (1, 2),
        "(expr, [maxSize: int]) -> dynamic",
        DYN,
        collect::makelist,
        "Deprecated make_list, with a default maxSize of 128.",
    ),
    entry(
        "make_list_if",
        &[],
        (2, 3),
        "(expr, predicate: bool, [maxSize: int]) -> dynamic",
        DYN,
        collect::make_list_if,
        "make_list over the rows for which the predicate is true.",
    ),
    entry(
        "make_list_with_nulls",
        &[],
        (1, 2),
        "(expr, [maxSize: int]) -> dynamic",
        DYN,
        collect::make_list_with_nulls,
        "All values in input order, nulls included.",
    ),
    entry(
        "make_bag",
        &[],
        (1, 2),
        "(bag: dynamic, [maxSize: int]) -> dynamic",
        DYN,
        collect::make_bag,
        "The union of the property bags (the first value of a key wins).",
    ),
    entry(
        "make_dictionary",
        &[],
        (1, 2),
        "(bag: dynamic, [maxSize: int]) -> dynamic",
        DYN,
        collect::make_dictionary,
        "make_bag's deprecated form, whose maxSize defaults to 128 (make-bag page).",
    ),
    entry(
        "buildschema",
        &[],
        (1, 1),
        "(value: dynamic) -> dynamic",
        DYN,
        schema::buildschema,
        "The minimal schema that admits every value: types, bags, `indexer` arrays.",
    ),
    entry(
        "make_bag_if",
        &[],
        (2, 3),
        "(bag: dynamic, predicate: bool, [maxSize: int]) -> dynamic",
        DYN,
        collect::make_bag_if,
        "make_bag over the rows for which the predicate is true.",
    ),
    entry(
        "arg_max",
        &["argmax"],
        (1, MANY),
        "(expr, col1, ...) -> expr's type, then the columns",
        SAME,
        pick::arg_max,
        "The row with the largest expr: expr's value, then the other arguments' values.",
    ),
    entry(
        "arg_min",
        &["argmin"],
        (1, MANY),
        "(expr, col1, ...) -> expr's type, then the columns",
        SAME,
        pick::arg_min,
        "The row with the smallest expr: expr's value, then the other arguments' values.",
    ),
    entry(
        "take_any",
        &["any"],
        (1, MANY),
        "(expr, ...) -> expr's type, then the others",
        SAME,
        pick::take_any,
        "The values of one row of the group (one argument: a non-empty value when there is one).",
    ),
    entry(
        "take_anyif",
        &["anyif"],
        (2, 2),
        "(expr, predicate: bool) -> expr's type",
        SAME,
        pick::take_anyif,
        "take_any over the rows for which the predicate is true.",
    ),
    entry(
        "percentile",
        &[],
        (2, 2),
        "(expr, percentile: real) -> expr's type",
        ReturnType::Rule(widened_first),
        percentile::percentile,
        "The nearest-rank percentile (exact; Kusto estimates).",
    ),
    entry(
        "percentiles",
        &[],
        (2, MANY),
        "(expr, percentile1: real, ...) -> one column per percentile",
        ReturnType::Rule(widened_first),
        percentile::percentiles,
        "Several nearest-rank percentiles, one result each.",
    ),
    entry(
        "percentiles_array",
        &[],
        (2, MANY),
        "(expr, percentile1: real, ... | percentiles: dynamic) -> dynamic",
        DYN,
        percentile::percentiles_array,
        "Several nearest-rank percentiles as one array.",
    ),
    entry(
        "variancepif",
        &[],
        (2, 2),
        "(expr: real, predicate: bool) -> real",
        REAL,
        numeric::variancepif,
        "variancep over the rows for which the predicate is true.",
    ),
    entry(
        "covariance",
        &[],
        (2, 2),
        "(x: real, y: real) -> real",
        REAL,
        covariance::covariance,
        "The sample covariance of two columns.",
    ),
    entry(
        "covariancep",
        &[],
        (2, 2),
        "(x: real, y: real) -> real",
        REAL,
        covariance::covariancep,
        "The population covariance of two columns.",
    ),
    entry(
        "covarianceif",
        &[],
        (3, 3),
        "(x: real, y: real, predicate: bool) -> real",
        REAL,
        covariance::covarianceif,
        "covariance over the rows for which the predicate is true.",
    ),
    entry(
        "covariancepif",
        &[],
        (3, 3),
        "(x: real, y: real, predicate: bool) -> real",
        REAL,
        covariance::covariancepif,
        "covariancep over the rows for which the predicate is true.",
    ),
    entry(
        "percentilew",
        &[],
        (3, 3),
        "(expr, weight: long, percentile: real) -> same type as expr",
        SAME,
        percentile::percentilesw,
        "A weighted nearest-rank percentile: each value counts as often as its weight.",
    ),
    entry(
        "percentilesw",
        &[],
        (3, MANY),
        "(expr, weight: long, percentile1: real, ...) -> same type as expr",
        SAME,
        percentile::percentilesw,
        "Several weighted nearest-rank percentiles, one column each.",
    ),
    entry(
        "percentilesw_array",
        &[],
        (3, MANY),
        "(expr, weight: long, percentile1: real, ... | percentiles: dynamic) -> dynamic",
        DYN,
        percentile::percentilesw_array,
        "Several weighted nearest-rank percentiles as one array.",
    ),
    entry(
        "hll",
        &[],
        (1, 2),
        "(expr, [accuracy: int]) -> dynamic",
        DYN,
        sketch::hll,
        "A mergeable sketch of the distinct values (kqlc keeps every value's hash).",
    ),
    entry(
        "hll_if",
        &[],
        (2, 3),
        "(expr, predicate: bool, [accuracy: int]) -> dynamic",
        DYN,
        sketch::hll_if,
        "hll over the rows for which the predicate is true.",
    ),
    entry(
        "hll_merge",
        &[],
        (1, 1),
        "(hll: dynamic) -> dynamic",
        DYN,
        sketch::hll_merge,
        "The union of the group's hll sketches.",
    ),
    entry(
        "tdigest",
        &[],
        (1, 2),
        "(expr, [weight: long]) -> dynamic",
        DYN,
        digest::tdigest,
        "A mergeable digest of the values for percentiles (kqlc keeps every distinct value).",
    ),
    entry(
        "tdigest_merge",
        &["merge_tdigests"],
        (1, 1),
        "(digest: dynamic) -> dynamic",
        DYN,
        digest::tdigest_merge,
        "The union of the group's tdigest digests.",
    ),
];

/// Whether a predicate value holds (null and non-bools are false).
fn holds(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool) == Some(true)
}

/// Another accumulator of the same type, or `None`.
fn same<T: 'static>(other: Box<dyn Accumulator>) -> Option<T> {
    other.into_any().downcast::<T>().ok().map(|b| *b)
}

/// An aggregate state that ignores its input and yields null: for aggregates kqlc
/// knows but cannot run (check-only plans), so a stray run gives null, not a wrong value.
pub struct AlwaysNull;

impl Accumulator for AlwaysNull {
    fn update(&mut self, _: &[Value]) {}
    fn merge(&mut self, _: Box<dyn Accumulator>) {}
    fn finish(&self, out: &mut crate::value::Row) {
        out.push(Value::Null);
    }
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

#[cfg(test)]
mod tests;
