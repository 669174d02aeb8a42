//! Literals: strings (every quoting form), numbers, timespans, `datetime(…)`-style raw
//! literals, typed literals such as `int(null)` and `real(nan)`, and `dynamic(…)`.

use super::super::ast::{Expr, ExprKind, Literal};
use super::super::lexer::Token;
use super::common::{kw, span_of};
use super::{P, PErr};
use crate::diagnostic::Code;
use crate::source::Span;
use crate::value::time::{parse_datetime, parse_timespan, parse_timespan_literal};
use chumsky::prelude::*;
use serde_json::{Map, Number, Value as Json};

/// The text of a string token, quotes removed and escapes applied.
pub(crate) fn decode_string(raw: &str) -> String {
    if let Some(body) = raw.strip_prefix("```") {
        return body.strip_suffix("```").unwrap_or(body).to_string();
    }
    let raw = raw.strip_prefix(['h', 'H']).unwrap_or(raw);
    if let Some(verbatim) = raw.strip_prefix('@') {
        let Some(quote) = verbatim.chars().next() else {
            return String::new();
        };
        let body = &verbatim[1..];
        let body = body.strip_suffix(quote).unwrap_or(body);
        let doubled: String = [quote, quote].iter().collect();
        return body.replace(&doubled, &quote.to_string());
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
    unescape(body)
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

/// The first escape of a quoted (not verbatim, not multi-line) string token that Kusto
/// does not read, such as `\T` or `\.`: the C#-style escapes `\' \" \\ \a \b \f \n \r
/// \t \v`, octal digits, `\xHH`, `\uHHHH` and `\UHHHHHHHH` are the ones it reads.
fn invalid_escape(raw: &str) -> Option<String> {
    let raw = raw.strip_prefix(['h', 'H']).unwrap_or(raw);
    if raw.starts_with('@') || raw.starts_with("```") {
        return None;
    }
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        let after = &rest[at + 1..];
        let next = after.chars().next()?;
        let hex = |n: usize| {
            after[1..]
                .chars()
                .take(n)
                .filter(char::is_ascii_hexdigit)
                .count()
                == n
        };
        let valid = match next {
            '\'' | '"' | '\\' | 'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '0'..='7' => true,
            'x' => hex(2),
            'u' => hex(4),
            'U' => hex(8),
            _ => false,
        };
        if !valid {
            return Some(format!("\\{next}"));
        }
        rest = &after[next.len_utf8()..];
    }
    None
}

/// Applies backslash escapes; unknown escapes keep their backslash (regex text).
fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some(kind @ ('x' | 'U')) => {
                let digits = if kind == 'x' { 2 } else { 8 };
                let hex: String = chars.clone().take(digits).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) if hex.len() == digits => {
                        out.push(ch);
                        chars.nth(digits - 1);
                    }
                    _ => {
                        out.push('\\');
                        out.push(kind);
                    }
                }
            }
            Some(c @ ('\\' | '\'' | '"')) => out.push(c),
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) if hex.len() == 4 => {
                        out.push(ch);
                        chars.nth(3);
                    }
                    _ => out.push_str("\\u"),
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn lit(literal: Literal, span: Span) -> Expr {
    Expr {
        kind: ExprKind::Literal(literal),
        span,
    }
}

/// Reads an integer token (decimal or hex).
fn parse_int(text: &str) -> Option<i64> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16)
            .ok()
            .or_else(|| u64::from_str_radix(hex, 16).ok().map(|u| u as i64)),
        None => text.parse().ok(),
    }
}

type Emitter<E> = chumsky::input::Emitter<E>;

fn invalid<'a, E: PErr<'a>>(emitter: &mut Emitter<E>, span: Span, message: String, help: &str) {
    coded(emitter, Code::InvalidLiteral, span, message, help);
}

/// `datetime(…)`, `timespan(…)`, `guid(…)` content kqlc cannot read: Kusto's parser
/// takes any text there (its analyzer too), so this is a warning and the value null.
fn unreadable<'a, E: PErr<'a>>(emitter: &mut Emitter<E>, span: Span, message: String, help: &str) {
    coded(emitter, Code::UnreadableLiteral, span, message, help);
}

fn coded<'a, E: PErr<'a>>(
    emitter: &mut Emitter<E>,
    code: Code,
    span: Span,
    message: String,
    help: &str,
) {
    emitter.emit(E::coded(code, span, message, Some(help.to_string())));
}

