//! `join kind=… (right) on keys` and `lookup`: a hash join that holds the left side
//! (Kusto's advice: "if one table is always smaller than the other, use it as the left
//! side of the join", learn.microsoft.com/kusto/query/join-operator) and streams the
//! right. Kusto's default kind is `innerunique`: duplicate left keys are dropped (one
//! left row per key, the first) before an inner join. Each right row probes the left's
//! index and is dropped unless it matches (or the kind emits unmatched right rows), so a
//! large right side is never held. When a side is a streaming chain over a splittable
//! scan, it is read in parallel chunks; the matches are put back in the sequential
//! order (left rows in order, each left row's matches in right input order, then the
//! right rows the kind emits alone), so the result is the sequential run's.

use crate::diagnostic::Result;
use crate::exec::budget::{Meter, VALUE_BYTES, row_bytes};
use crate::exec::key_filter::{KeyFilter, execute_filtered};
use crate::exec::{ExecContext, Flow, Sink, eval::eval, parallel};
use crate::plan::tabular::join::{Join, JoinKind};
use crate::plan::{Expr, ExprKind, Node, Op};
use crate::value::hash::FastBuild;
use crate::value::{Row, Value};
use std::collections::{HashMap, HashSet};

pub fn execute(op: &Join, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let build = Build::new(op, cx)?;
    let parts = probe_right(&build, cx)?;
    emit(&build, parts, down, cx)
}

/// The build side: the left input's rows (for `innerunique`, the first of each key) and
/// a hash index of their keys. Read-only once built, so the probe threads share it.
struct Build<'a> {
    op: &'a Join,
    left: Vec<Row>,
    index: HashMap<Vec<Value>, Vec<usize>, FastBuild>,
    /// The node the right rows are read from ([`probed_side`]).
    probed: &'a Node,
    /// Per right column, its value when [`probed_side`] found it constant.
    constant: Vec<Option<Value>>,
    /// What a match keeps of its right row: the output's right columns that are not
    /// constant (the right side's positions), in order.
    stored: Vec<usize>,
    /// For each output right column, its value when the right side makes it a constant
    /// (`plan::prune` nulls the columns nothing after the join reads).
    fixed: Vec<Option<Value>>,
    /// What the left rows and the index take, charged to the run's memory budget.
    _held: Meter,
}

