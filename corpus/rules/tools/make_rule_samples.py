#!/usr/bin/env python3
"""Write the sample input tables for the three seed rules' `.test.yaml` cases.

Deterministic and stdlib only: every row is designed by hand below (no randomness); ids are
uuid5 values of readable names so they stay stable. Run from anywhere:

    python3 corpus/rules/tools/make_rule_samples.py

Writes `corpus/rules/<rule-stem>.data/<case>/<Table>.jsonl` (one JSON object per line, rows sorted
by TimeGenerated) and the watchlist CSV. The expected outputs live in the `.test.yaml` files and
are re-derived independently by `check_rule_samples.py`.
"""
import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
NS = uuid.UUID("6f1c3a52-8d2e-4b7a-9c10-5a4e2b7d0c11")
TENANT = "8f2c4d1e-0000-4000-8000-4583b99b0001"


def gid(name):
    """A stable GUID for a readable name."""
    return str(uuid.uuid5(NS, name))


def hexid(name, n=32):
    return uuid.uuid5(NS, name).hex[:n]


def at(hh, mm, ss=0, ms=0):
    """2026-06-01 hh:mm:ss.ms UTC."""
    return datetime(2026, 6, 1, hh, mm, ss, ms * 1000, tzinfo=timezone.utc)


def iso(t):
    """ISO 8601 with Z; milliseconds only when non-zero."""
    if t.microsecond:
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_jsonl(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda r: r["TimeGenerated"])  # stable: ties keep design order
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            r = dict(r)
            r["TimeGenerated"] = iso(r["TimeGenerated"])
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")


# ---------------------------------------------------------------- seed 000: AADProvisioningLogs

FAIL_CASES = ["Failure", "failure", "FAILURE"]
MESSAGES = {
    "AzureActiveDirectoryInvalidCredential": "Failed to authenticate to the target application: the secret token is invalid or expired (HTTP 401).",
    "SystemForCrossDomainIdentityManagementServiceIncompatible": "The SCIM endpoint returned a response the provisioning service could not interpret.",
    "EntryConflict": "A conflicting object already exists in the target system for this user.",
    "SchemaAttributeNotFound": "Attribute 'employeeNumber' is not present in the target application's schema.",
    "DuplicateTargetEntries": "More than one user in the target system matched the source user.",
    "None": "",
}
PEOPLE = ["amara.okafor", "ben.walsh", "chen.li", "dana.ruiz", "elif.yilmaz", "femi.adeyemi",
          "gita.rao", "hugo.martin", "ines.sousa", "jon.berg", "kara.nolan", "liam.doyle",
          "maya.cohen", "nils.ek", "omar.haddad", "pia.lund", "quinn.ross", "rosa.diaz",
          "sam.otieno", "tara.singh", "uma.patel", "vik.sharma"]


class Job:
    """One provisioning job: its JobId, service principal and counters for stable ids."""

    def __init__(self, job_id, sp_id, sp_name, target_type="User"):
        self.job_id, self.sp_id, self.sp_name, self.target_type = job_id, sp_id, sp_name, target_type
        self.n = 0

    def row(self, t, result, signature, person, op="Provisioning", identity_type=None):
        """A row for `person` (source identity in Entra, target identity in the app)."""
        self.n += 1
        src_type = identity_type or "User"
        tgt_type = identity_type or self.target_type
        key = f"{self.job_id}/{self.n}"
        return {
            "TenantId": TENANT,
            "TimeGenerated": t,
            "OperationName": op,
            "OperationVersion": "1.0",
            "Category": "ProvisioningLogs",
            "ResultType": result,
            "ResultSignature": signature,
            "ResultDescription": MESSAGES[signature],
            "DurationMs": 120 + (self.n * 37) % 900,
            "CorrelationId": hexid("corr/" + key),
            "Id": hexid("id/" + key),
            "JobId": self.job_id,
            "CycleId": self.job_id.split(".")[1] + "-0",
            "ChangeId": hexid("chg/" + key, 16),
            "ProvisioningAction": "Create" if signature != "None" else "Update",
            "ServicePrincipal": json.dumps({"Id": self.sp_id, "Name": self.sp_name}),
            "SourceIdentity": json.dumps({"Id": "src-" + hexid("src/" + person, 12), "IdentityType": src_type,
                                          "Name": person + "@contoso.com"}),
            "TargetIdentity": json.dumps({"Id": "tgt-" + hexid(self.job_id + "/tgt/" + person, 12),
                                          "IdentityType": tgt_type, "Name": person}),
            "SourceSystem": json.dumps({"Id": "aad", "Name": "Azure Active Directory"}),
            "TargetSystem": json.dumps({"Id": "scim", "Name": self.sp_name}),
            "ModifiedProperties": "[]",
            "Type": "AADProvisioningLogs",
        }


