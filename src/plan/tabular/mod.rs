//! The data of each tabular operator of the plan, one file an operator: plain data that
//! the checker, the interpreter (`crate::ops`) and the translators read.

pub mod bag_unpack;
pub mod extend;
pub mod graph;
pub mod join;
pub mod make_series;
pub mod mv_apply;
pub mod mv_expand;
pub mod parse;
pub mod parse_kv;
pub mod project;
pub mod range;
pub mod scan;
pub mod scan_steps;
pub mod sort;
pub mod summarize;
pub mod table_fn;
pub mod take;
pub mod top_nested;
pub mod union;
pub mod values;
pub mod where_;
