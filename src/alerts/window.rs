//! The `queryPeriod` window of a scheduled rule as a filter on table scans: a table
//! with a `TimeGenerated` datetime column passes only rows with
//! `from <= TimeGenerated <= to` (both ends inclusive; a null TimeGenerated is outside).
//! Sentinel runs the rule's query over the time range `[now - queryPeriod, now]`, so
//! an event exactly at `now - queryPeriod` is visible and one a tick older is not.

use crate::diagnostic::Result;
use crate::exec::{ChunkSource, Flow, Prefilter, TableSource};
use crate::plan::catalog::Catalog;
use crate::source::Span;
use crate::value::{Column, Row, Type, Value};

/// The column the window filters on.
pub const TIME_COLUMN: &str = "TimeGenerated";

/// A table source that hides rows outside `[from, to]` (ticks) in every table with a
/// `TimeGenerated` datetime column; other tables (watchlists…) pass unchanged.
pub struct TimeWindow<'a> {
    pub source: &'a dyn TableSource,
    pub catalog: &'a dyn Catalog,
    pub from: i64,
    pub to: i64,
}

/// Whether `column` is the one a query period filters: a datetime `TimeGenerated`.
pub fn is_time_column(column: &Column) -> bool {
    column.name == TIME_COLUMN && column.ty == Type::DateTime
}

impl TimeWindow<'_> {
    fn has_time_column(&self, table: &str) -> bool {
        self.catalog
            .table(table)
            .is_some_and(|info| info.columns.iter().any(is_time_column))
    }

    fn bounds(&self, table: &str) -> Option<(i64, i64)> {
        self.has_time_column(table).then_some((self.from, self.to))
    }
}

impl TableSource for TimeWindow<'_> {
    fn read_prefiltered(
        &self,
        table: &str,
        columns: &[Column],
        span: Span,
        prefilter: Option<&Prefilter>,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()> {
        let bounds = self.bounds(table);
        read_within(self.source, bounds, table, columns, span, prefilter, sink)
    }

    /// The chunks of the underlying source, each behind the same window, so that a
    /// rule's query can scan in parallel like a plain query.
    fn split(&self, table: &str, parts: usize, min_bytes: u64) -> Option<Vec<ChunkSource>> {
        let bounds = self.bounds(table);
        let chunks = self.source.split(table, parts, min_bytes)?;
        Some(
            chunks
                .into_iter()
                .map(|inner| Box::new(ChunkWindow { inner, bounds }) as ChunkSource)
                .collect(),
        )
    }
}

/// One chunk of a table behind the window (`bounds` decided for its table at the split).
struct ChunkWindow {
    inner: ChunkSource,
    bounds: Option<(i64, i64)>,
}

impl TableSource for ChunkWindow {
    fn read_prefiltered(
        &self,
        table: &str,
        columns: &[Column],
        span: Span,
        prefilter: Option<&Prefilter>,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()> {
        let inner = &*self.inner;
        read_within(inner, self.bounds, table, columns, span, prefilter, sink)
    }
}

/// Reads `table` from `source`, passing on only rows whose `TimeGenerated` lies within
/// `bounds` (all rows when `None`: the table has no such column). A prefilter, when
/// given, may drop rows before they are built; the window is applied to the rows kept.
fn read_within(
    source: &dyn TableSource,
    bounds: Option<(i64, i64)>,
    table: &str,
    columns: &[Column],
    span: Span,
    prefilter: Option<&Prefilter>,
    sink: &mut dyn FnMut(Row) -> Result<Flow>,
) -> Result<()> {
    let read = |columns: &[Column], sink: &mut dyn FnMut(Row) -> Result<Flow>| {
        source.read_prefiltered(table, columns, span, prefilter, sink)
    };
    let Some((from, to)) = bounds else {
        return read(columns, sink);
    };
    // The scan may not ask for TimeGenerated (projection push-down): ask for it too
    // and drop it again before passing the row on. (A prefilter reads its columns by
    // position among the requested ones, so the one added last does not disturb it.)
    let requested = columns.iter().position(|c| c.name == TIME_COLUMN);
    let mut wide;
    let (read_columns, time_index) = match requested {
        Some(i) => (columns, i),
        None => {
            wide = columns.to_vec();
            wide.push(Column::new(TIME_COLUMN, Type::DateTime));
            (&wide[..], columns.len())
        }
    };
    read(read_columns, &mut |mut row| {
        let inside =
            matches!(row.get(time_index), Some(Value::DateTime(t)) if (from..=to).contains(t));
        if !inside {
            return Ok(Flow::Continue);
        }
        if requested.is_none() {
            row.truncate(time_index);
        }
        sink(row)
    })
}
