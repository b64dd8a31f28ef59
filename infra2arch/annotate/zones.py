"""Security zones and planes for every resource, and the boundary crossings between them.

Rules from shared/reference/zones.md: routes and gateways make subnets public or private; public
IPs, internet-facing load balancers, public endpoints and ML settings (a SageMaker notebook's
direct internet access, an Azure ML workspace's public network access, a Workbench public IP …)
put a resource at the edge, with provider defaults applied when the attribute is absent. Data
stores are in the data zone unless public; identity, keys and operations are management.
"""

from __future__ import annotations

import fnmatch
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from infra2arch.annotate.model import Crossing, Plane, Zone, ZoneInfo
from infra2arch.annotate.network import ISOLATED, PRIVATE, PUBLIC, entry_points, subnet_tiers
from infra2arch.catalog import Category, kind
from infra2arch.model import Graph, Relation, Resource, Unknown

INTERNET = "synthetic:internet"

_MANAGEMENT = frozenset({Category.IAM_ROLE, Category.IAM_POLICY, Category.IAM_BINDING, Category.SECURITY_KEY,
                         Category.SECURITY_SECRET, Category.OPS_LOGGING, Category.OPS_MONITORING,
                         Category.OPS_CICD, Category.OPS_WORKFLOW, Category.ORG_GROUP, Category.NETWORK_FIREWALL,
                         Category.NETWORK_ROUTE, Category.NETWORK_DNS, Category.ML_CONFIG, Category.OTHER})
_DATA = frozenset({Category.STORAGE_OBJECT, Category.STORAGE_DATABASE, Category.STORAGE_WAREHOUSE,
                   Category.STORAGE_REGISTRY, Category.STORAGE_QUEUE, Category.STORAGE_CONFIG,
                   Category.ML_FEATURE_STORE, Category.ML_DATASET, Category.ML_REGISTRY, Category.ML_INDEX,
                   Category.ML_MONITORING})
_EDGE = frozenset({Category.NETWORK_API, Category.NETWORK_CDN, Category.NETWORK_PUBLIC_IP})
# runs somewhere: in the customer's network when placed in a subnet, else in the provider's
_RUNS = frozenset({Category.COMPUTE_FUNCTION, Category.COMPUTE_VM, Category.COMPUTE_CONTAINER,
                   Category.ML_NOTEBOOK, Category.ML_COMPUTE, Category.ML_TRAINING, Category.ML_MODEL,
                   Category.ML_ENDPOINT, Category.ML_ENDPOINT_CONFIG, Category.ML_DEPLOYMENT,
                   Category.ML_PIPELINE, Category.ML_WORKSPACE, Category.NETWORK_LOAD_BALANCER,
                   Category.NETWORK_GATEWAY, Category.NETWORK_PRIVATE_ENDPOINT})
_ZONE_ORDER = {Zone.INTERNET: 0, Zone.EDGE: 1, Zone.PRIVATE_APP: 2, Zone.DATA: 3, Zone.MANAGEMENT: 4}


@dataclass(frozen=True)
class ZoneOverride:
    """From infra2arch.yaml: ``address`` (a glob) or ``tag`` ("Key=Value" or "Key") -> zone."""

    zone: Zone
    address: str | None = None
    tag: str | None = None
    plane: Plane | None = None

    def matches(self, resource: Resource) -> bool:
        if self.address is not None and not fnmatch.fnmatchcase(resource.address, self.address):
            return False
        if self.tag is not None:
            tags = resource.attrs.get("tags") or resource.attrs.get("labels") or {}
            if not isinstance(tags, dict):
                return False
            key, _, value = self.tag.partition("=")
            if key not in tags or (value and str(tags[key]) != value):
                return False
        return self.address is not None or self.tag is not None


def _absent_or(attrs: Mapping[str, Any], key: str, *values: Any) -> tuple[bool, bool]:
    """(matches, default_applied): the attribute equals one of values, or is absent."""
    if key not in attrs or attrs[key] is None:
        return True, True
    return attrs[key] in values, False


def _first(value: Any) -> dict:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


