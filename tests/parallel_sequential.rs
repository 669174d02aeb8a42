//! The parallel scan (JSON Lines split into chunks at line breaks, one thread per chunk,
//! partial `summarize` states merged in chunk order) gives exactly the sequential result:
//! the same rows in the same order, for streaming plans and for `summarize`.

use kqlc::exec::parallel::Parallelism;
use kqlc::exec::{TableSource, run_with};
use kqlc::io::Format;
use kqlc::io::tables::FileTables;
use kqlc::run::table_input;
use kqlc::value::{Table, Value};
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

/// 2026-06-01T12:00:00Z in ticks, the `now` of every run here.
const NOW: i64 = 17_803_152_000_000_000;

/// A deterministic pseudo-random sequence (an LCG), so the data is the same every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// `rows` JSON Lines rows of a provisioning-like log: a BOM first, blank lines, CRLF
/// line ends, escaped JSON-in-a-string fields, missing and null fields here and there,
/// a nested `Data` object (with brackets and escapes inside its strings).
fn generate(rows: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut text = String::from("\u{feff}");
    for i in 0..rows {
        let minute = rng.below(120);
        let result = ["Success", "Failure", "failure", "Skipped"][rng.below(4) as usize];
        let job = format!("job-{}", rng.below(7));
        let target = format!("user{}", rng.below(40));
        let kind = ["User", "Group", "urn:\\\"x\\\""][rng.below(3) as usize];
        let code = ["E1", "E2", "E3", "E4", "E5"][rng.below(5) as usize];
        let duration = if rng.below(10) == 0 {
            "null".to_string()
        } else {
            rng.below(10_000).to_string()
        };
        let _ = write!(
            text,
            "{{\"TimeGenerated\":\"2026-06-01T{:02}:{:02}:{:02}Z\",\"ResultType\":\"{result}\",\
             \"JobId\":\"{job}\",\"DurationMs\":{duration},\"Code\":\"{code}\",\
             \"Target\":\"{{\\\"IdentityType\\\": \\\"{kind}\\\", \\\"Name\\\": \\\"{target}\\\"}}\",\
             \"Data\":{{\"MemberId\":\"{target}\",\"Scope\":{{\"Ids\":[{i},{{\"k\":\"]}}\\\"\"}}],\"Up\":null}}}},\
             \"Seq\":{i}}}",
            10 + minute / 60,
            minute % 60,
            rng.below(60)
        );
        text.push_str(match rng.below(10) {
            0 => "\r\n",
            1 => "\n\n",
            _ => "\n",
        });
    }
    text
}

