//! The resource budget of one query run: how much memory its blocking operators may hold
//! (`--max-memory`) and how long it may run (`--timeout`). Crossing either stops the query
//! with an error naming what crossed it, instead of an abort by the OS or a hang.
//!
//! Memory is an estimate, not a measurement: each holder (a join's build side, a sort's
//! rows, `summarize` groups, `make_list`/`make_set` values, a materialized subquery, the
//! result table, an `mv-expand` of one row) adds up [`row_bytes`] of what it keeps in a
//! [`Meter`], which charges the shared [`Budget`] in batches of [`BATCH_BYTES`] (one atomic
//! add per batch; no lock) and gives its charge back when it is dropped. A row costs its
//! slot and values ([`VALUE_BYTES`] each) plus its share of the text and JSON it points at
//! (kqlc shares strings between rows, so a string held by `n` rows counts `1/n` of its
//! length to each). What the readers keep of the input files is not counted.
//!
//! Time is checked cooperatively: sources and row-multiplying operators call
//! [`super::ExecContext::tick`] per row, which looks at the clock every [`TICK_EVERY`] rows.
//!
//! A spilling operator (the speed issue's join, writing partitions of its build side to
//! disk) plugs in at [`Meter::charge`]: where it returns the budget error, such an
//! operator would spill what it holds, [`Meter::release`] it and go on.

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::source::Span;
use crate::value::{Row, Value};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Bytes a holder accumulates before it charges the shared budget (and checks it).
pub const BATCH_BYTES: u64 = 256 << 10;

/// Rows between two looks at the clock for `--timeout`.
pub const TICK_EVERY: u64 = 1024;

/// The in-memory size of one value slot (`size_of::<Value>()`).
pub const VALUE_BYTES: usize = std::mem::size_of::<Value>();

/// The limits one run is given; `None` is unbounded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes the blocking operators may hold together (`--max-memory`).
    pub max_memory: Option<u64>,
    /// The longest the query may run (`--timeout`).
    pub timeout: Option<Duration>,
}

/// The limits of what `check` and the language server run for one document (constant
/// subqueries evaluated while lowering): 512 MiB and 5 seconds per evaluation.
pub const CHECK_LIMITS: Limits = Limits {
    max_memory: Some(512 << 20),
    timeout: Some(Duration::from_secs(5)),
};

thread_local! {
    static LIMITS: Cell<Limits> = const { Cell::new(Limits { max_memory: None, timeout: None }) };
}

/// Runs `work` with `limits` applied to every query run started on this thread inside it
/// (the CLI wraps `run` and `test` in it; library callers are unbounded by default).
pub fn with_limits<T>(limits: Limits, work: impl FnOnce() -> T) -> T {
    let before = LIMITS.with(|l| l.replace(limits));
    let result = work();
    LIMITS.with(|l| l.set(before));
    result
}

/// The budget shared by every thread of one query run.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    deadline: Option<Instant>,
    used: AtomicU64,
    /// Set once the budget or the deadline is crossed; every later check fails fast.
    tripped: AtomicBool,
    /// The first error, repeated by the later checks (of other threads, or of a
    /// sequential re-run after a parallel part failed).
    first_error: Mutex<Option<Diagnostic>>,
}

impl Budget {
    /// A budget starting now under `limits`.
    pub fn new(limits: Limits) -> Arc<Budget> {
        Arc::new(Budget {
            limits,
            deadline: limits.timeout.map(|t| Instant::now() + t),
            used: AtomicU64::new(0),
            tripped: AtomicBool::new(false),
            first_error: Mutex::new(None),
        })
    }

    /// A budget under the limits [`with_limits`] set on this thread (none by default).
    pub fn for_this_thread() -> Arc<Budget> {
        Budget::new(LIMITS.with(Cell::get))
    }

