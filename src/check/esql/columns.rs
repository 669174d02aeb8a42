//! The columns in scope at a point of an ES|QL query, and what defined each: the
//! checker's own walk, stopped before the stage the point is in. Editors use it for
//! completion (the columns to offer) and hover (where a column comes from).

use super::scope::Scope;
use super::walk;
use crate::source::Span;
use crate::syntax::esql::ast;
use crate::syntax::esql::lexer::{Token, lex};

/// A column the query itself makes: its name, the command that makes it and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub name: String,
    /// The command as the ES|QL docs write it: `EVAL`, `STATS`, `STATS … BY`, `RENAME`,
    /// `ROW`, `DISSECT`, `GROK`, `ENRICH … WITH`, `FROM … METADATA`, …
    pub command: &'static str,
    /// The defining text: `name = value`, `old AS new`, a `DISSECT`/`GROK` pattern.
    pub span: Span,
    /// Where the name itself is written (the value's text for an unnamed `EVAL` field).
    pub name_span: Span,
}

/// One column in scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnAt {
    pub name: String,
    /// What defined it; `None` for a field of the `FROM` index.
    pub defined: Option<Definition>,
}

/// The columns in scope at a point of a query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnsAt {
    /// The columns known there, in the order the query made them; in an open scope,
    /// then the index fields the query reads elsewhere (not at the point itself).
    pub columns: Vec<ColumnAt>,
    /// Whether the index's unseen fields may exist too (no `STATS` or `KEEP` has fixed
    /// the columns yet).
    pub open: bool,
}

/// The columns in scope at byte `offset` of `text` (the query `query` was parsed
/// from): the result of the commands before the stage `offset` is in. In the source
/// command itself, none.
pub fn columns_at(query: &ast::Query, text: &str, offset: usize) -> ColumnsAt {
    let Some(stage) = stage_start(text, offset) else {
        return ColumnsAt::default();
    };
    let before = query
        .commands
        .iter()
        .take_while(|c| (c.span.end as usize) <= stage)
        .count();
    let (checker, scope) = walk(query, text, before, super::FieldTypes::ecs());
    let origin = |name: &str| {
        let origins = checker.trace.origins.iter().rev();
        origins.into_iter().find(|d| d.name == name).cloned()
    };
    let mut columns: Vec<ColumnAt> = scope
        .columns()
        .iter()
        .map(|name| ColumnAt {
            name: name.clone(),
            defined: origin(name),
        })
        .collect();
    if scope.is_open() {
        let (whole, _) = walk(query, text, query.commands.len(), super::FieldTypes::ecs());
        for (name, span) in whole.trace.discovered {
            let at_point = (span.start as usize) <= offset && offset <= span.end as usize;
            if (at_point && !written_elsewhere(text, &name, span))
                || !scope.may_exist(&name)
                || columns.iter().any(|c| c.name == name)
            {
                continue;
            }
            columns.push(ColumnAt {
                name,
                defined: None,
            });
        }
    }
    ColumnsAt {
        columns,
        open: scope.is_open(),
    }
}

/// Whether `name` is written in `text` as a whole name other than at `span` (a field
/// first read where the cursor is may be read again later, then it is no half-typed word).
fn written_elsewhere(text: &str, name: &str, span: Span) -> bool {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@');
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        at != span.start as usize
            && !before.is_some_and(is_name_char)
            && !after.is_some_and(is_name_char)
    })
}

