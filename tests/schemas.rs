//! Built-in table schemas (generated from the shared Azure Monitor table reference by
//! `schemas/generate.py`) and user schema files.

use crate::common;

use kqlc::schema::{builtin, builtin_tables, load_schema_file};
use kqlc::value::{Column, Type};
use std::fs;
use std::path::{Path, PathBuf};

fn type_of(table: &str, column: &str) -> Option<Type> {
    builtin(table)?
        .iter()
        .find(|c| c.name == column)
        .map(|c| c.ty)
}

/// The shared material folder (`../shared`, or `$KQLC_SHARED`), if present.
fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(common::shared_dir());
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("SKIPPED: {} is absent", dir.display());
        None
    }
}

#[test]
fn audit_logs_has_dynamic_initiator_and_targets_and_a_datetime_time_generated() {
    assert_eq!(type_of("AuditLogs", "InitiatedBy"), Some(Type::Dynamic));
    assert_eq!(type_of("AuditLogs", "TargetResources"), Some(Type::Dynamic));
    assert_eq!(type_of("AuditLogs", "TimeGenerated"), Some(Type::DateTime));
}

#[test]
fn aad_provisioning_logs_has_service_principal_as_a_string() {
    assert_eq!(
        type_of("AADProvisioningLogs", "ServicePrincipal"),
        Some(Type::String)
    );
    assert_eq!(
        type_of("AADProvisioningLogs", "TargetIdentity"),
        Some(Type::String)
    );
    assert_eq!(
        type_of("AADProvisioningLogs", "DurationMs"),
        Some(Type::Long)
    );
}

#[test]
fn ado_audit_logs_has_the_columns_of_azure_devops_auditing() {
    assert_eq!(builtin("ADOAuditLogs"), builtin("AzureDevOpsAuditing"));
    let seed_columns = [
        "OperationName",
        "Details",
        "ActorUPN",
        "IpAddress",
        "UserAgent",
        "AuthenticationMechanism",
        "ScopeDisplayName",
        "Data",
        "TimeGenerated",
    ];
    for column in seed_columns {
        assert!(
            type_of("ADOAuditLogs", column).is_some(),
            "ADOAuditLogs lacks {column}"
        );
    }
    assert_eq!(type_of("ADOAuditLogs", "Data"), Some(Type::Dynamic));
}

#[test]
fn the_most_queried_tables_and_every_seed_table_are_built_in() {
    // The 45 tables of ../shared/corpus/stats.md's "Top 60 source tables" that the
    // reference covers, then the seed tables.
    let listed = [
        "DeviceProcessEvents",
        "DeviceNetworkEvents",
        "SigninLogs",
        "DeviceEvents",
        "AuditLogs",
        "SecurityEvent",
        "DeviceFileEvents",
        "OfficeActivity",
        "CloudAppEvents",
        "EmailEvents",
        "ThreatIntelligenceIndicator",
        "AzureActivity",
        "DeviceInfo",
        "IdentityInfo",
        "CommonSecurityLog",
        "DeviceLogonEvents",
        "AWSCloudTrail",
        "DeviceImageLoadEvents",
        "DeviceRegistryEvents",
        "AADNonInteractiveUserSignInLogs",
        "AlertEvidence",
        "AlertInfo",
        "DnsEvents",
        "SecurityIncident",
        "Anomalies",
        "DeviceTvmSoftwareVulnerabilities",
        "Event",
        "W3CIISLog",
        "IdentityLogonEvents",
        "Syslog",
        "EmailAttachmentInfo",
        "IdentityDirectoryEvents",
        "AzureDevOpsAuditing",
        "AADUserRiskEvents",
        "VMConnection",
        "EmailUrlInfo",
        "SecurityRecommendation",
        "DeviceNetworkInfo",
        "IdentityQueryEvents",
        "BehaviorAnalytics",
        "Heartbeat",
        "AADServicePrincipalSignInLogs",
        "MicrosoftGraphActivityLogs",
        "DeviceTvmSecureConfigurationAssessment",
        "LAQueryLogs",
        "AADProvisioningLogs",
        "ADOAuditLogs",
        "AADRiskyUsers",
    ];
    assert_eq!(listed.len(), 48);
    for table in listed {
        assert!(
            builtin(table).is_some_and(|c| !c.is_empty()),
            "{table} is not built in"
        );
    }
    assert!(builtin_tables().len() > listed.len());
}

/// Every table of the shared reference that a public corpus query names is built in, so
/// that `kqlc check` checks its columns.
#[test]
fn every_reference_table_a_public_query_names_is_built_in() {
    let Some(shared) = shared() else { return };
    let text = fs::read_to_string(shared.join("schemas/azure-monitor-tables.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tables = reference["tables"].as_object().unwrap();
    let corpus = fs::read_to_string(shared.join("corpus/kql.public.jsonl")).unwrap();
    let mut named = 0;
    for word in corpus.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if tables.contains_key(word) {
            named += 1;
            assert!(
                builtin(word).is_some(),
                "{word} is named by the corpus but not built in"
            );
        }
    }
    assert!(named > 1000, "only {named} mentions");
}

/// SecurityAlert is not in the shared reference file; its columns come from its page of
/// the table reference
/// (https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/securityalert).
#[test]
fn security_alert_has_the_columns_of_its_reference_page() {
    let columns = builtin("SecurityAlert").expect("SecurityAlert is built in");
    let ty = |name: &str| columns.iter().find(|c| c.name == name).map(|c| c.ty);
    assert_eq!(columns.len(), 35);
    assert_eq!(ty("AlertName"), Some(Type::String));
    assert_eq!(ty("ConfidenceScore"), Some(Type::Real));
    assert_eq!(ty("IsIncident"), Some(Type::Bool));
    assert_eq!(ty("StartTime"), Some(Type::DateTime));
    assert_eq!(ty("Entities"), Some(Type::String));
    assert_eq!(ty("ExtendedProperties"), Some(Type::String));
    assert_eq!(ty("TenantId"), None);
}

#[test]
fn table_names_are_exact() {
    assert!(builtin("auditlogs").is_none());
    assert!(builtin("NoSuchTable").is_none());
}

#[test]
fn every_schema_file_parses_cites_its_source_and_is_embedded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut files = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "schema") {
            continue;
        }
        files += 1;
        let columns = load_schema_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let text = fs::read_to_string(&path).unwrap();
        let from_reference_file = text
            .lines()
            .any(|l| l.starts_with("# source: MicrosoftDocs/azure-reference-other"))
            && text.contains("161a4d906ddadef26419debb263b5775085c0c87");
        let from_reference_page = text.lines().any(|l| {
            l.starts_with(
                "# source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/",
            )
        });
        assert!(
            from_reference_file || from_reference_page,
            "{} does not cite its source",
            path.display()
        );
        let table = path.file_stem().and_then(|s| s.to_str()).unwrap();
        assert_eq!(builtin(table), Some(columns.as_slice()), "{table}");
    }
    assert_eq!(files, builtin_tables().len());
}

