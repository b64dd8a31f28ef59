"""Identity (IAM and Resource Manager JSON APIs): the project, its service accounts, their user-managed
keys and who may act as them, and the project's IAM policy.

IAM policies become Terraform's ``*_iam_member`` resources, one per (role, member), which fold into
what they grant on: the bucket, key, repository, service or service account. Project grants to the
scanned service accounts fold into those accounts (as ``google_project_iam_member`` does in Terraform);
the whole project policy is kept as one ``google_project_iam_policy`` (not drawn, in the JSON).
"""

from __future__ import annotations

import json
from typing import Any, Callable
from urllib.parse import quote

from infra2arch.model import Resource

from infra2arch_gcp.context import Followups, Scope, fan_out

HOST = "//iam.googleapis.com/"


def members(policy: dict | None) -> list[tuple[str, str]]:
    """(role, member) for every binding of an IAM policy, sorted; conditional bindings included."""
    out: set[tuple[str, str]] = set()
    for binding in (policy or {}).get("bindings") or []:
        role = binding.get("role")
        for member in binding.get("members") or []:
            if role and member:
                out.add((str(role), str(member)))
    return sorted(out)


def member_resources(scope: Scope, parent_address: str, tf_type: str, parent_attrs: dict[str, Any],
                     policy: dict | None, api: str, region: Any = ...) -> list[Resource]:
    """One ``*_iam_member`` per (role, member) of a resource's policy; ``parent_attrs`` names the parent
    the way Terraform does (``bucket``, ``crypto_key_id``, ``repository`` …)."""
    out = []
    for role, member in members(policy):
        attrs = {**parent_attrs, "role": role, "member": member}
        out.append(scope.resource(f"{parent_address}/iam/{role}/{member}", tf_type, f"{role} {member}", attrs, api,
                                  region=region))
    return out


# ==================================================================================== project


def to_terraform_project_policy(policy: dict, scope: Scope, accounts: set[str]) -> list[Resource]:
    address = f"//cloudresourcemanager.googleapis.com/projects/{scope.project}"
    document = {"bindings": [{"role": b.get("role"), "members": sorted(b.get("members") or [])}
                             for b in sorted(policy.get("bindings") or [], key=lambda b: str(b.get("role")))]}
    out = [scope.resource(f"{address}/iamPolicy", "google_project_iam_policy", scope.project,
                          {"project": scope.project, "policy_data": json.dumps(document, sort_keys=True)},
                          "resourcemanager.projects.getIamPolicy", region=None)]
    for role, member in members(policy):
        email = member.split(":", 1)[-1]
        if member.startswith("serviceAccount:") and email in accounts:
            out.append(scope.resource(f"{address}/iam/{role}/{member}", "google_project_iam_member",
                                      f"{role} {member}", {"project": scope.project, "role": role, "member": member},
                                      "resourcemanager.projects.getIamPolicy", region=None))
    return out


# ==================================================================================== service accounts


def to_terraform_service_account(data: dict, scope: Scope) -> Resource:
    email = str(data.get("email") or "")
    name = f"projects/{scope.project}/serviceAccounts/{email}"
    attrs = {
        "id": name,
        "name": name,
        "email": email,
        "member": f"serviceAccount:{email}",
        "account_id": email.split("@", 1)[0],
        "display_name": data.get("displayName"),
        "description": data.get("description"),
        "disabled": bool(data.get("disabled", False)),
        "unique_id": data.get("uniqueId"),
        "project": scope.project,
    }
    return scope.resource(HOST + name, "google_service_account", attrs["account_id"] or email, attrs,
                          "iam.serviceAccounts.list", region=None)


def to_terraform_key(data: dict, scope: Scope, account: Resource) -> Resource:
    key_id = str(data.get("name") or "").rsplit("/", 1)[-1]
    attrs = {
        "id": f"{account.attrs['name']}/keys/{key_id}",
        "name": key_id,
        "service_account_id": account.attrs["name"],
        "key_algorithm": data.get("keyAlgorithm"),
        "key_origin": data.get("keyOrigin"),
        "key_type": data.get("keyType"),
        "disabled": data.get("disabled"),
    }
    return scope.resource(f"{account.address}/keys/{key_id}", "google_service_account_key", key_id, attrs,
                          "iam.serviceAccountKeys.list", region=None)


def sync_service_accounts(scope: Scope) -> Followups:
    """The accounts; then per account its user-managed keys and its IAM policy; and the project policy."""
    items = scope.rest_list("iam.serviceAccounts.list", f"/v1/projects/{scope.project}/serviceAccounts", "accounts",
                            page_size=100)
    accounts = scope.each(to_terraform_service_account, [a for a in items or () if a.get("email")],
                          api="iam.serviceAccounts.list")

    def per_account(account: Resource) -> list[Resource]:
        path = f"/v1/projects/{scope.project}/serviceAccounts/{quote(account.attrs['email'])}"
        keys = scope.rest_get("iam.serviceAccountKeys.list", f"{path}/keys", params={"keyTypes": "USER_MANAGED"})
        out = [to_terraform_key(k, scope, account) for k in (keys or {}).get("keys") or [] if k.get("name")]
        policy = scope.rest_get("iam.serviceAccounts.getIamPolicy", f"{path}:getIamPolicy", method="POST", body={})
        out += member_resources(scope, account.address, "google_service_account_iam_member",
                                {"service_account_id": account.attrs["name"]}, policy,
                                "iam.serviceAccounts.getIamPolicy", region=None)
        return out

    followups = fan_out(scope, "service-account-iam", accounts, per_account, resources=accounts)
    emails = {a.attrs["email"] for a in accounts}

    def project_policy() -> list[Resource]:
        policy = scope.rest_get("resourcemanager.projects.getIamPolicy", f"/v1/projects/{scope.project}:getIamPolicy",
                                method="POST", body={"options": {"requestedPolicyVersion": 3}})
        return to_terraform_project_policy(policy, scope, emails) if policy is not None else []

    followups.tasks.append(("project-iam-policy", project_policy))
    return followups


GLOBAL_SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = (("iam-service-accounts", sync_service_accounts),)
