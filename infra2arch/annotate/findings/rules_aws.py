"""AWS rules: SageMaker, data stores, network, IAM and keys.

Simple attribute checks are the ``row(...)`` table entries; the functions below handle checks that
read several attributes, folded configuration resources (``graph.folded``) or policy documents.
"""

from __future__ import annotations

import json
import re
from typing import Any

from infra2arch.annotate.findings import (
    MISSING,
    Context,
    Rule,
    Verdict,
    blocks,
    fmt,
    get_path,
    is_reference,
    presence,
    row,
)
from infra2arch.annotate.findings.rules_network import (
    as_list,
    category,
    exposure_severity,
    open_sources,
    worst,
)
from infra2arch.annotate.model import Result, Severity
from infra2arch.model import UNKNOWN_PART, Relation, Resource, Unknown

C, H, M, L, I = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO
NB = ("aws_sagemaker_notebook_instance",)
JOBS = ("sagemaker_training_job", "sagemaker_processing_job")

# ---------------------------------------------------------------------------- table rows

TABLE: tuple[Rule, ...] = (
    # --- SageMaker notebooks
    row("I2A-AWS-001", H, "SageMaker notebook has direct internet access", NB, "direct_internet_access",
        ok=("Disabled",), default="Enabled",
        remediation="Set direct_internet_access = \"Disabled\" and give the notebook a subnet_id with a NAT or "
                    "VPC endpoints for the traffic it needs.",
        refs=("CKV_AWS_122", "prowler:sagemaker_notebook_instance_without_direct_internet_access_configured")),
    row("I2A-AWS-002", M, "SageMaker notebook allows root access", NB, "root_access",
        ok=("Disabled",), default="Enabled",
        remediation="Set root_access = \"Disabled\"; install packages through lifecycle configurations.",
        refs=("CKV_AWS_307", "prowler:sagemaker_notebook_instance_root_access_disabled")),
    row("I2A-AWS-003", M, "SageMaker notebook volume not encrypted with a customer KMS key", NB, "kms_key_id",
        present=True, absent="AWS-managed key",
        remediation="Set kms_key_id to a customer-managed KMS key.",
        refs=("CKV_AWS_22", "CKV_AWS_187", "prowler:sagemaker_notebook_instance_encryption_enabled")),
    row("I2A-AWS-004", M, "SageMaker notebook not placed in a VPC subnet", NB, "subnet_id",
        present=True, absent="the notebook runs in the SageMaker service network",
        remediation="Set subnet_id (and security_groups) so the notebook runs in your VPC.",
        refs=("prowler:sagemaker_notebook_instance_vpc_settings_configured",)),
    # --- endpoints and models
    row("I2A-AWS-005", M, "SageMaker endpoint configuration not encrypted with a customer KMS key",
        ("aws_sagemaker_endpoint_configuration",), "kms_key_arn", present=True,
        absent="endpoint storage volumes use an AWS-managed key",
        remediation="Set kms_key_arn to a customer-managed KMS key.",
        refs=("CKV_AWS_98", "prowler:sagemaker_endpoint_config_kms_encryption_enabled")),
    row("I2A-AWS-007", M, "SageMaker model without network isolation", ("aws_sagemaker_model",),
        "enable_network_isolation", ok=(True,),
        remediation="Set enable_network_isolation = true so the model container makes no outbound calls.",
        refs=("CKV_AWS_370", "prowler:sagemaker_models_network_isolation_enabled")),
    row("I2A-AWS-008", M, "SageMaker model not attached to a VPC", ("aws_sagemaker_model",), "vpc_config",
        present=True, absent="the model runs in the SageMaker service network",
        remediation="Add a vpc_config block with private subnets and a security group.",
        refs=("prowler:sagemaker_models_vpc_settings_configured",)),
    # --- Studio domains
    row("I2A-AWS-009", H, "SageMaker domain apps use the public internet", ("aws_sagemaker_domain",),
        "app_network_access_type", ok=("VpcOnly",),
        remediation="Set app_network_access_type = \"VpcOnly\" with private subnets and VPC endpoints.",
        refs=("prowler:sagemaker_domain_vpc_only_enabled",)),
    row("I2A-AWS-010", M, "SageMaker domain storage not encrypted with a customer KMS key", ("aws_sagemaker_domain",),
        "kms_key_id", present=True, absent="AWS-managed key",
        remediation="Set kms_key_id to a customer-managed KMS key.",
        refs=("CKV_AWS_187", "prowler:sagemaker_domain_encrypted_with_cmk")),
    # --- training and processing jobs (live scans)
    row("I2A-AWS-013", M, "SageMaker training/processing job not run in a VPC", JOBS,
        {"sagemaker_training_job": "vpc_config.subnets",
         "sagemaker_processing_job": "network_config.vpc_config.subnets"},
        present=True, absent="the job runs in the SageMaker service network",
        remediation="Run jobs with a VPC configuration (private subnets and security groups).",
        refs=("prowler:sagemaker_training_jobs_vpc_settings_configured",)),
    row("I2A-AWS-014", M, "SageMaker training/processing job without network isolation", JOBS,
        {"sagemaker_training_job": "enable_network_isolation",
         "sagemaker_processing_job": "network_config.enable_network_isolation"}, ok=(True,),
        remediation="Enable network isolation on the job.",
        refs=("prowler:sagemaker_training_jobs_network_isolation_enabled",)),
    row("I2A-AWS-015", M, "SageMaker training/processing job without inter-container traffic encryption", JOBS,
        {"sagemaker_training_job": "enable_inter_container_traffic_encryption",
         "sagemaker_processing_job": "network_config.enable_inter_container_traffic_encryption"}, ok=(True,),
        remediation="Enable inter-container traffic encryption for distributed jobs.",
        refs=("prowler:sagemaker_training_jobs_intercontainer_encryption_enabled",)),
    row("I2A-AWS-016", M, "SageMaker training/processing job output not encrypted with a customer KMS key", JOBS,
        {"sagemaker_training_job": "output_data_config.kms_key_id",
         "sagemaker_processing_job": "processing_output_config.kms_key_id"},
        present=True, absent="outputs use an AWS-managed key",
        remediation="Set the output KMS key of the job to a customer-managed key.",
        refs=("prowler:sagemaker_training_jobs_volume_and_output_encryption_enabled",)),
    # --- container registry and logs
    row("I2A-AWS-022", L, "ECR repository does not scan images on push", ("aws_ecr_repository",),
        "image_scanning_configuration.scan_on_push", ok=(True,),
        remediation="Set image_scanning_configuration { scan_on_push = true } (or enable registry scanning).",
        refs=("CKV_AWS_163", "prowler:ecr_repositories_scan_images_on_push_enabled")),
    row("I2A-AWS-023", L, "ECR repository tags are mutable", ("aws_ecr_repository",), "image_tag_mutability",
        ok=("IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"),
        remediation="Set image_tag_mutability = \"IMMUTABLE\" so a model image tag cannot be overwritten.",
        refs=("CKV_AWS_51",)),
    row("I2A-AWS-024", L, "ECR repository not encrypted with KMS", ("aws_ecr_repository",),
        "encryption_configuration.encryption_type", ok=("KMS", "KMS_DSSE"),
        remediation="Set encryption_configuration { encryption_type = \"KMS\", kms_key = <customer key> }.",
        refs=("CKV_AWS_136",)),
    row("I2A-AWS-025", L, "CloudWatch log group not encrypted with a customer KMS key", ("aws_cloudwatch_log_group",),
        "kms_key_id", present=True, absent="CloudWatch-managed encryption",
        remediation="Set kms_key_id to a customer-managed KMS key.",
        refs=("CKV_AWS_158", "prowler:cloudwatch_log_group_kms_encryption_enabled")),
    # --- network
    row("I2A-AWS-029", M, "Subnet assigns public IPs on launch", ("aws_subnet", "aws_default_subnet"),
        "map_public_ip_on_launch", ok=(False,),
        remediation="Set map_public_ip_on_launch = false; put internet-facing load balancers in public subnets "
                    "instead of instances.",
        refs=("CKV_AWS_130", "prowler:vpc_subnet_no_public_ip_by_default")),
    row("I2A-AWS-031", M, "API Gateway stage without access logging",
        ("aws_api_gateway_stage", "aws_apigatewayv2_stage"),
        "access_log_settings.destination_arn", present=True, absent="no access log",
        remediation="Add access_log_settings with a CloudWatch log group destination.",
        refs=("CKV_AWS_76", "prowler:apigateway_restapi_logging_enabled",
              "prowler:apigatewayv2_api_access_logging_enabled")),
    row("I2A-AWS-033", L, "Lambda function not attached to a VPC", ("aws_lambda_function",), "vpc_config.subnet_ids",
        present=True, absent="the function runs in the Lambda service network",
        remediation="Add vpc_config with private subnets when the function reaches private data or endpoints.",
        refs=("CKV_AWS_117", "prowler:awslambda_function_inside_vpc")),
    # --- App Runner (model front ends and inference APIs)
    row("I2A-AWS-041", M, "App Runner service reachable from the public internet", ("aws_apprunner_service",),
        "network_configuration.ingress_configuration.is_publicly_accessible", ok=(False,),
        remediation="Set network_configuration.ingress_configuration.is_publicly_accessible = false and reach the "
                    "service through an aws_apprunner_vpc_ingress_connection (interface VPC endpoint), or put "
                    "a WAF web ACL in front of it."),
    row("I2A-AWS-042", L, "App Runner service not encrypted with a customer KMS key", ("aws_apprunner_service",),
        "encryption_configuration.kms_key", present=True, absent="source code and image copies use an AWS-owned key",
        remediation="Add encryption_configuration { kms_key = <customer-managed KMS key ARN> }."),
)


