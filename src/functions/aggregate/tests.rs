//! Specifications of the aggregates: the Kusto docs' summarize examples, empty
//! groups, and merge (two partial states merged equal one pass).

use crate::functions::aggregate::AGGREGATES;
use crate::functions::registry::aggregate;
use crate::value::{Row, Value};
use serde_json::{Value as J, json};

fn s(text: &str) -> Value {
    Value::string(text)
}
fn n(i: i64) -> Value {
    Value::Long(i)
}
fn b(x: bool) -> Value {
    Value::Bool(x)
}

/// Runs the aggregate over the rows in one pass.
fn run(name: &str, consts: &[Value], rows: &[Vec<Value>]) -> Row {
    let f = aggregate(name).unwrap_or_else(|| panic!("{name} is not registered"));
    let mut acc = (f.new)(consts);
    rows.iter().for_each(|r| acc.update(r));
    let mut out = Vec::new();
    acc.finish(&mut out);
    out
}

/// Runs the aggregate over the rows split at `at`, merging the two partial states.
fn run_split(name: &str, consts: &[Value], rows: &[Vec<Value>], at: usize) -> Row {
    let f = aggregate(name).unwrap();
    let (mut left, mut right) = ((f.new)(consts), (f.new)(consts));
    rows[..at].iter().for_each(|r| left.update(r));
    rows[at..].iter().for_each(|r| right.update(r));
    left.merge(right);
    let mut out = Vec::new();
    left.finish(&mut out);
    out
}

fn one(name: &str, consts: &[Value], rows: &[Vec<Value>]) -> Value {
    let out = run(name, consts, rows);
    assert_eq!(out.len(), 1, "{name} gave {out:?}");
    out.into_iter().next().unwrap()
}

fn json_of(row: Row) -> Vec<J> {
    row.iter().map(Value::to_json).collect()
}

fn column(values: &[Value]) -> Vec<Vec<Value>> {
    values.iter().map(|v| vec![v.clone()]).collect()
}

#[test]
fn count_counts_every_row_even_with_a_null_argument() {
    // summarize-operator doc: count(y) over y = [null, 5] is 2.
    assert_eq!(
        one(
            "count",
            &[Value::Null],
            &column(&[Value::Null, Value::Real(5.0)])
        )
        .as_i64(),
        Some(2)
    );
    assert_eq!(
        one("count", &[], &[vec![], vec![], vec![]]).as_i64(),
        Some(3)
    );
}

#[test]
fn countif_counts_rows_whose_predicate_holds() {
    assert_eq!(
        one(
            "countif",
            &[Value::Null],
            &column(&[b(true), b(true), b(false), b(true), Value::Null])
        )
        .as_i64(),
        Some(3)
    );
}

#[test]
fn dcount_is_exact_and_ignores_nulls_but_not_empty_strings() {
    assert_eq!(
        one(
            "dcount",
            &[Value::Null],
            &column(&[Value::Null, n(1), n(2), n(3), n(2)])
        )
        .as_i64(),
        Some(3)
    );
    assert_eq!(
        one(
            "dcount",
            &[Value::Null],
            &column(&[s(""), s("a"), s("b"), s("c")])
        )
        .as_i64(),
        Some(4)
    );
    assert_eq!(
        one(
            "count_distinct",
            &[Value::Null],
            &column(&[n(1), Value::Real(1.0)])
        )
        .as_i64(),
        Some(1)
    );
    let rows = vec![
        vec![s(""), b(true)],
        vec![s("a"), b(true)],
        vec![s("b"), b(false)],
        vec![s("a"), b(false)],
        vec![s("a"), b(true)],
    ];
    assert_eq!(
        one("dcountif", &[Value::Null, Value::Null], &rows).as_i64(),
        Some(2)
    );
}

#[test]
fn empty_groups_follow_the_summarize_default_values_table() {
    let zero = [
        ("count", 0),
        ("countif", 1),
        ("dcount", 1),
        ("dcountif", 2),
        ("sum", 1),
        ("sumif", 2),
        ("stdev", 1),
        ("variance", 1),
    ];
    for (name, arity) in zero {
        assert_eq!(
            one(name, &vec![Value::Null; arity], &[]).as_f64(),
            Some(0.0),
            "{name}"
        );
    }
    for name in ["make_set", "make_list", "make_list_with_nulls"] {
        assert_eq!(
            one(name, &[Value::Null], &[]).to_json(),
            json!([]),
            "{name}"
        );
    }
    for name in ["avg", "min", "max", "take_any", "percentile"] {
        assert!(
            one(
                name,
                &[Value::Null, n(50)][..if name == "percentile" { 2 } else { 1 }],
                &[]
            )
            .is_null(),
            "{name}"
        );
    }
    assert_eq!(
        json_of(run("arg_max", &[Value::Null, Value::Null], &[])),
        [J::Null, J::Null]
    );
}

