//! Bad data never panics the interpreter: every public corpus query that compiles runs
//! over generated tables (a few rows a table, values of the column's type mixed with
//! nulls, empty strings, odd JSON, extreme numbers), and each run ends in rows or an
//! error, never a panic.

use crate::common;

use common::{Rng, corpus_queries};
use kqlc::check::catalog::CheckCatalog;
use kqlc::diagnostic::Result;
use kqlc::exec::{Flow, Prefilter, TableSource, run_with};
use kqlc::source::Span;
use kqlc::value::{Column, Row, Type, Value};
use serde_json::json;
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Any table, with `rows` generated rows of the asked columns. Strings and numbers are
/// often the query's own literals, so that its filters let rows through to the
/// operators after them.
struct Generated {
    rows: usize,
    rng: RefCell<Rng>,
    words: Vec<String>,
    numbers: Vec<i64>,
}

/// The string and whole-number literals of a query, roughly.
fn literals(query: &str) -> (Vec<String>, Vec<i64>) {
    let mut words = Vec::new();
    for quote in ['"', '\''] {
        let parts: Vec<&str> = query.split(quote).collect();
        words.extend(parts.iter().skip(1).step_by(2).map(|w| w.to_string()));
    }
    let numbers = query
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|d| d.parse().ok())
        .collect();
    (words, numbers)
}

const ROWS: usize = 12;

/// Whether the query unions every table (`union *`): its source is then all 675 tables
/// of the schema reference, thousands of columns wide, and one row a table exercises
/// the same code as twelve in a twelfth of the time.
fn unions_every_table(query: &str) -> bool {
    // `union [withsource=T …] *`, also as `withsource=T*`; line comments are cut off
    // first, since a `*` in one is no table pattern.
    let union_star = regex::Regex::new(r"(?i)\bunion\s+(?:[\w.]+\s*=\s*[\w.]+\s*)*\*")
        .expect("the pattern compiles");
    let code: Vec<&str> = query
        .lines()
        .map(|line| line.split("//").next().unwrap_or(line))
        .collect();
    union_star.is_match(&code.join("\n"))
}
const NOW: i64 = 638_842_608_000_000_000 - 621_355_968_000_000_000; // 2025-06-01, Unix ticks

impl Generated {
    fn new(seed: u64, query: &str) -> Generated {
        let (words, numbers) = literals(query);
        Generated {
            rows: if unions_every_table(query) { 1 } else { ROWS },
            rng: RefCell::new(Rng(seed)),
            words,
            numbers,
        }
    }

    fn value(&self, ty: Type) -> Value {
        let mut rng = self.rng.borrow_mut();
        let pick = rng.next() % 10;
        if pick == 0 {
            return Value::null_of(ty);
        }
        let n = rng.next();
        let literal = pick >= 5;
        match ty {
            Type::String | Type::Unknown if literal && !self.words.is_empty() => {
                return Value::string(self.words[n as usize % self.words.len()].as_str());
            }
            Type::Int | Type::Long if literal && !self.numbers.is_empty() => {
                return Value::Long(self.numbers[n as usize % self.numbers.len()]);
            }
            _ => {}
        }
        match ty {
            Type::Bool => Value::Bool(n.is_multiple_of(2)),
            Type::Int | Type::Long => Value::Long(match pick {
                1 => i64::MAX,
                2 => i64::MIN,
                3 => 0,
                _ => (n % 5000) as i64 - 100,
            }),
            Type::Real | Type::Decimal => Value::Real(match pick {
                1 => f64::NAN,
                2 => f64::INFINITY,
                3 => -0.0,
                _ => (n % 100_000) as f64 / 7.0,
            }),
            Type::DateTime => Value::DateTime(NOW - (n % 864_000_000_000) as i64),
            Type::TimeSpan => Value::TimeSpan((n % 36_000_000_000) as i64),
            Type::Guid => Value::Guid("00000000-0000-0000-0000-000000000001".into()),
            Type::Dynamic => Value::dynamic(match pick {
                1 => json!([]),
                2 => json!({"a": {"b": [1, "x", null]}, "Name": "n"}),
                3 => json!("text"),
                4 => json!([{"k": 1}, {"k": "2"}]),
                _ => json!({"Name": format!("v{}", n % 7), "Id": n % 3, "List": [n % 5]}),
            }),
            Type::String | Type::Unknown => Value::string(match pick {
                1 => String::new(),
                2 => "{\"Name\": \"x\", \"IdentityType\": \"User\"}".to_string(),
                3 => format!("10.0.{}.{}", n % 3, n % 255),
                4 => "[1, 2, \"three\"]".to_string(),
                5 => "C:\\Windows\\System32\\cmd.exe /c \"whoami\"".to_string(),
                6 => "2025-05-31T10:00:00Z".to_string(),
                7 => "ünïcødé 😀 \u{0}".to_string(),
                _ => format!("user{}@contoso.com", n % 4),
            }),
        }
    }
}

impl TableSource for Generated {
    fn read_prefiltered(
        &self,
        _table: &str,
        columns: &[Column],
        _span: Span,
        _prefilter: Option<&Prefilter>,
        sink: &mut dyn FnMut(Row) -> Result<Flow>,
    ) -> Result<()> {
        for _ in 0..self.rows {
            let row = columns.iter().map(|c| self.value(c.ty)).collect();
            if sink(row)? == Flow::Stop {
                break;
            }
        }
        Ok(())
    }
}

#[test]
fn every_compiling_public_query_runs_on_generated_tables_without_panic() {
    let Some(queries) = corpus_queries("corpus/kql.public.jsonl", 1) else {
        println!("SKIPPED: ../shared/corpus/kql.public.jsonl is absent");
        return;
    };
    let (mut ran, mut failed, mut rows, mut panicked) = (0, 0, 0, Vec::new());
    for (i, query) in queries.iter().enumerate() {
        let Ok(plan) = kqlc::compile_kql(query, &CheckCatalog::default()) else {
            continue;
        };
        let tables = Generated::new(0x9e37_79b9 ^ i as u64, query);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            run_with(
                &plan,
                &tables,
                NOW,
                kqlc::exec::parallel::Parallelism::sequential(),
            )
        }));
        ran += 1;
        match outcome {
            Err(_) => panicked.push(i),
            Ok(Ok(table)) => rows += table.rows.len(),
            Ok(Err(d)) => {
                if std::env::var_os("KQLC_FUZZ_VERBOSE").is_some() {
                    eprintln!("{i}: {}", d.message);
                }
                failed += 1;
            }
        }
    }
    println!("{ran} queries ran: {rows} rows out, {failed} ended in an error");
    assert!(ran > 1500, "only {ran} queries compiled");
    assert!(
        panicked.is_empty(),
        "queries (line numbers) that panicked: {panicked:?}"
    );
}
