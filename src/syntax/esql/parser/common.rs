//! Small shared grammar pieces: keywords (case-insensitive), identifiers, qualified
//! names, name patterns, index patterns, strings and the end of a command.

use super::super::ast::{Ident, IndexPattern, NamePattern, QualifiedName, StringLit};
use super::super::lexer::Token;
use super::literal::decode_string;
use super::{Extra, Inp, P, PErr, TokenInput};
use crate::source::Span;
use chumsky::prelude::*;

/// Words ES|QL reserves inside expressions: they never name a field unless back-quoted.
pub(super) const RESERVED: &[&str] = &[
    "and", "or", "not", "in", "is", "like", "rlike", "null", "true", "false", "by", "asc", "desc",
    "nulls", "first", "last", "where",
];

/// Whether a word is reserved inside expressions (any case).
pub(super) fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// Our span of a chumsky span.
pub(super) fn span_of(span: SimpleSpan) -> Span {
    Span::new(span.start, span.end)
}

/// A keyword, matched ignoring case; yields its span.
pub(super) fn kw<'a, E: PErr<'a>>(
    word: &'static str,
) -> impl Parser<'a, TokenInput<'a>, Span, Extra<E>> + Clone {
    select! { Token::Ident(w) = e if w.eq_ignore_ascii_case(word) => span_of(e.span()) }
        .labelled(format!("`{}`", word.to_ascii_uppercase()))
}

/// One of several keywords (ignoring case); yields the keyword as listed and its span.
pub(super) fn kw_of<'a, E: PErr<'a>>(
    words: &'static [&'static str],
) -> P<'a, (&'static str, Span), E> {
    let mut parsers = words
        .iter()
        .map(|&w| kw(w).map(move |span| (w, span)).boxed());
    let first = parsers.next().unwrap_or_else(|| {
        empty()
            .try_map(|(), span| Err(E::plain(span, "no keyword")))
            .boxed()
    });
    parsers.fold(first, |all, next| all.or(next).boxed())
}

/// The text of a back-quoted identifier: quotes removed, doubled back-quotes undone.
pub(super) fn unquote_ident(raw: &str) -> String {
    let inner = raw
        .strip_prefix('`')
        .and_then(|r| r.strip_suffix('`'))
        .unwrap_or(raw);
    inner.replace("``", "`")
}

/// An identifier: an unreserved word or a back-quoted name.
pub(super) fn ident<'a, E: PErr<'a>>() -> P<'a, Ident, E> {
    select! {
        Token::Ident(w) = e if !is_reserved(w) => Ident { name: w.to_string(), span: span_of(e.span()) },
        Token::QuotedIdent(raw) = e => Ident { name: unquote_ident(raw), span: span_of(e.span()) },
    }
    .labelled("field name")
    .boxed()
}

/// A word after a `.` of a qualified name: any word (`source.as.number`) or a back-quoted name.
fn name_part<'a, E: PErr<'a>>() -> P<'a, Ident, E> {
    select! {
        Token::Ident(w) = e => Ident { name: w.to_string(), span: span_of(e.span()) },
        Token::QuotedIdent(raw) = e => Ident { name: unquote_ident(raw), span: span_of(e.span()) },
    }
    .labelled("field name")
    .boxed()
}

/// `a.b.c`: identifiers joined by `.`.
pub(super) fn qualified_name<'a, E: PErr<'a>>() -> P<'a, QualifiedName, E> {
    ident()
        .then(
            just(Token::Dot)
                .ignore_then(name_part())
                .repeated()
                .collect::<Vec<_>>(),
        )
        .map(|(first, rest)| {
            let span = rest
                .last()
                .map_or(first.span, |last| first.span.to(last.span));
            let mut name = first.name;
            for part in rest {
                name.push('.');
                name.push_str(&part.name);
            }
            QualifiedName { name, span }
        })
        .boxed()
}

