//! The names Kusto gives result columns that a query does not name. The Kusto docs say
//! only that the name "is automatically generated"
//! (learn.microsoft.com/kusto/query/project-operator); each expectation here is what
//! Microsoft's analyzer Kusto.Language infers for the same query and schemas (run by
//! `tests/result_schema_kusto.rs`), checked by hand.

use kqlc::plan::catalog::{MapCatalog, TableInfo};
use kqlc::value::{Column, Type};

/// T(Time: datetime, S: string, N: long, D: dynamic, P: int) and
/// U(Time: datetime, S: string, P: string).
fn catalog() -> MapCatalog {
    let mut catalog = MapCatalog::default();
    let table = |columns: &[(&str, Type)]| TableInfo {
        columns: columns.iter().map(|(n, t)| Column::new(*n, *t)).collect(),
        open: false,
    };
    catalog.insert(
        "T",
        table(&[
            ("Time", Type::DateTime),
            ("S", Type::String),
            ("N", Type::Long),
            ("D", Type::Dynamic),
            ("P", Type::Int),
        ]),
    );
    catalog.insert(
        "U",
        table(&[
            ("Time", Type::DateTime),
            ("S", Type::String),
            ("P", Type::String),
        ]),
    );
    catalog
}

/// `name:type` of each result column.
fn columns(query: &str) -> Vec<String> {
    let plan = kqlc::compile_kql(query, &catalog())
        .unwrap_or_else(|d| panic!("{query}: {}", d[0].message));
    plan.root
        .schema
        .iter()
        .map(|c| format!("{}:{}", c.name, c.ty.name()))
        .collect()
}

#[test]
fn an_unnamed_call_of_most_functions_adds_column_n_in_extend() {
    assert_eq!(
        columns("T | extend tolower(S), startofweek(Time)"),
        [
            "Time:datetime",
            "S:string",
            "N:long",
            "D:dynamic",
            "P:int",
            "Column1:string",
            "Column2:datetime",
        ]
    );
}

#[test]
fn bin_and_startofday_keep_their_argument_name_and_collisions_are_numbered() {
    assert_eq!(
        columns("T | project Time, bin(Time, 1h), startofday(Time)"),
        ["Time:datetime", "Time1:datetime", "Time2:datetime"]
    );
    assert_eq!(
        columns("T | project Time, Time1 = 1, bin(Time, 1h)"),
        ["Time:datetime", "Time1:long", "Time2:datetime"]
    );
}

#[test]
fn summarize_keys_of_unnamed_calls_are_column_n() {
    assert_eq!(
        columns("T | summarize count() by startofweek(Time), tolower(S)"),
        ["Column1:datetime", "Column2:string", "count_:long"]
    );
    assert_eq!(
        columns("T | summarize count() by bin(Time, 1h)"),
        ["Time:datetime", "count_:long"]
    );
}

#[test]
fn column_n_is_numbered_through_the_whole_query() {
    assert_eq!(
        columns("T | extend tolower(S) | project toupper(S), Column1"),
        ["Column2:string", "Column1:string"]
    );
    assert_eq!(
        columns("T | summarize count() by tolower(S) | extend toupper(Column1)"),
        ["Column1:string", "count_:long", "Column2:string"]
    );
}

#[test]
fn extend_skips_a_column_n_its_input_has_and_project_numbers_a_clash() {
    assert_eq!(
        columns("T | extend Column1 = 1 | extend tolower(S)"),
        [
            "Time:datetime",
            "S:string",
            "N:long",
            "D:dynamic",
            "P:int",
            "Column1:long",
            "Column2:string",
        ]
    );
    assert_eq!(
        columns("T | project tolower(S), Column1 = 1"),
        ["Column1:string", "Column11:long"]
    );
}

#[test]
fn conversions_overwrite_the_column_they_convert_in_extend() {
    assert_eq!(
        columns("T | extend tostring(N), toint(S)"),
        ["Time:datetime", "S:int", "N:string", "D:dynamic", "P:int"]
    );
}

