#!/usr/bin/env python3
"""End-to-end benchmark: kqlc vs DuckDB on seed 000's query over AADProvisioningLogs JSON Lines.

Usage (from anywhere; paths are relative to the crate root; the shared directory is
../shared beside the crate, or $KQLC_SHARED):
    bench/seed000.py [--rows N] [--runs 3] [--no-build] [--threads T] [--json]

Steps: generate the data once into target/bench/ (reused when present), build kqlc in release
mode, make DuckDB importable (a venv under target/bench/venv when needed), run both engines
best-of-N, check they agree on the (JobId, Failures) pairs, print one table (or JSON).
Exit status: 0 on success, 1 when the engines disagree or one fails, 2 on a setup problem.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CRATE = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KQLC_SHARED", CRATE.parent / "shared"))
BENCH_DIR = CRATE / "target" / "bench"
VENV = BENCH_DIR / "venv"
NOW = "2026-06-01T12:00:00Z"
TABLE = "AADProvisioningLogs"


class SetupError(Exception):
    """A missing input or a failed preparation step (exit status 2)."""


class BenchFailure(Exception):
    """An engine failed or the engines disagree (exit status 1)."""


def rows_label(rows):
    """1000000 -> '1m', 100000 -> '100k', other counts as they are."""
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}m"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def log(message):
    """Progress goes to stderr so that --json output stays clean."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def ensure_data(rows):
    """Generate the N-row file once (atomically, via a temporary name) and return its path."""
    path = BENCH_DIR / f"aadprov-{rows_label(rows)}.jsonl"
    if path.exists():
        log(f"reusing {path.relative_to(CRATE)}")
        return path
    generator = SHARED / "bench" / "gen_provisioning.py"
    if not generator.exists():
        raise SetupError(f"{generator} is absent (set KQLC_SHARED to the shared directory)")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".jsonl.partial")
    log(f"generating {rows} rows into {path.relative_to(CRATE)} (a minute or two for 1M rows)")
    subprocess.run([sys.executable, str(generator), str(rows), str(partial)], check=True)
    partial.rename(path)
    return path


def build_kqlc(skip, given=None):
    """Build the release binary unless told not to (or given another); return its path."""
    if given:
        binary = Path(given).resolve()
        if not binary.exists():
            raise SetupError(f"{binary} is absent")
        return binary
    binary = CRATE / "target" / "release" / "kqlc"
    if not skip:
        log("cargo build --release")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=CRATE, check=True)
    if not binary.exists():
        raise SetupError(f"{binary} is absent; run without --no-build")
    return binary


