//! The interpreter: runs a [`Plan`] by pushing rows from sources through a chain of
//! operator sinks. Streaming operators (`where`, `extend`, `project`, `take`) hold one
//! row at a time; blocking ones (`summarize`, `sort`, the build side of `join`) hold
//! what they must.

pub mod budget;
pub mod eval;
pub mod key_filter;
pub mod memory;
pub mod parallel;

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::functions::registry::EvalContext;
pub use crate::io::read::Prefilter;
use crate::plan::{Node, Op, Plan};
use crate::source::Span;
use crate::value::{Column, Row, Table, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// Whether a source should keep pushing rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// A consumer of rows: one operator instance, or the final collector.
pub trait Sink {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow>;
    /// No more rows: flush held state downstream, then finish downstream.
    fn finish(&mut self, cx: &ExecContext) -> Result<()>;
}

/// Where tables named in the query come from (files, test fixtures).
pub trait TableSource {
    /// Pushes the rows of `table` with exactly `columns` into `sink`, until it says stop.
    /// Rows that `prefilter` drops may be skipped unbuilt (filter push-down); a source
    /// may ignore it, since the scan's `where` filters again.
    fn read_prefiltered(
        &self,
        table: &str,
        columns: &[Column],
        span: Span,
        prefilter: Option<&Prefilter>,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()>;

    /// [`TableSource::read_prefiltered`] with no prefilter: every row.
    fn read(
        &self,
        table: &str,
        columns: &[Column],
        span: Span,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()> {
        self.read_prefiltered(table, columns, span, None, sink)
    }

    /// The rows of `table` as about `parts` sources of contiguous chunks, in input order,
    /// each at least `min_bytes` of input, for a parallel scan; `None` (the default) when
    /// the table cannot be split or is too small for it to pay.
    fn split(&self, table: &str, parts: usize, min_bytes: u64) -> Option<Vec<ChunkSource>> {
        let _ = (table, parts, min_bytes);
        None
    }
}

/// One chunk of a table for a parallel scan: a source that can move to another thread.
pub type ChunkSource = Box<dyn TableSource + Send>;

/// In-memory tables by name (tests, datatables handed in by callers).
#[derive(Default)]
pub struct MemoryTables {
    pub tables: Vec<(String, Table)>,
}

impl TableSource for MemoryTables {
    /// Ignores the prefilter: the rows are built already.
    fn read_prefiltered(
        &self,
        table: &str,
        columns: &[Column],
        span: Span,
        _prefilter: Option<&Prefilter>,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()> {
        let Some((_, t)) = self.tables.iter().find(|(n, _)| n == table) else {
            return Err(Diagnostic::new(
                Code::MissingTable,
                span,
                format!("no data was given for table `{table}`"),
            ));
        };
        let positions: Vec<Option<usize>> =
            columns.iter().map(|c| t.column_index(&c.name)).collect();
        for row in &t.rows {
            let out = positions
                .iter()
                .zip(columns)
                .map(|(p, c)| p.map_or_else(|| Value::null_of(c.ty), |i| row[i].clone()))
                .collect();
            if sink(out)? == Flow::Stop {
                break;
            }
        }
        Ok(())
    }
}

/// Everything an operator may need while running.
pub struct ExecContext<'a> {
    pub eval: EvalContext,
    pub tables: &'a dyn TableSource,
    pub plan: &'a Plan,
    shared: RefCell<Vec<Option<Rc<Table>>>>,
    scalars: RefCell<Vec<Option<Value>>>,
    /// The per-row tables of the `mv-apply` bodies being run, innermost last.
    pub(crate) apply_inputs: RefCell<Vec<Rc<Table>>>,
    /// The graphs of the `make-graph … partitioned-by` partitions being run, innermost last.
    pub(crate) graph_inputs: RefCell<Vec<Rc<crate::ops::graph::GraphData>>>,
    /// The rows and current position seen by window functions (`prev`, `row_number`).
    window: RefCell<Option<(Rc<Vec<Row>>, usize)>>,
    /// How many threads a scan may be split over (one: sequential).
    pub parallelism: parallel::Parallelism,
    /// The run's memory and time budget, shared with its worker threads.
    pub budget: std::sync::Arc<budget::Budget>,
    /// Rows seen since the clock was last read (see [`ExecContext::tick`]).
    ticks: std::cell::Cell<u64>,
}

impl<'a> ExecContext<'a> {
    pub fn new(plan: &'a Plan, tables: &'a dyn TableSource, now: i64) -> ExecContext<'a> {
        ExecContext {
            eval: EvalContext { now },
            tables,
            plan,
            shared: RefCell::new(vec![None; plan.shared.len()]),
            scalars: RefCell::new(vec![None; plan.shared.len()]),
            apply_inputs: RefCell::new(Vec::new()),
            graph_inputs: RefCell::new(Vec::new()),
            window: RefCell::new(None),
            parallelism: parallel::Parallelism::sequential(),
            budget: budget::Budget::for_this_thread(),
            ticks: std::cell::Cell::new(0),
        }
    }

    /// Counts one row passing; every [`budget::TICK_EVERY`] rows, the timeout error when
    /// the run's deadline has passed (or the budget's error once another part crossed it).
    pub fn tick(&self) -> Result<()> {
        self.ticks(1)
    }

    /// Counts `n` rows passing at once (an operator that made many of one), as [`Self::tick`].
    pub fn ticks(&self, n: usize) -> Result<()> {
        let seen = self.ticks.get().saturating_add(n as u64);
        if seen < budget::TICK_EVERY {
            self.ticks.set(seen);
            return Ok(());
        }
        self.ticks.set(0);
        self.budget.check_time(self.plan.root.span)
    }

    /// Forgets the computed results of shared plans `ids` (a legacy partition's query
    /// reads its key through them: each partition computes them again).
    pub(crate) fn forget_shared(&self, ids: &[usize]) {
        let (mut shared, mut scalars) = (self.shared.borrow_mut(), self.scalars.borrow_mut());
        for &i in ids {
            if let Some(t) = shared.get_mut(i) {
                *t = None;
            }
            if let Some(v) = scalars.get_mut(i) {
                *v = None;
            }
        }
    }

    /// Sets (or clears) the window function frame: all rows and the current index.
    pub fn set_window(&self, frame: Option<(Rc<Vec<Row>>, usize)>) {
        *self.window.borrow_mut() = frame;
    }

    /// The current window frame, if an `extend` over serialized rows set one.
    pub fn window(&self) -> Option<(Rc<Vec<Row>>, usize)> {
        self.window.borrow().clone()
    }

    /// The rows of shared plan `i`, computed on first use.
    pub fn shared_table(&self, i: usize) -> Result<Rc<Table>> {
        if let Some(t) = self.shared.borrow().get(i).cloned().flatten() {
            return Ok(t);
        }
        let table = Rc::new(collect(&self.plan.shared[i], self)?);
        self.shared.borrow_mut()[i] = Some(table.clone());
        Ok(table)
    }

    /// The single value of shared plan `i` (`toscalar`): first column of the first row,
    /// null when there are no rows.
    pub fn scalar(&self, i: usize, span: Span) -> Result<Value> {
        if let Some(v) = self.scalars.borrow().get(i).cloned().flatten() {
            return Ok(v);
        }
        let table = self.shared_table(i)?;
        let value = match (table.rows.first(), table.columns.first()) {
            (Some(row), Some(_)) => row[0].clone(),
            (None, Some(c)) => Value::null_of(c.ty),
            (_, None) => {
                return Err(Diagnostic::new(
                    Code::ToscalarRows,
                    span,
                    "toscalar() of a result with no columns",
                ));
            }
        };
        self.scalars.borrow_mut()[i] = Some(value.clone());
        Ok(value)
    }
}

/// Runs the plan and returns its result table, splitting scans over the machine's cores
/// where the plan allows (see [`parallel`]; `KQLC_THREADS` sets the thread count).
pub fn run(plan: &Plan, tables: &dyn TableSource, now: i64) -> Result<Table> {
    run_with(plan, tables, now, parallel::Parallelism::from_env())
}

/// Runs the plan with the given parallelism (`Parallelism::sequential()` for one thread).
pub fn run_with(
    plan: &Plan,
    tables: &dyn TableSource,
    now: i64,
    parallelism: parallel::Parallelism,
) -> Result<Table> {
    let mut cx = ExecContext::new(plan, tables, now);
    cx.parallelism = parallelism;
    if let Some(rows) = parallel::collect_streaming(&plan.root, &cx) {
        return Ok(Table::new(plan.root.schema.clone(), rows));
    }
    collect(&plan.root, &cx)
}

/// Runs one node into a table, held (and charged to the budget) until the run ends.
pub fn collect(node: &Node, cx: &ExecContext) -> Result<Table> {
    let mut out = Collector::new(node);
    execute(node, &mut out, cx)?;
    Ok(Table::new(node.schema.clone(), out.into_rows()))
}

/// The final sink: keeps every row, charging it to the run's memory budget.
pub struct Collector {
    pub rows: Vec<Row>,
    meter: budget::Meter,
}

impl Collector {
    /// A collector of `node`'s output rows, named for it in a budget error.
    pub fn new(node: &Node) -> Collector {
        Collector {
            rows: Vec::new(),
            meter: budget::Meter::new(
                format!("the result of `{}`", budget::operator_name(&node.op)),
                node.span,
            ),
        }
    }

    /// The rows; their charge stays on the budget while they are held.
    pub fn into_rows(self) -> Vec<Row> {
        let Collector { rows, meter } = self;
        meter.keep();
        rows
    }
}

impl Sink for Collector {
    fn push(&mut self, row: Row, cx: &ExecContext) -> Result<Flow> {
        cx.tick()?;
        self.meter.add_row(&row, cx)?;
        self.rows.push(row);
        Ok(Flow::Continue)
    }
    fn finish(&mut self, _: &ExecContext) -> Result<()> {
        Ok(())
    }
}

/// Pushes every row of `table` into `down`, then finishes it.
pub fn push_all(rows: &[Row], down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    for row in rows {
        cx.tick()?;
        if down.push(row.clone(), cx)? == Flow::Stop {
            break;
        }
    }
    down.finish(cx)
}

/// Runs a chain of `where`s; when it stands right on a scan, the scan gets the predicates
/// as a prefilter (filter push-down), and the `where`s still run on the rows it keeps.
fn execute_wheres(node: &Node, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    execute_wheres_filtered(node, None, down, cx)
}

/// [`execute_wheres`], with a key test for the scan besides the predicates (over the
/// `where`s' rows, which are the scan's).
fn execute_wheres_filtered(
    node: &Node,
    filter: Option<&key_filter::KeyFilter>,
    down: &mut dyn Sink,
    cx: &ExecContext,
) -> Result<()> {
    let mut wheres = Vec::new();
    let mut below = node;
    while let Op::Where(op) = &below.op {
        wheres.push(op);
        below = &op.input;
    }
    match &below.op {
        Op::Scan(scan) => {
            // Predicates in the order they apply: the lowest `where` first.
            let predicates: Vec<&crate::plan::Expr> =
                wheres.iter().rev().map(|w| &w.predicate).collect();
            where_sinks(
                &wheres,
                &mut |sink| {
                    crate::ops::scan::execute_prefiltered(
                        scan,
                        below,
                        &predicates,
                        filter,
                        sink,
                        cx,
                    )
                },
                down,
            )
        }
        _ => {
            let Op::Where(op) = &node.op else {
                return execute(node, down, cx);
            };
            let sink = &mut crate::ops::where_::WhereSink::new(op, down);
            match filter {
                Some(filter) => key_filter::execute_filtered(&op.input, filter, sink, cx),
                None => execute(&op.input, sink, cx),
            }
        }
    }
}

/// Stacks one `WhereSink` per `where` (the first outermost) on `down` and runs `source`
/// into the innermost.
fn where_sinks(
    wheres: &[&crate::plan::tabular::where_::Where],
    source: &mut dyn FnMut(&mut dyn Sink) -> Result<()>,
    down: &mut dyn Sink,
) -> Result<()> {
    match wheres.split_first() {
        Some((op, rest)) => where_sinks(
            rest,
            source,
            &mut crate::ops::where_::WhereSink::new(op, down),
        ),
        None => source(down),
    }
}

/// Runs `node`, pushing its rows into `down` and finishing it.
pub fn execute(node: &Node, down: &mut dyn Sink, cx: &ExecContext) -> Result<()> {
    use crate::ops;
    match &node.op {
        Op::Scan(op) => ops::scan::execute(op, node, down, cx),
        Op::Values(op) => ops::values::execute(op, down, cx),
        Op::Range(op) => ops::range::execute(op, down, cx),
        Op::Shared(i) => push_all(&cx.shared_table(*i)?.rows, down, cx),
        Op::ApplyInput => {
            let table = cx.apply_inputs.borrow().last().cloned();
            match table {
                Some(t) => push_all(&t.rows, down, cx),
                None => Err(Diagnostic::new(
                    Code::RuntimeError,
                    node.span,
                    "mv-apply body run outside mv-apply",
                )),
            }
        }
        Op::Where(_) => execute_wheres(node, down, cx),
        Op::Extend(op) => execute(
            &op.input,
            &mut ops::extend::ExtendSink::new(op, node.span, down),
            cx,
        ),
        Op::Project(op) => execute(&op.input, &mut ops::project::ProjectSink::new(op, down), cx),
        Op::Summarize(op) => match parallel::summarize_chunks(op, node.span, cx) {
            Some(groups) => ops::summarize::SummarizeSink::with_groups(groups, down).finish(cx),
            None => execute(
                &op.input,
                &mut ops::summarize::SummarizeSink::new(op, node.span, down),
                cx,
            ),
        },
        Op::Sort(op) => execute(
            &op.input,
            &mut ops::sort::SortSink::new(op, node.span, down),
            cx,
        ),
        Op::Take(op) => execute(&op.input, &mut ops::take::TakeSink::new(op, down), cx),
        Op::Join(op) => ops::join::execute(op, down, cx),
        Op::Union(op) => ops::union::execute(op, node, down, cx),
        Op::MvExpand(op) => execute(
            &op.input,
            &mut ops::mv_expand::MvExpandSink::new(op, down),
            cx,
        ),
        Op::MvApply(op) => execute(
            &op.input,
            &mut ops::mv_apply::MvApplySink::new(op, down),
            cx,
        ),
        Op::Parse(op) => execute(&op.input, &mut ops::parse::ParseSink::new(op, down), cx),
        Op::TopNested(op) => execute(
            &op.input,
            &mut ops::top_nested::TopNestedSink::new(op, node.span, down),
            cx,
        ),
        Op::MakeSeries(op) => execute(
            &op.input,
            &mut ops::make_series::MakeSeriesSink::new(op, down),
            cx,
        ),
        Op::ParseKv(op) => execute(
            &op.input,
            &mut ops::parse_kv::ParseKvSink::new(op, down),
            cx,
        ),
        Op::BagUnpack(op) => execute(
            &op.input,
            &mut ops::bag_unpack::BagUnpackSink::new(op, down),
            cx,
        ),
        Op::TableFn(op) => ops::table_fn::execute(op, down, cx),
        Op::ScanSteps(op) => execute(&op.input, &mut ops::scan_steps::ScanSink::new(op, down), cx),
        Op::Graph(_) => Err(Diagnostic::new(
            Code::RuntimeError,
            node.span,
            "a graph is not a table: it is read by graph-match, graph-shortest-paths or graph-to-table",
        )),
        Op::GraphTable(op) => ops::graph::execute(op, node, down, cx),
    }
}
