//! The query language of an input: `--language kql|esql`, the guess for standard
//! input, and the hints given when a query fails in one language but parses in the other.

use crate::diagnostic::Diagnostic;
use crate::source::Language;
use crate::syntax::{esql, kql};
use clap::ValueEnum;

/// The `--language` choices of `kqlc check` and `kqlc run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LanguageArg {
    /// Kusto Query Language (Microsoft Sentinel).
    Kql,
    /// Elasticsearch Query Language (Elastic detection rules).
    Esql,
}

impl LanguageArg {
    /// The source language this choice names.
    pub fn language(self) -> Language {
        match self {
            LanguageArg::Kql => Language::Kql,
            LanguageArg::Esql => Language::Esql,
        }
    }
}

/// The language of a query read from standard input without `--language`: ES|QL when
/// its first word (after blanks and `//` comments) is `FROM` or `ROW`, else KQL.
pub fn stdin_language(text: &str) -> Language {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        match rest.strip_prefix("//") {
            Some(comment) => rest = comment.split_once('\n').map_or("", |(_, after)| after),
            None => break,
        }
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if word.eq_ignore_ascii_case("from") || word.eq_ignore_ascii_case("row") {
        Language::Esql
    } else {
        Language::Kql
    }
}

/// The note printed when standard input was taken to be ES|QL.
pub const STDIN_ESQL_NOTE: &str = "note: standard input starts with FROM or ROW: read as ES|QL (--language kql to read it as KQL)\n";

/// The help given when a query that fails as KQL parses as ES|QL.
pub const ESQL_HINT: &str = "this looks like ES|QL; use a .esql file or --language esql";

/// Adds the ES|QL parser's KQL hint to the first error when the failing ES|QL parses
/// as KQL and the parser did not already see KQL in it (`SigninLogs | where x == 1`
/// has no KQL-only construct, but is KQL).
pub fn suggest_kql(text: &str, diagnostics: &mut [Diagnostic]) {
    let hint = esql::parser::KQL_HINT;
    if diagnostics.iter().any(|d| d.help.as_deref() == Some(hint)) {
        return;
    }
    let (query, kql_errors) = kql::parse(text);
    if query.is_none() || kql_errors.iter().any(Diagnostic::is_error) {
        return;
    }
    help_first_error(diagnostics, hint);
}

/// Adds [`ESQL_HINT`] to the first error when the failing KQL parses as ES|QL; an
/// earlier help moves to the notes.
pub fn suggest_esql(text: &str, diagnostics: &mut [Diagnostic]) {
    let (query, esql_errors) = esql::parse(text);
    if query.is_none() || esql_errors.iter().any(Diagnostic::is_error) {
        return;
    }
    help_first_error(diagnostics, ESQL_HINT);
}

/// Makes `hint` the help of the first error; an earlier help moves to its notes.
fn help_first_error(diagnostics: &mut [Diagnostic], hint: &str) {
    let Some(first) = diagnostics.iter_mut().find(|d| d.is_error()) else {
        return;
    };
    if let Some(previous) = first.help.replace(hint.to_string()) {
        first.notes.push(previous);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_is_esql_when_its_first_word_is_from_or_row() {
        assert_eq!(stdin_language("FROM logs-* | limit 1"), Language::Esql);
        assert_eq!(stdin_language("  row a = 1"), Language::Esql);
        assert_eq!(stdin_language("// note\nfrom x"), Language::Esql);
        assert_eq!(stdin_language("SigninLogs | take 1"), Language::Kql);
        assert_eq!(stdin_language("fromage | take 1"), Language::Kql);
        assert_eq!(stdin_language(""), Language::Kql);
    }
}
