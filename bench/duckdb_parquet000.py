#!/usr/bin/env python3
"""Seed 000's query as DuckDB SQL over a Parquet file (read_parquet), the peer for kqlc on Parquet.
The same SQL as ../shared/bench/duckdb_seed000.py with read_json replaced by read_parquet.
Usage: duckdb_parquet000.py FILE.parquet [threads]  -> the result rows as JSON arrays (JobId first,
Failures fifth)."""
import json
import sys

import duckdb

path = sys.argv[1]
con = duckdb.connect()
if len(sys.argv) > 2:
    con.execute(f"SET threads={int(sys.argv[2])}")
sql = f"""
WITH t AS (
  SELECT *, json_extract_string(ServicePrincipal, '$.Name') AS SPName,
            json_extract_string(SourceIdentity, '$.IdentityType') AS Source,
            json_extract_string(TargetIdentity, '$.IdentityType') AS Target
  FROM read_parquet('{path}')
  WHERE TimeGenerated > TIMESTAMPTZ '2026-06-01 12:00:00+00' - INTERVAL 1 HOUR AND lower(ResultType) = 'failure')
SELECT JobId, SPName, Source, Target, count(*) AS Failures, count(DISTINCT TargetIdentity) AS AffectedTargets,
       list_slice(list(DISTINCT ResultSignature), 1, 10) AS ErrorCodes,
       list_slice(list(DISTINCT ResultDescription), 1, 10) AS ErrorMessages,
       list_slice(list(DISTINCT OperationName), 1, 10) AS Operations,
       CAST(min(TimeGenerated) AS VARCHAR) AS FirstSeen, CAST(max(TimeGenerated) AS VARCHAR) AS LastSeen
FROM t GROUP BY JobId, SPName, Source, Target HAVING count(*) >= 30 ORDER BY Failures DESC
"""
for row in con.execute(sql).fetchall():
    print(json.dumps([str(x) if not isinstance(x, (int, float, list)) else x for x in row]))
