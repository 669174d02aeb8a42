//! `kqlc test [PATH…]`: run every case of the `*.test.yaml` files under the paths.

use super::exit_code::ExitCode;
use super::{Globals, Streams};
use crate::testing::{discover, run_test_file};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct TestArgs {
    /// Test files or directories holding `*.test.yaml` files (default: `corpus`).
    #[arg(value_name = "PATH", default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

pub fn run(args: &TestArgs, globals: &Globals, io: &mut Streams<'_>) -> ExitCode {
    let files = discover(&args.paths);
    if files.is_empty() {
        let shown: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        io.error(&format!("error: no *.test.yaml files under {}\n  help: a test file sits next to its rule, e.g. rule.yaml and rule.test.yaml\n", shown.join(", ")));
        return ExitCode::InputError;
    }
    let (mut passed, mut failed, mut broken) = (0, 0, 0);
    for file in &files {
        let limits = args.limits.limits();
        match crate::exec::budget::with_limits(limits, || run_test_file(file)) {
            Ok(cases) => {
                for case in cases {
                    match case.failure {
                        None => {
                            passed += 1;
                            if !globals.quiet {
                                io.out(&format!("PASS {} :: {}\n", file.display(), case.name));
                            }
                        }
                        Some(why) => {
                            failed += 1;
                            io.out(&format!(
                                "FAIL {} :: {}\n{}\n",
                                file.display(),
                                case.name,
                                indent(&why)
                            ));
                        }
                    }
                }
            }
            Err(why) => {
                broken += 1;
                io.error(&format!("error: {why}\n"));
            }
        }
    }
    io.out(&format!("{passed} passed, {failed} failed\n"));
    if broken > 0 {
        ExitCode::InputError
    } else if failed > 0 {
        ExitCode::Findings
    } else {
        ExitCode::Clean
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
