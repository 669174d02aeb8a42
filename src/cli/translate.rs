//! `kqlc translate FILE --to kql|esql|sql`: print a query in another language, or the
//! findings that say which constructs cannot be kept (exit 1).

use super::exit_code::ExitCode;
use super::inputs::Input;
use super::language::{LanguageArg, stdin_language};
use super::{Globals, Streams};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::render::{FileDiagnostics, human, json};
use crate::rules::{self, RuleFile};
use crate::translate::{self, Dialect, Target};
use clap::{Args, ValueEnum};

/// Arguments of `kqlc translate`.
#[derive(Args, Debug, Clone)]
pub struct TranslateArgs {
    /// The query: a `.kql` or `.esql` file, a Sentinel rule (`.yaml`), an Elastic rule
    /// (`.toml`), or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub path: String,
    /// The language to write.
    #[arg(long, value_enum)]
    pub to: ToArg,
    /// The SQL dialect of `--to sql`.
    #[arg(long, value_enum, default_value_t = DialectArg::Duckdb)]
    pub dialect: DialectArg,
    /// The language of the input, whatever its extension says (`.txt`, stdin).
    #[arg(long, value_enum, value_name = "LANGUAGE")]
    pub language: Option<LanguageArg>,
    /// `text` prints the query; `json` prints `{"query": …, "findings": […]}`.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write a whole rule: a Sentinel rule `--to esql` as an Elastic ES|QL rule (TOML),
    /// an Elastic rule `--to kql` as a Sentinel rule (YAML).
    #[arg(long)]
    pub rule: bool,
}

/// The `--to` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ToArg {
    Kql,
    Esql,
    Sql,
}

/// The `--dialect` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    Duckdb,
    Spark,
}

/// The `--format` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

impl TranslateArgs {
    fn target(&self) -> Target {
        match (self.to, self.dialect) {
            (ToArg::Kql, _) => Target::Kql,
            (ToArg::Esql, _) => Target::Esql,
            (ToArg::Sql, DialectArg::Duckdb) => Target::Sql(Dialect::DuckDb),
            (ToArg::Sql, DialectArg::Spark) => Target::Sql(Dialect::Spark),
        }
    }
}

/// Runs `kqlc translate`: exit 0 with the translated query, 1 with the findings that
/// stop it, 2 when the file cannot be read.
pub fn run(args: &TranslateArgs, globals: &Globals, io: &mut Streams<'_>) -> ExitCode {
    let rule = match load(args, io) {
        Ok(rule) => rule,
        Err(code) => return code,
    };
    let result = translate::compile::compile(&rule.query, rule.language)
        .and_then(|plan| translate::translate(&plan, args.target()));
    let result = match (args.rule, result) {
        (true, Ok(query)) => match whole_rule(&rule, args.target(), &query) {
            Some(text) => Ok(text),
            None => {
                io.error("error: --rule translates a Sentinel rule --to esql or an Elastic rule --to kql\n");
                return ExitCode::InputError;
            }
        },
        (_, result) => result,
    };
    match (result, args.format) {
        (Ok(query), Format::Text) => {
            io.out(&format!("{}\n", query.trim_end()));
            ExitCode::Clean
        }
        (Ok(query), Format::Json) => {
            let value = serde_json::json!({ "query": query, "findings": [] });
            io.out(&format!("{value:#}\n"));
            ExitCode::Clean
        }
        (Err(findings), format) => {
            report(rule, findings, format, globals, io);
            ExitCode::Findings
        }
    }
}

/// The whole rule around a translated query, when the input is a rule of the other side.
fn whole_rule(rule: &RuleFile, target: Target, query: &str) -> Option<String> {
    use crate::source::Language;
    match (target, rule.language, rule.elastic.is_some()) {
        (Target::Esql, Language::Kql, false) => Some(translate::rule::to_elastic_toml(rule, query)),
        (Target::Kql, Language::Esql, true) => Some(translate::rule::to_sentinel_yaml(rule, query)),
        _ => None,
    }
}

/// Reads the input and takes its query; a file that cannot be read or is not a rule is
/// reported here (exit 2, or 1 for a rule file with findings).
fn load(args: &TranslateArgs, io: &mut Streams<'_>) -> Result<RuleFile, ExitCode> {
    let input = if args.path == "-" {
        Input::Stdin
    } else {
        Input::File(args.path.clone())
    };
    let bytes = input.read(io.stdin).map_err(|e| {
        io.error(&e.render());
        ExitCode::InputError
    })?;
    let path = input.display_path();
    let mut rule = rules::load_bytes(path, &bytes).map_err(|d| {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        io.error(&human::render(
            &FileDiagnostics::in_file(path, text, vec![d]),
            false,
        ));
        ExitCode::Findings
    })?;
    rule.language = match (args.language, &input) {
        (Some(choice), _) => choice.language(),
        (None, Input::Stdin) => stdin_language(&rule.query),
        (None, Input::File(_)) => rule.language,
    };
    Ok(rule)
}

/// Prints the findings at their place in the file: for people on stderr, as JSON on stdout.
fn report(
    rule: RuleFile,
    findings: Vec<Diagnostic>,
    format: Format,
    globals: &Globals,
    io: &mut Streams<'_>,
) {
    let file = FileDiagnostics::new(rule.path, rule.text, rule.query_map, findings);
    match format {
        Format::Text => io.error(&human::render(&file, globals.color)),
        Format::Json => {
            let findings = json::to_value(std::slice::from_ref(&file));
            let value = serde_json::json!({ "query": null, "findings": findings });
            io.out(&format!("{value:#}\n"));
        }
    }
}
