#!/usr/bin/env python3
"""Run every self-contained example of the Kusto docs through `kqlc run` and compare
its rows with the page's Output table.

A development tool, not a test: the docs are not in the repository. Point it at a
checkout of MicrosoftDocs/dataexplorer-docs (the `fetch` mirror):

    tools/docs_sweep.py DOCS_REPO [--kqlc target/debug/kqlc] [--page PATTERN] [-v]

An example is taken when its query builds its own input (datatable, print, range)
and reads none of the docs' sample tables, and an Output table follows it. Cells are
compared by meaning: numbers to the digits the page shows, datetimes as instants,
JSON as JSON. Rows compare as a multiset unless the query orders them.
"""
import argparse
import collections
import datetime as dt
import json
import math
import os
import re
import subprocess
import sys

SAMPLE_TABLES = re.compile(
    r"\b(StormEvents|PopulationData|Covid19\w*|nyc_taxi|demo_\w+|SalesTable|SalesFact|Customers|"
    r"Products|ConferenceSessions|TaxiData|Trips|SamplePowerRequirementHistorizedData|"
    r"SampleIotData|Traces|TraceLogs|ContosoSales|NewSales|Fruits|US_States|US_Counties|"
    r"SecurityEvent|SigninLogs|Heartbeat|Perf|AzureActivity|Events|Logs|Table1|Table2|"
    r"external_table|cluster\(|database\(|materialized_view|ingestion_time|cursor_|"
    r"Weather|Airports|StateCapitals|Shapes|LightningStrikes|T\b)"
)
NONDETERMINISTIC = re.compile(r"\b(now|ago|rand|new_guid|sample|take|limit|any|take_any|current_\w+)\s*\(|\|\s*(sample|take|limit)\b")
SOURCES = re.compile(r"\b(datatable|print|range)\b")
ORDERED = re.compile(r"\b(order|sort)\s+by\b|\|\s*top\b(?!-)|\bserialize\b")


