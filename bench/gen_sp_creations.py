#!/usr/bin/env python3
"""Deterministic AuditLogs rows as JSON Lines for seed 001 ("Workload Identity -
Multiple SPs Created by Single Principal in Short Window",
corpus/rules/workload-identity-multiple-sps-created-by-single-principal.kql).

Usage: gen_sp_creations.py ROWS OUT.jsonl

The rows span the 45 minutes before 2026-06-01T12:00:00Z (the rule's 30-minute
lookback and its 10 more minutes for post-creation events), in time order, one
second apart at most. About a fifth are "Add service principal" events by 60
initiators (users and service principals, in the shapes Entra writes
`InitiatedBy`); a tenth of the initiators create in bursts of 4–8 within ten minutes.
A third of the new service principals are "armed" afterwards (credentials, an app
role assignment or a delegated grant naming them in `TargetResources[0].id`); the
rest of the rows are other directory events. Timestamps have whole microseconds,
which every engine keeps.
"""
import datetime
import json
import random
import sys
import uuid

NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.timezone.utc)
SPAN = 45 * 60
ARMING = ["Add service principal credentials", "Add app role assignment to service principal",
          "Add delegated permission grant"]
OTHER = ["Update user", "Add member to group", "Update application", "Reset password",
         "Update conditional access policy"]


def ident(rnd):
    return str(uuid.UUID(int=rnd.getrandbits(128), version=4))


def initiators(rnd):
    out = []
    for i in range(60):
        if i % 3 == 0:
            out.append({"app": {"servicePrincipalId": ident(rnd), "displayName": f"automation-{i:02d}",
                                "appId": ident(rnd)}})
        else:
            out.append({"user": {"id": ident(rnd), "userPrincipalName": f"user{i:02d}@contoso.com",
                                 "displayName": None, "ipAddress": f"192.0.2.{i + 10}", "roles": []}})
    return out


def row(t, op, by, target_id, target_name, rnd, result="success"):
    return {
        "TenantId": "8f2c4d1e-0000-4000-8000-4583b99b0001",
        "TimeGenerated": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "OperationName": op,
        "Category": "ApplicationManagement",
        "Result": result,
        "InitiatedBy": by,
        "TargetResources": [{"id": target_id, "displayName": target_name, "type": "ServicePrincipal",
                             "modifiedProperties": []}],
        "CorrelationId": ident(rnd),
        "Type": "AuditLogs",
    }


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(1001)
    who = initiators(rnd)
    bursty = set(range(0, 60, 10))
    created = []
    times = sorted(rnd.randrange(SPAN * 1_000_000) for _ in range(n))
    with open(out, "w") as f:
        for k, micros in enumerate(times):
            t = NOW - datetime.timedelta(microseconds=SPAN * 1_000_000 - micros)
            pick = rnd.random()
            if pick < 0.2:
                i = rnd.randrange(60)
                # Bursty initiators create only inside their own ten-minute slot.
                if i in bursty and (micros // 600_000_000) % 6 != i // 10:
                    i = (i + 1) % 60
                sp = (ident(rnd), f"sp-{k:06d}")
                created.append(sp)
                status = "success" if rnd.random() < 0.95 else "failure"
                f.write(json.dumps(row(t, "Add service principal", who[i], sp[0], sp[1], rnd, status)) + "\n")
            elif pick < 0.3 and created:
                sp = created[rnd.randrange(len(created))]
                op = ARMING[rnd.randrange(3)]
                f.write(json.dumps(row(t, op, who[rnd.randrange(60)], sp[0], sp[1], rnd)) + "\n")
            else:
                op = OTHER[rnd.randrange(len(OTHER))]
                f.write(json.dumps(row(t, op, who[rnd.randrange(60)], ident(rnd), "", rnd)) + "\n")


if __name__ == "__main__":
    main()