#[test]
fn strlen_is_named_after_itself_and_its_argument() {
    assert_eq!(
        columns("T | project strlen(S), D.a.b, tostring(D.a)"),
        ["strlen_S:long", "D_a_b:dynamic", "D_a:string"]
    );
}

#[test]
fn union_keeps_a_name_with_two_types_apart_once_per_type() {
    assert_eq!(
        columns("T | union U"),
        [
            "Time:datetime",
            "S:string",
            "N:long",
            "D:dynamic",
            "P_int:int",
            "P_string:string",
        ]
    );
    assert_eq!(
        columns("T | project a = 1 | union (T | project a = 'x')"),
        ["a_long:long", "a_string:string"]
    );
    assert_eq!(
        columns("union withsource=Src T, U"),
        [
            "Src:string",
            "Time:datetime",
            "S:string",
            "N:long",
            "D:dynamic",
            "P_int:int",
            "P_string:string",
        ]
    );
}

#[test]
fn union_puts_the_typed_columns_of_one_name_side_by_side() {
    assert_eq!(
        columns("T | project P, S | union (U | project P, N = 1)"),
        ["P_int:int", "P_string:string", "S:string", "N:long"]
    );
}

#[test]
fn any_prefixes_its_arguments_and_take_any_keeps_them() {
    assert_eq!(
        columns("T | summarize any(Time, S) by P"),
        ["P:int", "any_Time:datetime", "any_S:string"]
    );
    assert_eq!(
        columns("T | summarize take_any(Time, S) by P"),
        ["P:int", "Time:datetime", "S:string"]
    );
}

#[test]
fn a_function_that_keeps_its_argument_name_names_an_aggregate_expression() {
    assert_eq!(
        columns("T | summarize todouble(count()), round(avg(N), 2) by S"),
        ["S:string", "count_:real", "avg_N:real"]
    );
    assert_eq!(
        columns("T | summarize count() / 2, sum(N) * 2 by S"),
        ["S:string", "Column1:long", "Column2:long"]
    );
}

/// learn.microsoft.com/kusto/query/pivot-plugin: the group columns default to "all
/// columns other than the pivoted column and the aggregation column" (its example
/// `project State, EventType | evaluate pivot(State)` gives `EventType` and one column
/// per state).
#[test]
fn pivot_without_group_columns_groups_by_the_other_columns() {
    let data = "datatable(State:string, EventType:string, N:long)\
                ['AL', 'Wind', 1, 'AK', 'Wind', 2, 'AL', 'Hail', 3]";
    assert_eq!(
        columns(&format!(
            "{data} | project State, EventType | evaluate pivot(State)"
        )),
        ["EventType:string", "AL:long", "AK:long"]
    );
    assert_eq!(
        columns(&format!("{data} | evaluate pivot(State, sum(N))")),
        ["EventType:string", "AL:long", "AK:long"]
    );
}

/// learn.microsoft.com/kusto/query/lookup-operator: the right side's key columns are not
/// repeated in the result, also when the key is `$left.A == $right.B`.
#[test]
fn lookup_leaves_out_the_right_key_columns() {
    assert_eq!(
        columns("T | lookup (U | project S2 = S, P) on $left.S == $right.S2"),
        [
            "Time:datetime",
            "S:string",
            "N:long",
            "D:dynamic",
            "P:int",
            "P1:string"
        ]
    );
    assert_eq!(
        columns("T | join kind=leftouter (U | project S2 = S, P) on $left.S == $right.S2"),
        [
            "Time:datetime",
            "S:string",
            "N:long",
            "D:dynamic",
            "P:int",
            "S2:string",
            "P1:string",
        ]
    );
}

#[test]
fn int_arithmetic_bin_and_abs_widen_to_long_but_min_max_take_any_keep_int() {
    // Kusto.Language's types for T's int column P (checked with its analyzer).
    assert_eq!(
        columns(
            "T | project a = P + P, b = P * P, c = -P, d = bin(P, 2), e = abs(P), f = round(P)"
        ),
        ["a:long", "b:long", "c:long", "d:long", "e:long", "f:int"]
    );
    assert_eq!(
        columns(
            "T | summarize mx = max(P), mn = min(P), t = take_any(P), p = percentile(P, 50), s = sum(P)"
        ),
        ["mx:int", "mn:int", "t:int", "p:long", "s:long"]
    );
}

