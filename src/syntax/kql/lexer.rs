//! The KQL lexer (logos): text → `(Token, Span)` pairs plus lexical diagnostics.
//!
//! Every word, keyword or not, is an [`Token::Ident`]: KQL keywords are contextual
//! (`count`, `kind`, `on` are valid column names), so the parser matches them by text.
//! Literals keep their raw text; the parser decodes them (see `parser/literal.rs`).

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::common::lexer::{invalid_character, token_enum};
use logos::Logos;

token_enum! {
    /// One KQL token. Literal variants hold the raw source text, quotes included.
    #[derive(Logos, Clone, Copy, Debug, PartialEq, Eq, Hash)]
    #[logos(skip r"[ \t\r\n\f\u{feff}\u{a0}\u{2000}-\u{200b}\u{202f}\u{205f}\u{3000}]+")]
    #[logos(skip(r"//[^\n]*", allow_greedy = true))]
    pub enum Token<'s> {
        /// A word: name or keyword, `$left`/`$right`, or a hyphenated operator name.
        #[regex(r"[A-Za-z_][A-Za-z0-9_]*", |lex| lex.slice())]
        #[regex(r"\$[A-Za-z_][A-Za-z0-9_]*", |lex| lex.slice())]
        /// Kusto names may start with digits when a letter follows (`2022MostExploited`);
        /// a number or timespan of the same length wins (`1h`, `0x1F`, `1e5`).
        #[regex(r"[0-9]+[A-Za-z_][A-Za-z0-9_]*", |lex| lex.slice(), priority = 1)]
        #[regex(
            r"project-away|project-smart|project-keep|project-by-names|project-rename|project-reorder|mv-expand|mv-apply|make-series|parse-where|parse-kv|top-nested|top-hitters|sample-distinct|make-graph|graph-match|graph-shortest-paths|graph-to-table|graph-mark-components|partitioned-by",
            |lex| lex.slice(),
            priority = 20
        )]
        Ident(&'s str),

        /// `'…'` or `"…"` with backslash escapes.
        #[regex(r#"'([^'\\\n]|\\[^\n])*'"#, |lex| lex.slice())]
        #[regex(r#""([^"\\\n]|\\[^\n])*""#, |lex| lex.slice())]
        /// Verbatim `@'…'`/`@"…"`: no escapes, a doubled quote is one quote.
        #[regex(r#"@'([^'\n]|'')*'"#, |lex| lex.slice())]
        #[regex(r#"@"([^"\n]|"")*""#, |lex| lex.slice())]
        /// Obfuscated `h'…'`, `H"…"`, `h@'…'`: plain strings hidden from logs.
        #[regex(r#"[hH]'([^'\\\n]|\\[^\n])*'"#, |lex| lex.slice())]
        #[regex(r#"[hH]"([^"\\\n]|\\[^\n])*""#, |lex| lex.slice())]
        #[regex(r#"[hH]@'([^'\n]|'')*'"#, |lex| lex.slice())]
        #[regex(r#"[hH]@"([^"\n]|"")*""#, |lex| lex.slice())]
        /// Multi-line ```` ```…``` ````.
        #[token("```", multiline_string)]
        String(&'s str),

        /// A string whose closing quote is missing (reported, then parsed as a string).
        #[regex(r#"[hH]?'([^'\\\n]|\\[^\n])*"#, |lex| lex.slice())]
        #[regex(r#"[hH]?"([^"\\\n]|\\[^\n])*"#, |lex| lex.slice())]
        #[regex(r#"[hH]?@'([^'\n]|'')*"#, |lex| lex.slice())]
        #[regex(r#"[hH]?@"([^"\n]|"")*"#, |lex| lex.slice())]
        UnterminatedString(&'s str),

        /// An integer: decimal or `0x` hex.
        #[regex(r"[0-9]+", |lex| lex.slice())]
        #[regex(r"0[xX][0-9a-fA-F]+", |lex| lex.slice())]
        Int(&'s str),

        /// A real: `1.5`, `1e-3`, `2.5E+10`.
        #[regex(r"[0-9]+\.[0-9]+([eE][+-]?[0-9]+)?", |lex| lex.slice())]
        #[regex(r"[0-9]+[eE][+-]?[0-9]+", |lex| lex.slice())]
        /// `1000.`: a real with no fraction digits (`1..5` is split back in [`lex`]).
        #[regex(r"[0-9]+\.", |lex| lex.slice())]
        Real(&'s str),

        /// A timespan literal such as `1h`, `10m`, `1.5s`, `100ms`, `7days`.
        #[regex(
            r"[0-9]+(\.[0-9]+)?(d|day|days|h|hr|hrs|hour|hours|m|min|minute|minutes|s|sec|second|seconds|ms|milli|millis|millisecond|milliseconds|microsecond|microseconds|tick|ticks)",
            |lex| lex.slice()
        )]
        TimeSpan(&'s str),

        /// `datetime(…)`, `timespan(…)`, `time(…)`, `guid(…)` with their raw content,
        /// which does not tokenise (`datetime(2021-01-01 10:00)`).
        #[regex(r"(datetime|timespan|time|guid)[ \t]*\([^)\n]*\)", |lex| lex.slice())]
        RawLiteral(&'s str),
    }
    punctuation {
        EqEq = "==",
        NotEq = "!=",
        LtGt = "<>",
        EqTilde = "=~",
        NotTilde = "!~",
        Lt = "<",
        Le = "<=",
        Gt = ">",
        Ge = ">=",
        Plus = "+",
        Minus = "-",
        Star = "*",
        Slash = "/",
        Percent = "%",
        Assign = "=",
        FatArrow = "=>",
        DotDot = "..",
        Dot = ".",
        Comma = ",",
        Semi = ";",
        Colon = ":",
        Pipe = "|",
        LParen = "(",
        RParen = ")",
        LBracket = "[",
        RBracket = "]",
        LBrace = "{",
        RBrace = "}",
        Bang = "!",
        Tilde = "~",
        At = "@",
        Question = "?",
    }
}

/// Consumes a multi-line string after its opening ```` ``` ````; `false` when unclosed.
fn multiline_string<'s>(lex: &mut logos::Lexer<'s, Token<'s>>) -> logos::FilterResult<&'s str, ()> {
    match lex.remainder().find("```") {
        Some(end) => {
            lex.bump(end + 3);
            logos::FilterResult::Emit(lex.slice())
        }
        None => logos::FilterResult::Error(()),
    }
}

impl Token<'_> {
    /// How the token reads in a message: `identifier \`x\``, `` `|` ``, `string literal`.
    pub fn describe(&self) -> String {
        match self {
            Token::Ident(s) => format!("`{s}`"),
            Token::String(_) | Token::UnterminatedString(_) => "string literal".to_string(),
            Token::Int(s) | Token::Real(s) => format!("number `{s}`"),
            Token::TimeSpan(s) => format!("timespan `{s}`"),
            Token::RawLiteral(s) => format!("literal `{s}`"),
            other => format!("`{}`", other.punct_text()),
        }
    }
}

/// Lexes a whole query. Unterminated strings are reported (at the opening quote) and
/// kept as string tokens; characters that start no token are reported and dropped.
pub fn lex(text: &str) -> (Vec<(Token<'_>, Span)>, Vec<Diagnostic>) {
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut diagnostics = Vec::new();
    let mut lexer = Token::lexer(text);
    while let Some(result) = lexer.next() {
        let span = Span::from(lexer.span());
        match result {
            Ok(Token::UnterminatedString(raw)) => {
                let quote_len = raw.find(['\'', '"']).map_or(1, |i| i + 1);
                diagnostics.push(
                    Diagnostic::new(Code::UnterminatedString, Span::new(span.start as usize, span.start as usize + quote_len), "unterminated string literal")
                        .with_label(span, "this string has no closing quote on its line")
                        .with_help("close the string with the same quote it starts with; use ``` … ``` for multi-line text"),
                );
                tokens.push((Token::UnterminatedString(raw), span));
            }
            Ok(Token::Dot) => push_dot(&mut tokens, span),
            Ok(token) => tokens.push((token, span)),
            Err(()) => diagnostics.push(invalid_token(text, span)),
        }
    }
    (tokens, diagnostics)
}

/// Pushes a `.`; after a real written `1.` it makes `1..`, i.e. `1` and `..`.
fn push_dot<'s>(tokens: &mut Vec<(Token<'s>, Span)>, span: Span) {
    if let Some((Token::Real(text), real_span)) = tokens.last().copied()
        && let Some(digits) = text.strip_suffix('.')
        && real_span.end == span.start
    {
        tokens.pop();
        tokens.push((
            Token::Int(digits),
            Span::new(real_span.start as usize, real_span.end as usize - 1),
        ));
        tokens.push((
            Token::DotDot,
            Span::new(real_span.end as usize - 1, span.end as usize),
        ));
        return;
    }
    tokens.push((Token::Dot, span));
}

/// The diagnostic for a character that cannot start a token (or an unclosed ```` ``` ````).
fn invalid_token(text: &str, span: Span) -> Diagnostic {
    let slice = text.get(span.range()).unwrap_or("");
    if slice.starts_with("```") {
        return Diagnostic::new(
            Code::UnterminatedString,
            Span::new(span.start as usize, span.start as usize + 3),
            "unterminated multi-line string",
        )
        .with_help("close the string with ```");
    }
    invalid_character(Code::InvalidToken, span, slice, "KQL")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Token<'_>> {
        lex(text).0.into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn keywords_are_identifiers_and_hyphenated_operators_are_one_token() {
        assert_eq!(
            kinds("project-away count"),
            vec![Token::Ident("project-away"), Token::Ident("count")]
        );
        assert_eq!(
            kinds("a-b"),
            vec![Token::Ident("a"), Token::Minus, Token::Ident("b")]
        );
    }

    #[test]
    fn timespans_numbers_and_raw_literals() {
        assert_eq!(
            kinds("1h 1.5s 100ms 1e-3 0x1F 7 datetime(2021-01-01 10:00) todatetime(x)"),
            vec![
                Token::TimeSpan("1h"),
                Token::TimeSpan("1.5s"),
                Token::TimeSpan("100ms"),
                Token::Real("1e-3"),
                Token::Int("0x1F"),
                Token::Int("7"),
                Token::RawLiteral("datetime(2021-01-01 10:00)"),
                Token::Ident("todatetime"),
                Token::LParen,
                Token::Ident("x"),
                Token::RParen,
            ]
        );
    }

    #[test]
    fn a_real_without_fraction_digits_does_not_eat_a_range() {
        assert_eq!(
            kinds("1000. 1..5"),
            vec![
                Token::Real("1000."),
                Token::Int("1"),
                Token::DotDot,
                Token::Int("5")
            ]
        );
    }

    #[test]
    fn strings_of_every_form() {
        assert_eq!(
            kinds(
                r#"'a\'b' @"c""d" h'x' ```m
l```"#
            ),
            vec![
                Token::String(r"'a\'b'"),
                Token::String(r#"@"c""d""#),
                Token::String("h'x'"),
                Token::String("```m\nl```")
            ]
        );
    }

    #[test]
    fn comments_are_skipped_and_spans_stay_right() {
        let (tokens, diags) = lex("a // note\n| b");
        assert!(diags.is_empty());
        assert_eq!(tokens[1], (Token::Pipe, Span::new(10, 11)));
    }

    #[test]
    fn unterminated_string_points_at_the_opening_quote() {
        let (tokens, diags) = lex("x == 'abc\n| y");
        assert_eq!(diags[0].code, Code::UnterminatedString);
        assert_eq!(diags[0].span, Span::new(5, 6));
        assert_eq!(tokens.last().map(|t| t.0), Some(Token::Ident("y")));
    }

    #[test]
    fn invalid_character_is_reported_and_skipped() {
        let (tokens, diags) = lex("a # b");
        assert_eq!(diags[0].code, Code::InvalidToken);
        assert_eq!(diags[0].span, Span::new(2, 3));
        assert_eq!(tokens.len(), 2);
    }
}
