#!/usr/bin/env python3
"""Independent check of the seed rules' `.test.yaml` expectations (stdlib only).

For every case it re-runs a small, literal Python model of the rule's query (written from the
Kusto docs, stage by stage, NOT from kqlc) over the case's JSONL tables and compares the result with
the `expect:` block of the test file. Usage:

    python3 corpus/rules/tools/check_rule_samples.py        # exit status 1 on any mismatch

To stay stdlib-only it reads the test files with a tiny line reader that relies on their layout:
`- name: X` starts a case, `now:` is global, `columns: [...]`, `ordered:`, `set_columns: [...]`,
and each expected row is a single line `- {...}` holding a JSON object (valid YAML flow mapping).

Models follow these documented semantics:
* datetimes are 100 ns ticks; `>`/`between` are strict/inclusive as the docs say;
* `datetime_diff('minute', a, b)` counts minute boundaries: floor(a to minute) - floor(b to minute)
  (docs example: datetime_diff('minute', 23:05:01, 23:00:59) == 5);
* `bin(t, 1h)` floors to the hour; `=~` is case-insensitive equality; `in` is case-sensitive;
* default join = innerunique: the left side keeps one row per join key (the model asserts the data
  never has two left rows with the same key, so the result does not depend on which one is kept);
* `make_set`/`make_set_if` keep first appearance order (Kusto does not promise an order; the model
  asserts no set would exceed its cap, so the content is deterministic);
* `tostring()` of a missing dynamic member / out-of-range index is "".
"""
import json
import re
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent
TICKS_PER_SECOND = 10_000_000
MINUTE = 60 * TICKS_PER_SECOND
HOUR = 60 * MINUTE

# ------------------------------------------------------------------ values

_DT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?Z$")


def ticks(text):
    """ISO 8601 UTC string -> ticks since 0001-01-01 (proleptic Gregorian)."""
    m = _DT.match(text)
    if not m:
        raise ValueError(f"not an ISO datetime: {text!r}")
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    frac = int((m.group(7) or "0").ljust(7, "0"))
    from datetime import date
    days = date(y, mo, d).toordinal() - 1
    return ((days * 86400 + h * 3600 + mi * 60 + s) * TICKS_PER_SECOND) + frac


def fmt(t):
    """Ticks -> kqlc JSON datetime text: 7 fraction digits only when non-zero."""
    from datetime import date
    secs, frac = divmod(t, TICKS_PER_SECOND)
    days, rem = divmod(secs, 86400)
    d = date.fromordinal(days + 1)
    h, rem = divmod(rem, 3600)
    mi, s = divmod(rem, 60)
    base = f"{d.isoformat()}T{h:02d}:{mi:02d}:{s:02d}"
    return f"{base}.{frac:07d}Z" if frac else f"{base}Z"


