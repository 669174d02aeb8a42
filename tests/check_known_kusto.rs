//! Valid Kusto that published rules use and that kqlc once reported as errors (issue 6's
//! false errors on the public corpus): each test is the reduced form of such a rule and
//! states the Kusto rule that makes it valid.

use crate::check_support;

use check_support::findings;
use kqlc::check::CheckOptions;
use kqlc::diagnostic::{Code, Diagnostic, Severity};

fn check(text: &str) -> Vec<Diagnostic> {
    findings("q.kql", text, &CheckOptions::default())
}

fn errors(text: &str) -> Vec<String> {
    check(text)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code.id(), d.message))
        .collect()
}

fn severity_of(text: &str, code: Code) -> Option<Severity> {
    check(text)
        .iter()
        .find(|d| d.code == code)
        .map(|d| d.severity)
}

const TIME: &str = "| where TimeGenerated > ago(1d)\n";

#[test]
fn a_column_far_from_any_known_one_may_be_missing_from_the_reference() {
    // SecurityEvent has `AccessList`; the 2024 reference kqlc's schema comes from lacks it.
    let far = format!("SecurityEvent {TIME}| where AccessList has \"%%4417\"\n");
    assert_eq!(
        severity_of(&far, Code::ColumnNotInSchema),
        Some(Severity::Warning)
    );
    // A one- or two-letter slip is a typo.
    let typo = format!("SecurityEvent {TIME}| where AccessMsk has \"0x2\"\n");
    assert_eq!(
        severity_of(&typo, Code::UnknownColumn),
        Some(Severity::Error)
    );
}

#[test]
fn a_column_differing_only_in_case_or_by_a_trailing_underscore_is_a_warning() {
    let case = format!("OfficeActivity {TIME}| where AddOnName != \"\"\n");
    assert_eq!(
        severity_of(&case, Code::ColumnNotInSchema),
        Some(Severity::Warning)
    );
    let suffixed = format!("OfficeActivity {TIME}| where isnotempty(ClientIP_)\n");
    assert_eq!(
        severity_of(&suffixed, Code::ColumnNotInSchema),
        Some(Severity::Warning)
    );
}

#[test]
fn a_column_of_a_table_without_schema_joined_to_a_known_one_is_not_an_error() {
    let text = format!(
        "ThreatIntelligenceIndicator {TIME}| join kind=inner (AzureDiagnostics {TIME}| extend ClientIP = CallerIPAddress) on $left.NetworkIP == $right.ClientIP\n| project ResourceId, SubscriptionId\n"
    );
    assert_eq!(errors(&text), Vec::<String>::new());
}

#[test]
fn materialize_keeps_the_columns_of_an_open_table() {
    let text = format!(
        "let alerts = materialize(SecurityAlert {TIME});\nalerts | project SystemAlertId\n"
    );
    assert_eq!(errors(&text), Vec::<String>::new());
}

#[test]
fn invoke_binds_tabular_arguments_and_defaults() {
    let text = "let f = (T:(key:int), Other:(key:int), Max:int = 10) { T | join kind=inner Other on key | top Max by key };\nlet A = datatable(key:int)[1, 2];\nlet B = datatable(key:int)[2];\nA | invoke f(B)\n";
    assert_eq!(errors(text), Vec::<String>::new());
}

/// series-stats-function: an unnamed `extend series_stats(x)` adds `series_stats_x_avg`, ….
#[test]
fn unnamed_series_functions_add_their_suffixed_columns() {
    let text = format!(
        "SigninLogs {TIME}| make-series n = count() on TimeGenerated step 1h by UserId\n| extend series_stats(n), series_decompose_anomalies(n)\n| where series_stats_n_avg > 5 and array_length(series_decompose_anomalies_n_ad_flag) > 0\n"
    );
    assert_eq!(errors(&text), Vec::<String>::new());
}