impl<'a> Build<'a> {
    fn new(op: &'a Join, cx: &ExecContext) -> Result<Build<'a>> {
        // A spilling join (grace hash join) would plug in here: when charging the build
        // side crosses the budget, write partitions of it to disk instead of failing.
        let mut held = Meter::new("join (its build side: the left input)", op.left.span);
        let rows = collect_side(&op.left, &mut held, cx)?;
        let unique = op.kind == JoinKind::InnerUnique;
        let mut left = Vec::with_capacity(if unique { 0 } else { rows.len() });
        let mut index: HashMap<Vec<Value>, Vec<usize>, FastBuild> = HashMap::default();
        // Keys with a null part match nothing, but `innerunique` still keeps one row each.
        let mut null_keys: HashSet<Vec<Value>, FastBuild> = HashSet::default();
        for row in rows {
            let key = keys(&op.left_keys, &row, cx)?;
            if !matchable(&key) {
                if !unique || null_keys.insert(key) {
                    left.push(row);
                }
                continue;
            }
            held.add(row_bytes(&key) + 8, cx)?;
            let slot = index.entry(key).or_default();
            if unique && !slot.is_empty() {
                continue;
            }
            slot.push(left.len());
            left.push(row);
        }
        let (probed, constant) = probed_side(&op.right, &op.right_keys);
        let fixed: Vec<Option<Value>> = (op.right_columns.iter())
            .map(|&i| constant.get(i).cloned().flatten())
            .collect();
        let stored = (op.right_columns.iter().zip(&fixed))
            .filter(|(_, f)| f.is_none())
            .map(|(&i, _)| i)
            .collect();
        Ok(Build {
            op,
            left,
            index,
            probed,
            constant,
            stored,
            fixed,
            _held: held,
        })
    }

    /// The output row of left row `l` matched with a right row kept as `stored` values.
    fn paired(&self, l: usize, stored: &[Value]) -> Row {
        let left = &self.left[l];
        let mut out = Vec::with_capacity(left.len() + self.fixed.len());
        out.extend(left.iter().cloned());
        let mut stored = stored.iter();
        for fixed in &self.fixed {
            out.push(match fixed {
                Some(value) => value.clone(),
                None => stored.next().cloned().unwrap_or(Value::Null),
            });
        }
        out
    }

    /// The left rows whose key is `key`.
    fn matches(&self, key: &[Value]) -> &[usize] {
        self.index.get(key).map_or(&[], Vec::as_slice)
    }

    /// The output row of a left row and a right row (read from [`Build::probed`]),
    /// either of them absent (nulls).
    fn combine(&self, left: Option<&Row>, right: Option<&Row>) -> Row {
        let mut out = Vec::new();
        if self.op.kind.emits_left() {
            match left {
                Some(l) => out.extend(l.iter().cloned()),
                None => out.extend(self.op.left.schema.iter().map(|c| Value::null_of(c.ty))),
            }
        }
        if self.op.kind.emits_right() {
            for &i in &self.op.right_columns {
                out.push(match (right, self.constant.get(i)) {
                    (Some(_), Some(Some(value))) => value.clone(),
                    (Some(r), _) => r[i].clone(),
                    (None, _) => Value::null_of(self.op.right.schema[i].ty),
                });
            }
        }
        out
    }
}

/// The node the right side is probed from, and what each of its columns is when constant:
/// a right side ending in a `project` that keeps each column in place or makes it a
/// literal (`plan::prune` nulls the columns nothing after the join reads) is probed
/// beneath that `project`, which then costs nothing per row; its literal columns are
/// constants (never stored per match). Otherwise the side itself, with none constant.
fn probed_side<'n>(right: &'n Node, keys: &[Expr]) -> (&'n Node, Vec<Option<Value>>) {
    let width = right.schema.len();
    let Op::Project(project) = &right.op else {
        return (right, vec![None; width]);
    };
    let fixed: Option<Vec<Option<Value>>> = (project.exprs.iter().enumerate())
        .map(|(i, e)| match &e.kind {
            ExprKind::Column(c) if *c == i => Some(None),
            ExprKind::Literal(value) => Some(Some(value.clone())),
            _ => None,
        })
        .collect();
    match fixed {
        Some(fixed)
            if project.input.schema.len() >= width
                && keys
                    .iter()
                    .all(|k| reads_only(k, &|c| fixed.get(c) == Some(&None))) =>
        {
            (&project.input, fixed)
        }
        _ => (right, vec![None; width]),
    }
}

/// Whether `expr` reads no columns but those `ok` allows (and nothing but columns).
fn reads_only(expr: &Expr, ok: &dyn Fn(usize) -> bool) -> bool {
    match &expr.kind {
        ExprKind::Column(c) => ok(*c),
        ExprKind::Literal(_) => true,
        ExprKind::Call { args, .. } => args.iter().all(|a| reads_only(a, ok)),
        ExprKind::Binary { lhs, rhs, .. } => reads_only(lhs, ok) && reads_only(rhs, ok),
        ExprKind::Neg(x) | ExprKind::Member { target: x, .. } => reads_only(x, ok),
        ExprKind::Index { target, index } => reads_only(target, ok) && reads_only(index, ok),
        ExprKind::In { operand, list, .. } => {
            reads_only(operand, ok) && list.iter().all(|a| reads_only(a, ok))
        }
        _ => false,
    }
}

/// Whether a key can match: nulls never equal anything (except in string columns, whose
/// null is the empty string).
fn matchable(key: &[Value]) -> bool {
    key.iter()
        .all(|v| !v.is_null() || matches!(v, Value::String(_)))
}