#[test]
fn sum_and_avg_ignore_nulls_summarize_doc_example() {
    let y = [
        Value::Null,
        Value::Real(5.0),
        Value::Real(5.0),
        Value::Real(5.0),
    ];
    assert_eq!(one("sum", &[Value::Null], &column(&y)).as_f64(), Some(15.0));
    assert_eq!(one("avg", &[Value::Null], &column(&y)).as_f64(), Some(5.0));
}

#[test]
fn sum_keeps_longs_whole_and_timespans_as_timespans() {
    assert!(matches!(
        one("sum", &[Value::Null], &column(&[n(1), n(2)])),
        Value::Long(3)
    ));
    assert!(matches!(
        one(
            "sum",
            &[Value::Null],
            &column(&[Value::TimeSpan(5), Value::TimeSpan(6)])
        ),
        Value::TimeSpan(11)
    ));
}

#[test]
fn sumif_kusto_loco_case() {
    let rows = vec![
        vec![n(1), b(true)],
        vec![n(2), b(false)],
        vec![n(4), b(true)],
        vec![n(8), b(true)],
    ];
    assert_eq!(
        one("sumif", &[Value::Null, Value::Null], &rows).as_i64(),
        Some(13)
    );
    assert_eq!(
        one("avgif", &[Value::Null, Value::Null], &rows).as_f64(),
        Some(13.0 / 3.0)
    );
}

#[test]
fn min_max_and_their_if_forms_ignore_nulls() {
    let xs = [n(3), Value::Null, n(-2), n(7)];
    assert_eq!(one("min", &[Value::Null], &column(&xs)).as_i64(), Some(-2));
    assert_eq!(one("max", &[Value::Null], &column(&xs)).as_i64(), Some(7));
    let rows = vec![
        vec![n(3), b(true)],
        vec![n(-2), b(false)],
        vec![n(7), b(false)],
    ];
    assert_eq!(
        one("minif", &[Value::Null, Value::Null], &rows).as_i64(),
        Some(3)
    );
    assert_eq!(
        one("maxif", &[Value::Null, Value::Null], &rows).as_i64(),
        Some(3)
    );
    assert_eq!(
        one("max", &[Value::Null], &column(&[s("b"), s("a")])).to_kusto_string(),
        "b"
    );
}

#[test]
fn stdev_and_variance_are_sample_statistics() {
    let xs = column(&[n(2), n(4), n(4), n(4), n(5), n(5), n(7), n(9)]);
    assert_eq!(one("variancep", &[Value::Null], &xs).as_f64(), Some(4.0));
    assert_eq!(one("stdevp", &[Value::Null], &xs).as_f64(), Some(2.0));
    assert_eq!(
        one("variance", &[Value::Null], &xs).as_f64(),
        Some(32.0 / 7.0)
    );
    assert_eq!(
        one("stdev", &[Value::Null], &column(&[n(5)])).as_f64(),
        Some(0.0)
    );
}

#[test]
fn make_set_aggregation_doc_example_flattens_array_inputs() {
    let vals = column(&[n(1), n(5), n(7), n(5)]);
    assert_eq!(
        one("make_set", &[Value::Null], &vals).to_json(),
        json!([1, 5, 7])
    );
    let arrays = column(&[
        Value::dynamic(json!(["A1", "A2", "A3"])),
        Value::dynamic(json!(["A2", "C1"])),
        Value::dynamic(json!(["C2", "A3"])),
        Value::dynamic(json!(["C2", "A1"])),
    ]);
    assert_eq!(
        one("makeset", &[Value::Null], &arrays).to_json(),
        json!(["A1", "A2", "A3", "C1", "C2"])
    );
}

