#!/usr/bin/env python3
"""Sweep Elasticsearch csv-spec files through `kqlc run` (a development tool, not a test).

Reads every `*.csv-spec` file in SPEC_DIR (Elastic's ES|QL test format, kept outside this
repository: Elastic License 2.0), keeps the cases whose query reads only `employees`,
`hosts` or `ROW` and does not call now(), runs each query as a user would:

    kqlc run case.esql --table employees=... --table hosts=... --format json

and compares the printed rows with the case's expected table (rows as a multiset when the
spec says `ignoreOrder:true` or the query has no SORT near its end; numbers compared by
value, dates as instants, multi-values as arrays). Prints each failure and the pass rate,
per file and overall.

Usage:
    tools/csv_spec_sweep.py SPEC_DIR --kqlc target/debug/kqlc [--filter NAME] [--quiet]
                            [--data DIR] [--jobs N] [--json OUT]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_DATA = Path("/work/shared/conformance/esql/data")
DATASETS = {"employees", "hosts"}


@dataclass
class Case:
    """One csv-spec test: its query, expected header and rows, and flags."""

    file: str
    name: str
    query: str
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    ignore_order: bool = False
    capabilities: list[str] = field(default_factory=list)


# A header line before the query (`required_capability: x`, `request_stored: skip`, ...).
META_RE = re.compile(r"^[a-z_]+:\s")

# ---------------------------------------------------------------------------------------
# Parsing the spec format (see the conformance README, "Spec format notes").


def spec_lines(text: str) -> list[str]:
    """The file's lines, trimmed, without `//` and `#` comment lines."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("//") or line.startswith("#"):
            continue
        out.append(line)
    return out


def split_cells(line: str) -> list[str]:
    """A table line split on `|` outside `"` quotes; cells trimmed and unquoted."""
    cells, cur, quoted = [], [], False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == '"':
            if quoted and i + 1 < len(line) and line[i + 1] == '"':
                cur.append('"')
                i += 2
                continue
            quoted = not quoted
            cur.append(ch)
        elif ch == "|" and not quoted:
            cells.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur))
    return [unquote(c.strip()) for c in cells]


def unquote(cell: str) -> str:
    if len(cell) >= 2 and cell.startswith('"') and cell.endswith('"'):
        return cell[1:-1]
    return cell


def parse_header(line: str) -> list[tuple[str, str]]:
    cols = []
    for cell in split_cells(line):
        name, _, typ = cell.rpartition(":")
        if not name:
            name, typ = typ, ""
        cols.append((name.strip(), typ.strip().lower()))
    return cols


def parse_spec(path: Path) -> list[Case]:
    """Every test in one csv-spec file."""
    lines = spec_lines(path.read_text(encoding="utf-8"))
    cases, i = [], 0
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        case, i = parse_case(path.stem, lines, i)
        if case is not None:
            cases.append(case)
    return cases


def parse_case(file: str, lines: list[str], i: int) -> tuple[Case | None, int]:
    """One test starting at line `i`; the case and the index after its closing `;`."""
    name = lines[i].split("#", 1)[0].strip()
    i += 1
    caps, query = [], []
    while i < len(lines):
        line = lines[i]
        i += 1
        if not query and META_RE.match(line):
            if line.startswith("required_capability:"):
                caps.append(line.split(":", 1)[1].strip())
            continue
        if not line and not query:
            continue
        query.append(line)
        if line.endswith(";"):
            break
    text = "\n".join(query).rstrip()
    text = text[:-1].rstrip() if text.endswith(";") else text
    case = Case(file, name, text, capabilities=caps)
    header_seen = False
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith(";"):
            return case, i
        if not line:
            continue
        if line.startswith(("warning:", "warningRegex:")):
            continue
        if line.startswith("ignoreOrder:"):
            case.ignore_order = line.split(":", 1)[1].strip().lower() == "true"
            continue
        if not header_seen:
            case.columns = parse_header(line)
            header_seen = True
        else:
            case.rows.append(split_cells(line))
    return case, i


# ---------------------------------------------------------------------------------------
# Which cases the sweep takes.

FROM_RE = re.compile(r"^\s*from\s+([^|\s]+)\s*(\||$)", re.I)


