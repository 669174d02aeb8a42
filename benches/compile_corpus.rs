//! Parses and checks every query of the public corpus in one process, as `kqlc check`
//! does (`parse_kql`, then `check::check_kql`: name resolution, typing, lints, over the
//! built-in schemas), and prints the total time and how many queries have an error.
//! Run with `cargo bench --bench compile_corpus` (`../shared` or `$KQLC_SHARED`).

use kqlc::check::{CheckOptions, check_kql};
use kqlc::diagnostic::Diagnostic;
use std::path::Path;
use std::time::Instant;

/// The allocator of the `kqlc` binary (`src/main.rs`), so that the figure is the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether `kqlc check` finds an error in the query.
fn has_error(text: &str, options: &CheckOptions) -> bool {
    let (query, parsed) = kqlc::parse_kql(text);
    match query {
        Some(q) if !parsed.iter().any(Diagnostic::is_error) => check_kql(&q, text, options)
            .iter()
            .any(Diagnostic::is_error),
        _ => true,
    }
}

fn main() {
    let shared = std::env::var("KQLC_SHARED").unwrap_or_else(|_| "../shared".to_string());
    let path = Path::new(&shared).join("corpus/kql.public.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: {} is absent", path.display());
        return;
    };
    let queries: Vec<String> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|row| row.get("query")?.as_str().map(str::to_string))
        .collect();
    let bytes: usize = queries.iter().map(String::len).sum();
    let options = CheckOptions::default();
    let start = Instant::now();
    let with_errors = queries.iter().filter(|q| has_error(q, &options)).count();
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "parsed and checked {} queries ({:.2} MB) in {seconds:.3}s in one process: {with_errors} with an error",
        queries.len(),
        bytes as f64 / 1e6,
    );
}