    /// The bytes charged now.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Adds `bytes` held by `holder`; the budget error when the total crosses the limit.
    fn charge(&self, bytes: u64, holder: &Meter) -> Result<()> {
        let used = self.used.fetch_add(bytes, Ordering::Relaxed) + bytes;
        match self.limits.max_memory {
            Some(limit) if used > limit => Err(self.trip(memory_error(limit, holder))),
            _ => self.tripped_error(),
        }
    }

    fn release(&self, bytes: u64) {
        self.used.fetch_sub(bytes, Ordering::Relaxed);
    }

    /// The timeout error when the deadline has passed, or the first error once tripped.
    pub fn check_time(&self, span: Span) -> Result<()> {
        if let (Some(deadline), Some(timeout)) = (self.deadline, self.limits.timeout)
            && Instant::now() >= deadline
        {
            return Err(self.trip(timeout_error(timeout, span)));
        }
        self.tripped_error()
    }

    fn tripped_error(&self) -> Result<()> {
        if !self.tripped.load(Ordering::Relaxed) {
            return Ok(());
        }
        let first = self.first_error.lock().ok().and_then(|e| e.clone());
        Err(first.unwrap_or_else(|| {
            Diagnostic::new(Code::RuntimeError, Span::default(), "the query was stopped")
        }))
    }

    /// Records `error` as the run's first (unless one is already), and returns the first.
    fn trip(&self, error: Diagnostic) -> Diagnostic {
        self.tripped.store(true, Ordering::Relaxed);
        match self.first_error.lock() {
            Ok(mut first) => first.get_or_insert(error).clone(),
            Err(_) => error,
        }
    }
}

/// What one holder has charged: it adds bytes as it grows, charges the budget by batches
/// and gives everything back when dropped (or keeps it charged: [`Meter::keep`]).
#[derive(Debug)]
pub struct Meter {
    /// The operator as the query names it (`join`, `sort`, …) and what of it holds.
    what: String,
    span: Span,
    pending: u64,
    charged: u64,
    budget: Option<Arc<Budget>>,
}

impl Meter {
    /// A holder named `what` (e.g. "join (its build side)") for the plan node at `span`.
    pub fn new(what: impl Into<String>, span: Span) -> Meter {
        Meter {
            what: what.into(),
            span,
            pending: 0,
            charged: 0,
            budget: None,
        }
    }

    /// Counts `bytes` more held; charges the budget when a batch is full.
    pub fn add(&mut self, bytes: usize, cx: &super::ExecContext) -> Result<()> {
        self.pending += bytes as u64;
        if self.pending >= BATCH_BYTES {
            return self.charge(cx);
        }
        Ok(())
    }

    /// Makes room for `additional` more items in `items`, charging the capacity it grows
    /// by before it grows: a `Vec` doubles, so charging lengths alone let real memory
    /// reach twice the budget (a self-join's matches did).
    pub fn reserve<T>(
        &mut self,
        items: &mut Vec<T>,
        additional: usize,
        cx: &super::ExecContext,
    ) -> Result<()> {
        let (len, capacity) = (items.len(), items.capacity());
        if len + additional <= capacity {
            return Ok(());
        }
        let grown = (len + additional).max(capacity * 2);
        self.add((grown - capacity) * std::mem::size_of::<T>(), cx)?;
        self.charge(cx)?;
        items.reserve_exact(grown - len);
        Ok(())
    }

    /// Counts a row more held ([`row_bytes`]).
    pub fn add_row(&mut self, row: &Row, cx: &super::ExecContext) -> Result<()> {
        self.add(row_bytes(row), cx)
    }

    /// Charges what is pending now (a batch is full, or the holder is done growing).
    /// Where a spilling operator would spill instead of failing: on the budget error.
    pub fn charge(&mut self, cx: &super::ExecContext) -> Result<()> {
        let budget = self.budget.get_or_insert_with(|| cx.budget.clone()).clone();
        let bytes = std::mem::take(&mut self.pending);
        self.charged += bytes;
        budget.charge(bytes, self)
    }

