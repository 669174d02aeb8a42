//! Table data in and out of files: readers for JSON, JSON Lines, CSV and Microsoft
//! Graph responses (`read`), writers for the terminal, JSON, JSON Lines and CSV
//! (`write`), and the error type both report (`IoError`).

pub mod bad_rows;
pub mod elastic;
mod error;
pub mod progress;
pub mod read;
pub mod tables;
pub mod write;

pub use error::IoError;
pub use read::{
    ColumnRequest, DEFAULT_SAMPLE_ROWS, Format, detect_format, infer_columns, read_rows, read_table,
};
pub use write::OutputFormat;
