//! `kqlc run QUERY.esql --table NAME=FILE` reads what Elastic users have: an
//! Elasticsearch `_search` response, a Kibana Discover CSV export, Kibana/elasticdump
//! NDJSON hits, an ES|QL `_query` response; `--format esql-json` prints the `_query`
//! response shape; `--table-format` overrides detection; a malformed file is an input
//! error (exit 2) at its file, line and column.
//!
//! Shapes from the Elasticsearch reference: the search API response
//! (https://www.elastic.co/guide/en/elasticsearch/reference/current/search-search.html,
//! "Response body": `hits.hits[]` with `_index`, `_id`, `_score`, `_source`, and `fields`
//! when asked) and the ES|QL query API response
//! (https://www.elastic.co/guide/en/elasticsearch/reference/current/esql-query-api.html:
//! `columns[]` of `name`/`type`, `values[]` rows).

use crate::common;
use common::kqlc;
use serde_json::{Value as J, json};
use std::path::PathBuf;

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("kqlc-esql-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path.to_string_lossy().into_owned()
}

/// Runs `kqlc run` on `query` with `args` and returns the printed JSON (exit 0 required).
fn run_json(query: &str, args: &[&str]) -> J {
    let query = temp_file(&format!("q{}.esql", query.len()), query);
    let mut all = vec!["run", query.as_str()];
    all.extend(args);
    let out = kqlc(&all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"))
}

const SEARCH_RESPONSE: &str = r#"{
  "took": 5,
  "timed_out": false,
  "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
  "hits": {
    "total": {"value": 2, "relation": "eq"},
    "max_score": 1.3862942,
    "hits": [
      {
        "_index": "my-index-000001",
        "_id": "0",
        "_score": 1.3862942,
        "_source": {
          "@timestamp": "2099-11-15T14:12:12",
          "http": {"request": {"method": "get"}, "response": {"bytes": 1070000, "status_code": 200}, "version": "1.1"},
          "message": "GET /search HTTP/1.1 200 1070000",
          "source": {"ip": "127.0.0.1"},
          "user": {"id": "kimchy"}
        },
        "fields": {"event.dataset": ["web"]}
      },
      {
        "_index": "my-index-000001",
        "_id": "1",
        "_score": 1.0,
        "_source": {
          "@timestamp": "2099-11-15T14:13:00",
          "http": {"request": {"method": "post"}, "response": {"bytes": 512, "status_code": 403}, "version": "1.1"},
          "message": "POST /login HTTP/1.1 403 512",
          "source": {"ip": "10.0.0.7"},
          "user": {"id": "elkbee"}
        }
      }
    ]
  }
}
"#;

#[test]
fn a_search_response_is_read_as_its_hits_sources_with_fields_and_metadata() {
    let file = temp_file("search.json", SEARCH_RESPONSE);
    let rows = run_json(
        "FROM my-index-000001 METADATA _id, _index\n| WHERE http.response.status_code >= 200\n\
         | KEEP _id, _index, user.id, http.response.status_code, event.dataset\n| SORT _id\n",
        &[
            "--table",
            &format!("my-index-000001={file}"),
            "--format",
            "json",
        ],
    );
    assert_eq!(
        rows,
        json!([
            {"_id": "0", "_index": "my-index-000001", "user.id": "kimchy",
             "http.response.status_code": 200, "event.dataset": "web"},
            {"_id": "1", "_index": "my-index-000001", "user.id": "elkbee",
             "http.response.status_code": 403, "event.dataset": null}
        ])
    );
}

/// A Kibana Discover "Generate CSV" export: quoted cells, dates in Kibana's default
/// `dateFormat` (`MMM D, YYYY @ HH:mm:ss.SSS`, Kibana advanced settings), and a
/// formula-looking value escaped with `'` (Kibana's `csv:escapeFormulaValues`).
const KIBANA_CSV: &str = "\"@timestamp\",\"host.name\",\"event.code\",\"process.command_line\"\n\
\"Dec 6, 2026 @ 10:15:00.000\",\"ws-01\",4625,\"'=cmd /c calc\"\n\
\"Dec 6, 2026 @ 10:16:30.500\",\"ws-02\",4624,\"powershell -nop\"\n";

