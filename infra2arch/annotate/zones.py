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

from infra2arch.annotate.exposure import dnat_paths, exposures, nsg_inbound_from_internet, sg_inbound_from_internet
from infra2arch.annotate.model import Crossing, Exposure, Plane, Zone, ZoneInfo
from infra2arch.annotate.network import ISOLATED, PRIVATE, PUBLIC, entry_points, most_open, subnet_egress, subnet_tiers
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
    elif t == "azureml_online_endpoint":   # live-only: its scoring URI answers any network unless disabled
        hit, default = _absent_or(attrs, "public_network_access", "Enabled", "enabled")
        if hit:
            reasons.append("scoring endpoint open to public networks" + (" (API default Enabled)" if default else ""))
    elif t in ("azurerm_cognitive_account", "azurerm_ai_services", "azurerm_search_service"):
        key = "public_network_access" if t == "azurerm_ai_services" else "public_network_access_enabled"
        hit, default = _absent_or(attrs, key, True, "Enabled")
        deny = str(_first(attrs.get("network_acls")).get("default_action", "")).lower() == "deny" or bool(
            attrs.get("allowed_ips"))
        if hit and not deny:
            reasons.append("public network access" + (" (provider default)" if default else " enabled")
                           + " with no network rules that deny by default")
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
    public_ips = _attached_public_ips(graph, resources)
    parents: dict[str, list[str]] = defaultdict(list)
    for item in graph.containment:
        parents[item.child].append(item.parent)
    gcp_rules, gcp_networks = _gcp_firewalls(graph, resources, parents)
    for address, rules in gcp_rules.items():
        rule_sets[address] = sorted(set(rule_sets.get(address, [])) | set(rules))
    network_groups = {a for a, r in resources.items() if (k := kind(r.type)) is not None
                      and k.category in (Category.NETWORK_VPC, Category.NETWORK_SUBNET)}
    egress_of = subnet_egress(graph)
    subnets_in: dict[str, list[str]] = defaultdict(list)
    for item in graph.containment:
        if item.child in egress_of:
            subnets_in[item.parent].append(item.child)

    zones: dict[str, ZoneInfo] = {INTERNET: ZoneInfo(Zone.INTERNET, Plane.NONE, ("the internet (untrusted)",))}
    for address, resource in sorted(resources.items()):
        record = kind(resource.type)
        category = record.category if record else Category.OTHER
        reasons: list[str] = []
        closed = _closed_to_internet(address, resource, category, rule_sets, resources, children, gcp_networks)
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
            plane = Plane.CUSTOMER
        elif category == Category.NETWORK_VPC:
            zone, plane = Zone.PRIVATE_APP, Plane.CUSTOMER
            reasons.append("network boundary")
        elif resource.type in _GATEWAYS:
            zone, plane = Zone.EDGE, Plane.CUSTOMER   # a gateway of the customer's network, wherever it is drawn
            reasons.append("gateway between the network and the internet")
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
        public = _public_signals(resource, graph, children)
        if category in _RUNS and resource.type not in _GATEWAYS and public_ips.get(address):
            public.append("public IP attached (" + ", ".join(public_ips[address]) + ")")
        if public and closed:
            # a public address behind filters that admit nobody from the internet is not reachable from it
            reasons.append("; ".join(public) + f", but {closed}")
            public = []
        if public:
            zone = Zone.EDGE
            reasons.extend(public)
        egress, via = ("", ()) if address in graph.folded or category == Category.STORAGE_CONFIG else _egress(
            address, resource, category, plane, placed, bool(public) or address in entries, egress_of, subnets_in)
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


