//! Constants: `null`, booleans, integers (with an optional time unit: `1 hour`, `5m`),
//! decimals, strings, parameters and multi-value arrays `[1, 2]`.

use super::super::ast::{Expr, ExprKind, Literal, TimeUnit, UnaryOp};
use super::super::lexer::Token;
use super::common::{is_reserved, kw, span_of, string_lit};
use super::{P, PErr};
use crate::diagnostic::{Code, did_you_mean};
use crate::source::Span;
use chumsky::prelude::*;

/// Where validation errors go.
pub(super) type Emitter<E> = chumsky::input::Emitter<E>;

fn lit(literal: Literal, span: Span) -> Expr {
    Expr {
        kind: ExprKind::Literal(literal),
        span,
    }
}

fn invalid<'a, E: PErr<'a>>(
    emitter: &mut Emitter<E>,
    span: Span,
    message: String,
    help: impl Into<String>,
) {
    emitter.emit(E::coded(
        Code::EsqlInvalidLiteral,
        span,
        message,
        Some(help.into()),
    ));
}

/// The text of a string token. `"""…"""` is raw; `"…"` takes the escapes `\t \n \r \" \\`
/// (ES|QL's lexer accepts no others: an unknown escape is reported and kept as written).
pub(super) fn decode_string<'a, E: PErr<'a>>(
    raw: &str,
    span: Span,
    emitter: &mut Emitter<E>,
) -> String {
    if let Some(body) = raw.strip_prefix(r#"""""#) {
        return body.strip_suffix(r#"""""#).unwrap_or(body).to_string();
    }
    let Some(quote) = raw.chars().next() else {
        return String::new();
    };
    let body = &raw[quote.len_utf8()..];
    let body = if body.ends_with(quote) && !ends_with_escape(body) {
        &body[..body.len() - quote.len_utf8()]
    } else {
        body
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, c @ ('\\' | '"'))) => out.push(c),
            Some((_, other)) => {
                let at = span.start as usize + quote.len_utf8() + i;
                let escape_span = Span::new(at, at + 1 + other.len_utf8());
                invalid(
                    emitter,
                    escape_span,
                    format!("invalid escape `\\{other}` in a string"),
                    "ES|QL strings know `\\t`, `\\n`, `\\r`, `\\\"` and `\\\\`; write `\\\\` for a backslash, or use \"\"\"…\"\"\" for raw text",
                );
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Whether the last character of `body` is escaped by an odd run of backslashes.
fn ends_with_escape(body: &str) -> bool {
    let without_last = &body[..body.len().saturating_sub(1)];
    without_last
        .chars()
        .rev()
        .take_while(|&c| c == '\\')
        .count()
        % 2
        == 1
}

/// An integer literal: a long when it fits, else an unsigned long, else a double.
fn integer<'a, E: PErr<'a>>(text: &str, span: Span, emitter: &mut Emitter<E>) -> Expr {
    if let Ok(n) = text.parse::<i64>() {
        return lit(Literal::Integer(n), span);
    }
    if let Ok(n) = text.parse::<u64>() {
        return lit(Literal::UnsignedLong(n), span);
    }
    match text.parse::<f64>() {
        Ok(x) => lit(Literal::Decimal(x), span),
        Err(_) => {
            invalid(
                emitter,
                span,
                format!("invalid number `{text}`"),
                "numbers are like `42`, `1.5`, `.5`, `1e-3`",
            );
            lit(Literal::Null, span)
        }
    }
}

/// `5`, `5 minutes`, `5m`: an integer, qualified by a time unit when a word follows.
fn integer_or_timespan<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    let unit = select! { Token::Ident(w) = e if !is_reserved(w) => (w, span_of(e.span())) };
    select! { Token::Int(t) = e => (t, span_of(e.span())) }
        .then(unit.or_not())
        .validate(|((text, span), unit), _, emitter| {
            let number = integer(text, span, emitter);
            let Some((word, unit_span)) = unit else { return number };
            let whole = span.to(unit_span);
            let value = match number.kind {
                ExprKind::Literal(Literal::Integer(n)) => n,
                _ => {
                    invalid(emitter, span, format!("the time span `{text} {word}` is too large"), "use a smaller number or a larger unit");
                    0
                }
            };
            match TimeUnit::from_word(word) {
                Some(unit) => lit(Literal::TimeSpan { value, unit }, whole),
                None => {
                    let help = match did_you_mean(word, TimeUnit::WORDS.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "time units are millisecond, second, minute, hour, day, week, month, quarter, year (or ms, s, min, h, d, w, mo, q, y)".to_string(),
                    };
                    invalid(emitter, unit_span, format!("unknown time unit `{word}`"), help);
                    lit(Literal::TimeSpan { value, unit: TimeUnit::Second }, whole)
                }
            }
        })
        .boxed()
}

fn decimal<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    select! { Token::Decimal(t) = e => (t, span_of(e.span())) }
        .validate(|(text, span), _, emitter| match text.parse::<f64>() {
            Ok(x) => lit(Literal::Decimal(x), span),
            Err(_) => {
                invalid(
                    emitter,
                    span,
                    format!("invalid number `{text}`"),
                    "numbers are like `42`, `1.5`, `.5`, `1e-3`",
                );
                lit(Literal::Null, span)
            }
        })
        .boxed()
}

/// A `?` parameter.
pub(super) fn param<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    select! { Token::Param(t) = e => Expr { kind: ExprKind::Param(t.trim_start_matches('?').to_string()), span: span_of(e.span()) } }.labelled("parameter").boxed()
}

fn string<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    string_lit()
        .map(|s| lit(Literal::String(s.value), s.span))
        .boxed()
}

/// A possibly signed number, as array items are written.
fn signed_number<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    let sign = just(Token::Minus)
        .to(UnaryOp::Neg)
        .or(just(Token::Plus).to(UnaryOp::Plus))
        .map_with(|op, e| (op, span_of(e.span())));
    let number = decimal().or(select! { Token::Int(t) = e => (t, span_of(e.span())) }
        .validate(|(t, span), _, emitter| integer(t, span, emitter))
        .boxed());
    sign.or_not()
        .then(number)
        .map(|(sign, number)| match sign {
            Some((op, span)) => Expr {
                span: span.to(number.span),
                kind: ExprKind::Unary {
                    op,
                    operand: Box::new(number),
                },
            },
            None => number,
        })
        .boxed()
}

/// `[1, 2]`, `["a", "b"]`, `[true, false]`.
fn array<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    let item = choice((signed_number(), string(), boolean()));
    item.separated_by(just(Token::Comma))
        .at_least(1)
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LBracket), just(Token::RBracket))
        .map_with(|items, e| Expr {
            kind: ExprKind::Array(items),
            span: span_of(e.span()),
        })
        .boxed()
}

fn boolean<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    kw("true")
        .map(|s| lit(Literal::Bool(true), s))
        .or(kw("false").map(|s| lit(Literal::Bool(false), s)))
        .boxed()
}

/// Any constant.
pub(super) fn constant<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    let null = kw("null").map(|s| lit(Literal::Null, s));
    choice((
        null,
        boolean(),
        integer_or_timespan(),
        decimal(),
        string(),
        param(),
        array(),
    ))
    .labelled("constant")
    .boxed()
}
