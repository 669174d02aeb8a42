//! Completion: tabular operators after `|`, table names where a query (or a join or
//! union operand) starts, and elsewhere the columns in scope at the cursor (the schema
//! of the stage before it), functions and `let` names.

use super::settings::Settings;

use crate::check::scope::columns_at;
use crate::functions::registry;
use crate::plan::catalog::Catalog;
use crate::syntax::kql::lexer::{Token, lex};
use lsp_types::{CompletionItem, CompletionItemKind, Documentation};

/// The tabular operators offered after `|`
/// (learn.microsoft.com/kusto/query/queries, "Tabular operators"), each with what a
/// space typed after its (first) word does. One table, so the operators offered and the
/// words that trigger completion cannot drift apart.
const OPERATORS: &[(&str, OnSpace)] = &[
    ("where", OnSpace::Complete),
    ("extend", OnSpace::Complete),
    ("project", OnSpace::Complete),
    ("project-away", OnSpace::Complete),
    ("project-keep", OnSpace::Complete),
    ("project-rename", OnSpace::Complete),
    ("project-reorder", OnSpace::Complete),
    ("summarize", OnSpace::Complete),
    ("count", OnSpace::Complete),
    ("take", OnSpace::Complete),
    ("limit", OnSpace::Complete),
    ("top", OnSpace::Complete),
    ("sort by", OnSpace::Complete),
    ("order by", OnSpace::Complete),
    ("distinct", OnSpace::Complete),
    ("join", OnSpace::Complete),
    ("lookup", OnSpace::Complete),
    ("union", OnSpace::Complete),
    ("mv-expand", OnSpace::Complete),
    ("mv-apply", OnSpace::Complete),
    ("parse", OnSpace::Complete),
    ("parse-where", OnSpace::Complete),
    ("parse-kv", OnSpace::Complete),
    ("evaluate", OnSpace::Complete),
    ("make-series", OnSpace::Complete),
    ("serialize", OnSpace::Complete),
    ("as", OnSpace::Wait),
    ("invoke", OnSpace::Wait),
    ("top-nested", OnSpace::Complete),
    ("sample", OnSpace::Wait),
    ("sample-distinct", OnSpace::Wait),
    ("getschema", OnSpace::Wait),
    ("search", OnSpace::Complete),
    ("render", OnSpace::Wait),
];

/// What a space typed after an operator name does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OnSpace {
    /// Starts an operand: completion answers.
    Complete,
    /// Completion waits for an explicit request.
    Wait,
}

/// Words other than operator names after which a space starts an operand.
const KEYWORDS_BEFORE_AN_OPERAND: &[&str] = &[
    "by",
    "on",
    "with",
    "and",
    "or",
    "not",
    "in",
    "has",
    "contains",
    "startswith",
    "endswith",
    "has_any",
    "has_all",
    "between",
    "let",
    "return",
];

/// Whether a space after `word` starts something to complete (an operand, a column, a
/// table): an operator name that takes an operand, or a keyword that does.
fn takes_an_operand(word: &str) -> bool {
    KEYWORDS_BEFORE_AN_OPERAND.contains(&word)
        || OPERATORS.iter().any(|&(label, on_space)| {
            on_space == OnSpace::Complete && label.split(' ').next() == Some(word)
        })
}

/// Operators after which a tabular operand (a table) comes.
const TABLE_OPERATORS: &[&str] = &["join", "lookup", "union"];

/// Where the cursor is, as far as completion cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Context {
    /// Right after `|`: an operator name.
    Operator,
    /// Where a query or a tabular operand starts: a table or a `let` name.
    Table,
    /// After `.`: a member of a dynamic value, which kqlc cannot know.
    Member,
    /// Inside a stage: columns, functions, `let` names; `aggregates` in `summarize`.
    Expression { aggregates: bool },
}

