//! KQL tokens as the layout sees them.

use super::token::{Class, Tok};
use crate::syntax::kql::lexer::{Token, lex};

/// The query's tokens with their layout classes (lexical errors are the caller's to
/// have refused: the lexer drops characters it cannot read).
pub fn tokens(text: &str) -> Vec<Tok> {
    let lexed = lex(text).0;
    let arrows = arrow_tokens(&lexed);
    (lexed.into_iter().zip(arrows))
        .map(|((token, span), arrow)| Tok {
            start: span.start as usize,
            end: span.end as usize,
            class: if arrow { Class::Other } else { class(token) },
            verbatim: arrow,
        })
        .collect()
}

/// Which tokens are pieces of a graph arrow: the `-->` of `make-graph` and the `-[e]->`,
/// `<--`, `--` of a `graph-match`/`graph-shortest-paths` pattern (up to its `where` or
/// `project`). Their blanks stay as written: `] - >` is not the arrow `]->`.
fn arrow_tokens(tokens: &[(Token<'_>, crate::source::Span)]) -> Vec<bool> {
    let mut arrows = vec![false; tokens.len()];
    let mut depth = 0usize;
    // The bracket depth of the graph operator whose arrows are being read.
    let mut region: Option<usize> = None;
    for (i, (token, _)) in tokens.iter().enumerate() {
        match token {
            Token::Ident("make-graph" | "graph-match" | "graph-shortest-paths") => {
                region = Some(depth);
            }
            Token::LParen | Token::LBracket | Token::LBrace => depth += 1,
            Token::RParen | Token::RBracket | Token::RBrace => {
                depth = depth.saturating_sub(1);
                region = region.filter(|&r| r <= depth);
            }
            Token::Pipe
            | Token::Semi
            | Token::Ident("where" | "project" | "with" | "with_node_id" | "partitioned-by")
                if region == Some(depth) =>
            {
                region = None;
            }
            Token::Minus | Token::Lt | Token::Gt => arrows[i] = region.is_some(),
            _ => {}
        }
    }
    arrows
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
