//! `kqlc fmt PATH…`: format the queries of rule and query files in place, or check
//! that they are formatted (`--check`), or format standard input to standard output.

use super::exit_code::ExitCode;
use super::inputs::{self, Input};
use super::language::{LanguageArg, stdin_language};
use super::{Globals, Streams};
use crate::fmt::rule_file::{FileError, format_file, format_plain};
use crate::fmt::{DEFAULT_WIDTH, FmtOptions};
use crate::source::LineIndex;
use clap::Args;

/// Arguments of `kqlc fmt`.
#[derive(Args, Debug, Clone)]
pub struct FmtArgs {
    /// Files (.kql, .csl, .esql queries; .yaml/.yml Sentinel rules; .toml Elastic
    /// rules) or directories to search for them; `-` formats standard input to
    /// standard output.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Change nothing: list the files that are not formatted and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// The language of query files and standard input, whatever their extension says.
    #[arg(long, value_enum, value_name = "LANGUAGE")]
    pub language: Option<LanguageArg>,
    /// The line width long lines are wrapped at.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_WIDTH as u16, value_parser = clap::value_parser!(u16).range(20..))]
    pub width: u16,
}

/// What became of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Unchanged,
    Changed,
    /// Not formatted: a syntax error or an unusable rule (exit 1).
    Failed,
    /// Could not be read or written (exit 2).
    InputError,
}

/// Formats every input; the exit code is the worst outcome's.
pub fn run(args: &FmtArgs, globals: &Globals, io: &mut Streams<'_>) -> ExitCode {
    let options = FmtOptions {
        width: usize::from(args.width),
    };
    let (inputs, errors) = inputs::collect(&args.paths);
    for error in &errors {
        io.error(&error.render());
    }
    let mut outcomes = Vec::with_capacity(inputs.len());
    for input in &inputs {
        outcomes.push(format_input(input, args, &options, globals, io));
    }
    let changed = outcomes.iter().filter(|&&o| o == Outcome::Changed).count();
    if !globals.quiet && inputs.iter().any(|i| *i != Input::Stdin) {
        let verb = if args.check {
            "would be reformatted"
        } else {
            "reformatted"
        };
        io.error(&format!("{} of {} files {verb}\n", changed, outcomes.len()));
    }
    if !errors.is_empty() || outcomes.contains(&Outcome::InputError) {
        ExitCode::InputError
    } else if outcomes.contains(&Outcome::Failed) || (args.check && changed > 0) {
        ExitCode::Findings
    } else {
        ExitCode::Clean
    }
}

/// Formats one input: in place, to standard output (for `-`), or only compared (`--check`).
fn format_input(
    input: &Input,
    args: &FmtArgs,
    options: &FmtOptions,
    globals: &Globals,
    io: &mut Streams<'_>,
) -> Outcome {
    let path = input.display_path().to_string();
    let text = match input
        .read(&mut *io.stdin)
        .map_err(|e| e.render())
        .and_then(|bytes| {
            crate::rules::decode_text(&path, &bytes)
                .map(str::to_string)
                .map_err(|d| format!("error: {}\n", d.message))
        }) {
        Ok(text) => text,
        Err(message) => {
            io.error(&message);
            return Outcome::InputError;
        }
    };
    let language = args.language.map(LanguageArg::language);
    let result = match input {
        Input::Stdin => format_plain(
            &text,
            language.unwrap_or_else(|| stdin_language(&text)),
            options,
        ),
        Input::File(path) => format_file(path, &text, language, options),
    };
    let formatted = match result {
        Ok(formatted) => formatted,
        Err(error) => return report(&path, &text, &error, io),
    };
    let changed = formatted != text;
    match input {
        Input::Stdin if !args.check => io.out(&formatted),
        Input::File(_) if args.check && changed => io.out(&format!("would reformat {path}\n")),
        Input::File(_) if changed => {
            if let Err(e) = std::fs::write(&path, &formatted) {
                io.error(&format!("error: cannot write '{path}': {e}\n"));
                return Outcome::InputError;
            }
            if globals.verbose > 0 {
                io.error(&format!("reformatted {path}\n"));
            }
        }
        _ => {}
    }
    if changed {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    }
}

/// Reports why a file was left alone: `error: FILE:LINE:COL: message [CODE]`.
fn report(path: &str, text: &str, error: &FileError, io: &mut Streams<'_>) -> Outcome {
    let at = |offset: usize| {
        let (line, col) = LineIndex::new(text).line_col(text, offset);
        format!("{path}:{line}:{col}")
    };
    match error {
        FileError::Invalid(d) => {
            io.error(&format!(
                "error: {}: {} [{}]\n",
                at(d.span.start as usize),
                d.message,
                d.code.id()
            ));
            Outcome::Failed
        }
        FileError::Syntax(diagnostics) => {
            for d in diagnostics {
                io.error(&format!(
                    "error: {}: {} [{}]\n",
                    at(d.span.start as usize),
                    d.message,
                    d.code.id()
                ));
            }
            io.error(&format!(
                "  help: the file is left as it is; `kqlc check {path}` shows the errors in context\n"
            ));
            Outcome::Failed
        }
        FileError::Skipped(reason) => {
            io.error(&format!("note: {path}: not formatted: {reason}\n"));
            Outcome::Unchanged
        }
        FileError::Internal(reason) => {
            io.error(&format!(
                "error: {path}: not formatted: {reason}\n  help: this is a kqlc bug; please report it with the query\n"
            ));
            Outcome::Failed
        }
    }
}
