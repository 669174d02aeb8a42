//! Globs, folders and compressed files as `--table` inputs: an Azure Monitor export
//! folder (`…/y=2026/m=06/d=01/h=10/m=00/PT1H.json`, JSON Lines despite the name, some
//! blobs gzipped) given as one glob or one directory reads as the concatenation of its
//! blobs in path order; `.gz` (every member) and `.zst` files are read in every format.

use crate::common;

use common::provisioning::{generated_rows, run_seed000, scratch, seed000_query};
use flate2::Compression;
use flate2::write::GzEncoder;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// Splits JSON Lines rows into export blobs by the 10-minute slot of their
/// TimeGenerated (`y=2026/m=06/d=01/h=10/m=40/PT1H.json`), gzipping every other blob;
/// returns the blobs' rows concatenated in path order.
fn write_export(jsonl: &Path, root: &Path) -> String {
    let text = std::fs::read_to_string(jsonl).expect("read the rows");
    let mut blobs: BTreeMap<String, String> = BTreeMap::new();
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("a JSON row");
        let time = row["TimeGenerated"].as_str().expect("a TimeGenerated");
        let (year, month, day) = (&time[0..4], &time[5..7], &time[8..10]);
        let (hour, minute) = (&time[11..13], &time[14..15]);
        let folder = format!("y={year}/m={month}/d={day}/h={hour}/m={minute}0");
        let blob = blobs.entry(folder).or_default();
        blob.push_str(line);
        blob.push('\n');
    }
    assert!(blobs.len() >= 6, "the rows span at least an hour");
    let mut concatenated = String::new();
    for (i, (folder, rows)) in blobs.iter().enumerate() {
        let dir = root.join(folder);
        std::fs::create_dir_all(&dir).expect("blob folder");
        if i % 2 == 0 {
            std::fs::write(dir.join("PT1H.json"), rows).expect("blob");
        } else {
            std::fs::write(dir.join("PT1H.json.gz"), gzip(rows.as_bytes())).expect("blob");
        }
        concatenated.push_str(rows);
    }
    concatenated
}

#[test]
fn an_export_folder_given_as_a_glob_or_a_directory_returns_the_rows_of_the_concatenated_blobs() {
    let dir = scratch("globs-export");
    let (Some(jsonl), Some(query)) = (generated_rows(&dir, 20_000), seed000_query(&dir, 3)) else {
        return;
    };
    let export = dir.join("WorkspaceResourceId=ws");
    let concatenated = dir.join("concatenated.jsonl");
    std::fs::write(&concatenated, write_export(&jsonl, &export)).expect("concatenation");
    let expected = run_seed000(&query, &[&concatenated.to_string_lossy()], "1");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&expected).expect("JSON rows");
    assert!(rows.len() > 10, "seed 000 returns groups: {expected}");
    let glob = format!("{}/**/PT1H.json*", export.display());
    for threads in ["1", "2"] {
        assert_eq!(
            run_seed000(&query, &[&glob], threads),
            expected,
            "glob, {threads} threads"
        );
    }
    let folder = export.to_string_lossy();
    assert_eq!(run_seed000(&query, &[&folder], "2"), expected, "directory");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `kqlc run` of a `.kql` query over `--table T=FILE…`, printing JSON; (exit code, stdout, stderr).
fn run_table(dir: &Path, query: &str, files: &[&str]) -> (i32, String, String) {
    let query_file = dir.join("q.kql");
    std::fs::write(&query_file, query).expect("query file");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kqlc"));
    command
        .arg("run")
        .arg(&query_file)
        .args(["--format", "json"]);
    for file in files {
        command.arg("--table").arg(format!("T={file}"));
    }
    let output = command.output().expect("kqlc runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn compact(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .unwrap_or_else(|e| panic!("JSON output ({e}): {json}"))
        .to_string()
}

#[test]
fn gzip_and_zstd_files_are_read_in_every_format() {
    let dir = scratch("globs-compressed");
    let csv = "Name,N:long\na,1\nb,2\n";
    std::fs::write(
        dir.join("t.csv.zst"),
        zstd::encode_all(csv.as_bytes(), 3).expect("zstd"),
    )
    .expect("write");
    std::fs::write(dir.join("t.json.gz"), gzip(br#"[{"Name":"c","N":3}]"#)).expect("write");
    let graph = r#"{"@odata.context":"x","value":[{"Name":"d","N":4}]}"#;
    std::fs::write(
        dir.join("graph.json.zst"),
        zstd::encode_all(graph.as_bytes(), 3).unwrap(),
    )
    .expect("write");
    // Two gzip members one after the other (as `cat a.gz b.gz` makes): both are read.
    let mut members = gzip(b"{\"Name\":\"e\",\"N\":5}\n");
    members.extend(gzip(b"{\"Name\":\"f\",\"N\":6}\n"));
    std::fs::write(dir.join("lines.jsonl.gz"), members).expect("write");
    let files = ["t.csv.zst", "t.json.gz", "graph.json.zst", "lines.jsonl.gz"]
        .map(|f| dir.join(f).to_string_lossy().into_owned());
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, out, err) = run_table(&dir, "T | project Name, N", &files);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        compact(&out),
        r#"[{"Name":"a","N":1},{"Name":"b","N":2},{"Name":"c","N":3},{"Name":"d","N":4},{"Name":"e","N":5},{"Name":"f","N":6}]"#
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_reads_its_table_files_recursively_in_path_order_and_skips_others() {
    let dir = scratch("globs-directory");
    let data = dir.join("data");
    std::fs::create_dir_all(data.join("b/c")).expect("folders");
    std::fs::write(data.join("b/c/2.jsonl"), "{\"N\":2}\n").expect("write");
    std::fs::write(data.join("a.jsonl"), "{\"N\":1}\n").expect("write");
    std::fs::write(data.join("b/3.json.gz"), gzip(b"{\"N\":3}\n")).expect("write");
    std::fs::write(data.join("notes.txt"), "not a table").expect("write");
    std::fs::write(data.join(".hidden.jsonl"), "{\"N\":9}\n").expect("write");
    let (code, out, err) = run_table(&dir, "T | project N", &[&data.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    // Path order: a.jsonl < b/3.json.gz < b/c/2.jsonl.
    assert_eq!(compact(&out), r#"[{"N":1},{"N":3},{"N":2}]"#);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_glob_matching_nothing_is_a_usage_error_naming_the_pattern() {
    let dir = scratch("globs-nothing");
    let pattern = format!("{}/export/**/PT1H.json*", dir.display());
    let (code, out, err) = run_table(&dir, "T", &[&pattern]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains(&pattern), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_gzip_file_is_an_input_error_naming_the_file() {
    let dir = scratch("globs-corrupt");
    let mut bytes = gzip(b"{\"N\":1}\n{\"N\":2}\n");
    let middle = bytes.len() / 2;
    bytes.truncate(middle);
    let path = dir.join("cut.jsonl.gz");
    std::fs::write(&path, bytes).expect("write");
    let (code, _, err) = run_table(&dir, "T", &[&path.to_string_lossy()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cut.jsonl.gz"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
