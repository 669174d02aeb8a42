//! Parallel scans: a plan whose lower part is `scan → where/extend/project/mv-expand… → summarize`
//! (or a plain streaming plan) runs that part on several threads, each over one chunk of
//! the input (JSON Lines split at line breaks), and merges the results in chunk order, so
//! the output is the same as the sequential run's — rows in input order, `summarize`
//! groups in order of first appearance (partial states merged with `Accumulator::merge`).
//!
//! Anything the parallel path cannot do the same way (subqueries, window functions, an
//! input that cannot be split, an error in a chunk) falls back to the sequential run,
//! which also reports errors with their exact line numbers.

use super::{ChunkSource, Collector, ExecContext, execute};
use crate::diagnostic::Result;
use crate::ops::summarize::{Groups, Part, PartialSink};
use crate::plan::tabular::summarize::{AggCall, Summarize};
use crate::plan::{Expr, ExprKind, Node, Op};
use crate::source::Span;
use crate::value::{Row, Type};

/// How many threads a scan may use and the smallest chunk worth a thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parallelism {
    pub threads: usize,
    /// Input bytes below which a chunk is not split off (thread start-up would dominate).
    pub min_chunk_bytes: u64,
}

/// The default smallest chunk: 4 MiB of input.
pub const DEFAULT_MIN_CHUNK_BYTES: u64 = 4 << 20;

impl Parallelism {
    /// One thread: the sequential interpreter.
    pub fn sequential() -> Parallelism {
        Parallelism {
            threads: 1,
            min_chunk_bytes: DEFAULT_MIN_CHUNK_BYTES,
        }
    }

    /// `threads` threads, with the default smallest chunk.
    pub fn with_threads(threads: usize) -> Parallelism {
        Parallelism {
            threads: threads.max(1),
            min_chunk_bytes: DEFAULT_MIN_CHUNK_BYTES,
        }
    }

    /// `KQLC_THREADS` when set to a number, else the machine's available parallelism.
    pub fn from_env() -> Parallelism {
        let threads = std::env::var("KQLC_THREADS")
            .ok()
            .and_then(|t| t.trim().parse::<usize>().ok())
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        Parallelism::with_threads(threads)
    }
}

/// The rows of a plain streaming plan (`scan → where/extend/project…`) read in parallel
/// chunks and concatenated in input order; `None` when the plan or input does not allow it.
pub fn collect_streaming(root: &Node, cx: &ExecContext) -> Option<Vec<Row>> {
    let table = scan_below(root)?;
    let parts = run_chunks(cx, table, &|wcx: &ExecContext| {
        let mut out = Collector::new(root);
        execute(root, &mut out, wcx)?;
        Ok(out.into_rows())
    })?;
    Some(parts.into_iter().flatten().collect())
}

/// `work` run once per chunk of the scan below `node` (a streaming chain over a splittable
/// scan), each on its own thread; the results in chunk order, `None` when not possible.
pub fn map_chunks<T: Send>(
    node: &Node,
    cx: &ExecContext,
    work: &(dyn Fn(&ExecContext) -> Result<T> + Sync),
) -> Option<Vec<T>> {
    run_chunks(cx, scan_below(node)?, work)
}

/// The groups of a `summarize` whose input is a streaming chain over a splittable scan,
/// aggregated per chunk in parallel and merged in chunk order; `None` when not possible.
pub fn summarize_chunks<'a>(op: &'a Summarize, span: Span, cx: &ExecContext) -> Option<Groups<'a>> {
    if !op.keys.iter().all(parallel_safe)
        || !op
            .aggregates
            .iter()
            .all(|a| merge_is_exact(a) && a.args.iter().all(parallel_safe))
    {
        return None;
    }
    let table = scan_below(&op.input)?;
    let parts: Vec<Part> = run_chunks(cx, table, &|wcx: &ExecContext| {
        let mut partial = PartialSink {
            groups: Groups::new(op, span),
        };
        execute(&op.input, &mut partial, wcx)?;
        Ok(partial.groups.into_parts())
    })?;
    let mut groups = Groups::new(op, span);
    for part in parts {
        groups.absorb(part);
    }
    Some(groups)
}

