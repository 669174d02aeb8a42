//! The whole query: a source command, then `| command` stages. Each command that
//! fails to parse is reported and skipped to the next `|`, so one bad command does not
//! hide the errors of the others.

use super::super::ast::{Command, CommandKind, Query, SourceCommand};
use super::super::lexer::Token;
use super::command::{
    COMMAND_NAMES, SOURCE_NAMES, UNSUPPORTED_NAMES, processing_commands, source_command,
};
use super::common::{command_end, span_of};
use super::expr::expression;
use super::recovery::skip_to_pipe;
use super::{Extra, Inp, P, PErr, TokenInput};
use crate::diagnostic::{Code, did_you_mean};
use crate::source::Span;
use chumsky::prelude::*;

/// The query parser: `None` when the source command could not be read.
pub(super) fn query<'a, E: PErr<'a>>() -> impl Parser<'a, TokenInput<'a>, Option<Query>, Extra<E>> {
    let expr = expression();
    let source = source_command(expr.clone())
        .then_ignore(command_end())
        .map_with(|kind, e| SourceCommand {
            kind,
            span: span_of(e.span()),
        })
        .boxed();
    let commands: Vec<(&'static str, P<'a, Command, E>)> = processing_commands(expr)
        .into_iter()
        .map(|(name, parser)| {
            (
                name,
                parser
                    .then_ignore(command_end())
                    .map_with(|kind: CommandKind, e| Command {
                        kind,
                        span: span_of(e.span()),
                    })
                    .boxed(),
            )
        })
        .collect();
    custom(move |inp: &mut Inp<'a, '_, E>| {
        let source = source_or_recover(inp, &source);
        let mut stages = Vec::new();
        while inp.peek() == Some(Token::Pipe) {
            inp.skip();
            stages.extend(command_or_recover(inp, &commands));
        }
        Ok(source.map(|source| Query {
            source,
            commands: stages,
            span: Span::default(),
        }))
    })
}

/// The word at the cursor, if the next token is a word.
fn peek_word<'a, E: PErr<'a>>(inp: &mut Inp<'a, '_, E>) -> Option<&'a str> {
    match inp.peek() {
        Some(Token::Ident(word)) => Some(word),
        _ => None,
    }
}

/// The empty span at the cursor.
fn here<'a, E: PErr<'a>>(inp: &mut Inp<'a, '_, E>) -> Span {
    let cursor = inp.cursor();
    span_of(inp.span_since(&cursor))
}

/// Reports an error spanning the next token, then skips to the next `|`.
fn report_and_skip<'a, E: PErr<'a>>(
    inp: &mut Inp<'a, '_, E>,
    code: Code,
    message: String,
    help: Option<String>,
) {
    let start = inp.cursor();
    inp.skip();
    let span = span_of(inp.span_since(&start));
    inp.emit(E::coded(code, span, message, help));
    skip_to_pipe(inp);
}

fn source_or_recover<'a, E: PErr<'a>>(
    inp: &mut Inp<'a, '_, E>,
    source: &P<'a, SourceCommand, E>,
) -> Option<SourceCommand> {
    let word = peek_word(inp).map(str::to_ascii_lowercase);
    match word.as_deref() {
        Some(w) if SOURCE_NAMES.contains(&w) => {}
        Some(w) if COMMAND_NAMES.contains(&w) => {
            let message = format!(
                "a query starts with FROM, ROW or SHOW, not `{}`",
                w.to_ascii_uppercase()
            );
            report_and_skip(
                inp,
                Code::EsqlSyntaxError,
                message,
                Some(format!(
                    "add a source first, e.g. `FROM logs-* | {} …`",
                    w.to_ascii_uppercase()
                )),
            );
            return None;
        }
        _ => {
            let found = inp
                .peek()
                .map_or_else(|| "end of input".to_string(), |t| t.describe());
            let help = word
                .as_deref()
                .and_then(|w| did_you_mean(w, SOURCE_NAMES.iter().copied()))
                .map(|s| format!("did you mean `{}`?", s.to_ascii_uppercase()));
            let message = format!("expected FROM, ROW or SHOW, found {found}");
            if inp.peek().is_none() {
                let span = here(inp);
                inp.emit(E::coded(
                    Code::EsqlSyntaxError,
                    span,
                    message,
                    Some(
                        "an ES|QL query starts with a source command such as `FROM logs-*`"
                            .to_string(),
                    ),
                ));
            } else {
                report_and_skip(inp, Code::EsqlSyntaxError, message, help);
            }
            return None;
        }
    }
    let before = inp.save();
    match inp.parse(source) {
        Ok(source) => Some(source),
        Err(error) => {
            inp.rewind(before);
            inp.emit(error);
            skip_to_pipe(inp);
            None
        }
    }
}

/// One command after `|`; on failure the error is recorded and the command skipped.
fn command_or_recover<'a, E: PErr<'a>>(
    inp: &mut Inp<'a, '_, E>,
    commands: &[(&'static str, P<'a, Command, E>)],
) -> Option<Command> {
    let Some(word) = peek_word(inp) else {
        let found = inp
            .peek()
            .map_or_else(|| "end of input".to_string(), |t| t.describe());
        let message = format!("expected a command after `|`, found {found}");
        if inp.peek().is_none() {
            let span = here(inp);
            inp.emit(E::coded(
                Code::EsqlSyntaxError,
                span,
                message,
                Some("remove the trailing `|` or add a command".to_string()),
            ));
        } else {
            report_and_skip(inp, Code::EsqlSyntaxError, message, None);
        }
        return None;
    };
    let lower = word.to_ascii_lowercase();
    let Some((_, parser)) = commands.iter().find(|(name, _)| *name == lower) else {
        let (message, help) = unknown_command(word, &lower);
        report_and_skip(inp, Code::EsqlUnknownCommand, message, help);
        return None;
    };
    let before = inp.save();
    match inp.parse(parser) {
        Ok(command) => Some(command),
        Err(error) => {
            inp.rewind(before);
            inp.emit(error);
            skip_to_pipe(inp);
            None
        }
    }
}

/// The message and help for a word after `|` that is not a processing command.
fn unknown_command(word: &str, lower: &str) -> (String, Option<String>) {
    if SOURCE_NAMES.contains(&lower) {
        return (
            format!(
                "`{}` starts a query; it cannot follow `|`",
                word.to_ascii_uppercase()
            ),
            Some("a query has one source command, at its start".to_string()),
        );
    }
    if UNSUPPORTED_NAMES.contains(&lower) {
        return (
            format!(
                "the ES|QL command `{}` is not supported by kqlc",
                word.to_ascii_uppercase()
            ),
            None,
        );
    }
    let names = COMMAND_NAMES
        .iter()
        .copied()
        .filter(|n| *n != "inline" && *n != "lookup")
        .chain(["inline stats", "lookup join"]);
    let help =
        did_you_mean(lower, names).map(|s| format!("did you mean `{}`?", s.to_ascii_uppercase()));
    (format!("unknown command `{word}`"), help)
}
