//! Building the [`SourceMap`] from a query taken out of a YAML scalar back to the file.
//!
//! A literal block scalar (`query: |`) maps exactly: each query line is the tail of one
//! file line (the indentation removed). Other styles (folded `>`, quoted, plain
//! multi-line) are aligned character by character, skipping the file's indentation,
//! line breaks, quotes and escapes; an escape that changes the text (`\n`, `\u0041`)
//! maps to where the escape is written, so positions there are approximate.

use crate::source::SourceMap;

/// How far past an unmatched character the aligner looks for it among non-blank characters.
const MAX_SKIPPED: usize = 6;

/// The exact map of a literal block scalar whose first content line starts at `content_start`,
/// or `None` when some query line is not the tail of its file line (tabs, unusual input).
pub fn literal_block(file: &str, content_start: usize, query: &str) -> Option<SourceMap> {
    let mut segments = Vec::new();
    let mut line_start = content_start;
    let mut query_offset = 0;
    for query_line in query.split_inclusive('\n') {
        let content = query_line.strip_suffix('\n').unwrap_or(query_line);
        let rest = file.get(line_start..)?;
        let line_len = rest.find('\n').unwrap_or(rest.len());
        let line = rest[..line_len]
            .strip_suffix('\r')
            .unwrap_or(&rest[..line_len]);
        if !line.ends_with(content) {
            return None;
        }
        segments.push((query_offset, line_start + line.len() - content.len()));
        query_offset += query_line.len();
        line_start += line_len + 1;
    }
    Some(SourceMap::from_segments(segments))
}

/// An approximate map of a scalar written in `file[start..end]` whose value is `query`.
pub fn aligned(file: &str, start: usize, end: usize, query: &str) -> SourceMap {
    let end = end.clamp(start.min(file.len()), file.len());
    let mut segments = Vec::new();
    let mut cursor = start.min(end);
    let mut predicted = None;
    for (query_offset, ch) in query.char_indices() {
        let found = find_near(file, cursor, end, ch);
        let target = found.unwrap_or(cursor);
        if predicted != Some(target) {
            segments.push((query_offset, target));
        }
        predicted = Some(target + ch.len_utf8());
        cursor = match found {
            Some(at) => at + ch.len_utf8(),
            None => next_boundary(file, cursor, end),
        };
    }
    SourceMap::from_segments(segments)
}

/// The offset of `ch` at or after `from`, passing over blanks, quotes and backslashes
/// freely and over at most [`MAX_SKIPPED`] other characters.
fn find_near(file: &str, from: usize, end: usize, ch: char) -> Option<usize> {
    let mut skipped = 0;
    for (i, c) in file.get(from..end)?.char_indices() {
        if c == ch {
            return Some(from + i);
        }
        if !(c.is_whitespace() || matches!(c, '"' | '\'' | '\\')) {
            skipped += 1;
            if skipped > MAX_SKIPPED {
                return None;
            }
        }
    }
    None
}

fn next_boundary(file: &str, at: usize, end: usize) -> usize {
    file.get(at..end)
        .and_then(|s| s.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every query byte whose file byte is checked equal, for the exact cases.
    fn assert_exact(file: &str, query: &str, map: &SourceMap) {
        for (q, b) in query.bytes().enumerate() {
            assert_eq!(
                file.as_bytes()[map.to_file(q)],
                b,
                "query byte {q} of {query:?}"
            );
        }
    }

    #[test]
    fn literal_block_lines_map_past_their_indentation() {
        let file = "query: |\n  T\n  | take 1\n\n  | count\nnext: 1\n";
        let query = "T\n| take 1\n\n| count\n";
        let map = literal_block(file, 9, query).unwrap();
        assert_exact(file, query, &map);
        assert_eq!(map.to_file(2), file.find("| take").unwrap());
    }

    #[test]
    fn literal_block_with_crlf_maps_newlines_to_the_carriage_return() {
        let file = "query: |\r\n  T\r\n  | take 1\r\n";
        let query = "T\n| take 1\n";
        let map = literal_block(file, 10, query).unwrap();
        assert_eq!(map.to_file(0), 12);
        assert_eq!(map.to_file(2), file.find("| take").unwrap());
    }

    #[test]
    fn literal_block_refuses_lines_that_differ() {
        assert_eq!(literal_block("q: |\n  A\n", 5, "B\n"), None);
    }

    #[test]
    fn a_single_quoted_scalar_maps_exactly_around_doubled_quotes() {
        let file = "query: 'T | where a == ''x'''\n";
        let query = "T | where a == 'x'";
        let map = aligned(file, 7, 29, query);
        assert_exact(file, query, &map);
        assert_eq!(
            map.to_file(query.find('x').unwrap()),
            file.find('x').unwrap()
        );
    }

    #[test]
    fn a_folded_multi_line_scalar_maps_each_word_to_its_line() {
        let file = "query: >\n  T\n  | take 1\n";
        let query = "T | take 1\n";
        let map = aligned(file, 11, file.len(), query);
        assert_eq!(
            map.to_file(query.find("take").unwrap()),
            file.find("take").unwrap()
        );
    }

    #[test]
    fn an_escape_maps_to_where_it_is_written_and_resynchronises() {
        let file = r#"query: "T\n| where x == \"a\"""#;
        let query = "T\n| where x == \"a\"";
        let map = aligned(file, 7, file.len(), query);
        assert_eq!(
            map.to_file(query.find("where").unwrap()),
            file.find("where").unwrap()
        );
        assert_eq!(
            map.to_file(query.find('a').unwrap()),
            file.find('a').unwrap()
        );
    }

    #[test]
    fn alignment_never_leaves_the_file() {
        let query = "something much longer than the file";
        let map = aligned("q: x", 3, 99, query);
        assert!((0..query.len()).all(|q| map.to_file(q) <= 4));
    }
}
