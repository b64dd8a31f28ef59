"""CloudWatch Logs log groups."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_aws.context import Scope

SERVICE = "logs"


def get_log_groups(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "describe_log_groups", "logGroups")


def to_terraform_log_group(group: Mapping[str, Any], scope: Scope) -> Resource:
    name = group["logGroupName"]
    arn = group.get("logGroupArn") or str(group.get("arn") or "").removesuffix(":*") or \
        scope.arn("logs", f"log-group:{name}")
    attrs = {
        "name": name,
        "arn": arn,
        "kms_key_id": group.get("kmsKeyId"),
        "retention_in_days": group.get("retentionInDays", 0),   # absent: never expire (Terraform shows 0)
        "log_group_class": group.get("logGroupClass"),
        "data_protection_status": group.get("dataProtectionStatus"),
    }
    return scope.resource(arn, "aws_cloudwatch_log_group", name, attrs, "logs:DescribeLogGroups")


def sync_log_groups(scope: Scope) -> list[Resource]:
    return [to_terraform_log_group(g, scope) for g in get_log_groups(scope) or () if g.get("logGroupName")]


SYNCS = (("logs", sync_log_groups),)
