//! `kqlc check PATH…`: load each rule file, check its query, report the findings.

use super::exit_code::ExitCode;
use super::inputs::{self, Input};
use super::language::{LanguageArg, STDIN_ESQL_NOTE, stdin_language, suggest_esql, suggest_kql};
use super::{Globals, Streams};
use crate::check::CheckOptions;
use crate::diagnostic::render::{FileDiagnostics, human, json, sarif};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::rules::{self, RuleFile, RuleKind};
use crate::source::{Language, Span};
use crate::syntax::kql;
use clap::{Args, ValueEnum};

/// Arguments of `kqlc check`.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Rule files (.yaml, .yml Sentinel rules; .kql, .csl queries; .toml Elastic rules,
    /// .esql queries) or directories to search for them; `-` reads a query from
    /// standard input (ES|QL when it starts with `FROM` or `ROW`, else KQL).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Stop after parsing: report syntax errors only.
    #[arg(long)]
    pub syntax_only: bool,
    /// Make the findings about what kqlc cannot know errors: calls of functions neither
    /// built in nor defined (`KQL208`) and columns missing from a built-in schema (`KQL211`).
    #[arg(long)]
    pub strict: bool,
    /// Columns of a table kqlc has no schema for, or overriding a built-in one:
    /// `TABLE=FILE` (one `Column:type` a line, or JSON), or a folder of
    /// `TABLE.schema` files; repeatable. For ES|QL, `INDEX=FILE` types index fields (an
    /// index mapping JSON, or `field:type` lines), added to ECS's types.
    #[arg(long, value_name = "TABLE=FILE")]
    pub schema: Vec<String>,
    /// The language of the queries, whatever their extension says (`.txt`, stdin).
    #[arg(long, value_enum, value_name = "LANGUAGE")]
    pub language: Option<LanguageArg>,
}

/// Output formats of `kqlc check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Reports with source excerpts for people, and a summary line on standard error.
    Human,
    /// One JSON array of findings.
    Json,
    /// A SARIF 2.1.0 log.
    Sarif,
}

/// The findings about one rule's query: syntax, then (unless `syntax_only`, or the
/// query has syntax errors) names and types, then the rule's own metadata.
pub fn check_query(rule: &RuleFile, syntax_only: bool) -> Vec<Diagnostic> {
    check_rule(rule, syntax_only, &CheckOptions::default())
}

/// The largest document `check` (and the language server) checks: 16 MiB, far above
/// any rule, so a huge or runaway file is one finding instead of minutes of work.
pub const MAX_DOCUMENT_BYTES: usize = 16 << 20;

/// [`check_query`] with the checker's options (strictness, extra schemas). What lowering
/// runs to check (constant subqueries of plugins) is bounded by
/// [`crate::exec::budget::CHECK_LIMITS`].
pub fn check_rule(rule: &RuleFile, syntax_only: bool, options: &CheckOptions) -> Vec<Diagnostic> {
    if rule.text.len() > MAX_DOCUMENT_BYTES {
        return vec![Diagnostic::new(
            Code::TooComplex,
            Span::new(0, 0),
            format!(
                "this document is {}; kqlc checks documents up to {}",
                crate::exec::budget::show_size(rule.text.len() as u64),
                crate::exec::budget::show_size(MAX_DOCUMENT_BYTES as u64)
            ),
        )];
    }
    crate::exec::budget::with_limits(crate::exec::budget::CHECK_LIMITS, || {
        check_rule_unbounded(rule, syntax_only, options)
    })
}

fn check_rule_unbounded(
    rule: &RuleFile,
    syntax_only: bool,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    match rule.language {
        Language::Kql => {
            let (query, mut diagnostics) = kql::parse(&rule.query);
            if diagnostics.iter().any(Diagnostic::is_error) {
                suggest_esql(&rule.query, &mut diagnostics);
            }
            let Some(query) = query else {
                return diagnostics;
            };
            if syntax_only || diagnostics.iter().any(Diagnostic::is_error) {
                return diagnostics;
            }
            diagnostics.extend(crate::check::check_rule_query(
                &query,
                &rule.query,
                Some(&rule.meta),
                options,
            ));
            diagnostics
        }
        Language::Esql => check_esql_rule(rule, syntax_only, options),
    }
}

