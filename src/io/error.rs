//! The error of reading table data or schema files: where (file, line, column), what,
//! and how to fix it. The CLI reports these with exit code 2.

use std::fmt;
use std::path::Path;

/// A problem with an input file, located as precisely as the format allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoError {
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (characters for text formats, as serde_json counts them), when known.
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl IoError {
    /// An error about a whole file (no position).
    pub fn new(path: impl AsRef<Path>, message: impl Into<String>) -> IoError {
        IoError {
            path: path.as_ref().display().to_string(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// An operating-system error opening or reading `path`.
    pub fn from_os(path: impl AsRef<Path>, err: &std::io::Error) -> IoError {
        IoError::new(path, err.to_string())
    }

    /// The same error placed at a line (and column, when known).
    pub fn at(mut self, line: usize, column: Option<usize>) -> IoError {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// The same error with a hint on how to fix the input.
    pub fn with_hint(mut self, hint: impl Into<String>) -> IoError {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for IoError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_path_line_column_message_then_hint() {
        let e = IoError::new("rows.jsonl", "expected value")
            .at(3, Some(7))
            .with_hint("each line must be one object");
        assert_eq!(
            e.to_string(),
            "rows.jsonl:3:7: expected value\n  hint: each line must be one object"
        );
    }

    #[test]
    fn display_omits_unknown_positions() {
        assert_eq!(IoError::new("a.csv", "empty").to_string(), "a.csv: empty");
        assert_eq!(
            IoError::new("a.csv", "bad").at(2, None).to_string(),
            "a.csv:2: bad"
        );
    }
}
