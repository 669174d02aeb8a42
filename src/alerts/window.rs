//! The `queryPeriod` window of a scheduled rule as a filter on table scans: a table
//! with a `TimeGenerated` datetime column passes only rows with
//! `from <= TimeGenerated <= to` (both ends inclusive; a null TimeGenerated is outside).
//! Sentinel runs the rule's query over the time range `[now - queryPeriod, now]`, so
//! an event exactly at `now - queryPeriod` is visible and one a tick older is not.

use crate::diagnostic::Result;
use crate::exec::{Flow, Prefilter, TableSource};
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

impl TimeWindow<'_> {
    fn has_time_column(&self, table: &str) -> bool {
        self.catalog.table(table).is_some_and(|info| {
            info.columns
                .iter()
                .any(|c| c.name == TIME_COLUMN && c.ty == Type::DateTime)
        })
    }

    fn inside(&self, value: &Value) -> bool {
        matches!(value, Value::DateTime(t) if (self.from..=self.to).contains(t))
    }
}

impl TableSource for TimeWindow<'_> {
    /// Ignores the prefilter: the window reads its source with a column it may add.
    fn read_prefiltered(
        &self,
        table: &str,
        columns: &[Column],
        span: Span,
        _prefilter: Option<&Prefilter>,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()> {
        if !self.has_time_column(table) {
            return self.source.read(table, columns, span, sink);
        }
        // The scan may not ask for TimeGenerated (projection push-down): ask for it too
        // and drop it again before passing the row on.
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
        self.source.read(table, read_columns, span, &mut |mut row| {
            if !row.get(time_index).is_some_and(|v| self.inside(v)) {
                return Ok(Flow::Continue);
            }
            if requested.is_none() {
                row.truncate(time_index);
            }
            sink(row)
        })
    }
}
