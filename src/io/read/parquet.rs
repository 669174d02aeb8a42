//! Apache Parquet files, read with the `parquet` crate's Arrow reader: only the columns a
//! query reads are decoded (projection push-down), a batch at a time, so memory stays
//! bounded by one row group's projected columns. Typed columns map to Kusto types:
//! timestamps and dates → datetime, durations → timespan, 8–32-bit integers → int,
//! 64-bit → long, floats → real, decimals → decimal, booleans → bool, text → string
//! (text holding JSON stays a string, as Sentinel stores it, unless the table's schema
//! says dynamic), structs, lists and maps → dynamic.

use super::convert;
use super::json::Prefilter;
use crate::io::IoError;
use crate::value::{Column, Row, Type, Value};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowPrimitiveType, Date32Type, Date64Type, DurationMicrosecondType, DurationMillisecondType,
    DurationNanosecondType, DurationSecondType, Float16Type, Float32Type, Float64Type, Int8Type,
    Int16Type, Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder, RowSelection,
};
use serde_json::Value as Json;
use std::fs::File;
use std::ops::ControlFlow;
use std::path::Path;

/// The four bytes a Parquet file starts (and ends) with.
pub(super) const MAGIC: &[u8] = b"PAR1";

/// Rows decoded per Arrow batch.
const BATCH_ROWS: usize = 8192;

/// The fewest selected rows a batch of the second pass holds (few-row batches cost
/// more per row than they save).
const MIN_SELECTED_BATCH_ROWS: usize = 256;

/// 100 ns ticks in one day.
const TICKS_PER_DAY: i64 = 864_000_000_000;

/// The file's columns, typed from its Arrow schema (the footer only is read).
pub(super) fn columns(path: &Path) -> Result<Vec<Column>, IoError> {
    let builder = builder(path)?;
    Ok(builder
        .schema()
        .fields()
        .iter()
        .map(|f| Column::new(f.name().clone(), kusto_type(f.data_type())))
        .collect())
}

/// The file's row groups with their compressed sizes in bytes, in file order.
pub(super) fn row_groups(path: &Path) -> Result<Vec<u64>, IoError> {
    let builder = builder(path)?;
    Ok(builder
        .metadata()
        .row_groups()
        .iter()
        .map(|g| g.compressed_size().max(0) as u64)
        .collect())
}

/// Streams the rows of the file (of `groups` only, when given) with exactly `columns`:
/// a column the file lacks is null. With a prefilter, each row group is read twice:
/// first the columns the prefilter tests, then the others for the rows it keeps only
/// (late materialisation: the dropped rows' other columns are skipped, not decoded).
pub(super) fn read_rows(
    path: &Path,
    groups: Option<&[usize]>,
    columns: &[Column],
    prefilter: Option<&Prefilter>,
    sink: &mut dyn FnMut(Row) -> Result<ControlFlow<()>, IoError>,
) -> Result<(), IoError> {
    let file = File::open(path).map_err(|e| IoError::from_os(path, &e))?;
    let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::default())
        .map_err(|e| parquet_error(path, &e))?;
    let source = Source {
        path,
        file,
        metadata,
    };
    let present: Vec<bool> = columns
        .iter()
        .map(|c| source.root(&c.name).is_some())
        .collect();
    let groups: Vec<usize> = match groups {
        Some(groups) => groups.to_vec(),
        None => (0..source.metadata.metadata().num_row_groups()).collect(),
    };
    let tested = |k: usize| prefilter.is_some_and(|p| p.first.get(k).copied().unwrap_or(false));
    let two_pass = (0..columns.len()).any(|k| present[k] && tested(k))
        && (0..columns.len()).any(|k| present[k] && !tested(k));
    match prefilter {
        Some(prefilter) if two_pass => {
            for group in groups {
                if read_group_selected(&source, group, columns, prefilter, sink)?.is_break() {
                    break;
                }
            }
            Ok(())
        }
        _ => {
            let reader = source.batches(groups, columns, &|_| true, None, BATCH_ROWS)?;
            for batch in reader {
                let batch = batch.map_err(|e| read_error(path, &e))?;
                if push_batch(&batch, columns, prefilter, sink)?.is_break() {
                    break;
                }
            }
            Ok(())
        }
    }
}

