#!/usr/bin/env python3
"""kqlc's Spark driver: runs one Spark SQL query over table files with pyspark.

`kqlc run --engine spark` writes the query's plan as Spark SQL and starts this script
(it is built into the kqlc binary and given to `python3 -c`).

stdin:  {"master": "local[*]" | null, "remote": "sc://…" | null, "sql": "…",
         "tables": [{"name": "T", "columns": ["C", …],
                     "files": [{"path": "…", "format": "jsonl|json|graph|csv|parquet"}]}]}
stdout: {"columns": [...], "rows": [[...], ...]} or {"error": "...", "stage": "read|sql"}

Every column the query reads is a view column: a JSON value is read as its text (an
object or array as JSON), a Parquet struct, list or map as JSON text, a column the
files lack as null. Values come back as JSON: datetimes as ISO 8601 text (UTC),
intervals as 100 ns ticks, decimals as numbers, NaN and infinities as text.
Exit 3 when pyspark cannot be imported.
"""
import datetime
import decimal
import json
import math
import os
import sys


def cell(v):
    """One result value as JSON (see the module doc)."""
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


def spark_session(master=None, remote=None, app="kqlc"):
    """A session in UTC with case-sensitive names, as Kusto's columns are."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if remote:
        builder = builder.remote(remote)
    else:
        builder = (
            builder.master(master or "local[*]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", str(max(2, os.cpu_count() or 2)))
        )
    spark = (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.caseSensitive", "true")
        .getOrCreate()
    )
    if not remote:
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def read_group(spark, fmt, paths, names):
    """The files of one format as a DataFrame whose columns are the query's, as text."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    text = StructType([StructField(n, StringType()) for n in names])
    if fmt == "jsonl":
        return spark.read.schema(text).json(paths)
    if fmt == "json":
        return spark.read.schema(text).option("multiLine", True).json(paths)
    if fmt == "graph":
        wrapped = StructType([StructField("value", ArrayType(text))])
        df = spark.read.schema(wrapped).option("multiLine", True).json(paths)
        return df.select(F.explode("value").alias("row")).select("row.*")
    if fmt == "csv":
        df = (
            spark.read.option("header", True)
            .option("multiLine", True)
            .option("escape", '"')
            .csv(paths)
        )
        # A typed header cell `Name:type` names column `Name`.
        return df.toDF(*[c.split(":", 1)[0] for c in df.columns])
    if fmt == "parquet":
        return spark.read.parquet(*paths)
    raise ValueError(f"Spark cannot read {fmt} files")


def as_view_columns(df, columns):
    """The query's columns of `df`: nested values as JSON text, missing ones null."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, MapType, StringType, StructType

    types = {f.name: f.dataType for f in df.schema.fields}
    out = []
    for name in columns:
        t = types.get(name)
        if t is None:
            out.append(F.lit(None).cast(StringType()).alias(name))
        elif isinstance(t, (StructType, ArrayType, MapType)):
            out.append(F.to_json(F.col(f"`{name}`")).alias(name))
        else:
            out.append(F.col(f"`{name}`").alias(name))
    return df.select(*out)


def register(spark, table):
    names = table["columns"]
    frames = []
    for fmt in dict.fromkeys(f["format"] for f in table["files"]):
        paths = [f["path"] for f in table["files"] if f["format"] == fmt]
        frames.append(as_view_columns(read_group(spark, fmt, paths, names), names))
    if not frames:
        from pyspark.sql.types import StringType, StructField, StructType

        empty = StructType([StructField(n, StringType()) for n in names])
        frames.append(spark.createDataFrame([], empty))
    df = frames[0]
    for other in frames[1:]:
        df = df.unionByName(other)
    df.createOrReplaceTempView(table["name"])


def first_line(e):
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:1000]


def main():
    os.environ["TZ"] = "UTC"
    req = json.load(sys.stdin)
    try:
        import pyspark  # noqa: F401
    except ImportError as e:
        print(f"missing pyspark: {e}", file=sys.stderr)
        sys.exit(3)
    spark = spark_session(req.get("master"), req.get("remote"))
    try:
        for table in req["tables"]:
            register(spark, table)
    except Exception as e:  # the error goes back to kqlc, which names the table
        json.dump({"error": first_line(e), "stage": "read"}, sys.stdout)
        return
    try:
        df = spark.sql(req["sql"])
        rows = [[cell(v) for v in r] for r in df.collect()]
        json.dump({"columns": df.columns, "rows": rows}, sys.stdout)
    except Exception as e:
        json.dump({"error": first_line(e), "stage": "sql"}, sys.stdout)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
