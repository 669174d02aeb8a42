//! Recognising KQL handed to the ES|QL parser, so that its errors can say so.
//!
//! Only consulted when parsing failed: the evidence is a KQL-only construct such as
//! a `let` statement, a KQL operator after `|` (`summarize`, `extend`, `project`,
//! `sort by`), a KQL string operator (`has`, `contains`, `!in`, `=~`…), a KQL-only
//! function (`ago(…)`, `isnotempty(…)`) or a single-quoted string.

use super::super::lexer::Token;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// The help given when a failing ES|QL query looks like KQL.
pub const KQL_HINT: &str = "this looks like KQL; use a .kql file or --language kql";

/// Words that follow `|` in KQL but are not ES|QL commands.
const KQL_OPERATORS: &[&str] = &[
    "summarize",
    "extend",
    "project",
    "take",
    "top",
    "order",
    "distinct",
    "join",
    "union",
    "parse",
    "render",
    "count",
    "make",
    "mv",
    "evaluate",
    "invoke",
    "as",
    "search",
    "serialize",
    "project-away",
];

/// KQL string and set operators (lower case, KQL is case-sensitive).
const KQL_STRING_OPERATORS: &[&str] = &[
    "has",
    "has_cs",
    "hasprefix",
    "hassuffix",
    "has_any",
    "has_all",
    "contains",
    "contains_cs",
    "startswith",
    "startswith_cs",
    "endswith",
    "endswith_cs",
    "between",
    "matches",
    "notcontains",
];

/// KQL functions that ES|QL does not have (ES|QL spells them differently).
const KQL_FUNCTIONS: &[&str] = &[
    "ago",
    "isnotempty",
    "isempty",
    "isnotnull",
    "strcat",
    "tostring",
    "toint",
    "tolong",
    "todatetime",
    "tolower",
    "toupper",
    "countif",
    "dcount",
    "make_set",
    "make_list",
    "arg_max",
    "arg_min",
    "parse_json",
    "todynamic",
    "bin",
    "datetime",
    "timespan",
    "dynamic",
    "extract",
    "iff",
    "iif",
];

/// The first KQL-only construct in the tokens: its span and a short description.
pub(super) fn evidence(tokens: &[(Token<'_>, Span)]) -> Option<(Span, String)> {
    if let Some(&(Token::Ident(word), span)) = tokens.first()
        && ["let", "datatable", "print", "union"].contains(&word)
    {
        return Some((span, format!("`{word}` starts a KQL statement")));
    }
    tokens.windows(2).find_map(|pair| {
        let [(first, first_span), (second, second_span)] = pair else {
            return None;
        };
        match (first, second) {
            (Token::Pipe, Token::Ident(word)) if KQL_OPERATORS.contains(word) => {
                Some((*second_span, format!("`{word}` is a KQL operator")))
            }
            (Token::Ident(sort), Token::Ident(by))
                if sort.eq_ignore_ascii_case("sort") && *by == "by" =>
            {
                Some((
                    first_span.to(*second_span),
                    "`sort by` is KQL; ES|QL writes `SORT x`".to_string(),
                ))
            }
            (_, Token::Ident(word))
                if KQL_STRING_OPERATORS.contains(word)
                    && !matches!(
                        first,
                        Token::Pipe | Token::Dot | Token::Comma | Token::LParen
                    ) =>
            {
                Some((*second_span, format!("`{word}` is a KQL string operator")))
            }
            (Token::Bang, Token::Ident(_)) => Some((
                first_span.to(*second_span),
                "`!` before an operator is KQL".to_string(),
            )),
            (Token::Ident(word), Token::LParen) if KQL_FUNCTIONS.contains(word) => {
                Some((*first_span, format!("`{word}()` is a KQL function")))
            }
            (Token::String(raw), _) if raw.starts_with('\'') => {
                Some((*first_span, "single-quoted strings are KQL".to_string()))
            }
            _ => None,
        }
    })
}

/// Adds the KQL hint to the first error: the hint becomes its help (an earlier help
/// moves to the notes) and the evidence a label.
pub(super) fn apply(diagnostics: &mut [Diagnostic], tokens: &[(Token<'_>, Span)]) {
    let Some(first_error) = diagnostics.iter_mut().find(|d| d.is_error()) else {
        return;
    };
    let Some((span, what)) = evidence(tokens) else {
        return;
    };
    if let Some(previous) = first_error.help.replace(KQL_HINT.to_string()) {
        first_error.notes.push(previous);
    }
    first_error.labels.push(crate::diagnostic::Label {
        span,
        message: what,
    });
}