def eligible(case: Case) -> str | None:
    """`None` when the case reads only employees/hosts/ROW; otherwise why it is skipped."""
    q = case.query
    low = q.lower()
    if case.name.endswith("-Ignore"):
        return "marked -Ignore"
    if re.search(r"\bnow\s*\(", low):
        return "now()"
    if not case.columns:
        return "no expected table"
    if re.search(r"\b(lookup\s+join|enrich|fork|inlinestats|inline\s+stats)\b", low):
        return "other dataset/command"
    if re.match(r"^\s*row\b", low):
        return None if not re.search(r"\|\s*from\b", low) else "other dataset"
    m = FROM_RE.match(q.replace("\n", " "))
    if not m:
        return "not FROM employees/hosts"
    if m.group(1).lower() not in DATASETS:
        return "dataset " + m.group(1)
    if re.search(r"\bmetadata\b", low.split("|", 1)[0]):
        return "metadata"
    return None


# ---------------------------------------------------------------------------------------
# Expected values.

INT_TYPES = {"integer", "i", "int", "long", "l", "short", "byte", "unsigned_long", "ul", "counter_long", "counter_integer"}
FLOAT_TYPES = {"double", "d", "float", "f", "half_float", "scaled_float", "counter_double"}
DATE_TYPES = {"date", "datetime", "dt"}


def parse_instant(text: str):
    """An ISO date/datetime as epoch milliseconds (UTC), or None."""
    t = re.sub(r"(\.\d{6})\d+", r"\1", text.strip())
    for fmt in ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%MZ", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            d = datetime.strptime(t, fmt)
        except ValueError:
            continue
        if d.tzinfo is None:
            d = d.replace(tzinfo=timezone.utc)
        return round(d.timestamp() * 1000)
    return None


def expected_scalar(text: str, typ: str):
    text = unquote(text)
    if text.lower() == "null":
        return None
    if typ in INT_TYPES:
        try:
            return int(text)
        except ValueError:
            return float(text)
    if typ in FLOAT_TYPES:
        return float(text)
    if typ in ("boolean", "bool"):
        return text.lower() == "true"
    if typ in DATE_TYPES:
        ms = parse_instant(text)
        return ("date", ms) if ms is not None else text
    if typ == "ip":
        return parse_ip(text)
    return text


def parse_ip(text: str):
    """An IP address in one canonical form (`::0` and `::` are the same address)."""
    try:
        return ("ip", ipaddress.ip_address(text))
    except ValueError:
        return text


def expected_cell(text: str, typ: str):
    """A spec cell as a Python value; `[a, b]` is a multi-value (a list)."""
    if text.startswith("[") and text.endswith("]") and typ not in ("", "null"):
        inner = text[1:-1]
        items = [s.strip() for s in inner.split(",")] if inner.strip() else []
        return [expected_scalar(s, typ) for s in items]
    return expected_scalar(text, typ)


def actual_norm(value, typ: str):
    """A printed JSON cell normalised for comparison with `expected_cell`."""
    if isinstance(value, list):
        return [actual_norm(v, typ) for v in value]
    if typ in DATE_TYPES and isinstance(value, str):
        ms = parse_instant(value)
        return ("date", ms) if ms is not None else value
    if typ == "ip" and isinstance(value, str):
        return parse_ip(value)
    return value


def same(actual, want) -> bool:
    if isinstance(want, list):
        if not isinstance(actual, list):
            return len(want) == 1 and same(actual, want[0])
        return len(actual) == len(want) and all(same(a, w) for a, w in zip(actual, want))
    if isinstance(actual, list):
        return len(actual) == 1 and same(actual[0], want)
    if isinstance(want, bool) or isinstance(actual, bool):
        return actual is want
    if isinstance(want, (int, float)) and isinstance(actual, (int, float)):
        if isinstance(want, int) and isinstance(actual, int):
            return want == actual
        return float(want) == float(actual)
    return actual == want


# ---------------------------------------------------------------------------------------
# Running and comparing.