# ------------------------------------------------------------------------------- SageMaker


def _data_capture(resource: Resource, context: Context) -> Verdict:
    config = get_path(resource.attrs, "data_capture_config")
    if config is MISSING:
        return Verdict(Result.FAIL, "data_capture_config not set: inference requests and responses are not captured",
                       "data_capture_config", default_applied=True)
    value = get_path(resource.attrs, "data_capture_config.enable_capture")
    if isinstance(value, Unknown):
        return Verdict(Result.UNKNOWN, f"data_capture_config.enable_capture = {fmt(value)}",
                       "data_capture_config.enable_capture")
    if value is MISSING:
        return Verdict(Result.FAIL, "data_capture_config.enable_capture not set: provider default false",
                       "data_capture_config.enable_capture", default_applied=True)
    enabled = value is True or str(value).lower() == "true"
    return Verdict(Result.PASS if enabled else Result.FAIL, f"data_capture_config.enable_capture = {fmt(value)}",
                   "data_capture_config.enable_capture")


def _store_kms(store: str, key_path: str, enabled_path: str | None):
    def check(resource: Resource, context: Context) -> Verdict:
        block = get_path(resource.attrs, store)
        if isinstance(block, Unknown):
            return Verdict(Result.UNKNOWN, f"{store} = {fmt(block)}", store)
        if block is MISSING:
            return Verdict(Result.PASS, f"{store} not set: no such store to encrypt", store)
        if enabled_path:
            enabled = get_path(resource.attrs, enabled_path)
            if isinstance(enabled, Unknown):
                return Verdict(Result.UNKNOWN, f"{enabled_path} = {fmt(enabled)}", enabled_path)
            if enabled is MISSING or enabled is False or str(enabled).lower() == "false":
                return Verdict(Result.PASS, f"{enabled_path} = {fmt(enabled if enabled is not MISSING else False)}: "
                                            "online store disabled", enabled_path, default_applied=enabled is MISSING)
        return presence(get_path(resource.attrs, key_path), key_path, "AWS-owned key")
    return check


