#!/usr/bin/env python3
"""Runs a batch of SQL queries in DuckDB or Spark (one engine process for all).

stdin:  {"engine": "duckdb" | "spark", "queries": ["SELECT ...", ...]}
stdout: [{"columns": [...], "rows": [[...], ...]} | {"error": "..."}, ...]

Values come back as JSON: datetimes as ISO 8601 text (UTC), intervals as 100 ns
ticks, decimals as numbers, NaN and infinities as text. Exit 3 when the engine's
Python package is missing (the caller prints a SKIP notice).
"""
import json
import os
import sys

# The cell encoding and the Spark session are kqlc's own Spark driver's.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../src/spark"))
from driver import cell, spark_session  # noqa: E402


def run_duckdb(queries):
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    out = []
    for q in queries:
        try:
            rel = con.sql(q)
            cols = rel.columns
            # TIMESTAMP_NS keeps Kusto's 100 ns; Python's datetime would cut it to 1 us.
            ns = [str(t) == "TIMESTAMP_NS" for t in rel.types]
            if any(ns):
                rel = rel.project(", ".join(
                    f'CAST("{c}" AS VARCHAR)' if n else f'"{c}"' for c, n in zip(cols, ns)))
            rows = [[cell(v) for v in r] for r in rel.fetchall()]
            for r in rows:
                for i, n in enumerate(ns):
                    if n and isinstance(r[i], str):
                        r[i] = r[i].replace(" ", "T") + "Z"
            out.append({"columns": cols, "rows": rows})
        except Exception as e:  # one failing query must not stop the batch
            out.append({"error": str(e).splitlines()[0][:500] if str(e) else type(e).__name__})
    return out


def run_spark(queries, master="local[2]"):
    spark = spark_session(master)
    out = []
    for q in queries:
        try:
            df = spark.sql(q)
            cols = df.columns
            out.append({"columns": cols, "rows": [[cell(v) for v in r] for r in df.collect()]})
        except Exception as e:
            text = str(e).strip().splitlines()
            out.append({"error": (text[0] if text else type(e).__name__)[:500]})
    spark.stop()
    return out


def main():
    os.environ["TZ"] = "UTC"
    req = json.load(sys.stdin)
    engine = req.get("engine", "duckdb")
    try:
        if engine == "duckdb":
            import duckdb  # noqa: F401
        else:
            import pyspark  # noqa: F401
    except ImportError as e:
        print(f"missing engine: {e}", file=sys.stderr)
        sys.exit(3)
    queries = req["queries"]
    result = run_duckdb(queries) if engine == "duckdb" else run_spark(queries, req.get("master", "local[2]"))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
