"""The filters in front of a workload: which security groups, NSGs and VPC firewall rules apply to
it, which public addresses are attached to it, and whether they admit anyone from the internet."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping

from infra2arch.annotate.exposure import nsg_inbound_from_internet, sg_inbound_from_internet
from infra2arch.catalog import Category, kind
from infra2arch.model import Graph, Relation, Resource, Unknown

# appliances that forward traffic (a firewall is a path, not a filter attached to a workload)
APPLIANCES = frozenset({"azurerm_firewall", "aws_networkfirewall_firewall"})


def _first(value: Any) -> dict:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


def _internal_address(resource: Resource) -> bool:
    attrs = resource.attrs
    return resource.type in ("google_compute_global_address", "google_compute_address") and (
        attrs.get("address_type") == "INTERNAL" or attrs.get("purpose") in ("VPC_PEERING", "PRIVATE_SERVICE_CONNECT",
                                                                               "GCE_ENDPOINT", "SHARED_LOADBALANCER_VIP"))


# workloads reached through their own network interface, so that the security groups / NSGs on it
# decide who gets in (not SageMaker notebooks or Studio, reached through presigned URLs, nor managed
# services whose public endpoints the groups do not filter)
_BEHIND_FILTERS = frozenset({
    "aws_instance", "aws_lb", "aws_alb", "aws_elb", "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance",
    "aws_autoscaling_group", "aws_eks_node_group", "aws_ecs_service",
    "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", "azurerm_virtual_machine",
    "azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine_scale_set",
    "azurerm_orchestrated_virtual_machine_scale_set", "azurerm_machine_learning_compute_instance",
    "azurerm_machine_learning_compute_cluster",
})


def _closed_to_internet(address: str, resource: Resource, category: Category, rule_sets: Mapping[str, list[str]],
                        resources: Mapping[str, Resource], children: Mapping[str, list[Resource]],
                        gcp_networks: Mapping[str, list[str]]) -> str | None:
    """Why a workload with a public address or in a public subnet is still not reachable from the
    internet (its NSGs admit only service tags, its security groups no 0.0.0.0/0), or None."""
    if category in (Category.NETWORK_GATEWAY, Category.NETWORK_PRIVATE_ENDPOINT):
        return None
    sets = [resources[n] for n in rule_sets.get(address, ()) if n in resources]
    nsgs = [r for r in sets if r.type == "azurerm_network_security_group"]
    if nsgs and resource.type in _BEHIND_FILTERS:
        open_, sources = nsg_inbound_from_internet(nsgs, children)
        if open_ is False:
            return (f"{', '.join(n.address for n in nsgs)} admits inbound only from "
                    f"{', '.join(sources) or 'no source'} (no rule from the internet)")
    groups = [r for r in sets if r.type == "aws_security_group"]
    if groups and resource.type in _BEHIND_FILTERS and sg_inbound_from_internet(groups, children) is False:
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
                and target.type not in APPLIANCES:
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
