//! Microsoft Sentinel analytic rules in YAML: the `query:` with a byte-exact map back to
//! the file, and the metadata kqlc may use later (frequency, period, entity mappings…).
//!
//! Parsed with saphyr, which keeps the position of every node.

use super::duration::RuleDuration;
use super::query_map;
use super::yaml_value::{byte_offset, key_text, scalar_text, to_json};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceMap, Span};
use saphyr::{AnnotatedMapping, MarkedYaml, ScalarStyle, YamlData, YamlLoader};
use saphyr_parser::{Parser, ScanError};
use serde_json::{Map, Value};

/// The metadata of a Sentinel rule. Keys kqlc does not interpret stay raw JSON values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SentinelMeta {
    pub id: Option<String>,
    pub name: Option<String>,
    pub severity: Option<String>,
    pub query_frequency: Option<RuleDuration>,
    pub query_period: Option<RuleDuration>,
    pub trigger_operator: Option<String>,
    pub trigger_threshold: Option<i64>,
    pub entity_mappings: Option<Value>,
    pub custom_details: Option<Value>,
    pub alert_details_override: Option<Value>,
    pub incident_configuration: Option<Value>,
    /// Every other top-level key (`description`, `tactics`, `kind`, …) except `query`.
    pub other: Map<String, Value>,
    /// Where each scalar value of the metadata is, by path (`severity`, `tactics[0]`,
    /// `entityMappings[0].fieldMappings[1].columnName`): a span past the query's end that
    /// the rule's query map sends to the value in the file (see [`super::load`]), so
    /// rule-level findings point at the key they are about.
    pub value_spans: Vec<(String, Span)>,
}

impl SentinelMeta {
    /// The span of the value at `path` (see [`SentinelMeta::value_spans`]); the start of
    /// the query when the value's place is unknown.
    pub fn value_span(&self, path: &str) -> Span {
        self.value_spans
            .iter()
            .find(|(p, _)| p == path)
            .map_or(Span::new(0, 0), |(_, span)| *span)
    }
}

/// The parts of a Sentinel rule file that [`super::RuleFile`] keeps.
#[derive(Clone, Debug)]
pub struct SentinelRule {
    pub query: String,
    pub query_map: SourceMap,
    pub meta: SentinelMeta,
    /// The file byte range of each scalar value of the metadata, by path.
    pub value_spans: Vec<(String, Span)>,
}

const MISSING_QUERY_HELP: &str = "a Sentinel analytic rule needs a `query:` key holding the KQL";

/// Parses a Sentinel rule. Error spans are byte ranges of `text`.
pub fn parse(text: &str) -> Result<SentinelRule, Diagnostic> {
    let documents = load_documents(text)?;
    let Some(root) = documents.first() else {
        return Err(missing_query(Span::new(0, 0), "the rule file is empty"));
    };
    let YamlData::Mapping(mapping) = &root.data else {
        let span = first_line(text, node_span(text, root));
        return Err(Diagnostic::new(
            Code::RuleFileInvalid,
            span,
            "a Sentinel rule must be a YAML mapping",
        )
        .with_help("write the rule as `key: value` lines such as `name:` and `query:`"));
    };
    let (key, value) = find_key(mapping, "query")
        .ok_or_else(|| missing_query(Span::new(0, 0), "this Sentinel rule has no `query:` key"))?;
    let query = query_text(text, key, value)?;
    let query_map = map_query(text, key, value, &query);
    let mut value_spans = Vec::new();
    for (key, value) in mapping.iter() {
        let name = key_text(key);
        if name != "query" {
            collect_value_spans(text, value, name, &mut value_spans);
        }
    }
    Ok(SentinelRule {
        query,
        query_map,
        meta: read_meta(mapping),
        value_spans,
    })
}

/// Adds the file span of every scalar under `node` to `out`, by its path (`a.b[0].c`).
fn collect_value_spans(
    text: &str,
    node: &MarkedYaml<'_>,
    path: String,
    out: &mut Vec<(String, Span)>,
) {
    match &node.data {
        YamlData::Mapping(mapping) => {
            for (key, value) in mapping.iter() {
                collect_value_spans(text, value, format!("{path}.{}", key_text(key)), out);
            }
        }
        YamlData::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_value_spans(text, item, format!("{path}[{i}]"), out);
            }
        }
        YamlData::Tagged(_, inner) => collect_value_spans(text, inner, path, out),
        _ => out.push((path, first_line(text, node_span(text, node)))),
    }
}