def _public_signals(resource: Resource, graph: Graph, children: Mapping[str, list[Resource]]) -> list[str]:
    """Reasons this resource is reachable from the internet by its own settings (defaults applied)."""
    attrs = resource.attrs
    t = resource.type
    reasons: list[str] = []
    if t == "aws_sagemaker_notebook_instance":
        hit, default = _absent_or(attrs, "direct_internet_access", "Enabled")
        if hit:
            reasons.append("direct internet access" + (" (provider default Enabled)" if default else " Enabled"))
    elif t == "aws_sagemaker_domain":
        hit, default = _absent_or(attrs, "app_network_access_type", "PublicInternetOnly")
        if hit:
            reasons.append("Studio apps use the public internet" + (" (provider default PublicInternetOnly)" if default else ""))
    elif t == "azurerm_machine_learning_workspace":
        hit, default = _absent_or(attrs, "public_network_access_enabled", True)
        if hit:
            reasons.append("public network access" + (" (provider default true)" if default else " enabled"))
    elif t in ("azurerm_machine_learning_compute_instance", "azurerm_machine_learning_compute_cluster"):
        key = "node_public_ip_enabled" if "node_public_ip_enabled" in attrs or "enable_node_public_ip" not in attrs else "enable_node_public_ip"
        hit, default = _absent_or(attrs, key, True)
        if hit:
            reasons.append("nodes get a public IP" + (" (provider default true)" if default else ""))
    elif t == "google_workbench_instance":
        setup = _first(attrs.get("gce_setup"))
        hit, default = _absent_or(setup, "disable_public_ip", False)
        if hit:
            reasons.append("public IP" + (" (gce_setup.disable_public_ip default false)" if default else ""))
    elif t == "google_notebooks_instance":
        hit, default = _absent_or(attrs, "no_public_ip", False)
        if hit:
            reasons.append("public IP" + (" (no_public_ip default false)" if default else ""))
    elif t == "aws_instance" and attrs.get("associate_public_ip_address") is True:
        reasons.append("associate_public_ip_address = true")
    elif t == "aws_s3_bucket":
        for child in children.get(resource.address, ()):
            if child.type == "aws_s3_bucket_acl" and str(child.attrs.get("acl", "")).startswith("public-read"):
                reasons.append(f"public ACL {child.attrs.get('acl')} ({child.address})")
            if child.type == "aws_s3_bucket_policy" and _policy_is_public(child.attrs.get("policy")):
                reasons.append(f"bucket policy allows Principal \"*\" without a condition ({child.address})")
        if str(attrs.get("acl", "")).startswith("public-read"):
            reasons.append(f"public ACL {attrs.get('acl')}")
    elif t == "google_storage_bucket":
        for child in children.get(resource.address, ()):
            members = [child.attrs.get("member")] + list(child.attrs.get("members") or [])
            if any(m in ("allUsers", "allAuthenticatedUsers") for m in members if isinstance(m, str)):
                reasons.append(f"IAM grants {child.attrs.get('role')} to allUsers ({child.address})")
    elif t == "azurerm_storage_container":
        if attrs.get("container_access_type") in ("blob", "container"):
            reasons.append(f"container access type {attrs.get('container_access_type')}")
    elif t == "azurerm_storage_account":
        hit, default = _absent_or(attrs, "public_network_access_enabled", True)
        rules = _first(attrs.get("network_rules"))
        deny = rules.get("default_action") == "Deny" or any(
            c.type == "azurerm_storage_account_network_rules" and c.attrs.get("default_action") == "Deny"
            for c in children.get(resource.address, ()))
        if hit and not deny:
            reasons.append("public network access" + (" (provider default true)" if default else " enabled")
                           + " with no default-deny network rules")
    return reasons


def _policy_is_public(policy: Any) -> bool:
    document = policy.partial if isinstance(policy, Unknown) else policy
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return False
    if not isinstance(document, dict):
        return False
    statements = document.get("Statement")
    statements = [statements] if isinstance(statements, dict) else statements or []
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow" or statement.get("Condition"):
            continue
        principal = statement.get("Principal")
        if principal == "*" or (isinstance(principal, dict) and principal.get("AWS") in ("*", ["*"])):
            return True
    return False


