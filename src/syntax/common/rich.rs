//! Turning chumsky's errors into kqlc [`Diagnostic`]s.
//!
//! Errors of our own making (unknown operator, invalid literal, …) travel through
//! chumsky as `Rich::custom` messages carrying the code and help, encoded by
//! [`custom_error`] and decoded by [`from_rich`].

use super::{LanguageCodes, SyntaxToken};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use chumsky::error::{Rich, RichPattern, RichReason};
use chumsky::span::SimpleSpan;

/// Marks an encoded custom message: `SEP code SEP message SEP help`.
const SEP: char = '\u{1}';
/// At most this many expected items are listed; more becomes "unexpected …".
const MAX_EXPECTED: usize = 6;

/// A language's hint for an "expected …, found …" error: the expected patterns and
/// the token found (`None` at the end of input).
pub type HelpFor<T> = fn(&[RichPattern<'_, T>], Option<&T>) -> Option<String>;

/// A chumsky error carrying a kqlc diagnostic code, message and optional help.
pub fn custom_error<'a, T>(
    code: Code,
    span: Span,
    message: impl Into<String>,
    help: Option<String>,
) -> Rich<'a, T, SimpleSpan> {
    let encoded = format!(
        "{SEP}{}{SEP}{}{SEP}{}",
        code.id(),
        message.into(),
        help.unwrap_or_default()
    );
    Rich::custom(SimpleSpan::from(span.range()), encoded)
}

/// The diagnostic of one chumsky error.
pub fn from_rich<T: SyntaxToken>(
    error: &Rich<'_, T, SimpleSpan>,
    codes: &LanguageCodes,
    help_for: HelpFor<T>,
) -> Diagnostic {
    let span = Span::new(error.span().start, error.span().end);
    match error.reason() {
        RichReason::Custom(message) => decode_custom(span, message, codes.syntax_error),
        RichReason::ExpectedFound { expected, found } => {
            let found_text = found
                .as_deref()
                .map_or_else(|| "end of input".to_string(), T::describe);
            let message = expected_message(expected, &found_text);
            let diagnostic = Diagnostic::new(codes.syntax_error, span, message);
            match help_for(expected, found.as_deref()) {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic,
            }
        }
    }
}

fn decode_custom(span: Span, message: &str, fallback: Code) -> Diagnostic {
    let mut parts = message.split(SEP).skip(1);
    let (Some(id), Some(text)) = (parts.next(), parts.next()) else {
        return Diagnostic::new(fallback, span, message);
    };
    let code = Code::ALL
        .iter()
        .copied()
        .find(|c| c.id() == id)
        .unwrap_or(fallback);
    let diagnostic = Diagnostic::new(code, span, text);
    match parts.next() {
        Some(help) if !help.is_empty() => diagnostic.with_help(help),
        _ => diagnostic,
    }
}

/// "expected one of `a`, `b`, found `c`" (sorted), or "unexpected `c`" when the list is long.
fn expected_message<T: SyntaxToken>(expected: &[RichPattern<'_, T>], found: &str) -> String {
    let mut items: Vec<String> = expected.iter().filter_map(describe_pattern).collect();
    items.sort();
    items.dedup();
    match items.len() {
        0 => format!("unexpected {found}"),
        1 => format!("expected {}, found {found}", items[0]),
        n if n <= MAX_EXPECTED => format!("expected one of {}, found {found}", items.join(", ")),
        _ => format!("unexpected {found}"),
    }
}

fn describe_pattern<T: SyntaxToken>(pattern: &RichPattern<'_, T>) -> Option<String> {
    match pattern {
        RichPattern::Token(token) => Some(token.describe()),
        RichPattern::Label(label) => Some(label.to_string()),
        RichPattern::Identifier(name) => Some(format!("`{name}`")),
        RichPattern::EndOfInput => Some("end of input".to_string()),
        _ => None,
    }
}

/// Whether the expected patterns include the label `label` (e.g. "expression").
pub fn expects_label<T>(expected: &[RichPattern<'_, T>], label: &str) -> bool {
    expected
        .iter()
        .any(|p| matches!(p, RichPattern::Label(l) if l == label))
}

/// Whether the expected patterns include the token `token`.
pub fn expects_token<T: PartialEq>(expected: &[RichPattern<'_, T>], token: &T) -> bool {
    expected
        .iter()
        .any(|p| matches!(p, RichPattern::Token(t) if **t == *token))
}
