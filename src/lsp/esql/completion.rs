//! Completion on ES|QL: the source commands where a query starts, the processing
//! commands after `|`, and inside a command the columns in scope at the cursor (the
//! checker's walk up to the stage before it) and the functions (aggregates only in a
//! `STATS` aggregate, grouping functions after its `BY`), in the letter case the query
//! is written in.

use super::words::{Case, function_case, in_string, keyword_case, tokens_before, typed_word_len};
use crate::check::esql::functions::{self, Kind, arity_text};
use crate::check::esql::{METADATA_FIELDS, columns_at};
use crate::lsp::completion::item;
use crate::source::Span;
use crate::syntax::esql::lexer::Token;
use crate::syntax::esql::parser::{COMMAND_NAMES, SOURCE_NAMES};
use lsp_types::{CompletionItem, CompletionItemKind, Documentation};

/// Which functions a command takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Functions {
    /// None (`KEEP`, `DROP`, `RENAME` take names only).
    None,
    /// Scalar functions (`WHERE`, `EVAL`, `SORT`, …).
    Scalars,
    /// Scalars and aggregates (a `STATS` aggregate).
    Aggregates,
    /// Scalars and grouping functions (a `STATS … BY` key).
    Grouping,
}

/// Where the cursor is, as far as completion cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Where the query starts: `FROM`, `ROW`, …
    Source,
    /// Right after `|`: a processing command.
    Command,
    /// After `FROM … METADATA`: the metadata fields.
    Metadata,
    /// Inside a command that reads columns.
    Columns(Functions),
    /// Nothing kqlc can know (an index or policy name, a new name, a number, a string).
    Nothing,
}

/// What to offer, and the query span the chosen item replaces when the word typed so
/// far is a dotted name (`user.na`), which editors would not see as one word.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Completion {
    pub items: Vec<CompletionItem>,
    pub replace: Option<Span>,
}