def run_query(kqlc: str, data: Path, query: str, tmp: Path, idx: int):
    """Runs one query; (rows, None) or (None, why)."""
    qfile = tmp / f"case{idx}.esql"
    qfile.write_text(query + "\n", encoding="utf-8")
    cmd = [
        kqlc, "run", str(qfile),
        "--table", f"employees={data / 'employees.csv'}",
        "--table", f"hosts={data / 'hosts.csv'}",
        "--format", "json",
    ]
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    if out.returncode != 0:
        err = out.stderr.decode("utf-8", "replace").strip()
        return None, f"exit {out.returncode}: {err[:600]}"
    try:
        return json.loads(out.stdout), None
    except json.JSONDecodeError as e:
        return None, f"output is not JSON: {e}"


def has_final_sort(query: str) -> bool:
    parts = query.lower().split("|")
    return any(p.strip().startswith("sort") for p in parts[-3:])


def compare(case: Case, rows: list) -> str | None:
    """None when the printed rows match; otherwise a short description."""
    names = [n for n, _ in case.columns]
    types = dict(case.columns)
    if rows and list(rows[0].keys()) != names:
        return f"columns differ: expected {names}, printed {list(rows[0].keys())}"
    want = [[expected_cell(c, t) for c, (_, t) in zip(r, case.columns)] for r in case.rows]
    got = [[actual_norm(r.get(n), types[n]) for n in names] for r in rows]
    if len(got) != len(want):
        return mismatch(f"{len(want)} rows expected, {len(got)} printed", want, got)
    row_eq = lambda a, w: len(a) == len(w) and all(same(x, y) for x, y in zip(a, w))
    if case.ignore_order or not has_final_sort(case.query):
        used = [False] * len(want)
        for a in got:
            j = next((j for j, w in enumerate(want) if not used[j] and row_eq(a, w)), None)
            if j is None:
                return mismatch("rows differ (as multiset)", want, got)
            used[j] = True
        return None
    for k, (a, w) in enumerate(zip(got, want)):
        if not row_eq(a, w):
            return mismatch(f"row {k} differs", [w], [a])
    return None


def mismatch(msg: str, want: list, got: list) -> str:
    show = lambda rows: "\n      ".join(json.dumps(r, default=str) for r in rows[:6])
    return f"{msg}\n    expected: {show(want)}\n    printed:  {show(got)}"


def check_case(kqlc: str, data: Path, tmp: Path, idx: int, case: Case) -> str | None:
    rows, why = run_query(kqlc, data, case.query, tmp, idx)
    if why:
        return why
    if not isinstance(rows, list):
        return "output is not a list of rows"
    return compare(case, rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("spec_dir", type=Path)
    ap.add_argument("--kqlc", required=True)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--filter", default="", help="only cases whose file/name contains this")
    ap.add_argument("--quiet", action="store_true", help="no failure details")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write {file/name: failure-or-null} here")
    ap.add_argument("--skipped", action="store_true", help="list the skipped cases and why")
    args = ap.parse_args()

    files = sorted(args.spec_dir.glob("*.csv-spec"))
    if not files:
        print(f"no *.csv-spec files in {args.spec_dir}", file=sys.stderr)
        return 2
    taken: list[Case] = []
    skipped: dict[str, int] = {}
    for f in files:
        for case in parse_spec(f):
            if args.filter and args.filter not in f"{case.file}/{case.name}":
                continue
            why = eligible(case)
            if why is None:
                taken.append(case)
            else:
                skipped[case.file] = skipped.get(case.file, 0) + 1
                if args.skipped:
                    print(f"skip {case.file}/{case.name}: {why}")

    with tempfile.TemporaryDirectory(prefix="csvspec-") as tmp:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = list(pool.map(lambda p: check_case(args.kqlc, args.data, Path(tmp), p[0], p[1]), enumerate(taken)))

    per_file: dict[str, list[int]] = {}
    report = {}
    for case, why in zip(taken, results):
        tally = per_file.setdefault(case.file, [0, 0])
        tally[1] += 1
        report[f"{case.file}/{case.name}"] = why
        if why is None:
            tally[0] += 1
        elif not args.quiet:
            print(f"FAIL {case.file}/{case.name}\n  query: {case.query.replace(chr(10), ' ')}\n  {why}\n")
    for name, (ok, total) in sorted(per_file.items()):
        print(f"{name:32} {ok:4}/{total:<4} (skipped {skipped.get(name, 0)})")
    passed = sum(ok for ok, _ in per_file.values())
    total = len(taken)
    rate = 100.0 * passed / total if total else 0.0
    print(f"TOTAL {passed}/{total} = {rate:.1f}%")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
