//! Expressions, by ES|QL precedence (loosest first): `OR`, `AND`, `NOT`, predicates
//! (one comparison, `:`, `[NOT] LIKE/RLIKE`, `[NOT] IN (…)`, `IS [NOT] NULL`),
//! `+ -`, `* / %`, unary `- +`, `::type` casts, primaries (constants, calls, fields, `(…)`).

use super::super::ast::{BinaryOp, Expr, ExprKind, Ident, MapExpr, StringLit, UnaryOp};
use super::super::lexer::Token;
use super::common::{is_reserved, kw, qualified_name, span_of, string_lit, unquote_ident};
use super::literal::constant;
use super::{P, PErr};
use crate::diagnostic::Code;
use crate::source::Span;
use chumsky::prelude::*;

/// The boolean expression parser (the full expression grammar).
pub(super) fn expression<'a, E: PErr<'a>>() -> P<'a, Expr, E> {
    recursive(|expr| {
        let expr: P<'a, Expr, E> = expr.boxed();
        let cast = cast(primary(expr.clone()));
        let unary = unary(cast);
        let multiplicative = left_assoc(
            unary,
            choice((
                just(Token::Star).to(BinaryOp::Mul),
                just(Token::Slash).to(BinaryOp::Div),
                just(Token::Percent).to(BinaryOp::Mod),
            ))
            .boxed(),
        );
        let additive = left_assoc(
            multiplicative,
            choice((
                just(Token::Plus).to(BinaryOp::Add),
                just(Token::Minus).to(BinaryOp::Sub),
            ))
            .boxed(),
        );
        let predicate = predicate(additive, expr);
        let not = kw("not")
            .repeated()
            .foldr(predicate, |span, operand| Expr {
                span: span.to(operand.span),
                kind: ExprKind::Not(Box::new(operand)),
            })
            .boxed();
        let and = left_assoc(not, kw("and").to(BinaryOp::And).boxed());
        left_assoc(and, kw("or").to(BinaryOp::Or).boxed()).labelled("expression")
    })
    .boxed()
}

fn binary(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
    Expr {
        span: lhs.span.to(rhs.span),
        kind: ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
    }
}

/// `operand (op operand)*`, folded to the left.
fn left_assoc<'a, E: PErr<'a>>(operand: P<'a, Expr, E>, op: P<'a, BinaryOp, E>) -> P<'a, Expr, E> {
    operand
        .clone()
        .foldl(op.then(operand).repeated(), |lhs, (op, rhs)| {
            binary(op, lhs, rhs)
        })
        .boxed()
}

/// Prefix `-` and `+`.
fn unary<'a, E: PErr<'a>>(operand: P<'a, Expr, E>) -> P<'a, Expr, E> {
    let sign = just(Token::Minus)
        .to(UnaryOp::Neg)
        .or(just(Token::Plus).to(UnaryOp::Plus))
        .map_with(|op, e| (op, span_of(e.span())));
    sign.repeated()
        .foldr(operand, |(op, span), operand| Expr {
            span: span.to(operand.span),
            kind: ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
        })
        .boxed()
}

/// A type name after `::` (`long`, `datetime`, …): any word.
fn type_name<'a, E: PErr<'a>>() -> P<'a, Ident, E> {
    select! { Token::Ident(w) = e => Ident { name: w.to_string(), span: span_of(e.span()) } }
        .labelled("type name")
        .boxed()
}

/// `primary (:: type)*`.
fn cast<'a, E: PErr<'a>>(primary: P<'a, Expr, E>) -> P<'a, Expr, E> {
    primary
        .foldl(
            just(Token::CastOp).ignore_then(type_name()).repeated(),
            |operand, ty| Expr {
                span: operand.span.to(ty.span),
                kind: ExprKind::Cast {
                    operand: Box::new(operand),
                    ty,
                },
            },
        )
        .boxed()
}

/// `{ "key": value, … }`; values are constants or nested maps.
pub(super) fn map_expr<'a, E: PErr<'a>>() -> P<'a, MapExpr, E> {
    recursive(|map| {
        let value = constant().or(map
            .map(|m: MapExpr| Expr {
                span: m.span,
                kind: ExprKind::Map(m),
            })
            .boxed());
        let entry = string_lit().then_ignore(just(Token::Colon)).then(value);
        entry
            .separated_by(just(Token::Comma))
            .allow_trailing()
            .collect::<Vec<(StringLit, Expr)>>()
            .delimited_by(just(Token::LBrace), just(Token::RBrace))
            .map_with(|entries, e| MapExpr {
                entries,
                span: span_of(e.span()),
            })
    })
    .labelled("`{`")
    .boxed()
}

/// One argument: an expression or a trailing `{…}` option map.
enum Arg {
    Expr(Expr),
    Map(MapExpr),
}

/// A function name: an unreserved word (or `FIRST`/`LAST`, aggregates in recent
/// versions) or a back-quoted name, then `(`.
fn function_name<'a, E: PErr<'a>>() -> P<'a, Ident, E> {
    select! {
        Token::Ident(w) = e if !is_reserved(w) || w.eq_ignore_ascii_case("first") || w.eq_ignore_ascii_case("last") => Ident { name: w.to_string(), span: span_of(e.span()) },
        Token::QuotedIdent(raw) = e => Ident { name: unquote_ident(raw), span: span_of(e.span()) },
    }
    .then_ignore(just(Token::LParen).rewind())
    .boxed()
}

