//! Type errors as Kusto reports them (Kusto.Language's operator and function
//! signatures; the Kusto docs' "scalar data types", "datetime / timespan arithmetic"
//! and each function's page): hand-broken variants of the seed rules. Each test names
//! the mistake, asserts the code, and snapshots the exact rendered finding with its
//! help (`snapshots/check/types_*.snap`, each read by hand before acceptance).

use crate::check_support;

use check_support::{findings, rendered, snapshot};
use kqlc::check::CheckOptions;
use kqlc::diagnostic::Code;

/// The errors (not warnings) of `text` checked as a `.kql` file.
fn errors(text: &str) -> Vec<kqlc::diagnostic::Diagnostic> {
    findings("q.kql", text, &CheckOptions::default())
        .into_iter()
        .filter(|d| d.is_error())
        .collect()
}

/// The errors of `text` as `Code message` lines, for an assertion's message.
fn error_texts(text: &str) -> Vec<String> {
    errors(text)
        .iter()
        .map(|d| format!("{:?} {}", d.code, d.message))
        .collect()
}

/// Checks `text` as a `.kql` file: the error codes are exactly `expected`, in order,
/// and the rendering matches the snapshot `types_{name}`.
fn type_error(name: &str, text: &str, expected: &[Code]) {
    let found: Vec<Code> = errors(text).iter().map(|d| d.code).collect();
    assert_eq!(found, expected, "errors of {name}");
    snapshot(&format!("types_{name}"), rendered("q.kql", text));
}

/// Seed 000's query (AADProvisioningLogs), with one line replaced.
fn seed000(time_filter: &str, result_filter: &str) -> String {
    format!(
        "AADProvisioningLogs\n{time_filter}\n{result_filter}\n| extend SPName = tostring(parse_json(ServicePrincipal).Name)\n| summarize Failures = count() by SPName, JobId\n| where Failures > 30\n"
    )
}

#[test]
fn datetime_compared_with_a_timespan_is_an_operator_error() {
    // learn.microsoft.com/kusto/query/datetime-timespan-arithmetic: a datetime is
    // compared with a datetime; `ago(1h)` is the datetime one hour back.
    type_error(
        "datetime_gt_timespan",
        &seed000(
            "| where TimeGenerated > 1h",
            "| where ResultType =~ \"Failure\"",
        ),
        &[Code::OperatorTypes],
    );
}

#[test]
fn a_string_column_as_the_where_condition_is_not_a_bool() {
    // learn.microsoft.com/kusto/query/where-operator: the predicate is a bool expression.
    type_error(
        "where_string_column",
        &seed000("| where TimeGenerated > ago(1h)", "| where ResultType"),
        &[Code::NotBool],
    );
}

#[test]
fn ago_of_a_number_is_an_argument_type_error() {
    // learn.microsoft.com/kusto/query/ago-function: ago(timespan).
    type_error(
        "ago_of_a_number",
        &seed000(
            "| where TimeGenerated > ago(1)",
            "| where ResultType =~ \"Failure\"",
        ),
        &[Code::ArgumentType],
    );
}

#[test]
fn a_string_plus_a_number_is_an_operator_error() {
    type_error(
        "string_plus_number",
        "AADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| extend Next = JobId + 1\n",
        &[Code::OperatorTypes],
    );
}

#[test]
fn iff_of_a_string_condition_is_not_a_bool() {
    // learn.microsoft.com/kusto/query/iff-function: iff(if: bool, then, else).
    type_error(
        "iff_string_condition",
        "AADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| extend Failed = iff(ResultType, 1, 0)\n",
        &[Code::NotBool],
    );
}

#[test]
fn bin_of_a_datetime_by_a_string_has_no_overload() {
    // learn.microsoft.com/kusto/query/bin-function: bin(value, roundTo) of numbers,
    // timespans or datetimes; a datetime rounds to a timespan.
    type_error(
        "bin_datetime_string",
        "AADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| summarize count() by bin(TimeGenerated, \"1h\")\n",
        &[Code::ArgumentType],
    );
}