#[test]
fn a_typeof_argument_names_the_result_type_of_extract_and_extract_json() {
    // learn.microsoft.com/kusto/query/extract-function, extract-json-function
    assert_eq!(
        columns(
            r#"T | project a = extract_json("$.a", S, typeof(long)), b = extractjson("$.b", S), c = extract("(\\d+)", 1, S, typeof(int))"#
        ),
        ["a:long", "b:string", "c:int"]
    );
}

#[test]
fn mv_apply_keeps_the_input_columns_in_place_and_the_subquery_adds_its_own_after() {
    // The subquery's value of a column both have takes the input column's place; an
    // unnamed item (`mv-apply D on`) leaves the outer row, a named one (`x = D`) not.
    assert_eq!(
        columns("T | mv-apply D on (extend S = strlen(S) | project N, S, D)"),
        ["Time:datetime", "S:long", "N:long", "P:int", "D:dynamic"]
    );
    assert_eq!(
        columns("T | mv-apply x = D on (summarize c = count() by N)"),
        [
            "Time:datetime",
            "S:string",
            "N:long",
            "D:dynamic",
            "P:int",
            "c:long"
        ]
    );
}

#[test]
fn an_aggregate_star_leaves_out_only_the_columns_a_by_key_reads_as_they_are() {
    // `by k = S` reads S as it is: `*` leaves S out; `by tostring(D)` computes from D,
    // so D stays in (renamed D1 beside the key D).
    assert_eq!(
        columns("T | summarize arg_min(Time, *) by k = S"),
        ["k:string", "Time:datetime", "N:long", "D:dynamic", "P:int"]
    );
    assert_eq!(
        columns("T | summarize arg_min(Time, *) by tostring(D)"),
        [
            "D:string",
            "Time:datetime",
            "S:string",
            "N:long",
            "D1:dynamic",
            "P:int"
        ]
    );
}

#[test]
fn a_named_first_argument_of_bin_names_the_key() {
    assert_eq!(
        columns("T | summarize n = count() by bin(Hour = Time, 1h)"),
        ["Hour:datetime", "n:long"]
    );
}

#[test]
fn arithmetic_of_dynamic_and_a_typed_operand_has_the_typed_operands_type() {
    // `dynamic op long` is long, `op real` real, `datetime - dynamic` a timespan.
    assert_eq!(
        columns("T | project a = D + N, b = D * 1.5, c = Time - D, d = D / P, e = D + 1h"),
        ["a:long", "b:real", "c:timespan", "d:long", "e:timespan"]
    );
}

#[test]
fn a_declared_plugin_schema_gives_the_plugins_columns() {
    // bag-unpack-plugin, "Output schema syntax": `*` keeps the input's other columns.
    assert_eq!(
        columns("T | evaluate bag_unpack(D) : (*, Name: string, Age: long)"),
        [
            "Time:datetime",
            "S:string",
            "N:long",
            "P:int",
            "Name:string",
            "Age:long"
        ]
    );
    assert_eq!(
        columns("T | evaluate bag_unpack(D) : (Name: string, Age: long)"),
        ["Name:string", "Age:long"]
    );
}

#[test]
fn find_project_smart_gives_the_label_the_common_columns_the_predicates_and_pack() {
    // find-operator page, "Output schema"; U has no N, so `N > 1` leaves U out.
    assert_eq!(
        columns("find in (T, U) where S == 'x'"),
        [
            "source_:string",
            "Time:datetime",
            "S:string",
            "pack_:dynamic"
        ]
    );
    assert_eq!(
        columns("find withsource = Table in (T, U) where N > 1 project N, P: string"),
        ["Table:string", "N:long", "P:string"]
    );
}

#[test]
fn basket_outputs_segment_count_and_percent_before_the_input_columns() {
    assert_eq!(
        columns("U | evaluate basket(0.2)"),
        [
            "SegmentId:long",
            "Count:long",
            "Percent:real",
            "Time:datetime",
            "S:string",
            "P:string"
        ]
    );
}