/// Whether merging partial states of this aggregate gives exactly the sequential result:
/// not for floating-point sums and moments (`avg`, `stdev`, `variance`, a `sum` of reals),
/// whose last bits depend on the order of additions, nor for percentiles.
fn merge_is_exact(call: &AggCall) -> bool {
    match call.func.0.name {
        "count"
        | "countif"
        | "dcount"
        | "dcountif"
        | "min"
        | "max"
        | "minif"
        | "maxif"
        | "make_set"
        | "makeset"
        | "make_set_if"
        | "make_list"
        | "makelist"
        | "make_list_if"
        | "make_list_with_nulls"
        | "make_bag"
        | "make_bag_if"
        | "arg_max"
        | "arg_min"
        | "take_any"
        | "take_anyif" => true,
        "sum" | "sumif" => call
            .args
            .first()
            .is_some_and(|a| matches!(a.ty, Type::Int | Type::Long | Type::TimeSpan)),
        _ => false,
    }
}

/// Runs `work` once per chunk of `table`, each on its own thread with its own context;
/// the results in chunk order, or `None` when the table is not split or any chunk failed.
fn run_chunks<T: Send>(
    cx: &ExecContext,
    table: &str,
    work: &(dyn Fn(&ExecContext) -> Result<T> + Sync),
) -> Option<Vec<T>> {
    let parallelism = cx.parallelism;
    if parallelism.threads < 2 {
        return None;
    }
    let chunks: Vec<ChunkSource> =
        cx.tables
            .split(table, parallelism.threads, parallelism.min_chunk_bytes)?;
    let (plan, now, budget) = (cx.plan, cx.eval.now, &cx.budget);
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let mut wcx = ExecContext::new(plan, &*chunk, now);
                    wcx.budget = budget.clone();
                    work(&wcx)
                })
            })
            .collect();
        let mut results = Vec::with_capacity(handles.len());
        for handle in handles {
            results.push(handle.join().ok()?.ok()?);
        }
        Some(results)
    })
}

/// The table scanned at the bottom of a chain of streaming operators whose expressions
/// are all [`parallel_safe`]; `None` for any other shape.
fn scan_below(node: &Node) -> Option<&str> {
    match &node.op {
        Op::Scan(scan) => Some(&scan.table),
        Op::Where(w) if parallel_safe(&w.predicate) => scan_below(&w.input),
        Op::Extend(e) if !e.windowed && e.exprs.iter().all(parallel_safe) => scan_below(&e.input),
        Op::Project(p) if p.exprs.iter().all(parallel_safe) => scan_below(&p.input),
        // Row by row: each input row's expansion stays in place in its chunk's output.
        Op::MvExpand(m) if m.expansion.items.iter().all(|i| parallel_safe(&i.expr)) => {
            scan_below(&m.input)
        }
        _ => None,
    }
}

/// Whether an expression gives the same value for a row whichever thread evaluates it:
/// no subquery results (`toscalar`, `in (T | …)`), no window functions over neighbours.
pub fn parallel_safe(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Literal(_) | ExprKind::Column(_) | ExprKind::PackAll { .. } => true,
        ExprKind::Scalar(_) | ExprKind::ColumnOf(_) | ExprKind::Window { .. } => false,
        ExprKind::Call { args, .. } => args.iter().all(parallel_safe),
        ExprKind::Binary { lhs, rhs, .. } => parallel_safe(lhs) && parallel_safe(rhs),
        ExprKind::Neg(inner) => parallel_safe(inner),
        ExprKind::In { operand, list, .. } => {
            parallel_safe(operand) && list.iter().all(parallel_safe)
        }
        ExprKind::Member { target, .. } => parallel_safe(target),
        ExprKind::Index { target, index } => parallel_safe(target) && parallel_safe(index),
    }
}