/// An ES|QL query or an Elastic TOML rule: syntax, then (unless `syntax_only`, or the
/// query has syntax errors) columns, functions and aggregates. A TOML rule in another
/// language (`kuery`, `eql`, `lucene`) is not checked: one `ESQL101` warning says so.
fn check_esql_rule(rule: &RuleFile, syntax_only: bool, options: &CheckOptions) -> Vec<Diagnostic> {
    if rule.kind == RuleKind::ElasticToml
        && let Some(warning) = other_rule_language(rule)
    {
        return vec![warning];
    }
    let (query, mut diagnostics) = crate::syntax::esql::parse(&rule.query);
    if diagnostics.iter().any(Diagnostic::is_error) {
        suggest_kql(&rule.query, &mut diagnostics);
    }
    let Some(query) = query else {
        return diagnostics;
    };
    if syntax_only || diagnostics.iter().any(Diagnostic::is_error) {
        return diagnostics;
    }
    let ecs = crate::check::esql::types::FieldTypes::ecs();
    let merged;
    let fields = if options.esql_fields.is_empty() {
        ecs
    } else {
        merged = ecs.merged(&options.esql_fields);
        &merged
    };
    diagnostics.extend(crate::check::esql::check_esql_with(
        &query,
        &rule.query,
        fields,
    ));
    diagnostics
}

/// The `ESQL101` warning of an Elastic rule whose `language` is not `esql`.
fn other_rule_language(rule: &RuleFile) -> Option<Diagnostic> {
    let language = rules::elastic_toml::parse(&rule.text).ok()?.language;
    if language.eq_ignore_ascii_case("esql") {
        return None;
    }
    let first_line = rule.query.find('\n').unwrap_or(rule.query.len());
    // At the `language` value when its place is known, else the query's first line.
    let at = rule
        .elastic
        .as_ref()
        .and_then(|e| e.value_spans.iter().find(|(path, _)| path == "language"))
        .map_or(Span::new(0, first_line), |(_, span)| *span);
    let d = Diagnostic::new(
        Code::EsqlRuleLanguage,
        at,
        format!("kqlc checks ES|QL rules only; this rule's language is `{language}`, not checked"),
    );
    Some(match language.as_str() {
        "kuery" => d.with_note("`kuery` is Kibana's KQL, not Kusto's KQL that kqlc checks"),
        _ => d,
    })
}

/// Runs `kqlc check` and returns its exit status.
pub fn run(args: &CheckArgs, globals: &Globals, io: &mut Streams<'_>) -> ExitCode {
    let options = match check_options(args) {
        Ok(options) => options,
        Err(message) => {
            io.error(&message);
            return ExitCode::InputError;
        }
    };
    let (inputs, input_errors) = inputs::collect(&args.paths);
    for error in &input_errors {
        io.error(&error.render());
    }
    let mut files = Vec::new();
    let mut unreadable = input_errors.len();
    for input in &inputs {
        if globals.verbose > 0 && !globals.quiet {
            io.error(&format!("checking {}\n", input.display_path()));
        }
        let file = match check_input(input, args, &options, globals, io) {
            Outcome::Checked(file) => file,
            Outcome::NotText(file) => {
                unreadable += 1;
                file
            }
            Outcome::Unreadable => {
                unreadable += 1;
                continue;
            }
        };
        if args.format == Format::Human {
            io.out(&human::render(&file, globals.color));
        }
        files.push(file);
    }
    match args.format {
        Format::Human => {}
        Format::Json => io.out(&json::render(&files)),
        Format::Sarif => io.out(&sarif::render(&files)),
    }
    if args.format == Format::Human && !globals.quiet {
        io.error(&summary(&files, unreadable));
    }
    ExitCode::for_check(unreadable, files.iter().flat_map(|f| &f.diagnostics))
}

/// What became of one input.
enum Outcome {
    /// Loaded and checked (rule-file errors are findings of the file).
    Checked(FileDiagnostics),
    /// Not text: reported as a `KQL103` finding, and counted as an input error (exit 2).
    NotText(FileDiagnostics),
    /// Could not be read; the error is already printed.
    Unreadable,
}

/// Reads, loads and checks one input.
fn check_input(
    input: &Input,
    args: &CheckArgs,
    options: &CheckOptions,
    globals: &Globals,
    io: &mut Streams<'_>,
) -> Outcome {
    let path = input.display_path();
    let bytes = match input.read(io.stdin) {
        Ok(bytes) => bytes,
        Err(error) => {
            io.error(&error.render());
            return Outcome::Unreadable;
        }
    };
    let text = match rules::decode_text(path, &bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            let readable = String::from_utf8_lossy(
                bytes
                    .get(..diagnostic.span.start as usize)
                    .unwrap_or_default(),
            )
            .into_owned();
            return Outcome::NotText(FileDiagnostics::in_file(path, readable, vec![diagnostic]));
        }
    };
    let file = match rules::load(path, text) {
        Ok(mut rule) => {
            rule.language = match (args.language, input) {
                (Some(choice), _) => choice.language(),
                (None, Input::Stdin) => stdin_language(&rule.query),
                (None, Input::File(_)) => rule.language,
            };
            if args.language.is_none()
                && *input == Input::Stdin
                && rule.language == Language::Esql
                && !globals.quiet
            {
                io.error(STDIN_ESQL_NOTE);
            }
            let diagnostics = check_rule(&rule, args.syntax_only, options);
            FileDiagnostics::new(rule.path, rule.text, rule.query_map, diagnostics)
        }
        Err(diagnostic) => FileDiagnostics::in_file(path, text, vec![diagnostic]),
    };
    Outcome::Checked(sorted(file))
}

