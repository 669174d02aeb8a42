//! Formatting a whole file: a query file (`.kql`, `.csl`, `.esql`), or the query inside
//! a Sentinel YAML rule (`query: |`) or an Elastic TOML rule (`query = '''…'''`), with
//! every other byte of the file kept.

use super::{FmtError, FmtOptions, format_query};
use crate::diagnostic::Diagnostic;
use crate::rules::{RuleKind, elastic_toml, sentinel_yaml};
use crate::source::{Language, SourceMap};

/// The narrowest width a query inside a rule is wrapped at.
const MIN_WIDTH: usize = 20;

/// Why a file was left as it is.
#[derive(Clone, Debug)]
pub enum FileError {
    /// The file is not a readable rule (invalid YAML/TOML, no query): span in the file.
    Invalid(Diagnostic),
    /// The query does not parse: the errors, spans in the file.
    Syntax(Vec<Diagnostic>),
    /// The query is held in a way kqlc cannot rewrite blank for blank (a quoted or
    /// folded YAML scalar, a TOML string with escapes), or is not ES|QL.
    Skipped(String),
    /// The formatter could not keep the query's meaning.
    Internal(String),
}

/// The file with its query formatted. `language` overrides the extension for query
/// files (`None`: `.esql` is ES|QL, anything else KQL).
pub fn format_file(
    path: &str,
    text: &str,
    language: Option<Language>,
    options: &FmtOptions,
) -> Result<String, FileError> {
    match RuleKind::from_path(path) {
        RuleKind::SentinelYaml => format_yaml(text, options),
        RuleKind::ElasticToml => format_toml(text, options),
        RuleKind::EsqlFile => format_plain(text, language.unwrap_or(Language::Esql), options),
        RuleKind::KqlFile => format_plain(text, language.unwrap_or(Language::Kql), options),
    }
}

/// A query file: the whole text (a byte order mark kept); blank files stay as they are.
pub fn format_plain(
    text: &str,
    language: Language,
    options: &FmtOptions,
) -> Result<String, FileError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim().is_empty() {
        return Ok(text.to_string());
    }
    let bom = &text[..text.len() - body.len()];
    let formatted = format_query(body, language, options)
        .map_err(|e| query_error(e, &SourceMap::from_segments(vec![(0, bom.len())])))?;
    Ok(format!("{bom}{formatted}"))
}

/// A Sentinel rule whose query is a literal block scalar (`query: |`).
fn format_yaml(text: &str, options: &FmtOptions) -> Result<String, FileError> {
    let rule = sentinel_yaml::parse(text).map_err(FileError::Invalid)?;
    let block = literal_block(text, &rule.query, &rule.query_map).ok_or_else(|| {
        FileError::Skipped(
            "the query is not a `query: |` block scalar, so it is left as written".into(),
        )
    })?;
    // The block's indentation counts towards the width of the file's lines.
    let inner = FmtOptions {
        width: options
            .width
            .saturating_sub(block.indent.len())
            .max(MIN_WIDTH),
    };
    let formatted = format_query(&rule.query, Language::Kql, &inner)
        .map_err(|e| query_error(e, &rule.query_map))?;
    let eol = if text[block.start..block.end].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let lines: Vec<String> = formatted
        .trim_end()
        .lines()
        .map(|line| {
            let line = line.trim_end_matches('\r');
            if line.is_empty() {
                String::new()
            } else {
                format!("{}{line}", block.indent)
            }
        })
        .collect();
    let result = format!(
        "{}{}{}",
        &text[..block.start],
        lines.join(eol),
        &text[block.end..]
    );
    let reread = sentinel_yaml::parse(&result).map(|r| r.query);
    match reread {
        Ok(query) if query.trim_end() == formatted.trim_end() => Ok(result),
        _ => Err(FileError::Internal(
            "the rewritten YAML does not hold the formatted query".into(),
        )),
    }
}

/// The lines of a literal block scalar in the file: from the start of the line of the
/// query's first non-blank character to the end of its last, with their indentation.
struct Block {
    start: usize,
    end: usize,
    indent: String,
}

/// The block holding `query`, when each of its lines is the indentation plus the query
/// line (so that rewriting the lines rewrites the query and nothing else).
fn literal_block(text: &str, query: &str, map: &SourceMap) -> Option<Block> {
    let first = query.find(|c: char| !c.is_whitespace())?;
    let first_line = query[..first].rfind('\n').map_or(0, |n| n + 1);
    if !query[first_line..first].is_empty() {
        return None;
    }
    let last = query.trim_end().len();
    let file_first = map.to_file(first);
    let start = text.get(..file_first)?.rfind('\n').map_or(0, |n| n + 1);
    let indent = text.get(start..file_first)?.to_string();
    if indent.is_empty() || !indent.chars().all(|c| c == ' ') {
        return None;
    }
    let last_char = query[..last].chars().next_back()?;
    let end = map.to_file(last - last_char.len_utf8()) + last_char.len_utf8();
    let file_lines = text.get(start..end)?.split('\n');
    let query_lines = query[first..last].split('\n');
    let same = file_lines.clone().count() == query_lines.clone().count()
        && file_lines.zip(query_lines).all(|(file_line, query_line)| {
            let file_line = file_line.trim_end_matches('\r');
            let query_line = query_line.trim_end_matches('\r');
            match file_line.strip_prefix(indent.as_str()) {
                Some(rest) => rest == query_line,
                None => query_line.trim().is_empty() && file_line.trim().is_empty(),
            }
        });
    same.then_some(Block { start, end, indent })
}

/// An Elastic rule: the `query` string's content, when it is written as-is in the file.
fn format_toml(text: &str, options: &FmtOptions) -> Result<String, FileError> {
    let rule = elastic_toml::parse(text).map_err(FileError::Invalid)?;
    if !rule.language.eq_ignore_ascii_case("esql") {
        return Err(FileError::Skipped(format!(
            "the rule's language is `{}`, not ES|QL",
            rule.language
        )));
    }
    let start = rule.query_map.to_file(0);
    let query = rule.query.as_str();
    if text.get(start..start + query.len()) != Some(query) {
        return Err(FileError::Skipped(
            "the query is a TOML string with escapes; write it as '''…''' to format it".into(),
        ));
    }
    let formatted = format_query(query, Language::Esql, options)
        .map_err(|e| query_error(e, &rule.query_map))?;
    let first = query.find(|c: char| !c.is_whitespace()).unwrap_or(0);
    let lead = &query[..query[..first].rfind('\n').map_or(0, |n| n + 1)];
    let tail = &query[query.trim_end().len()..];
    let new_query = format!("{lead}{}{tail}", formatted.trim_end());
    let result = format!(
        "{}{new_query}{}",
        &text[..start],
        &text[start + query.len()..]
    );
    match elastic_toml::parse(&result) {
        Ok(reread) if reread.query == new_query => Ok(result),
        _ => Err(FileError::Internal(
            "the rewritten TOML does not hold the formatted query".into(),
        )),
    }
}

/// A query error with its spans moved from the query to the file.
fn query_error(error: FmtError, map: &SourceMap) -> FileError {
    match error {
        FmtError::Syntax(diagnostics) => FileError::Syntax(
            diagnostics
                .into_iter()
                .map(|mut d| {
                    d.span = crate::source::Span::new(
                        map.to_file(d.span.start as usize),
                        map.to_file(d.span.end as usize),
                    );
                    d
                })
                .collect(),
        ),
        FmtError::Internal(message) => FileError::Internal(message),
    }
}