def _closed_to_internet(address: str, resource: Resource, category: Category, rule_sets: Mapping[str, list[str]],
                        resources: Mapping[str, Resource], children: Mapping[str, list[Resource]],
                        gcp_networks: Mapping[str, list[str]]) -> str | None:
    """Why a workload with a public address or in a public subnet is still not reachable from the
    internet (its NSGs admit only service tags, its security groups no 0.0.0.0/0), or None."""
    if category not in _RUNS or category in (Category.NETWORK_GATEWAY, Category.NETWORK_PRIVATE_ENDPOINT):
        return None
    sets = [resources[n] for n in rule_sets.get(address, ()) if n in resources]
    nsgs = [r for r in sets if r.type == "azurerm_network_security_group"]
    if nsgs:
        open_, sources = nsg_inbound_from_internet(nsgs, children)
        if open_ is False:
            return (f"{', '.join(n.address for n in nsgs)} admits inbound only from "
                    f"{', '.join(sources) or 'no source'} (no rule from the internet)")
    groups = [r for r in sets if r.type == "aws_security_group"]
    if groups and resource.type.startswith("aws_") and sg_inbound_from_internet(groups, children) is False:
        return f"{', '.join(g.address for g in groups)} admits no ingress from 0.0.0.0/0 or ::/0"
    if resource.type in _GCE_BACKED and gcp_networks.get(address):
        # VPC firewalls deny ingress unless a rule allows it: which rules apply to this workload?
        rules = [r for r in sets if r.type == "google_compute_firewall"]
        open_ = [r for r in rules if _gcp_rule_admits_internet(r)]
        if not open_ and not any(_gcp_rule_admits_internet(r) is None for r in rules):
            names = ", ".join(r.address for r in rules) or "no ingress rule"
            return (f"the firewall of {', '.join(gcp_networks[address])} admits no ingress from 0.0.0.0/0 "
                    f"(implied deny; applicable rules: {names})")
    return None


# workloads that are Compute Engine VMs: VPC firewall rules decide who reaches them (not Cloud Run,
# whose ingress setting and invoker IAM do, nor managed endpoints)
_GCE_BACKED = frozenset({"google_compute_instance", "google_workbench_instance", "google_notebooks_instance"})


def _gcp_rule_admits_internet(rule: Resource) -> bool | None:
    attrs = rule.attrs
    if str(attrs.get("direction") or "INGRESS").upper() != "INGRESS" or attrs.get("disabled") is True \
            or not attrs.get("allow"):
        return False
    ranges = attrs.get("source_ranges")
    if isinstance(ranges, Unknown):
        return None
    if not ranges:
        return not (attrs.get("source_tags") or attrs.get("source_service_accounts"))
    if any(isinstance(r, str) and r in ("0.0.0.0/0", "::/0") for r in ranges):
        return True
    if any(isinstance(r, Unknown) and not all(a in ("address", "ip_cidr_range", "cidr_block") for _, a in r.origins)
           for r in ranges):
        return None
    return False