/// One open Parquet file with its footer read once.
struct Source<'p> {
    path: &'p Path,
    file: File,
    metadata: ArrowReaderMetadata,
}

impl Source<'_> {
    /// The index of the top-level column `name`.
    fn root(&self, name: &str) -> Option<usize> {
        self.metadata
            .schema()
            .fields()
            .iter()
            .position(|f| f.name() == name)
    }

    /// Requested column `k` of the rows `selection` selects in row group `group`, in
    /// batches of `batch_rows` rows.
    fn selected_column(
        &self,
        group: usize,
        columns: &[Column],
        k: usize,
        selection: &RowSelection,
        batch_rows: usize,
    ) -> Result<Vec<RecordBatch>, IoError> {
        let only = |j: usize| j == k;
        self.batches(
            vec![group],
            columns,
            &only,
            Some(selection.clone()),
            batch_rows,
        )?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| read_error(self.path, &e))
    }

    /// Batches of `groups` holding the requested columns that `wanted` picks (by index
    /// into `columns`), of the rows `selection` selects (all when `None`), `batch_rows`
    /// selected rows a batch.
    fn batches(
        &self,
        groups: Vec<usize>,
        columns: &[Column],
        wanted: &dyn Fn(usize) -> bool,
        selection: Option<RowSelection>,
        batch_rows: usize,
    ) -> Result<ParquetRecordBatchReader, IoError> {
        let file = self
            .file
            .try_clone()
            .map_err(|e| IoError::from_os(self.path, &e))?;
        let builder =
            ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone());
        let mut roots: Vec<usize> = (0..columns.len())
            .filter(|&k| wanted(k))
            .filter_map(|k| self.root(&columns[k].name))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.is_empty() && !self.metadata.schema().fields().is_empty() {
            // Rows are still counted when no column is read: decode the first one.
            roots.push(0);
        }
        let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
        let mut builder = builder
            .with_batch_size(batch_rows)
            .with_projection(mask)
            .with_row_groups(groups);
        if let Some(selection) = selection {
            builder = builder.with_row_selection(selection);
        }
        builder.build().map_err(|e| parquet_error(self.path, &e))
    }
}

