#!/usr/bin/env python3
"""Data-lake inputs benchmark: seed 000 over the same rows as JSON Lines, as Parquet and as an
Azure Monitor export folder (a glob of PT1H.json blobs, half gzipped), with DuckDB's read_parquet
on the same Parquet file as the peer.

Usage (paths relative to the crate root):
    bench/parquet000.py [--rows 1000000] [--runs 3] [--no-build] [--threads T] [--json]
                        [--spark local[2]]

With --spark MASTER, the three inputs also run with `kqlc run --engine spark --spark-master
MASTER` (pyspark must be importable; peak RSS is then kqlc's and the Python driver's, not the
JVM's: see BENCHMARKS.md).

Steps: generate target/bench/aadprov-<N>.jsonl once (as seed000.py), convert it once to
target/bench/aadprov-<N>.parquet (bench/to_parquet.py, with DuckDB) and to the export folder
target/bench/export-<N>/ (bench/to_export.py), build kqlc, run each input best-of-N, check that
all four runs return the same (JobId, Failures) pairs, print one table with peak RSS next to the
input's size. Exit status as seed000.py.
"""

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import seed000 as common  # noqa: E402  (shared helpers: data, build, timing, DuckDB venv)

CRATE = common.CRATE
BENCH = CRATE / "bench"


def converted(source, target, script, python):
    """`target`, made once from the JSON Lines file by `script` (via a .partial name)."""
    if target.exists():
        common.log(f"reusing {target.relative_to(CRATE)}")
        return target
    partial = target.with_name(target.name + ".partial")
    common.log(f"writing {target.relative_to(CRATE)} with {script}")
    subprocess.run([python, str(BENCH / script), str(source), str(partial)], check=True)
    partial.rename(target)
    return target


def size_of(path):
    """Bytes of a file, or of every file under a folder."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def main():
    args = common.bench_args(__doc__.splitlines()[0], 1_000_000, lambda p: p.add_argument(
        "--spark", metavar="MASTER", help="also run each input on Spark (e.g. local[2])"))
    seed = common.SHARED / "bench" / "seed000.kql"
    if not seed.exists():
        raise common.SetupError(f"{seed.parent} is absent (set KQLC_SHARED to the shared directory)")
    python = common.python_with_duckdb()
    jsonl = common.ensure_data(args.rows)
    parquet = converted(jsonl, jsonl.with_suffix(".parquet"), "to_parquet.py", python)
    export = converted(jsonl, jsonl.with_name(f"export-{common.rows_label(args.rows)}"),
                       "to_export.py", sys.executable)
    kqlc = common.build_kqlc(args.no_build, args.kqlc)

    def kqlc_on(table, engine=None):
        command = [str(kqlc), "run", str(seed), "--table", f"{common.TABLE}={table}",
                   "--now", common.NOW, "--format", "json"]
        if engine:
            command += ["--engine", "spark", "--spark-master", engine]
        return command

    duckdb = [python, str(BENCH / "duckdb_parquet000.py"), str(parquet)]
    if args.threads:
        duckdb.append(str(args.threads))
    runs = [
        ("kqlc jsonl", kqlc_on(jsonl), jsonl, common.kqlc_pairs),
        ("kqlc parquet", kqlc_on(parquet), parquet, common.kqlc_pairs),
        ("kqlc export glob", kqlc_on(f"{export}/**/PT1H.json*"), export, common.kqlc_pairs),
        ("duckdb parquet", duckdb, parquet, common.duckdb_pairs),
    ]
    if args.spark:
        runs += [
            ("spark jsonl", kqlc_on(jsonl, args.spark), jsonl, common.kqlc_pairs),
            ("spark parquet", kqlc_on(parquet, args.spark), parquet, common.kqlc_pairs),
            ("spark export glob", kqlc_on(f"{export}/**/PT1H.json*", args.spark), export, common.kqlc_pairs),
        ]
    engines, pairs = [], None
    for name, command, source, read_pairs in runs:
        measured = common.best_of(name, command, args.runs)
        these = read_pairs(measured["output"])
        if pairs is not None and these != pairs:
            raise common.BenchFailure(f"{name} returns other (JobId, Failures) pairs than {runs[0][0]}")
        pairs = these
        input_bytes = size_of(source)
        figures = common.summary(name, measured, args.rows, input_bytes)
        figures["input_mb"] = round(input_bytes / 1e6, 1)
        figures["rss_over_input"] = round(figures["peak_rss_mib"] * 1024 * 1024 / input_bytes, 2)
        engines.append(figures)
    by_name = {e["engine"]: e for e in engines}
    report = {
        "rows": args.rows,
        "runs": args.runs,
        "result_rows": sum(pairs.values()),
        "duckdb_version": common.duckdb_version(python),
        "duckdb_threads": args.threads or "default",
        "engines": engines,
        "ratio_kqlc_parquet_over_duckdb_parquet": {
            "wall": round(by_name["kqlc parquet"]["best_wall_s"] / by_name["duckdb parquet"]["best_wall_s"], 2),
            "cpu": round(by_name["kqlc parquet"]["best_cpu_s"] / by_name["duckdb parquet"]["best_cpu_s"], 2),
        },
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"seed 000 on {args.rows} rows, {report['result_rows']} result rows, identical (JobId, Failures) "
          f"on every input; best of {args.runs}")
    header = f"{'input':<17} {'size':>9} {'best wall':>10} {'best CPU':>9} {'rows/s':>11} {'peak RSS':>10} {'RSS/size':>9}"
    print(header)
    print("-" * len(header))
    for e in engines:
        print(f"{e['engine']:<17} {e['input_mb']:>6.0f} MB {e['best_wall_s']:>9.3f}s {e['best_cpu_s']:>8.3f}s "
              f"{e['rows_per_s']:>11,} {e['peak_rss_mib']:>6.0f} MiB {e['rss_over_input']:>9.2f}")
    ratio = report["ratio_kqlc_parquet_over_duckdb_parquet"]
    print(f"kqlc/DuckDB on Parquet: {ratio['wall']:.2f}x wall time, {ratio['cpu']:.2f}x CPU time")


if __name__ == "__main__":
    common.run_script(main)
