//! ES|QL tokens as the layout sees them.
//!
//! ES|QL reads index patterns (`FROM logs-*`), enrich policies and lookup indices from
//! touching tokens, so inside `FROM`, `TS`, `METRICS`, `ENRICH` and `LOOKUP` commands
//! every blank is kept as present or absent.

use super::token::{Class, Tok};
use crate::syntax::esql::lexer::{Token, lex};

/// Commands whose tokens keep their blanks (they name indices and policies).
const VERBATIM_COMMANDS: &[&str] = &["from", "ts", "metrics", "enrich", "lookup"];

/// The query's tokens with their layout classes.
pub fn tokens(text: &str) -> Vec<Tok> {
    let mut verbatim = false;
    let mut command_start = true;
    let mut toks = Vec::new();
    for (token, span) in lex(text).0 {
        let class = class(token);
        toks.push(Tok {
            start: span.start as usize,
            end: span.end as usize,
            class,
            verbatim: verbatim && class != Class::Pipe,
        });
        if command_start {
            verbatim = matches!(token, Token::Ident(w)
                if VERBATIM_COMMANDS.iter().any(|c| w.eq_ignore_ascii_case(c)));
        }
        command_start = class == Class::Pipe;
        if command_start {
            verbatim = false;
        }
    }
    toks
}

fn class(token: Token<'_>) -> Class {
    match token {
        Token::Pipe => Class::Pipe,
        Token::LParen | Token::LBracket => Class::Open,
        Token::RParen | Token::RBracket => Class::Close,
        Token::LBrace => Class::OpenBrace,
        Token::RBrace => Class::CloseBrace,
        Token::Comma => Class::Comma,
        Token::EqEq
        | Token::NotEq
        | Token::EqTilde
        | Token::Lt
        | Token::Le
        | Token::Gt
        | Token::Ge => Class::Compare,
        Token::Plus | Token::Minus | Token::Slash | Token::Percent => Class::Arith,
        Token::Assign => Class::Assign,
        Token::Ident(word) => Class::Word {
            logical: word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or"),
        },
        Token::QuotedIdent(_) | Token::Param(_) => Class::Word { logical: false },
        Token::String(_) | Token::UnterminatedString(_) | Token::Int(_) | Token::Decimal(_) => {
            Class::Literal
        }
        _ => Class::Other,
    }
}