/// Reads one row group in two passes: the prefilter's columns for every row, then the
/// other columns of the rows it keeps, one column at a time: a column chunk may be a
/// single page of many megabytes, and decoding the columns side by side would hold
/// every column's page at once, where one at a time holds one page and the (fewer)
/// kept rows' values of the others.
fn read_group_selected(
    source: &Source<'_>,
    group: usize,
    columns: &[Column],
    prefilter: &Prefilter,
    sink: &mut dyn FnMut(Row) -> Result<ControlFlow<()>, IoError>,
) -> Result<ControlFlow<()>, IoError> {
    let tested = |k: usize| prefilter.first.get(k).copied().unwrap_or(false);
    let mut verdicts = Vec::new();
    let mut kept: Vec<Row> = Vec::new();
    for batch in source.batches(vec![group], columns, &tested, None, BATCH_ROWS)? {
        let batch = batch.map_err(|e| read_error(source.path, &e))?;
        let readers = readers(&batch, columns, &tested);
        for i in 0..batch.num_rows() {
            let row = row_of(&readers, columns, i, &tested);
            let keep = (prefilter.keep)(&row);
            verdicts.push(keep);
            if keep {
                kept.push(row);
            }
        }
    }
    if kept.is_empty() {
        return Ok(ControlFlow::Continue(()));
    }
    let batch_rows = selected_batch_rows(kept.len(), verdicts.len());
    let selection = RowSelection::from_filters(&[BooleanArray::from(verdicts)]);
    let (present, absent): (Vec<usize>, Vec<usize>) = (0..columns.len())
        .filter(|&k| !tested(k))
        .partition(|&k| source.root(&columns[k].name).is_some());
    let mut selected = Vec::with_capacity(present.len());
    for &k in &present {
        selected.push((
            k,
            source.selected_column(group, columns, k, &selection, batch_rows)?,
        ));
    }
    let mut kept = kept.into_iter();
    let batch_count = selected.first().map_or(0, |(_, batches)| batches.len());
    for b in 0..batch_count {
        let mut cells = Vec::with_capacity(selected.len());
        for (k, batches) in &selected {
            let batch = batches.get(b).ok_or_else(|| changed(source.path))?;
            cells.push((*k, batch.num_rows(), column_reader(batch, &columns[*k])));
        }
        let rows = cells.first().map_or(0, |(_, rows, _)| *rows);
        if cells.iter().any(|(_, n, _)| *n != rows) {
            return Err(changed(source.path));
        }
        for i in 0..rows {
            let mut row = kept.next().ok_or_else(|| changed(source.path))?;
            for (k, _, reader) in &cells {
                row[*k] = match reader {
                    Some(read) => read(i),
                    None => Value::null_of(columns[*k].ty),
                };
            }
            for &k in &absent {
                row[k] = Value::null_of(columns[k].ty);
            }
            if sink(row)?.is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
    }
    Ok(ControlFlow::Continue(()))
}

/// The error of a row group whose columns disagree on their selected rows.
fn changed(path: &Path) -> IoError {
    IoError::new(path, "a Parquet row group changed while read")
}

/// Selected rows a batch of the second pass holds, so that a batch spans about
/// [`BATCH_ROWS`] rows of the file: the reader decodes every row a batch spans when the
/// kept rows are scattered (and filters after), so a batch of 8,192 kept rows out of
/// one in twenty would decode a whole row group's text columns at once.
fn selected_batch_rows(kept: usize, total: usize) -> usize {
    let spanned = BATCH_ROWS.saturating_mul(kept) / total.max(1);
    spanned.clamp(MIN_SELECTED_BATCH_ROWS, BATCH_ROWS)
}

/// Row `i` of a batch with the cells `wanted` picks read and the others null.
fn row_of(
    readers: &[Option<CellReader<'_>>],
    columns: &[Column],
    i: usize,
    wanted: &dyn Fn(usize) -> bool,
) -> Row {
    let mut row = vec![Value::Null; columns.len()];
    fill_row(&mut row, readers, columns, i, wanted);
    row
}

/// Reads into `row` the cells of row `i` that `wanted` picks, leaving the others.
fn fill_row(
    row: &mut Row,
    readers: &[Option<CellReader<'_>>],
    columns: &[Column],
    i: usize,
    wanted: &dyn Fn(usize) -> bool,
) {
    for (k, slot) in row.iter_mut().enumerate() {
        if wanted(k) {
            *slot = cell_of(readers, columns, k, i);
        }
    }
}

/// Readers of the batch's cells for the requested columns `wanted` picks (`None`: null).
fn readers<'b>(
    batch: &'b RecordBatch,
    columns: &[Column],
    wanted: &dyn Fn(usize) -> bool,
) -> Vec<Option<CellReader<'b>>> {
    columns
        .iter()
        .enumerate()
        .map(|(k, c)| {
            if !wanted(k) {
                return None;
            }
            column_reader(batch, c)
        })
        .collect()
}

/// A reader of the batch's cells of the requested column `column`, if the batch has it.
fn column_reader<'b>(batch: &'b RecordBatch, column: &Column) -> Option<CellReader<'b>> {
    batch
        .column_by_name(&column.name)
        .map(|array| cell_reader(array.as_ref(), column.ty))
}

