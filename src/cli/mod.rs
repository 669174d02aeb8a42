//! The `kqlc` command line: global options, subcommands, and [`run()`].

pub mod check;
pub mod exit_code;
pub mod explain;
pub mod fmt;
pub mod inputs;
pub mod language;
pub mod limits;
pub mod lsp;
pub mod run;
pub mod test;
pub mod translate;

pub use exit_code::ExitCode;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};

/// kqlc: check and run the KQL of detection rules.
#[derive(Parser, Debug, Clone)]
#[command(name = "kqlc", version, about, propagate_version = true)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print findings only: no summary line, no progress.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more about what is being done (repeat for more).
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands of `kqlc`.
#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Parse and check rule files; exit 0 when clean, 1 on errors, 2 on bad input.
    Check(check::CheckArgs),
    /// Run a query or rule on tables of JSON/CSV rows and print the result.
    Run(run::RunArgs),
    /// Describe a rule: its stages, indicators and output fields.
    Explain(explain::ExplainArgs),
    /// Run the sample cases of `*.test.yaml` files next to rules; exit 1 on a failure.
    Test(test::TestArgs),
    /// Serve editors over the Language Server Protocol on standard input/output.
    Lsp(lsp::LspArgs),
    /// Format the queries of rule and query files (only blanks change); `--check` lists
    /// the files that are not formatted and exits 1.
    Fmt(fmt::FmtArgs),
    /// Write a query in another language (`--to kql|esql|sql`); exit 1 with findings
    /// when a construct cannot be kept.
    Translate(translate::TranslateArgs),
}

/// The `--color` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

/// The global options as a command needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Globals {
    /// Whether to write colour codes.
    pub color: bool,
    pub quiet: bool,
    pub verbose: u8,
}

/// The streams a command reads and writes; tests pass buffers.
pub struct Streams<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Whether standard output is a terminal (for `--color auto`).
    pub stdout_is_terminal: bool,
}

impl Streams<'_> {
    /// Writes to standard output; a closed pipe is not an error worth reporting.
    pub fn out(&mut self, text: &str) {
        let _ = self.stdout.write_all(text.as_bytes());
    }
    /// Writes to standard error.
    pub fn error(&mut self, text: &str) {
        let _ = self.stderr.write_all(text.as_bytes());
    }
}

/// Runs a parsed command line on the process's standard streams.
pub fn run(cli: &Cli) -> ExitCode {
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    // Not locked for the whole run: the progress line (another thread) writes to stderr too.
    let mut stderr = std::io::stderr();
    let stdout_is_terminal = stdout.is_terminal();
    let mut io = Streams {
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
        stdout_is_terminal,
    };
    run_with(cli, &mut io)
}

/// Runs a parsed command line on the given streams.
pub fn run_with(cli: &Cli, io: &mut Streams<'_>) -> ExitCode {
    let globals = Globals {
        color: use_color(
            cli.color,
            io.stdout_is_terminal,
            std::env::var_os("NO_COLOR").is_some(),
        ),
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let code = match &cli.command {
        Command::Check(args) => check::run(args, &globals, io),
        Command::Run(args) => run::run(args, &globals, io),
        Command::Test(args) => test::run(args, &globals, io),
        Command::Explain(args) => explain::run(args, &globals, io),
        Command::Lsp(args) => lsp::run(args, &globals, io),
        Command::Fmt(args) => fmt::run(args, &globals, io),
        Command::Translate(args) => translate::run(args, &globals, io),
    };
    let _ = io.stdout.flush();
    code
}

/// Whether to colour: always, never, or on a terminal without `NO_COLOR`.
pub fn use_color(choice: ColorChoice, is_terminal: bool, no_color: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && !no_color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn auto_colour_needs_a_terminal_and_no_no_color() {
        assert!(use_color(ColorChoice::Auto, true, false));
        assert!(!use_color(ColorChoice::Auto, true, true));
        assert!(!use_color(ColorChoice::Auto, false, false));
        assert!(use_color(ColorChoice::Always, false, true));
        assert!(!use_color(ColorChoice::Never, true, false));
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let cli =
            Cli::try_parse_from(["kqlc", "check", "-q", "--color", "never", "x.kql"]).unwrap();
        assert!(cli.quiet);
        assert_eq!(cli.color, ColorChoice::Never);
        let cli = Cli::try_parse_from(["kqlc", "-vv", "check", "x.kql"]).unwrap();
        assert_eq!(cli.verbose, 2);
    }
}