/// The checker options from the command line; `--schema` files are read here.
fn check_options(args: &CheckArgs) -> Result<CheckOptions, String> {
    let mut options = CheckOptions {
        strict: args.strict,
        ..CheckOptions::default()
    };
    for spec in &args.schema {
        if !spec.contains('=') && std::path::Path::new(spec).is_dir() {
            load_schema_folder(spec, &mut options)?;
            continue;
        }
        let Some((table, path)) = spec.split_once('=') else {
            return Err(format!(
                "error: --schema takes TABLE=FILE or a folder of TABLE.schema files, not `{spec}`\n"
            ));
        };
        if add_esql_fields(path, &mut options)? {
            continue;
        }
        let columns = crate::schema::load_schema_file(path)
            .map_err(|e| format!("error: --schema {table}: {e}\n"))?;
        options.catalog.user.insert(table.to_string(), columns);
    }
    Ok(options)
}

/// Adds the ES|QL field types of a `--schema` file (an index mapping JSON, or
/// `name:type` lines) to `options`; `true` when the file is a mapping, which only
/// ES|QL reads.
fn add_esql_fields(path: &str, options: &mut CheckOptions) -> Result<bool, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("error: --schema {path}: {e}\n"))?;
    let mapping = text.trim_start().starts_with('{') && text.contains("\"properties\"");
    if let Ok(fields) = crate::check::esql::types::FieldTypes::parse(&text) {
        options.esql_fields = options.esql_fields.merged(&fields);
    } else if mapping {
        return Err(format!(
            "error: --schema {path}: not an index mapping JSON\n"
        ));
    }
    Ok(mapping)
}

/// Every `TABLE.schema` file of a folder, as `--schema TABLE=FILE` each.
fn load_schema_folder(dir: &str, options: &mut CheckOptions) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("error: --schema {dir}: {e}\n"))?;
    for entry in entries.filter_map(std::result::Result::ok) {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("schema") {
            continue;
        }
        let Some(table) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let columns = crate::schema::load_schema_file(&path)
            .map_err(|e| format!("error: --schema {}: {e}\n", path.display()))?;
        options.catalog.user.insert(table.to_string(), columns);
    }
    Ok(())
}

/// The file's diagnostics in the order of their position in the file.
fn sorted(mut file: FileDiagnostics) -> FileDiagnostics {
    let mut diagnostics = std::mem::take(&mut file.diagnostics);
    diagnostics.sort_by_key(|d| file.file_range(d.span).0);
    file.diagnostics = diagnostics;
    file
}

/// `checked 3 files: 0 errors, 1 warning`, plus unreadable paths when there were any.
pub fn summary(files: &[FileDiagnostics], input_errors: usize) -> String {
    let count = |severity| {
        files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    };
    let mut line = format!(
        "checked {}: {}, {}",
        plural(files.len(), "file"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning")
    );
    let infos = count(Severity::Info);
    if infos > 0 {
        line.push_str(&format!(", {}", plural(infos, "info")));
    }
    if input_errors > 0 {
        line.push_str(&format!(
            "; {} could not be read",
            plural(input_errors, "input")
        ));
    }
    line.push('\n');
    line
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_files_errors_and_warnings() {
        let warning = Diagnostic::new(Code::UnusedLet, Span::default(), "w");
        let files = vec![
            FileDiagnostics::in_file("a.kql", "", vec![]),
            FileDiagnostics::in_file("b.kql", "", vec![warning]),
            FileDiagnostics::in_file("c.kql", "", vec![]),
        ];
        assert_eq!(summary(&files, 0), "checked 3 files: 0 errors, 1 warning\n");
        assert_eq!(
            summary(&files[..1], 2),
            "checked 1 file: 0 errors, 0 warnings; 2 inputs could not be read\n"
        );
    }

    #[test]
    fn diagnostics_are_sorted_by_file_position() {
        let late = Diagnostic::new(Code::SyntaxError, Span::new(3, 4), "late");
        let early = Diagnostic::new(Code::SyntaxError, Span::new(0, 1), "early");
        let file = sorted(FileDiagnostics::in_file(
            "q.kql",
            "abcdef",
            vec![late, early],
        ));
        assert_eq!(file.diagnostics[0].message, "early");
    }
}