/// Cell `i` of requested column `k`, or the column type's null when it is not read.
fn cell_of(readers: &[Option<CellReader<'_>>], columns: &[Column], k: usize, i: usize) -> Value {
    match &readers[k] {
        Some(read) => read(i),
        None => Value::null_of(columns[k].ty),
    }
}

fn read_error(path: &Path, error: &arrow_schema::ArrowError) -> IoError {
    IoError::new(path, format!("cannot read Parquet: {error}"))
}

fn builder(path: &Path) -> Result<ParquetRecordBatchReaderBuilder<File>, IoError> {
    let file = File::open(path).map_err(|e| IoError::from_os(path, &e))?;
    ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| parquet_error(path, &e))
}

fn parquet_error(path: &Path, error: &parquet::errors::ParquetError) -> IoError {
    IoError::new(path, format!("not a readable Parquet file: {error}")).with_hint(
        "a Parquet file cannot be read compressed as a whole (.gz/.zst); its pages may be",
    )
}

/// Hands the rows of one batch to `sink`, converting each cell to its column's type;
/// a row `prefilter` drops is not built beyond the columns it tests.
fn push_batch(
    batch: &RecordBatch,
    columns: &[Column],
    prefilter: Option<&Prefilter>,
    sink: &mut dyn FnMut(Row) -> Result<ControlFlow<()>, IoError>,
) -> Result<ControlFlow<()>, IoError> {
    let readers = readers(batch, columns, &|_| true);
    let tested = |k: usize| prefilter.is_some_and(|p| p.first.get(k).copied().unwrap_or(false));
    for i in 0..batch.num_rows() {
        let row = match prefilter {
            None => (0..columns.len())
                .map(|k| cell_of(&readers, columns, k, i))
                .collect(),
            Some(prefilter) => {
                let mut row = row_of(&readers, columns, i, &tested);
                if !(prefilter.keep)(&row) {
                    continue;
                }
                fill_row(&mut row, &readers, columns, i, &|k| !tested(k));
                row
            }
        };
        if sink(row)?.is_break() {
            return Ok(ControlFlow::Break(()));
        }
    }
    Ok(ControlFlow::Continue(()))
}

/// The Kusto type of an Arrow column type.
fn kusto_type(data_type: &DataType) -> Type {
    match data_type {
        DataType::Boolean => Type::Bool,
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::UInt8 | DataType::UInt16 => {
            Type::Int
        }
        DataType::Int64 | DataType::UInt32 | DataType::UInt64 => Type::Long,
        DataType::Float16 | DataType::Float32 | DataType::Float64 => Type::Real,
        DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => Type::Decimal,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Type::String,
        DataType::Timestamp(..) | DataType::Date32 | DataType::Date64 => Type::DateTime,
        DataType::Duration(_) => Type::TimeSpan,
        DataType::Dictionary(_, values) => kusto_type(values),
        _ => Type::Dynamic,
    }
}

/// Reads cell `i` of one column as a value of the requested type.
type CellReader<'a> = Box<dyn Fn(usize) -> Value + 'a>;