def blocks(text):
    """Yield (line number, query, header, rows) for each kusto block followed by a table."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip().lower() in ("```kusto", "```kql"):
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            query = "\n".join(lines[start:j])
            k = j + 1
            seen = 0
            while k < len(lines) and seen < 12:
                s = lines[k].strip()
                if s.startswith("```"):
                    break
                if s.startswith("|"):
                    break
                k += 1
                seen += 1
            if k < len(lines) and lines[k].strip().startswith("|"):
                table = []
                while k < len(lines) and lines[k].strip().startswith("|"):
                    table.append(lines[k].strip())
                    k += 1
                if len(table) >= 2:
                    yield start, query, table
            i = j + 1
        else:
            i += 1


def split_row(line):
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells, cur, esc = [], "", False
    for ch in line:
        if esc:
            cur += ch if ch == "|" else "\\" + ch
            esc = False
        elif ch == "\\":
            esc = True
        elif ch == "|":
            cells.append(cur)
            cur = ""
        else:
            cur += ch
    if esc:
        cur += "\\"
    cells.append(cur)
    return [clean(c) for c in cells]


def clean(cell):
    c = cell.strip().replace("<br>", "").replace("<br/>", "").replace("<br />", "")
    if len(c) >= 2 and c[0] == "`" and c[-1] == "`":
        c = c[1:-1]
    c = re.sub(r"<(https?://[^>]+)>", r"\1", c)
    c = re.sub(r"\\([_*\[\]])", r"\1", c).replace("∞", "Infinity")
    c = c.replace("&nbsp;", " ").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return c.strip()


def parse_table(table):
    header = split_row(table[0])
    rows = []
    for line in table[2:]:
        if re.fullmatch(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?", line):
            continue
        rows.append(split_row(line))
    return header, rows


def parse_time(s):
    s = s.strip().rstrip("Z").replace(" ", "T")
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?", s)
    if not m:
        return None
    date = dt.date.fromisoformat(m.group(1))
    h, mi, sec = int(m.group(2) or 0), int(m.group(3) or 0), int(m.group(4) or 0)
    frac = (m.group(5) or "0")[:7].ljust(7, "0")
    days = (date - dt.date(1970, 1, 1)).days
    return ((days * 86400 + h * 3600 + mi * 60 + sec) * 10**7) + int(frac)


def parse_span(s):
    m = re.fullmatch(r"(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?", s.strip())
    if not m:
        return None
    d, h, mi, sec = int(m.group(2) or 0), int(m.group(3)), int(m.group(4)), int(m.group(5))
    frac = (m.group(6) or "0")[:7].ljust(7, "0")
    v = ((d * 86400 + h * 3600 + mi * 60 + sec) * 10**7) + int(frac)
    return -v if m.group(1) else v


def num_equal(v, t):
    try:
        f = float(t.replace(",", "")) if t.lower() not in ("nan", "infinity", "-infinity") else float(t)
    except ValueError:
        return False
    if isinstance(v, str):
        try:
            v = float(v)
        except ValueError:
            return False
    if math.isnan(f) or math.isnan(v):
        return math.isnan(f) and math.isnan(v)
    if math.isinf(f) or math.isinf(v):
        return f == v
    m = re.search(r"\.(\d+)(?:[eE]|$)", t)
    digits = len(m.group(1)) if m else 0
    if "e" in t.lower():
        return abs(v - f) <= abs(f) * 1e-6 + 1e-12
    tol = 0.5 * 10 ** (-digits) + 1e-9 * abs(f) if digits else 0.5 + 1e-9 * abs(f)
    if digits == 0 and abs(f) < 1e15 and float(v).is_integer():
        return v == f
    return abs(v - f) <= max(tol, 1e-6 * abs(f))


class DocNumber(str):
    """A number of the page, kept as its text so that it compares to the shown digits."""


def json_equal(a, b):
    if isinstance(b, DocNumber):
        return not isinstance(a, bool) and isinstance(a, (int, float)) and num_equal(a, b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-6 * max(1, abs(a), abs(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and isinstance(b, str):
        ta, tb = parse_time(a), parse_time(b)
        if ta is not None and tb is not None:
            return ta == tb
    return a == b


def cell_equal(v, t):
    if v is None:
        return t in ("", "null", "(null)", "NaN")
    if isinstance(v, bool):
        return t.lower() in (("true", "1") if v else ("false", "0"))
    if isinstance(v, (int, float)):
        return num_equal(v, t)
    if isinstance(v, (dict, list)):
        for cand in (t, t.replace("'", '"')):
            try:
                return json_equal(v, json.loads(cand, parse_float=DocNumber, parse_int=DocNumber))
            except ValueError:
                pass
        return json.dumps(v, separators=(",", ":")) == t.replace(" ", "")
    s = str(v)
    if s == t or s.strip() == t:
        return True
    if t.startswith('"') and t.endswith('"') and s == t[1:-1]:
        return True
    a, b = parse_time(s), parse_time(t)
    if a is not None and b is not None:
        return a == b
    a, b = parse_span(s), parse_span(t)
    if a is not None and b is not None:
        return a == b
    if s in ("Infinity", "-Infinity", "NaN"):
        return num_equal(float(s), t)
    if t in ("", "null") and s == "":
        return True
    try:
        return json_equal(json.loads(s), json.loads(t))
    except ValueError:
        return False


def rows_equal(ours, header, rows, ordered):
    if len(ours) != len(rows):
        return f"{len(ours)} rows, page shows {len(rows)}"
    cols = list(ours[0].keys()) if ours else None
    if cols is not None and [c.lower() for c in cols] != [h.lower() for h in header]:
        return f"columns {cols}, page shows {header}"
    def match(o, r):
        return len(r) == len(o) and all(cell_equal(v, t) for v, t in zip(o.values(), r))
    if ordered:
        for i, (o, r) in enumerate(zip(ours, rows)):
            if not match(o, r):
                return f"row {i}: {json.dumps(list(o.values()))[:200]} vs {r}"[:400]
        return None
    pending = list(rows)
    for o in ours:
        for i, r in enumerate(pending):
            if match(o, r):
                pending.pop(i)
                break
        else:
            return f"no page row for {json.dumps(list(o.values()))[:200]}; page rows left {pending[:2]}"[:400]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("--kqlc", default="target/debug/kqlc")
    ap.add_argument("--page", default="")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--fail-list", default="")
    args = ap.parse_args()
    root = os.path.join(args.docs, "data-explorer/kusto/query")
    results = collections.Counter()
    reasons = collections.Counter()
    failures = []
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".md") or args.page not in name:
                continue
            path = os.path.join(dirpath, name)
            page = os.path.relpath(path, root)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for line, query, table in blocks(text):
                if not SOURCES.search(query) or SAMPLE_TABLES.search(query) or NONDETERMINISTIC.search(query):
                    continue
                header, rows = parse_table(table)
                try:
                    out = subprocess.run([args.kqlc, "run", "-", "--format", "json"], input=query.encode(),
                                         capture_output=True, timeout=30)
                except subprocess.TimeoutExpired:
                    results["timeout"] += 1
                    failures.append((page, line, "timeout", query))
                    continue
                if out.returncode != 0:
                    err = out.stderr.decode(errors="replace")
                    m = re.search(r"(KQL\d+|error)[^\n]*", err)
                    reason = m.group(0)[:120] if m else err[:120]
                    reasons[re.sub(r"`[^`]*`", "`…`", reason)[:90]] += 1
                    results["error"] += 1
                    failures.append((page, line, reason, query))
                    continue
                try:
                    ours = json.loads(out.stdout.decode(), object_pairs_hook=collections.OrderedDict)
                except ValueError:
                    results["bad-json"] += 1
                    continue
                why = rows_equal(ours, header, rows, bool(ORDERED.search(query)))
                if why:
                    results["mismatch"] += 1
                    failures.append((page, line, why, query))
                else:
                    results["pass"] += 1
    total = sum(results.values())
    for page, line, why, query in failures:
        if args.v:
            print(f"--- {page}:{line}: {why}\n{query}\n")
        else:
            print(f"{page}:{line}: {why}")
    print("\nerror reasons:")
    for r, n in reasons.most_common(40):
        print(f"  {n:4} {r}")
    print(f"\n{results['pass']} of {total} pass; {dict(results)}")
    if args.fail_list:
        with open(args.fail_list, "w") as f:
            json.dump([{"page": p, "line": l, "why": w, "query": q} for p, l, w, q in failures], f, indent=1)


if __name__ == "__main__":
    main()
