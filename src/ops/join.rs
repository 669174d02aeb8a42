//! `join kind=… (right) on keys` and `lookup`: a hash join that holds the right side
//! and streams the left. Kusto's default kind is `innerunique`: duplicate left keys
//! are dropped (one left row per key) before an inner join. When a side is a streaming
//! chain over a splittable scan, it is read in parallel chunks: the right side's rows
//! concatenated in input order, the left side's chunks each probing the shared index,
//! their outputs merged in input order, so the result is the sequential run's.

use crate::diagnostic::Result;
use crate::exec::budget::{Meter, row_bytes};
use crate::exec::{ExecContext, Flow, Sink, eval::eval, parallel};
use crate::plan::tabular::join::{Join, JoinKind};
use crate::plan::{Expr, Node};
use crate::value::hash::FastBuild;
use crate::value::{Row, Table, Value};
use std::collections::{HashMap, HashSet};

pub fn execute(op: &Join, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    let build = Build::new(op, cx)?;
    let mut sink = JoinSink {
        build: &build,
        matched: vec![false; build.right.rows.len()],
        seen_left: HashSet::default(),
        down,
        stopped: false,
    };
    match probe_chunks(&build, cx) {
        Some(parts) => {
            for part in parts {
                sink.absorb(part, cx)?;
                if sink.stopped {
                    break;
                }
            }
            sink.finish(cx)
        }
        None => crate::exec::execute(&op.left, &mut sink, cx),
    }
}

/// The build side: the right input's rows and a hash index of their keys. Read-only once
/// built, so the probe threads share it.
struct Build<'a> {
    op: &'a Join,
    right: Table,
    index: HashMap<Vec<Value>, Vec<usize>, FastBuild>,
    /// What the rows and index take, charged to the run's memory budget while built.
    _held: Meter,
}

impl<'a> Build<'a> {
    fn new(op: &'a Join, cx: &ExecContext) -> Result<Build<'a>> {
        // A spilling join (the speed issue) would plug in here: when charging the build side
        // crosses the budget, write partitions of it to disk instead of failing.
        let mut held = Meter::new("join (its build side: the right input)", op.right.span);
        let right = Table::new(
            op.right.schema.clone(),
            collect_side(&op.right, &mut held, cx)?,
        );
        let mut index: HashMap<Vec<Value>, Vec<usize>, FastBuild> = HashMap::default();
        for (i, row) in right.rows.iter().enumerate() {
            let key = keys(&op.right_keys, row, cx)?;
            held.add(row_bytes(&key) + 8, cx)?;
            if key
                .iter()
                .all(|v| !v.is_null() || matches!(v, Value::String(_)))
            {
                index.entry(key).or_default().push(i);
            }
        }
        Ok(Build {
            op,
            right,
            index,
            _held: held,
        })
    }

    /// The output rows of one left row (already past `innerunique`'s de-duplication)
    /// with key `key`, and the right rows it matched.
    fn probe(&self, row: Row, key: &[Value]) -> (Vec<Row>, &[usize]) {
        use JoinKind::*;
        let matches: &[usize] = self.index.get(key).map_or(&[], Vec::as_slice);
        let out = match self.op.kind {
            LeftSemi if !matches.is_empty() => vec![row],
            LeftAnti if matches.is_empty() => vec![row],
            LeftOuter | FullOuter if matches.is_empty() => vec![self.combine(Some(&row), None)],
            InnerUnique | Inner | LeftOuter | FullOuter | RightOuter => matches
                .iter()
                .map(|&m| self.combine(Some(&row), Some(&self.right.rows[m])))
                .collect(),
            _ => Vec::new(),
        };
        (out, matches)
    }

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
                out.push(match right {
                    Some(r) => r[i].clone(),
                    None => Value::null_of(self.op.right.schema[i].ty),
                });
            }
        }
        out
    }

    /// Whether the right rows matched must be tracked (kinds that emit right rows by it).
    fn tracks_matches(&self) -> bool {
        use JoinKind::*;
        matches!(self.op.kind, RightOuter | FullOuter | RightSemi | RightAnti)
    }
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

/// What one chunk of the left input gave: for each left row in order (for `innerunique`,
/// each first of its key within the chunk) its key and output rows; the right rows matched.
struct ProbePart {
    rows: Vec<(Vec<Value>, Vec<Row>)>,
    matched: Vec<usize>,
    /// What the held output rows take, charged to the run's memory budget.
    held: Meter,
}

