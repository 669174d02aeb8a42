//! The tokens around a cursor in ES|QL text: the (dotted) word being typed, whether
//! the cursor is inside a string, and the letter case the query writes keywords in.

use crate::source::Span;
use crate::syntax::esql::lexer::{Token, lex};

/// The tokens of `text` that end at or before `offset`.
pub fn tokens_before(text: &str, offset: usize) -> Vec<(Token<'_>, Span)> {
    let (tokens, _) = lex(text);
    tokens
        .into_iter()
        .take_while(|(_, s)| (s.end as usize) <= offset)
        .collect()
}

/// How many of the last `tokens` make the word being typed at `offset`: a name such
/// as `user.na`, `user.` or `@timestamp` written right up to the cursor (0 when none).
pub fn typed_word_len(tokens: &[(Token<'_>, Span)], offset: usize) -> usize {
    let mut n = 0;
    let mut end = offset;
    for (token, span) in tokens.iter().rev() {
        let fits = span.end as usize == end
            && match token {
                Token::Ident(_) => n == 0 || matches!(tokens[tokens.len() - n].0, Token::Dot),
                Token::Dot => n == 0 || matches!(tokens[tokens.len() - n].0, Token::Ident(_)),
                _ => false,
            };
        if !fits {
            break;
        }
        n += 1;
        end = span.start as usize;
    }
    // A word starts with a name, not with a dot.
    while n > 0 && matches!(tokens[tokens.len() - n].0, Token::Dot) {
        n -= 1;
    }
    n
}

/// Whether `offset` lies inside a string literal (or after an unterminated one on its line).
pub fn in_string(text: &str, offset: usize) -> bool {
    let (tokens, _) = lex(text);
    tokens.iter().any(|(t, s)| {
        let (start, end) = (s.start as usize, s.end as usize);
        match t {
            Token::String(_) => start < offset && offset < end,
            Token::UnterminatedString(_) => start < offset && offset <= end,
            _ => false,
        }
    })
}

/// The letter case a query writes its words in, so offered words match it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    Upper,
    Lower,
}

impl Case {
    /// `word` in this case.
    pub fn apply(self, word: &str) -> String {
        match self {
            Case::Upper => word.to_ascii_uppercase(),
            Case::Lower => word.to_ascii_lowercase(),
        }
    }
}

/// The case of the query's first word (`from` → lower); upper (as the ES|QL docs
/// write keywords) for an empty query or a mixed-case word.
pub fn keyword_case(text: &str) -> Case {
    let (tokens, _) = lex(text);
    let first = tokens.iter().find_map(|(t, _)| match t {
        Token::Ident(w) => Some(*w),
        _ => None,
    });
    case_of(first)
}

/// The case of the query's first function call; the keywords' case when it has none.
pub fn function_case(text: &str) -> Case {
    let (tokens, _) = lex(text);
    let call = tokens.windows(2).find_map(|w| match (w[0].0, w[1].0) {
        (Token::Ident(name), Token::LParen) => Some(name),
        _ => None,
    });
    match call {
        Some(name) => case_of(Some(name)),
        None => keyword_case(text),
    }
}

fn case_of(word: Option<&str>) -> Case {
    match word {
        Some(w)
            if w.chars().any(|c| c.is_ascii_lowercase())
                && !w.chars().any(|c| c.is_ascii_uppercase()) =>
        {
            Case::Lower
        }
        _ => Case::Upper,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> String {
        let tokens = tokens_before(text, text.len());
        let n = typed_word_len(&tokens, text.len());
        match n {
            0 => String::new(),
            n => text[tokens[tokens.len() - n].1.start as usize..].to_string(),
        }
    }

    #[test]
    fn the_typed_word_is_the_dotted_name_up_to_the_cursor() {
        assert_eq!(typed("FROM x | WHERE user.na"), "user.na");
        assert_eq!(typed("FROM x | WHERE user."), "user.");
        assert_eq!(typed("FROM x | WHERE @timestamp"), "@timestamp");
        assert_eq!(typed("FROM x | WHERE a "), "");
        assert_eq!(typed("FROM x | WHERE a == b.c"), "b.c");
        assert_eq!(typed("FROM x |"), "");
    }

    #[test]
    fn a_cursor_inside_a_string_is_found() {
        assert!(in_string("ROW a = \"x y\"", 10));
        assert!(!in_string("ROW a = \"x y\"", 13));
        assert!(in_string("ROW a = \"x y", 12));
    }

    #[test]
    fn offered_words_follow_the_query_case() {
        assert_eq!(keyword_case("from logs | where"), Case::Lower);
        assert_eq!(keyword_case("FROM logs"), Case::Upper);
        assert_eq!(keyword_case(""), Case::Upper);
        assert_eq!(function_case("FROM logs | STATS count(*)"), Case::Lower);
        assert_eq!(function_case("from logs"), Case::Lower);
    }
}