/// The completion context at `offset` of `text`.
pub fn context_at(text: &str, offset: usize) -> Context {
    let (tokens, _) = lex(text);
    let mut before: Vec<(Token, crate::source::Span)> = tokens
        .into_iter()
        .take_while(|(_, s)| (s.end as usize) <= offset)
        .collect();
    // The word being typed is not context.
    if let Some((Token::Ident(_), s)) = before.last()
        && s.end as usize == offset
    {
        before.pop();
    }
    let n = before.len();
    // An opening parenthesis as the last token still belongs to the stage it opens in.
    let opened = matches!(before.last(), Some((Token::LParen, _)));
    let stage = current_stage(&before[..n - usize::from(opened)]);
    let in_table_operator = stage.is_some_and(|w| TABLE_OPERATORS.contains(&w));
    let after_param_value = n >= 3 && before[n - 2].0 == Token::Assign;
    match before.last().map(|(t, _)| *t) {
        None | Some(Token::Semi) => Context::Table,
        Some(Token::Pipe) => Context::Operator,
        // `$left.` names a column of the join's left side: the columns in scope.
        Some(Token::Dot) if n >= 2 && before[n - 2].0 == Token::Ident("$left") => {
            Context::Expression { aggregates: false }
        }
        Some(Token::Dot) => Context::Member,
        Some(Token::LParen | Token::Comma) if in_table_operator => Context::Table,
        Some(Token::Ident(w)) if in_table_operator && (Some(w) == stage || after_param_value) => {
            Context::Table
        }
        Some(Token::Assign) if n >= 3 && before[n - 3].0 == Token::Ident("let") => Context::Table,
        _ => Context::Expression {
            aggregates: matches!(stage, Some("summarize" | "make-series" | "top-nested")),
        },
    }
}

/// The operator word of the pipe stage the end of `tokens` is in, at its bracket depth.
fn current_stage<'s>(tokens: &[(Token<'s>, crate::source::Span)]) -> Option<&'s str> {
    let mut stages: Vec<Option<&'s str>> = vec![None];
    for (i, (token, _)) in tokens.iter().enumerate() {
        match token {
            Token::LParen | Token::LBracket | Token::LBrace => stages.push(None),
            Token::RParen | Token::RBracket | Token::RBrace if stages.len() > 1 => {
                stages.pop();
            }
            Token::Semi => {
                if let Some(top) = stages.last_mut() {
                    *top = None;
                }
            }
            Token::Pipe => {
                let word = match tokens.get(i + 1) {
                    Some((Token::Ident(w), _)) => Some(*w),
                    _ => None,
                };
                if let Some(top) = stages.last_mut() {
                    *top = word;
                }
            }
            _ => {}
        }
    }
    stages.last().copied().flatten()
}