/// A reader for the cells of `array` converted to `ty`: text is converted as a CSV
/// cell is (JSON text parsed for a dynamic column), other values from their natural
/// Kusto value; nested values become dynamic JSON.
fn cell_reader(array: &dyn Array, ty: Type) -> CellReader<'_> {
    match array.data_type() {
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            text_reader(ty, move |i| (!a.is_null(i)).then(|| a.value(i)))
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            text_reader(ty, move |i| (!a.is_null(i)).then(|| a.value(i)))
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            text_reader(ty, move |i| (!a.is_null(i)).then(|| a.value(i)))
        }
        DataType::Boolean => {
            let a = array.as_boolean();
            Box::new(move |i| cell(a.is_null(i), ty, || Value::Bool(a.value(i))))
        }
        DataType::Int8 => numbers::<Int8Type>(array, ty, |v| Value::Long(v.into())),
        DataType::Int16 => numbers::<Int16Type>(array, ty, |v| Value::Long(v.into())),
        DataType::Int32 => numbers::<Int32Type>(array, ty, |v| Value::Long(v.into())),
        DataType::Int64 => numbers::<Int64Type>(array, ty, Value::Long),
        DataType::UInt8 => numbers::<UInt8Type>(array, ty, |v| Value::Long(v.into())),
        DataType::UInt16 => numbers::<UInt16Type>(array, ty, |v| Value::Long(v.into())),
        DataType::UInt32 => numbers::<UInt32Type>(array, ty, |v| Value::Long(v.into())),
        DataType::UInt64 => numbers::<UInt64Type>(array, ty, |v| {
            i64::try_from(v).map_or(Value::Real(v as f64), Value::Long)
        }),
        DataType::Float16 => numbers::<Float16Type>(array, ty, |v| Value::Real(v.to_f64())),
        DataType::Float32 => numbers::<Float32Type>(array, ty, |v| Value::Real(v.into())),
        DataType::Float64 => numbers::<Float64Type>(array, ty, Value::Real),
        DataType::Timestamp(TimeUnit::Second, _) => {
            numbers::<TimestampSecondType>(array, ty, |v| datetime(v, 10_000_000, 1))
        }
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            numbers::<TimestampMillisecondType>(array, ty, |v| datetime(v, 10_000, 1))
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            numbers::<TimestampMicrosecondType>(array, ty, |v| datetime(v, 10, 1))
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            numbers::<TimestampNanosecondType>(array, ty, |v| datetime(v, 1, 100))
        }
        DataType::Date32 => {
            numbers::<Date32Type>(array, ty, |v| datetime(i64::from(v), TICKS_PER_DAY, 1))
        }
        DataType::Date64 => numbers::<Date64Type>(array, ty, |v| datetime(v, 10_000, 1)),
        DataType::Duration(TimeUnit::Second) => numbers::<DurationSecondType>(array, ty, |v| {
            Value::TimeSpan(v.saturating_mul(10_000_000))
        }),
        DataType::Duration(TimeUnit::Millisecond) => {
            numbers::<DurationMillisecondType>(array, ty, |v| {
                Value::TimeSpan(v.saturating_mul(10_000))
            })
        }
        DataType::Duration(TimeUnit::Microsecond) => {
            numbers::<DurationMicrosecondType>(array, ty, |v| Value::TimeSpan(v.saturating_mul(10)))
        }
        DataType::Duration(TimeUnit::Nanosecond) => {
            numbers::<DurationNanosecondType>(array, ty, |v| Value::TimeSpan(v / 100))
        }
        DataType::Dictionary(..) => {
            let dictionary = array.as_any_dictionary();
            let keys = dictionary.normalized_keys();
            let values = cell_reader(dictionary.values().as_ref(), ty);
            Box::new(move |i| {
                if array.is_null(i) {
                    Value::null_of(ty)
                } else {
                    keys.get(i).map_or(Value::null_of(ty), |&k| values(k))
                }
            })
        }
        DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => Box::new(move |i| {
            cell(array.is_null(i), ty, || match to_json(array, i) {
                Json::Number(n) => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
                other => Value::dynamic(other),
            })
        }),
        _ => Box::new(move |i| cell(array.is_null(i), ty, || Value::dynamic(to_json(array, i)))),
    }
}

/// A reader of text cells: each converted as a CSV cell of the column's type is.
fn text_reader<'a>(ty: Type, text: impl Fn(usize) -> Option<&'a str> + 'a) -> CellReader<'a> {
    Box::new(move |i| match text(i) {
        None => Value::null_of(ty),
        Some(s) => convert::from_text(s, ty),
    })
}

/// A reader of a primitive column whose values `make` turns into Kusto values.
fn numbers<T: ArrowPrimitiveType>(
    array: &dyn Array,
    ty: Type,
    make: fn(T::Native) -> Value,
) -> CellReader<'_> {
    let a = array.as_primitive::<T>();
    Box::new(move |i| cell(a.is_null(i), ty, || make(a.value(i))))
}

