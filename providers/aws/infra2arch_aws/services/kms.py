"""KMS customer-managed keys and their aliases.

AWS-managed keys (``alias/aws/…``) are not read: they belong to AWS services, Terraform cannot manage
them, and a resource that uses one is shown as using no customer key, which is what the findings need.
"""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_aws.context import Scope

SERVICE = "kms"


def get_keys(scope: Scope) -> tuple[list[tuple[dict, dict | None, bool | None]], list[dict]] | None:
    """([(list entry, description, rotation enabled)], aliases); None when the key list failed."""
    keys = scope.paginate(SERVICE, "list_keys", "Keys")
    if keys is None:
        return None
    aliases = scope.paginate(SERVICE, "list_aliases", "Aliases") or []
    aws_managed = {a.get("TargetKeyId") for a in aliases if str(a.get("AliasName", "")).startswith("alias/aws/")}
    out = []
    for entry in keys:
        key_id = entry.get("KeyId")
        if not key_id or key_id in aws_managed:
            continue
        described = scope.call(SERVICE, "describe_key", absent=("NotFoundException",), KeyId=key_id)
        metadata = (described or {}).get("KeyMetadata") or {}
        if metadata.get("KeyManager") == "AWS":
            continue
        rotation = None
        if metadata and metadata.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT" \
                and metadata.get("KeyState") not in ("PendingDeletion", "PendingReplicaDeletion") \
                and metadata.get("Origin", "AWS_KMS") == "AWS_KMS":
            status = scope.call(SERVICE, "get_key_rotation_status", absent=("NotFoundException",), KeyId=key_id)
            rotation = None if status is None else bool(status.get("KeyRotationEnabled"))
        out.append((entry, metadata or None, rotation))
    return out, aliases


def to_terraform_key(entry: Mapping[str, Any], metadata: Mapping[str, Any] | None, rotation: bool | None,
                     scope: Scope) -> Resource:
    key_id = entry["KeyId"]
    meta = metadata or {}
    arn = entry.get("KeyArn") or meta.get("Arn") or scope.arn("kms", f"key/{key_id}")
    attrs = {
        "id": key_id,
        "key_id": key_id,
        "arn": arn,
        "description": meta.get("Description") or None,
        "key_usage": meta.get("KeyUsage"),
        "customer_master_key_spec": meta.get("KeySpec") or meta.get("CustomerMasterKeySpec"),
        "is_enabled": meta.get("Enabled") if metadata else None,
        "enable_key_rotation": rotation,
        "multi_region": meta.get("MultiRegion"),
    }
    api = "kms:DescribeKey" if metadata else "kms:ListKeys"
    return scope.resource(arn, "aws_kms_key", key_id, attrs, api)


def to_terraform_alias(alias: Mapping[str, Any], key_arn: str, scope: Scope) -> Resource:
    name = alias["AliasName"]
    arn = alias.get("AliasArn") or scope.arn("kms", name)
    attrs = {"name": name, "arn": arn, "target_key_id": alias.get("TargetKeyId"), "target_key_arn": key_arn}
    return scope.resource(arn, "aws_kms_alias", name, attrs, "kms:ListAliases")


def sync_keys(scope: Scope) -> list[Resource]:
    found = get_keys(scope)
    if found is None:
        return []
    keys, aliases = found
    out = [to_terraform_key(entry, metadata, rotation, scope) for entry, metadata, rotation in keys]
    arns = {r.attrs["key_id"]: r.address for r in out}
    for alias in aliases:
        target = alias.get("TargetKeyId")
        if alias.get("AliasName") and target in arns:
            out.append(to_terraform_alias(alias, arns[target], scope))
    return out


SYNCS = (("kms", sync_keys),)
