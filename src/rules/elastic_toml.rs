//! Elastic detection-rule TOML files: `[rule]` with `language = "esql"` and
//! `query = '''…'''`. The query's byte offsets map back into the file, so diagnostics
//! point at the TOML line and column.

use super::elastic_meta::ElasticMeta;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceMap, Span};

/// The query of an Elastic rule and where it sits in the file.
#[derive(Clone, Debug)]
pub struct ElasticRule {
    pub query: String,
    pub query_map: SourceMap,
    /// `rule.language` as written (`esql`, `kuery`, `eql`, …).
    pub language: String,
    /// `rule.name`, when given.
    pub name: Option<String>,
    /// What shapes the rule's alerts: severity, risk score, `max_signals`, look-back.
    pub meta: ElasticMeta,
    /// The file byte range of the `language` value, when given.
    pub language_span: Option<Span>,
}

/// Reads `[rule] query` and `language` from an Elastic TOML rule.
pub fn parse(text: &str) -> Result<ElasticRule, Diagnostic> {
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let span = e
            .span()
            .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
        Diagnostic::new(
            Code::RuleFileInvalid,
            span,
            format!("invalid TOML: {}", e.message()),
        )
    })?;
    let root = doc.as_item();
    let rule = root.get("rule").ok_or_else(|| {
        Diagnostic::new(
            Code::RuleMissingQuery,
            Span::new(0, 0),
            "the TOML file has no `[rule]` table",
        )
    })?;
    let language_span = rule
        .get("language")
        .and_then(|l| l.span())
        .map(|r| Span::new(r.start, r.end));
    let language = rule
        .get("language")
        .and_then(|l| l.as_str())
        .unwrap_or("esql")
        .to_string();
    let name = rule
        .get("name")
        .and_then(|n| n.as_str())
        .map(str::to_string);
    let item = rule.get("query").ok_or_else(|| {
        Diagnostic::new(
            Code::RuleMissingQuery,
            Span::new(0, 0),
            "the `[rule]` table has no `query`",
        )
    })?;
    let query = item
        .as_str()
        .ok_or_else(|| {
            let span = item
                .span()
                .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            Diagnostic::new(Code::RuleFileInvalid, span, "`query` must be a string")
        })?
        .to_string();
    let start = item
        .span()
        .map_or(0, |r| content_start(text, r.start, &query));
    Ok(ElasticRule {
        query,
        query_map: SourceMap::from_segments(vec![(0, start)]),
        language,
        meta: ElasticMeta::from_rule(rule),
        name,
        language_span,
    })
}

/// The file offset where the string's content starts: after the opening quotes, and
/// after the newline that directly follows `'''`/`"""` (TOML trims it).
fn content_start(text: &str, value_start: usize, query: &str) -> usize {
    let rest = text.get(value_start..).unwrap_or("");
    let quote = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    let mut start = value_start + quote;
    let after = text.get(start..).unwrap_or("");
    if quote == 3 && !query.starts_with('\n') {
        if after.starts_with("\r\n") {
            start += 2;
        } else if after.starts_with('\n') {
            start += 1;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_esql_query_and_maps_offsets_into_the_file() {
        let text = "[rule]\nlanguage = \"esql\"\nquery = '''\nfrom logs-*\n| limit 1\n'''\n";
        let rule = parse(text).unwrap_or_else(|d| panic!("{}", d.message));
        assert_eq!(rule.language, "esql");
        assert_eq!(rule.query, "from logs-*\n| limit 1\n");
        let at = rule.query_map.to_file(0);
        assert_eq!(&text[at..at + 4], "from");
    }

    #[test]
    fn a_rule_without_query_is_reported() {
        let err = parse("[rule]\nlanguage = \"esql\"\n").err();
        assert_eq!(err.map(|d| d.code), Some(Code::RuleMissingQuery));
    }
}
