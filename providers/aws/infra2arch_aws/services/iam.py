"""IAM roles with their trust policies, inline policies and attached policies, and customer-managed
policies. IAM is global: read once per account (region None).

One paginated GetAccountAuthorizationDetails call returns all of it; when that is denied, the scan
falls back to ListRoles with ListRolePolicies/GetRolePolicy/ListAttachedRolePolicies per role.
"""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_aws.context import Scope
from infra2arch_aws.transform import arn_less, policy_json, tags

SERVICE = "iam"


def get_authorization_details(scope: Scope) -> tuple[list[dict], list[dict]] | None:
    """(roles, customer-managed policies) in the shape of GetAccountAuthorizationDetails."""
    roles: list[dict] = []
    policies: list[dict] = []

    def extract(page: dict) -> list:
        roles.extend(page.get("RoleDetailList") or ())
        policies.extend(page.get("Policies") or ())
        return []

    found = scope.paginate(SERVICE, "get_account_authorization_details", extract, Filter=["Role", "LocalManagedPolicy"])
    if found is None:
        return None
    return roles, policies


def get_roles_one_by_one(scope: Scope) -> list[dict]:
    """The fallback: the same role details, built from the per-role APIs."""
    out = []
    for role in scope.paginate(SERVICE, "list_roles", "Roles") or ():
        name = role.get("RoleName")
        if not name:
            continue
        inline = []
        for policy_name in scope.paginate(SERVICE, "list_role_policies", "PolicyNames", RoleName=name) or ():
            document = scope.call(SERVICE, "get_role_policy", absent=("NoSuchEntity",), RoleName=name,
                                  PolicyName=policy_name)
            if document is not None:
                inline.append({"PolicyName": policy_name, "PolicyDocument": document.get("PolicyDocument")})
        attached = scope.paginate(SERVICE, "list_attached_role_policies", "AttachedPolicies", RoleName=name) or []
        out.append({**role, "RolePolicyList": inline, "AttachedManagedPolicies": attached})
    return out


def to_terraform_role(role: Mapping[str, Any], scope: Scope, api: str) -> list[Resource]:
    """The role, an aws_iam_role_policy per inline policy and an aws_iam_role_policy_attachment per
    attached policy (folded into the role by the core)."""
    name = role["RoleName"]
    arn = role.get("Arn") or scope.arn("iam", f"role{role.get('Path', '/')}{name}", region="")
    boundary = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    attrs = {
        "name": name,
        "arn": arn,
        "unique_id": role.get("RoleId"),
        "path": role.get("Path"),
        "description": role.get("Description") or None,
        "assume_role_policy": policy_json(role.get("AssumeRolePolicyDocument")),
        "max_session_duration": role.get("MaxSessionDuration"),
        "permissions_boundary": boundary,
        "tags": tags(role.get("Tags")),
    }
    out = [scope.resource(arn, "aws_iam_role", name, attrs, api)]
    for policy in sorted(role.get("RolePolicyList") or (), key=lambda p: p.get("PolicyName", "")):
        policy_name = policy.get("PolicyName")
        if not policy_name:
            continue
        out.append(scope.resource(
            arn_less("iam", None, scope.account, "aws_iam_role_policy", f"{name}:{policy_name}"),
            "aws_iam_role_policy", policy_name,
            {"role": name, "name": policy_name, "policy": policy_json(policy.get("PolicyDocument"))}, api))
    for attached in sorted(role.get("AttachedManagedPolicies") or (), key=lambda p: p.get("PolicyArn", "")):
        policy_arn = attached.get("PolicyArn")
        if not policy_arn:
            continue
        out.append(scope.resource(
            arn_less("iam", None, scope.account, "aws_iam_role_policy_attachment", f"{name}/{policy_arn}"),
            "aws_iam_role_policy_attachment", f"{name}/{attached.get('PolicyName') or policy_arn}",
            {"role": name, "policy_arn": policy_arn}, api))
    return out


def to_terraform_policy(policy: Mapping[str, Any], scope: Scope) -> Resource:
    name = policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1]
    arn = policy.get("Arn") or scope.arn("iam", f"policy{policy.get('Path', '/')}{name}", region="")
    default = next((v for v in policy.get("PolicyVersionList") or () if v.get("IsDefaultVersion")), {})
    attrs = {
        "name": name,
        "arn": arn,
        "path": policy.get("Path"),
        "description": policy.get("Description") or None,
        "policy": policy_json(default.get("Document")),
        "policy_id": policy.get("PolicyId"),
    }
    return scope.resource(arn, "aws_iam_policy", name, attrs, "iam:GetAccountAuthorizationDetails")


def sync_iam(scope: Scope) -> list[Resource]:
    details = get_authorization_details(scope)
    out: list[Resource] = []
    if details is not None:
        roles, policies = details
        api = "iam:GetAccountAuthorizationDetails"
        out += [to_terraform_policy(p, scope) for p in policies if p.get("PolicyName") or p.get("Arn")]
    else:
        roles, api = get_roles_one_by_one(scope), "iam:ListRoles"
    for role in roles:
        if role.get("RoleName"):
            out += to_terraform_role(role, scope, api)
    return out


SYNCS = (("iam", sync_iam),)
