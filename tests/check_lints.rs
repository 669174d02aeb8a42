//! Error recovery (every independent error of a query is reported), fuzzy union legs,
//! ordering comparisons, and the query-cost lints KQL222–KQL227: each lint fires on a
//! small query and stays quiet on its near miss.

use crate::check_support;

use check_support::{findings, rendered, snapshot};
use kqlc::check::CheckOptions;
use kqlc::diagnostic::{Code, Diagnostic, Severity};

fn check(text: &str) -> Vec<Diagnostic> {
    findings("q.kql", text, &CheckOptions::default())
}

fn codes(text: &str) -> Vec<(Code, Severity)> {
    check(text).iter().map(|d| (d.code, d.severity)).collect()
}

fn has(text: &str, code: Code) -> bool {
    check(text).iter().any(|d| d.code == code)
}

const TIME: &str = "| where TimeGenerated > ago(1d)\n";

#[test]
fn three_independent_errors_are_all_reported() {
    let text = format!(
        "let admins = AuditLogs {TIME}| where Categry == \"RoleManagement\" | project Actor = tostring(InitiatedBy.user.userPrincipalName);\nSigninLogs\n{TIME}| where ResultTyp == \"0\"\n| where substring(UserPrincipalName, 0, 1, 2) == \"a\"\n| where UserPrincipalName in (admins)\n"
    );
    let errors: Vec<Code> = check(&text)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    snapshot("recovery_three_errors", rendered("q.kql", &text));
}

#[test]
fn run_lowering_still_stops_at_the_first_error() {
    let text = "AuditLogs | where Categry == 1 | where ResultTyp == 2";
    let (tree, _) = kqlc::syntax::kql::parse(text);
    let tree = tree.expect("parses");
    let mut catalog = kqlc::check::CheckCatalog::default();
    let columns = vec![kqlc::value::Column::new(
        "Category",
        kqlc::value::Type::String,
    )];
    catalog.user.insert("AuditLogs".to_string(), columns);
    let error = kqlc::syntax::kql::lower::lower(&tree, &catalog).expect_err("unknown column");
    assert!(error.message.contains("Categry"), "{}", error.message);
}

#[test]
fn after_a_failed_stage_later_columns_are_not_reported() {
    // The failed `summarize` leaves its output unknown: `Total` is not an error.
    let text =
        format!("AuditLogs\n{TIME}| summarize Total = count() by Categry\n| where Total > 1\n");
    let errors: Vec<String> = check(&text)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(errors, vec!["unknown column `Categry`".to_string()]);
}

/// learn.microsoft.com/kusto/query/union-operator: with `isfuzzy=true` a leg whose
/// table does not exist is left out with a warning; a misspelt column of a table that
/// exists still fails the query (Kusto.Language reports it too).
#[test]
fn a_missing_table_inside_a_fuzzy_union_leg_is_a_warning_a_misspelt_column_an_error() {
    let text = format!(
        "union isfuzzy=true\n(SigninLog {TIME}),\n(AuditLogs {TIME}| where OperationNmae == \"x\")\n"
    );
    assert_eq!(
        codes(&text)
            .into_iter()
            .filter(|(c, _)| matches!(c, Code::UnknownColumn | Code::UnknownTable))
            .collect::<Vec<_>>(),
        vec![
            (Code::UnknownTable, Severity::Warning),
            (Code::UnknownColumn, Severity::Error)
        ]
    );
}

#[test]
fn a_parameter_declared_in_a_comment_is_a_warning() {
    let query =
        format!("SigninLogs {TIME}| summarize n = count() by UserId\n| where n > threshold\n");
    let text = format!("// \"long\" \"threshold\" \"5\"\n{query}");
    assert_eq!(codes(&text), vec![(Code::UnknownColumn, Severity::Warning)]);
    assert_eq!(codes(&query), vec![(Code::UnknownColumn, Severity::Error)]);
}

#[test]
fn take_anyif_names_its_column_after_its_argument() {
    let text = format!(
        "SigninLogs {TIME}| summarize take_anyif(UserPrincipalName, isnotempty(UserPrincipalName)) by UserId\n| project UserPrincipalName\n"
    );
    assert_eq!(codes(&text), vec![]);
}

#[test]
fn case_of_a_dynamic_and_a_string_branch_is_a_string_key() {
    let text = format!(
        "SigninLogs {TIME}| extend Port = case(IPAddress has \".\", split(IPAddress, \":\")[1], IPAddress)\n| summarize count() by Port\n"
    );
    assert_eq!(codes(&text), vec![]);
}