def _model_registry(resource: Resource, context: Context) -> Verdict:
    for path in ("primary_container.model_package_name", "container.model_package_name"):
        value = get_path(resource.attrs, path)
        if isinstance(value, Unknown) and not is_reference(value):
            return Verdict(Result.UNKNOWN, f"{path} = {fmt(value)}", path)
        if value is not MISSING:
            return Verdict(Result.PASS, f"{path} = {fmt(value)}: the model comes from a registry", path)
    groups = context.managed("aws_sagemaker_model_package_group")
    if groups:
        return Verdict(Result.PASS, f"model package group {groups[0].address} in the scanned code", "")
    return Verdict(Result.FAIL, "no aws_sagemaker_model_package_group in the scanned code and no model_package_name: "
                                "model versions are not tracked in a registry", "")


# ---------------------------------------------------------------------------------- S3

_PAB_FLAGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")


def _public_access_block(resource: Resource, context: Context) -> Verdict:
    if resource.type == "aws_s3_bucket_public_access_block":
        block = resource
    else:
        found = context.children(resource.address, "aws_s3_bucket_public_access_block")
        if not found:
            return Verdict(Result.FAIL, "no aws_s3_bucket_public_access_block for this bucket: public ACLs and "
                                        "policies are not blocked at bucket level", "aws_s3_bucket_public_access_block",
                           default_applied=True)
        block = found[0]
    off: list[str] = []
    unknown: list[str] = []
    defaulted = False
    for flag in _PAB_FLAGS:
        value = block.attrs.get(flag)
        if isinstance(value, Unknown):
            unknown.append(flag)
        elif value is None:
            off.append(f"{flag} not set (default false)")
            defaulted = True
        elif not (value is True or str(value).lower() == "true"):
            off.append(f"{flag} = {fmt(value)}")
    where = "" if block is resource else f" ({block.address})"
    if off:
        return Verdict(Result.FAIL, f"public access block incomplete{where}: {', '.join(off)}", off[0].split()[0],
                       default_applied=defaulted)
    if unknown:
        return Verdict(Result.UNKNOWN, f"public access block flags not known{where}: {', '.join(unknown)}", unknown[0])
    return Verdict(Result.PASS, f"all four public access block flags are true{where}", ", ".join(_PAB_FLAGS))


def _pab_applies(resource: Resource, context: Context) -> bool:
    return resource.type == "aws_s3_bucket" or not context.folded(resource)


def _s3_encryption(resource: Resource, context: Context) -> Verdict:
    configs = context.children(resource.address, "aws_s3_bucket_server_side_encryption_configuration")
    if configs:
        holder, base = configs[0], "rule.apply_server_side_encryption_by_default"
    elif get_path(resource.attrs, "server_side_encryption_configuration") is not MISSING:
        holder, base = resource, "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default"
    else:
        return Verdict(Result.FAIL, "no server-side encryption configuration: provider default SSE-S3 (AES256), "
                                    "an AWS-owned key", "aws_s3_bucket_server_side_encryption_configuration",
                       default_applied=True)
    where = "" if holder is resource else f" ({holder.address})"
    algorithm = get_path(holder.attrs, f"{base}.sse_algorithm")
    if isinstance(algorithm, Unknown):
        return Verdict(Result.UNKNOWN, f"sse_algorithm = {fmt(algorithm)}{where}", "sse_algorithm")
    if algorithm is MISSING or str(algorithm).upper() == "AES256":
        return Verdict(Result.FAIL, f"sse_algorithm = {fmt(algorithm if algorithm is not MISSING else 'AES256')}"
                                    f"{where}: SSE-S3 with an AWS-owned key", "sse_algorithm",
                       default_applied=algorithm is MISSING)
    key = get_path(holder.attrs, f"{base}.kms_master_key_id")
    if key is MISSING:
        return Verdict(Result.FAIL, f"sse_algorithm = {fmt(algorithm)} without kms_master_key_id{where}: "
                                    "AWS-managed key aws/s3", "kms_master_key_id", default_applied=True)
    if isinstance(key, Unknown) and not is_reference(key):
        return Verdict(Result.UNKNOWN, f"kms_master_key_id = {fmt(key)}{where}", "kms_master_key_id")
    return Verdict(Result.PASS, f"sse_algorithm = {fmt(algorithm)} with kms_master_key_id = {fmt(key)}{where}",
                   "kms_master_key_id")


def _s3_versioning(resource: Resource, context: Context) -> Verdict:
    configs = context.children(resource.address, "aws_s3_bucket_versioning")
    if configs:
        path = "versioning_configuration.status"
        status = get_path(configs[0].attrs, path)
        where = f" ({configs[0].address})"
        if isinstance(status, Unknown):
            return Verdict(Result.UNKNOWN, f"{path} = {fmt(status)}{where}", path)
        return Verdict(Result.PASS if str(status) == "Enabled" else Result.FAIL, f"{path} = {fmt(status)}{where}", path)
    inline = get_path(resource.attrs, "versioning.enabled")
    if isinstance(inline, Unknown):
        return Verdict(Result.UNKNOWN, f"versioning.enabled = {fmt(inline)}", "versioning.enabled")
    if inline is not MISSING:
        enabled = inline is True or str(inline).lower() == "true"
        return Verdict(Result.PASS if enabled else Result.FAIL, f"versioning.enabled = {fmt(inline)}",
                       "versioning.enabled")
    return Verdict(Result.FAIL, "no aws_s3_bucket_versioning: provider default versioning disabled",
                   "aws_s3_bucket_versioning", default_applied=True)


