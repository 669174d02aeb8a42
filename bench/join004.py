#!/usr/bin/env python3
"""Join benchmark: kqlc vs DuckDB on seed 004 ("New PA, PCA, or PCAS added to Azure DevOps",
corpus/rules/new-pa-pca-or-pcas-added-to-azure-devops.yaml) over generated ADOAuditLogs.

Usage (paths relative to the crate root):
    bench/join004.py [--rows 200000] [--days 1] [--runs 3] [--no-build] [--threads T] [--json]

The query filters membership additions to privileged groups (left), joins them on
(hour, member id) with every audit row of the same table (right, the build side kqlc holds in
memory), and summarises make_set(OperationName) per group of six columns. Steps as in
seed000.py: generate target/bench/ado-<N>.jsonl (ado-<N>-<D>d.jsonl for --days D) once with bench/gen_ado_audit.py, build,
run both engines best-of-N, check that they return the same multiset of rows (ActorUPN,
AddingUser, TimeAdded to the millisecond, PermissionGrantDetails, IpAddress, UserAgent, the
set of operations), print the table. Exit status as seed000.py.
"""

import collections
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import seed000 as common  # noqa: E402  (shared helpers: timing, DuckDB venv, report)

CRATE = common.CRATE
RULE = CRATE / "corpus" / "rules" / "new-pa-pca-or-pcas-added-to-azure-devops.yaml"
NOW = "2026-06-02T00:00:00Z"  # the rule's queryPeriod (1d) covers the generated day
TABLE = "ADOAuditLogs"


def ensure_data(rows, days):
    """Generate the N-row file over `days` days once and return its path."""
    spread = "" if days == 1 else f"-{days}d"
    path = common.BENCH_DIR / f"ado-{common.rows_label(rows)}{spread}.jsonl"
    if path.exists():
        common.log(f"reusing {path.relative_to(CRATE)}")
        return path
    common.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".jsonl.partial")
    common.log(f"generating {rows} rows into {path.relative_to(CRATE)}")
    subprocess.run([sys.executable, str(CRATE / "bench" / "gen_ado_audit.py"), str(rows),
                    str(partial), str(days)], check=True)
    partial.rename(path)
    return path


def query_file(days):
    """The rule file for one day of data; for more days, its query alone in a .kql file:
    `kqlc run` applies a rule's queryPeriod (1d) as a time window, which DuckDB's SQL does not,
    and which would leave only the first day of a longer file."""
    if days == 1:
        return RULE
    text = RULE.read_text()
    block = text.split("\nquery: |\n", 1)[1]
    lines = []
    for line in block.splitlines():
        if line and not line.startswith("  "):
            break
        lines.append(line[2:])
    path = common.BENCH_DIR / "join004.kql"
    path.write_text("\n".join(lines).strip() + "\n")
    return path


def millis(text):
    """A timestamp as 'YYYY-MM-DDTHH:MM:SS.mmm' (kqlc omits a zero fraction; DuckDB does not)."""
    base, _, fraction = str(text).rstrip("Z").partition(".")
    return f"{base}.{(fraction + '000')[:3]}"


def kqlc_rows(stdout):
    """The comparable rows of kqlc's --format json output."""
    try:
        rows = json.loads(stdout)
    except json.JSONDecodeError as error:
        raise common.BenchFailure(f"kqlc's output is not JSON: {error}") from error
    return collections.Counter(
        (row["ActorUPN"], row["AddingUser"], millis(row["TimeAdded"]),
         row["PermissionGrantDetails"], row["IpAddress"], row["UserAgent"],
         tuple(sorted(row["ActionsWhenAdded"])))
        for row in rows)


def duckdb_rows(stdout):
    """The comparable rows of duckdb_join004.py's JSON lines."""
    return collections.Counter(
        (r[0], r[1], millis(r[2]), r[3], r[4], r[5], tuple(sorted(r[6])))
        for r in map(json.loads, filter(str.strip, stdout.splitlines())))


def compare(kqlc_out, duckdb_out):
    """Fail loudly when the two engines' row multisets differ; the number of rows."""
    ours, theirs = kqlc_rows(kqlc_out), duckdb_rows(duckdb_out)
    if ours != theirs:
        raise common.BenchFailure(
            f"kqlc and DuckDB disagree: kqlc {sum(ours.values())} rows, DuckDB "
            f"{sum(theirs.values())}\n  only in kqlc: {sorted((ours - theirs).elements())[:3]}\n"
            f"  only in DuckDB: {sorted((theirs - ours).elements())[:3]}")
    if not ours:
        common.log("warning: both engines returned no rows; the check compared nothing")
    return sum(ours.values())


def main():
    """Prepare, measure, compare, report."""
    args = parse_args()
    data = ensure_data(args.rows, args.days)
    kqlc = common.build_kqlc(args.no_build, args.kqlc)
    python = common.python_with_duckdb()
    kqlc_command = [str(kqlc), "run", str(query_file(args.days)), "--table", f"{TABLE}={data}",
                    "--now", NOW, "--format", "json"]
    duckdb_command = [python, str(CRATE / "bench" / "duckdb_join004.py"), str(data)]
    if args.threads:
        duckdb_command.append(str(args.threads))
    kqlc_measured = common.best_of("kqlc", kqlc_command, args.runs)
    duckdb_measured = common.best_of("duckdb", duckdb_command, args.runs)
    result_rows = compare(kqlc_measured["output"], duckdb_measured["output"])
    file_bytes = data.stat().st_size
    engines = [common.summary("kqlc", kqlc_measured, args.rows, file_bytes),
               common.summary("duckdb", duckdb_measured, args.rows, file_bytes)]
    report = {
        "query": "seed 004 (join)",
        "rows": args.rows,
        "days": args.days,
        "file": str(data.relative_to(CRATE)),
        "file_mb": round(file_bytes / 1e6, 1),
        "runs": args.runs,
        "result_rows": result_rows,
        "duckdb_version": common.duckdb_version(python),
        "duckdb_threads": args.threads or "default",
        "engines": engines,
        "ratio_kqlc_over_duckdb": {
            "wall": round(engines[0]["best_wall_s"] / engines[1]["best_wall_s"], 2),
            "cpu": round(engines[0]["best_cpu_s"] / engines[1]["best_cpu_s"], 2),
            "peak_rss": round(engines[0]["peak_rss_mib"] / engines[1]["peak_rss_mib"], 2),
        },
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"seed 004 (join) on {args.rows} rows over {args.days} day(s) ({report['file_mb']:.1f} MB), "
              f"{result_rows} identical result rows; best of {args.runs}")
        for e in engines:
            print(f"{e['engine']:<8} {e['best_wall_s']:>8.3f}s wall {e['best_cpu_s']:>8.3f}s CPU "
                  f"{e['rows_per_s']:>10,} rows/s {e['mb_per_s']:>7.1f} MB/s "
                  f"{e['peak_rss_mib']:>6.0f} MiB")
        ratio = report["ratio_kqlc_over_duckdb"]
        print(f"kqlc/DuckDB: {ratio['wall']:.2f}x wall, {ratio['cpu']:.2f}x CPU, "
              f"{ratio['peak_rss']:.2f}x peak RSS")


def parse_args():
    """Command-line options."""
    def days(parser):
        parser.add_argument("--days", type=int, default=1,
                            help="days the generated rows span (default 1; 60 spreads the join's keys thin)")
    return common.bench_args(__doc__.splitlines()[0], 200_000, days)


if __name__ == "__main__":
    common.run_script(main)
