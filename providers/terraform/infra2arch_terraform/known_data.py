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


def _statement_json(statement: dict) -> dict:
    out: dict[str, Any] = {}
    if statement.get("sid") is not None:
        out["Sid"] = statement["sid"]
    out["Effect"] = statement.get("effect") or "Allow"
    for key, name in (("actions", "Action"), ("not_actions", "NotAction"),
                      ("resources", "Resource"), ("not_resources", "NotResource")):
        value = statement.get(key)
        if value is not None:
            if isinstance(value, list):
                value = sorted(set(value), key=str) if all(isinstance(v, str) for v in value) else value
            out[name] = value[0] if isinstance(value, list) and len(value) == 1 else value
    for key, name in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        blocks = statement.get(key)
        if blocks:
            merged: dict[str, list] = {}
            for block in blocks:
                if isinstance(block, dict):
                    identifiers = block.get("identifiers")
                    items = identifiers if isinstance(identifiers, list) else [identifiers]
                    merged.setdefault(str(block.get("type")), []).extend(items)  # same type: identifiers merge
            principal: dict[str, Any] = {}
            for kind, items in merged.items():
                unique = sorted(set(items), key=str) if all(isinstance(i, str) for i in items) else items
                principal[kind] = unique[0] if len(unique) == 1 else unique
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
    return out


def _documents(value: Any) -> list[dict] | None:
    """Statements of JSON policy documents given as strings; None when one is not known."""
    statements: list[dict] = []
    for text in value if isinstance(value, list) else []:
        if isinstance(text, Unknown):
            return None
        if not isinstance(text, str):
            continue
        try:
            document = json.loads(text)
        except ValueError:
            continue
        found = document.get("Statement") if isinstance(document, dict) else None
        statements.extend([found] if isinstance(found, dict) else [s for s in found or [] if isinstance(s, dict)])
    return statements


def aws_iam_policy_document(attrs: dict, provider: dict) -> dict:
    """The provider's merge: source documents first, then this document's statements (a Sid
    replaces a source statement with the same Sid), then override documents (replacing by Sid)."""
    sources = _documents(attrs.get("source_policy_documents") or ([attrs["source_json"]] if attrs.get("source_json") else []))
    overrides = _documents(attrs.get("override_policy_documents") or ([attrs["override_json"]] if attrs.get("override_json") else []))
    own = [_statement_json(s) for s in attrs.get("statement") or [] if isinstance(s, dict)]
    if sources is None or overrides is None:
        unknown = unknown_from("policy document merges documents known only after apply",
                               attrs.get("source_policy_documents"), attrs.get("override_policy_documents"))
        partial = {"Version": "2012-10-17", "Statement": own}
        return {"json": Unknown(unknown.reason, unknown.origins, partial),
                "minified_json": Unknown(unknown.reason, unknown.origins, partial)}

    def merge(base: list[dict], newer: list[dict]) -> list[dict]:
        result = list(base)
        for statement in newer:
            sid = statement.get("Sid")
            position = next((i for i, s in enumerate(result) if sid and s.get("Sid") == sid), None)
            if position is None:
                result.append(statement)
            else:
                result[position] = statement
        return result

    statements = merge(merge(sources, own), overrides)
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
