//! One file per tabular operator: its plan data and its execution (a [`Sink`] for
//! streaming operators, an `execute` function for sources and joins).
//!
//! [`Sink`]: crate::exec::Sink

pub mod activity;
pub mod bag_unpack;
pub mod basket;
pub mod extend;
pub mod geo_lookup;
pub mod graph;
pub mod join;
pub mod make_series;
pub mod mv_apply;
pub mod mv_expand;
pub mod parse;
pub mod parse_kv;
pub mod project;
pub mod range;
pub mod reduce;
pub mod rows_near;
pub mod scan;
pub mod scan_steps;
pub mod schema_merge;
pub mod sort;
pub mod summarize;
pub mod table_fn;
pub mod take;
pub mod top_nested;
pub mod union;
pub mod values;
pub mod where_;
