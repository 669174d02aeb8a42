//! Aggregate functions (`summarize`).

use super::registry::AggregateFunction;

pub static AGGREGATES: &[AggregateFunction] = &[];
