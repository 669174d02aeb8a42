#!/usr/bin/env python3
"""The query shapes of bench/shapes.py as DuckDB SQL over an AADProvisioningLogs JSON Lines
file (from shared/bench/gen_provisioning.py): the peer of each kqlc shape.

Usage: duckdb_shapes.py SHAPE FILE.jsonl [threads]
Prints one JSON array per result row, in the column order bench/shapes.py documents.

How the KQL maps: `tostring(parse_json(S).k)` is json_extract_string (a missing member is ''
in Kusto, NULL here, so coalesce); `count_distinct` is count(DISTINCT); `dcount` (Kusto's
HyperLogLog estimate) is approx_count_distinct (DuckDB's own HyperLogLog; bench/shapes.py checks
kqlc's estimate against the exact count beside it, not against DuckDB's); make_set is
list(DISTINCT); `range(1, 32)` (inclusive) is range(1, 33) (exclusive) and `mv-expand` is unnest.
"""
import json
import sys

import duckdb

COLUMNS = ("{TimeGenerated:'TIMESTAMPTZ', CorrelationId:'VARCHAR', DurationMs:'BIGINT', "
           "JobId:'VARCHAR', ChangeId:'VARCHAR', ResultSignature:'VARCHAR', "
           "SourceIdentity:'VARCHAR', TargetIdentity:'VARCHAR'}")

SHAPES = {
    "many_groups": """
        SELECT count(*), sum(n), sum(ms)
        FROM (SELECT CorrelationId, count(*) AS n, sum(DurationMs) AS ms FROM t GROUP BY CorrelationId)""",
    "parse_json": """
        SELECT coalesce(json_extract_string(SourceIdentity, '$.IdentityType'), '') AS Kind,
               coalesce(json_extract_string(TargetIdentity, '$.IdentityType'), '') AS TargetKind,
               count(*)
        FROM t GROUP BY ALL""",
    "distinct_sets": """
        SELECT JobId,
               count(DISTINCT coalesce(json_extract_string(TargetIdentity, '$.Id'), '')),
               approx_count_distinct(ChangeId), count(DISTINCT ChangeId),
               list_sort(list(DISTINCT ResultSignature))
        FROM t GROUP BY JobId""",
    "mv_expand": """
        SELECT JobId, count(*), sum(Step)
        FROM t, unnest(range(1, 33)) AS u(Step) GROUP BY JobId""",
}


def main():
    shape, path = sys.argv[1], sys.argv[2]
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    if len(sys.argv) > 3:
        con.execute(f"SET threads={int(sys.argv[3])}")
    sql = (f"WITH t AS (SELECT * FROM read_json('{path}', format='newline_delimited', "
           f"columns={COLUMNS})) {SHAPES[shape]}")
    for row in con.execute(sql).fetchall():
        print(json.dumps(list(row), default=str))


if __name__ == "__main__":
    main()
