//! Small shared grammar pieces: keywords, names, type names, column lists, operator
//! parameters, assignments, sort keys and `*` name patterns.

use super::super::ast::{
    Assignment, Expr, ExprKind, Ident, NamePattern, OpParam, OutputSchema, SortKey, TypeName,
};
use super::super::lexer::Token;
use super::super::reserved;
use super::literal;
use super::recovery::is_boundary;
use super::{Extra, Inp, P, PErr, TokenInput};
use crate::diagnostic::Code;
use crate::source::Span;
use chumsky::prelude::*;

/// Our span of a chumsky span.
pub(super) fn span_of(span: SimpleSpan) -> Span {
    Span::new(span.start, span.end)
}

/// A contextual keyword, matched by its exact text; yields its span.
pub(super) fn kw<'a, E: PErr<'a>>(
    word: &'static str,
) -> impl Parser<'a, TokenInput<'a>, Span, Extra<E>> + Clone {
    just(Token::Ident(word)).map_with(|_, e| span_of(e.span()))
}

/// Any one of several keywords; yields the word as written and its span.
pub(super) fn kw_of<'a, E: PErr<'a>>(
    words: &'static [&'static str],
) -> impl Parser<'a, TokenInput<'a>, (&'a str, Span), Extra<E>> + Clone {
    select! { Token::Ident(word) = e if words.contains(&word) => (word, span_of(e.span())) }
}

/// A plain word used as a name.
pub(super) fn ident<'a, E: PErr<'a>>() -> impl Parser<'a, TokenInput<'a>, Ident, Extra<E>> + Clone {
    select! { Token::Ident(word) = e => Ident { name: word.to_string(), span: span_of(e.span()) } }
        .labelled("name")
}

/// A name: a plain word or a bracket-quoted name `['Name with space']`.
pub(super) fn name<'a, E: PErr<'a>>() -> P<'a, Ident, E> {
    ident().or(bracketed_name()).labelled("name").boxed()
}

/// A name read inside an expression (a column, a `let` name, a member after `.`): a
/// plain word that Kusto reserves (`where`, `has`, `string`, …) is an error there,
/// written `['where']` instead; see [`reserved`].
pub(super) fn reference_name<'a, E: PErr<'a>>() -> P<'a, Ident, E> {
    let plain = ident().validate(|ident, _, emitter| {
        if reserved::is_reserved(&ident.name) {
            emitter.emit(E::coded(
                Code::SyntaxError,
                ident.span,
                format!("`{}` is a keyword, not a name", ident.name),
                Some(format!(
                    "a column named so is written in brackets: ['{}']",
                    ident.name
                )),
            ));
        }
        ident
    });
    plain.or(bracketed_name()).labelled("name").boxed()
}

/// The name of a called function: a reserved word there (`in(…)`, `project(…)`) is an
/// error, but conversions such as `int(…)` and `toscalar(…)` are calls.
pub(super) fn function_name<'a, E: PErr<'a>>() -> P<'a, Ident, E> {
    ident()
        .validate(|ident, _, emitter| {
            if reserved::is_reserved_call(&ident.name) {
                emitter.emit(E::coded(
                    Code::SyntaxError,
                    ident.span,
                    format!("`{}` is a keyword, not a function", ident.name),
                    Some(
                        "a keyword cannot be called; check the operator or the spelling"
                            .to_string(),
                    ),
                ));
            }
            ident
        })
        .boxed()
}

/// `['Name with space']`, adjacent strings joined.
fn bracketed_name<'a, E: PErr<'a>>() -> P<'a, Ident, E> {
    just(Token::LBracket)
        .ignore_then(
            select! { Token::String(raw) => raw }
                .repeated()
                .at_least(1)
                .collect::<Vec<_>>(),
        )
        .then_ignore(just(Token::RBracket))
        .map_with(|raws, e| Ident {
            name: raws.iter().map(|r| literal::decode_string(r)).collect(),
            span: span_of(e.span()),
        })
        .boxed()
}

/// The scalar type names Kusto reads in a schema, `typeof(…)` or a parameter list,
/// aliases included (`boolean`, `date`, `double`, `int64`, `time`).
const TYPE_NAMES: &[&str] = &[
    "bool", "boolean", "datetime", "date", "decimal", "dynamic", "guid", "int", "long", "int64",
    "real", "double", "string", "timespan", "time",
];

