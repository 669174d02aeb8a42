//! The tables `kqlc check` knows: the built-in schemas (closed, so a misspelt column
//! is an error), tables given with `--schema` (closed too), and every other table
//! open (its columns are taken on trust).

use crate::plan::catalog::{Catalog, TableInfo};
use crate::value::{Column, Type};
use std::collections::HashMap;

/// The catalog of a check run.
#[derive(Clone, Debug, Default)]
pub struct CheckCatalog {
    /// Tables given by the user; they win over the built-in ones.
    pub user: HashMap<String, Vec<Column>>,
}

impl CheckCatalog {
    /// Whether kqlc knows the columns of `table` (built in or given).
    pub fn has_schema(&self, table: &str) -> bool {
        self.user.contains_key(table) || crate::schema::builtin(table).is_some()
    }
}

/// The Microsoft Defender XDR tables that Sentinel also receives. Their advanced
/// hunting schema names the event time `Timestamp` (datetime), and rules written for
/// advanced hunting use it, while the Azure Monitor reference lists only
/// `TimeGenerated`; see e.g. learn.microsoft.com/defender-xdr/advanced-hunting-deviceprocessevents-table.
const DEFENDER_XDR_TABLES: &[&str] = &[
    "AlertEvidence",
    "AlertInfo",
    "CloudAppEvents",
    "DeviceEvents",
    "DeviceFileCertificateInfo",
    "DeviceFileEvents",
    "DeviceImageLoadEvents",
    "DeviceInfo",
    "DeviceLogonEvents",
    "DeviceNetworkEvents",
    "DeviceNetworkInfo",
    "DeviceProcessEvents",
    "DeviceRegistryEvents",
    "EmailAttachmentInfo",
    "EmailEvents",
    "EmailPostDeliveryEvents",
    "EmailUrlInfo",
    "IdentityDirectoryEvents",
    "IdentityInfo",
    "IdentityLogonEvents",
    "IdentityQueryEvents",
    "UrlClickEvents",
];

/// The standard columns every Log Analytics table has, whether or not its reference
/// page lists them (learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns).
const STANDARD_COLUMNS: &[(&str, Type)] = &[
    ("TenantId", Type::String),
    ("TimeGenerated", Type::DateTime),
    ("_TimeReceived", Type::DateTime),
    ("Type", Type::String),
    ("_ItemId", Type::String),
    ("_ResourceId", Type::String),
    ("_SubscriptionId", Type::String),
    ("_IsBillable", Type::String),
    ("_BilledSize", Type::Real),
];

/// A built-in schema, plus the standard columns, plus the advanced hunting
/// `Timestamp` of Defender XDR tables.
fn builtin_columns(name: &str) -> Option<Vec<Column>> {
    let mut columns = crate::schema::builtin(name)?.to_vec();
    let mut add = |column: &str, ty: Type| {
        if !columns.iter().any(|c| c.name == column) {
            columns.push(Column::new(column, ty));
        }
    };
    for (column, ty) in STANDARD_COLUMNS {
        add(column, *ty);
    }
    if DEFENDER_XDR_TABLES.contains(&name) {
        add("Timestamp", Type::DateTime);
    }
    Some(columns)
}

impl CheckCatalog {
    /// Whether the built-in schema of `table` may lack columns that rules use: every
    /// built-in schema is a dated snapshot of the Azure Monitor reference, and tables
    /// gain columns. Lowering treats such a table as open and the checker judges each
    /// column it lacks (see `check::column_findings`). Tables given with `--schema`
    /// are taken as complete.
    pub fn is_partial(&self, table: &str) -> bool {
        !self.user.contains_key(table) && crate::schema::builtin(table).is_some()
    }

    /// Whether `table` is a Defender XDR table, whose advanced hunting columns differ
    /// from its Azure Monitor reference (`AccountUpn` / `AccountUPN`).
    pub fn is_defender_xdr(&self, table: &str) -> bool {
        DEFENDER_XDR_TABLES.contains(&table)
    }
}

impl Catalog for CheckCatalog {
    fn table(&self, name: &str) -> Option<TableInfo> {
        let known = self
            .user
            .get(name)
            .cloned()
            .or_else(|| builtin_columns(name));
        Some(match known {
            Some(columns) => TableInfo {
                columns,
                open: self.is_partial(name),
            },
            None => TableInfo {
                columns: Vec::new(),
                open: true,
            },
        })
    }

    fn table_names(&self) -> Vec<String> {
        self.user
            .keys()
            .cloned()
            .chain(
                crate::schema::builtin_tables()
                    .into_iter()
                    .map(String::from),
            )
            .collect()
    }
}