#[test]
fn a_kibana_csv_export_is_typed_and_its_dates_read() {
    let file = temp_file("discover.csv", KIBANA_CSV);
    let rows = run_json(
        "FROM logs\n| WHERE event.code == 4625\n\
         | EVAL h = DATE_EXTRACT(\"hour_of_day\", @timestamp)\n\
         | KEEP host.name, h, process.command_line\n",
        &["--table", &format!("logs={file}"), "--format", "json"],
    );
    assert_eq!(
        rows,
        json!([{"host.name": "ws-01", "h": 10, "process.command_line": "=cmd /c calc"}])
    );
}

#[test]
fn ndjson_hits_are_unwrapped_to_their_sources() {
    let text = "{\"_index\":\"logs\",\"_id\":\"a\",\"_source\":{\"user\":{\"name\":\"x\"}}}\n\
                {\"_index\":\"logs\",\"_id\":\"b\",\"_source\":{\"user\":{\"name\":\"y\"}}}\n";
    let file = temp_file("hits.ndjson", text);
    let rows = run_json(
        "FROM logs METADATA _id | KEEP _id, user.name | SORT _id DESC",
        &["--table", &format!("logs={file}"), "--format", "json"],
    );
    assert_eq!(
        rows,
        json!([{"_id": "b", "user.name": "y"}, {"_id": "a", "user.name": "x"}])
    );
}

/// The ES|QL query API's documented example response.
const QUERY_RESPONSE: &str = r#"{
  "took": 28,
  "is_partial": false,
  "columns": [
    {"name": "author", "type": "text"},
    {"name": "name", "type": "text"},
    {"name": "page_count", "type": "long"},
    {"name": "release_date", "type": "date"}
  ],
  "values": [
    ["Peter F. Hamilton", "Pandora's Star", 768, "2004-03-02T00:00:00.000Z"],
    ["Vernor Vinge", "A Fire Upon the Deep", 613, "1992-06-01T00:00:00.000Z"],
    ["Frank Herbert", "Dune", 604, "1965-06-01T00:00:00.000Z"]
  ]
}
"#;

#[test]
fn a_query_response_is_read_with_its_column_types_and_written_back() {
    let file = temp_file("books.json", QUERY_RESPONSE);
    let out = run_json(
        "FROM books\n| WHERE release_date < \"2000-01-01\"\n\
         | EVAL pages = page_count + 1\n| KEEP name, pages, release_date\n| SORT pages DESC\n",
        &["--table", &format!("books={file}"), "--format", "esql-json"],
    );
    assert_eq!(
        out,
        json!({
            "columns": [{"name": "name", "type": "keyword"},
                        {"name": "pages", "type": "long"},
                        {"name": "release_date", "type": "date"}],
            "values": [["A Fire Upon the Deep", 614, "1992-06-01T00:00:00.000Z"],
                       ["Dune", 605, "1965-06-01T00:00:00.000Z"]]
        })
    );
}

#[test]
fn table_format_csv_reads_a_file_whatever_its_extension() {
    let file = temp_file("typed.txt", "n:integer,tags:keyword\n1,[b,a]\n2,c\n");
    let rows = run_json(
        "FROM t | EVAL k = MV_COUNT(tags) | KEEP n, k | SORT n",
        &[
            "--table",
            &format!("t={file}"),
            "--table-format",
            "csv",
            "--format",
            "json",
        ],
    );
    assert_eq!(rows, json!([{"n": 1, "k": 2}, {"n": 2, "k": 1}]));
}