/// The completion context at `offset` of ES|QL `text`.
pub fn context_at(text: &str, offset: usize) -> Context {
    if in_string(text, offset) {
        return Context::Nothing;
    }
    let mut before = tokens_before(text, offset);
    before.truncate(before.len() - typed_word_len(&before, offset));
    let Some((last, _)) = before.last() else {
        return Context::Source;
    };
    if *last == Token::Pipe {
        return Context::Command;
    }
    let pipe = before.iter().rposition(|(t, _)| *t == Token::Pipe);
    let stage = &before[pipe.map_or(0, |p| p + 1)..];
    let words: Vec<String> = stage
        .iter()
        .filter_map(|(t, _)| match t {
            Token::Ident(w) => Some(w.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    let last_word = match last {
        Token::Ident(w) => w.to_ascii_lowercase(),
        _ => String::new(),
    };
    let has = |w: &str| words.iter().any(|x| x == w);
    let first = words.first().map_or("", String::as_str);
    match (pipe.is_some(), first) {
        (false, "from" | "ts") if has("metadata") => Context::Metadata,
        (false, "row") => Context::Columns(Functions::Scalars),
        (false, _) => Context::Nothing,
        (true, "limit") => Context::Nothing,
        (true, "keep" | "drop" | "mv_expand" | "change_point") => Context::Columns(Functions::None),
        (true, "rename") if last_word == "as" => Context::Nothing,
        (true, "rename") => Context::Columns(Functions::None),
        (true, "enrich") if last_word == "on" => Context::Columns(Functions::None),
        (true, "enrich") => Context::Nothing,
        (true, "lookup") if has("on") => Context::Columns(Functions::None),
        (true, "lookup") => Context::Nothing,
        (true, "stats" | "inlinestats" | "inline") => Context::Columns(stats_functions(stage)),
        (true, _) => Context::Columns(Functions::Scalars),
    }
}

/// The functions a `STATS` takes where its tokens `stage` end: aggregates in an
/// aggregate, grouping functions after `BY`, scalars only in a per-aggregate `WHERE`.
fn stats_functions(stage: &[(Token<'_>, Span)]) -> Functions {
    let (mut depth, mut now) = (0i32, Functions::Aggregates);
    for (token, _) in stage {
        match token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth -= 1,
            _ if depth > 0 => {}
            Token::Ident(w) if w.eq_ignore_ascii_case("by") => now = Functions::Grouping,
            Token::Ident(w) if w.eq_ignore_ascii_case("where") => now = Functions::Scalars,
            // A comma ends a per-aggregate `WHERE`: the next aggregate follows.
            Token::Comma if now == Functions::Scalars => now = Functions::Aggregates,
            _ => {}
        }
    }
    now
}

/// Words after which a space starts an operand worth completing.
const WORDS_BEFORE_AN_OPERAND: &[&str] = &[
    "from",
    "row",
    "where",
    "eval",
    "stats",
    "inlinestats",
    "by",
    "keep",
    "drop",
    "rename",
    "sort",
    "and",
    "or",
    "not",
    "on",
    "mv_expand",
    "dissect",
    "grok",
    "metadata",
    "change_point",
    "completion",
];

/// Whether a completion triggered by typing a space at `offset` is worth answering:
/// after `|`, `(`, `,`, `=`, an operator or a keyword such as `WHERE` or `BY`; not after
/// a finished operand (`x `, `"a" `, `f(x) `), where an operator comes next.
pub fn space_starts_something(text: &str, offset: usize) -> bool {
    match tokens_before(text, offset).last().map(|(t, _)| *t) {
        None => true,
        Some(Token::Ident(w)) => WORDS_BEFORE_AN_OPERAND.contains(&w.to_ascii_lowercase().as_str()),
        Some(
            Token::QuotedIdent(_)
            | Token::String(_)
            | Token::UnterminatedString(_)
            | Token::Int(_)
            | Token::Decimal(_)
            | Token::Param(_)
            | Token::RParen
            | Token::RBracket
            | Token::RBrace,
        ) => false,
        Some(_) => true,
    }
}

/// [`complete`] for a request sent because a character was typed: a space after a
/// finished operand gets nothing, nor a `.` that does not continue a name (`1.`).
pub fn complete_triggered(text: &str, offset: usize, trigger: Option<&str>) -> Completion {
    let offset = offset.min(text.len());
    if trigger == Some(" ") && !space_starts_something(text, offset) {
        return Completion::default();
    }
    let found = complete(text, offset);
    if trigger == Some(".") && found.replace.is_none() {
        return Completion::default();
    }
    found
}

/// The completion at query offset `offset` of ES|QL `text`.
pub fn complete(text: &str, offset: usize) -> Completion {
    let offset = offset.min(text.len());
    let keywords = keyword_case(text);
    let items = match context_at(text, offset) {
        Context::Source => SOURCE_NAMES
            .iter()
            .map(|s| if *s == "show" { "show info" } else { s })
            .map(|s| {
                item(
                    &keywords.apply(s),
                    CompletionItemKind::KEYWORD,
                    "source command",
                )
            })
            .collect(),
        Context::Command => COMMAND_NAMES
            .iter()
            .map(|c| match *c {
                "inline" => "inline stats",
                "lookup" => "lookup join",
                other => other,
            })
            .map(|c| {
                item(
                    &keywords.apply(c),
                    CompletionItemKind::KEYWORD,
                    "processing command",
                )
            })
            .collect(),
        Context::Metadata => METADATA_FIELDS
            .iter()
            .map(|m| item(m, CompletionItemKind::FIELD, "metadata field"))
            .collect(),
        Context::Nothing => Vec::new(),
        Context::Columns(functions) => {
            let mut items = columns(text, offset);
            items.extend(function_items(functions, function_case(text)));
            items
        }
    };
    let before = tokens_before(text, offset);
    let n = typed_word_len(&before, offset);
    let replace = match n {
        0 => None,
        n => {
            let start = before[before.len() - n].1.start as usize;
            let dotted = text.get(start..offset).is_some_and(|w| w.contains('.'));
            dotted.then(|| Span::new(start, offset))
        }
    };
    Completion { items, replace }
}

/// The columns in scope at `offset`, each with what made it.
fn columns(text: &str, offset: usize) -> Vec<CompletionItem> {
    let Some(query) = crate::syntax::esql::parse(text).0 else {
        return Vec::new();
    };
    columns_at(&query, text, offset)
        .columns
        .iter()
        .map(|c| {
            let detail = match &c.defined {
                Some(d) => format!("column made by {}", d.command),
                None => "index field".to_string(),
            };
            item(&c.name, CompletionItemKind::FIELD, &detail)
        })
        .collect()
}

/// The functions a command takes, with kind, argument count and whether `kqlc run`
/// implements each.
fn function_items(which: Functions, case: Case) -> Vec<CompletionItem> {
    let wanted = |kind: Kind| match which {
        Functions::None => false,
        Functions::Scalars => kind == Kind::Scalar,
        Functions::Aggregates => kind != Kind::Grouping,
        Functions::Grouping => kind != Kind::Aggregate,
    };
    functions::FUNCTIONS
        .iter()
        .filter(|f| wanted(f.kind))
        .map(|f| {
            let kind = match f.kind {
                Kind::Scalar => "function",
                Kind::Aggregate => "aggregate",
                Kind::Grouping => "grouping function",
            };
            let run = if super::hover::runs(f.name) {
                "`kqlc run` implements it."
            } else {
                "`kqlc run` does not implement it."
            };
            CompletionItem {
                documentation: Some(Documentation::String(run.to_string())),
                ..item(
                    &case.apply(f.name),
                    CompletionItemKind::FUNCTION,
                    &format!("{kind}, {}", arity_text(f)),
                )
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        complete(text, text.len())
            .items
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    fn has(labels: &[String], label: &str) -> bool {
        labels.iter().any(|l| l == label)
    }

    #[test]
    fn a_query_starts_with_a_source_command() {
        assert_eq!(context_at("", 0), Context::Source);
        assert_eq!(labels(""), ["FROM", "ROW", "SHOW INFO", "TS"]);
        assert_eq!(context_at("FR", 2), Context::Source);
    }

    #[test]
    fn after_a_pipe_come_the_processing_commands_in_the_query_case() {
        let l = labels("from logs | ");
        assert!(
            has(&l, "where") && has(&l, "stats") && has(&l, "keep"),
            "{l:?}"
        );
        assert!(has(&l, "inline stats") && has(&l, "lookup join"), "{l:?}");
        assert!(has(&labels("FROM logs | WH"), "WHERE"));
    }

    #[test]
    fn after_stats_only_its_columns_are_offered() {
        let l = labels("FROM logs | EVAL x = 1 | STATS a = count(*) BY h | WHERE ");
        let columns: Vec<&String> = l.iter().take_while(|l| !l.contains("abs")).collect();
        assert_eq!(&l[..2], ["a", "h"]);
        assert!(!has(&l, "x"), "{columns:?}");
        assert!(has(&l, "to_lower") || has(&l, "TO_LOWER"));
    }

    #[test]
    fn aggregates_come_only_inside_stats() {
        let where_ = labels("FROM logs | WHERE ");
        assert!(!has(&where_, "COUNT_DISTINCT"), "{where_:?}");
        let stats = labels("FROM logs | STATS n = ");
        assert!(
            has(&stats, "COUNT_DISTINCT") && !has(&stats, "BUCKET"),
            "{stats:?}"
        );
        let by = labels("FROM logs | STATS n = count(*) BY ");
        assert!(has(&by, "bucket") && !has(&by, "count_distinct"), "{by:?}");
        let filter = labels("FROM logs | STATS n = count(*) WHERE ");
        assert!(!has(&filter, "count_distinct") && has(&filter, "to_lower"));
        let next = labels("FROM logs | STATS n = count(*) WHERE a > 1, m = ");
        assert!(has(&next, "count_distinct"), "{next:?}");
        let keys = labels("FROM logs | STATS n = count(*) BY a, ");
        assert!(has(&keys, "bucket") && !has(&keys, "count_distinct"));
        let call = labels("FROM logs | STATS n = count(*) WHERE f(a, ");
        assert!(!has(&call, "count_distinct"), "{call:?}");
    }

    #[test]
    fn an_open_index_offers_the_fields_the_query_reads() {
        let text = "FROM logs | WHERE  | STATS n = count(*) BY host.name, user.id";
        let l = complete(text, 18).items;
        let fields: Vec<&str> = l
            .iter()
            .filter(|i| i.kind == Some(CompletionItemKind::FIELD))
            .map(|i| i.label.as_str())
            .collect();
        assert_eq!(fields, ["host.name", "user.id"]);
        assert_eq!(l[0].detail.as_deref(), Some("index field"));
    }

    #[test]
    fn keep_offers_columns_and_no_functions() {
        let l = labels("ROW a = 1, b = 2 | KEEP ");
        assert_eq!(l, ["a", "b"]);
    }

    #[test]
    fn a_dotted_word_is_replaced_whole() {
        let text = "FROM logs | WHERE user.name == \"x\" | KEEP user.";
        let c = complete(text, text.len());
        assert_eq!(c.replace, Some(Span::new(text.len() - 5, text.len())));
        assert!(c.items.iter().any(|i| i.label == "user.name"));
        assert_eq!(complete("FROM logs | KEEP us", 19).replace, None);
    }

    #[test]
    fn metadata_fields_after_metadata() {
        assert!(has(&labels("FROM logs METADATA "), "_id"));
        assert!(labels("FROM ").is_empty());
        assert!(labels("FROM logs | LIMIT ").is_empty());
        assert!(labels("FROM logs | WHERE a == \"x").is_empty());
    }

    #[test]
    fn a_space_after_a_finished_operand_completes_nothing() {
        let text = "FROM logs | WHERE a ";
        assert!(
            complete_triggered(text, text.len(), Some(" "))
                .items
                .is_empty()
        );
        let text = "FROM logs | WHERE a == 1 AND ";
        assert!(
            !complete_triggered(text, text.len(), Some(" "))
                .items
                .is_empty()
        );
        let text = "FROM logs | STATS n = count(*) BY ";
        assert!(
            !complete_triggered(text, text.len(), Some(" "))
                .items
                .is_empty()
        );
    }

    #[test]
    fn a_dot_completes_only_after_a_name() {
        let text = "FROM logs | WHERE user.name == 1 | EVAL x = 1.";
        assert!(
            complete_triggered(text, text.len(), Some("."))
                .items
                .is_empty()
        );
        let text = "FROM logs | WHERE user.name == 1 | EVAL x = user.";
        let found = complete_triggered(text, text.len(), Some("."));
        assert!(found.items.iter().any(|i| i.label == "user.name"));
    }
}
