//! Source text, byte spans and the maps from a query back to the file it came from.
//!
//! Every span in kqlc is a byte range in the *query text*. A query extracted from a
//! rule file (a YAML block scalar, a TOML string) keeps a [`SourceMap`] that turns
//! those offsets into offsets of the file as the user wrote it, so diagnostics point
//! at the right line and column of the rule file.

use serde::Serialize;
use std::ops::Range;

/// A half-open byte range `[start, end)` in a query text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// Which query language a text is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Language {
    Kql,
    Esql,
}

/// Maps byte offsets of an extracted query to byte offsets of the file it came from.
///
/// The query is a sequence of segments; each segment is a run of query bytes that
/// appear unchanged, in order, at some file offset (a YAML block scalar is one segment
/// per line, its indentation removed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// `(query_offset, file_offset)` of each segment start, sorted by query offset.
    segments: Vec<(usize, usize)>,
}

impl SourceMap {
    /// The identity map: the query is the whole file.
    pub fn identity() -> SourceMap {
        SourceMap {
            segments: vec![(0, 0)],
        }
    }
    /// A map from explicit segment starts `(query_offset, file_offset)`.
    pub fn from_segments(mut segments: Vec<(usize, usize)>) -> SourceMap {
        segments.sort_unstable();
        if segments.first().is_none_or(|s| s.0 != 0) {
            segments.insert(0, (0, 0));
        }
        SourceMap { segments }
    }
    /// Adds a segment after the last: query offsets from `query_offset` on map to
    /// `file_offset` on (ignored unless `query_offset` is past every segment start).
    pub fn push_segment(&mut self, query_offset: usize, file_offset: usize) {
        if self.segments.last().is_none_or(|s| s.0 < query_offset) {
            self.segments.push((query_offset, file_offset));
        }
    }
    /// The file offset of a query offset.
    pub fn to_file(&self, query_offset: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= query_offset);
        let (q, f) = self.segments[i.saturating_sub(1)];
        f + (query_offset - q)
    }
}

/// A file as given by the user, with the query it holds.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as the user wrote it (`-` for standard input).
    pub path: String,
    /// The whole file text.
    pub text: String,
}

/// Line and column lookup over a text (1-based lines, 1-based columns in characters).
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }
    /// `(line, column)`, both 1-based; the column counts characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_map_shifts_each_segment() {
        // query "ab\ncd" taken from "q: |\n  ab\n  cd\n": lines start at file 7 and 12.
        let map = SourceMap::from_segments(vec![(0, 7), (3, 12)]);
        assert_eq!(map.to_file(0), 7);
        assert_eq!(map.to_file(1), 8);
        assert_eq!(map.to_file(3), 12);
        assert_eq!(map.to_file(4), 13);
    }

    #[test]
    fn line_col_is_one_based_and_counts_chars() {
        let text = "ab\n≥cd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 6), (2, 2));
    }
}
