//! Microsoft Graph audit exports read as the Sentinel tables they feed: a
//! `directoryAudits` list response (`GET /auditLogs/directoryAudits`) as `AuditLogs`
//! rows and a `riskyUsers` list response (`GET /identityProtection/riskyUsers`) as
//! `AADRiskyUsers` rows, so Sentinel rules run unchanged on what `az rest` or Graph
//! Explorer exports. The mapping (documented in the README) follows the Graph resource
//! types (learn.microsoft.com/graph/api/resources/directoryaudit, …/riskyuser) and the
//! Azure Monitor table reference (schemas/AuditLogs.schema, schemas/AADRiskyUsers.schema).
//!
//! Rows of another shape pass through unchanged, so a Graph list of rows already in
//! Sentinel's shape still reads.

use super::Format;
use super::convert;
use super::graph::stream_graph;
use super::infer::Inference;
use super::json::{Callback, ObjectSeed};
use crate::io::IoError;
use crate::value::{Column, Row};
use serde_json::{Map, Value as Json};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// The tables whose Graph exports are mapped.
pub const AUDIT_TABLES: [&str; 2] = ["AuditLogs", "AADRiskyUsers"];

/// The format to read `table` with: [`Format::GraphAudit`] when the format is `Auto`,
/// the table is one of [`AUDIT_TABLES`] and every file is a Graph list response whose
/// first row (if any) has the export's shape; else `format` unchanged.
pub fn audit_format_for(table: &str, paths: &[PathBuf], format: Format) -> Format {
    let is_export = |path: &PathBuf| {
        matches!(super::detect_format(path, Format::Auto), Ok(Format::Graph))
            && first_row(path).is_some_and(|row| row.is_none_or(|r| export_kind(&r).is_some()))
    };
    if format == Format::Auto
        && AUDIT_TABLES.contains(&table)
        && !paths.is_empty()
        && paths.iter().all(is_export)
    {
        Format::GraphAudit
    } else {
        format
    }
}

/// The first row of a Graph list file: `Some(None)` when it has no rows, `None` when
/// it cannot be read.
fn first_row(path: &Path) -> Option<Option<Map<String, Json>>> {
    let reader = super::open_skipping_bom(path).ok()?;
    let mut first = None;
    let mut take = |object: Map<String, Json>| {
        first = Some(object);
        Ok(ControlFlow::Break(()))
    };
    stream_graph(path, reader, ObjectSeed, &mut take).ok()?;
    Some(first)
}

/// Which Graph resource a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExportKind {
    DirectoryAudit,
    RiskyUser,
}

fn export_kind(row: &Map<String, Json>) -> Option<ExportKind> {
    let has = |key: &str| row.contains_key(key);
    if has("activityDateTime") && has("activityDisplayName") {
        Some(ExportKind::DirectoryAudit)
    } else if has("riskLastUpdatedDateTime") && has("riskLevel") && has("userPrincipalName") {
        Some(ExportKind::RiskyUser)
    } else {
        None
    }
}

/// A Graph row as the Sentinel row it becomes (unchanged when not an export row).
pub fn to_sentinel(row: Map<String, Json>) -> Map<String, Json> {
    match export_kind(&row) {
        Some(ExportKind::DirectoryAudit) => directory_audit(&row),
        Some(ExportKind::RiskyUser) => risky_user(&row),
        None => row,
    }
}

/// (Sentinel column, Graph property) pairs copied as they are.
const AUDIT_COPIED: [(&str, &str); 14] = [
    ("TimeGenerated", "activityDateTime"),
    ("ActivityDateTime", "activityDateTime"),
    ("OperationName", "activityDisplayName"),
    ("ActivityDisplayName", "activityDisplayName"),
    ("Category", "category"),
    ("CorrelationId", "correlationId"),
    ("Result", "result"),
    ("ResultReason", "resultReason"),
    ("LoggedByService", "loggedByService"),
    ("AADOperationType", "operationType"),
    ("InitiatedBy", "initiatedBy"),
    ("TargetResources", "targetResources"),
    ("AdditionalDetails", "additionalDetails"),
    ("Id", "id"),
];