    /// Gives back everything charged (what was held is freed or spilled).
    pub fn release(&mut self) {
        if let Some(budget) = &self.budget {
            budget.release(self.charged);
        }
        self.charged = 0;
        self.pending = 0;
    }

    /// Leaves the charge on the budget until the run ends (a result table, a materialized
    /// subquery: held as long as the query runs).
    pub fn keep(mut self) {
        self.budget = None;
    }

    /// A new, empty meter for a part of this holder (one chunk of a parallel run), to
    /// [`Meter::absorb`] back when the part is done.
    pub fn part(&self) -> Meter {
        Meter::new(self.what.clone(), self.span)
    }

    /// Takes over what `other` counted (the groups of a parallel part merged into these).
    pub fn absorb(&mut self, mut other: Meter) {
        if other.budget.is_some() {
            if self.budget.is_none() {
                self.budget = other.budget.take();
            }
            self.charged += std::mem::take(&mut other.charged);
        }
        self.pending += std::mem::take(&mut other.pending);
    }

    /// The bytes this holder counted (charged or pending).
    pub fn bytes(&self) -> u64 {
        self.charged + self.pending
    }
}

impl Drop for Meter {
    fn drop(&mut self) {
        self.release();
    }
}

/// The estimated bytes of one held row: its slot in a vector (with room for growth), its
/// values, and its share of the text and JSON they point at.
pub fn row_bytes(row: &Row) -> usize {
    2 * std::mem::size_of::<Row>()
        + row.capacity() * VALUE_BYTES
        + row.iter().map(heap_bytes).sum::<usize>()
}

/// The estimated bytes of a value held alone (an aggregate's list element).
pub fn value_bytes(value: &Value) -> usize {
    VALUE_BYTES + heap_bytes(value)
}

/// The bytes a value points at, divided among the values that share them.
fn heap_bytes(value: &Value) -> usize {
    match value {
        Value::String(s) | Value::Guid(s) => (s.len() + 16) / Arc::strong_count(s).max(1),
        Value::Dynamic(d) => match Arc::strong_count(d) {
            1 => json_bytes(d, 0),
            n => (64 / n).max(1),
        },
        _ => 0,
    }
}

/// The estimated heap bytes of a JSON value (serde_json's layout; walked to depth 8, a
/// deeper part counted as 64 bytes).
fn json_bytes(json: &serde_json::Value, depth: usize) -> usize {
    const NODE: usize = std::mem::size_of::<serde_json::Value>();
    if depth > 8 {
        return 64;
    }
    match json {
        serde_json::Value::String(s) => NODE + s.len(),
        serde_json::Value::Array(items) => {
            NODE + items
                .iter()
                .map(|i| json_bytes(i, depth + 1))
                .sum::<usize>()
        }
        serde_json::Value::Object(map) => {
            NODE + map
                .iter()
                .map(|(k, v)| 32 + k.len() + json_bytes(v, depth + 1))
                .sum::<usize>()
        }
        _ => NODE,
    }
}

/// The operator of a plan node as the query names it, for budget messages.
pub fn operator_name(op: &crate::plan::Op) -> &'static str {
    use crate::plan::Op;
    match op {
        Op::Scan(_) => "table",
        Op::Values(_) => "datatable",
        Op::Range(_) => "range",
        Op::Shared(_) => "materialize",
        Op::ApplyInput => "mv-apply",
        Op::Where(_) => "where",
        Op::Extend(_) => "extend",
        Op::Project(_) => "project",
        Op::Summarize(_) => "summarize",
        Op::Sort(_) => "sort",
        Op::Take(_) => "take",
        Op::Join(_) => "join",
        Op::Union(_) => "union",
        Op::MvExpand(_) => "mv-expand",
        Op::MvApply(_) => "mv-apply",
        Op::Parse(_) => "parse",
        Op::BagUnpack(_) => "bag_unpack",
        Op::ParseKv(_) => "parse-kv",
        Op::MakeSeries(_) => "make-series",
        Op::TopNested(_) => "top-nested",
        Op::ScanSteps(_) => "scan",
        Op::TableFn(_) => "evaluate",
        Op::Graph(g) => g.operator_name(),
        Op::GraphTable(t) => t.operator_name(),
    }
}

