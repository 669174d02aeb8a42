//! `kqlc lsp`: run the language server on standard input and output.

use super::exit_code::ExitCode;
use super::{Globals, Streams};
use clap::Args;
use std::io::BufReader;

/// Arguments of `kqlc lsp` (settings come from the editor, see `lsp::settings`).
#[derive(Args, Debug, Clone)]
pub struct LspArgs {
    /// Accepted for editors that pass it; standard input/output is the only transport.
    #[arg(long)]
    pub stdio: bool,
}

/// Serves one editor session on the streams; exits 0 after an orderly shutdown.
pub fn run(_args: &LspArgs, _globals: &Globals, io: &mut Streams<'_>) -> ExitCode {
    let mut input = BufReader::new(&mut *io.stdin);
    match crate::lsp::serve(&mut input, &mut *io.stdout) {
        Ok(0) => ExitCode::Clean,
        Ok(_) => ExitCode::Findings,
        Err(error) => {
            io.error(&format!("error: kqlc lsp: {error}\n"));
            ExitCode::InputError
        }
    }
}
