//! Projection push-down: marks on each table scan which of its columns the plan reads,
//! so the reader materialises only those (a 1 GB JSON Lines file of 30 columns is read
//! for the 9 a rule uses), and of a `dynamic` column read only through members
//! (`Data.MemberId`), which members, so the reader builds only those of each object.

use super::{Expr, ExprKind, Node, Op, Plan};
use crate::plan::tabular::scan::Read;
use crate::value::Value;

/// Marks the columns every scan must read, for the whole plan.
pub fn prune_columns(plan: &mut Plan) {
    let root_width = plan.root.schema.len();
    require(&mut plan.root, vec![Read::Whole; root_width]);
    for shared in &mut plan.shared {
        let width = shared.schema.len();
        require(shared, vec![Read::Whole; width]);
    }
}

/// `n` columns all read whole.
fn whole(n: usize) -> Vec<Read> {
    vec![Read::Whole; n]
}

/// Nulls the columns of `node` that nothing after it reads, keeping its schema: the
/// join keeps a matched right row's columns until its output is ordered, and a column
/// such as a `dynamic` the right side's own `extend`s read (`Data.MemberId`) need not be
/// kept with it (the join stores no constant column).
fn drop_unread(node: &mut Node, read: &[Read]) {
    if read.iter().all(Read::any)
        || !matches!(node.op, Op::Extend(_) | Op::Project(_) | Op::Where(_))
    {
        return;
    }
    let span = node.span;
    let exprs = (node.schema.iter().enumerate())
        .map(|(i, c)| match read.get(i).is_none_or(Read::any) {
            true => Expr::column(i, c.ty, span),
            false => Expr::literal(Value::null_of(c.ty), c.ty, span),
        })
        .collect();
    let schema = node.schema.clone();
    let input = std::mem::replace(
        node,
        Node {
            op: Op::Values(crate::plan::tabular::values::Values { rows: Vec::new() }),
            schema: schema.clone(),
            span,
        },
    );
    *node = Node {
        op: Op::Project(crate::plan::tabular::project::Project {
            input: Box::new(input),
            exprs,
        }),
        schema,
        span,
    };
}

/// Marks in `used` the input columns an expression reads, and how.
fn expr_columns(e: &Expr, used: &mut [Read]) {
    match &e.kind {
        ExprKind::Column(i) => {
            if let Some(u) = used.get_mut(*i) {
                *u = Read::Whole;
            }
        }
        ExprKind::Member { target, name } if matches!(target.kind, ExprKind::Column(_)) => {
            if let ExprKind::Column(i) = target.kind
                && let Some(u) = used.get_mut(i)
            {
                u.add(&Read::Members(vec![name.clone()]));
            }
        }
        ExprKind::PackAll { .. } => used.iter_mut().for_each(|u| *u = Read::Whole),
        ExprKind::Call { args, .. } | ExprKind::Window { args, .. } => {
            args.iter().for_each(|a| expr_columns(a, used))
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            expr_columns(lhs, used);
            expr_columns(rhs, used);
        }
        ExprKind::Neg(x) | ExprKind::Member { target: x, .. } => expr_columns(x, used),
        ExprKind::Index { target, index } => {
            expr_columns(target, used);
            expr_columns(index, used);
        }
        ExprKind::In { operand, list, .. } => {
            expr_columns(operand, used);
            list.iter().for_each(|a| expr_columns(a, used));
        }
        ExprKind::Literal(_) | ExprKind::Scalar(_) | ExprKind::ColumnOf(_) => {}
    }
}

fn exprs_columns<'a>(exprs: impl IntoIterator<Item = &'a Expr>, width: usize) -> Vec<Read> {
    let mut used = vec![Read::No; width];
    exprs.into_iter().for_each(|e| expr_columns(e, &mut used));
    used
}

fn or(mut a: Vec<Read>, b: &[Read]) -> Vec<Read> {
    a.iter_mut().zip(b).for_each(|(x, y)| x.add(y));
    a
}

/// The first `width` entries of `required`, padded with `No`.
fn prefix(required: &[Read], width: usize) -> Vec<Read> {
    (0..width)
        .map(|i| required.get(i).cloned().unwrap_or(Read::No))
        .collect()
}