/// Runs a query on a malformed table file: exit 2, and standard error's first line.
fn input_error(name: &str, text: &str) -> (String, String) {
    let file = temp_file(name, text);
    let query = temp_file("bad.esql", "FROM t | LIMIT 1\n");
    let out = kqlc(&["run", &query, "--table", &format!("t={file}")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (file, err)
}

#[test]
fn a_malformed_search_response_is_an_input_error_at_its_line_and_column() {
    let broken = SEARCH_RESPONSE.replacen("\"_id\": \"1\",", "\"_id\": \"1\"", 1);
    let (file, err) = input_error("bad-search.json", &broken);
    assert!(
        err.starts_with(&format!("error: {file}:25:9: expected `,` or `}}`")),
        "{err}"
    );
    assert!(err.contains("a `_search` response"), "{err}");
}

#[test]
fn a_query_response_row_of_the_wrong_length_is_an_input_error_at_the_row() {
    let broken = QUERY_RESPONSE.replacen(", 613,", ",", 1);
    let (file, err) = input_error("bad-query.json", &broken);
    assert!(
        err.starts_with(&format!(
            "error: {file}:12:5: row 2 of `values` is not an array of 4 values"
        )),
        "{err}"
    );
}

#[test]
fn a_kibana_csv_row_with_an_extra_cell_is_an_input_error_at_its_line() {
    let broken =
        format!("{KIBANA_CSV}\"Dec 6, 2026 @ 10:17:00.000\",\"ws-03\",1,\"x\",\"extra\"\n");
    let (file, err) = input_error("bad-discover.csv", &broken);
    assert!(
        err.starts_with(&format!("error: {file}:4:1: 5 cells, but the header has 4")),
        "{err}"
    );
}

#[test]
fn a_typed_csv_row_with_too_few_cells_is_an_input_error_at_its_end() {
    let (file, err) = input_error("bad-typed.csv", "a:integer,b:keyword,c:long\n1,x,2\n3,y\n");
    assert!(
        err.starts_with(&format!("error: {file}:3:4: 2 cells, but the header has 3")),
        "{err}"
    );
}

// `kqlc run --schema index=FILE` types an ES|QL index's fields as `kqlc check` reads
// them: an index mapping JSON (the get-mapping API's `properties`, multi-`fields`
// included; https://www.elastic.co/guide/en/elasticsearch/reference/current/mapping-types.html)
// or `name:type` lines. A declared type wins over what the data looks like.

const CODES_CSV: &str = "code,n\n00123,42\n007,x\n";

#[test]
fn a_schema_keeps_a_keyword_of_digits_as_text() {
    let data = temp_file("codes.csv", CODES_CSV);
    let schema = temp_file("codes.schema", "code:keyword\nn:long\n");
    let query = "FROM codes | EVAL l = LENGTH(code) | SORT code | KEEP code, l, n\n";
    let got = run_json(
        query,
        &[
            "--table",
            &format!("codes={data}"),
            "--schema",
            &format!("codes={schema}"),
            "--format",
            "json",
        ],
    );
    // `00123` keeps its zeros (a keyword); `x` is no long, so null.
    assert_eq!(
        got,
        json!([
            {"code": "00123", "l": 5, "n": 42},
            {"code": "007", "l": 3, "n": null}
        ])
    );
}

#[test]
fn without_a_schema_the_digits_read_as_a_number() {
    let data = temp_file("codes-plain.csv", CODES_CSV);
    let query = "FROM codes | SORT code | KEEP code\n";
    let got = run_json(
        query,
        &["--table", &format!("codes={data}"), "--format", "json"],
    );
    assert_eq!(got, json!([{"code": 7}, {"code": 123}]));
}

#[test]
fn an_index_mapping_types_json_documents() {
    let docs = temp_file("docs.jsonl", "{\"code\": 123, \"n\": \"5\"}\n");
    let mapping = temp_file(
        "mapping.json",
        r#"{"mappings": {"properties": {"code": {"type": "keyword"}, "n": {"type": "integer"}}}}"#,
    );
    let query = "FROM d | EVAL c = CONCAT(code, \"!\"), m = n + 1 | KEEP c, m\n";
    let got = run_json(
        query,
        &[
            "--table",
            &format!("d={docs}"),
            "--schema",
            &format!("d={mapping}"),
            "--format",
            "json",
        ],
    );
    assert_eq!(got, json!([{"c": "123!", "m": 6}]));
}

#[test]
fn a_schema_file_that_is_not_one_is_a_usage_error() {
    let data = temp_file("codes-bad.csv", CODES_CSV);
    let schema = temp_file("bad.schema", "just words\n");
    let query = temp_file("schema-bad.esql", "FROM codes | LIMIT 1\n");
    let out = kqlc(&[
        "run",
        &query,
        "--table",
        &format!("codes={data}"),
        "--schema",
        &format!("codes={schema}"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("expected `name:type`"), "{err}");
    assert!(err.contains("help: an ES|QL schema is"), "{err}");
}