#[test]
fn countif_of_a_string_is_not_a_bool() {
    // learn.microsoft.com/kusto/query/countif-aggregation-function: countif(predicate).
    type_error(
        "countif_string",
        "AADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| summarize Failures = countif(ResultType) by JobId\n",
        &[Code::NotBool],
    );
}

#[test]
fn iff_branches_without_a_common_type_are_an_error() {
    type_error(
        "iff_no_common_type",
        "AADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| extend Level = iff(ResultType == \"Failure\", 1, \"low\")\n",
        &[Code::ArgumentType],
    );
}

#[test]
fn and_of_a_string_is_reported_on_the_line_of_the_and() {
    // Kusto reports an operator on the operator's own line.
    type_error(
        "and_of_a_string",
        "AADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| where ResultType\n    and JobId == \"x\"\n",
        &[Code::OperatorTypes],
    );
}

#[test]
fn join_keys_of_different_types_are_an_error() {
    // Kusto.Language: "Inconsistent data types for join keys: (string, long)" (KS242);
    // learn.microsoft.com/kusto/query/join-operator matches keys by equality.
    type_error(
        "join_key_types",
        "let Jobs = AADProvisioningLogs\n| where TimeGenerated > ago(1d)\n| project JobId, DurationMs;\nAADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| join kind=inner (Jobs) on $left.JobId == $right.DurationMs\n",
        &[Code::JoinKeyTypes],
    );
}

#[test]
fn an_on_column_of_another_type_on_the_right_is_an_error() {
    // Kusto.Language: "The common column 'JobId' must have the same type on both
    // sides of the join" (KS227); the right side made it a long.
    let text = "AADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| lookup (AADProvisioningLogs | extend JobId = DurationMs) on JobId\n";
    let codes: Vec<Code> = errors(text).iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::JoinKeyTypes]);
}

#[test]
fn int_and_long_join_keys_go_together() {
    // Kusto.Language accepts `(int, long)` keys; every other pair must match exactly.
    let text =
        "datatable(a:int)[1]\n| join kind=inner (datatable(b:long)[1]) on $left.a == $right.b\n";
    let errors = error_texts(text);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn print_expressions_are_type_checked() {
    // learn.microsoft.com/kusto/query/ago-function: ago(timespan), in `print` as anywhere.
    type_error(
        "print_ago_of_a_number",
        "print ago(42)\n",
        &[Code::ArgumentType],
    );
}

#[test]
fn a_column_after_a_pivot_of_a_table_has_no_type_to_clash_with() {
    // pivot-plugin: the output columns are the pivoted column's values, known only from
    // the data; Kusto.Language accepts any use of a name after it (here a misspelling).
    let text = "AADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| evaluate pivot(ResultType, count(), JobId)\n| where Failur contains \"x\"\n";
    let errors = error_texts(text);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_right_types_raise_no_type_error() {
    let text = "AADProvisioningLogs\n| where TimeGenerated between (ago(1d) .. 1h)\n| where TimeGenerated - ago(1d) > 1h\n| extend Hour = bin(TimeGenerated, 1h), Delay = now() - TimeGenerated, Ratio = 1h / 1m\n| extend Failed = iff(ResultType == \"Failure\", 1, 0), Text = strcat(JobId, 1), Upper = toupper(1)\n| where Failed * 2.5 > 1 and isnotempty(ResultType) and ResultType in~ (\"failure\")\n| summarize countif(ResultType == \"Failure\"), sum(Failed) by Hour\n";
    let errors = error_texts(text);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_join_key_missing_on_the_right_side_is_an_error() {
    // learn.microsoft.com/kusto/query/join-operator: `on Column` names a column that
    // both sides have; here the right side projected it away.
    type_error(
        "join_key_missing",
        "let Jobs = AADProvisioningLogs\n| where TimeGenerated > ago(1d)\n| project JobId, ServicePrincipal;\nAADProvisioningLogs\n| where TimeGenerated > ago(1h)\n| join kind=inner (Jobs) on CycleId\n",
        &[Code::JoinKeyMissing],
    );
}
