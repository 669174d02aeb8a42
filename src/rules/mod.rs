//! Rule files: the query a file holds, its metadata, and the map from query offsets
//! back to the file, so diagnostics point at the lines the user wrote.
//!
//! A `.yaml`/`.yml` file is a Microsoft Sentinel analytic rule whose `query:` key holds
//! the KQL; any other file (`.kql`, `.csl`, `.txt`, standard input) is the query itself.

pub mod duration;
pub mod elastic_meta;
pub mod elastic_toml;
mod query_map;
pub mod sentinel_yaml;
pub(crate) mod yaml_value;

pub use duration::RuleDuration;
pub use elastic_meta::ElasticMeta;
pub use sentinel_yaml::SentinelMeta;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{Language, SourceMap, Span};
use std::path::Path;

/// The path under which standard input is reported.
pub const STDIN_PATH: &str = "-";

/// What kind of file a rule came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// A Microsoft Sentinel analytic rule in YAML (`query: |` holds the KQL).
    SentinelYaml,
    /// A file that is the KQL query itself (`.kql`, `.csl`, `.txt`, standard input).
    KqlFile,
    /// An Elastic detection rule in TOML (`[rule] query = '''…'''`), ES|QL.
    ElasticToml,
    /// A file that is the ES|QL query itself (`.esql`).
    EsqlFile,
}

impl RuleKind {
    /// The kind a path's extension selects; unknown extensions and stdin are plain KQL.
    pub fn from_path(path: &str) -> RuleKind {
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("yaml" | "yml") => RuleKind::SentinelYaml,
            Some("toml") => RuleKind::ElasticToml,
            Some("esql") => RuleKind::EsqlFile,
            _ => RuleKind::KqlFile,
        }
    }
}

/// A query with where it came from: the whole file, the extracted query and the map between them.
#[derive(Clone, Debug)]
pub struct RuleFile {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    /// The whole file text.
    pub text: String,
    pub kind: RuleKind,
    /// The query text; every diagnostic span is a byte range in it.
    pub query: String,
    /// Maps query byte offsets to byte offsets of `text`.
    pub query_map: SourceMap,
    pub language: Language,
    /// Sentinel metadata (all `None` for plain query files).
    pub meta: SentinelMeta,
    /// Elastic rule settings, for Elastic TOML rules only.
    pub elastic: Option<ElasticMeta>,
}

impl RuleFile {
    /// How far back the rule's query sees, in ticks: Sentinel's `queryPeriod`, or an
    /// Elastic rule's `from`; `None` for a plain query (it sees every row).
    pub fn lookback(&self) -> Option<i64> {
        match &self.elastic {
            Some(elastic) => elastic.lookback,
            None => self.meta.query_period.as_ref().and_then(|d| d.ticks),
        }
    }
}

/// Reads a rule file from raw bytes: rejects binary or non-UTF-8 input with `KQL103`,
/// then loads it as [`load`] does.
pub fn load_bytes(path: &str, bytes: &[u8]) -> Result<RuleFile, Diagnostic> {
    let text = decode_text(path, bytes)?;
    load(path, text)
}

/// Loads a rule file's text, choosing the format by the path's extension.
///
/// Errors are diagnostics whose span is a byte range of `text` (the file, not a query).
pub fn load(path: &str, text: &str) -> Result<RuleFile, Diagnostic> {
    let kind = RuleKind::from_path(path);
    let mut elastic = None;
    let (query, query_map, meta) = match kind {
        RuleKind::SentinelYaml => {
            let rule = sentinel_yaml::parse(text)?;
            let (mut map, mut meta) = (rule.query_map, rule.meta);
            meta.value_spans = place_values(rule.query.len(), &mut map, rule.value_spans);
            (rule.query, map, meta)
        }
        RuleKind::ElasticToml => {
            let rule = elastic_toml::parse(text)?;
            let (mut map, mut meta) = (rule.query_map, rule.meta);
            let language = rule
                .language_span
                .map(|span| ("language".to_string(), span));
            meta.value_spans =
                place_values(rule.query.len(), &mut map, language.into_iter().collect());
            elastic = Some(meta);
            (rule.query, map, SentinelMeta::default())
        }
        RuleKind::KqlFile | RuleKind::EsqlFile => {
            let bom = if text.starts_with('\u{feff}') {
                '\u{feff}'.len_utf8()
            } else {
                0
            };
            let map = SourceMap::from_segments(vec![(0, bom)]);
            (text[bom..].to_string(), map, SentinelMeta::default())
        }
    };
    Ok(RuleFile {
        path: path.to_string(),
        text: text.to_string(),
        kind,
        query,
        query_map,
        language: match kind {
            RuleKind::ElasticToml | RuleKind::EsqlFile => Language::Esql,
            _ => Language::Kql,
        },
        meta,
        elastic,
    })
}

