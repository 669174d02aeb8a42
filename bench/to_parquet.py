#!/usr/bin/env python3
"""Writes gen_provisioning.py's JSON Lines as Parquet, as a data lake keeps AADProvisioningLogs:
TimeGenerated a UTC timestamp (microseconds), DurationMs a 64-bit integer, every other column text
(the dynamic ones as JSON text, as Sentinel exports them). DuckDB's writer: snappy pages, row
groups of 122,880 rows.
Usage: to_parquet.py IN.jsonl OUT.parquet   (needs `pip install duckdb`)"""
import sys

import duckdb

TEXT = ["TenantId", "OperationName", "OperationVersion", "Category", "ResultType", "ResultSignature",
        "ResultDescription", "CorrelationId", "Id", "JobId", "CycleId", "ChangeId", "ProvisioningAction",
        "ServicePrincipal", "SourceIdentity", "TargetIdentity", "SourceSystem", "TargetSystem",
        "ModifiedProperties", "Type"]
ORDER = ["TenantId", "TimeGenerated", "OperationName", "OperationVersion", "Category", "ResultType",
         "ResultSignature", "ResultDescription", "DurationMs", "CorrelationId", "Id", "JobId", "CycleId",
         "ChangeId", "ProvisioningAction", "ServicePrincipal", "SourceIdentity", "TargetIdentity",
         "SourceSystem", "TargetSystem", "ModifiedProperties", "Type"]


def main(source, target):
    types = {name: "VARCHAR" for name in TEXT}
    types.update(TimeGenerated="TIMESTAMPTZ", DurationMs="BIGINT")
    columns = "{" + ", ".join(f"{name}: '{types[name]}'" for name in ORDER) + "}"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"COPY (SELECT {', '.join(ORDER)} FROM read_json('{source}', format='newline_delimited', "
                f"columns={columns})) TO '{target}' (FORMAT parquet)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