#[test]
fn make_set_if_and_make_list_if_doc_examples_with_size_caps() {
    let names = ["John", "Paul", "George", "Ringo"];
    let rows: Vec<Vec<Value>> = names.iter().map(|x| vec![s(x), b(x.len() > 4)]).collect();
    assert_eq!(
        one("make_set_if", &[Value::Null, Value::Null], &rows).to_json(),
        json!(["George", "Ringo"])
    );
    assert_eq!(
        one("make_list_if", &[Value::Null, Value::Null], &rows).to_json(),
        json!(["George", "Ringo"])
    );
    let xs: Vec<Vec<Value>> = [1, 3, 2, 1].iter().map(|x| vec![n(*x), b(true)]).collect();
    assert_eq!(
        one("make_list_if", &[Value::Null, Value::Null, n(3)], &xs).to_json(),
        json!([1, 3, 2])
    );
    assert_eq!(
        one("make_set_if", &[Value::Null, Value::Null, n(2)], &xs).to_json(),
        json!([1, 3])
    );
}

/// An array value contributes its elements (geo-h3cell-rings page: `make_list` of the
/// rings is one flat list of cells).
#[test]
fn make_list_keeps_order_skips_nulls_and_flattens_arrays() {
    let xs = column(&[
        s("triangle"),
        Value::Null,
        s("square"),
        Value::dynamic(json!([1, 2])),
    ]);
    assert_eq!(
        one("make_list", &[Value::Null], &xs).to_json(),
        json!(["triangle", "square", 1, 2])
    );
    assert_eq!(
        one("makelist", &[Value::Null, n(1)], &xs).to_json(),
        json!(["triangle"])
    );
}

#[test]
fn make_list_with_nulls_doc_example() {
    let xs = column(&[Value::Null, n(4), n(4), n(5)]);
    assert_eq!(
        one("make_list_with_nulls", &[Value::Null], &xs).to_json(),
        json!([null, 4, 4, 5])
    );
}

#[test]
fn make_bag_and_make_bag_if_doc_examples() {
    let bags = [
        ("prop01", "val_a", true),
        ("prop02", "val_b", false),
        ("prop03", "val_c", true),
    ];
    let rows: Vec<Vec<Value>> = bags
        .iter()
        .map(|(k, v, p)| vec![Value::dynamic(json!({ *k: *v })), b(*p)])
        .collect();
    assert_eq!(
        one("make_bag", &[Value::Null], &rows).to_json(),
        json!({"prop01": "val_a", "prop02": "val_b", "prop03": "val_c"})
    );
    assert_eq!(
        one("make_bag_if", &[Value::Null, Value::Null], &rows).to_json(),
        json!({"prop01": "val_a", "prop03": "val_c"})
    );
}

/// arg-max/arg-min doc example: (Version, Color) per fruit.
fn fruit_rows(fruit: &str) -> Vec<Vec<Value>> {
    let all = [
        ("Apple", "Red", Some(1)),
        ("Apple", "Green", None),
        ("Banana", "Yellow", None),
        ("Banana", "Green", None),
        ("Pear", "Brown", Some(1)),
        ("Pear", "Green", Some(2)),
    ];
    all.iter()
        .filter(|r| r.0 == fruit)
        .map(|(_, color, v)| vec![v.map_or(Value::Null, n), s(color)])
        .collect()
}

#[test]
fn arg_max_and_arg_min_aggregation_doc_examples() {
    let consts = [Value::Null, Value::Null];
    assert_eq!(
        json_of(run("arg_max", &consts, &fruit_rows("Apple"))),
        [json!(1), json!("Red")]
    );
    assert_eq!(
        json_of(run("arg_max", &consts, &fruit_rows("Banana"))),
        [J::Null, json!("Yellow")]
    );
    assert_eq!(
        json_of(run("arg_max", &consts, &fruit_rows("Pear"))),
        [json!(2), json!("Green")]
    );
    assert_eq!(
        json_of(run("arg_min", &consts, &fruit_rows("Apple"))),
        [json!(1), json!("Red")]
    );
    assert_eq!(
        json_of(run("argmin", &consts, &fruit_rows("Pear"))),
        [json!(1), json!("Brown")]
    );
}

#[test]
fn take_any_prefers_a_non_empty_value_for_one_argument() {
    assert_eq!(
        one(
            "take_any",
            &[Value::Null],
            &column(&[s(""), Value::Null, s("x"), s("y")])
        )
        .to_kusto_string(),
        "x"
    );
    let rows = vec![vec![s(""), n(1)], vec![s("x"), n(2)]];
    assert_eq!(
        json_of(run("any", &[Value::Null, Value::Null], &rows)),
        [json!(""), json!(1)]
    );
    let rows = vec![vec![s("a"), b(false)], vec![s("b"), b(true)]];
    assert_eq!(
        one("take_anyif", &[Value::Null, Value::Null], &rows).to_kusto_string(),
        "b"
    );
}

