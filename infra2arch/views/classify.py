"""How resources are named and sorted on a map: service families, display names, key facts."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.annotate.network import PUBLIC, PRIVATE, ISOLATED
from infra2arch.catalog import Category, Kind
from infra2arch.model import Graph, Resource, Unknown


# service families for resources that sit in a region (or account) but in no network
_FAMILIES: tuple[tuple[str, frozenset[str]], ...] = (
    ("Edge & APIs", frozenset({"network.api", "network.cdn", "network.load-balancer", "network.dns"})),
    ("Machine learning", frozenset({c.value for c in Category if c.value.startswith("ml.")})),
    ("Compute", frozenset({"compute.function", "compute.vm", "compute.container"})),
    ("Data & storage", frozenset({"storage.object", "storage.database", "storage.warehouse", "storage.registry",
                                  "storage.queue", "storage.config"})),
    ("Keys & secrets", frozenset({"security.key", "security.secret"})),
    ("Identity", frozenset({"iam.role", "iam.policy", "iam.binding"})),
    ("Operations", frozenset({"ops.logging", "ops.monitoring", "ops.cicd", "ops.workflow"})),
    ("Network services", frozenset({"network.gateway", "network.public-ip", "network.private-endpoint",
                                     "network.firewall", "network.route", "network.vpc", "network.subnet"})),
)
ACCOUNT_LEVEL_FAMILIES = frozenset({"Identity"})
# categories the engineering view does not draw as nodes (and says so): they become labels or edges
NOT_DRAWN = {
    Category.NETWORK_ROUTE: "route tables and routes (shown as subnet tiers)",
    Category.NETWORK_FIREWALL: "security groups, NSGs and firewall rules (drawn as the network edges they allow)",
    Category.IAM_BINDING: "IAM bindings and attachments (drawn as IAM edges)",
}
CLOUD_NAMES = {"aws": "AWS", "google": "Google Cloud", "azurerm": "Azure", "azuread": "Microsoft Entra ID"}
ACCOUNT_WORD = {"aws": "account", "google": "project", "azurerm": "subscription", "azuread": "tenant"}
TIER_STYLE = {
    PUBLIC: {"bgcolor": "#FDECEC", "pencolor": "#D9534F"},
    PRIVATE: {"bgcolor": "#EAF4EA", "pencolor": "#4C9A4C"},
    ISOLATED: {"bgcolor": "#EEF0F3", "pencolor": "#6B7280"},
}


ZONE_ORDER = ("internet", "edge", "private-app", "provider-managed", "data", "management")
# the labels here are fallbacks: the maps caption each area from its members' egress (zones.zone_captions)
ZONE_STYLES: dict[str, tuple[str, dict[str, str]]] = {
    "edge": ("EDGE: reachable from the internet", {"bgcolor": "#FDECEC", "pencolor": "#C0392B", "penwidth": "2"}),
    "private-app": ("PRIVATE APP", {"bgcolor": "#EAF7EA", "pencolor": "#2E7D32"}),
    "provider-managed": ("PROVIDER-MANAGED: runs in the cloud provider's network",
                         {"bgcolor": "#FFF8E1", "pencolor": "#B7950B", "style": "dashed"}),
    "data": ("DATA: stores, no internet route", {"bgcolor": "#E8F1FB", "pencolor": "#1F5FA8"}),
    "management": ("MANAGEMENT: identity, keys, logging, CI/CD", {"bgcolor": "#F3F0F8", "pencolor": "#6B4FA0"}),
}


def family_of(record: Kind | None) -> str:
    if record is None:
        return "Other"
    for name, categories in _FAMILIES:
        if record.category.value in categories:
            return name
    return "Other"


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return None


def _first_block(value: Any) -> dict:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


def display_name(resource: Resource) -> str:
    """The Terraform name with its instance key: what an engineer finds in the code."""
    name = resource.name
    if resource.instances_unknown:
        requested = resource.instance_key.partial if isinstance(resource.instance_key, Unknown) else None
        return f"{name} [×{requested:,}]" if type(requested) is int else f"{name} [×?]"
    if resource.instance_key is not None:
        key = resource.instance_key
        return f"{name}[{key}]" if isinstance(key, int) else f'{name}["{key}"]'
    return name


def key_fact(resource: Resource, graph: Graph, by_address: Mapping[str, Resource]) -> str:
    """The one fact a reader needs on the node: instance type × count, CIDR, runtime..."""
    attrs = resource.attrs
    t = resource.type
    if t == "aws_sagemaker_endpoint":
        for edge in graph.edges:
            if edge.src == resource.address and by_address.get(edge.dst) and by_address[edge.dst].type == "aws_sagemaker_endpoint_configuration":
                return key_fact(by_address[edge.dst], graph, by_address)
        return ""
    if t == "aws_sagemaker_endpoint_configuration":
        variants = attrs.get("production_variants")
        facts = []
        for variant in variants if isinstance(variants, list) else []:
            if not isinstance(variant, dict):
                continue
            serverless = _first_block(variant.get("serverless_config"))
            if serverless:
                facts.append(f"serverless {_text(serverless.get('memory_size_in_mb')) or '?'} MB")
            else:
                facts.append(f"{_text(variant.get('instance_type')) or '?'} × {_text(variant.get('initial_instance_count')) or '?'}")
        return ", ".join(facts)
    if t in ("aws_vpc", "aws_subnet", "aws_default_vpc", "aws_default_subnet"):
        return _text(attrs.get("cidr_block")) or ""
    if t == "google_compute_subnetwork":
        return _text(attrs.get("ip_cidr_range")) or ""
    if t in ("azurerm_subnet",):
        prefixes = attrs.get("address_prefixes")
        return ", ".join(p for p in prefixes if isinstance(p, str)) if isinstance(prefixes, list) else ""
    if t == "azurerm_virtual_network":
        space = attrs.get("address_space")
        return ", ".join(p for p in space if isinstance(p, str)) if isinstance(space, list) else ""
    if t in ("aws_sagemaker_notebook_instance", "aws_instance"):
        return _text(attrs.get("instance_type")) or ""
    if t == "aws_lambda_function":
        runtime = _text(attrs.get("runtime")) or ("container" if attrs.get("package_type") == "Image" else "")
        memory = _text(attrs.get("memory_size"))
        return f"{runtime}{', ' + memory + ' MB' if memory else ''}".strip(", ")
    if t == "google_workbench_instance":
        return _text(_first_block(attrs.get("gce_setup")).get("machine_type")) or ""
    if t in ("google_notebooks_instance", "google_compute_instance"):
        return _text(attrs.get("machine_type")) or ""
    if t in ("azurerm_machine_learning_compute_instance", "azurerm_machine_learning_compute_cluster"):
        size = _text(attrs.get("vm_size") or attrs.get("virtual_machine_size")) or "?"
        scale = _first_block(attrs.get("scale_settings"))
        if scale:
            return f"{size} × {_text(scale.get('min_node_count')) or '?'}–{_text(scale.get('max_node_node_count') or scale.get('max_node_count')) or '?'}"
        return size
    if t == "google_vertex_ai_endpoint":
        if attrs.get("private_service_connect_config"):
            return "private service connect"
        return "VPC peered" if attrs.get("network") else "public endpoint"
    if t == "aws_nat_gateway":
        return "NAT"
    if t in ("azapi_resource", "azapi_update_resource"):
        return _arm_type(attrs)
    return ""


# ARM resource types that AzAPI modules (Azure Verified Modules) create for ML estates, by the name
# a reader knows them by; any other type is shown as Namespace/type
_ARM_NAMES = {
    "microsoft.machinelearningservices/workspaces": "Azure ML workspace",
    "microsoft.machinelearningservices/workspaces/computes": "Azure ML compute",
    "microsoft.machinelearningservices/workspaces/onlineendpoints": "Azure ML online endpoint",
    "microsoft.machinelearningservices/workspaces/connections": "Azure ML connection",
    "microsoft.cognitiveservices/accounts": "Azure AI account",
    "microsoft.cognitiveservices/accounts/deployments": "model deployment",
    "microsoft.cognitiveservices/accounts/projects": "AI Foundry project",
    "microsoft.search/searchservices": "AI Search service",
    "microsoft.network/privateendpoints": "private endpoint",
    "microsoft.storage/storageaccounts": "storage account",
    "microsoft.keyvault/vaults": "Key Vault",
    "microsoft.containerregistry/registries": "container registry",
}


def _arm_type(attrs: Mapping[str, Any]) -> str:
    """What an AzAPI resource is: its ARM type without the API version, and the kind in its body
    (Hub, Project, OpenAI, AIServices)."""
    arm = attrs.get("type")
    if not isinstance(arm, str) or "/" not in arm:
        return ""
    base = arm.split("@", 1)[0]
    name = _ARM_NAMES.get(base.lower()) or base.removeprefix("Microsoft.")
    body = attrs.get("body")
    kind_ = body.get("kind") if isinstance(body, dict) else None
    return f"{name} ({kind_})" if isinstance(kind_, str) and kind_ else name


# ------------------------------------------------------------------------------------ building