/// The error for a holder that crossed the memory budget.
fn memory_error(limit: u64, holder: &Meter) -> Diagnostic {
    Diagnostic::new(
        Code::MemoryBudget,
        holder.span,
        format!(
            "the query needs more memory than its budget of {} (--max-memory): {} held about {} of it when it was stopped",
            show_size(limit),
            holder.what,
            show_size(holder.bytes()),
        ),
    )
    .with_help(
        "raise the budget with --max-memory (e.g. --max-memory 8G), or make the query hold less: \
         filter or summarize before a join or sort, or join on a more selective key",
    )
}

/// The error for a query that ran past `--timeout`.
fn timeout_error(timeout: Duration, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Timeout,
        span,
        format!(
            "the query ran longer than its timeout of {} and was stopped",
            show_duration(timeout)
        ),
    )
    .with_help("raise it with --timeout (e.g. --timeout 5m), or leave --timeout out for no limit")
}

/// A size as people write it: `300 MiB`, `4.0 GiB`, `512 KiB`, `17 B`.
pub fn show_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{:.1} {unit}", bytes as f64 / size as f64)
            };
        }
    }
    format!("{bytes} B")
}

/// A duration as `--timeout` takes it: `2s`, `1.5s`, `250ms`.
fn show_duration(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else if d < Duration::from_secs(1) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.3}s", d.as_secs_f64())
    }
}

/// Reads a size: a number with an optional binary unit `K`, `M`, `G` or `T` (`KB`, `KiB`,
/// … alike; all powers of 1024), e.g. `300M`, `4G`, `1.5G`, `1048576`.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_uppercase();
    let unit = unit
        .strip_suffix("IB")
        .or_else(|| unit.strip_suffix('B'))
        .unwrap_or(&unit);
    let scale: u64 = match unit {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        _ => return None,
    };
    let bytes = number * scale as f64;
    (bytes.is_finite() && bytes >= 1.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

/// Half of the machine's memory (`MemTotal` of `/proc/meminfo`), the default
/// `--max-memory`; 4 GiB where the total cannot be read.
pub fn default_max_memory() -> u64 {
    let total = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib * 1024)
        });
    total.map_or(4 << 30, |t| t / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_units_with_or_without_b() {
        assert_eq!(parse_size("300M"), Some(300 << 20));
        assert_eq!(parse_size("4G"), Some(4 << 30));
        assert_eq!(parse_size("4GiB"), Some(4 << 30));
        assert_eq!(parse_size("512kb"), Some(512 << 10));
        assert_eq!(parse_size("1.5G"), Some(3 << 29));
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size("12X"), None);
        assert_eq!(parse_size("M"), None);
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("-1G"), None);
    }

    #[test]
    fn sizes_show_in_the_largest_whole_unit() {
        assert_eq!(show_size(300 << 20), "300 MiB");
        assert_eq!(show_size(3 << 29), "1.5 GiB");
        assert_eq!(show_size(17), "17 B");
    }

    #[test]
    fn a_string_shared_by_rows_counts_a_share_to_each() {
        let alone = row_bytes(&vec![Value::string("x".repeat(1000))]);
        let s: Arc<str> = Arc::from("x".repeat(1000));
        let rows: Vec<Row> = (0..9).map(|_| vec![Value::String(s.clone())]).collect();
        let shared = row_bytes(&rows[0]);
        assert!(alone > 1000, "{alone}");
        assert!(shared < 300, "{shared}");
    }

    #[test]
    fn the_default_budget_is_half_the_machine_and_not_zero() {
        assert!(default_max_memory() >= 1 << 20);
    }
}