/// Gives each metadata value (file spans, by path) a span past the query's end and
/// extends the query map to send it to the value's place in the file: rule-level
/// findings then point at their key through the same map as query findings.
fn place_values(
    query_len: usize,
    map: &mut SourceMap,
    values: Vec<(String, Span)>,
) -> Vec<(String, Span)> {
    let mut next = query_len + 1;
    values
        .into_iter()
        .map(|(path, span)| {
            map.push_segment(next, span.start as usize);
            let placed = Span::new(next, next + span.len());
            next += span.len() + 1;
            (path, placed)
        })
        .collect()
}

/// The bytes as text, or a `KQL103` diagnostic at the first byte that is not text.
///
/// Text means valid UTF-8 without NUL bytes (a NUL is the usual sign of a binary file).
pub fn decode_text<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let not_text = |offset: usize, why: String| {
        Diagnostic::new(Code::NotText, Span::new(offset, offset), format!("'{path}' is not UTF-8 text: {why}"))
            .with_help("kqlc reads rule files as UTF-8 text: Sentinel rules (.yaml, .yml), Elastic rules (.toml), KQL (.kql, .csl) or ES|QL (.esql) queries")
    };
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(not_text(
            0,
            "it starts with a UTF-16 byte order mark; save it as UTF-8".to_string(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let byte = bytes.get(offset).copied().unwrap_or_default();
        not_text(
            offset,
            format!("invalid UTF-8 byte 0x{byte:02X} at offset {offset}"),
        )
    })?;
    match text.find('\0') {
        Some(offset) => Err(not_text(
            offset,
            format!("it contains a NUL byte at offset {offset}, so it looks binary"),
        )),
        None => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_chooses_the_rule_kind() {
        assert_eq!(RuleKind::from_path("a/b.yaml"), RuleKind::SentinelYaml);
        assert_eq!(RuleKind::from_path("B.YML"), RuleKind::SentinelYaml);
        assert_eq!(RuleKind::from_path("q.kql"), RuleKind::KqlFile);
        assert_eq!(RuleKind::from_path("q.csl"), RuleKind::KqlFile);
        assert_eq!(RuleKind::from_path("q.txt"), RuleKind::KqlFile);
        assert_eq!(RuleKind::from_path(STDIN_PATH), RuleKind::KqlFile);
    }

    #[test]
    fn a_kql_file_is_its_own_query_with_the_identity_map() {
        let rule = load("q.kql", "T | take 1\n").unwrap();
        assert_eq!(rule.query, "T | take 1\n");
        assert_eq!(rule.query_map.to_file(4), 4);
        assert_eq!(rule.kind, RuleKind::KqlFile);
        assert_eq!(rule.meta, SentinelMeta::default());
    }

    #[test]
    fn a_utf8_byte_order_mark_is_not_part_of_the_query() {
        let rule = load("q.kql", "\u{feff}T").unwrap();
        assert_eq!(rule.query, "T");
        assert_eq!(rule.query_map.to_file(0), 3);
    }

    #[test]
    fn invalid_utf8_is_not_text_at_the_bad_byte() {
        let err = load_bytes("x.kql", b"T |\xff take").unwrap_err();
        assert_eq!(err.code, Code::NotText);
        assert_eq!(err.span, Span::new(3, 3));
        assert!(err.message.contains("0xFF at offset 3"), "{}", err.message);
    }

    #[test]
    fn a_nul_byte_means_binary() {
        let err = load_bytes("x.kql", b"ab\0cd").unwrap_err();
        assert_eq!(err.code, Code::NotText);
        assert_eq!(err.span, Span::new(2, 2));
    }

    #[test]
    fn utf16_is_named_as_such() {
        let err = load_bytes("x.kql", &[0xff, 0xfe, b'T', 0]).unwrap_err();
        assert!(err.message.contains("UTF-16"), "{}", err.message);
    }
}
