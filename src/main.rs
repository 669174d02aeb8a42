//! The `kqlc` binary: parse the command line, run it, exit with its status.

use clap::Parser;

/// The stack of the thread that runs the command: deep but valid queries (long operator
/// chains, deep nesting up to the parser's limits) recurse through lowering and
/// checking, and a debug build's frames are large.
const STACK_BYTES: usize = 256 << 20;

fn main() -> std::process::ExitCode {
    let cli = kqlc::cli::Cli::parse();
    let worker = std::thread::Builder::new()
        .name("kqlc".into())
        .stack_size(STACK_BYTES)
        .spawn(move || kqlc::cli::run(&cli));
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code.into(),
        Ok(Err(_)) => std::process::ExitCode::from(101),
        Err(e) => {
            eprintln!("error: cannot start the worker thread: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

/// mimalloc: kqlc allocates many small, short-lived values per row (fields, rows,
/// strings); mimalloc serves them faster than the system allocator. Built with
/// `RUSTFLAGS="--cfg kqlc_system_alloc"`, kqlc keeps the system allocator, which heap
/// profilers such as heaptrack can see into (bench/README.md).
#[cfg(not(kqlc_system_alloc))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
