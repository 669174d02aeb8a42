#!/usr/bin/env python3
"""Writes schemas/<Table>.schema from the shared Azure Monitor table reference.

Run from the crate root:  python3 schemas/generate.py [path/to/azure-monitor-tables.json]
(default ../shared/schemas/azure-monitor-tables.json). Every column and type comes from
that file or, for the few tables it lacks, from the table's reference page (DOC_TABLES);
nothing is invented. Tables: every table of the reference (a rule on any Log Analytics
table deserves the same checking); the lists below only check that the most-queried and
the seed tables are among them. ADOAuditLogs is a copy of AzureDevOpsAuditing (see
../shared/schemas/README.md).
"""

import json
import os
import sys

# The "Top 60 source tables" of ../shared/corpus/stats.md, most-queried first.
TOP_TABLES = [
    "DeviceProcessEvents", "DeviceNetworkEvents", "SigninLogs", "DeviceEvents", "AuditLogs",
    "SecurityEvent", "DeviceFileEvents", "SecurityAlert", "OfficeActivity", "CloudAppEvents",
    "EmailEvents", "ThreatIntelligenceIndicator", "AzureActivity", "DeviceInfo", "IdentityInfo",
    "CommonSecurityLog", "DeviceLogonEvents", "AWSCloudTrail", "DeviceImageLoadEvents",
    "AzureDiagnostics", "DeviceRegistryEvents", "AADNonInteractiveUserSignInLogs",
    "AlertEvidence", "AlertInfo", "DnsEvents", "SecurityIncident", "AADSignInEventsBeta",
    "Anomalies", "DeviceTvmSoftwareVulnerabilities", "Event", "W3CIISLog",
    "IdentityLogonEvents", "Syslog", "EmailAttachmentInfo", "IdentityDirectoryEvents",
    "AzureDevOpsAuditing", "AADUserRiskEvents", "VMConnection", "EmailUrlInfo",
    "SenservaPro_CL", "SecurityRecommendation", "DeviceNetworkInfo", "McAfeeEPOEvent",
    "IdentityQueryEvents", "BehaviorAnalytics", "Heartbeat", "imProcessCreate",
    "AADServicePrincipalSignInLogs", "GWorkspaceActivityReports", "MicrosoftGraphActivityLogs",
    "PingFederateEvent", "VMwareESXi", "SentinelOne", "DeviceTvmSecureConfigurationAssessment",
    "CiscoSEGEvent", "CiscoWSAEvent", "LAQueryLogs", "BoxEvents", "OracleDatabaseAuditEvent",
    "CiscoISEEvent",
]

# Tables the seed rules query.
SEED_TABLES = ["AADProvisioningLogs", "AuditLogs", "AADRiskyUsers"]  # AADRiskyUsers: Graph riskyUsers exports

# Tables known under another name: (name, the reference table whose columns it has, note).
ALIASES = [
    (
        "ADOAuditLogs",
        "AzureDevOpsAuditing",
        "ADOAuditLogs is the name the Azure DevOps auditing content uses for Azure DevOps audit "
        "events; it has the columns of AzureDevOpsAuditing (copied from that table; see "
        "/work/shared/schemas/README.md).",
    ),
]


# Tables the reference file lacks, from their page of the Azure Monitor Logs table reference:
# (name, page, columns in the page's order).
DOC_TABLES = [
    (
        "SecurityAlert",
        "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/securityalert",
        [
            ("AlertLink", "string"), ("AlertName", "string"), ("AlertSeverity", "string"),
            ("AlertType", "string"), ("_BilledSize", "real"), ("CompromisedEntity", "string"),
            ("ConfidenceLevel", "string"), ("ConfidenceScore", "real"), ("Description", "string"),
            ("DisplayName", "string"), ("EndTime", "datetime"), ("Entities", "string"),
            ("ExtendedLinks", "string"), ("ExtendedProperties", "string"),
            ("_IsBillable", "string"), ("IsIncident", "bool"), ("ProcessingEndTime", "datetime"),
            ("ProductComponentName", "string"), ("ProductName", "string"),
            ("ProviderName", "string"), ("RemediationSteps", "string"), ("ResourceId", "string"),
            ("SourceComputerId", "string"), ("StartTime", "datetime"), ("Status", "string"),
            ("SubTechniques", "string"), ("SystemAlertId", "string"), ("Tactics", "string"),
            ("Techniques", "string"), ("TimeGenerated", "datetime"), ("Type", "string"),
            ("VendorName", "string"), ("VendorOriginalId", "string"),
            ("WorkspaceResourceGroup", "string"), ("WorkspaceSubscriptionId", "string"),
        ],
    ),
]

DOC_SOURCE = {
    "source": "the table's page of the Azure Monitor Logs table reference",
    "license": "CC BY 4.0 (Microsoft documentation); column names and Kusto types are facts taken from it",
}


def render(table, columns, source, note=None):
    lines = [f"# table: {table}", f"# source: {source['source']}"]
    if "commit" in source:
        lines.append(
            f"# commit: {source['commit']} ({source['commit_date']}), via /work/shared/schemas/azure-monitor-tables.json"
        )
    lines.append(f"# license: {source['license']}")
    if note:
        lines.append(f"# note: {note}")
    lines += [f"{name}:{ty}" for name, ty in columns]
    return "\n".join(lines) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "shared", "schemas", "azure-monitor-tables.json")
    path = sys.argv[1] if len(sys.argv) > 1 else default
    with open(path, encoding="utf-8") as f:
        reference = json.load(f)
    tables = reference["tables"]

    wanted = []
    for name in TOP_TABLES + SEED_TABLES + sorted(tables):
        if name in wanted:
            continue
        if name not in tables:
            if any(name == doc for doc, _, _ in DOC_TABLES):
                continue
            print(f"skipped {name}: not in the reference", file=sys.stderr)
            continue
        wanted.append(name)

    outputs = {name: render(name, tables[name], reference) for name in wanted}
    for alias, original, note in ALIASES:
        outputs[alias] = render(alias, tables[original], reference, note)
    for name, page, columns in DOC_TABLES:
        outputs[name] = render(name, columns, {**DOC_SOURCE, "source": f"{page} ({DOC_SOURCE['source']})"})

    for name, text in outputs.items():
        with open(os.path.join(here, f"{name}.schema"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(f"wrote {len(outputs)} schema files", file=sys.stderr)


if __name__ == "__main__":
    main()
