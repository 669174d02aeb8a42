#!/usr/bin/env python3
"""Query-shape benchmarks: kqlc vs DuckDB on the shapes that stress one part of the engine,
over the same AADProvisioningLogs JSON Lines file as seed000.py (1M rows by default).

Usage (paths relative to the crate root):
    bench/shapes.py [--shape NAME ...] [--rows 1000000] [--runs 3] [--no-build] [--threads T]
                    [--json] [--kqlc PATH]

Shapes (the KQL is SHAPES below, the SQL bench/duckdb_shapes.py; result columns in order):
  many_groups    summarize by a column with a distinct value per row (1M groups), then a
                 summary of the groups: (groups, rows, total DurationMs)
  parse_json     parse_json of two JSON-string columns on every row, grouped by two members:
                 (Kind, TargetKind, count)
  distinct_sets  count_distinct of a parsed member, dcount, count_distinct and make_set per job
                 (500 groups of 2,000 rows): (JobId, distinct targets, dcount of ChangeId,
                 distinct ChangeId, set of signatures)
  mv_expand      a 32-element array per row expanded (32M rows) and summarized per job:
                 (JobId, count, sum)
Each engine runs best-of-N with default threads; the results are checked equal before the table
is printed. dcount is an estimate in both engines, and DuckDB's approx_count_distinct is up to
9% off the exact count on these groups, so both engines also count the same column exactly
(count_distinct / count(DISTINCT)): the exact columns must be equal, and kqlc's dcount within 3%
of the exact count (Kusto documents a 1.6% error at the default accuracy); DuckDB's estimate is
not checked. Exit status as seed000.py.
"""

import collections
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import seed000 as common  # noqa: E402  (shared helpers: data, timing, DuckDB venv)

CRATE = common.CRATE
TABLE = common.TABLE

SHAPES = {
    "many_groups": """AADProvisioningLogs
| summarize n = count(), ms = sum(DurationMs) by CorrelationId
| summarize groups = count(), rows = sum(n), ms = sum(ms)""",
    "parse_json": """AADProvisioningLogs
| extend Source = parse_json(SourceIdentity), Target = parse_json(TargetIdentity)
| summarize n = count() by Kind = tostring(Source.IdentityType), TargetKind = tostring(Target.IdentityType)""",
    "distinct_sets": """AADProvisioningLogs
| summarize Targets = count_distinct(tostring(parse_json(TargetIdentity).Id)),
    Changes = dcount(ChangeId), ChangesExact = count_distinct(ChangeId),
    Signatures = make_set(ResultSignature) by JobId""",
    "mv_expand": """AADProvisioningLogs
| project JobId, Step = range(1, 32)
| mv-expand Step to typeof(long)
| summarize n = count(), total = sum(Step) by JobId""",
}

# Per shape, the column holding an estimate and the column holding its exact value: the
# estimate is checked against the exact value (kqlc's) and left out of the comparison.
ESTIMATE = {"distinct_sets": (2, 3)}
TOLERANCE = 0.03


def canonical(value):
    """A cell as a comparable value: sets sorted, numbers as numbers."""
    if isinstance(value, list):
        return tuple(sorted(canonical(v) for v in value))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def kqlc_rows(stdout):
    """kqlc's --format json rows (objects in column order) as lists."""
    rows = json.loads(stdout)
    return [[canonical(v) for v in row.values()] for row in rows]


def duckdb_rows(stdout):
    """DuckDB's lines (one JSON array each) as lists."""
    return [[canonical(v) for v in json.loads(line)] for line in stdout.splitlines() if line.strip()]


def compare(shape, ours, theirs):
    """Fail when the two results differ (an estimate column: beyond the tolerance)."""
    estimate, exact_of = ESTIMATE.get(shape, (None, None))

    def exact(row):
        return tuple(v for i, v in enumerate(row) if i != estimate)

    for row in ours if estimate is not None else []:
        if abs(row[estimate] - row[exact_of]) > TOLERANCE * max(row[exact_of], 1):
            raise common.BenchFailure(f"{shape}: kqlc's estimate is off the exact count: {row}")
    ours_c, theirs_c = collections.Counter(map(exact, ours)), collections.Counter(map(exact, theirs))
    if ours_c != theirs_c:
        raise common.BenchFailure(
            f"{shape}: kqlc and DuckDB disagree ({len(ours)} vs {len(theirs)} rows); only in kqlc: "
            f"{sorted((ours_c - theirs_c).elements())[:5]}; only in DuckDB: "
            f"{sorted((theirs_c - ours_c).elements())[:5]}")
    return len(ours)


def measure(shape, args, kqlc, python, data):
    """Both engines on one shape: their summaries and the checked row count."""
    query = common.BENCH_DIR / f"shape-{shape}.kql"
    query.write_text(SHAPES[shape] + "\n")
    kqlc_command = [str(kqlc), "run", str(query), "--table", f"{TABLE}={data}",
                    "--now", common.NOW, "--format", "json"]
    duckdb_command = [python, str(CRATE / "bench" / "duckdb_shapes.py"), shape, str(data)]
    if args.threads:
        duckdb_command.append(str(args.threads))
    ours = common.best_of(f"kqlc {shape}", kqlc_command, args.runs)
    theirs = common.best_of(f"duckdb {shape}", duckdb_command, args.runs)
    rows = compare(shape, kqlc_rows(ours["output"]), duckdb_rows(theirs["output"]))
    size = data.stat().st_size
    return {
        "shape": shape,
        "result_rows": rows,
        "engines": [common.summary("kqlc", ours, args.rows, size),
                    common.summary("duckdb", theirs, args.rows, size)],
    }


def print_table(report):
    """One line per shape: both engines' best wall, CPU and peak, and the ratios."""
    print(f"query shapes on {report['rows']} rows ({report['file_mb']:.1f} MB), best of "
          f"{report['runs']}, results checked equal")
    header = (f"{'shape':<14} {'rows':>6} {'kqlc wall':>10} {'CPU':>8} {'peak':>9} "
              f"{'DuckDB wall':>12} {'CPU':>8} {'peak':>9} {'wall x':>7} {'peak x':>7}")
    print(header)
    print("-" * len(header))
    for line in report["shapes"]:
        k, d = line["engines"]
        print(f"{line['shape']:<14} {line['result_rows']:>6} {k['best_wall_s']:>9.3f}s "
              f"{k['best_cpu_s']:>7.3f}s {k['peak_rss_mib']:>5.0f} MiB {d['best_wall_s']:>11.3f}s "
              f"{d['best_cpu_s']:>7.3f}s {d['peak_rss_mib']:>5.0f} MiB "
              f"{k['best_wall_s'] / d['best_wall_s']:>6.2f}x "
              f"{k['peak_rss_mib'] / d['peak_rss_mib']:>6.2f}x")


def main():
    """Prepare, measure each shape, report."""
    def extra(parser):
        parser.add_argument("--shape", action="append", choices=sorted(SHAPES),
                            help="a shape to run (repeatable; default all)")
    args = common.bench_args(__doc__.splitlines()[0], 1_000_000, extra)
    data = common.ensure_data(args.rows)
    kqlc = common.build_kqlc(args.no_build, args.kqlc)
    python = common.python_with_duckdb()
    report = {
        "rows": args.rows,
        "file": str(data.relative_to(CRATE)),
        "file_mb": round(data.stat().st_size / 1e6, 1),
        "runs": args.runs,
        "duckdb_version": common.duckdb_version(python),
        "shapes": [measure(s, args, kqlc, python, data) for s in (args.shape or list(SHAPES))],
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    common.run_script(main)
