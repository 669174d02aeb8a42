//! True errors: hand-made broken variants of corpus and seed rules. Each test names
//! the mistake, asserts the code kqlc reports for it, and snapshots the exact rendered
//! finding (`snapshots/check/broken_*.snap`, each read by hand before acceptance).
//! The plain `.kql` variants read their table with a time filter (`| where
//! TimeGenerated > ago(1d)` on the first line), so that the only finding is the one
//! under test and not also KQL222 (no time filter, tested in `check_lints.rs`).

use crate::check_support;

use check_support::{findings, rendered_with, snapshot};
use kqlc::check::CheckOptions;
use kqlc::diagnostic::{Code, Severity};

/// Checks `text` as the rule file `path`, asserts that the findings are exactly
/// `expected` (code and severity, in order), and snapshots the rendering.
fn broken(name: &str, path: &str, text: &str, expected: &[(Code, Severity)]) {
    broken_with(name, path, text, expected, &CheckOptions::default());
}

fn broken_with(
    name: &str,
    path: &str,
    text: &str,
    expected: &[(Code, Severity)],
    options: &CheckOptions,
) {
    let found: Vec<(Code, Severity)> = findings(path, text, options)
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    assert_eq!(found, expected, "findings of {name}");
    snapshot(
        &format!("broken_{name}"),
        rendered_with(path, text, options),
    );
}

use Severity::{Error, Warning};

/// Seed 004's rule header, for the YAML variants.
fn sentinel_rule(extra: &str, query: &str) -> String {
    let indented: String = query.lines().map(|l| format!("  {l}\n")).collect();
    format!(
        "id: 9d2a7f4e-0000-4000-8000-000000000004\nname: New PA, PCA, or PCAS added to Azure DevOps\nseverity: Medium\nqueryFrequency: 1d\nqueryPeriod: 1d\ntriggerOperator: gt\ntriggerThreshold: 0\n{extra}query: |\n{indented}"
    )
}

const ADO_QUERY: &str = "ADOAuditLogs\n| where OperationName =~ \"Group.UpdateGroupMembership.Add\"\n| extend AccountCustomEntity = ActorUPN\n| project TimeGenerated, OperationName, ActorUPN, IpAddress, AccountCustomEntity\n";

#[test]
fn misspelt_column_of_a_known_table_is_an_error_with_did_you_mean() {
    broken(
        "column_typo",
        "q.kql",
        "AuditLogs | where TimeGenerated > ago(1d)\n| where OperationNmae == \"Add member to role\"\n",
        &[(Code::UnknownColumn, Error)],
    );
}

#[test]
fn misspelt_sign_in_result_column_is_an_error() {
    broken(
        "signin_column_typo",
        "q.kql",
        "SigninLogs | where TimeGenerated > ago(1d)\n| where ResultTyp == \"50126\"\n| summarize count() by UserPrincipalName\n",
        &[(Code::UnknownColumn, Error)],
    );
}

#[test]
fn column_dropped_by_summarize_is_unknown_after_it() {
    broken(
        "column_after_summarize",
        "q.kql",
        "SigninLogs | where TimeGenerated > ago(1d)\n| summarize Failures = count() by UserPrincipalName\n| where IPAddress == \"10.0.0.1\"\n",
        &[(Code::UnknownColumn, Error)],
    );
}

#[test]
fn ago_without_its_argument_is_wrong_arity() {
    broken(
        "ago_no_argument",
        "q.kql",
        "AuditLogs\n| where TimeGenerated > ago()\n",
        &[(Code::WrongArity, Error)],
    );
}

#[test]
fn substring_with_too_many_arguments_is_wrong_arity() {
    broken(
        "substring_four_arguments",
        "q.kql",
        "AuditLogs | where TimeGenerated > ago(1d)\n| extend Short = substring(OperationName, 0, 5, 6)\n",
        &[(Code::WrongArity, Error)],
    );
}

#[test]
fn near_miss_of_a_builtin_function_is_an_error_not_a_workspace_function() {
    broken(
        "parse_jsn",
        "q.kql",
        "AuditLogs | where TimeGenerated > ago(1d)\n| extend Props = parse_jsn(tostring(AdditionalDetails))\n",
        &[(Code::UnknownFunction, Error)],
    );
}