def _key(mapping: Any, name: str) -> Any:
    """A policy element by name, case-insensitively (JSON uses Action, the data source actions)."""
    if not isinstance(mapping, dict):
        return None
    for key, value in mapping.items():
        if isinstance(key, str) and key.lower() == name.lower():
            return value
    return None


def policy_document(value: Any) -> tuple[dict | None, str]:
    """(document, why-unknown): a JSON string, a dict, or what is known of an unknown (jsonencode)."""
    if isinstance(value, Unknown):
        if isinstance(value.partial, dict):
            return value.partial, ""
        return None, value.reason
    if isinstance(value, dict):
        return value, ""
    if isinstance(value, str):
        try:
            document = json.loads(value)
        except ValueError:
            return None, "policy is not valid JSON"
        return (document, "") if isinstance(document, dict) else (None, "policy is not a JSON object")
    return None, "no policy document"


def statements(document: dict) -> list[Any]:
    value = _key(document, "Statement")
    if isinstance(value, Unknown):
        value = value.partial
    return value if isinstance(value, list) else [value] if isinstance(value, dict) else []


def _public_principal(principal: Any) -> bool | None:
    """True when the principal is everyone ("*" or AWS: "*"); None when not known."""
    if isinstance(principal, Unknown):
        return None
    if principal == "*":
        return True
    if isinstance(principal, dict):
        for key in ("AWS", "aws"):
            values = as_list(principal.get(key))
            if any(isinstance(v, Unknown) for v in values):
                return None
            if "*" in values:
                return True
    return False


def _bucket_policy(resource: Resource, context: Context) -> Verdict:
    holders = context.children(resource.address, "aws_s3_bucket_policy")
    sources = [(h, h.attrs.get("policy"), f" ({h.address})") for h in holders]
    if resource.attrs.get("policy") is not None:
        sources.append((resource, resource.attrs.get("policy"), ""))
    if not sources:
        return Verdict(Result.PASS, "no bucket policy", "policy")
    unknown = ""
    for holder, policy, where in sources:
        document, why = policy_document(policy)
        if document is None:
            unknown = unknown or f"policy not known{where}: {why}"
            continue
        for statement in statements(document):
            if not isinstance(statement, dict) or str(_key(statement, "Effect") or "Allow") != "Allow":
                continue
            if _key(statement, "Condition"):
                continue
            public = _public_principal(_key(statement, "Principal"))
            if public:
                sid = _key(statement, "Sid")
                label = f" (Sid {sid})" if isinstance(sid, str) else ""
                return Verdict(Result.FAIL, f"policy allows Principal \"*\" without a condition{label}{where}",
                               "policy.Statement.Principal")
            if public is None:
                unknown = unknown or f"policy principal not known{where}"
    if unknown:
        return Verdict(Result.UNKNOWN, unknown, "policy")
    return Verdict(Result.PASS, "no Allow statement for Principal \"*\" without a condition", "policy")


# ------------------------------------------------------------------------------- logs


def _log_retention(resource: Resource, context: Context) -> Verdict:
    value = resource.attrs.get("retention_in_days")
    if isinstance(value, Unknown):
        return Verdict(Result.UNKNOWN, f"retention_in_days = {fmt(value)}", "retention_in_days")
    if value is None:
        return Verdict(Result.FAIL, "retention_in_days not set: provider default 0 (logs never expire, no "
                                    "retention policy)", "retention_in_days", default_applied=True)
    if value == 0 or str(value) == "0":
        return Verdict(Result.FAIL, "retention_in_days = 0: logs never expire, no retention policy",
                       "retention_in_days")
    return Verdict(Result.PASS, f"retention_in_days = {fmt(value)}", "retention_in_days")


# ----------------------------------------------------------------------------- network

_ALL_PROTOCOLS = ("-1", "all")


def _sg_exposures(attrs: Any, cidr_keys: tuple[str, ...], protocol_key: str, label: str,
                  attribute: str) -> tuple[list[tuple[Severity, str, str]], list[str]]:
    values: list[Any] = []
    for key in cidr_keys:
        value = attrs.get(key) if isinstance(attrs, dict) else None
        if isinstance(value, Unknown):
            values.append(value)
        else:
            values.extend(as_list(value))
    opened, unknown = open_sources(values)
    if not opened:
        return [], ([f"{label}: source {fmt(unknown[0])}"] if unknown else [])
    protocol = attrs.get(protocol_key)
    if isinstance(protocol, Unknown):
        severity, ports = exposure_severity(None)
    elif str(protocol).lower() in _ALL_PROTOCOLS:
        severity, ports = exposure_severity(None, all_ports=True)
    else:
        lo, hi = attrs.get("from_port"), attrs.get("to_port")
        if isinstance(lo, Unknown) or isinstance(hi, Unknown) or lo is None:
            ranges = None
        else:
            ranges = [(int(lo), int(hi if hi is not None else lo))]
        severity, ports = exposure_severity(ranges)
        ports = f"{protocol} {ports}"
    return [(severity, f"ingress from {', '.join(sorted(set(opened)))} on {ports} ({label})", attribute)], []


