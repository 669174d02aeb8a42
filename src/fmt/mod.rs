//! `kqlc fmt`: a formatter for KQL and ES|QL that changes only blanks.
//!
//! It works on the lexers' tokens and the comments between them (`trivia.rs`), so
//! string literals and comments are copied byte for byte; `layout.rs` decides where
//! lines break and how they are indented. Every result is checked before it is
//! returned: same tokens, same comments, and it still parses.

pub mod esql;
pub mod kql;
mod layout;
pub mod rule_file;
pub mod token;
mod trivia;

use crate::diagnostic::Diagnostic;
use crate::source::Language;
use layout::Layout;
use token::Tok;

/// The default line width.
pub const DEFAULT_WIDTH: usize = 100;

/// How to format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FmtOptions {
    /// The width long lines are wrapped at, where they can break.
    pub width: usize,
}

impl Default for FmtOptions {
    fn default() -> Self {
        FmtOptions {
            width: DEFAULT_WIDTH,
        }
    }
}

/// Why a query was left as it is.
#[derive(Clone, Debug)]
pub enum FmtError {
    /// The query does not parse: its syntax errors (spans in the query).
    Syntax(Vec<Diagnostic>),
    /// The formatter could not keep the query's meaning (a bug; the query is left alone).
    Internal(String),
}

/// Formats one query. The result ends with a line break.
pub fn format_query(
    text: &str,
    language: Language,
    options: &FmtOptions,
) -> Result<String, FmtError> {
    let errors = syntax_errors(text, language);
    if !errors.is_empty() {
        return Err(FmtError::Syntax(errors));
    }
    let toks = tokens(text, language);
    let layout = Layout::new(text, &toks, language == Language::Esql).ok_or_else(|| {
        FmtError::Internal("the text between two tokens is not blank or comment".into())
    })?;
    let formatted = layout.format(options.width.max(1));
    verify(text, &formatted, language)?;
    Ok(formatted)
}

/// The error diagnostics of parsing `text`.
fn syntax_errors(text: &str, language: Language) -> Vec<Diagnostic> {
    let diagnostics = match language {
        Language::Kql => crate::syntax::kql::parse(text).1,
        Language::Esql => crate::syntax::esql::parse(text).1,
    };
    diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

fn tokens(text: &str, language: Language) -> Vec<Tok> {
    match language {
        Language::Kql => kql::tokens(text),
        Language::Esql => esql::tokens(text),
    }
}

/// The token and comment texts of `text`, in order: what formatting must not change.
pub fn significant_texts(text: &str, language: Language) -> Vec<String> {
    let toks = tokens(text, language);
    let mut texts = Vec::with_capacity(toks.len() * 2);
    let mut from = 0;
    for tok in &toks {
        push_comments(text, from..tok.start, language, &mut texts);
        texts.push(text[tok.start..tok.end].to_string());
        from = tok.end;
    }
    push_comments(text, from..text.len(), language, &mut texts);
    texts
}

fn push_comments(
    text: &str,
    range: std::ops::Range<usize>,
    language: Language,
    texts: &mut Vec<String>,
) {
    if let Some(gap) = trivia::read_gap(text, range, language == Language::Esql) {
        texts.extend(
            gap.comments
                .iter()
                .map(|c| text[c.range.clone()].to_string()),
        );
    }
}

/// Checks that `formatted` has the tokens and comments of `original` and parses.
fn verify(original: &str, formatted: &str, language: Language) -> Result<(), FmtError> {
    let (before, after) = (
        significant_texts(original, language),
        significant_texts(formatted, language),
    );
    if let Some(at) = (0..before.len().max(after.len())).find(|&i| before.get(i) != after.get(i)) {
        return Err(FmtError::Internal(format!(
            "formatting would change token {at} ({:?} became {:?})",
            before.get(at),
            after.get(at)
        )));
    }
    match syntax_errors(formatted, language).first() {
        Some(error) => Err(FmtError::Internal(format!(
            "the formatted query does not parse: {}",
            error.message
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_twenty_thousand_items_on_one_line_wraps_within_the_width_quickly() {
        let items: Vec<String> = (0..20_000).map(|i| format!("'item{i:05}'")).collect();
        let query = format!(
            "let x = dynamic([{}]);\nT\n| where a in (x)\n",
            items.join(",")
        );
        let started = std::time::Instant::now();
        let out = format_query(&query, Language::Kql, &FmtOptions::default()).unwrap_or_default();
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
        assert!(
            out.lines().all(|l| l.chars().count() <= DEFAULT_WIDTH),
            "{out}"
        );
        // An item and its comma are 12 characters, one blank between: the first line
        // (`let x = dynamic([`, 17 characters) holds 6 items (17 + 6 × 13 − 1 = 94), each
        // continuation line (indent 4) holds 7 (4 + 7 × 13 − 1 = 94): 19,994 / 7 → 2,857
        // lines, then `T` and the `where`.
        assert_eq!(out.lines().count(), 1 + 2_857 + 2);
    }
}
