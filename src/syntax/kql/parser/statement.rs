//! Statements and the whole query: `let` (values and functions), `set`,
//! `declare query_parameters(…)` and tabular expression statements, `;`-separated.

use super::super::ast::{
    Expr, FunctionDef, FunctionParam, LetValue, ParamType, PatternEntry, Query, Statement,
    StatementKind,
};
use super::super::lexer::Token;
use super::common::{ident, kw, name, span_of, type_name};
use super::recovery::skip_to_semicolon;
use super::{Extra, Inp, P, PErr, TokenInput, tabular};
use crate::diagnostic::Code;
use crate::source::Span;
use chumsky::prelude::*;

/// The whole query: statements separated by `;` (one `;` after the last is allowed).
pub(super) fn query<'a, E: PErr<'a>>() -> impl Parser<'a, TokenInput<'a>, Query, Extra<E>> {
    let pipe = recursive(|pipe| tabular::pipe_expr(pipe.boxed())).boxed();
    let statement = statement(pipe);
    custom(move |inp: &mut Inp<'a, '_, E>| {
        Ok(Query {
            statements: statement_list(inp, &statement, None),
            span: Span::default(),
        })
    })
}

/// Statements up to `closer` (or the end): each failure is reported and skipped to `;`.
fn statement_list<'a, E: PErr<'a>>(
    inp: &mut Inp<'a, '_, E>,
    statement: &P<'a, Statement, E>,
    closer: Option<Token<'a>>,
) -> Vec<Statement> {
    let mut statements = Vec::new();
    loop {
        while inp.peek() == Some(Token::Semi) {
            empty_statement(inp);
        }
        match inp.peek() {
            None => break,
            Some(token) if Some(token) == closer => break,
            _ => {}
        }
        let before = inp.save();
        match inp.parse(statement) {
            Ok(s) => statements.push(s),
            Err(error) => {
                inp.rewind(before);
                inp.emit(error);
                skip_statement_rest(inp, closer);
                skip_semicolon(inp);
                continue;
            }
        }
        match inp.peek() {
            None => {}
            Some(Token::Semi) => inp.skip(),
            Some(token) if Some(token) == closer => break,
            Some(token) => {
                let start = inp.cursor();
                inp.skip();
                let span = span_of(inp.span_since(&start));
                let end = if closer.is_some() {
                    "`;` or `}`"
                } else {
                    "`;`, `|` or the end of the query"
                };
                inp.emit(E::coded(
                    Code::SyntaxError,
                    span,
                    format!("expected {end}, found {}", token.describe()),
                    Some("statements are separated by `;`; operators start with `|`".to_string()),
                ));
                skip_statement_rest(inp, closer);
                skip_semicolon(inp);
            }
        }
    }
    statements
}

/// A `;` with no statement before it (`let a = 1;;`, a leading `;`): Kusto rejects it.
fn empty_statement<'a, E: PErr<'a>>(inp: &mut Inp<'a, '_, E>) {
    let start = inp.cursor();
    inp.skip();
    let span = span_of(inp.span_since(&start));
    inp.emit(E::coded(
        Code::SyntaxError,
        span,
        "a `;` with no statement before it",
        Some("each `;` ends one statement: remove this one".to_string()),
    ));
}

/// Consumes the `;` that ends a statement, if it is next.
fn skip_semicolon<'a, E: PErr<'a>>(inp: &mut Inp<'a, '_, E>) {
    if inp.peek() == Some(Token::Semi) {
        inp.skip();
    }
}

/// Skips to the next `;` (or `closer`), also past stray closing delimiters.
fn skip_statement_rest<'a, E: PErr<'a>>(inp: &mut Inp<'a, '_, E>, closer: Option<Token<'a>>) {
    loop {
        skip_to_semicolon(inp);
        match inp.peek() {
            Some(token)
                if matches!(token, Token::RParen | Token::RBracket | Token::RBrace)
                    && Some(token) != closer =>
            {
                inp.skip()
            }
            _ => break,
        }
    }
}

