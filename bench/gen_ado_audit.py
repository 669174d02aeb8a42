#!/usr/bin/env python3
"""Deterministic ADOAuditLogs rows as JSON Lines, for the join benchmark (seed 004,
"New PA, PCA, or PCAS added to Azure DevOps", corpus/rules/new-pa-pca-or-pcas-added-to-azure-devops.yaml).

Usage: gen_ado_audit.py ROWS OUT.jsonl [DAYS]

DAYS days of audit events (default 1: 2026-06-01; timestamps in order, spread evenly). About 3% are group membership
additions; a third of those add a member to a privileged group ("Project Administrators",
"Project Collection Administrators", "Project Collection Service Accounts"), the rest to
ordinary ones. Other events (removals, permission changes, repository events, …) about a
member carry `Data.MemberId`, so the join on (hour, member id) finds several rows per grant.
Each (hour, member) gets at most one privileged grant, so the query's `innerunique` join has
no left-side duplicate to choose between, and the DuckDB SQL needs no tie-break. `Data` is a
nested object, as Azure DevOps exports it: the lines take kqlc's general (serde_json) path.
"""

import datetime
import json
import random
import sys

START = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)

PRIVILEGED = ["Project Administrators", "Project Collection Administrators",
              "Project Collection Service Accounts"]
ORDINARY = ["Contributors", "Readers", "Release Approvers", "Project Valid Users"]
PROJECTS = ["Fabrikam", "Fabrikam-Web", "Contoso", "Tailspin"]
AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/126.0", "azure-devops-cli/1.0",
          "VSServices/19.0 (Windows)", "python-requests/2.32"]
AUTH = ["AAD_Cookie", "PAT", "OAuth"]
OTHER_OPERATIONS = [
    ("Group.UpdateGroupMembership.Remove", True),
    ("Security.ModifyPermission", True),
    ("Library.ServiceConnectionCreated", False),
    ("Git.RepositoryCreated", False),
    ("Git.RefUpdatePoliciesBypassed", False),
    ("Token.PatCreateEvent", True),
    ("Release.ReleaseCreated", False),
]


def guid(rng):
    return "%08x-%04x-4%03x-8%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16),
                                           rng.getrandbits(12), rng.getrandbits(12),
                                           rng.getrandbits(48))


def main():
    rows, out_path = int(sys.argv[1]), sys.argv[2]
    days = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(4)
    users = [(f"user{i:05d}@fabrikam.com", guid(rng), f"User {i:05d}") for i in range(3000)]
    ips = [f"203.0.{i // 250}.{i % 250 + 1}" for i in range(1000)]
    granted = set()
    with open(out_path, "w") as out:
        for n in range(rows):
            seconds = 1 + n * (86400 * days - 10) / rows
            ms = rng.randrange(1000)
            hour = int(seconds) // 3600  # hours since the start: the join's time key
            stamp = START + datetime.timedelta(seconds=int(seconds))
            time_text = f"{stamp:%Y-%m-%dT%H:%M:%S}.{ms:03d}Z"
            actor_upn, actor_id, actor_name = rng.choice(users)
            member_upn, member_id, member_name = rng.choice(users[:600])
            roll = rng.random()
            data = {"CallerProcedure": "prc_Audit", "EventAuthor": actor_id,
                    "ScopeId": "02ee393f-f4cb-4d3d-87f5-5e9880370d6e"}
            if roll < 0.03:
                operation = "Group.UpdateGroupMembership.Add"
                project = rng.choice(PROJECTS)
                group = rng.choice(ORDINARY)
                if rng.random() < 0.34 and (hour, member_id) not in granted:
                    granted.add((hour, member_id))
                    group = rng.choice(PRIVILEGED)
                group_name = f"[{project}]\\{group}"
                data.update({"GroupName": group_name, "MemberId": member_id,
                             "MemberDisplayName": member_name,
                             "Updates": [{"MemberId": member_id.upper(), "Active": True}]})
                details = f"{member_name} was added as a member of group {group_name}"
            else:
                operation, about_member = rng.choice(OTHER_OPERATIONS)
                if about_member:
                    data.update({"MemberId": member_id, "MemberDisplayName": member_name})
                    details = f"{operation} on {member_name}"
                else:
                    data.update({"RepoName": f"repo-{rng.randrange(400)}"})
                    details = f"{operation} by {actor_name}"
            row = {
                "TenantId": "8f2c4d1e-0000-4000-8000-4583b99b0001",
                "TimeGenerated": time_text,
                "ActivityId": guid(rng),
                "ActorDisplayName": actor_name,
                "ActorUPN": actor_upn,
                "ActorUserId": actor_id,
                "Area": operation.split(".")[0],
                "AuthenticationMechanism": rng.choice(AUTH),
                "Category": "Modify",
                "CorrelationId": guid(rng),
                "Data": data,
                "Details": details,
                "Id": guid(rng),
                "IpAddress": rng.choice(ips),
                "OperationName": operation,
                "ProjectName": "",
                "ScopeDisplayName": "Fabrikam (Organization)",
                "ScopeType": "Organization",
                "SourceSystem": "Azure",
                "UserAgent": rng.choice(AGENTS),
                "Type": "ADOAuditLogs",
            }
            out.write(json.dumps(row, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