/// A literal token: strings (adjacent strings concatenate), numbers, timespans,
/// `true`/`false`, raw `datetime(…)`/`timespan(…)`/`guid(…)`.
pub(super) fn literal<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    let string = select! { Token::String(raw) => raw, Token::UnterminatedString(raw) => raw }
        .repeated()
        .at_least(1)
        .collect::<Vec<_>>()
        .validate(|raws, e, emitter| {
            let span = span_of(e.span());
            if let Some(escape) = raws.iter().find_map(|r| invalid_escape(r)) {
                invalid(
                    emitter,
                    span,
                    format!("`{escape}` is not an escape sequence"),
                    "escapes are \\\\, \\', \\\", \\t, \\n, \\r, \\uXXXX…; for a backslash in a path or regex write \\\\ or use a verbatim string @'…'",
                );
            }
            lit(
                Literal::String(raws.iter().map(|r| decode_string(r)).collect()),
                span,
            )
        });
    let number = select! { Token::Int(t) => (t, false), Token::Real(t) => (t, true) }.validate(
        |(text, real), e, emitter| {
            let span = span_of(e.span());
            if !real && let Some(n) = parse_int(text) {
                return lit(Literal::Long(Some(n)), span);
            }
            match text.parse::<f64>() {
                Ok(x) if real => lit(Literal::Real(Some(x)), span),
                Ok(x) => {
                    invalid(
                        emitter,
                        span,
                        format!("the integer `{text}` does not fit in a long"),
                        "write it as a real (`1e20`) or check the digits",
                    );
                    lit(Literal::Real(Some(x)), span)
                }
                Err(_) => {
                    invalid(
                        emitter,
                        span,
                        format!("invalid number `{text}`"),
                        "numbers are like `42`, `1.5`, `1e-3`, `0x1F`",
                    );
                    lit(Literal::Real(None), span)
                }
            }
        },
    );
    let timespan = select! { Token::TimeSpan(t) => t }.validate(|text, e, emitter| {
        let span = span_of(e.span());
        let ticks = parse_timespan_literal(text);
        if ticks.is_none() {
            invalid(
                emitter,
                span,
                format!("invalid timespan `{text}`"),
                "timespans are like `1d`, `2h`, `30m`, `10s`, `100ms`",
            );
        }
        lit(Literal::TimeSpan(ticks), span)
    });
    let boolean = select! { Token::Ident(w) = e if w.eq_ignore_ascii_case("true") || w.eq_ignore_ascii_case("false") => lit(Literal::Bool(Some(w.eq_ignore_ascii_case("true"))), span_of(e.span())) };
    let raw = select! { Token::RawLiteral(t) => t }
        .validate(|text, e, emitter| raw_literal(text, span_of(e.span()), emitter));
    choice((string, number, timespan, boolean, raw))
        .labelled("literal")
        .boxed()
}

/// Splits `datetime( 2021-01-01 )` into `("datetime", "2021-01-01")`, unquoting.
fn split_raw(text: &str) -> (&str, String) {
    let open = text.find('(').unwrap_or(text.len());
    let kind = text[..open].trim_end();
    let inner = text
        .get(open + 1..text.len().saturating_sub(1))
        .unwrap_or("")
        .trim();
    let content = if inner.len() >= 2
        && (inner.starts_with(['\'', '"'])
            || inner.starts_with('@')
            || inner.starts_with(['h', 'H']))
        && inner.ends_with(['\'', '"'])
    {
        decode_string(inner)
    } else {
        inner.to_string()
    };
    (kind, content)
}

