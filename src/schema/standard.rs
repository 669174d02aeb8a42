//! The standard columns that every Log Analytics table has, whether or not its page of
//! the table reference lists them (learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns).

use crate::value::Type;

/// (column, type) of each standard column.
pub(crate) const STANDARD_COLUMNS: &[(&str, Type)] = &[
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
