//! The exit status of `kqlc`: 0 clean, 1 findings, 2 usage or input errors.

use crate::diagnostic::Diagnostic;

/// How a `kqlc` command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    /// No error-severity finding (warnings alone are still clean).
    Clean = 0,
    /// At least one finding of error severity.
    Findings = 1,
    /// Bad usage or an input that could not be read (missing, unreadable, not text,
    /// a directory without rule files). Clap's own usage errors exit 2 as well.
    InputError = 2,
}

impl ExitCode {
    /// The status of a `check`: input errors win over findings.
    pub fn for_check<'a>(
        input_errors: usize,
        diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    ) -> ExitCode {
        if input_errors > 0 {
            ExitCode::InputError
        } else if diagnostics.into_iter().any(Diagnostic::is_error) {
            ExitCode::Findings
        } else {
            ExitCode::Clean
        }
    }

    /// The number the process exits with.
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Severity};
    use crate::source::Span;

    #[test]
    fn warnings_alone_are_clean_errors_are_findings_input_errors_win() {
        let warning = Diagnostic::new(Code::UnusedLet, Span::default(), "w");
        let error = Diagnostic::new(Code::SyntaxError, Span::default(), "e");
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(ExitCode::for_check(0, []), ExitCode::Clean);
        assert_eq!(ExitCode::for_check(0, [&warning]), ExitCode::Clean);
        assert_eq!(
            ExitCode::for_check(0, [&warning, &error]),
            ExitCode::Findings
        );
        assert_eq!(ExitCode::for_check(1, [&error]), ExitCode::InputError);
        assert_eq!(ExitCode::InputError.code(), 2);
    }
}
