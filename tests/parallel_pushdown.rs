//! Filter push-down (a `where` chain on a scan decided before the row's other fields are
//! converted) and the flat-object reader keep exactly the rows a plain read keeps: each
//! query runs on a JSON Lines file and on the same table held in memory (no push-down).

use kqlc::exec::parallel::Parallelism;
use kqlc::exec::{MemoryTables, run_with};
use kqlc::io::tables::FileTables;
use kqlc::io::{Format, read_table};
use kqlc::run::table_input;
use kqlc::value::Table;
use std::fs;

const NOW: i64 = 17_803_152_000_000_000;

/// Lines with escapes, nested values, nulls, missing fields, numbers as strings and one
/// field of an unexpected type, so both the fast and the general reader paths run.
const LINES: &str = r#"{"T":"2026-06-01T11:30:00Z","R":"Failure","N":3,"J":"{\"Name\": \"a\"}","S":"x"}
{"T":"2026-06-01T09:00:00Z","R":"failure","N":"4","J":"{\"Name\": \"b\"}","S":"y"}
{"T":"2026-06-01T11:45:00Z","R":"Success","N":null,"J":"{}","S":"z"}
{"T":"2026-06-01T11:50:00Z","R":"FAILURE","J":"{\"Name\": \"\u00e9\"}","S":{"k":1}}
{"T":"not a date","R":"Failure","N":7,"J":"[]","S":"w"}
{"T":"2026-06-01T11:55:00Z","N":8,"J":"{\"Name\": \"c\"}","S":"v","Extra":[1,2]}
{"R":"Failure","N":9}
{"T":"2026-06-01T11:59:00Z","R":"Failure","N":10.0,"J":"{\"Name\": \"d\\\"q\"}","S":""}
"#;

fn both(test: &str) -> (FileTables, MemoryTables) {
    both_of(test, LINES)
}

/// Lines whose `Data` is a nested object (a duplicate key, nested members, escapes in
/// keys and strings), an array, a string, null, or missing: the reader keeps only the
/// members a plan reads of each object, which must read the same as the whole object.
const NESTED: &str = r#"{"Id":1,"Data":{"MemberId":"m1","Scope":{"k":1,"z":[1,{"y":"]"}]},"Other":"x"}}
{"Id":2,"Data":{"Other":{"MemberId":"no"},"MemberId":"m2","MemberId":"m2b"}}
{"Id":3,"Data":[{"MemberId":"in-array"}]}
{"Id":4,"Data":"{\"MemberId\":\"in-string\"}"}
{"Id":5,"Data":null}
{"Id":6}
{"Id":7,"Data":{"Member\u0049d":"escaped-key","Scope":null,"Up":[true,false]}}
{"Id":8,"Data":{"MemberId":"m1","Scope":{"k":2},"Up":{"a":"\"q\""}}}
{"Id":9,"Data":{}}
"#;