fn directory_audit(row: &Map<String, Json>) -> Map<String, Json> {
    let mut out = copy(row, &AUDIT_COPIED);
    // Identity: who initiated the activity, the user's or else the app's display name.
    let initiator = |who: &str| {
        row.get("initiatedBy")
            .and_then(|i| i.get(who))
            .and_then(|w| w.get("displayName"))
            .and_then(Json::as_str)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    if let Some(identity) = initiator("user").or_else(|| initiator("app")) {
        out.insert("Identity".into(), Json::String(identity));
    }
    out.insert("SourceSystem".into(), Json::String("Azure AD".into()));
    out.insert("Type".into(), Json::String("AuditLogs".into()));
    out
}

const RISKY_COPIED: [(&str, &str); 10] = [
    ("TimeGenerated", "riskLastUpdatedDateTime"),
    ("RiskLastUpdatedDateTime", "riskLastUpdatedDateTime"),
    ("Id", "id"),
    ("UserPrincipalName", "userPrincipalName"),
    ("UserDisplayName", "userDisplayName"),
    ("RiskLevel", "riskLevel"),
    ("RiskState", "riskState"),
    ("RiskDetail", "riskDetail"),
    ("IsDeleted", "isDeleted"),
    ("IsProcessing", "isProcessing"),
];

fn risky_user(row: &Map<String, Json>) -> Map<String, Json> {
    let mut out = copy(row, &RISKY_COPIED);
    out.insert("SourceSystem".into(), Json::String("Azure AD".into()));
    out.insert("Type".into(), Json::String("AADRiskyUsers".into()));
    out
}

fn copy(row: &Map<String, Json>, pairs: &[(&str, &str)]) -> Map<String, Json> {
    pairs
        .iter()
        .filter_map(|(to, from)| row.get(*from).map(|v| (to.to_string(), v.clone())))
        .collect()
}

/// Streams the rows of one Graph export file, mapped, with exactly `columns`.
pub(super) fn read_rows(
    path: &Path,
    columns: &[Column],
    callback: &mut Callback<'_, Row>,
) -> Result<(), IoError> {
    let reader = super::open_skipping_bom(path)?;
    let mut each = |object: Map<String, Json>| {
        let mut row = to_sentinel(object);
        let values: Row = columns
            .iter()
            .map(|c| convert::from_json(row.remove(&c.name), c.ty))
            .collect();
        callback(values)
    };
    stream_graph(path, reader, ObjectSeed, &mut each)
}

/// Observes up to `limit` mapped rows of one export file; returns how many it read.
pub(super) fn infer(
    path: &Path,
    limit: usize,
    inference: &mut Inference,
) -> Result<usize, IoError> {
    let reader = super::open_skipping_bom(path)?;
    let mut seen = 0;
    let mut each = |object: Map<String, Json>| {
        inference.observe_object(&to_sentinel(object));
        seen += 1;
        Ok(if seen >= limit {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    };
    stream_graph(path, reader, ObjectSeed, &mut each)?;
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(v: Json) -> Map<String, Json> {
        match v {
            Json::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn a_directory_audit_row_gets_the_auditlogs_columns() {
        let row = to_sentinel(object(json!({
            "id": "Directory_1", "activityDateTime": "2026-06-01T11:00:00Z",
            "activityDisplayName": "Add service principal", "result": "success",
            "operationType": "Add", "initiatedBy": {"app": {"displayName": "Deployer"}, "user": null}
        })));
        assert_eq!(row["OperationName"], json!("Add service principal"));
        assert_eq!(row["TimeGenerated"], json!("2026-06-01T11:00:00Z"));
        assert_eq!(row["AADOperationType"], json!("Add"));
        assert_eq!(row["Identity"], json!("Deployer"));
        assert_eq!(row["Type"], json!("AuditLogs"));
        assert!(!row.contains_key("activityDisplayName"));
    }

    #[test]
    fn other_rows_pass_unchanged() {
        let original =
            object(json!({"OperationName": "x", "TimeGenerated": "2026-06-01T11:00:00Z"}));
        assert_eq!(to_sentinel(original.clone()), original);
    }
}
