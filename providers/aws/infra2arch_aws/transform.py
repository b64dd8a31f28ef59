"""Pure helpers that turn AWS API dicts into Terraform-shaped attributes. No boto3, no I/O.

Conventions (the same as Terraform state, so annotators read IaC and live resources alike):
- attribute names are Terraform's: the snake_case form of the API field (``VolumeSizeInGB`` ->
  ``volume_size_in_gb``), renamed where Terraform differs (``KmsKeyId`` -> ``kms_key_arn``);
- a nested block is a list of one dict (``vpc_config = [{subnets = [...]}]``), a list of structures a
  list of dicts; maps that hold user data (environment variables, tags, hyperparameters) keep their keys;
- timestamps are dropped (output must not change from one scan to the next when nothing changed).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any, Iterable, Mapping

_CAMEL_1 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_2 = re.compile(r"([a-z\d])([A-Z])")

# API fields whose value is a map of user keys: converted values keep the keys as they are
USER_MAPS = frozenset({"Environment", "HyperParameters", "Variables", "Tags", "Parameters", "Labels",
                       "ResourceTags", "EnvironmentVariables", "Environments"})
# API fields never written: noisy status history, metrics, and anything that is a URL to a live session
NEVER = frozenset({
    "ResponseMetadata", "SecondaryStatusTransitions", "FinalMetricDataList", "MetricDefinitions",
    "ProfilerRuleEvaluationStatuses", "DebugRuleEvaluationStatuses", "WarmPoolStatus", "Url", "PresignedUrl",
    "AuthorizedUrl", "StudioWebPortal", "ProcessingJobStatusDetails", "ModelPackageStatusDetails",
    "CreatedBy", "LastModifiedBy", "BillableTimeInSeconds", "TrainingTimeInSeconds", "FailureReason",
    "FailureMessage", "NextToken",
})


def snake(name: str) -> str:
    """CamelCase API field name -> Terraform snake_case attribute name."""
    return _CAMEL_2.sub(r"\1_\2", _CAMEL_1.sub(r"\1_\2", name)).lower()


def tf(value: Any, *, key: str = "", top: bool = True) -> Any:
    """An API value in Terraform shape: nested structures as one-element lists of dicts, keys in
    snake_case, timestamps and empty values dropped (None when nothing is left)."""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return None
    if isinstance(value, Mapping):
        if key in USER_MAPS:
            return {str(k): v for k, v in sorted(value.items())} or None
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k in NEVER:
                continue
            converted = tf(v, key=k, top=False)
            if converted is not None:
                out[snake(k)] = converted
        if not out:
            return None
        return out if top else [out]
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            converted = tf(item, key=key, top=True)
            if converted is not None:
                items.append(converted)
        return items or None
    if isinstance(value, bytes) or value == "":
        return None
    return value


def block(value: Any) -> list[dict[str, Any]] | None:
    """A Terraform nested block from an API structure (a list of one dict), or None when empty."""
    converted = tf(value)
    if converted is None:
        return None
    return converted if isinstance(converted, list) else [converted]


def compact(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes without None values and empty containers, keys sorted."""
    return {k: v for k, v in sorted(attrs.items()) if v is not None and v != [] and v != {}}


def tags(items: Iterable[Mapping[str, Any]] | None, key: str = "Key", value: str = "Value") -> dict[str, str] | None:
    """AWS's [{Key, Value}] tag list as Terraform's tags map."""
    out = {str(item[key]): str(item.get(value, "")) for item in items or () if key in item}
    return dict(sorted(out.items())) or None


def name_tag(items: Iterable[Mapping[str, Any]] | None, default: str) -> str:
    for item in items or ():
        if item.get("Key") == "Name" and item.get("Value"):
            return str(item["Value"])
    return default


def policy_json(document: Any) -> str | None:
    """A policy document as Terraform keeps it: a JSON string (IAM answers a decoded dict, or a
    URL-encoded string that boto3 has already decoded)."""
    if document is None or document == "":
        return None
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            try:  # API Gateway answers the policy with its quotes escaped
                document = json.loads(document.replace('\\"', '"'))
            except ValueError:
                return document
    return json.dumps(document, sort_keys=True, separators=(",", ":"))


def arn(partition: str, service: str, region: str, account: str, resource: str) -> str:
    return f"arn:{partition}:{service}:{region}:{account}:{resource}"


def arn_less(service: str, region: str | None, account: str, tf_type: str, ident: str) -> str:
    """A stable address for a resource that has no ARN: ``arn-less:<service>:<region>:<account>:
    <terraform type without aws_>/<id>``. The type is spelled as in Terraform so that addresses say
    what they are (``main_route_table_association`` is recognised by the network annotator)."""
    short = tf_type[4:] if tf_type.startswith("aws_") else tf_type
    return f"arn-less:{service}:{region or ''}:{account}:{short}/{ident}"


def partition_of(region: str | None) -> str:
    if region and region.startswith("cn-"):
        return "aws-cn"
    if region and region.startswith("us-gov-"):
        return "aws-us-gov"
    if region and region.startswith("us-iso-"):
        return "aws-iso"
    if region and region.startswith("us-isob-"):
        return "aws-iso-b"
    return "aws"


def ids(items: Iterable[Mapping[str, Any]] | None, key: str) -> list[str] | None:
    values = sorted({str(item[key]) for item in items or () if item.get(key)})
    return values or None


def sorted_list(values: Iterable[Any] | None) -> list[Any] | None:
    out = sorted({v for v in values or () if v not in (None, "")})
    return out or None