def _gcp_firewalls(graph: Graph, resources: Mapping[str, Resource], parents: Mapping[str, list[str]]
                   ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(resource -> the VPC firewall rules that apply to it, resource -> the scanned networks it is in).

    A rule applies to the workloads of its network whose network tags (or service account) it
    targets, or to all of them when it names no target."""
    from infra2arch.annotate.network import _targets

    networks_of: dict[str, list[str]] = {}
    for address in resources:
        found: set[str] = set()
        queue = list(parents.get(address, ()))
        while queue:
            parent = queue.pop()
            if parent in resources and resources[parent].type == "google_compute_network":
                found.add(parent)
            queue.extend(parents.get(parent, ()))
        if found:
            networks_of[address] = sorted(found)
    applies: dict[str, list[str]] = defaultdict(list)
    rules = [r for r in resources.values() if r.type == "google_compute_firewall"]
    for address, networks in networks_of.items():
        resource = resources[address]
        setup = _first(resource.attrs.get("gce_setup"))
        tags = resource.attrs.get("tags") or setup.get("tags") or []
        tags = tags if isinstance(tags, list) else []
        for rule in rules:
            if not set(_targets(rule.attrs.get("network"), resources)) & set(networks):
                continue
            targets = rule.attrs.get("target_tags")
            if isinstance(targets, list) and targets and not (set(targets) & set(t for t in tags if isinstance(t, str))):
                continue
            applies[address].append(rule.address)
    return dict(applies), networks_of


def _attached_public_ips(graph: Graph, resources: Mapping[str, Resource]) -> dict[str, list[str]]:
    """resource -> the public addresses attached to it (directly or through its NIC): an Azure public
    IP, an AWS Elastic IP, a GCP external address."""
    out: dict[str, set[str]] = defaultdict(set)
    for edge in graph.edges:
        target = resources.get(edge.dst)
        record = kind(target.type) if target is not None else None
        if edge.relation == Relation.NETWORK and record is not None and record.category == Category.NETWORK_PUBLIC_IP \
                and not _internal_address(target) and target.type != "azurerm_public_ip_prefix":
            out[graph.folded.get(edge.src, edge.src)].add(edge.dst)
    return {a: sorted(v) for a, v in out.items()}


def _rule_sets(graph: Graph, resources: Mapping[str, Resource]) -> dict[str, list[str]]:
    """resource -> the security groups / NSGs / firewall rule sets that filter its traffic: its own
    and its subnets' (association edges of relation network)."""
    direct: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        target = resources.get(edge.dst)
        record = kind(target.type) if target else None
        if record is not None and record.category == Category.NETWORK_FIREWALL and edge.relation == Relation.NETWORK \
                and target.type not in _APPLIANCES:
            direct[edge.src].append(edge.dst)
    out: dict[str, list[str]] = {}
    parents: dict[str, list[str]] = defaultdict(list)
    for item in graph.containment:
        parents[item.child].append(item.parent)
    for address in resources:
        found = list(direct.get(address, ()))
        for parent in parents.get(address, ()):
            found += direct.get(parent, ())
        if found:
            out[address] = sorted(set(found))
    return out


def _egress(address: str, resource: Resource, category: Category, plane: Plane, placed: list[str],
            own_public_address: bool, egress_of: Mapping[str, tuple[str, tuple[str, ...]]],
            subnets_in: Mapping[str, list[str]]) -> tuple[str, tuple[str, ...]]:
    """How this resource's traffic reaches the internet (see EGRESS_KINDS), and what carries it."""
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
    if own_public_address and (kind_ in ("default-outbound", "none", "unknown") or resource.type.startswith("google_")):
        return "internet-gateway", ("its own public IP",)
    return kind_, via


_AREA_TITLES = {
    "edge": "EDGE: reachable from the internet",
    "management": "MANAGEMENT: identity, keys, logging, CI/CD",
    "provider-managed": "PROVIDER-MANAGED: runs in the cloud provider's network, outside your VPC/VNet",
}
_EGRESS_PHRASES = {
    "internet-gateway": "egress straight to the internet (internet gateway or public IP)",
    "default-outbound": "Azure default outbound access (no NAT gateway or firewall)",
    "nat": "egress via NAT",
    "firewall": "egress via firewall",
    "transit": "egress via a transit/VPN hub",
    "none": "no internet egress",
    "unknown": "in networks outside the scanned code (egress unknown)",
}


def area_of(info: ZoneInfo) -> str:
    """The map area a resource is drawn in: its zone, except that a workload in the private-app
    zone that runs in no customer network gets the provider-managed area."""
    if info.zone == Zone.PRIVATE_APP and info.plane == Plane.PROVIDER:
        return "provider-managed"
    return info.zone.value


def zone_captions(zones: Mapping[str, ZoneInfo], short: Any = None, only: Any = None) -> dict[str, str]:
    """area -> caption, derived from what the members' placement says (never a fixed phrase for
    private-app and data). ``short`` turns an address into the name shown (default: Terraform name);
    ``only`` limits the members considered (the map passes its workloads, not the subnet boxes)."""
    short = short or (lambda address: address.rsplit(".", 1)[-1])
    members: dict[str, list[ZoneInfo]] = defaultdict(list)
    for address, info in zones.items():
        if not address.startswith("synthetic:") and (only is None or address in only):
            members[area_of(info)].append(info)
    captions: dict[str, str] = {}
    for area, infos in members.items():
        if area in _AREA_TITLES:
            captions[area] = _AREA_TITLES[area]
        elif area == "private-app":
            captions[area] = "PRIVATE APP: " + _egress_phrase(infos, short)
        elif area == "data":
            planes = {i.plane for i in infos}
            if planes == {Plane.PROVIDER} or planes == {Plane.PROVIDER, Plane.NONE}:
                captions[area] = "DATA: managed stores in the provider's network (reached by identity or private endpoint)"
            elif Plane.PROVIDER in planes:
                captions[area] = "DATA: stores, managed and in your network; " + _egress_phrase(
                    [i for i in infos if i.plane == Plane.CUSTOMER], short)
            else:
                captions[area] = "DATA: stores in your network; " + _egress_phrase(infos, short)
        else:
            captions[area] = area.upper()
    return captions


def _egress_phrase(infos: list[ZoneInfo], short: Any) -> str:
    counts: dict[str, int] = defaultdict(int)
    carriers: dict[str, set[str]] = defaultdict(set)
    for info in infos:
        if info.egress and info.egress != "provider-managed":
            counts[info.egress] += 1
            carriers[info.egress].update(v for v in info.egress_via if not v.startswith("its "))
    if not counts:
        return "no network placement known"

    def phrase(kind_: str) -> str:
        names = sorted(short(v) for v in carriers[kind_])
        text = _EGRESS_PHRASES.get(kind_, kind_)
        if names and kind_ in ("nat", "firewall", "transit"):
            text += " (" + ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "") + ")"
        elif names and kind_ == "none":
            text += " (deny-all egress rule " + ", ".join(names[:2]) + ")"
        return text

    from infra2arch.annotate.model import EGRESS_KINDS
    ordered = sorted(counts, key=lambda k: EGRESS_KINDS.index(k) if k in EGRESS_KINDS else 99)
    if len(ordered) == 1:
        return phrase(ordered[0])
    return "; ".join(f"{phrase(k)} ({counts[k]})" for k in ordered)


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