def annotate_zones(graph: Graph, overrides: Iterable[ZoneOverride] = ()) -> tuple[dict[str, ZoneInfo], tuple[Crossing, ...]]:
    overrides = tuple(overrides)
    resources = graph.by_address()
    tiers = subnet_tiers(graph)
    entries = entry_points(graph)
    children: dict[str, list[Resource]] = defaultdict(list)
    for child, parent in graph.folded.items():
        if child in resources:
            children[parent].append(resources[child])
    parents: dict[str, list[str]] = defaultdict(list)
    for item in graph.containment:
        parents[item.child].append(item.parent)
    network_groups = {a for a, r in resources.items() if (k := kind(r.type)) is not None
                      and k.category in (Category.NETWORK_VPC, Category.NETWORK_SUBNET)}

    zones: dict[str, ZoneInfo] = {INTERNET: ZoneInfo(Zone.INTERNET, Plane.NONE, ("the internet (untrusted)",))}
    for address, resource in sorted(resources.items()):
        record = kind(resource.type)
        category = record.category if record else Category.OTHER
        reasons: list[str] = []
        placed = [p for p in parents.get(address, []) if p in network_groups]
        subnet_tiers_here = sorted({tiers[p] for p in placed if p in tiers})
        elsewhere = not placed and _names_a_network(resource, record)
        plane = Plane.CUSTOMER if placed or elsewhere else (
            Plane.PROVIDER if category in _RUNS or category in _DATA or category in _EDGE else Plane.NONE)
        if category == Category.NETWORK_SUBNET:
            tier = tiers.get(address, "unknown")
            zone = {PUBLIC: Zone.EDGE, PRIVATE: Zone.PRIVATE_APP, ISOLATED: Zone.DATA}.get(tier, Zone.PRIVATE_APP)
            reasons.append(f"{tier} subnet" if tier != "unknown" else "subnet with no route to an internet gateway known")
            plane = Plane.CUSTOMER
        elif category == Category.NETWORK_VPC:
            zone, plane = Zone.PRIVATE_APP, Plane.CUSTOMER
            reasons.append("network boundary")
        elif category in _MANAGEMENT:
            zone = Zone.MANAGEMENT
            reasons.append(f"{category.value}: control and operations plane")
        elif category in _DATA:
            zone = Zone.DATA
            reasons.append(f"{category.value}: stores data")
        elif category in _EDGE and not _internal_address(resource):
            zone = Zone.EDGE
            reasons.append(f"{category.value}: reachable from the internet")
        elif resource.type in ("aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_nat_gateway",
                               "google_compute_router_nat", "azurerm_nat_gateway", "azurerm_bastion_host",
                               "azurerm_firewall"):
            zone = Zone.EDGE
            reasons.append("gateway between the network and the internet")
        elif PUBLIC in subnet_tiers_here:
            zone = Zone.EDGE
            reasons.append("placed in a public subnet (route to an internet gateway)")
        elif elsewhere:
            zone = Zone.PRIVATE_APP
            reasons.append("placed in a network that is not in the scanned code (its subnet or network is set)")
        elif placed:
            zone = Zone.PRIVATE_APP
            known = [t for t in subnet_tiers_here if t != "unknown"]
            reasons.append("placed in " + (", ".join(f"{t} subnet" for t in known) or "a network with no public route"))
        else:
            zone = Zone.PRIVATE_APP
            reasons.append("not placed in any network: runs in the provider-managed plane" if plane == Plane.PROVIDER
                           else "no network placement")
        if address in entries:
            zone = Zone.EDGE
            reasons.append(entries[address])
        public = _public_signals(resource, graph, children)
        if public:
            zone = Zone.EDGE
            reasons.extend(public)
        info = ZoneInfo(zone, plane, tuple(reasons))
        for override in overrides:
            if override.matches(resource):
                info = ZoneInfo(override.zone, override.plane or plane,
                                (f"override in infra2arch.yaml ({override.address or 'tag ' + str(override.tag)})",) + tuple(reasons),
                                overridden=True)
        zones[address] = info
    _inherit_serving_placement(graph, zones, resources)
    return zones, _crossings(graph, zones, entries)


def _inherit_serving_placement(graph: Graph, zones: dict[str, ZoneInfo], resources: Mapping[str, Resource]) -> None:
    """A SageMaker-style endpoint runs where its model runs: endpoint -> configuration -> model."""
    serving = (Category.ML_ENDPOINT_CONFIG, Category.ML_ENDPOINT)
    for category in serving:  # configurations first, then the endpoints that use them
        for edge in graph.edges:
            source = resources.get(edge.src)
            record = kind(source.type) if source else None
            if record is None or record.category != category or edge.relation != Relation.INVOKES:
                continue
            target = zones.get(edge.dst)
            current = zones.get(edge.src)
            if target is None or current is None or current.overridden or current.plane != Plane.PROVIDER:
                continue
            if target.plane == Plane.CUSTOMER:
                zone = current.zone if current.zone == Zone.EDGE else target.zone
                zones[edge.src] = ZoneInfo(zone, Plane.CUSTOMER,
                                           (f"serves {edge.dst}, which runs in the customer network",) + current.reasons[1:])