fn statement<'a, E: PErr<'a>>(pipe: P<'a, Expr, E>) -> P<'a, Statement, E> {
    recursive(move |statement| {
        let statement: P<'a, Statement, E> = statement.boxed();
        let body = custom(move |inp: &mut Inp<'a, '_, E>| {
            Ok(stacker::maybe_grow(
                tabular::STACK_RED_ZONE,
                tabular::STACK_SEGMENT,
                || statement_list(inp, &statement, Some(Token::RBrace)),
            ))
        })
        .delimited_by(just(Token::LBrace), just(Token::RBrace));
        let pattern = pattern_definition(pipe.clone(), body.clone());
        let function = kw("view")
            .or_not()
            .ignore_then(function_params(pipe.clone()))
            .then(body)
            .map_with(|(params, body), e| {
                LetValue::Function(FunctionDef {
                    params,
                    body,
                    span: span_of(e.span()),
                })
            });
        let let_ = kw("let")
            .ignore_then(name())
            .then_ignore(just(Token::Assign))
            .then(function.or(pipe.clone().map(LetValue::Expr)))
            .map(|(name, value)| StatementKind::Let { name, value });
        let dotted = ident()
            .separated_by(just(Token::Dot))
            .at_least(1)
            .collect::<Vec<_>>()
            .map(|parts| super::super::ast::Ident {
                name: parts
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join("."),
                span: parts
                    .iter()
                    .map(|p| p.span)
                    .reduce(Span::to)
                    .unwrap_or_default(),
            });
        let set = kw("set")
            .ignore_then(dotted)
            .then(just(Token::Assign).ignore_then(pipe.clone()).or_not())
            .map(|(name, value)| StatementKind::Set { name, value });
        let declare = kw("declare")
            .ignore_then(kw("query_parameters"))
            .ignore_then(function_params(pipe.clone()))
            .map(|params| StatementKind::DeclareQueryParameters { params });
        let declare_pattern = kw("declare")
            .ignore_then(kw("pattern"))
            .ignore_then(name())
            .then(just(Token::Assign).ignore_then(pattern).or_not())
            .map(|(name, entries)| StatementKind::DeclarePattern {
                name,
                entries: entries.unwrap_or_default(),
            });
        // `let` never starts an expression statement (better errors for a bad `let`).
        let expr = kw("let")
            .not()
            .ignore_then(pipe.clone())
            .map(StatementKind::Expr);
        choice((let_, set, declare, declare_pattern, expr)).map_with(|kind, e| Statement {
            kind,
            span: span_of(e.span()),
        })
    })
    .boxed()
}

/// A pattern's `(params)[[path: type]] { (args).[path] = { query }; … }` (pattern-statement
/// page); the declared parameter types are not needed to match the invocations.
fn pattern_definition<'a, E: PErr<'a>>(
    pipe: P<'a, Expr, E>,
    body: impl Parser<'a, TokenInput<'a>, Vec<Statement>, Extra<E>> + Clone + 'a,
) -> P<'a, Vec<PatternEntry>, E> {
    let path_param = name()
        .then_ignore(just(Token::Colon))
        .then(type_name())
        .delimited_by(just(Token::LBracket), just(Token::RBracket));
    let args = pipe
        .clone()
        .separated_by(just(Token::Comma))
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LParen), just(Token::RParen));
    let path = just(Token::Dot)
        .ignore_then(pipe.delimited_by(just(Token::LBracket), just(Token::RBracket)))
        .or_not();
    let entry = args
        .then(path)
        .then_ignore(just(Token::Assign))
        .then(body)
        .map_with(|((args, path), body), e| PatternEntry {
            args,
            path,
            body: FunctionDef {
                params: Vec::new(),
                body,
                span: span_of(e.span()),
            },
        });
    function_params_any()
        .ignore_then(path_param.or_not())
        .ignore_then(
            entry
                .separated_by(just(Token::Semi))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(just(Token::LBrace), just(Token::RBrace)),
        )
        .boxed()
}

/// A pattern's `(name: type, …)` parameter list (skipped: the entries give the values).
fn function_params_any<'a, E: PErr<'a>>() -> impl Parser<'a, TokenInput<'a>, (), Extra<E>> + Clone {
    name()
        .then_ignore(just(Token::Colon))
        .then(type_name())
        .separated_by(just(Token::Comma))
        .delimited_by(just(Token::LParen), just(Token::RParen))
}

/// `(x: string, n: long = 10, T: (col: type, …), U: (*))`.
fn function_params<'a, E: PErr<'a>>(pipe: P<'a, Expr, E>) -> P<'a, Vec<FunctionParam>, E> {
    let column = name()
        .then_ignore(just(Token::Colon))
        .then(type_name())
        .map(Some)
        .or(just(Token::Star).to(None));
    let tabular = column
        .separated_by(just(Token::Comma))
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .map(|items| ParamType::Tabular {
            any_columns: items.iter().any(Option::is_none),
            columns: items.into_iter().flatten().collect(),
        });
    let param_type = tabular.or(type_name().map(ParamType::Scalar));
    name()
        .then_ignore(just(Token::Colon))
        .then(param_type)
        .then(just(Token::Assign).ignore_then(pipe).or_not())
        .map_with(|((name, ty), default), e| FunctionParam {
            name,
            ty,
            default,
            span: span_of(e.span()),
        })
        .separated_by(just(Token::Comma))
        .collect()
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .boxed()
}