def python_with_duckdb():
    """This Python when it can import duckdb, otherwise a venv under target/bench/venv with it."""
    if importable(sys.executable):
        return sys.executable
    venv_python = VENV / "bin" / "python"
    if not venv_python.exists():
        log(f"creating {VENV.relative_to(CRATE)}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if not importable(str(venv_python)):
        log("pip install duckdb")
        subprocess.run([str(venv_python), "-m", "pip", "install", "--quiet", "duckdb"], check=True)
    if not importable(str(venv_python)):
        raise SetupError("duckdb is still not importable after pip install")
    return str(venv_python)


def importable(python):
    """Whether the given interpreter can import duckdb."""
    probe = subprocess.run([python, "-c", "import duckdb"], capture_output=True)
    return probe.returncode == 0


def duckdb_version(python):
    """DuckDB's version string as the interpreter reports it."""
    probe = subprocess.run([python, "-c", "import duckdb; print(duckdb.__version__)"],
                           capture_output=True, text=True)
    return probe.stdout.strip()


def timed_run(command):
    """Run one child; return (wall seconds, CPU seconds, peak RSS in KiB, stdout text).

    Wall time spans process start to exit as seen by os.wait4; CPU time (user + system) and
    peak RSS (ru_maxrss, KiB on Linux) come from the same wait4 call. Output goes to
    temporary files so that a pipe never throttles the child.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=CRATE)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise BenchFailure(f"{command[0]} exited with {child.returncode}:\n{stderr[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, stdout


def best_of(name, command, runs):
    """Run a command `runs` times; keep every time and peak RSS, and the first output."""
    walls, cpus, peaks, output = [], [], [], None
    for attempt in range(1, runs + 1):
        wall, cpu, peak_kib, stdout = timed_run(command)
        log(f"{name} run {attempt}/{runs}: {wall:.3f} s wall, {cpu:.3f} s CPU, "
            f"peak RSS {peak_kib / 1024:.0f} MiB")
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak_kib)
        if output is None:
            output = stdout
    return {"walls_s": walls, "cpus_s": cpus, "peak_rss_kib": peaks, "output": output}


def kqlc_pairs(stdout):
    """(JobId, Failures) pairs from kqlc's --format json output (an array of row objects)."""
    try:
        rows = json.loads(stdout)
    except json.JSONDecodeError as error:
        raise BenchFailure(f"kqlc's output is not JSON: {error}") from error
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise BenchFailure("kqlc's JSON output is not an array of row objects")
    return collections.Counter((row.get("JobId"), row.get("Failures")) for row in rows)


def duckdb_pairs(stdout):
    """(JobId, Failures) pairs from DuckDB's lines (JSON arrays cut at 300 characters).

    The script truncates each line, so only the first five elements are decoded.
    """
    pairs = collections.Counter()
    for line in stdout.splitlines():
        if not line.strip():
            continue
        try:
            elements = leading_elements(line, 5)
        except (ValueError, IndexError) as error:
            raise BenchFailure(f"cannot read DuckDB's line {line[:80]!r}: {error}") from error
        pairs[(elements[0], elements[4])] += 1
    return pairs


def leading_elements(line, count):
    """Decode the first `count` elements of a JSON array whose tail may be cut off."""
    decoder = json.JSONDecoder()
    position = line.index("[") + 1
    elements = []
    while len(elements) < count:
        while line[position] in " ,":
            position += 1
        value, position = decoder.raw_decode(line, position)
        elements.append(value)
    return elements


def compare(kqlc_out, duckdb_out):
    """Fail loudly when the two engines' (JobId, Failures) multisets differ."""
    ours, theirs = kqlc_pairs(kqlc_out), duckdb_pairs(duckdb_out)
    if ours != theirs:
        only_ours = sorted((ours - theirs).elements())[:10]
        only_theirs = sorted((theirs - ours).elements())[:10]
        raise BenchFailure(
            "kqlc and DuckDB disagree on (JobId, Failures):\n"
            f"  kqlc {sum(ours.values())} rows, DuckDB {sum(theirs.values())} rows\n"
            f"  only in kqlc (first 10): {only_ours}\n  only in DuckDB (first 10): {only_theirs}")
    if not ours:
        log("warning: both engines returned no rows; the check compared nothing")
    return sum(ours.values())


def summary(name, measured, rows, file_bytes):
    """One engine's figures: best wall and CPU time, throughput (from the best wall time),
    and the highest peak RSS over the runs."""
    best = min(measured["walls_s"])
    return {
        "engine": name,
        "best_wall_s": round(best, 4),
        "best_cpu_s": round(min(measured["cpus_s"]), 4),
        "rows_per_s": round(rows / best),
        "mb_per_s": round(file_bytes / 1e6 / best, 1),
        "peak_rss_mib": round(max(measured["peak_rss_kib"]) / 1024, 1),
        "walls_s": [round(w, 4) for w in measured["walls_s"]],
        "cpus_s": [round(c, 4) for c in measured["cpus_s"]],
    }


def print_table(report):
    """The human-readable table."""
    print(f"seed 000 on {report['rows']} rows ({report['file_mb']:.1f} MB), "
          f"{report['result_rows']} result rows, identical (JobId, Failures); best of {report['runs']}")
    header = (f"{'engine':<8} {'best wall':>10} {'best CPU':>9} {'rows/s':>11} {'MB/s':>8} "
              f"{'peak RSS':>10}")
    print(header)
    print("-" * len(header))
    for engine in report["engines"]:
        print(f"{engine['engine']:<8} {engine['best_wall_s']:>9.3f}s {engine['best_cpu_s']:>8.3f}s "
              f"{engine['rows_per_s']:>11,} "
              f"{engine['mb_per_s']:>8.1f} {engine['peak_rss_mib']:>7.0f} MiB")
    ratio = report["ratio_kqlc_over_duckdb"]
    print(f"kqlc/DuckDB: {ratio['wall']:.2f}x wall time, {ratio['cpu']:.2f}x CPU time, "
          f"{ratio['peak_rss']:.2f}x peak RSS")


def bench_args(description, default_rows, extra=None):
    """The command-line options every kqlc-vs-DuckDB script takes (`extra` adds a script's own)."""
    parser = argparse.ArgumentParser(description=description)
    if extra:
        extra(parser)
    parser.add_argument("--rows", type=int, default=default_rows,
                        help=f"rows to generate (default {default_rows})")
    parser.add_argument("--runs", type=int, default=3, help="runs per engine; the best counts (default 3)")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: DuckDB's own, all cores)")
    parser.add_argument("--no-build", action="store_true", help="use target/release/kqlc as it is")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--kqlc", metavar="PATH",
                        help="run this kqlc binary instead (no build; e.g. main's, for a before/after)")
    return parser.parse_args()


def parse_args():
    """Command-line options."""
    return bench_args(__doc__.splitlines()[0], 1_000_000)


def run_script(main):
    """Run a bench script's main: exit 1 when the engines disagree or one fails, 2 on a setup
    problem (a missing input, a failed build or install), with the reason on stderr."""
    try:
        main()
    except BenchFailure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    except (SetupError, subprocess.CalledProcessError, OSError) as problem:
        print(f"SETUP FAILED: {problem}", file=sys.stderr)
        sys.exit(2)


def main():
    """Prepare, measure, compare, report."""
    args = parse_args()
    if not (SHARED / "bench" / "seed000.kql").exists():
        raise SetupError(f"{SHARED / 'bench'} is absent (set KQLC_SHARED to the shared directory)")
    data = ensure_data(args.rows)
    kqlc = build_kqlc(args.no_build, args.kqlc)
    python = python_with_duckdb()
    kqlc_command = [str(kqlc), "run", str(SHARED / "bench" / "seed000.kql"),
                    "--table", f"{TABLE}={data}", "--now", NOW, "--format", "json"]
    duckdb_command = [python, str(SHARED / "bench" / "duckdb_seed000.py"), str(data)]
    if args.threads:
        duckdb_command.append(str(args.threads))
    kqlc_measured = best_of("kqlc", kqlc_command, args.runs)
    duckdb_measured = best_of("duckdb", duckdb_command, args.runs)
    result_rows = compare(kqlc_measured["output"], duckdb_measured["output"])
    file_bytes = data.stat().st_size
    engines = [summary("kqlc", kqlc_measured, args.rows, file_bytes),
               summary("duckdb", duckdb_measured, args.rows, file_bytes)]
    report = {
        "rows": args.rows,
        "file": str(data.relative_to(CRATE)),
        "file_mb": round(file_bytes / 1e6, 1),
        "runs": args.runs,
        "result_rows": result_rows,
        "duckdb_version": duckdb_version(python),
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
        print_table(report)


if __name__ == "__main__":
    run_script(main)
