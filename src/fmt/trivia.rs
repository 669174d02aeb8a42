//! What lies between two tokens: blanks and comments. The lexers skip both, so the
//! formatter reads them back from the text between the tokens' spans.

use std::ops::Range;

/// One comment in a gap, with the line breaks written before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment's byte range in the query, trailing blanks excluded.
    pub range: Range<usize>,
    /// Line breaks between the previous token or comment and this comment.
    pub newlines_before: usize,
    /// A `//` comment, which runs to the end of its line (else a `/* … */` one).
    pub to_line_end: bool,
    /// Whether the comment itself spans several lines (a `/* … */` one).
    pub multiline: bool,
}

/// The trivia between two tokens (or before the first, or after the last).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gap {
    pub comments: Vec<Comment>,
    /// Line breaks after the last comment (in the whole gap when it has none).
    pub newlines_after: usize,
    /// Whether the gap is empty: the tokens touch.
    pub empty: bool,
}

/// Blanks the KQL and ES|QL lexers skip (`char::is_whitespace` plus the BOM and the
/// zero-width space, which KQL's lexer also skips).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
}

/// Reads the gap `text[range]`; `None` when it holds anything but blanks and comments
/// (`block_comments`: whether `/* … */` is a comment in this language).
pub fn read_gap(text: &str, range: Range<usize>, block_comments: bool) -> Option<Gap> {
    let gap_text = text.get(range.clone())?;
    let mut gap = Gap {
        empty: gap_text.is_empty(),
        ..Gap::default()
    };
    let mut newlines = 0;
    let mut at = 0;
    while at < gap_text.len() {
        let rest = &gap_text[at..];
        if rest.starts_with("//") {
            let len = rest.find('\n').unwrap_or(rest.len());
            let body = rest[..len].trim_end_matches(is_blank);
            gap.comments
                .push(comment(range.start + at, body, newlines, true));
            newlines = 0;
            at += len;
        } else if block_comments && rest.starts_with("/*") {
            let len = rest[2..].find("*/")? + 4;
            gap.comments
                .push(comment(range.start + at, &rest[..len], newlines, false));
            newlines = 0;
            at += len;
        } else {
            let c = rest.chars().next()?;
            if !is_blank(c) {
                return None;
            }
            newlines += usize::from(c == '\n');
            at += c.len_utf8();
        }
    }
    gap.newlines_after = newlines;
    Some(gap)
}

fn comment(start: usize, body: &str, newlines_before: usize, to_line_end: bool) -> Comment {
    Comment {
        range: start..start + body.len(),
        newlines_before,
        to_line_end,
        multiline: body.contains('\n'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_of_blanks_counts_its_line_breaks() {
        let gap = read_gap("a \n\n b", 1..5, false).unwrap();
        assert_eq!(gap.newlines_after, 2);
        assert!(gap.comments.is_empty());
        assert!(!gap.empty);
    }

    #[test]
    fn line_comments_keep_their_text_without_trailing_blanks() {
        let text = "a // one  \n  // two\nb";
        let gap = read_gap(text, 1..text.len() - 1, false).unwrap();
        assert_eq!(gap.comments.len(), 2);
        assert_eq!(&text[gap.comments[0].range.clone()], "// one");
        assert_eq!(gap.comments[0].newlines_before, 0);
        assert_eq!(gap.comments[1].newlines_before, 1);
        assert_eq!(gap.newlines_after, 1);
    }

    #[test]
    fn block_comments_only_where_the_language_has_them() {
        let text = "a /* x\ny */ b";
        let gap = read_gap(text, 1..text.len() - 1, true).unwrap();
        assert!(gap.comments[0].multiline);
        assert_eq!(read_gap(text, 1..text.len() - 1, false), None);
    }
}
