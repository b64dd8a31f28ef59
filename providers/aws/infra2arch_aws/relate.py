"""After every service is read: the links the APIs state by name (which the core's value matching
cannot see, since names are not ids), and small corrections that need more than one service
(a resource's availability zone from its subnet, a Lambda's VPC from its subnets). Pure."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import Any, Iterable, Iterator

from infra2arch.model import Link, Location, Resource

# (source type, attribute path, target type, target attribute holding the same name, scope of names)
# scope: "region" = unique per account and region; "account" = per account (IAM); "global" (S3 bucket names)
_BY_NAME: tuple[tuple[str, str, str, str, str], ...] = (
    ("aws_sagemaker_endpoint", "endpoint_config_name", "aws_sagemaker_endpoint_configuration", "name", "region"),
    ("aws_sagemaker_endpoint_configuration", "production_variants.model_name", "aws_sagemaker_model", "name", "region"),
    ("aws_sagemaker_endpoint_configuration", "shadow_production_variants.model_name", "aws_sagemaker_model", "name",
     "region"),
    ("sagemaker_transform_job", "model_name", "aws_sagemaker_model", "name", "region"),
    ("sagemaker_model_package", "model_package_group_name", "aws_sagemaker_model_package_group",
     "model_package_group_name", "region"),
    ("aws_sagemaker_notebook_instance", "lifecycle_config_name",
     "aws_sagemaker_notebook_instance_lifecycle_configuration", "name", "region"),
    ("aws_sagemaker_user_profile", "domain_id", "aws_sagemaker_domain", "id", "region"),
    ("aws_sagemaker_space", "domain_id", "aws_sagemaker_domain", "id", "region"),
    ("aws_sagemaker_app", "domain_id", "aws_sagemaker_domain", "id", "region"),
    ("aws_iam_role_policy", "role", "aws_iam_role", "name", "account"),
    ("aws_iam_role_policy_attachment", "role", "aws_iam_role", "name", "account"),
    ("aws_s3_bucket_server_side_encryption_configuration", "bucket", "aws_s3_bucket", "bucket", "global"),
    ("aws_s3_bucket_public_access_block", "bucket", "aws_s3_bucket", "bucket", "global"),
    ("aws_s3_bucket_policy", "bucket", "aws_s3_bucket", "bucket", "global"),
    ("aws_s3_bucket_versioning", "bucket", "aws_s3_bucket", "bucket", "global"),
    ("aws_lambda_function_url", "function_name", "aws_lambda_function", "function_name", "region"),
    ("aws_api_gateway_method", "rest_api_id", "aws_api_gateway_rest_api", "id", "region"),
    ("aws_api_gateway_integration", "rest_api_id", "aws_api_gateway_rest_api", "id", "region"),
    ("aws_api_gateway_stage", "rest_api_id", "aws_api_gateway_rest_api", "id", "region"),
    ("aws_apigatewayv2_integration", "api_id", "aws_apigatewayv2_api", "id", "region"),
    ("aws_apigatewayv2_route", "api_id", "aws_apigatewayv2_api", "id", "region"),
    ("aws_apigatewayv2_stage", "api_id", "aws_apigatewayv2_api", "id", "region"),
    ("aws_kms_alias", "target_key_id", "aws_kms_key", "key_id", "region"),
)
# arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:…:function:name[:alias]/invocations
_LAMBDA_IN_URI = re.compile(r"(arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+)")


def _values(value: Any, path: str) -> Iterator[str]:
    """Every string at a dotted path, through lists of blocks."""
    head, _, rest = path.partition(".")
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, dict) or head not in item:
            continue
        child = item[head]
        if rest:
            yield from _values(child, rest)
        elif isinstance(child, str):
            yield child
        elif isinstance(child, list):
            yield from (c for c in child if isinstance(c, str))


def _key(resource: Resource, scope: str, value: str) -> tuple:
    location = resource.location
    if scope == "global":
        return (value,)
    if scope == "account":
        return (location.account, value)
    return (location.account, location.region, value.lower())


def links(resources: Iterable[Resource]) -> list[Link]:
    resources = list(resources)
    index: dict[tuple[str, str], dict[tuple, set[str]]] = defaultdict(lambda: defaultdict(set))
    wanted = {(target, attr, scope) for _, _, target, attr, scope in _BY_NAME}
    for resource in resources:
        for target, attr, scope in wanted:
            if resource.type == target and isinstance(resource.attrs.get(attr), str):
                index[(target, attr)][_key(resource, scope, resource.attrs[attr])].add(resource.address)
    by_arn = {r.attrs.get("arn"): r.address for r in resources if r.type == "aws_lambda_function"}
    out: set[Link] = set()
    for resource in resources:
        for source, path, target, attr, scope in _BY_NAME:
            if resource.type != source:
                continue
            for value in _values(resource.attrs, path):
                found = index.get((target, attr), {}).get(_key(resource, scope, value), set())
                if len(found) == 1:  # a name that names one thing
                    out.add(Link(resource.address, next(iter(found)), path))
        for path in ("uri", "integration_uri"):
            value = resource.attrs.get(path)
            if resource.type.startswith("aws_api") and isinstance(value, str):
                match = _LAMBDA_IN_URI.search(value)
                if match and match.group(1) in by_arn:
                    out.add(Link(resource.address, by_arn[match.group(1)], path))
    return sorted(out, key=lambda l: (l.src, l.dst, l.via))


def _subnets_of(resource: Resource) -> list[str]:
    found: list[str] = []
    for path in ("subnet_id", "vpc_config.subnets", "vpc_config.subnet_ids", "network_config.vpc_config.subnets",
                 "subnets", "subnet_ids"):
        found.extend(_values(resource.attrs, path))
    return sorted(set(found))


def corrected(resources: Iterable[Resource]) -> list[Resource]:
    """Zones from subnets (a resource in exactly one subnet is in that subnet's zone), and a Lambda's
    ``vpc_config.vpc_id`` from its subnets (the one the API states is not always the subnets' VPC)."""
    resources = list(resources)
    subnets = {(r.location.account, r.attrs.get("id")): r for r in resources
               if r.type in ("aws_subnet", "aws_default_subnet")}
    out = []
    for resource in resources:
        if resource.type in ("aws_subnet", "aws_default_subnet"):
            out.append(resource)
            continue
        ids = _subnets_of(resource)
        found = [subnets[(resource.location.account, s)] for s in ids if (resource.location.account, s) in subnets]
        zones = {s.attrs.get("availability_zone") for s in found}
        if len(ids) == 1 and len(found) == 1 and resource.location.zone is None and len(zones) == 1:
            zone = next(iter(zones))
            if isinstance(zone, str):
                location = resource.location
                resource = replace(resource, location=Location(location.cloud, location.account, location.region, zone))
        if resource.type == "aws_lambda_function" and found:
            vpcs = {s.attrs.get("vpc_id") for s in found}
            config = resource.attrs.get("vpc_config")
            if len(vpcs) == 1 and isinstance(config, list) and config and isinstance(config[0], dict):
                vpc = next(iter(vpcs))
                if config[0].get("vpc_id") != vpc:
                    attrs = dict(resource.attrs)
                    attrs["vpc_config"] = [{**config[0], "vpc_id": vpc}]
                    resource = replace(resource, attrs=attrs)
        out.append(resource)
    return out