def _security_group(resource: Resource, context: Context) -> Verdict:
    exposures: list[tuple[Severity, str, str]] = []
    unknown: list[str] = []
    checked = 0

    def add(result: tuple[list, list]) -> None:
        exposures.extend(result[0])
        unknown.extend(result[1])

    if resource.type == "aws_security_group":
        ingress = resource.attrs.get("ingress")
        if isinstance(ingress, Unknown):
            unknown.append(f"inline ingress = {fmt(ingress)}")
        for item in blocks(ingress) if not isinstance(ingress, Unknown) else ():
            checked += 1
            if isinstance(item, Unknown):
                unknown.append(f"inline ingress block = {fmt(item)}")
                continue
            add(_sg_exposures(item, ("cidr_blocks", "ipv6_cidr_blocks"), "protocol", "inline ingress",
                              "ingress.cidr_blocks"))
        rules = context.children(resource.address, "aws_security_group_rule", "aws_vpc_security_group_ingress_rule")
    else:
        rules = [resource]
    for rule in rules:
        if rule.type == "aws_security_group_rule":
            kind_ = rule.attrs.get("type")
            if isinstance(kind_, Unknown):
                unknown.append(f"{rule.address}: type {fmt(kind_)}")
                continue
            if kind_ != "ingress":
                continue
            checked += 1
            add(_sg_exposures(rule.attrs, ("cidr_blocks", "ipv6_cidr_blocks"), "protocol", rule.address,
                              f"{rule.address}.cidr_blocks"))
        else:
            checked += 1
            add(_sg_exposures(rule.attrs, ("cidr_ipv4", "cidr_ipv6"), "ip_protocol", rule.address,
                              f"{rule.address}.cidr_ipv4"))
    if exposures:
        severity, text, attribute = worst(exposures)
        more = f" (+{len(exposures) - 1} more)" if len(exposures) > 1 else ""
        return Verdict(Result.FAIL, text + more, attribute, severity=severity)
    if unknown:
        return Verdict(Result.UNKNOWN, f"ingress source not known: {unknown[0]}", "ingress")
    return Verdict(Result.PASS, f"no ingress from 0.0.0.0/0 or ::/0 ({checked} ingress rule"
                                f"{'s' if checked != 1 else ''} checked)", "ingress")


def _sg_applies(resource: Resource, context: Context) -> bool:
    if resource.type == "aws_security_group":
        return True
    if context.folded(resource):
        return False  # evaluated with its security group
    return resource.type == "aws_vpc_security_group_ingress_rule" or resource.attrs.get("type") != "egress"


def _default_sg(resource: Resource, context: Context) -> Verdict:
    present = []
    for key in ("ingress", "egress"):
        value = resource.attrs.get(key)
        if isinstance(value, Unknown):
            return Verdict(Result.UNKNOWN, f"{key} = {fmt(value)}", key)
        if blocks(value):
            present.append(f"{len(blocks(value))} {key} rule{'s' if len(blocks(value)) > 1 else ''}")
    if present:
        return Verdict(Result.FAIL, f"default security group allows traffic: {', '.join(present)}", "ingress")
    return Verdict(Result.PASS, "no ingress or egress rules: the default security group denies all traffic", "ingress")


def _flow_logs(resource: Resource, context: Context) -> Verdict:
    logs = context.children(resource.address, "aws_flow_log")
    if not logs:
        logs = [e.src for e in context.edges_to.get(resource.address, ())
                if context.by_address.get(e.src) is not None and context.by_address[e.src].type == "aws_flow_log"]
        if logs:
            return Verdict(Result.PASS, f"flow log {logs[0]} captures this VPC", "aws_flow_log")
        return Verdict(Result.FAIL, "no aws_flow_log for this VPC: network traffic is not logged", "aws_flow_log",
                       default_applied=True)
    return Verdict(Result.PASS, f"flow log {logs[0].address} captures this VPC", "aws_flow_log")


def _api_authorization(resource: Resource, context: Context) -> Verdict:
    if resource.type == "aws_apigatewayv2_route":
        path = "authorization_type"
        method = str(resource.attrs.get("route_key") or "")
    else:
        path = "authorization"
        method = str(resource.attrs.get("http_method") or "")
    if method.upper().startswith("OPTIONS"):
        return Verdict(Result.PASS, f"{method}: CORS preflight, no authorization needed", path)
    value = resource.attrs.get(path)
    if isinstance(value, Unknown):
        return Verdict(Result.UNKNOWN, f"{path} = {fmt(value)}", path)
    if value is None:
        default = "NONE"
        return Verdict(Result.FAIL, f"{path} not set: provider default {default} (no authorizer)", path,
                       default_applied=True)
    if str(value).upper() == "NONE":
        return Verdict(Result.FAIL, f"{path} = NONE: the route is callable without authorization", path)
    return Verdict(Result.PASS, f"{path} = {fmt(value)}", path)


def _lambda_env_kms(resource: Resource, context: Context) -> Verdict:
    variables = get_path(resource.attrs, "environment.variables")
    if isinstance(variables, Unknown) and not isinstance(variables.partial, dict):
        return Verdict(Result.UNKNOWN, f"environment.variables = {fmt(variables)}", "environment.variables")
    if variables is MISSING or variables == {}:
        return Verdict(Result.PASS, "no environment variables to encrypt", "environment.variables")
    return presence(get_path(resource.attrs, "kms_key_arn"), "kms_key_arn",
                    "environment variables use the AWS-managed key aws/lambda")


def _lb_waf(resource: Resource, context: Context) -> Verdict:
    internal = resource.attrs.get("internal")
    if isinstance(internal, Unknown):
        return Verdict(Result.UNKNOWN, f"internal = {fmt(internal)}", "internal")
    if internal is True or str(internal).lower() == "true":
        return Verdict(Result.PASS, "internal = true: not internet-facing", "internal")
    lb_type = resource.attrs.get("load_balancer_type") or "application"
    if isinstance(lb_type, str) and lb_type != "application":
        return Verdict(Result.PASS, f"load_balancer_type = {lb_type}: WAF does not apply", "load_balancer_type")
    associations = context.children(resource.address, "aws_wafv2_web_acl_association")
    if associations:
        return Verdict(Result.PASS, f"web ACL attached by {associations[0].address}", "aws_wafv2_web_acl_association")
    defaulted = internal is None
    return Verdict(Result.FAIL, ("internal not set: provider default false (internet-facing)" if defaulted
                                 else "internal = false (internet-facing)") + ", and no aws_wafv2_web_acl_association",
                   "internal", default_applied=defaulted)


