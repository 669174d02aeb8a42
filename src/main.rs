//! The `kqlc` binary: parse the command line, run it, exit with its status.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = kqlc::cli::Cli::parse();
    kqlc::cli::run(&cli).into()
}
