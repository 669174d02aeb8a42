//! The columns that Microsoft Defender XDR tables have in advanced hunting but that the
//! Azure Monitor reference of their Sentinel copy lacks: above all the event time
//! `Timestamp`, which Defender hunting queries use where Sentinel's use `TimeGenerated`.
//! Taken from each table's page of the advanced hunting schema reference
//! (MicrosoftDocs/defender-docs, `defender-xdr/advanced-hunting-<table>-table.md`, read
//! 2026-12; learn.microsoft.com/defender-xdr/advanced-hunting-schema-tables), keeping only
//! the columns whose exact name the Azure Monitor reference does not list.

use crate::value::Type;

/// (table, its advanced hunting columns missing from the Azure Monitor reference).
pub(crate) const ADVANCED_HUNTING_COLUMNS: &[(&str, &[(&str, Type)])] = &[
    (
        "AlertEvidence",
        &[
            ("Timestamp", Type::DateTime),
            ("Severity", Type::String),
            ("CloudResource", Type::String),
            ("CloudPlatform", Type::String),
            ("ResourceType", Type::String),
            ("ResourceID", Type::String),
            ("SubscriptionId", Type::String),
        ],
    ),
    ("AlertInfo", &[("Timestamp", Type::DateTime)]),
    (
        "CloudAppEvents",
        &[
            ("Timestamp", Type::DateTime),
            ("Isp", Type::String),
            ("LastSeenForUser", Type::Dynamic),
            ("UncommonForUser", Type::Dynamic),
            ("AuditSource", Type::String),
            ("SessionData", Type::Dynamic),
            ("OAuthAppId", Type::String),
        ],
    ),
    (
        "DeviceEvents",
        &[
            ("Timestamp", Type::DateTime),
            ("InitiatingProcessSessionId", Type::Long),
            ("IsInitiatingProcessRemoteSession", Type::Bool),
            ("InitiatingProcessRemoteSessionDeviceName", Type::String),
            ("InitiatingProcessRemoteSessionIP", Type::String),
            ("CreatedProcessSessionId", Type::Long),
            ("IsProcessRemoteSession", Type::Bool),
            ("ProcessRemoteSessionDeviceName", Type::String),
            ("ProcessRemoteSessionIP", Type::String),
        ],
    ),
    (
        "DeviceFileCertificateInfo",
        &[("Timestamp", Type::DateTime)],
    ),
    (
        "DeviceFileEvents",
        &[
            ("Timestamp", Type::DateTime),
            ("InitiatingProcessSessionId", Type::Long),
            ("IsInitiatingProcessRemoteSession", Type::Bool),
            ("InitiatingProcessRemoteSessionDeviceName", Type::String),
            ("InitiatingProcessRemoteSessionIP", Type::String),
        ],
    ),
    ("DeviceImageLoadEvents", &[("Timestamp", Type::DateTime)]),
    (
        "DeviceInfo",
        &[
            ("Timestamp", Type::DateTime),
            ("DeviceManualTags", Type::String),
            ("DeviceDynamicTags", Type::String),
            ("ConnectivityType", Type::String),
            ("HostDeviceId", Type::String),
        ],
    ),
    (
        "DeviceLogonEvents",
        &[
            ("Timestamp", Type::DateTime),
            ("InitiatingProcessSessionId", Type::Long),
            ("IsInitiatingProcessRemoteSession", Type::Bool),
            ("InitiatingProcessRemoteSessionDeviceName", Type::String),
            ("InitiatingProcessRemoteSessionIP", Type::String),
        ],
    ),
    (
        "DeviceNetworkEvents",
        &[
            ("Timestamp", Type::DateTime),
            ("InitiatingProcessSessionId", Type::Long),
            ("IsInitiatingProcessRemoteSession", Type::Bool),
            ("InitiatingProcessRemoteSessionDeviceName", Type::String),
            ("InitiatingProcessRemoteSessionIP", Type::String),
        ],
    ),
    ("DeviceNetworkInfo", &[("Timestamp", Type::DateTime)]),
    ("DeviceProcessEvents", &[("Timestamp", Type::DateTime)]),
    (
        "DeviceRegistryEvents",
        &[
            ("Timestamp", Type::DateTime),
            ("InitiatingProcessSessionId", Type::Long),
            ("IsInitiatingProcessRemoteSession", Type::Bool),
            ("InitiatingProcessRemoteSessionDeviceName", Type::String),
            ("InitiatingProcessRemoteSessionIP", Type::String),
        ],
    ),
    ("EmailAttachmentInfo", &[("Timestamp", Type::DateTime)]),
    ("EmailEvents", &[("Timestamp", Type::DateTime)]),
    ("EmailPostDeliveryEvents", &[("Timestamp", Type::DateTime)]),
    ("EmailUrlInfo", &[("Timestamp", Type::DateTime)]),
    ("IdentityDirectoryEvents", &[("Timestamp", Type::DateTime)]),
    (
        "IdentityInfo",
        &[
            ("Timestamp", Type::DateTime),
            ("ReportId", Type::String),
            ("AccountUpn", Type::String),
            ("OnPremSid", Type::String),
            ("CriticalityLevel", Type::Int),
            ("DistinguishedName", Type::String),
            ("CloudSid", Type::String),
            ("EmailAddress", Type::String),
            ("SipProxyAddress", Type::String),
            ("Address", Type::String),
            ("CreatedDateTime", Type::DateTime),
            ("OtherMailAddresses", Type::Dynamic),
            ("PrivilegedEntraPimRoles", Type::Dynamic),
            ("OnPremObjectId", Type::String),
            ("TenantMembershipType", Type::String),
            ("RiskStatus", Type::String),
            ("IdentityEnvironment", Type::String),
            ("SourceProviders", Type::Dynamic),
        ],
    ),
    (
        "IdentityLogonEvents",
        &[("Timestamp", Type::DateTime), ("Isp", Type::String)],
    ),
    ("IdentityQueryEvents", &[("Timestamp", Type::DateTime)]),
    ("UrlClickEvents", &[("Timestamp", Type::DateTime)]),
];