fn raw_literal<'a, E: PErr<'a>>(text: &str, span: Span, emitter: &mut Emitter<E>) -> Expr {
    let (kind, content) = split_raw(text);
    // `datetime()` (documented) and `datetime(now)` (seen in Sentinel rules) are the
    // current time: the same as `now()`.
    if kind == "datetime" && (content.is_empty() || content == "now") {
        let name = super::super::ast::Ident {
            name: "now".to_string(),
            span,
        };
        return Expr {
            kind: ExprKind::Call {
                name,
                args: Vec::new(),
            },
            span,
        };
    }
    let is_null = content.is_empty() || content == "null";
    // `datetime("Insert date")`: a quoted text that is no date is not a syntax error
    // to Kusto; it reads as the conversion `todatetime(text)`, which is null.
    let quoted = text.trim_end_matches(')').trim_end().ends_with(['\'', '"']);
    if kind == "datetime" && quoted && !is_null && parse_datetime(&content).is_none() {
        let name = super::super::ast::Ident {
            name: "todatetime".to_string(),
            span,
        };
        let arg = lit(Literal::String(content), span);
        return Expr {
            kind: ExprKind::Call {
                name,
                args: vec![super::super::ast::Arg {
                    name: None,
                    value: arg,
                    span,
                }],
            },
            span,
        };
    }
    let literal = match kind {
        "datetime" => {
            let ticks = if is_null {
                None
            } else {
                parse_datetime(&content)
            };
            if ticks.is_none() && !is_null {
                unreadable(
                    emitter,
                    span,
                    format!("kqlc cannot read the datetime `{content}`: its value is null here"),
                    "datetimes are like `datetime(2024-01-31)` or `datetime(2024-01-31 13:45:00)`",
                );
            }
            Literal::DateTime(ticks)
        }
        "guid" => {
            if !is_null && !is_guid(&content) {
                unreadable(
                    emitter,
                    span,
                    format!("kqlc cannot read the guid `{content}`: its value is null here"),
                    "guids are like `guid(74be27de-1e4e-49d9-b579-fe0b331d3642)`",
                );
            }
            Literal::Guid((!is_null).then_some(content))
        }
        _ => {
            let ticks = if is_null {
                None
            } else {
                parse_timespan(&content)
            };
            if ticks.is_none() && !is_null {
                unreadable(
                    emitter,
                    span,
                    format!("kqlc cannot read the timespan `{content}`: its value is null here"),
                    "timespans are like `timespan(1d)` or `timespan(1.02:03:04)`",
                );
            }
            Literal::TimeSpan(ticks)
        }
    };
    lit(literal, span)
}

fn is_guid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    parts.len() == 5
        && parts
            .iter()
            .zip(lengths)
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The value inside a typed literal such as `int(null)`, `real(-1.5)`, `bool(true)`.
#[derive(Clone, Copy)]
enum TypedContent<'a> {
    Null,
    Number { negative: bool, text: &'a str },
    Word(&'a str),
}

/// `int(…)`, `long(…)`, `real(…)`, `double(…)`, `decimal(…)`, `bool(…)`, `boolean(…)`
/// of a constant: typed literals. Anything else falls back to a call.
pub(super) fn typed_literal<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    let type_word = select! { Token::Ident(w) if ["int", "long", "real", "double", "decimal", "bool", "boolean"].contains(&w) => w };
    let sign = just(Token::Minus)
        .to(true)
        .or(just(Token::Plus).to(false))
        .or_not()
        .map(|s| s.unwrap_or(false));
    let number = sign
        .then(select! { Token::Int(t) => t, Token::Real(t) => t })
        .map(|(negative, text)| TypedContent::Number { negative, text });
    let word = sign
        .then(select! { Token::Ident(w) => w })
        .map(|(negative, w)| {
            if w == "null" {
                TypedContent::Null
            } else if negative {
                TypedContent::Word("-inf")
            } else {
                TypedContent::Word(w)
            }
        });
    let content = number.or(word);
    type_word
        .then(content.delimited_by(just(Token::LParen), just(Token::RParen)))
        .try_map(|(ty, content), span| {
            typed_value(ty, content)
                .map(|l| lit(l, span_of(span)))
                .ok_or_else(|| E::plain(span, "not a typed literal"))
        })
        .boxed()
}

fn typed_value(ty: &str, content: TypedContent<'_>) -> Option<Literal> {
    let real = |c: TypedContent<'_>| -> Option<Option<f64>> {
        match c {
            TypedContent::Null => Some(None),
            TypedContent::Number { negative, text } => {
                let x = parse_int(text)
                    .map(|n| n as f64)
                    .or_else(|| text.parse::<f64>().ok())?;
                Some(Some(if negative { -x } else { x }))
            }
            TypedContent::Word(w) => match w.to_ascii_lowercase().as_str() {
                "nan" => Some(Some(f64::NAN)),
                "inf" | "+inf" => Some(Some(f64::INFINITY)),
                "-inf" => Some(Some(f64::NEG_INFINITY)),
                _ => None,
            },
        }
    };
    let int = |c: TypedContent<'_>| -> Option<Option<i64>> {
        match c {
            TypedContent::Null => Some(None),
            TypedContent::Number { negative, text } => {
                parse_int(text).map(|n| Some(if negative { -n } else { n }))
            }
            TypedContent::Word(_) => None,
        }
    };
    Some(match ty {
        "int" => Literal::Int(int(content)?),
        "long" => Literal::Long(int(content)?),
        "real" | "double" => Literal::Real(real(content)?),
        "decimal" => Literal::Decimal(real(content)?),
        _ => match content {
            TypedContent::Null => Literal::Bool(None),
            TypedContent::Word(w) if w.eq_ignore_ascii_case("true") => Literal::Bool(Some(true)),
            TypedContent::Word(w) if w.eq_ignore_ascii_case("false") => Literal::Bool(Some(false)),
            TypedContent::Number {
                negative: false,
                text,
            } => Literal::Bool(Some(parse_int(text)? != 0)),
            _ => return None,
        },
    })
}

