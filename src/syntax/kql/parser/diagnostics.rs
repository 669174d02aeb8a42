//! KQL's side of turning chumsky's errors into kqlc [`Diagnostic`]s: its codes
//! and its hints for common slips; the translation itself is shared
//! (`syntax::common::rich`).

use super::super::lexer::Token;
use super::recovery::CODES;
use crate::diagnostic::Diagnostic;
use crate::syntax::common::rich::{self, expects_label, expects_token};
use chumsky::error::{Rich, RichPattern};
use chumsky::span::SimpleSpan;

/// The diagnostic of one chumsky error.
pub(super) fn from_rich(error: &Rich<'_, Token<'_>, SimpleSpan>) -> Diagnostic {
    rich::from_rich(error, &CODES, help_for)
}

/// A hint for common slips.
fn help_for(expected: &[RichPattern<'_, Token<'_>>], found: Option<&Token<'_>>) -> Option<String> {
    let wants = |label: &str| expects_label(expected, label);
    match found {
        None if wants("expression") => {
            Some("the query ends where an expression is needed".to_string())
        }
        Some(Token::Assign) if expects_token(expected, &Token::EqEq) => {
            Some("use `==` to compare; `=` only names a column or a parameter".to_string())
        }
        Some(Token::Ident(_)) if wants("`|`") && !wants("expression") => Some(
            "a new operator starts with `|`; conditions are joined with `and`/`or`".to_string(),
        ),
        Some(Token::Ident(word)) if ["AND", "OR", "And", "Or"].contains(word) => Some(format!(
            "KQL keywords are lower case: write `{}`",
            word.to_ascii_lowercase()
        )),
        _ => None,
    }
}