/// A non-null cell's natural value converted to `ty` when it is of another type.
fn cell(is_null: bool, ty: Type, natural: impl FnOnce() -> Value) -> Value {
    if is_null {
        return Value::null_of(ty);
    }
    let value = natural();
    let fits = matches!(
        (ty, &value),
        (Type::Unknown, _)
            | (Type::Int | Type::Long, Value::Long(_))
            | (Type::Real | Type::Decimal, Value::Real(_))
            | (Type::Bool, Value::Bool(_))
            | (Type::DateTime, Value::DateTime(_))
            | (Type::TimeSpan, Value::TimeSpan(_))
            | (Type::Dynamic, Value::Dynamic(_))
            | (Type::String, Value::String(_))
    );
    if fits { value } else { value.cast(ty) }
}

/// `value * multiply / divide` ticks as a datetime; out of range is null.
fn datetime(value: i64, multiply: i64, divide: i64) -> Value {
    value
        .checked_mul(multiply)
        .map_or(Value::Null, |t| Value::DateTime(t / divide))
}

/// Cell `i` of any Arrow array as JSON (for dynamic values): structs and maps become
/// objects, lists arrays, datetimes ISO 8601 text, binary base64 text.
fn to_json(array: &dyn Array, i: usize) -> Json {
    if array.is_null(i) {
        return Json::Null;
    }
    match array.data_type() {
        DataType::Struct(fields) => {
            let s = array.as_struct();
            let object = fields
                .iter()
                .zip(s.columns())
                .map(|(f, c)| (f.name().clone(), to_json(c.as_ref(), i)))
                .collect();
            Json::Object(object)
        }
        DataType::List(_) => list_json(&array.as_list::<i32>().value(i)),
        DataType::LargeList(_) => list_json(&array.as_list::<i64>().value(i)),
        DataType::FixedSizeList(..) => list_json(&array.as_fixed_size_list().value(i)),
        DataType::Map(..) => {
            let entries = array.as_map().value(i);
            let (keys, values) = (entries.column(0), entries.column(1));
            let object = (0..entries.len())
                .map(|j| {
                    let key = match to_json(keys.as_ref(), j) {
                        Json::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, to_json(values.as_ref(), j))
                })
                .collect();
            Json::Object(object)
        }
        DataType::Binary => binary_json(array.as_binary::<i32>().value(i)),
        DataType::LargeBinary => binary_json(array.as_binary::<i64>().value(i)),
        DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => decimal_json(array, i),
        _ => scalar_json(array, i),
    }
}

fn list_json(values: &ArrayRef) -> Json {
    Json::Array(
        (0..values.len())
            .map(|j| to_json(values.as_ref(), j))
            .collect(),
    )
}

fn binary_json(bytes: &[u8]) -> Json {
    use base64::Engine;
    Json::String(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// A decimal cell as a JSON number (its exact digits parsed as f64).
fn decimal_json(array: &dyn Array, i: usize) -> Json {
    use arrow_array::types::{Decimal32Type, Decimal64Type, Decimal128Type, Decimal256Type};
    let text = match array.data_type() {
        DataType::Decimal32(..) => array.as_primitive::<Decimal32Type>().value_as_string(i),
        DataType::Decimal64(..) => array.as_primitive::<Decimal64Type>().value_as_string(i),
        DataType::Decimal128(..) => array.as_primitive::<Decimal128Type>().value_as_string(i),
        _ => array.as_primitive::<Decimal256Type>().value_as_string(i),
    };
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Json::String(text), Json::Number)
}

/// A scalar cell as JSON, through its Kusto value (datetimes as Kusto prints them).
fn scalar_json(array: &dyn Array, i: usize) -> Json {
    cell_reader(array, Type::Unknown)(i).to_json()
}
