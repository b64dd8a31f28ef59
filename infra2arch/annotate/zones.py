"""Security zones, planes and egress for every resource; the entry point of the network annotation
(zones, then crossings in :mod:`.crossings` and exposure in :mod:`.exposure`).

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

from infra2arch.annotate.captions import _EGRESS_PHRASES, area_of, zone_captions
from infra2arch.annotate.crossings import _crossings, is_traffic_end
from infra2arch.annotate.egress_rules import firewall_egress, nsg_egress, workload_nsg_egress
from infra2arch.annotate.exposure import dnat_paths, exposures
from infra2arch.annotate.app_service import APP_SERVICE_APPS, web_app_signals
from infra2arch.annotate.filters import (_attached_public_ips, _closed_to_internet, _gcp_firewalls,
                                         _internal_address, _rule_sets)
from infra2arch.annotate.model import INTERNET, Crossing, Exposure, Plane, Zone, ZoneInfo
from infra2arch.annotate.network import (AOSS_COLLECTIONS, ISOLATED, PRIVATE, PUBLIC, aoss_network_access, entry_points,
                                        most_open, subnet_egress, subnet_tiers)
from infra2arch.annotate.public_endpoints import CONTROL_PLANE_ENTRIES, PUBLIC_DATABASES, rds_public
from infra2arch.catalog import Category, kind
from infra2arch.model import Graph, Relation, Resource, Unknown


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
# gateways and appliances that stand between a network and the internet (edge, whatever their category)
_GATEWAYS = frozenset({"aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_nat_gateway",
                       "google_compute_router_nat", "azurerm_nat_gateway", "azurerm_bastion_host", "azurerm_firewall"})
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


class _Settings:
    """Reads exposure settings of one resource, applying provider defaults only where they hold.

    A managed resource with an absent setting gets the provider default. A data source reads an
    existing object whose settings the code does not show: an absent setting is unknown there, never
    the default. An unknown value (an unset variable) is unknown. Both leave a note in the zone's
    reasons instead of a silent "not exposed"."""

    def __init__(self, resource: Resource):
        self.data_source = resource.mode == "data"
        self.notes: list[str] = []

    def absent_or(self, attrs: Mapping[str, Any], key: str, *values: Any) -> tuple[bool, bool]:
        """(matches, default_applied): the attribute equals one of values, or is absent (managed only)."""
        value = attrs.get(key)
        if value is None:
            if self.data_source:
                self.notes.append(f"{key} not in the code (data source: the existing object's setting is not "
                                  "read): exposure unknown")
                return False, False
            return True, True
        if isinstance(value, Unknown):
            self.notes.append(f"{key} = unknown ({value.reason or 'not known from the input'}): exposure unknown")
            return False, False
        return value in values, False


def _first(value: Any) -> dict:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


def _public_signals(resource: Resource, graph: Graph, children: Mapping[str, list[Resource]],
                    aoss: Mapping[str, list[tuple[str, bool | None]]] | None = None,
                    private_endpoints: Mapping[str, list[str]] | None = None) -> tuple[list[str], list[str]]:
    """(reasons this resource is reachable from the internet by its own settings (provider defaults
    applied to managed resources), notes on settings that could not be known)."""
    attrs = resource.attrs
    t = resource.type
    reasons: list[str] = []
    settings = _Settings(resource)
    _absent_or = settings.absent_or
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
            listed = child.attrs.get("members")      # unknown (from a variable) lists nobody for sure
            members = [child.attrs.get("member")] + (list(listed) if isinstance(listed, list) else [])
            if any(m in ("allUsers", "allAuthenticatedUsers") for m in members if isinstance(m, str)):
                reasons.append(f"IAM grants {child.attrs.get('role')} to allUsers ({child.address})")
    elif t == "azurerm_storage_container":
        if attrs.get("container_access_type") in ("blob", "container"):
            reasons.append(f"container access type {attrs.get('container_access_type')}")
    elif t == "azurerm_storage_account":
        rules = _first(attrs.get("network_rules"))
        deny = rules.get("default_action") == "Deny" or any(
            c.type == "azurerm_storage_account_network_rules" and c.attrs.get("default_action") == "Deny"
            for c in children.get(resource.address, ()))
        hit, default = (False, False) if deny else _absent_or(attrs, "public_network_access_enabled", True)
        if hit:
            reasons.append("public network access" + (" (provider default true)" if default else " enabled")
                           + " with no default-deny network rules")
    elif t == "azureml_online_endpoint":   # live-only: its scoring URI answers any network unless disabled
        hit, default = _absent_or(attrs, "public_network_access", "Enabled", "enabled")
        if hit:
            reasons.append("scoring endpoint open to public networks" + (" (API default Enabled)" if default else ""))
    elif t in ("azurerm_cognitive_account", "azurerm_ai_services", "azurerm_search_service"):
        key = "public_network_access" if t == "azurerm_ai_services" else "public_network_access_enabled"
        deny = str(_first(attrs.get("network_acls")).get("default_action", "")).lower() == "deny" or bool(
            attrs.get("allowed_ips"))
        hit, default = (False, False) if deny else _absent_or(attrs, key, True, "Enabled")
        if hit:
            reasons.append("public network access" + (" (provider default)" if default else " enabled")
                           + " with no network rules that deny by default")
    elif t == "aws_apprunner_service":   # public unless is_publicly_accessible = false (network.entry_points)
        network = attrs.get("network_configuration")
        ingress = _first(network).get("ingress_configuration")
        unknown = next((v for v in (network, ingress, _first(ingress).get("is_publicly_accessible"))
                        if isinstance(v, Unknown)), None)
        if unknown is not None:
            settings.notes.append("network_configuration.ingress_configuration.is_publicly_accessible = unknown "
                                  f"({unknown.reason or 'not known from the input'}): exposure unknown")
    elif t in PUBLIC_DATABASES and resource.mode != "data":
        instances = [resource] if t == "aws_db_instance" else \
            [c for c in children.get(resource.address, ()) if c.type == "aws_rds_cluster_instance"]
        found, unknown = rds_public(resource, instances)
        reasons += found
        settings.notes.extend(unknown)
    elif t in APP_SERVICE_APPS:
        reasons += web_app_signals(resource, (private_endpoints or {}).get(resource.address, ()), settings)
    if t in AOSS_COLLECTIONS:
        for policy, public in (aoss or {}).get(resource.address, ()):
            if public is True:
                reasons.append(f"network policy {policy} sets AllowFromPublic = true")
    return reasons, settings.notes


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
    statements = [statements] if isinstance(statements, dict) else statements if isinstance(statements, list) else []
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow" or statement.get("Condition"):
            continue
        principal = statement.get("Principal")
        if principal == "*" or (isinstance(principal, dict) and principal.get("AWS") in ("*", ["*"])):
            return True
    return False


def annotate_zones(graph: Graph, overrides: Iterable[ZoneOverride] = ()) -> tuple[dict[str, ZoneInfo], tuple[Crossing, ...]]:
    zones, crossings, _ = annotate_network(graph, overrides)
    return zones, crossings


def annotate_network(graph: Graph, overrides: Iterable[ZoneOverride] = ()
                     ) -> tuple[dict[str, ZoneInfo], tuple[Crossing, ...], tuple[Exposure, ...]]:
    """Zones and planes of every resource, the data-plane crossings between zones, and the workloads
    exposed to the internet."""
    overrides = tuple(overrides)
    resources = graph.by_address()
    tiers = subnet_tiers(graph)
    entries = dict(entry_points(graph))
    dnat = dnat_paths(graph)
    dnat_control: dict[str, tuple[str | None, str]] = {}
    for path in dnat:
        # a dynamically addressed target is one of the workloads of its subnet: each may be the one
        for target in path.candidates or (path.target,):
            if target in resources:
                entries.setdefault(target, f"destination NAT through {path.firewall} (rule {path.rule}, "
                                           f"port {path.ports} → {path.translated})")
                dnat_control[target] = (f"{path.firewall} (DNAT {path.rule})", "firewall")
    children: dict[str, list[Resource]] = defaultdict(list)
    for child, parent in graph.folded.items():
        if child in resources:
            children[parent].append(resources[child])
    rule_sets = _rule_sets(graph, resources)
    aoss = aoss_network_access(graph)
    private_endpoints: dict[str, list[str]] = defaultdict(list)   # service -> the private endpoints to it
    for edge in graph.edges:
        if edge.relation != Relation.DEPENDS and edge.src in resources \
                and resources[edge.src].type == "azurerm_private_endpoint":
            private_endpoints[edge.dst].append(edge.src)
    public_ips = _attached_public_ips(graph, resources)
    parents: dict[str, list[str]] = defaultdict(list)
    for item in graph.containment:
        parents[item.child].append(item.parent)
    gcp_rules, gcp_networks = _gcp_firewalls(graph, resources, parents)
    for address, rules in gcp_rules.items():
        rule_sets[address] = sorted(set(rule_sets.get(address, [])) | set(rules))
    network_groups = {a for a, r in resources.items() if (k := kind(r.type)) is not None
                      and k.category in (Category.NETWORK_VPC, Category.NETWORK_SUBNET)}
    # routes say where egress goes; a subnet's NSG may close it, a firewall's rules say what passes
    egress_of, nsg_notes = nsg_egress(graph, subnet_egress(graph), children)
    egress_notes = firewall_egress(graph, egress_of)
    own_nsg_closed = workload_nsg_egress(graph, children)
    subnets_in: dict[str, list[str]] = defaultdict(list)
    for item in graph.containment:
        if item.child in egress_of:
            subnets_in[item.parent].append(item.child)

    zones: dict[str, ZoneInfo] = {INTERNET: ZoneInfo(Zone.INTERNET, Plane.NONE, ("the internet (untrusted)",))}
    for address, resource in sorted(resources.items()):
        record = kind(resource.type)
        category = record.category if record else Category.OTHER
        reasons: list[str] = []
        closed = _closed_to_internet(address, resource, category, rule_sets, resources, children, gcp_networks) \
            if category in _RUNS or resource.type in PUBLIC_DATABASES else None
        placed = [p for p in parents.get(address, []) if p in network_groups]
        subnet_tiers_here = sorted({tiers[p] for p in placed if p in tiers})
        elsewhere = not placed and _names_a_network(resource, record)
        plane = Plane.CUSTOMER if placed or elsewhere else (
            Plane.PROVIDER if category in _RUNS or category in _DATA or category in _EDGE else Plane.NONE)
        if category == Category.NETWORK_SUBNET:
            tier = tiers.get(address, "unknown")
            zone = {PUBLIC: Zone.EDGE, PRIVATE: Zone.PRIVATE_APP, ISOLATED: Zone.DATA}.get(tier, Zone.PRIVATE_APP)
            kind_, via = egress_of.get(address, ("unknown", ()))
            phrase = _EGRESS_PHRASES.get(kind_, kind_) + (f" ({', '.join(via)})" if via else "")
            reasons.append((f"{tier} subnet: " if tier != "unknown" else "subnet: ") + phrase)
            reasons += [n for n in (nsg_notes.get(address), egress_notes.get(address)) if n]
            plane = Plane.CUSTOMER
        elif category == Category.NETWORK_VPC:
            zone, plane = Zone.PRIVATE_APP, Plane.CUSTOMER
            reasons.append("network boundary")
        elif resource.type in _GATEWAYS:
            zone, plane = Zone.EDGE, Plane.CUSTOMER   # a gateway of the customer's network, wherever it is drawn
            reasons.append("gateway between the network and the internet")
            if address in egress_notes:
                reasons.append(egress_notes[address])
        elif category in _MANAGEMENT:
            zone = Zone.MANAGEMENT
            reasons.append(f"{category.value}: control and operations plane")
        elif category in _DATA:
            zone = Zone.DATA
            reasons.append(f"{category.value}: stores data")
        elif category in _EDGE and not _internal_address(resource):
            zone = Zone.EDGE
            reasons.append(f"{category.value}: reachable from the internet")
        elif PUBLIC in subnet_tiers_here and closed:
            zone = Zone.PRIVATE_APP
            reasons.append(f"placed in a public subnet, but {closed}")
        elif PUBLIC in subnet_tiers_here:
            zone = Zone.EDGE
            reasons.append("placed in a public subnet (route to an internet gateway)")
        elif elsewhere:
            zone = Zone.PRIVATE_APP
            reasons.append("placed in a network that is not in the scanned code (its subnet or network is set)")
        elif placed:
            zone = Zone.PRIVATE_APP
            known = [t for t in subnet_tiers_here if t != "unknown"]
            ways = sorted({_EGRESS_PHRASES.get(egress_of[p][0], egress_of[p][0]) for p in placed if p in egress_of})
            reasons.append("placed in " + (", ".join(f"{t} subnet" for t in known) or "a subnet")
                           + (f" ({'; '.join(ways)})" if ways else ""))
        else:
            zone = Zone.PRIVATE_APP
            reasons.append("not placed in any network: runs in the provider-managed plane" if plane == Plane.PROVIDER
                           else "no network placement")
        if address in entries and closed and address not in dnat_control:
            reasons.append(f"{entries[address]}, but {closed}")
        elif address in entries:
            zone = Zone.EDGE
            reasons.append(entries[address])
        public, notes = _public_signals(resource, graph, children, aoss, private_endpoints)
        reasons.extend(notes)
        if category in _RUNS and resource.type not in _GATEWAYS and public_ips.get(address):
            public.append("public IP attached (" + ", ".join(public_ips[address]) + ")")
        if public and resource.type in PUBLIC_DATABASES and subnet_tiers_here and PUBLIC not in subnet_tiers_here \
                and "unknown" not in subnet_tiers_here:
            # a public address in subnets with no route to an internet gateway answers no one outside
            reasons.append("; ".join(public) + ", but its subnets do not route to an internet gateway")
            public = []
        if public and closed:
            # a public address behind filters that admit nobody from the internet is not reachable from it
            reasons.append("; ".join(public) + f", but {closed}")
            public = []
        if public:
            zone = Zone.EDGE
            reasons.extend(public)
        egress, via = ("", ()) if address in graph.folded or category == Category.STORAGE_CONFIG else _egress(
            address, resource, category, plane, placed,
            bool(public) or (address in entries and resource.type not in CONTROL_PLANE_ENTRIES), egress_of, subnets_in,
            frozenset(nsg_notes))
        if address in own_nsg_closed and egress not in ("", "none", "provider-managed"):
            egress, via = "none", (own_nsg_closed[address][0],)
            reasons.append(own_nsg_closed[address][1])
        info = ZoneInfo(zone, plane, tuple(reasons), egress=egress, egress_via=via)
        for override in overrides:
            if override.matches(resource):
                info = ZoneInfo(override.zone, override.plane or plane,
                                (f"override in infra2arch.yaml ({override.address or 'tag ' + str(override.tag)})",) + tuple(reasons),
                                overridden=True, egress=egress, egress_via=via)
        zones[address] = info
    _inherit_serving_placement(graph, zones, resources)
    # every exposed workload is reached from the internet: that path crosses a boundary too
    reached = dict(entries)
    for exposure in exposures(graph, zones, entries, dnat, {}):
        reached.setdefault(exposure.asset, exposure.reason)
    crossings = _crossings(graph, zones, reached, rule_sets, dnat_control)
    controls = {c.dst: (c.control, c.control_kind) for c in crossings if c.src == INTERNET}
    return zones, crossings, exposures(graph, zones, entries, dnat, controls)


def _egress(address: str, resource: Resource, category: Category, plane: Plane, placed: list[str],
            own_public_address: bool, egress_of: Mapping[str, tuple[str, tuple[str, ...]]],
            subnets_in: Mapping[str, list[str]], nsg_closed: frozenset[str] = frozenset()) -> tuple[str, tuple[str, ...]]:
    """How this resource's traffic reaches the internet (see EGRESS_KINDS), and what carries it.
    ``nsg_closed``: subnets whose NSG denies outbound traffic to the internet (a public IP does not reopen it)."""
    if category == Category.NETWORK_SUBNET:
        return egress_of.get(address, ("unknown", ()))
    if category == Category.NETWORK_VPC:
        found = [egress_of[s] for s in subnets_in.get(address, ()) if s in egress_of]
        if not found:
            return "unknown", ()
        best = most_open([k for k, _ in found])
        return best, tuple(sorted({v for k, via in found if k == best for v in via}))
    if resource.type in _GATEWAYS:
        return "internet-gateway", ("its own public IP",)   # a gateway is the way out itself
    if plane == Plane.PROVIDER:
        return "provider-managed", ()
    if plane == Plane.NONE or category == Category.NETWORK_PRIVATE_ENDPOINT or (
            category not in _RUNS and category not in _DATA and category not in _EDGE and resource.type not in _GATEWAYS):
        # configuration objects (associations, rules, NICs) carry no traffic of their own, and a
        # private endpoint carries traffic into a service, never out to the internet
        return "", ()
    subnets = [egress_of[p] for p in placed if p in egress_of]
    if not subnets:  # placed in a network only: any of its subnets may carry the traffic
        subnets = [egress_of[s] for network in placed for s in subnets_in.get(network, ()) if s in egress_of]
    if not subnets:
        kind_, via = "unknown", ()
    else:
        kind_ = most_open([k for k, _ in subnets])
        via = tuple(sorted({v for k, v_ in subnets if k == kind_ for v in v_}))
    # a public address of its own is a way out where the subnet's routes give none (Azure default
    # outbound, GCP without Cloud NAT); a route through NAT or a firewall still wins on AWS and Azure
    if own_public_address and not (kind_ == "none" and any(p in nsg_closed for p in placed)) \
            and (kind_ in ("default-outbound", "none", "unknown") or resource.type.startswith("google_")):
        return "internet-gateway", ("its own public IP",)
    return kind_, via




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
                                           (f"serves {edge.dst}, which runs in the customer network",) + current.reasons[1:],
                                           egress=target.egress, egress_via=target.egress_via)


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






__all__ = ["INTERNET", "ZoneOverride", "annotate_zones", "annotate_network", "area_of", "zone_captions",
           "is_traffic_end"]