/// Pushes "these output columns are needed, so" down through `node` to its scans.
fn require(node: &mut Node, required: Vec<Read>) {
    match &mut node.op {
        Op::Scan(scan) => scan.read = Some(required),
        Op::Values(_) | Op::Range(_) | Op::Shared(_) | Op::ApplyInput => {}
        Op::Where(op) => {
            let width = op.input.schema.len();
            let used = or(exprs_columns([&op.predicate], width), &required);
            require(&mut op.input, used);
        }
        Op::Extend(op) => {
            let width = op.input.schema.len();
            let used = or(exprs_columns(&op.exprs, width), &prefix(&required, width));
            require(&mut op.input, used);
        }
        Op::Project(op) => {
            let width = op.input.schema.len();
            let mut used = vec![Read::No; width];
            for (e, r) in op.exprs.iter().zip(&required).filter(|(_, r)| r.any()) {
                // A column passed on (or renamed) is read as its output is.
                match e.kind {
                    ExprKind::Column(i) if i < width => used[i].add(r),
                    _ => expr_columns(e, &mut used),
                }
            }
            require(&mut op.input, used);
        }
        Op::Summarize(op) => {
            let width = op.input.schema.len();
            let used = exprs_columns(
                op.keys
                    .iter()
                    .chain(op.aggregates.iter().flat_map(|a| &a.args)),
                width,
            );
            require(&mut op.input, used);
        }
        Op::Sort(op) => {
            let width = op.input.schema.len();
            let used = or(
                exprs_columns(op.keys.iter().map(|k| &k.expr), width),
                &required,
            );
            require(&mut op.input, used);
        }
        Op::Take(op) => require(&mut op.input, required),
        Op::Join(op) => {
            let (lw, rw) = (op.left.schema.len(), op.right.schema.len());
            let left = if op.kind.emits_left() {
                or(exprs_columns(&op.left_keys, lw), &prefix(&required, lw))
            } else {
                exprs_columns(&op.left_keys, lw)
            };
            let mut right = exprs_columns(&op.right_keys, rw);
            if op.kind.emits_right() {
                let offset = if op.kind.emits_left() { lw } else { 0 };
                for (k, &i) in op.right_columns.iter().enumerate() {
                    right[i].add(required.get(offset + k).unwrap_or(&Read::No));
                }
            }
            require(&mut op.left, left);
            drop_unread(&mut op.right, &right);
            require(&mut op.right, right);
        }
        Op::Union(op) => {
            let skip = usize::from(op.source_names.is_some());
            for (input, mapping) in op.inputs.iter_mut().zip(&op.mappings) {
                let mut used = vec![Read::No; input.schema.len()];
                for (k, m) in mapping.iter().enumerate() {
                    if let Some(i) = m {
                        used[*i].add(required.get(skip + k).unwrap_or(&Read::No));
                    }
                }
                require(input, used);
            }
        }
        Op::MvExpand(op) => {
            let width = op.input.schema.len();
            let used = or(
                exprs_columns(op.expansion.items.iter().map(|i| &i.expr), width),
                &prefix(&required, width),
            );
            require(&mut op.input, used);
        }
        Op::MvApply(op) => {
            let width = op.input.schema.len();
            let body_width = op.body.schema.len();
            require(&mut op.body, whole(body_width));
            require(&mut op.input, whole(width));
        }
        Op::BagUnpack(op) => {
            let mut used = whole(op.input.schema.len());
            let column = op.column;
            let mut passed = required.iter().cloned();
            for (i, u) in used.iter_mut().enumerate() {
                if i != column {
                    *u = passed.next().unwrap_or(Read::Whole);
                }
            }
            require(&mut op.input, used);
        }
        Op::ScanSteps(op) => {
            let width = op.input.schema.len();
            require(&mut op.input, whole(width));
        }
        // A graph keeps every property of its nodes and edges.
        Op::Graph(g) => g.inputs_mut().into_iter().for_each(|input| {
            let width = input.schema.len();
            require(input, whole(width));
        }),
        Op::GraphTable(t) => t.inputs_mut().into_iter().for_each(|input| {
            let width = input.schema.len();
            require(input, whole(width));
        }),
        Op::TableFn(op) => {
            let width = op.input.schema.len();
            require(&mut op.input, whole(width));
            if let Some(side) = &mut op.side {
                let width = side.schema.len();
                require(side, whole(width));
            }
        }
        Op::TopNested(op) => {
            let width = op.input.schema.len();
            let exprs = op
                .levels
                .iter()
                .flat_map(|l| std::iter::once(&l.key).chain(&l.aggregate.args));
            require(&mut op.input, exprs_columns(exprs, width));
        }
        Op::MakeSeries(op) => {
            let width = op.input.schema.len();
            let exprs = op
                .keys
                .iter()
                .chain([&op.axis])
                .chain(op.aggregates.iter().flat_map(|a| &a.args));
            require(&mut op.input, exprs_columns(exprs, width));
        }
        Op::ParseKv(op) => {
            let width = op.input.schema.len();
            let used = or(
                exprs_columns([&op.source], width),
                &prefix(&required, width),
            );
            require(&mut op.input, used);
        }
        Op::Parse(op) => {
            let width = op.input.schema.len();
            let used = or(
                exprs_columns([&op.source], width),
                &prefix(&required, width),
            );
            require(&mut op.input, used);
        }
    }
}
