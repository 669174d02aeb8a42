//! The files an editor has open: their text as edited, the rule each holds (query,
//! map to the file) and the conversions between LSP positions (UTF-16 code units) and
//! byte offsets of the file and of its query.

use crate::diagnostic::Diagnostic;
use crate::rules::{self, RuleFile};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
use std::collections::HashMap;

/// One open file.
#[derive(Clone, Debug)]
pub struct Document {
    pub uri: Uri,
    pub version: i32,
    /// The whole file text as the editor has it.
    pub text: String,
    /// The rule the text holds, or the error that stopped loading it (a span of the file).
    pub rule: Result<RuleFile, Diagnostic>,
    lines: Lines,
}

impl Document {
    /// A document from its full text; loads the rule by the URI's file extension.
    pub fn new(uri: Uri, version: i32, text: String) -> Document {
        let rule = rules::load(&uri_path(&uri), &text);
        let lines = Lines::new(&text);
        Document {
            uri,
            version,
            text,
            rule,
            lines,
        }
    }

    /// The document after the editor's changes (full texts or ranged edits, in order).
    pub fn changed(&self, version: i32, changes: &[TextDocumentContentChangeEvent]) -> Document {
        let mut text = self.text.clone();
        for change in changes {
            match change.range {
                Some(range) => {
                    let index = Lines::new(&text);
                    let start = index.offset(&text, range.start);
                    let end = index.offset(&text, range.end).max(start);
                    text.replace_range(start..end, &change.text);
                }
                None => text = change.text.clone(),
            }
        }
        Document::new(self.uri.clone(), version, text)
    }

    /// The LSP position of a byte offset of the file.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    /// The LSP range of a byte range of the file.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of the file at an LSP position (clamped to the line and text).
    pub fn offset(&self, position: Position) -> usize {
        self.lines.offset(&self.text, position)
    }

    /// The query offset at an LSP position, when the position lies in the query.
    pub fn query_offset(&self, position: Position) -> Option<usize> {
        let rule = self.rule.as_ref().ok()?;
        query_offset_of(rule, self.offset(position))
    }

    /// The file byte range of a query span (as `kqlc check` reports it).
    pub fn file_range(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.rule {
            Ok(rule) => {
                let to_file = |q: usize| rule.query_map.to_file(q).min(self.text.len());
                let s = floor_boundary(&self.text, to_file(start));
                let e = if end <= start {
                    s
                } else {
                    ceil_boundary(&self.text, to_file(end - 1) + 1).max(s)
                };
                (s, e)
            }
            Err(_) => (start, end),
        }
    }

    /// The LSP range of a query span.
    pub fn query_range(&self, start: usize, end: usize) -> Range {
        let (s, e) = self.file_range(start, end);
        self.range(s, e)
    }
}

/// The query offset whose file offset is `file_offset`, when the file offset lies in
/// the query (the map is monotonic, so a binary search inverts it). An offset just past
/// the end of the query text maps too, so the cursor at the end of a query counts.
pub fn query_offset_of(rule: &RuleFile, file_offset: usize) -> Option<usize> {
    let len = rule.query.len();
    let (mut lo, mut hi) = (0usize, len);
    // Largest q in 0..=len with to_file(q) <= file_offset.
    if rule.query_map.to_file(0) > file_offset {
        return None;
    }
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if rule.query_map.to_file(mid) <= file_offset {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    (rule.query_map.to_file(lo) == file_offset).then_some(lo)
}

/// The path part of a `file:` URI (percent-decoded), or the whole URI for other schemes;
/// only its extension matters for choosing the rule format.
pub fn uri_path(uri: &Uri) -> String {
    let path = uri.path().as_str();
    let mut out = Vec::with_capacity(path.len());
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Line starts of a text, for UTF-16 positions.
#[derive(Clone, Debug)]
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next - 1);
        let line = &text[start..end];
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        // Past the line's end, or inside a surrogate pair: the end of the line.
        let line = line.strip_suffix('\r').unwrap_or(line);
        start + line.len().min(end - start)
    }
}

/// The open documents by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    pub fn open(&mut self, document: Document) {
        self.open.insert(document.uri.clone(), document);
    }
    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }
    /// Applies changes to an open document; `None` when it is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
    ) -> Option<&Document> {
        let changed = self.open.get(uri)?.changed(version, changes);
        self.open.insert(uri.clone(), changed);
        self.open.get(uri)
    }
    pub fn close(&mut self, uri: &Uri) {
        self.open.remove(uri);
    }
    pub fn all(&self) -> impl Iterator<Item = &Document> {
        self.open.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn uri(s: &str) -> Uri {
        Uri::from_str(s).unwrap()
    }

    #[test]
    fn positions_count_utf16_code_units() {
        // '≥' is one UTF-16 unit (3 bytes), '😀' two units (4 bytes).
        let doc = Document::new(uri("file:///q.kql"), 1, "ab\n≥😀x".to_string());
        assert_eq!(doc.position(3), Position::new(1, 0));
        assert_eq!(doc.position(6), Position::new(1, 1));
        assert_eq!(doc.position(10), Position::new(1, 3));
        assert_eq!(doc.offset(Position::new(1, 3)), 10);
        assert_eq!(doc.offset(Position::new(1, 99)), 11);
        assert_eq!(doc.offset(Position::new(9, 0)), 11);
    }

    #[test]
    fn ranged_edits_apply_in_order() {
        let doc = Document::new(uri("file:///q.kql"), 1, "T | take 1\n".to_string());
        let edit = |l1, c1, l2, c2, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        };
        let doc = doc.changed(2, &[edit(0, 9, 0, 10, "5"), edit(0, 0, 0, 1, "Tbl")]);
        assert_eq!(doc.text, "Tbl | take 5\n");
        assert_eq!(doc.version, 2);
    }

    #[test]
    fn a_yaml_rule_maps_positions_into_its_query() {
        let text = "name: r\nquery: |\n  T\n  | take 1\n";
        let doc = Document::new(uri("file:///r.yaml"), 1, text.to_string());
        let rule = doc.rule.as_ref().unwrap();
        assert_eq!(rule.query, "T\n| take 1\n");
        // Line 3 ("  | take 1"), character 4 is the `t` of take: query offset 4.
        assert_eq!(doc.query_offset(Position::new(3, 4)), Some(4));
        // The end of that line is the query's last newline.
        assert_eq!(doc.query_offset(Position::new(3, 10)), Some(10));
        // The indentation is not part of the query.
        assert_eq!(doc.query_offset(Position::new(3, 0)), None);
        assert_eq!(
            doc.query_range(4, 8),
            Range::new(Position::new(3, 4), Position::new(3, 8))
        );
    }

    #[test]
    fn percent_escapes_in_uris_are_decoded() {
        assert_eq!(
            uri_path(&uri("file:///my%20rules/a.kql")),
            "/my rules/a.kql"
        );
    }
}
