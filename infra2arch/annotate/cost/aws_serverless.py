"""Pricers for AWS serverless compute that bills while idle: App Runner services (provisioned
memory) and Lambda provisioned concurrency."""

from __future__ import annotations

from typing import Any

from infra2arch.annotate.cost.builder import _Builder, _first, _num_or, _number, _prices
from infra2arch.model import Unknown


def lambda_provisioned_concurrency(b: _Builder) -> None:
    """Components of a function for its provisioned concurrency configurations (folded into it):
    warm instances all month, concurrency × memory (GB) × seconds at its architecture's rate."""
    attrs = b.resource.attrs
    architectures = attrs.get("architectures")
    arm = isinstance(architectures, list) and architectures[:1] == ["arm64"]
    sku = "provisioned-concurrency-arm64" if arm else "provisioned-concurrency-x86_64"
    memory = _num_or(attrs.get("memory_size"), 128.0)
    for config in b.ctx.children.get(b.resource.address, ()):
        if config.type != "aws_lambda_provisioned_concurrency_config":
            continue
        count = _number(config.attrs.get("provisioned_concurrent_executions"))
        unknown = next((v for v in (memory, count) if isinstance(v, Unknown)), None)
        if count is None or unknown is not None:
            b.unknown = True
            reason = unknown.reason if unknown is not None else "provisioned_concurrent_executions not set"
            b._add(f"provisioned concurrency ({config.address})", "GB-second", None, b.lookup("aws.lambda", sku),
                   reason)
            continue
        b.fixed(f"provisioned concurrency ({count:g} × {memory:g} MB, {config.address})", "aws.lambda", sku,
                count * memory / 1024 * b.hours * 3600, note="billed all month whether invoked or not")


# ---- App Runner

def _apprunner_size(value: Any, default: float, per_unit: float) -> float | Unknown:
    """"2048" (MB or CPU units) or "2 GB" / "1 vCPU" as GB or vCPU."""
    if isinstance(value, Unknown):
        return value
    if value is None:
        return default
    text = str(value).strip().lower()
    number = text.split()[0] if text else ""
    try:
        amount = float(number)
    except ValueError:
        return Unknown(f"unrecognised size {value!r}")
    return amount if text.endswith(("gb", "vcpu")) else amount / per_unit


@_prices("aws_apprunner_service")
def _apprunner(b: _Builder) -> None:
    """Memory of every instance all month (at least the auto scaling minimum stays provisioned),
    vCPU only while instances are active (usage), and $1 a month for automatic deployments."""
    attrs = b.resource.attrs
    instance = _first(attrs.get("instance_configuration"))
    memory = _apprunner_size(instance.get("memory"), 2.0, 1024.0)
    vcpu = _apprunner_size(instance.get("cpu"), 1.0, 1024.0)
    minimum: Any = 1.0
    for edge in b.ctx.out_edges.get(b.resource.address, ()):
        scaling = b.ctx.by_address.get(edge.dst)
        if scaling is not None and scaling.type == "aws_apprunner_auto_scaling_configuration_version" \
                and edge.via.startswith("auto_scaling_configuration_arn"):
            minimum = _num_or(scaling.attrs.get("min_size"), 1.0)
    entry = b.lookup("aws.apprunner", "memory-gb-hour")
    if isinstance(memory, Unknown) or isinstance(minimum, Unknown):
        b.unknown = True
        reason = memory.reason if isinstance(memory, Unknown) else f"auto scaling min_size is unknown ({minimum.reason})"
        b._add("instance memory (GB-hours)", "GB-hour", None, entry, reason)
    else:
        b.fixed(f"instance memory ({memory:g} GB × {minimum:g} instance(s) minimum)", "aws.apprunner", "memory-gb-hour",
                memory * minimum * b.hours, note="more instances bill while traffic scales the service out")
    size = f"{vcpu:g} vCPU" if not isinstance(vcpu, Unknown) else "vCPU unknown"
    b.usage_based(f"active vCPU-hours ({size})", "aws.apprunner", "active-vcpu-hour", "vcpu_hours",
                  note="vCPU bills only while instances process requests: set vcpu_hours")
    source = _first(attrs.get("source_configuration"))
    if source.get("auto_deployments_enabled", True) is True:
        b.fixed("automatic deployments", "aws.apprunner", "automatic-deployment", 1.0,
                note="source_configuration.auto_deployments_enabled" + (" default true" if
                                                                         "auto_deployments_enabled" not in source else ""))


@_prices("aws_apprunner_vpc_connector", "aws_apprunner_vpc_ingress_connection", "aws_apprunner_custom_domain_association",
         "aws_apprunner_auto_scaling_configuration_version", "aws_apprunner_observability_configuration",
         "aws_apprunner_connection", "aws_apprunner_default_auto_scaling_configuration_version")
def _apprunner_free(b: _Builder) -> None:
    b.free("free itself: the App Runner service bills its instances (a VPC connector's traffic bills as VPC traffic)")
