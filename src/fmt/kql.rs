//! KQL tokens as the layout sees them.

use super::token::{Class, Tok};
use crate::syntax::kql::lexer::{Token, lex};

/// The query's tokens with their layout classes (lexical errors are the caller's to
/// have refused: the lexer drops characters it cannot read).
pub fn tokens(text: &str) -> Vec<Tok> {
    lex(text)
        .0
        .into_iter()
        .map(|(token, span)| Tok {
            start: span.start as usize,
            end: span.end as usize,
            class: class(token),
            verbatim: false,
        })
        .collect()
}

fn class(token: Token<'_>) -> Class {
    match token {
        Token::Pipe => Class::Pipe,
        Token::Semi => Class::Semi,
        Token::LParen | Token::LBracket => Class::Open,
        Token::RParen | Token::RBracket => Class::Close,
        Token::LBrace => Class::OpenBrace,
        Token::RBrace => Class::CloseBrace,
        Token::Comma => Class::Comma,
        Token::EqEq
        | Token::NotEq
        | Token::LtGt
        | Token::EqTilde
        | Token::NotTilde
        | Token::Lt
        | Token::Le
        | Token::Gt
        | Token::Ge => Class::Compare,
        Token::Plus | Token::Minus | Token::Slash | Token::Percent => Class::Arith,
        Token::Assign => Class::Assign,
        Token::Ident(word) => Class::Word {
            logical: word == "and" || word == "or",
        },
        Token::String(_)
        | Token::UnterminatedString(_)
        | Token::Int(_)
        | Token::Real(_)
        | Token::TimeSpan(_)
        | Token::RawLiteral(_) => Class::Literal,
        _ => Class::Other,
    }
}