# --------------------------------------------------------------------------------- IAM

_SERVICE_WILDCARD = re.compile(r"^[a-z0-9-]+:\*$", re.IGNORECASE)


def _wildcards(document: dict) -> tuple[list[tuple[Severity, str]], list[str]]:
    hits: list[tuple[Severity, str]] = []
    unknown: list[str] = []
    for statement in statements(document):
        if isinstance(statement, Unknown) or not isinstance(statement, dict):
            unknown.append("a statement is not known")
            continue
        effect = _key(statement, "Effect")
        if isinstance(effect, Unknown):
            unknown.append("Effect not known")
            continue
        if effect is not None and str(effect) != "Allow":
            continue
        resources = _key(statement, "Resource")
        not_resource = _key(statement, "NotResource")
        if isinstance(resources, Unknown) and not is_reference(resources):
            resource_star: bool | None = None
        else:
            items = as_list(resources.partial if isinstance(resources, Unknown) and isinstance(resources.partial, list)
                            else resources)
            resource_star = "*" in items or not_resource is not None
            if not resource_star and any(isinstance(r, Unknown) and not is_reference(r) for r in items):
                resource_star = None
        actions = _key(statement, "Action")
        not_action = _key(statement, "NotAction")
        sid = _key(statement, "Sid")
        label = f" (Sid {sid})" if isinstance(sid, str) else ""
        if not_action is not None and resource_star:
            hits.append((Severity.HIGH, f"Allow NotAction {fmt(not_action)} on Resource \"*\"{label}"))
            continue
        if isinstance(actions, Unknown) and not isinstance(actions.partial, list):
            unknown.append(f"Action not known{label}")
            continue
        action_items = as_list(actions.partial if isinstance(actions, Unknown) else actions)
        broad = [a for a in action_items if isinstance(a, str) and (a == "*" or _SERVICE_WILDCARD.match(a))]
        if any(isinstance(a, Unknown) for a in action_items) and not broad:
            unknown.append(f"an Action is not known{label}")
            continue
        if not broad:
            continue
        if resource_star is None:
            unknown.append(f"Resource not known for {', '.join(broad)}{label}")
            continue
        if resource_star:
            severity = Severity.CRITICAL if "*" in broad else Severity.HIGH
            hits.append((severity, f"Allow Action {', '.join(sorted(broad))} on Resource \"*\"{label}"))
    return hits, unknown


def _policy_sources(resource: Resource, context: Context) -> list[tuple[str, Any]]:
    """(where, policy value) for every document granted to the resource."""
    if resource.type in ("aws_iam_policy", "aws_iam_role_policy"):
        return [(resource.address, resource.attrs.get("policy"))]
    sources: list[tuple[str, Any]] = []
    for child in context.children(resource.address, "aws_iam_role_policy"):
        sources.append((child.address, child.attrs.get("policy")))
    for index, inline in enumerate(blocks(resource.attrs.get("inline_policy"))):
        if isinstance(inline, dict) and inline.get("policy") is not None:
            sources.append((f"inline_policy[{index}]", inline.get("policy")))
    for attachment in context.children(resource.address, "aws_iam_role_policy_attachment"):
        arn = attachment.attrs.get("policy_arn")
        if isinstance(arn, Unknown):
            for address, _ in sorted(arn.origins):
                policy = context.by_address.get(address)
                if policy is not None and policy.type == "aws_iam_policy":
                    sources.append((policy.address, policy.attrs.get("policy")))
    return sources


def _iam_wildcards(resource: Resource, context: Context) -> Verdict:
    sources = _policy_sources(resource, context)
    if not sources:
        return Verdict(Result.PASS, "no inline or attached customer policy documents", "policy")
    hits: list[tuple[Severity, str]] = []
    unknown: list[str] = []
    for where, policy in sources:
        document, why = policy_document(policy)
        if document is None:
            unknown.append(f"{where}: {why}")
            continue
        found, missing = _wildcards(document)
        hits.extend((s, f"{text} in {where}" if where != resource.address else text) for s, text in found)
        unknown.extend(f"{where}: {m}" for m in missing)
    if hits:
        severity, text = max(hits, key=lambda h: h[0].rank)
        more = f" (+{len(hits) - 1} more)" if len(hits) > 1 else ""
        return Verdict(Result.FAIL, text + more, "policy.Statement.Action", severity=severity)
    if unknown:
        return Verdict(Result.UNKNOWN, f"policy not fully known: {unknown[0]}", "policy")
    return Verdict(Result.PASS, f"no Allow of \"*\" or \"service:*\" on Resource \"*\" ({len(sources)} "
                                f"document{'s' if len(sources) != 1 else ''} checked)", "policy")


def _iam_applies(resource: Resource, context: Context) -> bool:
    return resource.type != "aws_iam_role_policy" or not context.folded(resource)


_BROAD_MANAGED = {"AdministratorAccess": Severity.CRITICAL, "AmazonSageMakerFullAccess": Severity.HIGH}


def _ml_role(resource: Resource, context: Context) -> bool:
    trust = resource.attrs.get("assume_role_policy")
    text = json.dumps(trust.partial, default=str) if isinstance(trust, Unknown) else str(trust or "")
    if "sagemaker.amazonaws.com" in text:
        return True
    for edge in context.edges_to.get(resource.address, ()):
        source = context.by_address.get(edge.src)
        kind_ = category(source) if source is not None else None
        if edge.relation == Relation.IAM and kind_ is not None and kind_.value.startswith("ml."):
            return True
    return False


def _policy_name(arn: Any) -> tuple[str | None, bool]:
    """(managed policy name from an ARN, known)."""
    if isinstance(arn, Unknown):
        if isinstance(arn.partial, str) and arn.partial.strip(UNKNOWN_PART):
            arn = arn.partial
        elif arn.origins:
            return None, True  # a customer policy of the configuration
        else:
            return None, False
    if not isinstance(arn, str):
        return None, True
    if ":iam::aws:policy/" not in arn:
        return None, True
    return arn.rsplit("/", 1)[-1], True