/// The index fields a query reads (fields of its `FROM` index, not columns it makes),
/// in the order it first reads them; `kqlc translate` builds the index's schema from them.
pub fn index_fields(query: &ast::Query, text: &str) -> Vec<String> {
    let (checker, _) = walk(query, text, query.commands.len(), super::FieldTypes::ecs());
    let mut names: Vec<String> = Vec::new();
    for (name, _) in checker.trace.discovered {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Every column definition of a query, in query order.
pub fn definitions(query: &ast::Query, text: &str) -> Vec<Definition> {
    walk(query, text, query.commands.len(), super::FieldTypes::ecs())
        .0
        .trace
        .definitions
}

/// The start of the `|` that begins the stage `offset` is in; `None` in the source
/// command (no `|` before `offset`).
pub fn stage_start(text: &str, offset: usize) -> Option<usize> {
    let (tokens, _) = lex(text);
    tokens
        .iter()
        .take_while(|(_, s)| (s.end as usize) <= offset)
        .filter(|(t, _)| *t == Token::Pipe)
        .last()
        .map(|(_, s)| s.start as usize)
}

/// What the check learns on its way, for editors: who defined each column, and the
/// index fields the query reads.
#[derive(Clone, Debug, Default)]
pub(super) struct Trace {
    /// Every definition, in query order.
    pub definitions: Vec<Definition>,
    /// The definitions of the columns in scope now.
    pub origins: Vec<Definition>,
    /// Index fields the query read, with where each was first read.
    pub discovered: Vec<(String, Span)>,
}

impl Trace {
    /// Records that `command` defines `name` (the scope is told separately).
    pub fn record(&mut self, name: &str, command: &'static str, span: Span, name_span: Span) {
        let definition = Definition {
            name: name.to_string(),
            command,
            span,
            name_span,
        };
        self.origins.retain(|d| d.name != name);
        self.origins.push(definition.clone());
        self.definitions.push(definition);
    }

    /// Takes the index fields `scope` discovered (before a command replaces the scope).
    pub fn discovered_by(&mut self, scope: &mut Scope) {
        self.discovered.extend(scope.take_discovered());
    }

    /// After each command: what it discovered, and forget definitions of columns it removed.
    pub fn after_command(&mut self, scope: &mut Scope) {
        self.discovered_by(scope);
        self.origins.retain(|d| scope.columns().contains(&d.name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::esql::parse;

    fn at(text: &str, needle: &str) -> ColumnsAt {
        let query = parse(text).0.expect("the query parses");
        let offset = text.find(needle).expect("the needle is in the text");
        columns_at(&query, text, offset)
    }

    fn names(columns: &ColumnsAt) -> Vec<&str> {
        columns.columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn after_stats_only_its_aggregates_and_keys_are_in_scope() {
        let text = "FROM logs | EVAL x = 1 | STATS a = count(*) BY h | WHERE a > 1";
        let columns = at(text, "a > 1");
        assert_eq!(names(&columns), ["a", "h"]);
        assert!(!columns.open);
        let a = columns.columns[0]
            .defined
            .as_ref()
            .expect("STATS defines a");
        assert_eq!(a.command, "STATS");
        assert_eq!(&text[a.span.range()], "a = count(*)");
        assert_eq!(
            columns.columns[1].defined.as_ref().unwrap().command,
            "STATS … BY"
        );
    }

    #[test]
    fn in_an_open_index_the_fields_the_query_reads_are_offered() {
        let text =
            "FROM logs | WHERE user.name == \"x\" | EVAL n = length(host.name) | KEEP n, user.name";
        let columns = at(text, "user.name ==");
        // Before the WHERE nothing was read; the fields read later are offered
        // (`user.name` is read again in the KEEP).
        assert_eq!(names(&columns), ["user.name", "host.name"]);
        assert!(columns.open);
        // A name written only at the point is the word being typed: not offered.
        assert_eq!(
            names(&at("FROM logs | WHERE ab > 1 and a < 9", "ab >")),
            ["a"]
        );
        assert_eq!(
            names(&at("FROM logs | WHERE a > 1 and a < 9", "a > 1")),
            ["a"]
        );
        let columns = at(text, "KEEP");
        assert_eq!(names(&columns), ["user.name", "host.name", "n"]);
        assert_eq!(columns.columns[0].defined, None);
        assert_eq!(columns.columns[2].defined.as_ref().unwrap().command, "EVAL");
    }

    #[test]
    fn dropped_and_renamed_columns_leave_the_scope() {
        let text = "FROM logs | EVAL a = 1, b = 2 | DROP a | RENAME b AS c | LIMIT 1";
        let columns = at(text, "LIMIT");
        assert_eq!(names(&columns), ["c"]);
        let c = columns.columns[0].defined.as_ref().unwrap();
        assert_eq!((c.command, &text[c.span.range()]), ("RENAME", "b AS c"));
    }

    #[test]
    fn the_source_command_has_no_columns_yet() {
        let text = "ROW a = 1 | EVAL b = a";
        assert_eq!(at(text, "a = 1"), ColumnsAt::default());
        assert_eq!(names(&at(text, "b = a")), ["a"]);
    }

    #[test]
    fn definitions_list_every_made_column_in_order() {
        let text = "ROW a = 1 | EVAL b = a + 1 | STATS c = sum(b) BY a";
        let query = parse(text).0.unwrap();
        let made: Vec<(&str, &str)> = definitions(&query, text)
            .iter()
            .map(|d| (d.command, &text[d.name_span.range()]))
            .collect();
        assert_eq!(
            made,
            [
                ("ROW", "a"),
                ("EVAL", "b"),
                ("STATS", "c"),
                ("STATS … BY", "a")
            ]
        );
    }
}