def _internal_address(resource: Resource) -> bool:
    attrs = resource.attrs
    return resource.type in ("google_compute_global_address", "google_compute_address") and (
        attrs.get("address_type") == "INTERNAL" or attrs.get("purpose") in ("VPC_PEERING", "PRIVATE_SERVICE_CONNECT",
                                                                               "GCE_ENDPOINT", "SHARED_LOADBALANCER_VIP"))


# Ends that carry no traffic of their own: network plumbing, rule sets, addresses and interfaces.
# An edge touching one of them configures the path; it is not a path across a boundary.
_NOT_AN_END = frozenset({Category.NETWORK_SUBNET, Category.NETWORK_VPC, Category.NETWORK_ROUTE, Category.NETWORK_DNS,
                         Category.NETWORK_PUBLIC_IP, Category.IAM_ROLE, Category.IAM_POLICY, Category.IAM_BINDING,
                         Category.ORG_GROUP, Category.OPS_LOGGING, Category.OPS_MONITORING, Category.ML_CONFIG,
                         Category.STORAGE_CONFIG, Category.OTHER})
_DATA_PLANE = frozenset({Relation.NETWORK, Relation.INVOKES, Relation.DATA})
_APPLIANCES = frozenset({"azurerm_firewall", "aws_networkfirewall_firewall"})
# the service principal that calls a function, by the caller's type prefix
_PRINCIPALS = (("aws_api_gateway", "apigateway"), ("aws_apigatewayv2", "apigateway"), ("aws_cloudwatch_event", "events"),
               ("aws_s3", "s3"), ("aws_sns", "sns"), ("aws_sqs", "sqs"), ("aws_lb", "elasticloadbalancing"),
               ("aws_cloudwatch_log", "logs"), ("aws_iot", "iot"), ("aws_bedrock", "bedrock"),
               ("awscc_bedrock", "bedrock"), ("aws_cognito", "cognito"), ("aws_scheduler", "scheduler"))