/// The tokens of one whitespace-free run starting at the cursor, for which `accept`
/// holds, with their joined text (back-quoted names unquoted) and span.
fn adjacent_run<'a, E: PErr<'a>>(
    inp: &mut Inp<'a, '_, E>,
    accept: impl Fn(Token<'a>) -> bool,
) -> Option<(String, Span)> {
    let mut text = String::new();
    let mut whole: Option<Span> = None;
    loop {
        let before = inp.save();
        let start = inp.cursor();
        let Some(token) = inp.next() else { break };
        let span = span_of(inp.span_since(&start));
        if !accept(token) || whole.is_some_and(|w| w.end != span.start) {
            inp.rewind(before);
            break;
        }
        match token {
            Token::QuotedIdent(raw) => text.push_str(&unquote_ident(raw)),
            other => text.push_str(other.text()),
        }
        whole = Some(whole.map_or(span, |w| w.to(span)));
    }
    whole.map(|span| (text, span))
}

/// A field name pattern: adjacent words, back-quoted names, `*` and `.` (`Esql.*`,
/// `*_id`, `` source.`as`.number ``), as ES|QL's `KEEP`/`DROP`/`RENAME` take.
pub(super) fn name_pattern<'a, E: PErr<'a>>() -> P<'a, NamePattern, E> {
    custom(|inp: &mut Inp<'a, '_, E>| {
        let start = inp.cursor();
        let before = inp.save();
        let first = inp.peek();
        // A reserved word starts a pattern only joined to more (`last*`, `first.name`).
        let reserved = matches!(first, Some(Token::Ident(w)) if is_reserved(w));
        let starts_well = matches!(
            first,
            Some(Token::Ident(_) | Token::QuotedIdent(_) | Token::Star)
        );
        let mut run = if starts_well {
            adjacent_run(inp, |t| {
                matches!(
                    t,
                    Token::Ident(_)
                        | Token::QuotedIdent(_)
                        | Token::Star
                        | Token::Dot
                        | Token::Int(_)
                        | Token::Decimal(_)
                )
            })
        } else {
            None
        };
        if reserved && run.as_ref().is_some_and(|(p, _)| is_reserved(p)) {
            inp.rewind(before);
            run = None;
        }
        match run {
            Some((pattern, span)) => Ok(NamePattern { pattern, span }),
            None => {
                let found = inp.peek();
                let span = inp.span_since(&start);
                Err(E::plain(
                    span,
                    format!(
                        "expected a field name or pattern, found {}",
                        found.map_or_else(|| "end of input".to_string(), |t| t.describe())
                    ),
                ))
            }
        }
    })
    .labelled("field name")
    .boxed()
}

/// A comma-separated, non-empty list of name patterns.
pub(super) fn name_patterns<'a, E: PErr<'a>>() -> P<'a, Vec<NamePattern>, E> {
    name_pattern()
        .separated_by(just(Token::Comma))
        .at_least(1)
        .collect()
        .boxed()
}

/// Whether a token may be part of an unquoted index pattern (ES|QL's `UNQUOTED_SOURCE`
/// excludes `" = | , [ ] ( )` and blanks; `:` separates a cluster).
fn index_token(token: Token<'_>) -> bool {
    !matches!(
        token,
        Token::Comma
            | Token::Pipe
            | Token::Assign
            | Token::String(_)
            | Token::UnterminatedString(_)
            | Token::LParen
            | Token::RParen
            | Token::LBracket
            | Token::RBracket
            | Token::BlockComment
            | Token::Semi
    )
}

/// An index pattern: `logs-*`, `.alerts-security.*`, `remote:logs-*`, or `"logs-*"`.
pub(super) fn index_pattern<'a, E: PErr<'a>>() -> P<'a, IndexPattern, E> {
    let quoted = string_lit().map(|s| split_cluster(&s.value, s.span));
    let unquoted = custom(|inp: &mut Inp<'a, '_, E>| {
        let start = inp.cursor();
        let reserved_word =
            matches!(inp.peek(), Some(Token::Ident(w)) if w.eq_ignore_ascii_case("metadata"));
        match adjacent_run(inp, index_token).filter(|_| !reserved_word) {
            Some((text, span)) => Ok(split_cluster(&text, span)),
            None => Err(E::plain(
                inp.span_since(&start),
                "expected an index pattern",
            )),
        }
    });
    quoted.or(unquoted).labelled("index pattern").boxed()
}

fn split_cluster(text: &str, span: Span) -> IndexPattern {
    match text.split_once(':') {
        Some((cluster, index)) if !cluster.is_empty() && !index.starts_with(':') => IndexPattern {
            cluster: Some(cluster.to_string()),
            index: index.to_string(),
            span,
        },
        _ => IndexPattern {
            cluster: None,
            index: text.to_string(),
            span,
        },
    }
}

/// A string literal, decoded (escape problems are reported by `literal::string_lit`).
pub(super) fn string_lit<'a, E: PErr<'a>>() -> P<'a, StringLit, E> {
    select! { Token::String(raw) = e => (raw, e.span()), Token::UnterminatedString(raw) = e => (raw, e.span()) }
        .validate(|(raw, span), _, emitter| {
            let span = span_of(span);
            let value = decode_string(raw, span, emitter);
            StringLit { value, span }
        })
        .labelled("string")
        .boxed()
}

/// Succeeds, consuming nothing, where a command may end: before `|` or at the end.
pub(super) fn command_end<'a, E: PErr<'a>>() -> P<'a, (), E> {
    just(Token::Pipe)
        .ignored()
        .or(end())
        .rewind()
        .labelled("`|`")
        .boxed()
}