/// A scalar type name such as `string`, `long`, `dynamic`; another word is reported.
pub(super) fn type_name<'a, E: PErr<'a>>() -> P<'a, TypeName, E> {
    select! { Token::Ident(word) = e => TypeName { name: word.to_string(), span: span_of(e.span()) } }
        .validate(|ty, _, emitter| {
            if !TYPE_NAMES.contains(&ty.name.as_str()) {
                emitter.emit(E::coded(
                    Code::SyntaxError,
                    ty.span,
                    format!("`{}` is not a type name", ty.name),
                    Some("the types are bool, datetime, decimal, dynamic, guid, int, long, real, string and timespan".to_string()),
                ));
            }
            ty
        })
        .labelled("type name")
        .boxed()
}

/// `([*,] a: string, b: long)`: a plugin's declared output schema.
pub(super) fn output_schema<'a, E: PErr<'a>>() -> P<'a, OutputSchema, E> {
    let column = name().then_ignore(just(Token::Colon)).then(type_name());
    just(Token::Star)
        .then_ignore(just(Token::Comma).or_not())
        .or_not()
        .then(
            column
                .separated_by(just(Token::Comma))
                .allow_trailing()
                .collect(),
        )
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .map(|(star, columns)| OutputSchema {
            wildcard: star.is_some(),
            columns,
        })
        .boxed()
}

/// `(a: string, b: long)`: a schema as in `datatable`, `externaldata`, `parse-kv`.
pub(super) fn column_list<'a, E: PErr<'a>>() -> P<'a, Vec<(Ident, TypeName)>, E> {
    name()
        .then_ignore(just(Token::Colon))
        .then(type_name())
        .separated_by(just(Token::Comma))
        .allow_trailing()
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .boxed()
}

/// A dotted parameter name such as `kind` or `hint.strategy`.
pub(super) fn param_name<'a, E: PErr<'a>>() -> P<'a, Ident, E> {
    ident()
        .separated_by(just(Token::Dot))
        .at_least(1)
        .collect::<Vec<Ident>>()
        .map(|parts| {
            let span = parts
                .iter()
                .map(|p| p.span)
                .reduce(Span::to)
                .unwrap_or_default();
            Ident {
                name: parts
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join("."),
                span,
            }
        })
        .boxed()
}

/// The value of an operator parameter: a literal or a bare word.
pub(super) fn param_value<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    literal::literal()
        .or(name().map(|n| Expr {
            span: n.span,
            kind: ExprKind::Name(n),
        }))
        .boxed()
}

/// `name=value` parameters before an operator body. Only `kind`, `hint.*` and the
/// names in `allowed` count as parameters, so `X = count()` stays an aggregate.
pub(super) fn op_params<'a, E: PErr<'a>>(
    allowed: &'static [&'static str],
) -> P<'a, Vec<OpParam>, E> {
    param_name()
        .filter(move |n: &Ident| {
            n.name == "kind" || n.name.starts_with("hint.") || allowed.contains(&n.name.as_str())
        })
        .then_ignore(just(Token::Assign))
        .then(param_value())
        .map(|(name, value)| OpParam {
            span: name.span.to(value.span),
            name,
            value,
        })
        .repeated()
        .collect()
        .boxed()
}

/// `with (name = value, …)` parameter lists (`externaldata`, `parse-kv`).
pub(super) fn with_params<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, Vec<OpParam>, E> {
    kw("with")
        .ignore_then(
            param_name()
                .then_ignore(just(Token::Assign))
                .then(scalar)
                .map(|(name, value)| OpParam {
                    span: name.span.to(value.span),
                    name,
                    value,
                })
                .separated_by(just(Token::Comma))
                .collect()
                .delimited_by(just(Token::LParen), just(Token::RParen)),
        )
        .boxed()
}