fn keys(exprs: &[Expr], row: &Row, cx: &ExecContext) -> Result<Vec<Value>> {
    exprs.iter().map(|k| eval(k, row, cx)).collect()
}

/// The rows of one side: in parallel chunks when it is a streaming chain over a
/// splittable scan (concatenated in input order), else by the sequential interpreter.
fn collect_side(node: &Node, held: &mut Meter, cx: &ExecContext) -> Result<Vec<Row>> {
    let parts = parallel::map_chunks(node, cx, &|wcx: &ExecContext| {
        let mut rows = Held(Vec::new(), held.part());
        crate::exec::execute(node, &mut rows, wcx)?;
        Ok((rows.0, rows.1))
    });
    if let Some(parts) = parts {
        let mut all = Vec::new();
        for (rows, meter) in parts {
            held.absorb(meter);
            all.extend(rows);
        }
        return Ok(all);
    }
    let mut rows = Held(Vec::new(), held.part());
    crate::exec::execute(node, &mut rows, cx)?;
    held.absorb(rows.1);
    Ok(rows.0)
}

/// Collects rows to hold, each in an allocation of its length: a row grown by `extend`
/// has room for about twice its columns, which would otherwise be held for every row.
/// Charges them to the run's memory budget.
struct Held(Vec<Row>, Meter);

impl Sink for Held {
    fn push(&mut self, mut row: Row, cx: &ExecContext) -> Result<Flow> {
        if row.capacity() > row.len() {
            let mut exact = Vec::with_capacity(row.len());
            exact.append(&mut row);
            row = exact;
        }
        self.1.add_row(&row, cx)?;
        self.0.push(row);
        Ok(Flow::Continue)
    }

    fn finish(&mut self, _cx: &ExecContext) -> Result<()> {
        Ok(())
    }
}

/// What a stretch of the right input (one chunk, or all of it) gave, in its input order:
/// its matches (the left row of each, and the right row's [`Build::stored`] values, one
/// run of that many values per match), the left rows it matched (for the kinds that emit
/// left rows by it), and the output rows of the right rows the kind emits alone
/// (unmatched for `rightouter`/`fullouter`/`rightanti`, matched for `rightsemi`).
struct ProbePart {
    pair_left: Vec<usize>,
    pair_values: Vec<Value>,
    hit: Vec<usize>,
    alone: Vec<Row>,
    /// What the kept matches take, charged to the run's memory budget.
    held: Meter,
}

impl ProbePart {
    fn new(span: crate::source::Span) -> ProbePart {
        ProbePart {
            pair_left: Vec::new(),
            pair_values: Vec::new(),
            hit: Vec::new(),
            alone: Vec::new(),
            held: Meter::new("join (its matches, held until they are put in order)", span),
        }
    }
}

/// The right input streamed through the left's index: in parallel chunks when it is a
/// streaming chain over a splittable scan and its keys are [`parallel::parallel_safe`],
/// else in one sequential pass.
fn probe_right(build: &Build, cx: &ExecContext) -> Result<Vec<ProbePart>> {
    let op = build.op;
    let known = |key: &[Value]| matchable(key) && build.index.contains_key(key);
    // A right row that matches nothing only counts for the kinds that emit it alone.
    let filter = (!matches!(
        op.kind,
        JoinKind::RightOuter | JoinKind::FullOuter | JoinKind::RightAnti
    ))
    .then(|| KeyFilter {
        keys: op.right_keys.clone(),
        keep: &known,
    });
    let run = |wcx: &ExecContext| -> Result<ProbePart> {
        let mut sink = ProbeSink {
            build,
            part: ProbePart::new(op.right.span),
        };
        match &filter {
            Some(filter) => execute_filtered(build.probed, filter, &mut sink, wcx)?,
            None => crate::exec::execute(build.probed, &mut sink, wcx)?,
        }
        Ok(sink.part)
    };
    if op.right_keys.iter().all(parallel::parallel_safe)
        && let Some(parts) = parallel::map_chunks(build.probed, cx, &run)
    {
        return Ok(parts);
    }
    Ok(vec![run(cx)?])
}