/// Kusto.Language Operators.cs: `<`, `<=`, `>`, `>=` have signatures for numbers,
/// timespans, datetimes and dynamic only.
#[test]
fn ordering_a_number_against_a_string_is_an_error() {
    let text =
        format!("SigninLogs {TIME}| summarize Count = count() by UserId\n| where Count > \"10\"\n");
    let found = check(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].code, found[0].severity),
        (Code::OperatorTypes, Severity::Error)
    );
    snapshot("type_order_number_and_string", rendered("q.kql", &text));
    let near =
        format!("SigninLogs {TIME}| summarize Count = count() by UserId\n| where Count > 10\n");
    assert_eq!(codes(&near), vec![]);
}

#[test]
fn no_time_filter_on_a_large_table_is_a_warning_in_plain_kql() {
    assert!(has(
        "SigninLogs\n| where ResultType == \"0\"\n",
        Code::NoTimeFilter
    ));
    assert!(!has(
        &format!("SigninLogs\n{TIME}| where ResultType == \"0\"\n"),
        Code::NoTimeFilter
    ));
    // A time filter after the summarize does not reduce what is scanned.
    assert!(has(
        "SigninLogs\n| summarize arg_max(TimeGenerated, *) by UserId\n| where TimeGenerated > ago(1d)\n",
        Code::NoTimeFilter
    ));
}

#[test]
fn search_or_union_of_every_table_is_a_warning() {
    assert!(has(
        "union * | where TimeGenerated > ago(1h) | take 10",
        Code::EveryTable
    ));
    assert!(!has(
        &format!("union SigninLogs, AuditLogs {TIME}| take 10"),
        Code::EveryTable
    ));
}

#[test]
fn where_on_group_keys_after_summarize_could_filter_before() {
    let text =
        format!("SigninLogs {TIME}| summarize n = count() by UserId\n| where UserId != \"\"\n");
    let found = check(&text);
    assert_eq!(
        found.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![Code::FilterAfterStage]
    );
    snapshot("lint_filter_after_summarize", rendered("q.kql", &text));
    let near = format!("SigninLogs {TIME}| summarize n = count() by UserId\n| where n > 5\n");
    assert!(!has(&near, Code::FilterAfterStage));
}

#[test]
fn where_on_left_columns_after_a_join_could_filter_before() {
    let text = format!(
        "SigninLogs {TIME}| join kind=inner (AuditLogs {TIME}| project CorrelationId, OperationName) on CorrelationId\n| where UserId != \"\"\n"
    );
    assert!(has(&text, Code::FilterAfterStage));
    let near = format!(
        "SigninLogs {TIME}| join kind=inner (AuditLogs {TIME}| project CorrelationId, Op = OperationName) on CorrelationId\n| where Op != \"\"\n"
    );
    assert!(!has(&near, Code::FilterAfterStage));
}

#[test]
fn join_without_kind_is_an_info() {
    let text = format!("SigninLogs {TIME}| join (AuditLogs {TIME}) on CorrelationId\n");
    assert!(
        codes(&text).contains(&(Code::JoinWithoutKind, Severity::Info)),
        "{:?}",
        codes(&text)
    );
    let near =
        format!("SigninLogs {TIME}| join kind=innerunique (AuditLogs {TIME}) on CorrelationId\n");
    assert!(!has(&near, Code::JoinWithoutKind));
}

#[test]
fn matches_regex_of_a_plain_word_is_a_warning() {
    let text = format!("SigninLogs {TIME}| where UserAgent matches regex \"python\"\n");
    assert_eq!(codes(&text), vec![(Code::RegexOverHas, Severity::Warning)]);
    snapshot("lint_regex_over_has", rendered("q.kql", &text));
    let near = format!("SigninLogs {TIME}| where UserAgent matches regex \"python[0-9]+\"\n");
    assert!(!has(&near, Code::RegexOverHas));
}

#[test]
fn extract_of_a_plain_word_is_a_warning() {
    let text = format!("SigninLogs {TIME}| extend Tool = extract(\"python\", 0, UserAgent)\n");
    assert_eq!(codes(&text), vec![(Code::RegexOverHas, Severity::Warning)]);
    let near =
        format!("SigninLogs {TIME}| extend Tool = extract(\"python/([0-9.]+)\", 1, UserAgent)\n");
    assert!(!has(&near, Code::RegexOverHas));
}

#[test]
fn extend_replacing_a_column_without_reading_it_is_an_info() {
    let text = format!("SigninLogs {TIME}| extend UserId = \"x\"\n");
    assert_eq!(
        codes(&text),
        vec![(Code::ColumnOverwritten, Severity::Info)]
    );
    let near = format!("SigninLogs {TIME}| extend UserId = tolower(UserId)\n");
    assert!(!has(&near, Code::ColumnOverwritten));
}