def successes(job, start, step_s, count, result="Success"):
    return [job.row(start + timedelta(seconds=step_s * k), result, "None", PEOPLE[k % len(PEOPLE)])
            for k in range(count)]


def seed000_burst_fires():
    a = Job("scim.0001.5f3a9c2e", "sp-00017", "Litware-HR-SCIM")
    b = Job("scim.0002.b71e04d3", "sp-00042", "Fabrikam-ServiceNow",
            target_type="urn:ietf:params:scim:schemas:core:2.0:User")
    e = Job("scim.0007.0c9d2b66", "sp-00007", "Tailspin-Slack")
    codes_a = ["AzureActiveDirectoryInvalidCredential",
               "SystemForCrossDomainIdentityManagementServiceIncompatible", "EntryConflict"]
    codes_b = ["SchemaAttributeNotFound", "DuplicateTargetEntries"]
    rows = []
    # Job A: 35 in-window User/User failures over 12 people, 80 s apart from 11:05:00.
    for k in range(35):
        t = at(11, 5) + timedelta(seconds=80 * k, milliseconds=250 if k % 3 == 1 else 0)
        rows.append(a.row(t, FAIL_CASES[k % 3], codes_a[(k // 2) % 3], PEOPLE[k % 12],
                          op="Process escrow" if k % 7 == 3 else "Provisioning"))
    # Job A: 3 in-window failures of Group objects -> their own (Group, Group) group of 3.
    for k, person in enumerate(["grp-finance", "grp-sales", "grp-hr"]):
        rows.append(a.row(at(11, 20, 30) + timedelta(minutes=k), "Failure", "EntryConflict", person,
                          identity_type="Group"))
    # Job A: 5 failures older than one hour.
    for t in [at(10, 10), at(10, 20), at(10, 30), at(10, 40), at(10, 59, 59)]:
        rows.append(a.row(t, "Failure", "AzureActiveDirectoryInvalidCredential", PEOPLE[12]))
    rows += successes(a, at(11, 7, 30), 200, 12)
    rows += successes(a, at(11, 9, 10), 600, 3, result="Skipped")
    # Job B: 31 in-window failures over 20 people, 55 s apart from 11:02:00 (starts before A).
    for k in range(31):
        t = at(11, 2) + timedelta(seconds=55 * k, milliseconds=500 if k % 4 == 2 else 0)
        rows.append(b.row(t, FAIL_CASES[(k + 1) % 3], codes_b[k % 2], PEOPLE[k % 20]))
    rows += successes(b, at(11, 3, 15), 240, 10)
    # Job E: background, 12 failures and 20 successes in the window.
    for k in range(12):
        rows.append(e.row(at(11, 15) + timedelta(minutes=3 * k), "Failure", "EntryConflict", PEOPLE[k]))
    rows += successes(e, at(11, 1, 40), 170, 20)
    return {"AADProvisioningLogs": rows}


def seed000_near_miss():
    c = Job("scim.0003.9d0c7a15", "sp-00063", "Northwind-Zendesk")
    rows = []
    # 29 in-window User/User failures, 105 s apart from 11:01:00 (last at 11:50:00).
    for k in range(29):
        rows.append(c.row(at(11, 1) + timedelta(seconds=105 * k), FAIL_CASES[k % 3],
                          "AzureActiveDirectoryInvalidCredential", PEOPLE[k % 9]))
    # 2 in-window Group/Group failures: same job, but a different (Source, Target) group.
    rows.append(c.row(at(11, 33, 20), "Failure", "EntryConflict", "grp-support", identity_type="Group"))
    rows.append(c.row(at(11, 44, 5), "failure", "EntryConflict", "grp-ops", identity_type="Group"))
    # 4 User/User failures older than one hour (the last one a millisecond before the boundary).
    for t in [at(10, 31), at(10, 44, 10), at(10, 52, 30), at(10, 59, 59, 999)]:
        rows.append(c.row(t, "Failure", "AzureActiveDirectoryInvalidCredential", PEOPLE[1]))
    rows += successes(c, at(11, 0, 30), 90, 30)
    return {"AADProvisioningLogs": rows}


def seed000_boundary():
    d = Job("scim.0004.2e8b51f0", "sp-00088", "Adatum-Atlassian")
    d2 = Job("scim.0005.7c4f13aa", "sp-00089", "Adatum-Dropbox")
    rows = []
    # D: one failure a millisecond after now-1h, 29 more from 11:10:00, 60 s apart -> 30.
    rows.append(d.row(at(11, 0, 0, 1), "Failure", "AzureActiveDirectoryInvalidCredential", PEOPLE[0]))
    for k in range(29):
        rows.append(d.row(at(11, 10) + timedelta(minutes=k), FAIL_CASES[k % 3],
                          "AzureActiveDirectoryInvalidCredential", PEOPLE[k % 10]))
    # D: a failure at exactly now-1h with its own person, code and operation (must not count).
    rows.append(d.row(at(11, 0), "Failure", "EntryConflict", PEOPLE[15], op="Process escrow"))
    rows += successes(d, at(11, 5), 300, 8)
    # D2: 29 in-window failures plus one at exactly now-1h -> 29, quiet.
    for k in range(29):
        rows.append(d2.row(at(11, 12) + timedelta(minutes=k), FAIL_CASES[(k + 2) % 3],
                           "SchemaAttributeNotFound", PEOPLE[k % 7]))
    rows.append(d2.row(at(11, 0), "Failure", "SchemaAttributeNotFound", PEOPLE[8]))
    return {"AADProvisioningLogs": rows}


# ---------------------------------------------------------------- seed 001: AuditLogs

def user_initiator(name, ip):
    return {"user": {"id": gid("user/" + name), "displayName": None, "userPrincipalName": name + "@contoso.com",
                     "ipAddress": ip, "roles": []}}


def app_initiator(name):
    return {"app": {"appId": gid("appid/" + name), "displayName": name,
                    "servicePrincipalId": gid("sp/" + name), "servicePrincipalName": None}}


def sp_target(name, modified=()):
    return [{"id": gid("newsp/" + name), "displayName": name, "type": "ServicePrincipal",
             "modifiedProperties": list(modified), "administrativeUnits": []}]


def audit(t, op, initiated_by, target_name, result="success", op_type="Add"):
    key = f"{iso(t)}/{op}/{target_name}"
    return {
        "AADTenantId": TENANT,
        "TimeGenerated": t,
        "ActivityDateTime": iso(t),
        "OperationName": op,
        "ActivityDisplayName": op,
        "Category": "ApplicationManagement",
        "Result": result,
        "ResultReason": "",
        "ResultDescription": "",
        "LoggedByService": "Core Directory",
        "AADOperationType": op_type,
        "Identity": "",
        "InitiatedBy": initiated_by,
        "TargetResources": sp_target(target_name, [{"displayName": "AccountEnabled", "oldValue": "[]",
                                                    "newValue": "[true]"}] if op == "Add service principal" else []),
        "AdditionalDetails": [],
        "CorrelationId": gid("corr/" + key),
        "Id": "Directory_" + hexid("id/" + key, 20).upper(),
        "SourceSystem": "Azure AD",
        "Type": "AuditLogs",
    }


CREATE = "Add service principal"
CREDS = "Add service principal credentials"
ROLE = "Add app role assignment to service principal"
GRANT = "Add delegated permission grant"


def seed001_user_burst():
    eve = user_initiator("eve.holt", "198.51.100.23")
    mallory = user_initiator("mallory.kent", "203.0.113.77")
    rows = [
        audit(at(11, 25), CREATE, eve, "billing-sync-00"),            # older than 30 min
        audit(at(11, 41, 50), CREATE, eve, "billing-sync-01"),
        audit(at(11, 43, 5), CREATE, eve, "billing-sync-02"),
        audit(at(11, 44, 12), CREDS, eve, "billing-sync-02", op_type="Update"),
        audit(at(11, 45), ROLE, eve, "billing-sync-00", op_type="Assign"),  # SP created before the lookback
        audit(at(11, 46, 50), CREATE, eve, "billing-sync-03"),
        audit(at(11, 47, 30), CREDS, eve, "billing-sync-03", result="failure", op_type="Update"),
        audit(at(11, 48), "Update service principal", eve, "billing-sync-01", op_type="Update"),
        audit(at(11, 49, 10), CREATE, eve, "billing-sync-04"),
        audit(at(11, 50, 30), CREATE, eve, "billing-sync-05", result="failure"),
        audit(at(11, 52), CREATE, mallory, "mallory-test-app"),       # another initiator, one creation
    ]
    return {"AuditLogs": rows}


def seed001_sp_initiator():
    bot = app_initiator("Contoso-Automation-Provisioner")
    frank = user_initiator("frank.moss", "192.0.2.44")
    rows = [
        audit(at(11, 50), CREATE, bot, "tenant-worker-a"),
        audit(at(11, 50, 20), CREDS, bot, "tenant-worker-a", op_type="Update"),
        audit(at(11, 50, 40), CREATE, bot, "tenant-worker-b"),
        audit(at(11, 51, 15), CREATE, bot, "tenant-worker-c"),
        audit(at(11, 51, 40), CREDS, bot, "tenant-worker-c", op_type="Update"),
        audit(at(11, 52), GRANT, bot, "tenant-worker-c", op_type="Assign"),
        audit(at(11, 52, 59, 900), CREATE, bot, "tenant-worker-d"),
        audit(at(11, 53, 30, 250), ROLE, bot, "tenant-worker-d", op_type="Assign"),
        audit(at(11, 44), CREATE, frank, "frank-reporting"),
        audit(at(11, 46), CREATE, frank, "frank-reporting-2"),
    ]
    return {"AuditLogs": rows}


def seed001_near_miss():
    grace = user_initiator("grace.lee", "198.51.100.61")
    rows = [
        audit(at(11, 30), CREATE, grace, "etl-runner-0"),                 # exactly now-30m: excluded
        audit(at(11, 31), CREDS, grace, "etl-runner-0", op_type="Update"),
        audit(at(11, 35, 10), CREATE, grace, "etl-runner-1"),
        audit(at(11, 36), CREDS, grace, "etl-runner-1", op_type="Update"),
        audit(at(11, 38, 45), CREATE, grace, "etl-runner-2"),
        audit(at(11, 40), CREATE, grace, "etl-runner-9", result="failure"),
        audit(at(11, 42), CREATE, grace, "etl-runner-3"),
    ]
    return {"AuditLogs": rows}


def seed001_spread_out():
    heidi = user_initiator("heidi.park", "192.0.2.90")
    rows = [
        audit(at(11, 31), CREATE, heidi, "report-app-1"),
        audit(at(11, 40, 30), CREATE, heidi, "report-app-2", result="Success"),
        audit(at(11, 50, 30), CREATE, heidi, "report-app-3"),
        audit(at(11, 55), "add service principal credentials", heidi, "report-app-3", op_type="Update"),
        audit(at(11, 59, 30), CREATE, heidi, "report-app-4"),
    ]
    return {"AuditLogs": rows}


# ---------------------------------------------------------------- seed 004: ADOAuditLogs

WEB_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0")
CLI_UA = "python/3.11.9 (Windows-10-10.0.22631-SP0) msrest/0.7.1 azure-devops/7.1.0b4 devOpsCli/0.26.0"
BOB_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
PIPE_UA = "VSServices/19.242.35126.1 (NetStandard; Linux 5.15.0-1064-azure #73-Ubuntu SMP)"
ORG_SCOPE = gid("ado/org/Fabrikam")


class Actor:
    def __init__(self, upn, display, ip, ua):
        self.upn, self.display, self.ip, self.ua = upn, display, ip, ua
        self.id = gid("ado/user/" + upn)


def ado(t, actor, op, details, data, area, category="Modify"):
    key = f"{iso(t)}/{op}/{actor.upn}"
    return {
        "TenantId": TENANT,
        "TimeGenerated": t,
        "ActivityId": gid("act/" + key),
        "ActorClientId": "00000000-0000-0000-0000-000000000000",
        "ActorCUID": gid("cuid/" + actor.upn),
        "ActorDisplayName": actor.display,
        "ActorUPN": actor.upn,
        "ActorUserId": actor.id,
        "Area": area,
        "AuthenticationMechanism": "AAD_Cookie" if actor.ua != CLI_UA else "PAT_Unscoped authorizationId: " + gid("pat/" + actor.upn),
        "Category": category,
        "CategoryDisplayName": category,
        "CorrelationId": gid("corr/" + key),
        "Data": data,
        "Details": details,
        "Id": gid("id/" + key),
        "IpAddress": actor.ip,
        "OperationName": op,
        "ProjectId": "00000000-0000-0000-0000-000000000000",
        "ProjectName": "",
        "ScopeDisplayName": "Fabrikam (Organization)",
        "ScopeId": ORG_SCOPE,
        "ScopeType": "Organization",
        "SourceSystem": "Azure",
        "Type": "AzureDevOpsAuditing",
        "UserAgent": actor.ua,
    }


def membership(t, actor, add, member, member_display, group):
    """Group.UpdateGroupMembership.Add/.Remove of `member` to/from `group` (e.g. "[Fabrikam]\\Readers")."""
    group_id = gid("ado/group/" + group)
    member_id = member.id if isinstance(member, Actor) else gid("ado/user/" + member)
    verb = "was added as a member of group" if add else "was removed from group"
    data = {
        "CallerProcedure": "prc_UpdateGroupMembership",
        "EventAuthor": actor.id,
        "Idempotent": "True",
        "Incremental": "True",
        "InsertInactiveUpdates": "False",
        "ScopeId": ORG_SCOPE,
        "Updates": [{"GroupId": group_id.upper(), "MemberId": member_id.upper(), "Active": add}],
        "GroupId": group_id,
        "GroupName": group,
        "MemberId": member_id,
        "MemberDisplayName": member_display,
    }
    op = "Group.UpdateGroupMembership.Add" if add else "Group.UpdateGroupMembership.Remove"
    return ado(t, actor, op, f"{member_display} {verb} {group}", data, "Group")


def seed004_actors():
    return (Actor("alice.ng@fabrikam.com", "Alice Ng", "203.0.113.10", WEB_UA),
            Actor("alice.ng@fabrikam.com", "Alice Ng", "203.0.113.10", CLI_UA),
            Actor("bob.kim@fabrikam.com", "Bob Kim", "198.51.100.77", BOB_UA),
            Actor("carol.diaz@fabrikam.com", "Carol Diaz", "192.0.2.15", WEB_UA),
            Actor("dave.jones@fabrikam.com", "Dave Jones", "192.0.2.33", WEB_UA))


def seed004_pca_add():
    alice, alice_cli, bob, carol, dave = seed004_actors()
    rows = [
        membership(at(10, 5, 12, 483), alice, True, bob, "Bob Kim", "[Fabrikam]\\Project Collection Administrators"),
        membership(at(10, 7, 40), alice_cli, True, bob, "Bob Kim", "[Fabrikam-Web]\\Contributors"),
        membership(at(10, 15), carol, True, dave, "Dave Jones", "[Fabrikam-Web]\\Readers"),
        ado(at(10, 20, 3), bob, "Git.RepositoryCreated",
            'Created repository "payments-tools" in project Fabrikam-Web',
            {"RepoId": gid("repo/payments-tools"), "RepoName": "payments-tools", "ProjectName": "Fabrikam-Web"},
            "Git", category="Create"),
        membership(at(10, 31, 47), carol, False, bob, "Bob Kim", "[Fabrikam-Web]\\Readers"),
        ado(at(10, 41, 55), bob, "Security.ModifyPermission",
            "2 permissions were modified for [Fabrikam-Web]\\Project Administrators",
            {"NamespaceName": "Git Repositories", "Token": "repoV2/" + gid("project/Fabrikam-Web"),
             "SubjectDisplayName": "[Fabrikam-Web]\\Project Administrators",
             "EventSummary": [{"PermissionNames": "Bypass policies when pushing", "Change": "allow"}]},
            "Permissions"),
        membership(at(11, 2, 10), alice, True, bob, "Bob Kim", "[Fabrikam]\\Project Collection Valid Users"),
    ]
    return {"ADOAuditLogs": rows}


def seed004_readers_quiet():
    alice, _alice_cli, bob, carol, dave = seed004_actors()
    rows = [
        membership(at(9, 12), alice, True, bob, "Bob Kim", "[Fabrikam]\\Readers"),
        membership(at(9, 15), alice, False, dave, "Dave Jones", "[Fabrikam]\\Project Collection Administrators"),
        ado(at(9, 20), bob, "Git.RepositoryCreated", 'Created repository "docs-site" in project Fabrikam-Web',
            {"RepoId": gid("repo/docs-site"), "RepoName": "docs-site", "ProjectName": "Fabrikam-Web"},
            "Git", category="Create"),
        membership(at(9, 25), carol, True, bob, "Bob Kim", "[Fabrikam-Web]\\Release Approvers"),
    ]
    return {"ADOAuditLogs": rows}


def seed004_service_account():
    pipeline = Actor("Fabrikam-Deploy-Pipeline", "Fabrikam-Deploy-Pipeline", "20.42.7.130", PIPE_UA)
    rows = [
        membership(at(8, 30, 45), pipeline, True, "svc-release", "svc-release",
                   "[Fabrikam]\\Project Collection Service Accounts"),
        membership(at(8, 59, 59, 999), pipeline, True, "svc-release", "svc-release", "[Fabrikam-Web]\\Contributors"),
        membership(at(9, 0), pipeline, True, "svc-release", "svc-release", "[Fabrikam-Web]\\Readers"),
    ]
    return {"ADOAuditLogs": rows}


def seed004_build_administrators():
    _alice, _alice_cli, _bob, carol, dave = seed004_actors()
    rows = [
        membership(at(7, 10), carol, True, dave, "Dave Jones", "[Fabrikam-Web]\\Build Administrators"),
        membership(at(7, 20), carol, True, dave, "Dave Jones", "[Fabrikam-Web]\\Contributors"),
    ]
    return {"ADOAuditLogs": rows}


# ---------------------------------------------------------------- output

CASES = {
    "provisioning-failure-burst-single-job": {
        "burst-fires": seed000_burst_fires,
        "near-miss-29": seed000_near_miss,
        "boundary-exactly-one-hour": seed000_boundary,
    },
    "workload-identity-multiple-sps-created-by-single-principal": {
        "user-burst-with-credential": seed001_user_burst,
        "sp-initiator-critical": seed001_sp_initiator,
        "near-miss-three": seed001_near_miss,
        "spread-out-still-fires": seed001_spread_out,
    },
    "new-pa-pca-or-pcas-added-to-azure-devops": {
        "pca-add-joins-member-events": seed004_pca_add,
        "readers-quiet": seed004_readers_quiet,
        "service-account-group": seed004_service_account,
        "build-administrators-not-a-whole-term": seed004_build_administrators,
    },
}

WATCHLISTS = {
    ("workload-identity-multiple-sps-created-by-single-principal", "user-burst-with-credential"): {
        "NetworkAllowlist": "SearchKey,IPOrRange\n"
                            "corp-egress,198.51.100.0/24\n"
                            "vpn-pool,203.0.113.10-203.0.113.50\n"
                            "eve-workstation,198.51.100.23\n",
    },
}


def main():
    for stem, cases in CASES.items():
        for case, build in cases.items():
            for table, rows in build().items():
                write_jsonl(RULES / f"{stem}.data" / case / f"{table}.jsonl", rows)
            for name, text in WATCHLISTS.get((stem, case), {}).items():
                path = RULES / f"{stem}.data" / case / f"{name}.csv"
                path.write_text(text, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