/// The word ending the tokens: `parse-kv` is lexed as `parse`, `-`, `kv` with no space
/// between them.
fn hyphenated_word(before: &[&(Token<'_>, crate::source::Span)], last: &str) -> String {
    match before {
        [.., (Token::Ident(first), a), (Token::Minus, m), (_, b)]
            if a.end == m.start && m.end == b.start =>
        {
            format!("{first}-{last}")
        }
        _ => last.to_string(),
    }
}

/// Whether a completion triggered by typing a space at `offset` is worth answering:
/// after `|`, `(`, `,`, `=`, a comparison or a keyword such as `where` or `by`, not
/// after a finished operand (`Result `), where the next thing is an operator to type.
pub fn space_starts_something(text: &str, offset: usize) -> bool {
    let (tokens, _) = lex(text);
    let before: Vec<_> = tokens
        .iter()
        .take_while(|(_, s)| (s.end as usize) <= offset)
        .collect();
    match before.last().map(|(t, _)| *t) {
        None => true,
        Some(Token::Ident(w)) => takes_an_operand(&hyphenated_word(&before, w)),
        Some(
            Token::String(_)
            | Token::UnterminatedString(_)
            | Token::Int(_)
            | Token::Real(_)
            | Token::TimeSpan(_)
            | Token::RawLiteral(_)
            | Token::RParen
            | Token::RBracket
            | Token::RBrace,
        ) => false,
        Some(_) => true,
    }
}

/// [`complete`] for a request the editor sent because a character was typed: a space
/// after a finished operand gets no items (see [`space_starts_something`]).
pub fn complete_triggered(
    text: &str,
    offset: usize,
    trigger: Option<&str>,
    settings: &Settings,
) -> Vec<CompletionItem> {
    if trigger == Some(" ") && !space_starts_something(text, offset.min(text.len())) {
        return Vec::new();
    }
    complete(text, offset, settings)
}

/// The completion items at query offset `offset` of KQL `text`.
pub fn complete(text: &str, offset: usize, settings: &Settings) -> Vec<CompletionItem> {
    let offset = offset.min(text.len());
    let lets = let_names(text, offset);
    match context_at(text, offset) {
        Context::Operator => OPERATORS
            .iter()
            .map(|(op, _)| item(op, CompletionItemKind::KEYWORD, "tabular operator"))
            .collect(),
        Context::Member => Vec::new(),
        Context::Table => {
            let mut items: Vec<CompletionItem> = settings
                .check
                .catalog
                .table_names()
                .iter()
                .map(|t| item(t, CompletionItemKind::CLASS, "table"))
                .collect();
            items.sort_by(|a, b| a.label.cmp(&b.label));
            items.dedup_by(|a, b| a.label == b.label);
            items.extend(
                lets.iter()
                    .map(|l| item(l, CompletionItemKind::VARIABLE, "let")),
            );
            items.push(item("let", CompletionItemKind::KEYWORD, "statement"));
            items
        }
        Context::Expression { aggregates } => {
            let mut items: Vec<CompletionItem> = columns_at(text, offset, &settings.check)
                .iter()
                .map(|c| item(&c.name, CompletionItemKind::FIELD, c.ty.name()))
                .collect();
            items.extend(
                lets.iter()
                    .map(|l| item(l, CompletionItemKind::VARIABLE, "let")),
            );
            items.extend(functions(aggregates));
            items
        }
    }
}

/// The names of `let` statements before `offset` (a token scan: the query may not parse).
fn let_names(text: &str, offset: usize) -> Vec<String> {
    let (tokens, _) = lex(text);
    let mut names: Vec<String> = tokens
        .windows(3)
        .filter(|w| (w[2].1.end as usize) <= offset)
        .filter_map(|w| match (w[0].0, w[1].0, w[2].0) {
            (Token::Ident("let"), Token::Ident(name), Token::Assign) => Some(name.to_string()),
            _ => None,
        })
        .collect();
    names.dedup();
    names
}

/// Scalar functions, and aggregates when the stage aggregates.
fn functions(aggregates: bool) -> Vec<CompletionItem> {
    let scalars = registry::scalar_functions().map(|f| (f.name, f.signature, f.doc));
    let aggs = registry::aggregate_functions()
        .filter(|_| aggregates)
        .map(|f| (f.name, f.signature, f.doc));
    let mut items: Vec<CompletionItem> = scalars
        .chain(aggs)
        .map(|(name, signature, doc)| CompletionItem {
            detail: Some(format!("{name}{signature}")),
            documentation: Some(Documentation::String(doc.to_string())),
            ..item(name, CompletionItemKind::FUNCTION, "")
        })
        .collect();
    items.sort_by(|a, b| a.label.cmp(&b.label));
    items.dedup_by(|a, b| a.label == b.label);
    items
}

/// An item; columns sort before `let` names, which sort before functions and the rest,
/// each group in the order given.
pub(crate) fn item(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    let group = match kind {
        CompletionItemKind::FIELD => '0',
        CompletionItemKind::VARIABLE => '1',
        _ => '2',
    };
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: (!detail.is_empty()).then(|| detail.to_string()),
        sort_text: Some(format!("{group}{label}")),
        ..CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        complete(text, text.len(), &Settings::default())
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn every_operator_offered_is_one_the_parser_knows() {
        for (label, _) in OPERATORS {
            let (_, diagnostics) = crate::syntax::kql::parse(&format!("T | {label}"));
            let unknown = diagnostics
                .iter()
                .any(|d| d.code == crate::diagnostic::Code::UnknownOperator);
            assert!(
                !unknown,
                "`{label}` is not a tabular operator of the parser"
            );
        }
    }

    #[test]
    fn a_space_after_a_hyphenated_operator_that_takes_columns_starts_an_operand() {
        for text in ["T | parse-kv ", "T | project-away ", "T | mv-expand "] {
            assert!(space_starts_something(text, text.len()), "{text}");
        }
        for text in ["T | getschema ", "T | where x - y "] {
            assert!(!space_starts_something(text, text.len()), "{text}");
        }
    }

    #[test]
    fn operator_names_and_keywords_that_take_an_operand_trigger_completion() {
        let column_operands = ["parse-where", "parse-kv", "make-series", "top-nested"];
        for word in ["where", "sort", "order", "mv-expand", "by", "and", "let"]
            .into_iter()
            .chain(column_operands)
        {
            assert!(takes_an_operand(word), "{word}");
        }
        for word in ["getschema", "render", "asc", "Result"] {
            assert!(!takes_an_operand(word), "{word}");
        }
    }

    #[test]
    fn after_a_pipe_come_operators() {
        assert_eq!(context_at("T | ", 4), Context::Operator);
        assert_eq!(context_at("T | wh", 6), Context::Operator);
        assert!(labels("AuditLogs | ").contains(&"summarize".to_string()));
    }

    #[test]
    fn at_the_start_come_tables_and_lets() {
        let l = labels("let X = 1;\n");
        assert!(l.contains(&"AuditLogs".to_string()));
        assert!(l.contains(&"X".to_string()));
        assert_eq!(context_at("T | join kind=inner (", 21), Context::Table);
        assert_eq!(context_at("let A = ", 8), Context::Table);
    }

    #[test]
    fn in_a_where_come_the_columns_in_scope_and_functions() {
        let l = labels("AuditLogs | project OperationName, Result | where ");
        assert_eq!(&l[..2], ["OperationName", "Result"]);
        assert!(l.contains(&"isnotempty".to_string()));
        assert!(!l.contains(&"dcount".to_string()));
    }

    #[test]
    fn columns_sort_before_lets_and_functions() {
        let text = "let n = 1;\nAuditLogs | project Result | where ";
        let items = complete(text, text.len(), &Settings::default());
        let sort = |label: &str| {
            let item = items.iter().find(|i| i.label == label).unwrap();
            item.sort_text.clone().unwrap()
        };
        assert!(sort("Result") < sort("n"));
        assert!(sort("n") < sort("abs"));
    }

    #[test]
    fn a_space_after_a_finished_operand_completes_nothing() {
        let s = Settings::default();
        let text = "AuditLogs | where Result ";
        assert!(complete_triggered(text, text.len(), Some(" "), &s).is_empty());
        let text = "AuditLogs | where Result == 'x' ";
        assert!(complete_triggered(text, text.len(), Some(" "), &s).is_empty());
        let text = "AuditLogs | where Result == 'x' and ";
        assert!(!complete_triggered(text, text.len(), Some(" "), &s).is_empty());
        let text = "AuditLogs | summarize count() by ";
        assert!(!complete_triggered(text, text.len(), Some(" "), &s).is_empty());
        // Asked for explicitly (no trigger character), it answers anyway.
        let text = "AuditLogs | where Result ";
        assert!(!complete_triggered(text, text.len(), None, &s).is_empty());
    }

    #[test]
    fn summarize_offers_aggregates() {
        let l = labels("AuditLogs | summarize ");
        assert!(l.contains(&"dcount".to_string()));
        assert!(l.contains(&"OperationName".to_string()));
    }

    #[test]
    fn after_a_dot_nothing_is_guessed() {
        assert!(labels("AuditLogs | where InitiatedBy.").is_empty());
    }

    #[test]
    fn after_dollar_left_dot_come_the_left_columns() {
        let l = labels("AuditLogs | project Result | join (SigninLogs) on $left.");
        assert_eq!(l[0], "Result");
    }
}
