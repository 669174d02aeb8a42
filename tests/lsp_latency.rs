//! Latency of `kqlc lsp`: from a `didChange` sent to its `publishDiagnostics` received,
//! on the largest query of the public corpus and on a rule of about 200 lines. Ignored
//! by default and never asserting a time; run it on a release build to get the figures:
//!
//! ```sh
//! cargo test --release lsp_latency:: -- --ignored --nocapture
//! ```

use crate::common;
use crate::lsp_client;

use lsp_client::Client;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Median and maximum of `runs` edits (insert a space at the end of line 0, then
/// remove it), each timed from `didChange` to its diagnostics.
fn measure(client: &mut Client, uri: &str, text: &str, runs: usize) -> (Duration, Duration) {
    client.open(uri, text);
    client.diagnostics(uri);
    let first_line_len: u32 = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .map(|c| c.len_utf16() as u32)
        .sum();
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        let version = i as i32 + 2;
        let started = Instant::now();
        if i % 2 == 0 {
            client.edit(uri, version, (0, first_line_len), (0, first_line_len), " ");
        } else {
            client.edit(
                uri,
                version,
                (0, first_line_len),
                (0, first_line_len + 1),
                "",
            );
        }
        client.diagnostics(uri);
        times.push(started.elapsed());
    }
    times.sort();
    (times[times.len() / 2], times[times.len() - 1])
}

fn corpus() -> Option<Vec<String>> {
    common::corpus_queries("corpus/kql.public.jsonl", 1)
}

#[test]
#[ignore = "prints latency figures; run on a release build"]
fn change_to_diagnostics_latency() {
    let Some(queries) = corpus() else {
        eprintln!("skipped: ../shared/corpus/kql.public.jsonl is absent");
        return;
    };
    let largest = queries
        .iter()
        .max_by_key(|q| q.len())
        .cloned()
        .unwrap_or_default();
    let about_200_lines = queries
        .iter()
        .min_by_key(|q| q.lines().count().abs_diff(200))
        .cloned()
        .unwrap_or_default();
    let seed_001 = std::fs::read_to_string(
        "corpus/rules/workload-identity-multiple-sps-created-by-single-principal.kql",
    )
    .unwrap_or_default();
    let (mut client, _) = Client::start(Value::Null);
    for (name, text) in [
        ("largest corpus query", &largest),
        ("~200-line rule", &about_200_lines),
        ("seed 001", &seed_001),
    ] {
        let (median, max) = measure(
            &mut client,
            &format!("file:///{}.kql", name.len()),
            text,
            21,
        );
        println!(
            "{name}: {} lines, {} bytes: didChange -> publishDiagnostics median {:.1} ms, max {:.1} ms",
            text.lines().count(),
            text.len(),
            median.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3
        );
    }
    // Requests at the end of the largest query (the last line, character 4).
    let uri = "file:///largest.kql";
    client.open(uri, &largest);
    client.diagnostics(uri);
    let last = largest.lines().count() as u32 - 1;
    for method in ["textDocument/completion", "textDocument/hover"] {
        let mut times = Vec::new();
        for _ in 0..11 {
            let started = Instant::now();
            let answer = client.at(method, uri, last, 4);
            times.push(started.elapsed());
            assert!(answer.is_ok(), "{answer:?}");
        }
        times.sort();
        println!(
            "largest corpus query: {method} median {:.1} ms",
            times[times.len() / 2].as_secs_f64() * 1e3
        );
    }
    assert_eq!(client.shutdown(), Some(0));
}

/// Median time of `runs` requests `method` at (`line`, `character`).
fn request_median(
    client: &mut Client,
    method: &str,
    uri: &str,
    (line, character): (u32, u32),
    runs: usize,
) -> Duration {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let answer = client.at(method, uri, line, character);
        times.push(started.elapsed());
        assert!(answer.is_ok(), "{answer:?}");
    }
    times.sort();
    times[times.len() / 2]
}

#[test]
#[ignore = "prints latency figures; run on a release build"]
fn esql_change_completion_and_hover_latency() {
    let Some(text) =
        std::fs::read_to_string(lsp_client::shared_file("corpus/esql.public.jsonl")).ok()
    else {
        eprintln!("skipped: ../shared/corpus/esql.public.jsonl is absent");
        return;
    };
    let largest = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["query"].as_str().map(str::to_string))
        .max_by_key(|q| q.len())
        .unwrap_or_default();
    let seed_002 =
        std::fs::read_to_string("corpus/rules/azure-ad-graph-4xx-ratio.toml").unwrap_or_default();
    let (mut client, _) = Client::start(Value::Null);
    for (name, uri, text) in [
        (
            "largest ES|QL corpus query",
            "file:///largest.esql",
            &largest,
        ),
        ("seed 002", "file:///seed002.toml", &seed_002),
    ] {
        let (median, max) = measure(&mut client, uri, text, 21);
        let last = text.lines().count() as u32 - 1;
        let at = (last.saturating_sub(1), 3);
        let completion = request_median(&mut client, "textDocument/completion", uri, at, 11);
        let hover = request_median(&mut client, "textDocument/hover", uri, at, 11);
        println!(
            "{name}: {} lines, {} bytes: didChange -> publishDiagnostics median {:.1} ms (max {:.1} ms); completion {:.1} ms, hover {:.1} ms",
            text.lines().count(),
            text.len(),
            median.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
            completion.as_secs_f64() * 1e3,
            hover.as_secs_f64() * 1e3,
        );
    }
    assert_eq!(client.shutdown(), Some(0));
}