_NETWORK_KEYS = frozenset({"subnet_id", "subnet_ids", "subnets", "vpc_id", "network", "subnetwork",
                           "subnet_resource_id", "vnet_subnet_id", "infrastructure_subnet_id", "vpc_zone_identifier"})


def _names_a_network(resource: Resource, record) -> bool:
    """A placement attribute is set (to a value or an unknown from a module not in the code): the
    resource runs in a customer network even though that network is not in the graph."""
    def walk(value: Any, depth: int) -> bool:
        if depth > 4:
            return False
        if isinstance(value, dict):
            for key, item in value.items():
                if key in _NETWORK_KEYS and item not in (None, "", [], {}):
                    return True
                if isinstance(item, (dict, list)) and walk(item, depth + 1):
                    return True
        elif isinstance(value, list):
            return any(walk(item, depth + 1) for item in value)
        return False

    return walk(dict(resource.attrs), 0)


def _internal_address(resource: Resource) -> bool:
    attrs = resource.attrs
    return resource.type in ("google_compute_global_address", "google_compute_address") and (
        attrs.get("address_type") == "INTERNAL" or attrs.get("purpose") in ("VPC_PEERING", "PRIVATE_SERVICE_CONNECT",
                                                                               "GCE_ENDPOINT", "SHARED_LOADBALANCER_VIP"))


def _crossings(graph: Graph, zones: Mapping[str, ZoneInfo], entries: Mapping[str, str]) -> tuple[Crossing, ...]:
    resources = graph.by_address()
    uses: dict[str, list[str]] = defaultdict(list)          # resource -> firewall-like controls it uses
    subnet_of: dict[str, list[str]] = defaultdict(list)
    for item in graph.containment:
        subnet_of[item.child].append(item.parent)
    for edge in graph.edges:
        target = resources.get(edge.dst)
        record = kind(target.type) if target else None
        if record and record.category in (Category.NETWORK_FIREWALL,) and edge.relation == Relation.NETWORK:
            uses[edge.src].append(edge.dst)
        if record and record.category == Category.NETWORK_PRIVATE_ENDPOINT:
            uses[edge.src].append(edge.dst)
    private_endpoints_to: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        source = resources.get(edge.src)
        if source is not None and source.type in ("azurerm_private_endpoint", "google_compute_forwarding_rule",
                                                  "aws_vpc_endpoint"):
            private_endpoints_to[edge.dst].append(edge.src)

    def control_for(src: str, dst: str, relation: Relation) -> tuple[str | None, str]:
        if relation == Relation.IAM:
            return dst, "iam"
        if relation == Relation.ENCRYPTS:
            return dst, "kms"
        candidates = [c for c in uses.get(dst, []) + [c for s in subnet_of.get(dst, []) for c in uses.get(s, [])]
                      if c in resources]
        firewalls = sorted({c for c in candidates if kind(resources[c].type) and
                            kind(resources[c].type).category == Category.NETWORK_FIREWALL})
        if firewalls:
            kind_name = resources[firewalls[0]].type
            label = "security-group" if "security_group" in kind_name else ("nsg" if "network_security" in kind_name else "firewall")
            return ", ".join(firewalls), label
        if private_endpoints_to.get(dst):
            return ", ".join(sorted(set(private_endpoints_to[dst]))), "private-endpoint"
        return None, "unknown"

    out: list[Crossing] = []
    for address in sorted(entries):
        if address in zones:
            control, control_kind = control_for(INTERNET, address, Relation.NETWORK)
            out.append(Crossing(INTERNET, address, Relation.NETWORK, Zone.INTERNET, zones[address].zone, control, control_kind))
    for edge in graph.edges:
        if edge.relation == Relation.DEPENDS:
            continue
        a, b = zones.get(edge.src), zones.get(edge.dst)
        if a is None or b is None or a.zone == b.zone:
            continue
        control, control_kind = control_for(edge.src, edge.dst, edge.relation)
        out.append(Crossing(edge.src, edge.dst, edge.relation, a.zone, b.zone, control, control_kind))
    unique = {(c.src, c.dst, c.relation.value): c for c in out}
    return tuple(unique[k] for k in sorted(unique))