#[test]
fn percentiles_are_nearest_rank() {
    let xs = column(&(1..=10).map(n).collect::<Vec<_>>());
    assert_eq!(
        one("percentile", &[Value::Null, n(50)], &xs).as_i64(),
        Some(5)
    );
    assert_eq!(
        one("percentile", &[Value::Null, n(0)], &xs).as_i64(),
        Some(1)
    );
    assert_eq!(
        json_of(run(
            "percentiles",
            &[Value::Null, n(5), Value::Real(95.0), n(100)],
            &xs
        )),
        [json!(1), json!(10), json!(10)]
    );
    let got = one(
        "percentiles_array",
        &[Value::Null, Value::dynamic(json!([25, 75]))],
        &xs,
    );
    assert_eq!(got.to_json(), json!([3, 8]));
}

/// Inputs for one aggregate: (name, constant arguments, rows).
type MergeCase = (&'static str, Vec<Value>, Vec<Vec<Value>>);

fn merge_cases() -> Vec<MergeCase> {
    let xs: Vec<Value> = vec![n(4), Value::Null, n(1), s(""), n(9), n(4), n(2), n(7)];
    let numbers: Vec<Value> = xs
        .iter()
        .map(|v| {
            if matches!(v, Value::String(_)) {
                Value::Null
            } else {
                v.clone()
            }
        })
        .collect();
    let with_pred = |vals: &[Value]| -> Vec<Vec<Value>> {
        vals.iter()
            .enumerate()
            .map(|(i, v)| vec![v.clone(), b(i % 3 != 1)])
            .collect()
    };
    let with_label = |vals: &[Value]| -> Vec<Vec<Value>> {
        vals.iter()
            .enumerate()
            .map(|(i, v)| vec![v.clone(), n(i as i64)])
            .collect()
    };
    let bags: Vec<Value> = (0..8)
        .map(|i| Value::dynamic(json!({ format!("k{}", i % 5): i })))
        .collect();
    let one_arg = [Value::Null];
    let two_args = [Value::Null, Value::Null];
    let three_args = [Value::Null, Value::Null, Value::Null];
    // Pairs (x, y, predicate) for the covariances; weights for the weighted forms.
    let pairs: Vec<Vec<Value>> = numbers
        .iter()
        .enumerate()
        .map(|(i, v)| vec![v.clone(), n((i * i) as i64 % 7), b(i % 3 != 1)])
        .collect();
    let sketches: Vec<Value> = (0..6)
        .map(|i| Value::dynamic(json!([[1024, 14], [format!("{}", i % 4), "99"], []])))
        .collect();
    let digests: Vec<Value> = (0..6)
        .map(|i| Value::dynamic(json!([[7], [i % 4, 10], [1, 2]])))
        .collect();
    vec![
        ("variancepif", two_args.to_vec(), with_pred(&numbers)),
        ("covariance", two_args.to_vec(), pairs.clone()),
        ("covariancep", two_args.to_vec(), pairs.clone()),
        ("covarianceif", three_args.to_vec(), pairs.clone()),
        ("covariancepif", three_args.to_vec(), pairs),
        (
            "percentilew",
            vec![Value::Null, Value::Null, n(50)],
            with_label(&numbers),
        ),
        (
            "percentilesw",
            vec![Value::Null, Value::Null, n(10), n(90)],
            with_label(&numbers),
        ),
        (
            "percentilesw_array",
            vec![Value::Null, Value::Null, n(10), n(90)],
            with_label(&numbers),
        ),
        ("hll", one_arg.to_vec(), column(&xs)),
        ("hll_if", two_args.to_vec(), with_pred(&xs)),
        ("hll_merge", one_arg.to_vec(), column(&sketches)),
        ("tdigest", one_arg.to_vec(), column(&numbers)),
        ("tdigest_merge", one_arg.to_vec(), column(&digests)),
        ("count", vec![], column(&numbers)),
        (
            "countif",
            one_arg.to_vec(),
            column(&[b(true), b(false), Value::Null, b(true)]),
        ),
        ("dcount", one_arg.to_vec(), column(&xs)),
        ("dcountif", two_args.to_vec(), with_pred(&xs)),
        ("sum", one_arg.to_vec(), column(&numbers)),
        ("binary_all_or", one_arg.to_vec(), column(&numbers)),
        ("binary_all_and", one_arg.to_vec(), column(&numbers)),
        ("binary_all_xor", one_arg.to_vec(), column(&numbers)),
        ("sumif", two_args.to_vec(), with_pred(&numbers)),
        ("avg", one_arg.to_vec(), column(&numbers)),
        ("avgif", two_args.to_vec(), with_pred(&numbers)),
        ("min", one_arg.to_vec(), column(&numbers)),
        ("max", one_arg.to_vec(), column(&numbers)),
        ("minif", two_args.to_vec(), with_pred(&numbers)),
        ("maxif", two_args.to_vec(), with_pred(&numbers)),
        ("stdev", one_arg.to_vec(), column(&numbers)),
        ("stdevif", two_args.to_vec(), with_pred(&numbers)),
        ("stdevp", one_arg.to_vec(), column(&numbers)),
        ("variance", one_arg.to_vec(), column(&numbers)),
        ("varianceif", two_args.to_vec(), with_pred(&numbers)),
        ("variancep", one_arg.to_vec(), column(&numbers)),
        ("make_set", one_arg.to_vec(), column(&xs)),
        ("makeset", one_arg.to_vec(), column(&xs)),
        ("make_set_if", two_args.to_vec(), with_pred(&xs)),
        ("make_list", one_arg.to_vec(), column(&xs)),
        ("makelist", one_arg.to_vec(), column(&xs)),
        ("make_list_if", two_args.to_vec(), with_pred(&xs)),
        ("make_list_with_nulls", one_arg.to_vec(), column(&xs)),
        ("make_bag", one_arg.to_vec(), column(&bags)),
        ("make_dictionary", one_arg.to_vec(), column(&bags)),
        ("buildschema", one_arg.to_vec(), column(&bags)),
        ("make_bag_if", two_args.to_vec(), with_pred(&bags)),
        ("arg_max", two_args.to_vec(), with_label(&numbers)),
        ("arg_min", two_args.to_vec(), with_label(&numbers)),
        ("take_any", one_arg.to_vec(), column(&xs)),
        ("take_anyif", two_args.to_vec(), with_pred(&xs)),
        ("percentile", vec![Value::Null, n(50)], column(&numbers)),
        (
            "percentiles",
            vec![Value::Null, n(10), n(90)],
            column(&numbers),
        ),
        (
            "percentiles_array",
            vec![Value::Null, n(10), n(90)],
            column(&numbers),
        ),
    ]
}

#[test]
fn merge_cases_cover_every_aggregate() {
    let covered: Vec<&str> = merge_cases().iter().map(|c| c.0).collect();
    for f in AGGREGATES {
        assert!(covered.contains(&f.name), "{} has no merge case", f.name);
    }
}

#[test]
fn merging_two_partial_states_equals_one_pass() {
    for (name, consts, rows) in merge_cases() {
        let whole = json_of(run(name, &consts, &rows));
        for at in 0..=rows.len() {
            let merged = json_of(run_split(name, &consts, &rows, at));
            let close = whole
                .iter()
                .zip(&merged)
                .all(|(w, m)| match (w.as_f64(), m.as_f64()) {
                    (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                    _ => w == m,
                });
            assert!(
                close && whole.len() == merged.len(),
                "{name} split at {at}: {whole:?} vs {merged:?}"
            );
        }
    }
}

/// binary-all-or/and/xor-aggregation-function: the bitwise fold of the non-null values;
/// worked by hand: 0b1100, 0b1010 and 0b0111 give OR 0b1111, AND 0b0000, XOR 0b0001.
#[test]
fn binary_all_aggregates_fold_the_bits_of_non_null_values() {
    let rows = column(&[n(0b1100), Value::Null, n(0b1010), n(0b0111)]);
    assert_eq!(one("binary_all_or", &[], &rows), n(0b1111));
    assert_eq!(one("binary_all_and", &[], &rows), n(0b0000));
    assert_eq!(one("binary_all_xor", &[], &rows), n(0b0001));
    assert_eq!(one("binary_all_and", &[], &rows[..2]), n(0b1100));
    for name in ["binary_all_or", "binary_all_and", "binary_all_xor"] {
        assert_eq!(
            run_split(name, &[], &rows, 2),
            run(name, &[], &rows),
            "{name}"
        );
        assert!(one(name, &[], &column(&[Value::Null])).is_null(), "{name}");
    }
}