/// `dynamic(…)` with JSON-like content → [`Literal::Dynamic`].
pub(super) fn dynamic<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    kw("dynamic")
        .ignore_then(
            json()
                .or_not()
                .delimited_by(just(Token::LParen), just(Token::RParen)),
        )
        .validate(|value, e, emitter| {
            let span = span_of(e.span());
            // `dynamic()` with nothing inside is a syntax error in Kusto.
            if value.is_none() {
                invalid(
                    emitter,
                    span,
                    "`dynamic()` needs a value".to_string(),
                    "write `dynamic(null)`, `dynamic([])` or `dynamic({})`",
                );
            }
            lit(Literal::Dynamic(value.unwrap_or(Json::Null)), span)
        })
        .boxed()
}

fn json_number(negative: bool, text: &str) -> Json {
    if let Some(n) = parse_int(text) {
        return Json::Number(Number::from(if negative { -n } else { n }));
    }
    let x = text.parse::<f64>().unwrap_or(f64::NAN);
    Number::from_f64(if negative { -x } else { x }).map_or(Json::Null, Json::Number)
}

/// JSON values as `dynamic` accepts them: either quote style, nested
/// `datetime(…)`/`timespan(…)` (kept as their text).
fn json<'a, E: PErr<'a>>() -> P<'a, Json, E> {
    recursive(|value| {
        let string = select! { Token::String(raw) => raw }
            .repeated()
            .at_least(1)
            .collect::<Vec<_>>()
            .map(|raws| Json::String(raws.iter().map(|r| decode_string(r)).collect()));
        let sign = just(Token::Minus).to(true).or(just(Token::Plus).to(false)).or_not().map(|s| s.unwrap_or(false));
        let number = sign.then(select! { Token::Int(t) => t, Token::Real(t) => t }).map(|(negative, text)| json_number(negative, text));
        // Kusto reads no other bare word as a JSON value: `dynamic([abc])` is an error.
        let word = select! {
            Token::Ident("true") => Json::Bool(true),
            Token::Ident("false") => Json::Bool(false),
            Token::Ident("null") => Json::Null,
        };
        let raw = select! { Token::RawLiteral(t) => Json::String(split_raw(t).1), Token::TimeSpan(t) => Json::String(t.to_string()) };
        // `dynamic({"a": dynamic([1])})`: a nested dynamic literal is its content.
        let nested = kw("dynamic")
            .ignore_then(value.clone().or_not().delimited_by(just(Token::LParen), just(Token::RParen)))
            .map(|v: Option<Json>| v.unwrap_or(Json::Null));
        let array = value
            .clone()
            .separated_by(just(Token::Comma))
            .collect::<Vec<Json>>()
            .delimited_by(just(Token::LBracket), just(Token::RBracket))
            .map(Json::Array);
        // Keys are quoted: Kusto rejects `dynamic({a: 1})`.
        let key = select! { Token::String(raw) => decode_string(raw) };
        let object = key
            .then_ignore(just(Token::Colon))
            .then(value)
            .separated_by(just(Token::Comma))
            .collect::<Vec<(String, Json)>>()
            .delimited_by(just(Token::LBrace), just(Token::RBrace))
            .map(|pairs| Json::Object(pairs.into_iter().collect::<Map<String, Json>>()));
        choice((string, number, nested, word, raw, array, object)).labelled("JSON value")
    })
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_decode_escapes_verbatim_and_obfuscated_forms() {
        assert_eq!(decode_string(r"'a\'b\\c\n'"), "a'b\\c\n");
        assert_eq!(decode_string(r#"@"C:\x""y""#), r#"C:\x"y"#);
        assert_eq!(decode_string("h'secret'"), "secret");
        assert_eq!(decode_string("H@'a''b'"), "a'b");
        assert_eq!(decode_string("```a\nb```"), "a\nb");
        assert_eq!(decode_string(r"'\d+'"), r"\d+");
    }

    #[test]
    fn raw_literal_content_is_unquoted() {
        assert_eq!(
            split_raw("datetime( '2021-01-01' )"),
            ("datetime", "2021-01-01".to_string())
        );
        assert_eq!(split_raw("timespan(1d)"), ("timespan", "1d".to_string()));
    }
}
