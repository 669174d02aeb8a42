//! Scalar expressions with Kusto's precedence, weakest first: `or`; `and`; comparison
//! and string operators (`==`, `has`, `in`, `between`, …); `+ -`; `* / %`; unary
//! `- +`; postfix `.name`, `[index]`; atoms (literals, calls, names, `(…)`).
//!
//! Nested expressions (arguments, parentheses, `in` lists, bounds) go through the
//! tabular `pipe` parser, since Kusto lets a tabular expression appear there.

use super::super::ast::{Arg, BinaryOp, Expr, ExprKind, Ident, StringOp, StringOpKind, UnaryOp};
use super::super::lexer::Token;
use super::common::{function_name, ident, kw, name_expr, reference_name, span_of, type_name};
use super::literal::{dynamic, literal, typed_literal};
use super::{P, PErr};
use crate::diagnostic::Code;
use crate::source::Span;
use chumsky::prelude::*;

/// The scalar expression parser; `pipe` parses nested (possibly tabular) expressions.
pub(super) fn scalar<'a, E: PErr<'a>>(pipe: P<'a, Expr, E>) -> P<'a, Expr, E> {
    let unary = unary(postfix(atom(pipe.clone()), pipe.clone()));
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
    let comparison = comparison(additive, pipe);
    let and = left_assoc(comparison, kw("and").to(BinaryOp::And).boxed());
    let or = left_assoc(and, kw("or").to(BinaryOp::Or).boxed());
    or.labelled("expression").boxed()
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

/// `f(a, name = b)` argument lists.
pub(super) fn call_args<'a, E: PErr<'a>>(pipe: P<'a, Expr, E>) -> P<'a, Vec<Arg>, E> {
    let arg = ident()
        .then_ignore(just(Token::Assign))
        .or_not()
        .then(pipe)
        .map_with(|(name, value), e| Arg {
            name,
            value,
            span: span_of(e.span()),
        });
    arg.separated_by(just(Token::Comma))
        .collect()
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .boxed()
}

fn atom<'a, E: PErr<'a>>(pipe: P<'a, Expr, E>) -> P<'a, Expr, E> {
    let type_of = kw("typeof")
        .ignore_then(type_name().delimited_by(just(Token::LParen), just(Token::RParen)))
        .map_with(|ty, e| Expr {
            kind: ExprKind::TypeOf(ty),
            span: span_of(e.span()),
        });
    let call = function_name()
        .then(call_args(pipe.clone()))
        .validate(|(name, args), _, emitter| {
            if let Some(piped) = unparenthesized_pipe(&name, &args) {
                emitter.emit(E::coded(
                    Code::SyntaxError,
                    piped,
                    format!("an argument of `{}` with `|` needs parentheses", name.name),
                    Some(format!(
                        "write {}((T | …)); only toscalar and materialize take T | … as it is",
                        name.name
                    )),
                ));
            }
            (name, args)
        })
        .map_with(|(name, args), e| Expr {
            kind: ExprKind::Call { name, args },
            span: span_of(e.span()),
        });
    let star = just(Token::Star).map_with(|_, e| Expr {
        kind: ExprKind::Star,
        span: span_of(e.span()),
    });
    let paren = pipe
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .map_with(|inner, e| Expr {
            kind: ExprKind::Paren(Box::new(inner)),
            span: span_of(e.span()),
        });
    // A word followed by `(` is a call or nothing: never a bare name.
    let plain_name = reference_name()
        .then_ignore(just(Token::LParen).not())
        .map(name_expr);
    choice((
        literal(),
        typed_literal(),
        dynamic(),
        type_of,
        call,
        plain_name,
        star,
        paren,
    ))
    .labelled("expression")
    .boxed()
}

/// The span of an argument written `T | op` without parentheses, where Kusto reads
/// only scalars: every call but `toscalar(…)` and `materialize(…)`.
fn unparenthesized_pipe(name: &Ident, args: &[Arg]) -> Option<Span> {
    if matches!(name.name.as_str(), "toscalar" | "materialize") {
        return None;
    }
    args.iter()
        .find(|arg| matches!(arg.value.kind, ExprKind::Pipe { .. }))
        .map(|arg| arg.value.span)
}

enum Postfix {
    Member(Ident),
    Index(Expr, Span),
}

/// `.name`, `.['name']` and `[index]` after an atom.
fn postfix<'a, E: PErr<'a>>(atom: P<'a, Expr, E>, pipe: P<'a, Expr, E>) -> P<'a, Expr, E> {
    let member = just(Token::Dot)
        .ignore_then(reference_name())
        .map(Postfix::Member);
    let index = pipe
        .delimited_by(just(Token::LBracket), just(Token::RBracket))
        .map_with(|index, e| Postfix::Index(index, span_of(e.span())));
    // `a.[0]` and `a.["#text"]`: an index written after a dot.
    let dotted_index = just(Token::Dot).ignore_then(index.clone());
    atom.foldl(
        choice((member, dotted_index, index)).repeated(),
        |target, op| match op {
            Postfix::Member(member) => Expr {
                span: target.span.to(member.span),
                kind: ExprKind::Member {
                    target: Box::new(target),
                    member,
                },
            },
            Postfix::Index(index, span) => Expr {
                span: target.span.to(span),
                kind: ExprKind::Index {
                    target: Box::new(target),
                    index: Box::new(index),
                },
            },
        },
    )
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

/// What follows the left operand at the comparison level.
enum Tail {
    Binary(BinaryOp, Expr),
    Between {
        low: Expr,
        high: Expr,
        negated: bool,
        end: Span,
    },
    In {
        list: Vec<Expr>,
        negated: bool,
        case_insensitive: bool,
        end: Span,
    },
}

/// The string operator a word names: `(kind, case_sensitive, negated)`; legacy
/// spellings such as `notcontains` included.
pub(super) fn string_op(word: &str) -> Option<(StringOpKind, bool, bool)> {
    use StringOpKind::*;
    Some(match word {
        "has" => (Has, false, false),
        "has_cs" => (Has, true, false),
        "hasprefix" => (HasPrefix, false, false),
        "hasprefix_cs" => (HasPrefix, true, false),
        "hassuffix" => (HasSuffix, false, false),
        "hassuffix_cs" => (HasSuffix, true, false),
        "has_any" => (HasAny, false, false),
        "has_all" => (HasAll, false, false),
        "contains" => (Contains, false, false),
        "contains_cs" | "containscs" => (Contains, true, false),
        "notcontains" => (Contains, false, true),
        "notcontainscs" => (Contains, true, true),
        "startswith" => (StartsWith, false, false),
        "startswith_cs" => (StartsWith, true, false),
        "endswith" => (EndsWith, false, false),
        "endswith_cs" => (EndsWith, true, false),
        _ => return None,
    })
}

/// `( item, … )` where items may be scalars, dynamic arrays or tabular expressions.
fn paren_list<'a, E: PErr<'a>>(pipe: P<'a, Expr, E>) -> P<'a, (Vec<Expr>, Span), E> {
    pipe.separated_by(just(Token::Comma))
        .at_least(1)
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .map_with(|list, e| (list, span_of(e.span())))
        .boxed()
}

fn comparison<'a, E: PErr<'a>>(operand: P<'a, Expr, E>, pipe: P<'a, Expr, E>) -> P<'a, Expr, E> {
    let symbol = choice((
        just(Token::EqEq).to(BinaryOp::Eq),
        just(Token::NotEq).to(BinaryOp::NotEq),
        just(Token::LtGt).to(BinaryOp::NotEq),
        just(Token::EqTilde).to(BinaryOp::EqTilde),
        just(Token::NotTilde).to(BinaryOp::NotEqTilde),
        just(Token::Le).to(BinaryOp::Le),
        just(Token::Ge).to(BinaryOp::Ge),
        just(Token::Lt).to(BinaryOp::Lt),
        just(Token::Gt).to(BinaryOp::Gt),
    ))
    .then(operand.clone())
    .map(|(op, rhs)| Tail::Binary(op, rhs));

    let bang = just(Token::Bang).or_not().map(|b| b.is_some());
    let string_word = bang
        .then(select! { Token::Ident(w) if string_op(w).is_some() => w })
        .map(|(bang, word)| {
            let (kind, case_sensitive, negated) =
                string_op(word).unwrap_or((StringOpKind::Has, false, false));
            StringOp {
                kind,
                case_sensitive,
                negated: negated != bang,
            }
        });
    let list = paren_list(pipe.clone()).map(|(items, span)| Expr {
        kind: ExprKind::List(items),
        span,
    });
    let is_list_op = |op: &StringOp| matches!(op.kind, StringOpKind::HasAny | StringOpKind::HasAll);
    // After `(` only the list is tried: retrying a failed list as an operand would
    // make nested failures exponential.
    let list_rhs = just(Token::LParen)
        .rewind()
        .ignore_then(list)
        .or(just(Token::LParen).not().ignore_then(operand.clone()));
    let list_string = string_word.filter(is_list_op).then(list_rhs);
    let other_string = string_word
        .filter(move |op| !is_list_op(op))
        .then(operand.clone());
    let string = list_string
        .or(other_string)
        .map(|(op, rhs)| Tail::Binary(BinaryOp::Str(op), rhs));
    let matches_regex = bang
        .then_ignore(kw("matches"))
        .then_ignore(kw("regex"))
        .then(operand.clone())
        .map(|(negated, rhs)| {
            Tail::Binary(
                BinaryOp::Str(StringOp {
                    kind: StringOpKind::MatchesRegex,
                    negated,
                    case_sensitive: true,
                }),
                rhs,
            )
        });
    let in_list = bang
        .then_ignore(kw("in"))
        .then(just(Token::Tilde).or_not())
        .then(paren_list(pipe.clone()))
        .map(|((negated, tilde), (list, end))| Tail::In {
            list,
            negated,
            case_insensitive: tilde.is_some(),
            end,
        });
    let between = bang
        .then_ignore(kw("between"))
        .then(
            just(Token::LParen)
                .ignore_then(pipe.clone())
                .then_ignore(just(Token::DotDot))
                .then(pipe)
                .then(just(Token::RParen).map_with(|_, e| span_of(e.span()))),
        )
        .map(|(negated, ((low, high), end))| Tail::Between {
            low,
            high,
            negated,
            end,
        });

    let tail = choice((symbol, in_list, between, matches_regex, string));
    operand
        .foldl(tail.repeated(), |lhs, tail| match tail {
            Tail::Binary(op, rhs) => binary(op, lhs, rhs),
            Tail::Between {
                low,
                high,
                negated,
                end,
            } => Expr {
                span: lhs.span.to(end),
                kind: ExprKind::Between {
                    operand: Box::new(lhs),
                    low: Box::new(low),
                    high: Box::new(high),
                    negated,
                },
            },
            Tail::In {
                list,
                negated,
                case_insensitive,
                end,
            } => Expr {
                span: lhs.span.to(end),
                kind: ExprKind::In {
                    operand: Box::new(lhs),
                    list,
                    negated,
                    case_insensitive,
                },
            },
        })
        .boxed()
}