/// The left input probed in parallel chunks (when it is a streaming chain over a
/// splittable scan and its keys are [`parallel::parallel_safe`]); `None` otherwise.
fn probe_chunks(build: &Build, cx: &ExecContext) -> Option<Vec<ProbePart>> {
    let op = build.op;
    if !op.left_keys.iter().all(parallel::parallel_safe) {
        return None;
    }
    parallel::map_chunks(&op.left, cx, &|wcx: &ExecContext| {
        let mut sink = ProbeSink {
            build,
            seen: HashSet::default(),
            part: ProbePart {
                rows: Vec::new(),
                matched: Vec::new(),
                held: Meter::new("join (its output, held per chunk)", op.left.span),
            },
        };
        crate::exec::execute(&op.left, &mut sink, wcx)?;
        Ok(sink.part)
    })
}

/// Probes the rows of one chunk, holding their output for the merge in chunk order.
struct ProbeSink<'a> {
    build: &'a Build<'a>,
    seen: HashSet<Vec<Value>, FastBuild>,
    part: ProbePart,
}

impl Sink for ProbeSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let key = keys(&self.build.op.left_keys, &row, cx)?;
        if self.build.op.kind == JoinKind::InnerUnique && !self.seen.insert(key.clone()) {
            return Ok(Flow::Continue);
        }
        let (out, matches) = self.build.probe(row, &key);
        cx.ticks(out.len())?;
        self.part.held.add(out.iter().map(row_bytes).sum(), cx)?;
        if self.build.tracks_matches() {
            self.part.matched.extend_from_slice(matches);
        }
        self.part.rows.push((key, out));
        Ok(Flow::Continue)
    }

    fn finish(&mut self, _cx: &ExecContext) -> Result<()> {
        Ok(())
    }
}

/// Joins the left rows it is given (or the chunks' results, in order) and sends the
/// output down; the right rows left over, for the outer and right kinds, at the end.
struct JoinSink<'a> {
    build: &'a Build<'a>,
    matched: Vec<bool>,
    seen_left: HashSet<Vec<Value>, FastBuild>,
    down: &'a mut dyn Sink,
    stopped: bool,
}

impl JoinSink<'_> {
    fn emit(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        cx.tick()?;
        let flow = self.down.push(row, cx)?;
        self.stopped |= flow == Flow::Stop;
        Ok(flow)
    }

    /// Sends a left row's output rows down, after `innerunique`'s de-duplication.
    fn emit_all(&mut self, key: Vec<Value>, out: Vec<Row>, cx: &ExecContext) -> Result<Flow> {
        if self.build.op.kind == JoinKind::InnerUnique && !self.seen_left.insert(key) {
            return Ok(Flow::Continue);
        }
        for row in out {
            if self.emit(row, cx)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// One chunk's result, as if its left rows had been pushed one by one: a key seen in
    /// an earlier chunk is the later duplicate the sequential run drops (its matches are
    /// the same right rows, already marked).
    fn absorb(&mut self, part: ProbePart, cx: &ExecContext) -> Result<()> {
        for m in part.matched {
            self.matched[m] = true;
        }
        for (key, out) in part.rows {
            if self.emit_all(key, out, cx)? == Flow::Stop {
                break;
            }
        }
        Ok(())
    }
}

impl Sink for JoinSink<'_> {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        let key = keys(&self.build.op.left_keys, &row, cx)?;
        if self.build.op.kind == JoinKind::InnerUnique && self.seen_left.contains(&key) {
            return Ok(Flow::Continue);
        }
        let build = self.build;
        let (out, matches) = build.probe(row, &key);
        for &m in matches {
            self.matched[m] = true;
        }
        self.emit_all(key, out, cx)
    }

    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        use JoinKind::*;
        if !self.stopped {
            let build = self.build;
            for (i, row) in build.right.rows.iter().enumerate() {
                let emit = match build.op.kind {
                    RightOuter | FullOuter | RightAnti => !self.matched[i],
                    RightSemi => self.matched[i],
                    _ => false,
                };
                if emit && self.emit(build.combine(None, Some(row)), cx)? == Flow::Stop {
                    break;
                }
            }
        }
        self.down.finish(cx)
    }
}
