//! Running a streaming chain (`scan → where/extend/project…`) with a test on key values
//! pushed into its scan: a join's probe side is read through it so that a row whose key
//! no left row has is dropped before its other columns are converted (a semi-join
//! prefilter). The test only ever drops rows the caller would drop; any shape it cannot
//! be pushed through runs as [`execute`] without it.

use super::{ExecContext, Sink, execute};
use crate::diagnostic::Result;
use crate::ops;
use crate::plan::{Expr, Node, Op};
use crate::value::{Type, Value};

/// Key expressions over a node's output, and whether a row with those key values may
/// pass. A row whose keys fail to evaluate passes (the caller meets the same error).
pub struct KeyFilter<'f> {
    pub keys: Vec<Expr>,
    pub keep: &'f (dyn Fn(&[Value]) -> bool + Sync),
}

impl<'f> KeyFilter<'f> {
    /// The same test with its keys rewritten over `op`'s input by `column`.
    fn below(&self, column: &dyn Fn(usize) -> Option<Expr>) -> Option<KeyFilter<'f>> {
        let keys = (self.keys.iter())
            .map(|k| k.clone().with_columns(column))
            .collect::<Option<Vec<Expr>>>()?;
        Some(KeyFilter {
            keys,
            keep: self.keep,
        })
    }
}

/// Runs `node` into `down`, testing `filter` in its scan when the chain allows it.
pub fn execute_filtered(
    node: &Node,
    filter: &KeyFilter,
    down: &mut dyn Sink,
    cx: &ExecContext,
) -> Result<()> {
    match &node.op {
        Op::Scan(scan) => ops::scan::execute_prefiltered(scan, node, &[], Some(filter), down, cx),
        Op::Where(_) => super::execute_wheres_filtered(node, Some(filter), down, cx),
        Op::Extend(op) if !op.windowed => {
            let width = op.input.schema.len();
            let below = filter.below(&|i| match i.checked_sub(width) {
                None => Some(column_of(&op.input, i)),
                Some(k) => op.exprs.get(k).cloned(),
            });
            let sink = &mut ops::extend::ExtendSink::new(op, node.span, down);
            match below {
                Some(below) => execute_filtered(&op.input, &below, sink, cx),
                None => execute(&op.input, sink, cx),
            }
        }
        Op::Project(op) => {
            let below = filter.below(&|i| op.exprs.get(i).cloned());
            let sink = &mut ops::project::ProjectSink::new(op, down);
            match below {
                Some(below) => execute_filtered(&op.input, &below, sink, cx),
                None => execute(&op.input, sink, cx),
            }
        }
        _ => execute(node, down, cx),
    }
}

/// Column `i` of `node`'s output, read as is.
fn column_of(node: &Node, i: usize) -> Expr {
    let ty = node.schema.get(i).map_or(Type::Dynamic, |c| c.ty);
    Expr::column(i, ty, node.span)
}