/// `a`, `a = expr`, `(a, b) = expr`.
pub(super) fn assignment<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, Assignment, E> {
    let tuple = name()
        .separated_by(just(Token::Comma))
        .at_least(1)
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LParen), just(Token::RParen));
    let names = name()
        .map(|n| vec![n])
        .or(tuple)
        .then_ignore(just(Token::Assign));
    names
        .or_not()
        .then(scalar)
        .map_with(|(names, value), e| Assignment {
            names: names.unwrap_or_default(),
            value,
            span: span_of(e.span()),
        })
        .labelled("expression")
        .boxed()
}

/// A comma-separated, non-empty list of assignments.
pub(super) fn assignments<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, Vec<Assignment>, E> {
    assignment(scalar)
        .separated_by(just(Token::Comma))
        .at_least(1)
        .collect()
        .boxed()
}

/// `asc`/`desc` → `Some(descending)`; also `granny-asc`/`granny-desc` of `project-reorder`.
pub(super) fn direction<'a, E: PErr<'a>>() -> P<'a, bool, E> {
    let plain = kw_of(&["asc", "desc"]).map(|(w, _)| w == "desc");
    let granny = kw("granny")
        .ignore_then(just(Token::Minus))
        .ignore_then(kw_of(&["asc", "desc"]))
        .map(|(w, _)| w == "desc");
    plain.or(granny).boxed()
}

/// `expr [asc|desc] [nulls first|last]`.
pub(super) fn sort_key<'a, E: PErr<'a>>(scalar: P<'a, Expr, E>) -> P<'a, SortKey, E> {
    let nulls = kw("nulls")
        .ignore_then(kw_of(&["first", "last"]))
        .map(|(w, _)| w == "first");
    scalar
        .then(direction().or_not())
        .then(nulls.or_not())
        .map_with(|((expr, descending), nulls_first), e| SortKey {
            expr,
            descending,
            nulls_first,
            span: span_of(e.span()),
        })
        .boxed()
}

/// A column-name pattern: adjacent words and `*` with no space between (`Col*`,
/// `*_s`), or a bracketed name. With `require_star`, plain names are refused.
pub(super) fn name_pattern<'a, E: PErr<'a>>(require_star: bool) -> P<'a, NamePattern, E> {
    let adjacent = custom(move |inp: &mut Inp<'a, '_, E>| {
        let start = inp.cursor();
        let mut pattern = String::new();
        let mut end: Option<usize> = None;
        loop {
            let before = inp.save();
            let piece_start = inp.cursor();
            let piece = match inp.next() {
                Some(Token::Ident(word)) => word,
                Some(Token::Star) => "*",
                Some(Token::Int(digits)) if end.is_some() => digits,
                _ => {
                    inp.rewind(before);
                    break;
                }
            };
            let piece_span = inp.span_since(&piece_start);
            if end.is_some_and(|e| e != piece_span.start) {
                inp.rewind(before);
                break;
            }
            pattern.push_str(piece);
            end = Some(piece_span.end);
        }
        let span = inp.span_since(&start);
        if pattern.is_empty() || (require_star && !pattern.contains('*')) {
            return Err(E::plain(span, "expected a column name or pattern"));
        }
        Ok(NamePattern {
            pattern,
            span: span_of(span),
        })
    });
    let bracketed = name().map(|n| NamePattern {
        pattern: n.name,
        span: n.span,
    });
    if require_star {
        adjacent.boxed()
    } else {
        adjacent.labelled("name").or(bracketed).boxed()
    }
}

/// A comma-separated, non-empty list of name patterns.
pub(super) fn name_patterns<'a, E: PErr<'a>>() -> P<'a, Vec<NamePattern>, E> {
    name_pattern(false)
        .separated_by(just(Token::Comma))
        .at_least(1)
        .collect()
        .boxed()
}

/// Succeeds, consuming nothing, where an operator may end: before `|`, `;`, `,`, a
/// closing delimiter or the end of input.
pub(super) fn operator_end<'a, E: PErr<'a>>() -> P<'a, (), E> {
    let boundary = any().filter(|t: &Token<'a>| is_boundary(*t)).ignored();
    boundary.or(end()).rewind().labelled("`|`").boxed()
}

/// An expression node for a name.
pub(super) fn name_expr(ident: Ident) -> Expr {
    Expr {
        span: ident.span,
        kind: ExprKind::Name(ident),
    }
}