#[test]
fn asim_parser_call_is_an_assumed_workspace_function_warning() {
    broken(
        "asim_parser",
        "q.kql",
        "_Im_Dns(starttime=ago(1h), responsecodename='NXDOMAIN')\n| summarize count() by SrcIpAddr\n",
        &[(Code::AssumedWorkspaceFunction, Warning)],
    );
}

#[test]
fn strict_mode_makes_an_assumed_workspace_function_an_error() {
    broken_with(
        "asim_parser_strict",
        "q.kql",
        "imAuthentication\n| where EventResult == 'Failure'\n",
        &[(Code::AssumedWorkspaceFunction, Error)],
        &CheckOptions {
            strict: true,
            ..CheckOptions::default()
        },
    );
}

#[test]
fn summarize_by_a_dynamic_column_is_an_error_with_the_tostring_fix() {
    broken(
        "summarize_by_dynamic",
        "q.kql",
        "AuditLogs | where TimeGenerated > ago(1d)\n| summarize count() by TargetResources\n",
        &[(Code::DynamicKey, Error)],
    );
}

#[test]
fn join_on_a_dynamic_key_is_an_error_with_the_tostring_fix() {
    broken(
        "join_on_dynamic",
        "q.kql",
        "AuditLogs | where TimeGenerated > ago(1d)\n| extend Actor = InitiatedBy.user\n| join kind=inner (SigninLogs | where TimeGenerated > ago(1d) | extend Actor = parse_json(UserId)) on Actor\n",
        &[(Code::DynamicKey, Error)],
    );
}

#[test]
fn datetime_ordered_against_a_number_is_an_operator_error() {
    broken(
        "datetime_vs_number",
        "q.kql",
        "SigninLogs\n| where TimeGenerated > 14\n",
        &[(Code::OperatorTypes, Error)],
    );
}

#[test]
fn ago_of_a_string_is_an_argument_type_error() {
    broken(
        "ago_of_string",
        "q.kql",
        "SigninLogs\n| where TimeGenerated > ago(\"1d\")\n",
        &[(Code::ArgumentType, Error)],
    );
}

#[test]
fn aggregate_outside_summarize_is_an_error() {
    broken(
        "aggregate_in_extend",
        "q.kql",
        "SigninLogs | where TimeGenerated > ago(1d)\n| extend Attempts = count()\n",
        &[(Code::TypeMismatch, Error)],
    );
}

#[test]
fn let_that_nothing_uses_is_a_warning() {
    broken(
        "unused_let",
        "q.kql",
        "let lookback = 1d;\nlet threshold = 5;\nSigninLogs\n| where TimeGenerated > ago(lookback)\n",
        &[(Code::UnusedLet, Warning)],
    );
}

#[test]
fn where_after_take_is_a_warning() {
    broken(
        "where_after_take",
        "q.kql",
        "SigninLogs | where TimeGenerated > ago(1d)\n| take 100\n| where ResultType != \"0\"\n",
        &[(Code::WhereAfterTake, Warning)],
    );
}

#[test]
fn let_named_like_a_column_is_shadowed_by_it() {
    broken(
        "column_shadows_let",
        "q.kql",
        "let UserPrincipalName = \"admin@contoso.com\";\nSigninLogs | where TimeGenerated > ago(1d)\n| where UserPrincipalName == UserPrincipalName\n",
        &[
            (Code::ColumnShadowsLet, Warning),
            (Code::ColumnShadowsLet, Warning),
        ],
    );
}

#[test]
fn misspelt_table_is_an_error_with_did_you_mean() {
    // Kusto.Language: "The name 'SigninLog' does not refer to any known table".
    broken(
        "table_typo",
        "q.kql",
        "SigninLog\n| where ResultType != \"0\"\n",
        &[(Code::UnknownTable, Error)],
    );
}

#[test]
fn an_operator_kqlc_cannot_run_is_a_warning_and_checking_goes_on() {
    broken(
        "unsupported_operator",
        "q.kql",
        "SigninLogs\n| evaluate autocluster()\n| extend Points = 1\n",
        &[(Code::Unsupported, Warning)],
    );
}