def is_traffic_end(resource: Resource | None) -> bool:
    """Can this resource be one end of a data-plane path (a workload, a store, an API, an appliance)?"""
    if resource is None:
        return False
    if resource.type in _APPLIANCES:
        return True
    record = kind(resource.type)
    if record is None or record.category in _NOT_AN_END:
        return False
    if record.category == Category.NETWORK_FIREWALL or "network_interface" in resource.type:
        return False  # security groups, NSGs, rule sets and NICs configure a path; they are not its ends
    return True


def _crossings(graph: Graph, zones: Mapping[str, ZoneInfo], entries: Mapping[str, str],
               rule_sets: Mapping[str, list[str]], fixed: Mapping[str, tuple[str | None, str]]) -> tuple[Crossing, ...]:
    """Data-plane paths (network, invokes, data) between traffic ends in different zones, each with
    what enforces it: a resource policy (a Lambda permission), the security group / NSG / firewall
    on the destination, the private endpoint it goes through, or the identity the caller runs as."""
    resources = graph.by_address()
    folded_children: dict[str, list[Resource]] = defaultdict(list)
    for child, parent in sorted(graph.folded.items()):
        if child in resources:
            folded_children[parent].append(resources[child])
    runs_as: dict[str, list[str]] = defaultdict(list)        # resource -> identities it acts as
    private_endpoints_to: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        source, target = resources.get(edge.src), resources.get(edge.dst)
        record = kind(target.type) if target else None
        if record is None or source is None:
            continue
        if edge.relation == Relation.IAM and record.category == Category.IAM_ROLE:
            runs_as[edge.src].append(edge.dst)
        if source.type in ("azurerm_private_endpoint", "google_compute_forwarding_rule", "aws_vpc_endpoint") \
                and edge.relation != Relation.DEPENDS:
            private_endpoints_to[edge.dst].append(edge.src)

    def filters_of(address: str) -> list[str]:
        return [f for f in rule_sets.get(address, ()) if f in resources]

    def sg_control(src: str, dst: str) -> tuple[str | None, str]:
        rule_sets = filters_of(dst)
        if not rule_sets:
            return None, ""
        source_sets = set(filters_of(src))
        # the rule that admits the source's security group, when one names it
        for rule_set in rule_sets:
            rules = {r.address for r in folded_children.get(rule_set, ())}
            for source_set in sorted(source_sets):
                # a rule of the destination's group that admits the caller's group (either direction of the bridge)
                for edge in edges_from.get(source_set, []) + edges_from.get(rule_set, []):
                    ends = {edge.src, edge.dst}
                    rule = next((r for r in rules if edge.via.startswith(r)), None)
                    if ends == {source_set, rule_set} and rule:
                        return f"{rule_set} ({rule})", _kind_name(resources[rule_set].type)
        return ", ".join(rule_sets), _kind_name(resources[rule_sets[0]].type)

    edges_from: dict[str, list] = defaultdict(list)
    for edge in graph.edges:
        edges_from[edge.src].append(edge)

    def identities(address: str) -> list[str]:
        """What the caller acts as: its own role, or (a SageMaker endpoint or configuration) the
        execution role of the model it serves."""
        found = list(runs_as.get(address, ()))
        record = kind(resources[address].type) if address in resources else None
        if not found and record is not None and record.category in (Category.ML_ENDPOINT, Category.ML_ENDPOINT_CONFIG):
            for edge in edges_from.get(address, ()):
                if edge.relation == Relation.INVOKES and edge.dst != address:
                    found += identities(edge.dst) if edge.dst in resources and kind(resources[edge.dst].type) \
                        and kind(resources[edge.dst].type).category != Category.ML_ENDPOINT else runs_as.get(edge.dst, [])
        return sorted(set(found))

    def control_for(src: str, dst: str, relation: Relation, via: str) -> tuple[str | None, str]:
        source = resources.get(src)
        if src == INTERNET:
            entry = _entry_control(dst, resources, folded_children, zones.get(dst))
            if entry is not None:
                return entry
        if relation == Relation.INVOKES:
            permission = _permission_for(src, dst, via, resources, folded_children)
            if permission:
                return permission, "resource-policy"
        if source is not None and source.type in ("azurerm_private_endpoint", "google_compute_forwarding_rule",
                                                  "aws_vpc_endpoint"):
            return src, "private-endpoint"
        dst_info = zones.get(dst)
        if relation == Relation.NETWORK or src == INTERNET or (dst_info is not None and dst_info.plane == Plane.CUSTOMER):
            # in the customer's network the security group / NSG on the destination admits the path
            control, control_kind = sg_control(src, dst)
            if control:
                return control, control_kind
        endpoints = sorted(set(private_endpoints_to.get(dst, ())))
        src_info = zones.get(src)
        if endpoints and src_info is not None and src_info.plane == Plane.CUSTOMER:
            return ", ".join(endpoints), "private-endpoint"
        if relation in (Relation.DATA, Relation.INVOKES) and src != INTERNET and identities(src):
            return ", ".join(identities(src)), "iam"
        target = resources.get(dst)
        if target is not None and _denies_by_default(target):
            return f"{dst} network rules (default Deny)", "firewall"
        if relation in (Relation.DATA, Relation.INVOKES) and source is not None \
                and _first(source.attrs.get("identity")).get("type") not in (None, "", "None"):
            return f"{src} managed identity", "iam"
        if relation != Relation.NETWORK and src != INTERNET:
            control, control_kind = sg_control(src, dst)
            if control:
                return control, control_kind
        return None, "none"

    out: list[Crossing] = []
    for address in sorted(entries):
        if address in zones:
            control, control_kind = fixed.get(address) or control_for(INTERNET, address, Relation.NETWORK, "")
            out.append(Crossing(INTERNET, address, Relation.NETWORK, Zone.INTERNET, zones[address].zone, control, control_kind))
    for edge in graph.edges:
        if edge.relation not in _DATA_PLANE:
            continue  # who may act (IAM), keys, logs and build-order dependencies are not network paths
        src, dst = graph.folded.get(edge.src, edge.src), graph.folded.get(edge.dst, edge.dst)
        if src == dst or not is_traffic_end(resources.get(src)) or not is_traffic_end(resources.get(dst)):
            continue
        a, b = zones.get(src), zones.get(dst)
        if a is None or b is None or a.zone == b.zone:
            continue
        control, control_kind = control_for(src, dst, edge.relation, edge.via)
        out.append(Crossing(src, dst, edge.relation, a.zone, b.zone, control, control_kind))
    unique = {(c.src, c.dst, c.relation.value): c for c in out}
    return tuple(unique[k] for k in sorted(unique))