def tostring(v):
    """Kusto tostring() of a dynamic value as the models need it (null -> "")."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v, separators=(",", ":"))
    return str(v)


def member(v, *path):
    """Dynamic member/index access; null when absent."""
    for p in path:
        if isinstance(p, int):
            v = v[p] if isinstance(v, list) and -len(v) <= p < len(v) else None
        else:
            v = v.get(p) if isinstance(v, dict) else None
    return v


class CappedSet:
    """make_set(x, cap) in first-appearance order; records when the cap would bite."""

    def __init__(self, cap):
        self.cap, self.items, self.overflow = cap, [], False

    def add(self, x):
        if x in self.items:
            return
        if len(self.items) >= self.cap:
            self.overflow = True
            return
        self.items.append(x)


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# ------------------------------------------------------------------ seed 000

def run_seed000(tables, now):
    rows = [r for r in tables["AADProvisioningLogs"] if ticks(r["TimeGenerated"]) > now - HOUR]
    rows = [r for r in rows if r["ResultType"].lower() == "failure"]
    groups = {}
    for r in rows:
        key = (r["JobId"],
               tostring(member(json.loads(r["ServicePrincipal"]), "Name")),
               tostring(member(json.loads(r["SourceIdentity"]), "IdentityType")),
               tostring(member(json.loads(r["TargetIdentity"]), "IdentityType")))
        g = groups.setdefault(key, {"n": 0, "targets": set(), "codes": CappedSet(10), "msgs": CappedSet(10),
                                    "ops": CappedSet(10), "first": None, "last": None})
        t = ticks(r["TimeGenerated"])
        g["n"] += 1
        g["targets"].add(r["TargetIdentity"])
        g["codes"].add(r["ResultSignature"])
        g["msgs"].add(r["ResultDescription"])
        g["ops"].add(r["OperationName"])
        g["first"] = t if g["first"] is None else min(g["first"], t)
        g["last"] = t if g["last"] is None else max(g["last"], t)
    out = []
    for (job, sp, src, tgt), g in groups.items():
        if g["n"] < 30:
            continue
        assert not (g["codes"].overflow or g["msgs"].overflow or g["ops"].overflow), "make_set cap bites"
        out.append({"JobId": job, "SPName": sp, "Source": src, "Target": tgt, "Failures": g["n"],
                    "AffectedTargets": len(g["targets"]), "ErrorCodes": g["codes"].items,
                    "ErrorMessages": g["msgs"].items, "Operations": g["ops"].items,
                    "FirstSeen": fmt(g["first"]), "LastSeen": fmt(g["last"])})
    counts = [r["Failures"] for r in out]
    assert len(counts) == len(set(counts)), "ties in `order by Failures desc` would make the order arbitrary"
    return sorted(out, key=lambda r: -r["Failures"])


# ------------------------------------------------------------------ seed 001

def run_seed001(tables, now):
    audit = tables["AuditLogs"]
    creations = []
    for r in audit:
        if not (ticks(r["TimeGenerated"]) > now - 30 * MINUTE):
            continue
        if r["OperationName"].lower() != "add service principal" or r["Result"].lower() != "success":
            continue
        ib = r["InitiatedBy"]
        app_sp, user_id = tostring(member(ib, "app", "servicePrincipalId")), tostring(member(ib, "user", "id"))
        itype = "ServicePrincipal" if app_sp else "User" if user_id else "Unknown"
        app_name, upn = tostring(member(ib, "app", "displayName")), tostring(member(ib, "user", "userPrincipalName"))
        creations.append({"TimeGenerated": ticks(r["TimeGenerated"]), "InitiatorId": app_sp or user_id,
                          "InitiatorName": app_name or upn, "InitiatorType": itype,
                          "NewSPId": tostring(member(r["TargetResources"], 0, "id")),
                          "NewSPName": tostring(member(r["TargetResources"], 0, "displayName"))})
    arming = [{"TargetSPId": tostring(member(r["TargetResources"], 0, "id")), "OperationName": r["OperationName"]}
              for r in audit
              if ticks(r["TimeGenerated"]) > now - 40 * MINUTE
              and r["OperationName"] in (CREDS, ROLE, GRANT)
              and r["Result"].lower() == "success"]
    # self-join (kind=inner keeps every pair), then the inclusive between on the right's time
    pairs = [dict(left, WindowEnd=right["TimeGenerated"])
             for left in creations for right in creations
             if left["InitiatorId"] == right["InitiatorId"]
             and right["TimeGenerated"] - 10 * MINUTE <= left["TimeGenerated"] <= right["TimeGenerated"]]
    joined = []
    for p in pairs:  # leftouter on NewSPId == TargetSPId; unmatched right columns are empty
        matches = [a for a in arming if a["TargetSPId"] == p["NewSPId"]]
        joined += [dict(p, **a) for a in matches] or [dict(p, TargetSPId="", OperationName="")]
    groups = {}
    for j in joined:
        key = (j["InitiatorId"], j["InitiatorName"], j["InitiatorType"])
        g = groups.setdefault(key, {"ids": set(), "names": CappedSet(20), "spids": CappedSet(20),
                                    "armed": set(), "ops": CappedSet(5), "start": None, "end": None})
        g["ids"].add(j["NewSPId"])
        g["names"].add(j["NewSPName"])
        g["spids"].add(j["NewSPId"])
        if j["TargetSPId"]:
            g["armed"].add(j["NewSPId"])
        if j["OperationName"]:
            g["ops"].add(j["OperationName"])
        t = j["TimeGenerated"]
        g["start"] = t if g["start"] is None else min(g["start"], t)
        g["end"] = t if g["end"] is None else max(g["end"], t)
    out = []
    for (iid, iname, itype), g in groups.items():
        n = len(g["ids"])
        if not n > 3:
            continue
        assert not (g["names"].overflow or g["spids"].overflow or g["ops"].overflow), "make_set cap bites"
        armed = len(g["armed"]) > 0
        is_app = itype == "ServicePrincipal"
        severity = ("Critical — SP created SPs and immediately armed them" if is_app and armed else
                    "High — Service principal bulk-created other SPs" if is_app else
                    "High — Bulk SP creation with immediate credential/role arming" if armed else
                    "High — Very high SP creation burst (>5)" if n > 5 else
                    "Medium — Suspicious SP creation burst")
        out.append({"InitiatorName": iname, "InitiatorId": iid, "InitiatorType": itype, "InitiatorIsApp": is_app,
                    "CreationsInWindow": n,
                    "BurstDurationMins": g["end"] // MINUTE - g["start"] // MINUTE,
                    "SPsCreated": g["names"].items, "SPIds": g["spids"].items, "ImmediateArming": armed,
                    "PostCreationOps": len(g["armed"]), "PostCreationOpList": g["ops"].items,
                    "SeverityLevel": severity, "WindowStart": fmt(g["start"]), "WindowEnd": fmt(g["end"])})
    return out


CREDS = "Add service principal credentials"
ROLE = "Add app role assignment to service principal"
GRANT = "Add delegated permission grant"

# ------------------------------------------------------------------ seed 004

ADMIN_TERMS = ["Project Administrators", "Project Collection Administrators",
               "Project Collection Service Accounts", "Build Administrator"]


def has_phrase(text, phrase):
    """`has` for a phrase: case-insensitive match starting and ending on term boundaries."""
    pattern = r"(?<![0-9A-Za-z])" + re.escape(phrase) + r"(?![0-9A-Za-z])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def run_seed004(tables, now):
    ado = tables["ADOAuditLogs"]
    left = []
    for r in ado:
        if r["OperationName"].lower() != "group.updategroupmembership.add":
            continue
        if not any(has_phrase(r["Details"], p) for p in ADMIN_TERMS):
            continue
        t = ticks(r["TimeGenerated"])
        left.append({"timekey": t // HOUR * HOUR, "ActorUserId": tostring(member(r["Data"], "MemberId")),
                     "AddingUser": r["ActorUPN"], "TimeAdded": t, "PermissionGrantDetails": r["Details"]})
    keys = [(l["timekey"], l["ActorUserId"]) for l in left]
    assert len(keys) == len(set(keys)), "duplicate left keys: innerunique would keep an arbitrary row"
    right = [dict(r, ActorUserId=tostring(member(r["Data"], "MemberId")),
                  timekey=ticks(r["TimeGenerated"]) // HOUR * HOUR) for r in ado]
    joined = [(l, r) for l in left for r in right
              if (l["timekey"], l["ActorUserId"]) == (r["timekey"], r["ActorUserId"])]
    groups = {}
    for l, r in joined:
        key = (r["ActorUPN"], l["AddingUser"], l["TimeAdded"], l["PermissionGrantDetails"],
               r["IpAddress"], r["UserAgent"])
        groups.setdefault(key, CappedSet(1 << 20)).add(r["OperationName"])

    def part(s, i):
        pieces = s.split("@")
        return pieces[i] if i < len(pieces) else ""

    return [{"ActorUPN": upn, "AddingUser": adder, "TimeAdded": fmt(t), "PermissionGrantDetails": details,
             "IpAddress": ip, "UserAgent": ua, "ActionsWhenAdded": ops.items,
             "AccountName": part(upn, 0), "AccountUPNSuffix": part(upn, 1),
             "AddingUserAccountName": part(adder, 0), "AddingUserAccountUPNSuffix": part(adder, 1)}
            for (upn, adder, t, details, ip, ua), ops in groups.items()]


MODELS = {
    "provisioning-failure-burst-single-job": run_seed000,
    "workload-identity-multiple-sps-created-by-single-principal": run_seed001,
    "new-pa-pca-or-pcas-added-to-azure-devops": run_seed004,
}

# ------------------------------------------------------------------ test file reader

_FLOW_LIST = re.compile(r"^\[(.*)\]$")


def flow_list(text):
    m = _FLOW_LIST.match(text.strip())
    if not m:
        raise ValueError(f"expected a flow list: {text!r}")
    return [x.strip().strip('"') for x in m.group(1).split(",") if x.strip()]


def read_test_file(path):
    """The parts of a .test.yaml the checker needs: now and per case tables/expect."""
    now, cases, case, section = None, [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if raw.startswith("now:"):
            now = ticks(line.split(":", 1)[1].split("#")[0].strip())
        elif line.startswith("- name:"):
            case = {"name": line.split(":", 1)[1].strip(), "tables": {}, "rows": [], "ordered": True,
                    "set_columns": [], "columns": None}
            cases.append(case)
            section = None
        elif case is None:
            continue
        elif line in ("tables:", "watchlists:", "expect:"):
            section = line[:-1]
        elif section == "tables" and ":" in line and line.endswith(".jsonl"):
            name, file = (x.strip() for x in line.split(":", 1))
            case["tables"][name] = file
        elif line.startswith("columns:"):
            case["columns"] = flow_list(line.split(":", 1)[1])
        elif line.startswith("set_columns:"):
            case["set_columns"] = flow_list(line.split(":", 1)[1])
        elif line.startswith("ordered:"):
            case["ordered"] = line.split(":", 1)[1].strip() == "true"
        elif section == "expect" and line.startswith("- {"):
            case["rows"].append(json.loads(line[2:]))
    return now, cases


def normalise(row, set_columns):
    return json.dumps({k: sorted(v) if k in set_columns else v for k, v in row.items()}, sort_keys=True,
                      ensure_ascii=False)


def check_case(stem, now, case):
    tables = {name: load(RULES / file) for name, file in case["tables"].items()}
    got = MODELS[stem](tables, now)
    problems = []
    for row in got:
        if list(row) != case["columns"]:
            problems.append(f"model columns {list(row)} != expected {case['columns']}")
    for row in case["rows"]:
        if list(row) != case["columns"]:
            problems.append(f"expected row keys {list(row)} != columns {case['columns']}")
    want = [normalise(r, case["set_columns"]) for r in case["rows"]]
    have = [normalise(r, case["set_columns"]) for r in got]
    if not case["ordered"]:
        want, have = sorted(want), sorted(have)
    if want != have:
        problems.append("rows differ:\n  model:    " + "\n            ".join(have) +
                        "\n  expected: " + "\n            ".join(want))
    # first-appearance order of the set columns, as written in the test file
    if not problems and case["ordered"]:
        for g, w in zip(got, case["rows"]):
            for c in case["set_columns"]:
                if g[c] != w[c]:
                    problems.append(f"{c}: first-appearance order {g[c]} != written {w[c]}")
    return problems


def main():
    failed = 0
    for stem in MODELS:
        now, cases = read_test_file(RULES / f"{stem}.test.yaml")
        for case in cases:
            problems = check_case(stem, now, case)
            status = "ok" if not problems else "MISMATCH"
            print(f"{status:8} {stem} / {case['name']} ({len(case['rows'])} rows)")
            for p in problems:
                print("         " + p)
            failed += bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