fn both_of(test: &str, lines: &str) -> (FileTables, MemoryTables) {
    let dir = std::env::temp_dir().join(format!("kqlc-pushdown-{}-{test}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.jsonl");
    fs::write(&path, lines).unwrap();
    let files = FileTables::new(vec![table_input(
        "T",
        vec![path.clone()],
        Format::JsonLines,
    )])
    .unwrap();
    let table = read_table(&[path], Format::JsonLines, None).unwrap();
    let memory = MemoryTables {
        tables: vec![("T".to_string(), table)],
    };
    (files, memory)
}

fn text(table: &Table) -> Vec<String> {
    table
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| v.to_json().to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

fn assert_same(query: &str, files: &FileTables, memory: &MemoryTables) -> usize {
    let plan = kqlc::compile_kql(query, files).unwrap();
    let from_file = run_with(&plan, files, NOW, Parallelism::sequential()).unwrap();
    let in_memory = run_with(&plan, memory, NOW, Parallelism::sequential()).unwrap();
    assert_eq!(text(&from_file), text(&in_memory), "{query}");
    from_file.rows.len()
}

#[test]
fn pushed_down_where_chains_keep_the_rows_a_plain_read_keeps() {
    let (files, memory) = both("chains");
    for (query, rows) in [
        ("T | where T > ago(1h) | where R =~ 'failure'", 3),
        ("T | where R =~ 'failure' | where N > 3", 4),
        ("T | where isempty(R)", 1),
        ("T | where tostring(parse_json(J).Name) == 'd\"q'", 1),
        ("T | where S == '' | count", 1),
        (
            "T | where T > ago(1h) | extend x = N * 2 | where x > 10 | project J",
            2,
        ),
    ] {
        assert_eq!(assert_same(query, &files, &memory), rows, "{query}");
    }
}

#[test]
fn a_predicate_on_a_column_the_scan_does_not_read_runs_without_push_down() {
    let (files, memory) = both("unread");
    assert_same("T | project R, N | where N >= 8", &files, &memory);
    assert_same("T | where pack_all() has 'Extra'", &files, &memory);
    // T mixes dates and other text, so its inferred type decides; both reads must agree.
    assert_same(
        "T | where isnull(T) or isempty(T) | project N",
        &files,
        &memory,
    );
}

#[test]
fn a_dynamic_column_read_only_through_members_reads_as_the_whole_object() {
    let (files, memory) = both_of("members", NESTED);
    for (query, rows) in [
        (
            "T | project Id, M = tostring(Data.MemberId), K = Data.Scope.k, U = Data.Up",
            9,
        ),
        (
            "T | where tostring(Data.MemberId) == 'm1' | project Id, Data.Scope",
            2,
        ),
        (
            "T | where isnotempty(Data.Other) | project Id, O = Data.Other",
            2,
        ),
        (
            "T | extend M = tostring(Data.MemberId) | summarize n = count(), Ids = make_list(Id) by M",
            // m1, m2b (a duplicate key's last value), escaped-key, and "" for the rest
            // (an array, a string, null, missing, no such member).
            4,
        ),
        (
            "T | project Id, M = tostring(Data['MemberId']), S = tostring(Data.Scope) \
             | join kind=inner (T | extend M = tostring(Data.MemberId) | project M, Up = Data.Up) on M",
            // m1: 2 x 2, m2b: 1, escaped-key: 1, "": 5 x 5.
            31,
        ),
        // Read whole as well as through a member: every object is kept whole.
        ("T | project Id, M = Data.MemberId, D = tostring(Data)", 9),
        ("T | extend D = Data | project Id, M = D.MemberId, D", 9),
    ] {
        assert_eq!(assert_same(query, &files, &memory), rows, "{query}");
    }
}

/// A join reads its right side through a test of each row's keys against the left's,
/// pushed into the scan (a semi-join prefilter): it must keep every row that can match,
/// whatever the keys are made of and whatever the kind does with unmatched rows.
#[test]
fn a_join_probe_side_read_through_its_key_test_joins_as_a_plain_read() {
    let (files, memory) = both_of("semi", NESTED);
    let left = "T | where Id < 3 or Id == 8 | project Id, M = tostring(Data.MemberId)";
    let right = "T | extend M = tostring(Data.MemberId), B = bin(Id, 4) | where Id != 2";
    for (kind, rows) in [
        // m1 (Ids 1, 8) meets m1 (1, 8): 2 x 2; m2b (2) has no right row (Id 2 is dropped).
        ("innerunique", 2),
        ("inner", 4),
        ("leftouter", 5),
        ("leftsemi", 2),
        ("leftanti", 1),
        ("rightsemi", 2),
        // The kinds that emit unmatched right rows read every row.
        ("rightouter", 10),
        ("fullouter", 11),
        ("rightanti", 6),
    ] {
        let query = format!("{left} | join kind={kind} ({right}) on M");
        assert_eq!(assert_same(&query, &files, &memory), rows, "{query}");
    }
    for query in [
        // Keys computed in the right side's `extend`, renamed by a `project`, or on `$left`/`$right`.
        format!("{left} | extend B = bin(Id, 4) | join ({right}) on M, B"),
        format!(
            "{left} | join (T | project N = tostring(Data.MemberId), Id) on $left.M == $right.N"
        ),
        format!("{left} | lookup ({right} | project M, B) on M"),
        // A key that is the empty string matches the right side's empty strings.
        "T | project M = tostring(Data.MemberId) | where isempty(M) | take 1 \
         | join (T | extend M = tostring(Data.MemberId)) on M"
            .to_string(),
    ] {
        assert_same(&query, &files, &memory);
    }
}

/// The key test really runs in the scan: a chain read through it gives only the rows the
/// test keeps, though no operator of the chain drops them.
#[test]
fn a_key_test_pushed_through_extend_project_and_where_drops_rows_in_the_scan() {
    use kqlc::exec::key_filter::{KeyFilter, execute_filtered};
    use kqlc::exec::{Collector, ExecContext};
    use kqlc::value::Value;
    let (files, _) = both_of("keytest", NESTED);
    let query = "T | extend M = tostring(Data.MemberId) | where Id > 0 | project Id, K = M";
    let plan = kqlc::compile_kql(query, &files).unwrap();
    let cx = ExecContext::new(&plan, &files, NOW);
    let keep = |key: &[Value]| key.first().and_then(Value::as_str) == Some("m1");
    let filter = KeyFilter {
        keys: vec![kqlc::plan::Expr::column(
            1,
            kqlc::value::Type::String,
            plan.root.span,
        )],
        keep: &keep,
    };
    let mut out = Collector::new(&plan.root);
    execute_filtered(&plan.root, &filter, &mut out, &cx).unwrap();
    let ids: Vec<String> = out
        .rows
        .iter()
        .map(|r| r[0].to_json().to_string())
        .collect();
    assert_eq!(ids, ["1", "8"]);
}
