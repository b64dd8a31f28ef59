"""What is reachable from the internet: destination NAT through firewalls, the filters in front of a
public address (NSG rules, service tags), and the exposed workloads themselves.

Exposure counts *workloads* (an API, a VM, a load balancer, a public endpoint), not the gateways,
public IPs and subnets on the way: those are the path. A firewall's destination NAT rule (internet ->
firewall public IP:22 -> jumpbox) makes its target reachable, so it is an exposure path too.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from infra2arch.annotate.model import Exposure, Zone, ZoneInfo
from infra2arch.annotate.network import AOSS_COLLECTIONS
from infra2arch.catalog import Category, kind
from infra2arch.model import Graph, Relation, Resource, Unknown

INTERNET = "synthetic:internet"

# Azure service tags and address words that mean "anyone on the internet"
_INTERNET_SOURCES = frozenset({"*", "internet", "0.0.0.0/0", "0.0.0.0", "::/0", "any"})
_NOT_ASSETS = frozenset({Category.NETWORK_SUBNET, Category.NETWORK_VPC, Category.NETWORK_ROUTE,
                         Category.NETWORK_PUBLIC_IP, Category.NETWORK_GATEWAY, Category.NETWORK_DNS,
                         Category.NETWORK_FIREWALL, Category.ORG_GROUP})
_WORKLOAD_TYPES = frozenset({"compute.vm", "compute.container", "compute.function", "ml.notebook", "ml.compute"})
# services that answer requests on a public endpoint of their own when their settings leave it open
# (a search index such as Azure AI Search is queried and written over its endpoint like a database)
_EXPOSED_SERVICES = _WORKLOAD_TYPES | {"ml.workspace", "ml.endpoint", "ml.index", "network.load-balancer",
                                       "network.api", "storage.object", "storage.database"}


@dataclass(frozen=True)
class DnatPath:
    firewall: str          # the firewall (or its policy when no firewall uses it in the input)
    rule: str              # "<collection>/<rule>" as written
    target: str            # the address of what receives the traffic (a VM, a NIC, or a subnet)
    ports: str             # destination ports on the firewall
    translated: str        # translated address:port
    candidates: tuple[str, ...] = ()   # when the target is a subnet: the workloads in it that may hold the address


def _blocks(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return "?" if isinstance(value, Unknown) or value is None else str(value)


def dnat_paths(graph: Graph) -> list[DnatPath]:
    """Destination NAT rules of Azure Firewall (policy rule collection groups and classic NAT rule
    collections), resolved to the workload that receives the traffic."""
    resources = graph.by_address()
    out_edges: dict[str, list] = defaultdict(list)
    for edge in graph.edges:
        out_edges[edge.src].append(edge)
    firewall_of_policy: dict[str, str] = {}
    for edge in graph.edges:
        source, target = resources.get(edge.src), resources.get(edge.dst)
        if source is not None and target is not None and source.type == "azurerm_firewall" \
                and target.type == "azurerm_firewall_policy":
            firewall_of_policy[edge.dst] = edge.src
    paths: list[DnatPath] = []
    for resource in sorted(graph.resources, key=lambda r: r.address):
        rules: list[tuple[str, dict]] = []
        owner = ""
        if resource.type == "azurerm_firewall_policy_rule_collection_group":
            policy = graph.folded.get(resource.address) or next(
                (e.dst for e in out_edges.get(resource.address, ()) if resources.get(e.dst) is not None
                 and resources[e.dst].type == "azurerm_firewall_policy"), "")
            owner = firewall_of_policy.get(policy, policy)
            for collection in _blocks(resource.attrs.get("nat_rule_collection")):
                if str(collection.get("action", "Dnat")).lower() != "dnat":
                    continue
                rules += [(f"{_text(collection.get('name'))}/{_text(r.get('name'))}", r)
                          for r in _blocks(collection.get("rule"))]
        elif resource.type == "azurerm_firewall_nat_rule_collection" \
                and str(resource.attrs.get("action", "Dnat")).lower() == "dnat":
            owner = graph.folded.get(resource.address) or next(
                (e.dst for e in out_edges.get(resource.address, ()) if resources.get(e.dst) is not None
                 and resources[e.dst].type == "azurerm_firewall"), resource.address)
            rules = [(f"{_text(resource.attrs.get('name'))}/{_text(r.get('name'))}", r)
                     for r in _blocks(resource.attrs.get("rule"))]
        for label, rule in rules:
            sources = rule.get("source_addresses")
            sources = sources if isinstance(sources, list) else [sources]
            if not any(isinstance(s, str) and s.strip().lower() in _INTERNET_SOURCES for s in sources) \
                    and not any(isinstance(s, Unknown) for s in sources):
                continue  # restricted to known source ranges: not the internet at large
            address = rule.get("translated_address")
            target, candidates = _dnat_target(address, resource.address, graph, resources, out_edges)
            ports = rule.get("destination_ports")
            paths.append(DnatPath(owner or resource.address, label, target, _text(ports),
                                  f"{_text(address)}:{_text(rule.get('translated_port'))}", candidates))
    return paths


def _dnat_target(address: Any, rule_address: str, graph: Graph, resources: Mapping[str, Resource],
                 out_edges: Mapping[str, list]) -> tuple[str, tuple[str, ...]]:
    """The workload behind a translated address: a reference to a NIC/VM, a NIC with that static IP,
    or the one workload in the subnet whose range holds the address (else the subnet)."""
    if isinstance(address, Unknown):
        for source, _attribute in address.origins:
            if source in resources:
                return _vm_of(source, graph, resources), ()
        return "unknown", ()
    if not isinstance(address, str):
        return "unknown", ()
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return "unknown", ()
    for resource in graph.resources:
        if resource.type in ("azurerm_network_interface", "aws_network_interface"):
            for config in _blocks(resource.attrs.get("ip_configuration")):
                if config.get("private_ip_address") == address:
                    return _vm_of(resource.address, graph, resources), ()
    for resource in graph.resources:
        record = kind(resource.type)
        if record is None or record.category != Category.NETWORK_SUBNET:
            continue
        prefixes = resource.attrs.get("address_prefixes") or [resource.attrs.get("address_prefix")]
        for prefix in prefixes if isinstance(prefixes, list) else []:
            try:
                if isinstance(prefix, str) and ip in ipaddress.ip_network(prefix, strict=False):
                    members = {c.child for c in graph.containment if c.parent == resource.address
                               and (k := kind(resources[c.child].type) if c.child in resources else None)
                               and k.category.value in _WORKLOAD_TYPES}
                    # VMs placed through a NIC in the subnet
                    nics = {e.src for e in graph.edges if e.dst == resource.address and e.src in resources
                            and "network_interface" in resources[e.src].type}
                    members |= {_vm_of(n, graph, resources) for n in nics} - nics
                    members_sorted = sorted(members)
                    if len(members_sorted) == 1:
                        return members_sorted[0], ()
                    return resource.address, tuple(members_sorted)
            except ValueError:
                continue
    return "unknown", ()


def _vm_of(address: str, graph: Graph, resources: Mapping[str, Resource]) -> str:
    """A NIC stands for the VM that uses it."""
    resource = resources.get(address)
    if resource is None or "network_interface" not in resource.type:
        return address
    if address in graph.folded:  # the NIC drawn as part of its VM
        return graph.folded[address]
    for edge in graph.edges:
        if edge.dst == address and edge.relation != Relation.DEPENDS and edge.src in resources \
                and (k := kind(resources[edge.src].type)) and k.category.value in _WORKLOAD_TYPES:
            return edge.src
    return address


def nsg_inbound_from_internet(rule_sets: Iterable[Resource], children: Mapping[str, list[Resource]]
                              ) -> tuple[bool | None, list[str]]:
    """(does any NSG allow inbound from the internet?, the service tags / sources it does allow).

    None when a rule that could decide it is not known."""
    from infra2arch.annotate.egress_rules import _all_ports, _nsg_rules

    allowed: list[str] = []
    unknown = False
    found = False
    for nsg in rule_sets:
        denied = False   # a Deny of the internet on every port, at a lower priority number than any allow
        for rule in _nsg_rules(nsg, children):   # in priority order: the first rule that matches decides
            if isinstance(rule.get("direction"), Unknown) or isinstance(rule.get("access"), Unknown):
                unknown = True
                continue
            if str(rule.get("direction", "")).lower() != "inbound":
                continue
            sources = rule.get("source_address_prefixes") or [rule.get("source_address_prefix")]
            sources = sources if isinstance(sources, list) else [sources]
            internet = any(isinstance(s, str) and s.strip().lower() in _INTERNET_SOURCES for s in sources)
            if str(rule.get("access", "")).lower() != "allow":
                denied = denied or (internet and _all_ports(rule))
                continue
            for source in sources:
                if isinstance(source, Unknown):
                    unknown = True
                elif isinstance(source, str):
                    if source.strip().lower() in _INTERNET_SOURCES:
                        found = found or not denied
                    else:
                        allowed.append(source)
    if found:
        return True, sorted(set(allowed))
    return (None if unknown else False), sorted(set(allowed))


def is_asset(resource: Resource | None) -> bool:
    if resource is None:
        return False
    if resource.type in ("azurerm_firewall", "aws_networkfirewall_firewall"):
        return False  # a firewall is the path to what it forwards to
    if resource.type == "azurerm_bastion_host" or resource.type in AOSS_COLLECTIONS:
        return True   # people connect to the bastion itself; a collection is a store, whatever its provider
    record = kind(resource.type)
    return record is not None and record.category not in _NOT_ASSETS and "network_interface" not in resource.type


def exposures(graph: Graph, zones: Mapping[str, ZoneInfo], entries: Mapping[str, str],
              dnat: list[DnatPath], controls: Mapping[str, tuple[str | None, str]]) -> tuple[Exposure, ...]:
    """One Exposure per workload reachable from the internet (entry points, edge-zone workloads with
    a public address, destination-NAT targets), with the path and what filters it."""
    resources = graph.by_address()
    children: dict[str, list[Resource]] = defaultdict(list)
    for child, parent in sorted(graph.folded.items()):
        if child in resources:
            children[parent].append(resources[child])
    found: dict[str, Exposure] = {}
    through_dnat = {t for path in dnat for t in (path.candidates or (path.target,))}
    for address, reason in sorted(entries.items()):
        resource = resources.get(address)
        info = zones.get(address)
        if not is_asset(resource) or address in graph.folded or address in through_dnat \
                or (info is not None and info.zone != Zone.EDGE):
            continue   # an entry whose filters admit nobody from the internet is not exposed
        ports, control = _nsg_ports(controls.get(address, (None, ""))[0], resources, children)
        found[address] = Exposure(address, (INTERNET, address), ports, reason, control)
    for address, info in sorted(zones.items()):
        resource = resources.get(address)
        if info.zone != Zone.EDGE or address in found or address in graph.folded or address in through_dnat \
                or not is_asset(resource):
            continue
        record = kind(resource.type)
        if resource.type in AOSS_COLLECTIONS:
            pass
        elif record is None or record.category.value not in _EXPOSED_SERVICES:
            continue
        # in the edge zone by its own settings (a public IP, a public grant, a default): the reasons say which
        reasons = [r for r in info.reasons if not r.startswith(("placed in", "not placed", "storage.", "ml."))] \
            or list(info.reasons)
        ports, control = _nsg_ports(controls.get(address, (None, ""))[0], resources, children)
        found[address] = Exposure(address, (INTERNET, address), ports, "; ".join(reasons), control)
    for path in dnat:
        which = (f" (one of {', '.join(path.candidates)} in {path.target}: the address is assigned dynamically)"
                 if path.candidates else "")
        for asset in path.candidates or (path.target,):
            key = f"{asset}#{path.rule}"
            found[key] = Exposure(asset, (INTERNET, path.firewall, asset), path.ports,
                                  f"destination NAT rule {path.rule} on {path.firewall}: internet:{path.ports} → "
                                  f"{path.translated}{which}", f"{path.firewall} (DNAT {path.rule})")
    return tuple(found[k] for k in sorted(found))


def _nsg_ports(control: str | None, resources: Mapping[str, Resource], children: Mapping[str, list[Resource]]
               ) -> tuple[str, str | None]:
    """(ports, control) of an exposure filtered by NSGs: the ports their rules open to the internet
    (service tag Internet, "*", 0.0.0.0/0) and those rules, so the path says what the internet reaches."""
    from infra2arch.annotate.egress_rules import nsg_internet_inbound

    nsgs = [resources[n] for n in (control or "").split(", ")
            if n in resources and resources[n].type == "azurerm_network_security_group"]
    opened = nsg_internet_inbound(nsgs, children) if nsgs else []
    if not opened:
        return "", control
    return ",".join(sorted({p for p, _ in opened})), ", ".join(sorted({c for _, c in opened}))


def sg_inbound_from_internet(groups: Iterable[Resource], children: Mapping[str, list[Resource]]
                             ) -> bool | None:
    """Does any AWS security group admit ingress from 0.0.0.0/0 or ::/0 (inline ingress blocks,
    aws_security_group_rule type ingress, aws_vpc_security_group_ingress_rule)? None when a source
    that could decide it is not known."""
    unknown = False

    def open_(values: Any) -> bool:
        nonlocal unknown
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, Unknown):
                unknown = unknown or not all(a in ("cidr_block", "cidr_blocks", "ipv6_cidr_block")
                                             for _, a in value.origins) or not value.origins
            elif isinstance(value, str) and value.strip() in ("0.0.0.0/0", "::/0"):
                return True
        return False

    for group in groups:
        if group.type != "aws_security_group":
            continue
        for block in _blocks(group.attrs.get("ingress")):
            if open_(block.get("cidr_blocks")) or open_(block.get("ipv6_cidr_blocks")):
                return True
        for rule in children.get(group.address, ()):
            if rule.type == "aws_security_group_rule" and rule.attrs.get("type") == "ingress":
                if open_(rule.attrs.get("cidr_blocks")) or open_(rule.attrs.get("ipv6_cidr_blocks")):
                    return True
            elif rule.type == "aws_vpc_security_group_ingress_rule":
                if open_(rule.attrs.get("cidr_ipv4")) or open_(rule.attrs.get("cidr_ipv6")):
                    return True
    return None if unknown else False
