"""Data sources whose results are known without calling the cloud, from the provider configuration or
from their own arguments (aws_region, aws_partition, aws_iam_policy_document, google_client_config ...).

Everything else a data source returns stays unknown: data sources are never executed.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from infra2arch.model import Unknown, is_known, unknown_from


def _aws_partition(region: Any) -> str:
    if isinstance(region, str):
        if region.startswith("cn-"):
            return "aws-cn"
        if region.startswith("us-gov-"):
            return "aws-us-gov"
    return "aws"


def aws_region(attrs: dict, provider: dict) -> dict:
    region = attrs.get("name") or attrs.get("region") or provider.get("region")
    if not isinstance(region, str):
        return {}
    return {"name": region, "region": region, "id": region, "endpoint": f"ec2.{region}.amazonaws.com"}


def aws_partition(attrs: dict, provider: dict) -> dict:
    partition = _aws_partition(provider.get("region"))
    suffix = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
    return {"partition": partition, "id": partition, "dns_suffix": suffix, "reverse_dns_prefix": "com.amazonaws"}


def aws_iam_policy_document(attrs: dict, provider: dict) -> dict:
    statements = []
    for statement in attrs.get("statement") or []:
        if not isinstance(statement, dict):
            continue
        out: dict[str, Any] = {}
        if statement.get("sid") is not None:
            out["Sid"] = statement["sid"]
        out["Effect"] = statement.get("effect") or "Allow"
        for key, name in (("actions", "Action"), ("not_actions", "NotAction"),
                          ("resources", "Resource"), ("not_resources", "NotResource")):
            value = statement.get(key)
            if value is not None:
                out[name] = value[0] if isinstance(value, list) and len(value) == 1 else value
        for key, name in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            blocks = statement.get(key)
            if blocks:
                principal: dict[str, Any] = {}
                for block in blocks:
                    if isinstance(block, dict):
                        identifiers = block.get("identifiers")
                        if isinstance(identifiers, list) and len(identifiers) == 1:
                            identifiers = identifiers[0]
                        principal[str(block.get("type"))] = identifiers
                out[name] = "*" if principal == {"*": "*"} else principal
        conditions = statement.get("condition")
        if conditions:
            condition: dict[str, Any] = {}
            for block in conditions:
                if isinstance(block, dict):
                    values = block.get("values")
                    if isinstance(values, list) and len(values) == 1:
                        values = values[0]
                    condition.setdefault(str(block.get("test")), {})[str(block.get("variable"))] = values
            out["Condition"] = condition
        statements.append(out)
    document: dict[str, Any] = {"Version": attrs.get("version") or "2012-10-17", "Statement": statements}
    if attrs.get("policy_id"):
        document = {"Id": attrs["policy_id"], **document}
    if not is_known(document):
        unknown = unknown_from("policy document uses values known only after apply", document)
        unknown = Unknown(unknown.reason, unknown.origins, document)
        return {"json": unknown, "minified_json": unknown}
    return {"json": json.dumps(document, indent=2), "minified_json": json.dumps(document, separators=(",", ":"))}


def google_client_config(attrs: dict, provider: dict) -> dict:
    return {k: provider[k] for k in ("project", "region", "zone") if isinstance(provider.get(k), str)}


def google_project(attrs: dict, provider: dict) -> dict:
    project = attrs.get("project_id") or provider.get("project")
    return {"project_id": project, "id": f"projects/{project}"} if isinstance(project, str) else {}


def azurerm_client_config(attrs: dict, provider: dict) -> dict:
    out = {}
    for key in ("subscription_id", "tenant_id", "client_id"):
        if isinstance(provider.get(key), str):
            out[key] = provider[key]
    return out


def azurerm_subscription(attrs: dict, provider: dict) -> dict:
    subscription = attrs.get("subscription_id") or provider.get("subscription_id")
    if isinstance(subscription, str):
        return {"subscription_id": subscription, "id": f"/subscriptions/{subscription}"}
    return {}


KNOWN_DATA: dict[str, Callable[[dict, dict], dict]] = {
    "aws_region": aws_region,
    "aws_partition": aws_partition,
    "aws_iam_policy_document": aws_iam_policy_document,
    "google_client_config": google_client_config,
    "google_project": google_project,
    "azurerm_client_config": azurerm_client_config,
    "azurerm_subscription": azurerm_subscription,
}


def known_attributes(type_: str, attrs: dict, provider: dict) -> dict:
    """Attributes of a data source that are known offline (never overrides what the code set)."""
    compute = KNOWN_DATA.get(type_)
    if compute is None:
        return {}
    try:
        result = compute(attrs, provider)
    except (TypeError, ValueError, AttributeError):
        return {}
    return {k: v for k, v in result.items() if k not in attrs and not isinstance(v, Unknown) or k in ("json", "minified_json")}