/// Probes each right row and keeps only what the output needs of it.
struct ProbeSink<'a> {
    build: &'a Build<'a>,
    part: ProbePart,
}

impl Sink for ProbeSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        use JoinKind::*;
        let build = self.build;
        let key = keys(&build.op.right_keys, &row, cx)?;
        let matches = if matchable(&key) {
            build.matches(&key)
        } else {
            &[]
        };
        let kind = build.op.kind;
        match kind {
            InnerUnique | Inner | LeftOuter | FullOuter | RightOuter => {
                cx.ticks(matches.len())?;
                // The lists' growth is charged as capacity; the values' own heap per match.
                let heap: usize = build
                    .stored
                    .iter()
                    .map(|&i| crate::exec::budget::value_bytes(&row[i]) - VALUE_BYTES)
                    .sum();
                let part = &mut self.part;
                part.held.reserve(&mut part.pair_left, matches.len(), cx)?;
                let values = matches.len() * build.stored.len();
                part.held.reserve(&mut part.pair_values, values, cx)?;
                part.held.add(matches.len() * heap, cx)?;
                for &l in matches {
                    self.part.pair_left.push(l);
                    (self.part.pair_values).extend(build.stored.iter().map(|&i| row[i].clone()));
                }
            }
            LeftSemi | LeftAnti => self.part.hit.extend_from_slice(matches),
            RightSemi | RightAnti => {}
        }
        let alone = match kind {
            RightOuter | FullOuter | RightAnti => matches.is_empty(),
            RightSemi => !matches.is_empty(),
            _ => false,
        };
        if alone {
            let out = build.combine(None, Some(&row));
            self.part.held.add_row(&out, cx)?;
            self.part.alone.push(out);
        }
        Ok(Flow::Continue)
    }

    fn finish(&mut self, _cx: &ExecContext) -> Result<()> {
        Ok(())
    }
}

/// Sends the output down in the sequential order: each left row in order with its
/// matches in right input order (or alone, for the kinds that keep it), then the right
/// rows the kind emits alone, in right input order.
fn emit(build: &Build, parts: Vec<ProbePart>, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    use JoinKind::*;
    let kind = build.op.kind;
    let mut pair_left: Vec<usize> = Vec::new();
    let mut pair_values: Vec<Value> = Vec::new();
    let mut hit = vec![false; build.left.len()];
    let mut alone: Vec<Row> = Vec::new();
    for part in parts {
        pair_left.extend(part.pair_left);
        pair_values.extend(part.pair_values);
        part.hit.into_iter().for_each(|l| hit[l] = true);
        alone.extend(part.alone);
    }
    // Stable: a left row's matches stay in right input order.
    let mut order: Vec<usize> = (0..pair_left.len()).collect();
    order.sort_by_key(|&p| pair_left[p]);
    let width = build.stored.len();
    let mut order = order.into_iter().peekable();
    for (l, row) in build.left.iter().enumerate() {
        let out: Vec<Row> = match kind {
            LeftSemi | LeftAnti if hit[l] == (kind == LeftSemi) => vec![row.clone()],
            LeftSemi | LeftAnti | RightSemi | RightAnti => Vec::new(),
            _ => {
                let mut out = Vec::new();
                while let Some(p) = order.next_if(|&p| pair_left[p] == l) {
                    out.push(build.paired(l, &pair_values[p * width..(p + 1) * width]));
                }
                if out.is_empty() && matches!(kind, LeftOuter | FullOuter) {
                    out.push(build.combine(Some(row), None));
                }
                out
            }
        };
        for row in out {
            cx.tick()?;
            if down.push(row, cx)? == Flow::Stop {
                return down.finish(cx);
            }
        }
    }
    for row in alone {
        if down.push(row, cx)? == Flow::Stop {
            break;
        }
    }
    down.finish(cx)
}