/// All YAML documents of the file, or `KQL101` at the YAML error's position.
pub(crate) fn load_documents(text: &str) -> Result<Vec<MarkedYaml<'_>>, Diagnostic> {
    let mut parser = Parser::new_from_str(text);
    let mut loader: YamlLoader<MarkedYaml> = YamlLoader::default();
    loader.early_parse(false);
    parser
        .load(&mut loader, true)
        .map_err(|e| yaml_error(text, &e))?;
    if let Some(e) = loader.error() {
        return Err(yaml_error(text, e));
    }
    Ok(loader.into_documents())
}

fn yaml_error(text: &str, error: &ScanError) -> Diagnostic {
    let start = byte_offset(text, error.marker().index());
    let end = text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    Diagnostic::new(
        Code::RuleFileInvalid,
        Span::new(start, end),
        format!("invalid YAML: {}", error.info()),
    )
    .with_help("fix the YAML syntax; a block scalar (`query: |`) keeps KQL free of YAML quoting")
}

fn missing_query(span: Span, message: &str) -> Diagnostic {
    Diagnostic::new(Code::RuleMissingQuery, span, message).with_help(MISSING_QUERY_HELP)
}

fn find_key<'m, 'i>(
    mapping: &'m AnnotatedMapping<'i, MarkedYaml<'i>>,
    name: &str,
) -> Option<(&'m MarkedYaml<'i>, &'m MarkedYaml<'i>)> {
    mapping.iter().find(|(k, _)| scalar_text(k) == Some(name))
}

/// The query string, or `KQL102` when the key holds nothing or no text.
fn query_text(
    text: &str,
    key: &MarkedYaml<'_>,
    value: &MarkedYaml<'_>,
) -> Result<String, Diagnostic> {
    match scalar_text(value) {
        Some(query) if !query.trim().is_empty() => Ok(query.to_string()),
        Some(_) => Err(missing_query(
            node_span(text, key),
            "the `query:` key is empty",
        )),
        None => Err(missing_query(
            node_span(text, value),
            "the `query:` key holds a list or mapping, not KQL text",
        )),
    }
}

/// The map from query offsets to file offsets: exact for `|` blocks, aligned otherwise.
fn map_query(text: &str, key: &MarkedYaml<'_>, value: &MarkedYaml<'_>, query: &str) -> SourceMap {
    let value_span = node_span(text, value);
    if scalar_style(value) == Some(ScalarStyle::Literal) {
        let key_end = byte_offset(text, key.span.end.index());
        let exact = literal_content_start(text, key_end, value_span.start as usize)
            .and_then(|start| query_map::literal_block(text, start, query));
        if let Some(map) = exact {
            return map;
        }
    }
    query_map::aligned(
        text,
        value_span.start as usize,
        value_span.end as usize,
        query,
    )
}

/// The start of the line after the `|` header that follows the key.
fn literal_content_start(text: &str, key_end: usize, value_start: usize) -> Option<usize> {
    let header = text.get(key_end..value_start)?;
    let bar = header.find('|')?;
    let newline = header[bar..].find('\n')?;
    Some(key_end + bar + newline + 1)
}

fn scalar_style(node: &MarkedYaml<'_>) -> Option<ScalarStyle> {
    match &node.data {
        YamlData::Representation(_, style, _) => Some(*style),
        YamlData::Tagged(_, inner) => scalar_style(inner),
        _ => None,
    }
}

/// The node's byte range in the file.
fn node_span(text: &str, node: &MarkedYaml<'_>) -> Span {
    let start = byte_offset(text, node.span.start.index());
    let end = byte_offset(text, node.span.end.index()).max(start);
    Span::new(start, end)
}

/// The part of a span on its first line (a whole document is too much to underline).
fn first_line(text: &str, span: Span) -> Span {
    let (start, end) = (span.start as usize, span.end as usize);
    let line_end = text
        .get(start..end)
        .and_then(|s| s.find('\n'))
        .map_or(end, |n| start + n);
    Span::new(start, line_end)
}