/// `f()`, `f(*)`, `f(a, b)`, `f(a, {"option": 1})`.
fn call<'a, E: PErr<'a>>(expr: P<'a, Expr, E>) -> P<'a, Expr, E> {
    let star = just(Token::Star).map_with(|_, e| {
        vec![Arg::Expr(Expr {
            kind: ExprKind::Star,
            span: span_of(e.span()),
        })]
    });
    let arg = expr.map(Arg::Expr).or(map_expr().map(Arg::Map));
    let args = star
        .or(arg.separated_by(just(Token::Comma)).collect::<Vec<_>>())
        .delimited_by(just(Token::LParen), just(Token::RParen));
    function_name()
        .then(args)
        .validate(|(name, args), e, emitter| {
            let mut exprs = Vec::new();
            let mut options = None;
            let count = args.len();
            for (i, arg) in args.into_iter().enumerate() {
                match arg {
                    Arg::Expr(x) => exprs.push(x),
                    Arg::Map(m) if i + 1 == count => options = Some(m),
                    Arg::Map(m) => emitter.emit(E::coded(
                        Code::EsqlSyntaxError,
                        m.span,
                        "an option map `{…}` must be the last argument",
                        None,
                    )),
                }
            }
            Expr {
                kind: ExprKind::Call {
                    name,
                    args: exprs,
                    options,
                },
                span: span_of(e.span()),
            }
        })
        .boxed()
}

fn primary<'a, E: PErr<'a>>(expr: P<'a, Expr, E>) -> P<'a, Expr, E> {
    let paren = expr
        .clone()
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .map_with(|inner, e| Expr {
            kind: ExprKind::Paren(Box::new(inner)),
            span: span_of(e.span()),
        });
    let field = qualified_name().map(|name| Expr {
        span: name.span,
        kind: ExprKind::Field(name),
    });
    choice((constant(), call(expr), field, paren))
        .labelled("expression")
        .boxed()
}

/// What may follow the left operand of a predicate.
enum Tail {
    Compare(BinaryOp, Expr),
    Match(Expr),
    Like {
        patterns: Vec<Expr>,
        negated: bool,
        regex: bool,
        end: Span,
    },
    In {
        list: Vec<Expr>,
        negated: bool,
        end: Span,
    },
    IsNull {
        negated: bool,
        end: Span,
    },
}

/// `operand [tail]`: at most one comparison or predicate (ES|QL does not chain them).
fn predicate<'a, E: PErr<'a>>(operand: P<'a, Expr, E>, expr: P<'a, Expr, E>) -> P<'a, Expr, E> {
    let compare = choice((
        just(Token::EqEq).to(BinaryOp::Eq),
        just(Token::NotEq).to(BinaryOp::NotEq),
        just(Token::EqTilde).to(BinaryOp::EqIgnoreCase),
        just(Token::Le).to(BinaryOp::Le),
        just(Token::Ge).to(BinaryOp::Ge),
        just(Token::Lt).to(BinaryOp::Lt),
        just(Token::Gt).to(BinaryOp::Gt),
    ))
    .then(operand.clone())
    .map(|(op, rhs)| Tail::Compare(op, rhs));
    let matches = just(Token::Colon).ignore_then(constant()).map(Tail::Match);

    let negated = kw("not").or_not().map(|n| n.is_some());
    // A pattern is usually a string, but a foldable expression is accepted
    // (`x LIKE TO_LOWER("A*")`, csv-spec `likeConstantExpressionToLower`).
    // The list form takes constants only: its items are never re-parsed as expressions,
    // so nested `LIKE (… LIKE (…))` cannot make parsing exponential.
    let pattern = operand.clone();
    let pattern_list = constant()
        .separated_by(just(Token::Comma))
        .at_least(1)
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LParen), just(Token::RParen));
    let patterns = pattern
        .map(|p| vec![p])
        .or(pattern_list)
        .map_with(|patterns, e| (patterns, span_of(e.span())));
    let like = negated
        .clone()
        .then(kw("like").to(false).or(kw("rlike").to(true)))
        .then(patterns)
        .map(|((negated, regex), (patterns, end))| Tail::Like {
            patterns,
            negated,
            regex,
            end,
        });
    let in_list = negated
        .clone()
        .then_ignore(kw("in"))
        .then(
            expr.separated_by(just(Token::Comma))
                .at_least(1)
                .collect::<Vec<_>>()
                .delimited_by(just(Token::LParen), just(Token::RParen))
                .map_with(|list, e| (list, span_of(e.span()))),
        )
        .map(|(negated, (list, end))| Tail::In { list, negated, end });
    let is_null = kw("is")
        .ignore_then(kw("not").or_not())
        .then(kw("null"))
        .map(|(not, end)| Tail::IsNull {
            negated: not.is_some(),
            end,
        });

    let tail = choice((compare, matches, like, in_list, is_null));
    operand
        .then(tail.or_not())
        .map(|(lhs, tail)| match tail {
            None => lhs,
            Some(Tail::Compare(op, rhs)) => binary(op, lhs, rhs),
            Some(Tail::Match(query)) => Expr {
                span: lhs.span.to(query.span),
                kind: ExprKind::Match {
                    field: Box::new(lhs),
                    query: Box::new(query),
                },
            },
            Some(Tail::Like {
                patterns,
                negated,
                regex,
                end,
            }) => Expr {
                span: lhs.span.to(end),
                kind: ExprKind::Like {
                    operand: Box::new(lhs),
                    patterns,
                    negated,
                    regex,
                },
            },
            Some(Tail::In { list, negated, end }) => Expr {
                span: lhs.span.to(end),
                kind: ExprKind::In {
                    operand: Box::new(lhs),
                    list,
                    negated,
                },
            },
            Some(Tail::IsNull { negated, end }) => Expr {
                span: lhs.span.to(end),
                kind: ExprKind::IsNull {
                    operand: Box::new(lhs),
                    negated,
                },
            },
        })
        .boxed()
}
