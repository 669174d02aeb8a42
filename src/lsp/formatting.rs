//! `textDocument/formatting` and `rangeFormatting`: `kqlc fmt`'s result for the open
//! document, sent as one edit over the lines that change.
//!
//! kqlc formats whole queries, so a range request formats the query and answers with
//! the changed lines only when they meet the range (else no edit).

use super::documents::{Document, uri_path};
use crate::fmt::FmtOptions;
use crate::fmt::rule_file::format_file;
use lsp_types::{Position, Range, TextEdit};

/// The edits that format `doc` (restricted to `range` when given): empty when it is
/// formatted or the range misses every change, `None` when it cannot be formatted
/// (a syntax error, not a rule).
pub fn format_edits(doc: &Document, range: Option<Range>) -> Option<Vec<TextEdit>> {
    let formatted =
        format_file(&uri_path(&doc.uri), &doc.text, None, &FmtOptions::default()).ok()?;
    let Some(hunk) = changed_lines(&doc.text, &formatted) else {
        return Some(Vec::new());
    };
    let edit_range = Range::new(
        Position::new(hunk.old_lines.start as u32, 0),
        Position::new(hunk.old_lines.end as u32, 0),
    );
    if let Some(asked) = range
        && !(asked.start.line as usize
            <= hunk
                .old_lines
                .end
                .saturating_sub(1)
                .max(hunk.old_lines.start)
            && asked.end.line as usize >= hunk.old_lines.start)
    {
        return Some(Vec::new());
    }
    Some(vec![TextEdit::new(edit_range, hunk.new_text)])
}

/// The lines that differ between two texts: old lines `old_lines` become `new_text`.
#[derive(Debug, PartialEq, Eq)]
struct Hunk {
    old_lines: std::ops::Range<usize>,
    new_text: String,
}

/// The one hunk between the common leading and trailing lines; `None` when equal.
fn changed_lines(old: &str, new: &str) -> Option<Hunk> {
    if old == new {
        return None;
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let prefix = old_lines
        .iter()
        .zip(&new_lines)
        .take_while(|(a, b)| a == b)
        .count();
    let max_suffix = old_lines.len().min(new_lines.len()) - prefix;
    let suffix = old_lines
        .iter()
        .rev()
        .zip(new_lines.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    Some(Hunk {
        old_lines: prefix..old_lines.len() - suffix,
        new_text: new_lines[prefix..new_lines.len() - suffix].concat(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hunk_spans_only_the_lines_that_change() {
        let hunk = changed_lines("a\nT|take 1\nz\n", "a\nT\n| take 1\nz\n").unwrap();
        assert_eq!(hunk.old_lines, 1..2);
        assert_eq!(hunk.new_text, "T\n| take 1\n");
        assert_eq!(changed_lines("same\n", "same\n"), None);
    }
}