def _managed_policies(resource: Resource, context: Context) -> Verdict:
    arns: list[tuple[str, Any]] = []
    for attachment in context.children(resource.address, "aws_iam_role_policy_attachment"):
        arns.append((attachment.address, attachment.attrs.get("policy_arn")))
    managed = resource.attrs.get("managed_policy_arns")
    for arn in (as_list(managed) if not isinstance(managed, Unknown) else [managed]):
        arns.append(("managed_policy_arns", arn))
    name = resource.attrs.get("name")
    for attachment in context.managed("aws_iam_policy_attachment"):
        roles = attachment.attrs.get("roles")
        if (isinstance(name, str) and name in as_list(roles)) or any(
                isinstance(r, Unknown) and any(a == resource.address for a, _ in r.origins) for r in as_list(roles)):
            arns.append((attachment.address, attachment.attrs.get("policy_arn")))
    unknown = []
    hits = []
    for where, arn in arns:
        policy, known = _policy_name(arn)
        if not known:
            unknown.append(where)
        elif policy in _BROAD_MANAGED:
            hits.append((_BROAD_MANAGED[policy], f"AWS managed {policy} attached to an ML execution role ({where})"))
    if hits:
        severity, text = max(hits, key=lambda h: h[0].rank)
        return Verdict(Result.FAIL, text, "policy_arn", severity=severity)
    if unknown:
        return Verdict(Result.UNKNOWN, f"policy_arn not known ({unknown[0]})", "policy_arn")
    return Verdict(Result.PASS, f"no AdministratorAccess or AmazonSageMakerFullAccess among {len(arns)} attached "
                                f"polic{'ies' if len(arns) != 1 else 'y'}", "policy_arn")


def _kms_rotation(resource: Resource, context: Context) -> Verdict:
    spec = resource.attrs.get("customer_master_key_spec") or resource.attrs.get("key_spec") or "SYMMETRIC_DEFAULT"
    if isinstance(spec, str) and spec != "SYMMETRIC_DEFAULT":
        return Verdict(Result.PASS, f"customer_master_key_spec = {spec}: automatic rotation does not apply",
                       "customer_master_key_spec")
    value = resource.attrs.get("enable_key_rotation")
    if isinstance(value, Unknown):
        return Verdict(Result.UNKNOWN, f"enable_key_rotation = {fmt(value)}", "enable_key_rotation")
    if value is None:
        return Verdict(Result.FAIL, "enable_key_rotation not set: provider default false", "enable_key_rotation",
                       default_applied=True)
    enabled = value is True or str(value).lower() == "true"
    return Verdict(Result.PASS if enabled else Result.FAIL, f"enable_key_rotation = {fmt(value)}",
                   "enable_key_rotation")


# ------------------------------------------------------------------------------- registry

