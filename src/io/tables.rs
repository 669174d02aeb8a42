//! Tables given on the command line (`--table T=file …`, `--watchlist N=file`): their
//! catalog entries for lowering, and their rows for the interpreter.

use super::read::{Piece, Prefilter, read_pieces, read_rows_prefiltered, split_input};
use super::{Format, IoError, infer_columns};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::exec::{ChunkSource, Flow, TableSource};
use crate::plan::catalog::{Catalog, TableInfo};
use crate::source::Span;
use crate::value::{Column, Row};
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::path::PathBuf;

/// Rows sampled to infer the columns of a table with no known schema.
pub const INFERENCE_SAMPLE_ROWS: usize = 1000;

/// One named table and the files holding its rows.
#[derive(Clone, Debug)]
pub struct TableInput {
    pub name: String,
    pub paths: Vec<PathBuf>,
    pub format: Format,
    /// Columns from `--schema` or the built-in schemas; `None` infers them.
    pub schema: Option<Vec<Column>>,
    /// Whether the columns present in the data join `schema`'s (true for a built-in
    /// schema, a dated snapshot that exports outgrow; false for an exact `--schema`).
    pub data_columns: bool,
}

/// The tables of one run, with their columns resolved once.
pub struct FileTables {
    tables: Vec<(TableInput, TableInfo)>,
    /// The first I/O error met while reading (reported with exit code 2).
    pub io_error: RefCell<Option<IoError>>,
    /// The `--on-bad-rows skip` policy in force where the tables were opened, if any.
    bad_rows: Option<std::sync::Arc<crate::io::bad_rows::BadRows>>,
}

impl FileTables {
    /// Resolves each table's columns: its schema when known (closed; see
    /// [`with_data_columns`]), else inferred from a sample of its rows (open: a column
    /// the query names but the sample lacked still exists, with null where a row has no
    /// such field).
    pub fn new(inputs: Vec<TableInput>) -> std::result::Result<FileTables, IoError> {
        let bad_rows = crate::io::bad_rows::current();
        // Bad rows met while inferring columns are skipped again (and counted) by the read.
        let uncounted = bad_rows.as_ref().map(|_| Default::default());
        let tables = crate::io::bad_rows::with_current(uncounted, || open_tables(inputs))?;
        Ok(FileTables {
            tables,
            io_error: RefCell::new(None),
            bad_rows,
        })
    }

    fn find(&self, name: &str) -> Option<&(TableInput, TableInfo)> {
        self.tables.iter().find(|(t, _)| t.name == name)
    }
}

/// Each input with the columns its schema and data give.
fn open_tables(
    inputs: Vec<TableInput>,
) -> std::result::Result<Vec<(TableInput, TableInfo)>, IoError> {
    let mut tables = Vec::new();
    for input in inputs {
        let info = match &input.schema {
            Some(schema) => with_data_columns(schema, &input)?,
            None => TableInfo {
                columns: infer_columns(&input.paths, input.format, INFERENCE_SAMPLE_ROWS)?,
                open: true,
            },
        };
        tables.push((input, info));
    }
    Ok(tables)
}

/// A table with a known schema: closed, with the columns the sampled data adds to a
/// built-in schema. Data with no columns at all (an empty file) says nothing about
/// which columns exist, so the table is open, as `kqlc check` treats a built-in table:
/// a column the query names beyond the schema is read as null.
fn with_data_columns(
    schema: &[Column],
    input: &TableInput,
) -> std::result::Result<TableInfo, IoError> {
    let mut columns = schema.to_vec();
    if !input.data_columns {
        return Ok(TableInfo {
            columns,
            open: false,
        });
    }
    let present = infer_columns(&input.paths, input.format, INFERENCE_SAMPLE_ROWS)?;
    crate::schema::merge_columns(&mut columns, &present);
    Ok(TableInfo {
        columns,
        open: present.is_empty(),
    })
}

impl Catalog for FileTables {
    fn table(&self, name: &str) -> Option<TableInfo> {
        self.find(name).map(|(_, info)| info.clone())
    }
    fn table_names(&self) -> Vec<String> {
        self.tables.iter().map(|(t, _)| t.name.clone()).collect()
    }
}

impl TableSource for FileTables {
    fn read_prefiltered(
        &self,
        table: &str,
        columns: &[Column],
        span: Span,
        prefilter: Option<&Prefilter>,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()> {
        let Some((input, _)) = self.find(table) else {
            return Err(Diagnostic::new(
                Code::MissingTable,
                span,
                format!("no data was given for table `{table}`"),
            ));
        };
        let outcome = crate::io::bad_rows::with_current(self.bad_rows.clone(), || {
            forward_rows(sink, &mut |forward| {
                read_rows_prefiltered(&input.paths, input.format, columns, prefilter, forward)
            })
        });
        outcome.map_err(|failure| match failure {
            IoOrQuery::Query(d) => d,
            IoOrQuery::Io(e) => {
                let message = e.to_string();
                *self.io_error.borrow_mut() = Some(e);
                read_failure(table, span, &message)
            }
        })
    }

    fn split(&self, table: &str, parts: usize, min_bytes: u64) -> Option<Vec<ChunkSource>> {
        let (input, _) = self.find(table)?;
        if self.bad_rows.is_some() {
            // Skipped rows are reported with their line in the file: read it in one piece.
            return None;
        }
        let chunks = split_input(&input.paths, input.format, parts, min_bytes).ok()??;
        let format = input.format;
        Some(
            chunks
                .into_iter()
                .map(|pieces| Box::new(FileChunk { pieces, format }) as ChunkSource)
                .collect(),
        )
    }
}

/// One chunk of a table's files for a parallel scan (any table name reads it).
struct FileChunk {
    pieces: Vec<Piece>,
    format: Format,
}

impl TableSource for FileChunk {
    fn read_prefiltered(
        &self,
        table: &str,
        columns: &[Column],
        span: Span,
        prefilter: Option<&Prefilter>,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()> {
        forward_rows(sink, &mut |forward| {
            read_pieces(&self.pieces, self.format, columns, prefilter, forward)
        })
        .map_err(|failure| match failure {
            IoOrQuery::Query(d) => d,
            IoOrQuery::Io(e) => read_failure(table, span, &e.to_string()),
        })
    }
}

type RowForward<'f> = dyn FnMut(Row) -> std::result::Result<ControlFlow<()>, IoError> + 'f;

/// Runs a reader that pushes rows into a forwarding callback which hands them to `sink`;
/// an error from the sink ends the read and is the result, else an I/O error is.
fn forward_rows(
    sink: &mut dyn FnMut(Row) -> Result<Flow>,
    reader: &mut dyn FnMut(&mut RowForward<'_>) -> std::result::Result<(), IoError>,
) -> std::result::Result<(), IoOrQuery> {
    let mut failure: Option<Diagnostic> = None;
    let outcome = reader(&mut |row| match sink(row) {
        Ok(Flow::Continue) => Ok(ControlFlow::Continue(())),
        Ok(Flow::Stop) => Ok(ControlFlow::Break(())),
        Err(d) => {
            failure = Some(d);
            Ok(ControlFlow::Break(()))
        }
    });
    if let Some(d) = failure {
        return Err(IoOrQuery::Query(d));
    }
    outcome.map_err(IoOrQuery::Io)
}

/// Why a read ended early: the input failed, or an operator downstream did.
enum IoOrQuery {
    Io(IoError),
    Query(Diagnostic),
}

fn read_failure(table: &str, span: Span, message: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RuntimeError,
        span,
        format!("reading table `{table}` failed: {message}"),
    )
}