#[test]
fn built_in_schemas_match_the_shared_reference_column_for_column() {
    let Some(shared) = shared() else { return };
    let text = fs::read_to_string(shared.join("schemas/azure-monitor-tables.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    for table in builtin_tables() {
        if table == "SecurityAlert" {
            continue; // not in the file: see security_alert_has_the_columns_of_its_reference_page
        }
        let source = if table == "ADOAuditLogs" {
            "AzureDevOpsAuditing"
        } else {
            table
        };
        let expected: Vec<Column> = reference["tables"][source]
            .as_array()
            .unwrap_or_else(|| panic!("{source} is not in the reference"))
            .iter()
            .map(|pair| {
                Column::new(
                    pair[0].as_str().unwrap(),
                    Type::from_name(pair[1].as_str().unwrap()).unwrap(),
                )
            })
            .collect();
        assert_eq!(builtin(table), Some(expected.as_slice()), "{table}");
    }
}

fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kqlc-schemas-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

fn names_and_types(columns: &[Column]) -> Vec<(&str, Type)> {
    columns.iter().map(|c| (c.name.as_str(), c.ty)).collect()
}

#[test]
fn user_schema_files_may_be_text_a_json_object_or_a_json_pair_list() {
    let expected = vec![
        ("TimeGenerated", Type::DateTime),
        ("Props", Type::Dynamic),
        ("host.name", Type::String),
    ];
    let text = scratch(
        "user.schema",
        "# mine\nTimeGenerated:datetime\nProps:dynamic\nhost.name:keyword\n",
    );
    let object = scratch(
        "user-object.json",
        r#"{"TimeGenerated": "datetime", "Props": "dynamic", "host.name": "keyword"}"#,
    );
    let pairs = scratch(
        "user-pairs.json",
        r#"[["TimeGenerated", "datetime"], ["Props", "dynamic"], ["host.name", "keyword"]]"#,
    );
    for path in [text, object, pairs] {
        assert_eq!(
            names_and_types(&load_schema_file(&path).unwrap()),
            expected,
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_bad_user_schema_file_is_an_error_naming_the_file_and_line() {
    let path = scratch("bad.schema", "A:string\nB:lnog\n");
    let error = load_schema_file(&path).unwrap_err();
    assert_eq!(error.path, path.display().to_string());
    assert_eq!(error.line, Some(2));
    assert!(error.hint.is_some());
    let missing = load_schema_file(std::env::temp_dir().join("kqlc-no-such.schema")).unwrap_err();
    assert!(missing.line.is_none());
}

/// Every table of the shared Azure Monitor reference is built in, not only the ones the
/// corpus names: a rule on any Log Analytics table gets the same checking.
#[test]
fn every_table_of_the_shared_reference_is_built_in() {
    let Some(shared) = shared() else { return };
    let text = fs::read_to_string(shared.join("schemas/azure-monitor-tables.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tables = reference["tables"].as_object().unwrap();
    assert_eq!(tables.len(), 675);
    for table in tables.keys() {
        assert!(builtin(table).is_some(), "{table} is not built in");
    }
}

/// learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns: every table has
/// `_ItemId`, `_ResourceId`, `_SubscriptionId`, `_TimeReceived`, `TenantId`, `Type`.
#[test]
fn resolved_columns_add_the_standard_columns_to_every_built_in_table() {
    for table in builtin_tables() {
        let columns = kqlc::schema::table_columns(table).unwrap();
        for standard in [
            "_ItemId",
            "_ResourceId",
            "_SubscriptionId",
            "_TimeReceived",
            "TenantId",
            "Type",
        ] {
            assert!(
                columns.iter().any(|c| c.name == standard),
                "{table} lacks {standard}"
            );
        }
    }
}

/// learn.microsoft.com/defender-xdr/advanced-hunting-identityinfo-table lists
/// `AccountUpn` and `Timestamp`; the Azure Monitor reference of IdentityInfo spells
/// `AccountUPN` and has no `Timestamp`.
#[test]
fn defender_tables_add_their_advanced_hunting_columns() {
    let columns = kqlc::schema::table_columns("IdentityInfo").unwrap();
    let ty = |name: &str| columns.iter().find(|c| c.name == name).map(|c| c.ty);
    assert_eq!(ty("AccountUpn"), Some(Type::String));
    assert_eq!(ty("AccountUPN"), Some(Type::String));
    assert_eq!(ty("Timestamp"), Some(Type::DateTime));
    assert_eq!(ty("CriticalityLevel"), Some(Type::Int));
}