_PUBLIC_MEMBERS = frozenset({"allUsers", "allAuthenticatedUsers"})


# the zone reasons that mean "anyone may read it": nothing enforces such a path
_PUBLIC_DATA = ("allUsers", "public ACL", "Principal \"*\"", "container access type")
# services whose public endpoint still demands a caller identity (Entra ID, IAM, keys, presigned URLs)
_AUTHENTICATED = frozenset({Category.ML_WORKSPACE, Category.ML_ENDPOINT, Category.ML_NOTEBOOK, Category.ML_INDEX,
                            Category.STORAGE_OBJECT, Category.STORAGE_DATABASE, Category.STORAGE_WAREHOUSE,
                            Category.STORAGE_REGISTRY, Category.SECURITY_KEY, Category.SECURITY_SECRET,
                            Category.ML_FEATURE_STORE, Category.ML_DATASET})


def _entry_control(address: str, resources: Mapping[str, Resource], folded_children: Mapping[str, list[Resource]],
                   info: ZoneInfo | None = None) -> tuple[str | None, str] | None:
    """What stands between the internet and an entry point: the authorizers on an API's routes, or
    a service's invoker IAM when it grants no one on the internet (Cloud Run / Cloud Functions)."""
    resource = resources.get(address)
    if resource is None:
        return None
    children = folded_children.get(address, ())
    if resource.type in ("aws_apigatewayv2_api", "aws_api_gateway_rest_api"):
        routes = [c for c in children if c.type in ("aws_apigatewayv2_route", "aws_api_gateway_method")]
        kinds = [str(r.attrs.get("authorization_type", r.attrs.get("authorization", "NONE"))) for r in routes]
        if routes and all(k.upper() not in ("NONE", "") for k in kinds):
            return ", ".join(sorted(r.address for r in routes)), "authorizer"
        return None   # at least one route (or the default) admits anyone: nothing enforces that path
    if resource.type.startswith(("google_cloud_run", "google_cloudfunctions")):
        # ingress all: the invoker IAM decides (allUsers makes it public)
        grants = [c for c in children if "_iam_" in c.type]
        members = [m for c in grants for m in ([c.attrs.get("member")] + list(c.attrs.get("members") or []))]
        if any(isinstance(m, str) and m in _PUBLIC_MEMBERS for m in members) or \
                any(isinstance(m, Unknown) for m in members):
            return None
        return (", ".join(sorted(c.address for c in grants)) if grants else f"{address} invoker IAM"), "iam"
    # (Azure ML compute without a subnet: whatever filters its public IP lives in Azure's network,
    # not in the code, so no control is claimed for it)
    if resource.type in ("aws_sagemaker_notebook_instance", "aws_sagemaker_domain"):
        # users reach the notebook or Studio through SageMaker's presigned URLs, never its ENI
        return "SageMaker presigned URL (IAM authentication)", "identity"
    record = kind(resource.type)
    if record is not None and record.category in _AUTHENTICATED and info is not None:
        if any(marker in reason for reason in info.reasons for marker in _PUBLIC_DATA):
            return None   # readable by anyone: nothing enforces the path
        if info.plane != Plane.CUSTOMER:
            return "authentication only (Entra ID / IAM / keys): no network restriction", "identity"
    return None