/// binary-all-or-aggregation-function, percentilesw-aggregation-function: both run
/// now, so neither draws the "cannot run" warning.
#[test]
fn weighted_percentiles_and_binary_folds_check_without_a_warning() {
    let text = format!(
        "SigninLogs {TIME}| summarize Any = binary_all_or(tolong(ResultType == \"0\")), percentilesw(DurationMs, 1, 50) by UserId\n| project UserId, Any, percentile_DurationMs_50\n"
    );
    assert_eq!(errors(&text), Vec::<String>::new());
    assert_eq!(severity_of(&text, Code::Unsupported), None);
}

/// extract-all-function: "Deprecated aliases: extractall()"; parse-ipv6-mask-function (run since).
#[test]
fn deprecated_and_unrunnable_scalar_functions_are_known() {
    let text = format!(
        "SigninLogs {TIME}| extend Parts = extractall(@\"(\\d+)\", IPAddress), Net = parse_ipv6_mask(IPAddress, 120)\n"
    );
    assert_eq!(errors(&text), Vec::<String>::new());
}

#[test]
fn an_aggregate_indexed_inside_an_expression_is_computed_by_the_summarize() {
    let text = format!(
        "SigninLogs {TIME}| summarize Last = tostring(make_list_if(AppDisplayName, isnotempty(AppDisplayName))[-1]) by UserId\n"
    );
    assert_eq!(errors(&text), Vec::<String>::new());
}

#[test]
fn count_without_parentheses_names_the_fix() {
    let text = format!("SigninLogs {TIME}| summarize count by UserId\n");
    let found = check(&text);
    let d = found
        .iter()
        .find(|d| d.is_error())
        .expect("`count` alone is an error");
    assert_eq!(
        d.help.as_deref(),
        Some("`count` is a function: call it with parentheses, `count()`")
    );
}

/// extent-tags-function (`() -> dynamic`), which kqlc does not run (the tags are a
/// cluster's): `kqlc check` types its result beside `ingestion_time()` and warns;
/// `kqlc run` refuses it by name (`KQL206`), not as an unknown function.
#[test]
fn scalars_kqlc_cannot_run_are_typed_when_checked_and_named_when_run() {
    let text = format!(
        "SigninLogs {TIME}| extend Tags = extent_tags(), Ingested = ingestion_time()\n| where Ingested > ago(1h) and isnotnull(Tags)\n"
    );
    assert_eq!(errors(&text), Vec::<String>::new());
    assert_eq!(
        severity_of(&text, Code::Unsupported),
        Some(Severity::Warning)
    );
    let run = kqlc::compile_kql(
        "print d = extent_tags()",
        &kqlc::plan::catalog::MapCatalog::default(),
    );
    let codes: Vec<Code> = run
        .err()
        .unwrap_or_default()
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, vec![Code::Unsupported]);
}

/// current-principal-function, current-database-function, cursor-after-function,
/// extent-id-function, bin-auto-function: what an offline run does not have is a typed
/// `KQL206` (a warning when checked, an error when run), not an unknown function.
#[test]
fn functions_of_the_cluster_and_caller_are_known_but_not_run() {
    let text = format!(
        "SigninLogs {TIME}| extend Who = current_principal(), Db = current_database(), Member = current_principal_is_member_of('aadgroup=x@y.com'), Extent = extent_id()\n| where cursor_after('') and strlen(Who) > 0 and isnotempty(Db) and Member and isnotempty(Extent)\n"
    );
    assert_eq!(errors(&text), Vec::<String>::new());
    assert_eq!(
        severity_of(&text, Code::Unsupported),
        Some(Severity::Warning)
    );
    let run = kqlc::compile_kql(
        "print w = current_principal()",
        &kqlc::plan::catalog::MapCatalog::default(),
    );
    let codes: Vec<Code> = run
        .err()
        .unwrap_or_default()
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, vec![Code::Unsupported]);
}