CODE: tuple[Rule, ...] = (
    Rule("I2A-AWS-006", L, "SageMaker endpoint does not capture inference data",
         ("aws_sagemaker_endpoint_configuration",),
         "Add data_capture_config with enable_capture = true (and a KMS key) to monitor model inputs and outputs.",
         _data_capture),
    Rule("I2A-AWS-011", M, "SageMaker feature group online store not encrypted with a customer KMS key",
         ("aws_sagemaker_feature_group",),
         "Set online_store_config.security_config.kms_key_id to a customer-managed KMS key.",
         _store_kms("online_store_config", "online_store_config.security_config.kms_key_id",
                    "online_store_config.enable_online_store")),
    Rule("I2A-AWS-012", M, "SageMaker feature group offline store not encrypted with a customer KMS key",
         ("aws_sagemaker_feature_group",),
         "Set offline_store_config.s3_storage_config.kms_key_id to a customer-managed KMS key.",
         _store_kms("offline_store_config", "offline_store_config.s3_storage_config.kms_key_id", None),
         refs=("prowler:sagemaker_feature_group_offline_store_encrypted_with_cmk",)),
    Rule("I2A-AWS-017", I, "SageMaker model not tracked in a model registry", ("aws_sagemaker_model",),
         "Register model versions in an aws_sagemaker_model_package_group and deploy from model packages.",
         _model_registry, refs=("prowler:sagemaker_models_registry_in_use",)),
    Rule("I2A-AWS-018", H, "S3 bucket without a complete public access block",
         ("aws_s3_bucket", "aws_s3_bucket_public_access_block"),
         "Add aws_s3_bucket_public_access_block with all four flags true.",
         _public_access_block, refs=("CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56",
                                     "prowler:s3_bucket_level_public_access_block"),
         applies=_pab_applies),
    Rule("I2A-AWS-019", L, "S3 bucket not encrypted with a customer KMS key", ("aws_s3_bucket",),
         "Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = \"aws:kms\" and a "
         "customer-managed kms_master_key_id.",
         _s3_encryption, refs=("CKV_AWS_145", "prowler:s3_bucket_kms_encryption")),
    Rule("I2A-AWS-020", L, "S3 bucket versioning not enabled", ("aws_s3_bucket",),
         "Add aws_s3_bucket_versioning with status = \"Enabled\" (model artifacts and training data).",
         _s3_versioning, refs=("CKV_AWS_21", "prowler:s3_bucket_object_versioning")),
    Rule("I2A-AWS-021", H, "S3 bucket policy allows Principal \"*\" without a condition", ("aws_s3_bucket",),
         "Name the principals in Allow statements, or add a condition (aws:SourceVpce, aws:PrincipalOrgID).",
         _bucket_policy, refs=("CKV_AWS_70", "prowler:s3_bucket_public_access")),
    Rule("I2A-AWS-026", L, "CloudWatch log group without a retention period", ("aws_cloudwatch_log_group",),
         "Set retention_in_days to the period your policy requires (PCI DSS: at least 365).",
         _log_retention, refs=("CKV_AWS_66", "prowler:cloudwatch_log_group_retention_policy_specific_days_enabled")),
    Rule("I2A-AWS-027", H, "Security group allows ingress from 0.0.0.0/0 or ::/0",
         ("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"),
         "Restrict ingress to known CIDRs or security groups; reach instances through a load balancer, "
         "SSM Session Manager or a VPN instead of open ports.",
         _security_group, applies=_sg_applies,
         severity_note="critical for ports 22, 3389 or all ports",
         refs=("CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277",
               "prowler:ec2_securitygroup_allow_ingress_from_internet_to_all_ports",
               "prowler:ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22")),
    Rule("I2A-AWS-028", M, "Default security group does not restrict all traffic", ("aws_default_security_group",),
         "Remove every ingress and egress rule from aws_default_security_group; use dedicated groups.",
         _default_sg, refs=("CKV2_AWS_12", "prowler:ec2_securitygroup_default_restrict_traffic")),
    Rule("I2A-AWS-030", M, "VPC flow logs not enabled", ("aws_vpc",),
         "Add an aws_flow_log for the VPC (to CloudWatch Logs or S3).",
         _flow_logs, refs=("CKV2_AWS_11", "prowler:vpc_flow_logs_enabled")),
    Rule("I2A-AWS-032", M, "API Gateway route or method without authorization",
         ("aws_apigatewayv2_route", "aws_api_gateway_method"),
         "Set authorization_type (JWT, AWS_IAM or CUSTOM) / authorization with an authorizer.",
         _api_authorization, refs=("CKV_AWS_59", "CKV_AWS_309", "prowler:apigateway_restapi_authorizers_enabled")),
    Rule("I2A-AWS-034", L, "Lambda environment variables not encrypted with a customer KMS key",
         ("aws_lambda_function",),
         "Set kms_key_arn to a customer-managed KMS key.",
         _lambda_env_kms, refs=("CKV_AWS_173",)),
    Rule("I2A-AWS-035", I, "Internet-facing load balancer without a WAF web ACL", ("aws_lb", "aws_alb"),
         "Associate an aws_wafv2_web_acl with the load balancer.",
         _lb_waf, refs=("CKV2_AWS_28", "prowler:elbv2_waf_acl_attached")),
    Rule("I2A-AWS-036", H, "IAM policy allows \"*\" or \"service:*\" actions on Resource \"*\"",
         ("aws_iam_role", "aws_iam_policy", "aws_iam_role_policy"),
         "Grant only the actions the workload uses, on the ARNs it uses.",
         _iam_wildcards, applies=_iam_applies,
         severity_note='critical for Action "*"',
         refs=("CKV_AWS_62", "CKV_AWS_63", "prowler:iam_inline_policy_no_administrative_privileges",
               "prowler:iam_customer_attached_policy_no_administrative_privileges")),
    Rule("I2A-AWS-037", H, "AWS managed AdministratorAccess or AmazonSageMakerFullAccess on an ML execution role",
         ("aws_iam_role",),
         "Replace broad AWS managed policies with a least-privilege policy for the role's jobs, models and data.",
         _managed_policies, applies=_ml_role, scope="ML execution roles (trusted by SageMaker or used by ML "
                                                     "resources)",
         severity_note="critical for AdministratorAccess",
         refs=("CKV_AWS_274", "prowler:sagemaker_full_access_policy_attached",
               "prowler:iam_aws_attached_policy_no_administrative_privileges")),
    Rule("I2A-AWS-038", M, "KMS key rotation not enabled", ("aws_kms_key",),
         "Set enable_key_rotation = true.",
         _kms_rotation, refs=("CKV_AWS_7", "prowler:kms_cmk_rotation_enabled")),
)

RULES: tuple[Rule, ...] = TABLE + CODE

__all__ = ["RULES", "policy_document", "statements"]


# --- OpenSearch Serverless (Bedrock knowledge bases) -------------------------------------------------------

def _aoss_public(resource: Resource, context: Context) -> Verdict:
    from infra2arch.annotate.network import aoss_network_access

    if "aoss" not in context.memo:
        context.memo["aoss"] = aoss_network_access(context.graph)
    policies = context.memo["aoss"].get(resource.address, [])
    if not policies:
        return Verdict(Result.UNKNOWN, "no network policy in the input names this collection "
                                       "(a collection cannot exist without one)", "network policy")
    public = [p for p, allowed in policies if allowed is True]
    if public:
        return Verdict(Result.FAIL, f"network policy {', '.join(sorted(set(public)))} sets AllowFromPublic = true: "
                                    "the collection endpoint (and dashboards) accept traffic from the internet",
                       "AllowFromPublic")
    unknown = [p for p, allowed in policies if allowed is None]
    if unknown:
        return Verdict(Result.UNKNOWN, f"AllowFromPublic of {', '.join(sorted(set(unknown)))} is not known",
                       "AllowFromPublic")
    return Verdict(Result.PASS, f"network policy {', '.join(sorted({p for p, _ in policies}))} allows only VPC "
                                "endpoints / AWS services", "AllowFromPublic")


RULES = RULES + (
    Rule("I2A-AWS-040", H, "OpenSearch Serverless collection open to the public internet",
         ("aws_opensearchserverless_collection", "awscc_opensearchserverless_collection"),
         "Give the collection a network policy with AllowFromPublic = false and SourceVPCEs (an "
         "aws_opensearchserverless_vpc_endpoint) or SourceServices = [\"bedrock.amazonaws.com\"].",
         _aoss_public, refs=("prowler:opensearch_service_domains_not_publicly_accessible",)),
)