fn read_meta(mapping: &AnnotatedMapping<'_, MarkedYaml<'_>>) -> SentinelMeta {
    let mut meta = SentinelMeta::default();
    for (key, value) in mapping.iter() {
        let json = to_json(value);
        match key_text(key).as_str() {
            "query" => {}
            "id" => meta.id = json_text(&json),
            "name" => meta.name = json_text(&json),
            "severity" => meta.severity = json_text(&json),
            "queryFrequency" => {
                meta.query_frequency = json_text(&json).map(|t| RuleDuration::parse(&t))
            }
            "queryPeriod" => meta.query_period = json_text(&json).map(|t| RuleDuration::parse(&t)),
            "triggerOperator" => meta.trigger_operator = json_text(&json),
            "triggerThreshold" => meta.trigger_threshold = json_integer(&json),
            "entityMappings" => meta.entity_mappings = Some(json),
            "customDetails" => meta.custom_details = Some(json),
            "alertDetailsOverride" => meta.alert_details_override = Some(json),
            "incidentConfiguration" => meta.incident_configuration = Some(json),
            other => {
                meta.other.insert(other.to_string(), json);
            }
        }
    }
    meta
}

/// A scalar as text (`1h`, `Medium`, `5`), `None` for null or collections.
fn json_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn json_integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::time::{TICKS_PER_HOUR, TICKS_PER_MINUTE};

    #[test]
    fn block_scalar_query_is_extracted_with_its_metadata() {
        let text = "id: abc\nname: Test\nqueryFrequency: 1h\nqueryPeriod: PT30M\ntriggerThreshold: 3\n\
                    query: |\n  T\n  | take 1\ntactics:\n  - Persistence\n";
        let rule = parse(text).unwrap();
        assert_eq!(rule.query, "T\n| take 1\n");
        assert_eq!(rule.meta.id.as_deref(), Some("abc"));
        assert_eq!(
            rule.meta.query_frequency.unwrap().ticks,
            Some(TICKS_PER_HOUR)
        );
        assert_eq!(
            rule.meta.query_period.unwrap().ticks,
            Some(30 * TICKS_PER_MINUTE)
        );
        assert_eq!(rule.meta.trigger_threshold, Some(3));
        assert_eq!(
            rule.meta.other["tactics"],
            serde_json::json!(["Persistence"])
        );
        assert_eq!(rule.query_map.to_file(2), text.find("| take").unwrap());
    }

    #[test]
    fn non_ascii_text_before_the_query_keeps_byte_offsets_right() {
        let text = "name: Détection ≥ 3\nquery: |\n  T // é\n  | take 1\n";
        let rule = parse(text).unwrap();
        let take = rule.query.find("take").unwrap();
        assert_eq!(rule.query_map.to_file(take), text.find("take").unwrap());
    }

    #[test]
    fn a_block_header_with_a_comment_still_maps_exactly() {
        let text = "query: |- # the KQL\n    T\n    | count\n";
        let rule = parse(text).unwrap();
        assert_eq!(rule.query, "T\n| count");
        assert_eq!(rule.query_map.to_file(2), text.find("| count").unwrap());
    }

    #[test]
    fn an_empty_query_is_a_missing_query_at_the_key() {
        let err = parse("name: x\nquery:\n").unwrap_err();
        assert_eq!(err.code, Code::RuleMissingQuery);
        assert_eq!(err.span, Span::new(8, 13));
    }

    #[test]
    fn a_list_as_query_is_a_missing_query() {
        let err = parse("query:\n  - T\n").unwrap_err();
        assert_eq!(err.code, Code::RuleMissingQuery);
    }

    #[test]
    fn a_top_level_list_is_not_a_rule() {
        let err = parse("- a\n- b\n").unwrap_err();
        assert_eq!(err.code, Code::RuleFileInvalid);
    }

    #[test]
    fn an_empty_file_has_no_query() {
        assert_eq!(parse("").unwrap_err().code, Code::RuleMissingQuery);
        assert_eq!(
            parse("# only a comment\n").unwrap_err().code,
            Code::RuleMissingQuery
        );
    }

    #[test]
    fn duplicate_keys_are_invalid_yaml() {
        let err = parse("query: a\nquery: b\n").unwrap_err();
        assert_eq!(err.code, Code::RuleFileInvalid);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!(
            "query: T\nx: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(parse(&text).unwrap_err().code, Code::RuleFileInvalid);
    }
}
