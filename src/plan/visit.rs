//! Walking the plan: the direct inputs of each operator.

use super::{Node, Op};

/// Calls `f` on each direct input of `node` (both sides of a join, every union input,
/// an `mv-apply` body).
pub fn each_input(node: &Node, f: &mut dyn FnMut(&Node)) {
    match &node.op {
        Op::Scan(_) | Op::Values(_) | Op::Range(_) | Op::Shared(_) | Op::ApplyInput => {}
        Op::Where(o) => f(&o.input),
        Op::Extend(o) => f(&o.input),
        Op::Project(o) => f(&o.input),
        Op::Summarize(o) => f(&o.input),
        Op::Sort(o) => f(&o.input),
        Op::Take(o) => f(&o.input),
        Op::MvExpand(o) => f(&o.input),
        Op::Parse(o) => f(&o.input),
        Op::BagUnpack(o) => f(&o.input),
        Op::ParseKv(o) => f(&o.input),
        Op::MakeSeries(o) => f(&o.input),
        Op::TopNested(o) => f(&o.input),
        Op::ScanSteps(o) => f(&o.input),
        Op::TableFn(o) => {
            f(&o.input);
            if let Some(side) = &o.side {
                f(side);
            }
        }
        Op::Join(o) => {
            f(&o.left);
            f(&o.right);
        }
        Op::Union(o) => o.inputs.iter().for_each(&mut *f),
        Op::MvApply(o) => {
            f(&o.input);
            f(&o.body);
        }
        Op::Graph(g) => g.inputs().into_iter().for_each(f),
        Op::GraphTable(t) => t.inputs().into_iter().for_each(f),
    }
}
