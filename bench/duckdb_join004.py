#!/usr/bin/env python3
"""Seed 004's query ("New PA, PCA, or PCAS added to Azure DevOps",
corpus/rules/new-pa-pca-or-pcas-added-to-azure-devops.yaml) as DuckDB SQL over an
ADOAuditLogs JSON Lines file from bench/gen_ado_audit.py: the peer of the join benchmark.

Usage: duckdb_join004.py FILE.jsonl [threads]
Prints one JSON array per result row: [ActorUPN, AddingUser, TimeAdded, PermissionGrantDetails,
IpAddress, UserAgent, sorted ActionsWhenAdded].

How the KQL maps: `=~` is lower() equality; `has_any` (whole terms, any case) is a regular
expression with non-alphanumeric bounds; `bin(TimeGenerated, 1h)` is date_trunc('hour') in UTC;
`tostring(Data.MemberId)` is json_extract_string with '' for a missing member; the default
`innerunique` join equals an inner join here because the generator gives each (hour, member) at
most one left row; make_set is list(DISTINCT).
"""
import json
import sys

import duckdb

path = sys.argv[1]
con = duckdb.connect()
con.execute("SET TimeZone='UTC'")
if len(sys.argv) > 2:
    con.execute(f"SET threads={int(sys.argv[2])}")
sql = f"""
WITH t AS (
  SELECT * FROM read_json('{path}', format='newline_delimited',
       columns={{TimeGenerated:'TIMESTAMPTZ', OperationName:'VARCHAR', Details:'VARCHAR',
                ActorUPN:'VARCHAR', IpAddress:'VARCHAR', UserAgent:'VARCHAR', Data:'JSON'}})),
l AS (
  SELECT date_trunc('hour', TimeGenerated) AS timekey,
         coalesce(json_extract_string(Data, '$.MemberId'), '') AS ActorUserId,
         ActorUPN AS AddingUser, TimeGenerated AS TimeAdded, Details AS PermissionGrantDetails
  FROM t
  WHERE lower(OperationName) = 'group.updategroupmembership.add'
    AND regexp_matches(Details, '(?i)(^|[^a-z0-9])(project administrators|project collection administrators|project collection service accounts|build administrator)([^a-z0-9]|$)')),
r AS (
  SELECT date_trunc('hour', TimeGenerated) AS timekey,
         coalesce(json_extract_string(Data, '$.MemberId'), '') AS ActorUserId,
         OperationName, ActorUPN, IpAddress, UserAgent
  FROM t)
SELECT r.ActorUPN, l.AddingUser, strftime(l.TimeAdded, '%Y-%m-%dT%H:%M:%S.%g'), l.PermissionGrantDetails,
       r.IpAddress, r.UserAgent, list_sort(list(DISTINCT r.OperationName))
FROM l JOIN r ON l.timekey = r.timekey AND l.ActorUserId = r.ActorUserId
GROUP BY r.ActorUPN, l.AddingUser, l.TimeAdded, l.PermissionGrantDetails, r.IpAddress, r.UserAgent
"""
for row in con.execute(sql).fetchall():
    print(json.dumps(list(row)))
