//! Microsoft Graph audit exports as Sentinel tables: a `directoryAudits` list response
//! given as AuditLogs and a `riskyUsers` list response given as AADRiskyUsers are mapped
//! to the Sentinel columns (learn.microsoft.com/graph/api/resources/directoryaudit and
//! …/riskyuser; column names from schemas/AuditLogs.schema and AADRiskyUsers.schema).

use kqlc::io::Format;
use kqlc::run::{run_kql, table_input};
use kqlc::value::time::parse_datetime;
use std::path::PathBuf;

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kqlc-graph-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("file");
    path
}

const AUDIT_PAGE_1: &str = r#"{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits",
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=x",
  "value": [
    {"id": "Directory_A1", "category": "UserManagement", "correlationId": "0b5a6f1e-1111-4c1e-9d1e-aaaaaaaaaaaa",
     "result": "success", "resultReason": "", "activityDisplayName": "Add user",
     "activityDateTime": "2026-06-01T10:15:30.123Z", "loggedByService": "Core Directory", "operationType": "Add",
     "initiatedBy": {"user": {"id": "u-1", "displayName": "Adele Vance", "userPrincipalName": "adele@contoso.com", "ipAddress": "203.0.113.5"}, "app": null},
     "targetResources": [{"id": "t-1", "displayName": "New Hire", "type": "User", "userPrincipalName": "newhire@contoso.com", "modifiedProperties": []}],
     "additionalDetails": [{"key": "UserType", "value": "Member"}]}
  ]
}"#;

const AUDIT_PAGE_2: &str = r#"{"value": [
    {"id": "Directory_A2", "category": "RoleManagement", "correlationId": "0b5a6f1e-2222-4c1e-9d1e-aaaaaaaaaaaa",
     "result": "failure", "resultReason": "Insufficient privileges", "activityDisplayName": "Add member to role",
     "activityDateTime": "2026-06-01T10:20:00Z", "loggedByService": "Core Directory", "operationType": "Assign",
     "initiatedBy": {"user": null, "app": {"appId": "a-1", "displayName": "Graph Explorer", "servicePrincipalId": "sp-1"}},
     "targetResources": [], "additionalDetails": []}
]}"#;

fn now() -> i64 {
    parse_datetime("2026-06-01T12:00:00Z").unwrap_or_default()
}

fn cells(query: &str, table: &str, paths: Vec<PathBuf>, format: Format) -> Vec<Vec<String>> {
    let result = run_kql(query, vec![table_input(table, paths, format)], now())
        .unwrap_or_else(|e| panic!("the query runs: {e:?}"));
    result
        .rows
        .iter()
        .map(|r| r.iter().map(|v| v.to_kusto_string()).collect())
        .collect()
}

#[test]
fn a_directory_audits_export_reads_as_auditlogs_columns() {
    let page = temp("audit1.json", AUDIT_PAGE_1);
    let rows = cells(
        "AuditLogs | project TimeGenerated, OperationName, Category, CorrelationId, Result, LoggedByService, AADOperationType, Id, Identity, \
         Initiator = tostring(InitiatedBy.user.userPrincipalName), Target = tostring(TargetResources[0].userPrincipalName), \
         Detail = tostring(AdditionalDetails[0].value), Type",
        "AuditLogs",
        vec![page],
        Format::Auto,
    );
    assert_eq!(
        rows,
        [[
            "2026-06-01T10:15:30.1230000Z",
            "Add user",
            "UserManagement",
            "0b5a6f1e-1111-4c1e-9d1e-aaaaaaaaaaaa",
            "success",
            "Core Directory",
            "Add",
            "Directory_A1",
            "Adele Vance",
            "adele@contoso.com",
            "newhire@contoso.com",
            "Member",
            "AuditLogs",
        ]]
    );
}

#[test]
fn paged_exports_concatenate_in_order() {
    let pages = vec![temp("p1.json", AUDIT_PAGE_1), temp("p2.json", AUDIT_PAGE_2)];
    let rows = cells(
        "AuditLogs | project OperationName, Result, ResultReason, Identity",
        "AuditLogs",
        pages,
        Format::Auto,
    );
    assert_eq!(
        rows,
        [
            ["Add user", "success", "", "Adele Vance"],
            [
                "Add member to role",
                "failure",
                "Insufficient privileges",
                "Graph Explorer"
            ],
        ]
    );
}

#[test]
fn the_mapping_is_only_detected_for_the_tables_it_feeds() {
    let page = temp("other.json", AUDIT_PAGE_1);
    let rows = cells(
        "Exported | project activityDisplayName",
        "Exported",
        vec![page],
        Format::Auto,
    );
    assert_eq!(rows, [["Add user"]]);
}

#[test]
fn graph_audit_format_forces_the_mapping_for_any_table() {
    let page = temp("forced.json", AUDIT_PAGE_1);
    let rows = cells(
        "Exported | project OperationName, Type",
        "Exported",
        vec![page],
        Format::GraphAudit,
    );
    assert_eq!(rows, [["Add user", "AuditLogs"]]);
}

#[test]
fn a_graph_list_of_sentinel_shaped_rows_passes_unchanged() {
    let page = temp(
        "sentinel.json",
        r#"{"value": [{"TimeGenerated": "2026-06-01T10:00:00Z", "OperationName": "Update user"}]}"#,
    );
    let rows = cells(
        "AuditLogs | project OperationName",
        "AuditLogs",
        vec![page],
        Format::Auto,
    );
    assert_eq!(rows, [["Update user"]]);
}

#[test]
fn a_risky_users_export_reads_as_aadriskyusers_columns() {
    let page = temp(
        "risky.json",
        r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identityProtection/riskyUsers",
            "value": [
              {"id": "c7a2f4d0-0000-4000-8000-000000000001", "isDeleted": false, "isProcessing": false,
               "riskLastUpdatedDateTime": "2026-06-01T09:30:00Z", "riskLevel": "high", "riskState": "atRisk",
               "riskDetail": "none", "userDisplayName": "Alex Wilber", "userPrincipalName": "alexw@contoso.com"},
              {"id": "c7a2f4d0-0000-4000-8000-000000000002", "isDeleted": false, "isProcessing": true,
               "riskLastUpdatedDateTime": "2026-06-01T08:00:00Z", "riskLevel": "low", "riskState": "remediated",
               "riskDetail": "userPerformedSecuredPasswordReset", "userDisplayName": "Lee Gu", "userPrincipalName": "leeg@contoso.com"}
            ]}"#,
    );
    let rows = cells(
        "AADRiskyUsers | where RiskLevel == 'high' and not(IsDeleted) \
         | project TimeGenerated, UserPrincipalName, UserDisplayName, RiskState, RiskDetail, tostring(IsProcessing), Id, Type",
        "AADRiskyUsers",
        vec![page],
        Format::Auto,
    );
    assert_eq!(
        rows,
        [[
            "2026-06-01T09:30:00Z",
            "alexw@contoso.com",
            "Alex Wilber",
            "atRisk",
            "none",
            "false",
            "c7a2f4d0-0000-4000-8000-000000000001",
            "AADRiskyUsers",
        ]]
    );
}