/// Writes the generated data as `files` files in a scratch folder of this test.
fn data_files(test: &str, rows: usize, files: usize) -> Vec<PathBuf> {
    let dir = std::env::temp_dir().join(format!("kqlc-parallel-{}-{test}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    (0..files)
        .map(|f| {
            let path = dir.join(format!("part{f}.jsonl"));
            fs::write(&path, generate(rows / files, 7 + f as u64)).unwrap();
            path
        })
        .collect()
}

fn tables(paths: Vec<PathBuf>) -> FileTables {
    FileTables::new(vec![table_input("Events", paths, Format::JsonLines)]).unwrap()
}

/// Chunks as small as one byte, so that chunk edges fall inside lines.
fn threads(n: usize) -> Parallelism {
    Parallelism {
        threads: n,
        min_chunk_bytes: 1,
    }
}

fn run(query: &str, tables: &FileTables, parallelism: Parallelism) -> Table {
    let plan = kqlc::compile_kql(query, tables).unwrap();
    run_with(&plan, tables, NOW, parallelism).unwrap()
}

/// Each row as text, so a difference names the row and the value.
fn rows(table: &Table) -> Vec<String> {
    table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(Value::to_json)
                .map(|j| j.to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

/// Runs `query` sequentially and with 2 to 7 threads; asserts identical rows, in order.
fn assert_parallel_matches_sequential(query: &str, tables: &FileTables) -> usize {
    let sequential = rows(&run(query, tables, Parallelism::sequential()));
    for n in 2..=7 {
        let parallel = rows(&run(query, tables, threads(n)));
        assert_eq!(
            parallel.len(),
            sequential.len(),
            "{n} threads: row count of {query}"
        );
        for (i, (p, s)) in parallel.iter().zip(&sequential).enumerate() {
            assert_eq!(p, s, "{n} threads, row {i} of {query}");
        }
    }
    sequential.len()
}

#[test]
fn streaming_plan_reads_every_line_once_in_input_order() {
    let tables = tables(data_files("streaming", 3000, 3));
    let query = "Events | extend Kind = tostring(parse_json(Target).IdentityType) \
                 | project Seq, TimeGenerated, ResultType, Kind, DurationMs";
    assert_eq!(assert_parallel_matches_sequential(query, &tables), 3000);
}

#[test]
fn filtered_streaming_plan_matches_sequential() {
    let tables = tables(data_files("filtered", 3000, 2));
    let query = "Events | where TimeGenerated > ago(1h) | where ResultType =~ 'failure' \
                 | extend Name = tostring(parse_json(Target).Name)";
    assert!(assert_parallel_matches_sequential(query, &tables) > 100);
}

#[test]
fn summarize_groups_and_aggregates_match_sequential_in_first_seen_order() {
    let tables = tables(data_files("summarize", 4000, 2));
    let query = "Events \
        | where TimeGenerated > ago(1h) | where ResultType =~ 'Failure' \
        | extend Kind = tostring(parse_json(Target).IdentityType) \
        | summarize Failures = count(), Targets = dcount(Target), Codes = make_set(Code, 3), \
            AllCodes = make_set(Code), Durations = make_list(DurationMs, 5), \
            First = min(TimeGenerated), Last = max(TimeGenerated), Total = sum(DurationMs), \
            Latest = arg_max(TimeGenerated, Seq) by JobId, Kind";
    assert!(assert_parallel_matches_sequential(query, &tables) > 5);
}

#[test]
fn summarize_without_keys_and_operators_after_it_match_sequential() {
    let tables = tables(data_files("after", 2000, 1));
    assert_eq!(
        assert_parallel_matches_sequential(
            "Events | summarize count(), dcount(JobId), sum(DurationMs), avg(DurationMs)",
            &tables
        ),
        1
    );
    let query =
        "Events | summarize n = count() by JobId | where n > 10 | order by n desc, JobId asc";
    assert!(assert_parallel_matches_sequential(query, &tables) > 0);
    let none = "Events | where ResultType == 'none' | summarize count() by JobId";
    assert_eq!(assert_parallel_matches_sequential(none, &tables), 0);
}

#[test]
fn plans_the_parallel_path_does_not_take_still_run_correctly() {
    let tables = tables(data_files("other", 1000, 1));
    for query in [
        "Events | take 5",
        "Events | order by Seq desc | take 3",
        "Events | extend n = row_number() | where n < 4",
        "Events | where JobId in ((Events | where DurationMs > 9990 | project JobId)) | count",
    ] {
        assert_parallel_matches_sequential(query, &tables);
    }
}

#[test]
fn a_small_input_is_not_split_by_default() {
    let tables = tables(data_files("small", 100, 1));
    assert!(
        tables
            .split("Events", 2, Parallelism::with_threads(2).min_chunk_bytes)
            .is_none()
    );
    assert_eq!(
        tables.split("Events", 2, 1).map(|chunks| chunks.len()),
        Some(2)
    );
}

#[test]
fn join_reads_both_sides_in_chunks_and_matches_sequential_row_for_row() {
    let tables = tables(data_files("join", 2000, 2));
    let left = "Events | where ResultType =~ 'failure' \
        | extend M = tostring(Data.MemberId), h = bin(TimeGenerated, 1h) | project h, M, Seq";
    let all = "(Events | extend M = tostring(Data.MemberId), h = bin(TimeGenerated, 1h))";
    let some = "(Events | where JobId == 'job-1' and DurationMs < 1000 \
        | extend M = tostring(Data.MemberId), h = bin(TimeGenerated, 1h))";
    for kind in [
        "innerunique",
        "inner",
        "leftouter",
        "rightouter",
        "fullouter",
    ] {
        let query = format!("{left} | join kind={kind} {all} on h, M");
        assert!(
            assert_parallel_matches_sequential(&query, &tables) > 0,
            "{kind}"
        );
    }
    for kind in [
        "leftanti",
        "leftsemi",
        "rightanti",
        "rightsemi",
        "fullouter",
    ] {
        let query = format!("{left} | where Seq % 25 == 0 | join kind={kind} {some} on h, M");
        assert!(
            assert_parallel_matches_sequential(&query, &tables) > 0,
            "{kind}"
        );
    }
    let summarized = format!(
        "{left} | join {all} on h, M \
         | summarize Ops = make_set(Code), n = count() by M, Seq | order by Seq asc, M asc"
    );
    assert!(assert_parallel_matches_sequential(&summarized, &tables) > 10);
    let taken = format!("{left} | join kind=inner {all} on h, M | take 7");
    assert_eq!(assert_parallel_matches_sequential(&taken, &tables), 7);
    let scope = "Events | extend Ids = Data.Scope.Ids | project Seq, Ids, Data | take 50";
    assert_eq!(assert_parallel_matches_sequential(scope, &tables), 50);
}

#[test]
fn a_rules_query_period_window_keeps_pushdown_and_chunks_and_matches_sequential() {
    use kqlc::alerts::TimeWindow;
    let files = tables(data_files("window", 3000, 2));
    // 11:35 to 11:52:30 of the generated rows (10:00–11:59), ends inclusive.
    let window = TimeWindow {
        source: &files,
        catalog: &files,
        from: NOW - 15_000_000_000,
        to: NOW - 4_500_000_000,
    };
    assert!(window.split("Events", 2, 1).is_some_and(|c| c.len() == 2));
    for query in [
        "Events | where ResultType =~ 'failure' | project Seq, TimeGenerated, JobId",
        "Events | where JobId == 'job-3' | summarize n = count(), First = min(TimeGenerated) by Code",
        "Events | extend M = tostring(Data.MemberId) | project Seq, M \
         | join kind=inner (Events | where Code == 'E2' | project M = tostring(Data.MemberId), Code) on M \
         | summarize n = count() by M, Code",
    ] {
        let plan = kqlc::compile_kql(query, &files).unwrap();
        let sequential = rows(&run_with(&plan, &window, NOW, Parallelism::sequential()).unwrap());
        let everything = rows(&run_with(&plan, &files, NOW, Parallelism::sequential()).unwrap());
        assert!(
            !sequential.is_empty() && sequential != everything,
            "{query}"
        );
        for n in 2..=4 {
            let parallel = rows(&run_with(&plan, &window, NOW, threads(n)).unwrap());
            assert_eq!(parallel, sequential, "{n} threads: {query}");
        }
    }
}

#[test]
fn seed_004s_join_shape_matches_sequential_row_for_row() {
    // The shape of corpus/rules/new-pa-pca-or-pcas-added-to-azure-devops.yaml: a filtered
    // left side keyed on (hour, member), joined (innerunique) with every row of the table.
    let tables = tables(data_files("join004", 4000, 2));
    let query = "Events \
        | where ResultType =~ 'failure' \
        | where Target has_any ('user1', 'user2', 'Group') \
        | project-reorder TimeGenerated, Target, JobId, Code \
        | extend timekey = bin(TimeGenerated, 1h) \
        | extend ActorUserId = tostring(Data.MemberId) \
        | project timekey, ActorUserId, AddingJob = JobId, TimeAdded = TimeGenerated, Details = Target \
        | join (Events \
            | extend ActorUserId = tostring(Data.MemberId) \
            | extend timekey = bin(TimeGenerated, 1h)) on timekey, ActorUserId \
        | summarize Actions = make_set(Code) by JobId, AddingJob, TimeAdded, Details, ResultType \
        | extend Job = tostring(split(JobId, '-')[1])";
    assert!(assert_parallel_matches_sequential(query, &tables) > 100);
}

#[test]
fn summarize_with_a_group_per_row_matches_sequential() {
    let tables = tables(data_files("groups", 4000, 2));
    let query = "Events \
        | extend M = tostring(Data.MemberId) \
        | summarize n = count(), Codes = make_set(Code), Jobs = dcount(JobId), \
            First = min(TimeGenerated) by Seq, M, JobId";
    // Seq runs 0..2000 in each of the two files, so there are at least 2000 groups.
    assert!(assert_parallel_matches_sequential(query, &tables) >= 2000);
}

#[test]
fn mv_expand_in_chunks_keeps_each_rows_elements_in_place_and_matches_sequential() {
    let tables = tables(data_files("mvexpand", 3000, 2));
    // Data.Scope.Ids is [Seq, {"k": …}]: two rows a line, the second a bag.
    let streaming = "Events \
        | project Seq, JobId, Ids = Data.Scope.Ids, Steps = range(1, Seq % 4) \
        | mv-expand with_itemindex=At Ids, Steps to typeof(long)";
    // A line gives as many rows as its longer array: three when Seq % 4 == 3 (Steps
    // [1, 2, 3]; Seq runs 0..1500 in each file), else the two of Ids.
    assert_eq!(
        assert_parallel_matches_sequential(streaming, &tables),
        2250 * 2 + 750 * 3
    );
    let summarized = "Events \
        | mv-expand Step = range(1, 8) to typeof(long) \
        | summarize n = count(), s = sum(Step), Codes = make_set(Code) by JobId";
    assert_eq!(assert_parallel_matches_sequential(summarized, &tables), 7);
}