#[test]
fn misspelt_defender_column_is_an_error_with_did_you_mean() {
    // Kusto.Language rejects a near miss in a Defender XDR table as in any other.
    broken(
        "defender_column_typo",
        "q.kql",
        "DeviceProcessEvents | where TimeGenerated > ago(1d)\n| where ProcesCommandLine has \"-enc\"\n",
        &[(Code::UnknownColumn, Error)],
    );
}

#[test]
fn ago_window_beyond_query_period_is_a_warning() {
    let rule = sentinel_rule(
        "",
        "ADOAuditLogs\n| where TimeGenerated > ago(14d)\n| project TimeGenerated, ActorUPN\n",
    );
    broken(
        "ago_beyond_query_period",
        "rule.yaml",
        &rule,
        &[(Code::AgoBeyondQueryPeriod, Warning)],
    );
}

#[test]
fn entity_mapping_of_a_column_the_query_drops_is_an_error() {
    let rule = sentinel_rule(
        "entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: FullName\n        columnName: AccountCustomEntty\n",
        ADO_QUERY,
    );
    broken(
        "entity_column_missing",
        "rule.yaml",
        &rule,
        &[(Code::RuleColumnMissing, Error)],
    );
}

#[test]
fn custom_detail_of_a_column_the_query_drops_is_an_error() {
    let rule = sentinel_rule("customDetails:\n  ProjectName: ProjectName\n", ADO_QUERY);
    broken(
        "custom_detail_missing",
        "rule.yaml",
        &rule,
        &[(Code::RuleColumnMissing, Error)],
    );
}

#[test]
fn alert_name_placeholder_of_a_missing_column_is_an_error() {
    let rule = sentinel_rule(
        "alertDetailsOverride:\n  alertDisplayNameFormat: \"{{ActorUPN}} added {{TargetUser}} to a PA group\"\n",
        ADO_QUERY,
    );
    broken(
        "alert_override_placeholder",
        "rule.yaml",
        &rule,
        &[(Code::RuleColumnMissing, Error)],
    );
}

#[test]
fn query_frequency_longer_than_query_period_is_an_error() {
    let rule = sentinel_rule("", ADO_QUERY).replace("queryPeriod: 1d", "queryPeriod: 1h");
    broken(
        "frequency_over_period",
        "rule.yaml",
        &rule,
        &[(Code::RuleMetadataInvalid, Error)],
    );
}

#[test]
fn unknown_trigger_operator_is_an_error() {
    let rule =
        sentinel_rule("", ADO_QUERY).replace("triggerOperator: gt", "triggerOperator: greater");
    broken(
        "trigger_operator",
        "rule.yaml",
        &rule,
        &[(Code::RuleMetadataInvalid, Error)],
    );
}

#[test]
fn malformed_technique_and_misspelt_tactic_are_errors() {
    let rule = sentinel_rule(
        "tactics:\n  - Persistance\nrelevantTechniques:\n  - T1098.1\n",
        ADO_QUERY,
    );
    broken(
        "tactic_and_technique",
        "rule.yaml",
        &rule,
        &[
            (Code::RuleMetadataInvalid, Error),
            (Code::RuleMetadataInvalid, Error),
        ],
    );
}

#[test]
fn unreadable_query_period_is_an_error() {
    let rule = sentinel_rule("", ADO_QUERY).replace("queryPeriod: 1d", "queryPeriod: one day");
    broken(
        "query_period_not_a_duration",
        "rule.yaml",
        &rule,
        &[(Code::RuleMetadataInvalid, Error)],
    );
}

#[test]
fn contains_of_a_whole_term_suggests_has() {
    broken(
        "contains_over_has",
        "q.kql",
        "SecurityEvent | where TimeGenerated > ago(1d)\n| where CommandLine contains \"mimikatz\"\n",
        &[(Code::ContainsOverHas, Warning)],
    );
}

#[test]
fn tolower_compared_with_double_equals_suggests_tilde_equals() {
    broken(
        "case_fold_compare",
        "q.kql",
        "SigninLogs | where TimeGenerated > ago(1d)\n| where tolower(UserPrincipalName) == \"admin@contoso.com\"\n",
        &[(Code::CaseFoldCompare, Warning)],
    );
}
