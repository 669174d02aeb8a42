//! Parses the whole public corpus N times and prints queries/s and MB/s.
//! Run with `cargo bench --bench parse_corpus` (the shared directory is `../shared`,
//! or `$KQLC_SHARED`; `$KQLC_BENCH_ROUNDS` sets N, default 5).

use kqlc::syntax::kql::parse;
use std::path::Path;
use std::time::Instant;

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
        .filter_map(|row| {
            row.get("query")
                .and_then(|q| q.as_str())
                .map(str::to_string)
        })
        .collect();
    let bytes: usize = queries.iter().map(String::len).sum();
    let rounds: usize = std::env::var("KQLC_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let mut clean = 0usize;
    let start = Instant::now();
    for _ in 0..rounds {
        for query in &queries {
            let (_, diagnostics) = parse(query);
            clean += usize::from(diagnostics.is_empty());
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let parsed = (queries.len() * rounds) as f64;
    println!(
        "parsed {} queries ({:.2} MB) x {rounds} in {seconds:.3}s: {:.0} queries/s, {:.2} MB/s ({} clean per round)",
        queries.len(),
        bytes as f64 / 1e6,
        parsed / seconds,
        (bytes * rounds) as f64 / 1e6 / seconds,
        clean / rounds.max(1)
    );
}