def _denies_by_default(resource: Resource) -> bool:
    """A store whose own network rules refuse traffic unless allowed (storage account network_rules,
    Key Vault network_acls, registry network_rule_set with default_action Deny, or public access off)."""
    attrs = resource.attrs
    for block in ("network_rules", "network_acls", "network_rule_set"):
        if str(_first(attrs.get(block)).get("default_action", "")).lower() == "deny":
            return True
    return resource.type.startswith("azurerm_") and attrs.get("public_network_access_enabled") is False


def _kind_name(tf_type: str) -> str:
    if "network_security" in tf_type:
        return "nsg"
    if "security_group" in tf_type:
        return "security-group"
    return "firewall"


def _permission_for(src: str, dst: str, via: str, resources: Mapping[str, Resource],
                    folded_children: Mapping[str, list[Resource]]) -> str | None:
    """The resource policy that lets ``src`` invoke ``dst``: the Lambda permission the edge came
    from, or one on the function whose principal is the caller's service."""
    head = via.split(".")
    if len(head) >= 2 and f"{head[0]}.{head[1]}" in resources and head[0] in ("aws_lambda_permission",):
        return f"{head[0]}.{head[1]}"
    caller = resources.get(src)
    service = next((p for prefix, p in _PRINCIPALS if caller.type.startswith(prefix)), None) if caller else None
    for child in folded_children.get(dst, ()):
        if child.type != "aws_lambda_permission":
            continue
        principal = child.attrs.get("principal")
        if isinstance(principal, str) and service and principal.startswith(service + "."):
            return child.address
    return None
