//! `kqlc explain RULE`: the rule's stages, indicators and output fields, as a table
//! or (`--format json`) as JSON for tools.

use super::exit_code::ExitCode;
use super::inputs;
use super::{Globals, Streams};
use crate::check::CheckOptions;
use crate::check::explain::{explain, render_table};
use crate::diagnostic::render::{FileDiagnostics, human};
use crate::rules;
use crate::syntax::kql;
use clap::{Args, ValueEnum};

/// Arguments of `kqlc explain`.
#[derive(Args, Debug, Clone)]
pub struct ExplainArgs {
    /// A rule file (.yaml Sentinel rule, .kql query).
    #[arg(value_name = "RULE")]
    pub rule: String,
    /// How to print the description.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Output formats of `kqlc explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text tables.
    Table,
    /// One JSON object: `stages`, `indicators`, `outputs`.
    Json,
}

/// Runs `kqlc explain`: exit 0 with the description, 1 when the query does not
/// parse or lower (the findings are printed), 2 when the file cannot be read.
pub fn run(args: &ExplainArgs, globals: &Globals, io: &mut Streams<'_>) -> ExitCode {
    let (inputs, errors) = inputs::collect(std::slice::from_ref(&args.rule));
    if let Some(error) = errors.first() {
        io.error(&error.render());
        return ExitCode::InputError;
    }
    let Some(input) = inputs.first() else {
        return ExitCode::InputError;
    };
    let bytes = match input.read(io.stdin) {
        Ok(bytes) => bytes,
        Err(error) => {
            io.error(&error.render());
            return ExitCode::InputError;
        }
    };
    let path = input.display_path();
    let rule = match rules::load_bytes(path, &bytes) {
        Ok(rule) => rule,
        Err(d) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            io.error(&human::render(
                &FileDiagnostics::in_file(path, text, vec![d]),
                globals.color,
            ));
            return ExitCode::Findings;
        }
    };
    let (query, diagnostics) = kql::parse(&rule.query);
    let result = match query {
        Some(q) if !diagnostics.iter().any(|d| d.is_error()) => {
            explain(&q, &rule.query, &CheckOptions::default()).map_err(|d| vec![d])
        }
        _ => Err(diagnostics),
    };
    match result {
        Ok(explanation) => {
            match args.format {
                Format::Table => io.out(&render_table(&explanation)),
                Format::Json => io.out(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&explanation).unwrap_or_default()
                )),
            }
            ExitCode::Clean
        }
        Err(found) => {
            io.error(&human::render(
                &FileDiagnostics::new(rule.path, rule.text, rule.query_map, found),
                globals.color,
            ));
            ExitCode::Findings
        }
    }
}
