#!/usr/bin/env python3
"""Runs a batch of SQL queries in DuckDB or Spark (one engine process for all).

stdin:  {"engine": "duckdb" | "spark", "queries": ["SELECT ...", ...]}
stdout: [{"columns": [...], "rows": [[...], ...]} | {"error": "..."}, ...]

Values come back as JSON: datetimes as ISO 8601 text (UTC), intervals as 100 ns
ticks, decimals as numbers, NaN and infinities as text. Exit 3 when the engine's
Python package is missing (the caller prints a SKIP notice).
"""
import datetime
import decimal
import json
import math
import os
import sys


def cell(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return v.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    if isinstance(v, datetime.timedelta):
        return ((v.days * 86400 + v.seconds) * 1_000_000 + v.microseconds) * 10
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, (list, tuple)):
        return [cell(x) for x in v]
    if isinstance(v, dict):
        return {str(k): cell(x) for k, x in v.items()}
    return v


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


def spark_session(master):
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName("kqlc")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.caseSensitive", "true")
        .getOrCreate()
    )


def run_spark(queries, master="local[2]"):
    spark = spark_session(master)
    spark.sparkContext.setLogLevel("ERROR")
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
