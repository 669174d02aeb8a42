//! Parses and lowers (name resolution, typing, column pruning: `kqlc::compile_kql`) every
//! query of the public corpus in one process, over `kqlc check`'s catalog (built-in
//! schemas closed, other tables open: columns taken on use), and prints the total time. Run with `cargo bench --bench compile_corpus` (`../shared` or `$KQLC_SHARED`).

use kqlc::check::catalog::CheckCatalog;
use std::path::Path;
use std::time::Instant;

/// The allocator of the `kqlc` binary (`src/main.rs`), so that the figure is the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let start = Instant::now();
    let compiled = queries
        .iter()
        .filter(|q| kqlc::compile_kql(q, &CheckCatalog::default()).is_ok())
        .count();
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "compiled {} queries ({:.2} MB) in {seconds:.3}s in one process: {compiled} to a plan, {} with findings",
        queries.len(),
        bytes as f64 / 1e6,
        queries.len() - compiled
    );
}
