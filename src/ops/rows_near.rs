//! `evaluate rows_near(Condition, NumRows [, RowsAfter])` (rows-near-plugin page): the
//! rows at most `NumRows` before or `RowsAfter` (default `NumRows`) after a row where
//! the condition is true, each once, in input order.

use crate::diagnostic::Result;
use crate::exec::ExecContext;
use crate::exec::eval::eval;
use crate::plan::tabular::table_fn::RowsNear;
use crate::value::Row;

/// The input rows near a row that meets the condition.
pub fn rows_near(op: &RowsNear, input: &[Row], cx: &ExecContext) -> Result<Vec<Row>> {
    let mut keep = vec![false; input.len()];
    for (i, row) in input.iter().enumerate() {
        if eval(&op.condition, row, cx)?.as_bool() != Some(true) {
            continue;
        }
        let first = i.saturating_sub(op.before);
        let last = i
            .saturating_add(op.after)
            .min(input.len().saturating_sub(1));
        keep[first..=last].iter_mut().for_each(|k| *k = true);
    }
    Ok(input
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(row, _)| row.clone())
        .collect())
}
