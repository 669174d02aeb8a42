//! A progress line on standard error while a run reads its tables: rows read, rows per
//! second and elapsed time (indicatif). Shown only on a terminal and without `-q`.

use crate::diagnostic::Result;
use crate::exec::{ChunkSource, Flow, TableSource};
use crate::io::read::Prefilter;
use crate::source::Span;
use crate::value::{Column, Row};
use indicatif::{ProgressBar, ProgressStyle};
use std::time::Duration;

/// A spinner counting rows, ticking on its own so a slow read still shows life.
pub fn rows_bar(input_bytes: u64) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    let style = ProgressStyle::with_template(
        "{spinner} {human_pos} rows read ({per_sec}) in {elapsed} — {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_message(format!("{:.1} MB of input", input_bytes as f64 / 1e6));
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// A table source that advances `bar` for every row it passes on.
pub struct Counted<S> {
    pub inner: S,
    pub bar: ProgressBar,
}

impl<S: std::ops::Deref<Target = T>, T: TableSource + ?Sized> Counted<S> {
    fn counting<'s>(
        &'s self,
        sink: &'s mut dyn FnMut(Row) -> Result<Flow>,
    ) -> impl FnMut(Row) -> Result<Flow> + 's {
        move |row| {
            self.bar.inc(1);
            sink(row)
        }
    }
}

impl<S: std::ops::Deref<Target = T>, T: TableSource + ?Sized> TableSource for Counted<S> {
    fn read_prefiltered(
        &self,
        table: &str,
        columns: &[Column],
        span: Span,
        prefilter: Option<&Prefilter>,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()> {
        self.inner
            .read_prefiltered(table, columns, span, prefilter, &mut self.counting(sink))
    }
    fn split(&self, table: &str, parts: usize, min_bytes: u64) -> Option<Vec<ChunkSource>> {
        let chunks = self.inner.split(table, parts, min_bytes)?;
        Some(
            chunks
                .into_iter()
                .map(|c| {
                    Box::new(Counted {
                        inner: c,
                        bar: self.bar.clone(),
                    }) as ChunkSource
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::MemoryTables;
    use crate::value::{Table, Type, Value};

    #[test]
    fn every_row_passed_on_advances_the_bar() {
        let columns = vec![Column::new("x", Type::Long)];
        let rows = (0..3).map(|i| vec![Value::Long(i)]).collect();
        let tables = MemoryTables {
            tables: vec![("T".into(), Table::new(columns.clone(), rows))],
        };
        let counted = Counted {
            inner: &tables as &dyn TableSource,
            bar: ProgressBar::hidden(),
        };
        let mut seen = 0;
        let outcome = counted.read("T", &columns, Span::default(), &mut |_| {
            seen += 1;
            Ok(Flow::Continue)
        });
        assert!(outcome.is_ok());
        assert_eq!((seen, counted.bar.position()), (3, 3));
    }
}
