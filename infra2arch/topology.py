"""Network topology the references alone do not give: placement through another resource (a VM
through its NIC), networks that exist outside the scanned code (data sources, variable ids),
subnets routed through an appliance, and AWS-managed policies folded into the roles using them.

Called by ``graph.build_graph``; pure, sorted, deterministic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import Any, Iterable, Iterator, Mapping

from infra2arch.catalog import Category, Kind, Shape
from infra2arch.model import Containment, Edge, Location, Origin, Relation, Resource, Unknown

EXISTING_PREFIX = "existing:"
# (network type, subnet type) per cloud, for networks known only by an id
_NETWORK_TYPES = {
    "aws": ("aws_vpc", "aws_subnet"),
    "azurerm": ("azurerm_virtual_network", "azurerm_subnet"),
    "google": ("google_compute_network", "google_compute_subnetwork"),
}
_NETWORK_LEAVES = frozenset({"vpc_id", "network", "virtual_network_id", "virtual_network_name", "network_id",
                             "authorized_network", "vpc_network", "network_name"})
_SUBNET_LEAVES = frozenset({"subnet_id", "subnet_ids", "subnets", "subnetwork", "vnet_subnet_id", "subnet_resource_id",
                            "infrastructure_subnet_id", "vpc_zone_identifier", "virtual_network_subnet_id",
                            "subnet_name", "subnetwork_name", "pod_subnet_id"})
_AZURE_SUBNET_ID = re.compile(r"/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.Network/"
                              r"virtualNetworks/([^/]+)/subnets/([^/]+)$", re.IGNORECASE)
_AZURE_VNET_ID = re.compile(r"/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.Network/"
                            r"virtualNetworks/([^/]+)$", re.IGNORECASE)
_GOOGLE_PATH = re.compile(r"(?:^|/)(?:projects/([^/]+)/)?(?:regions/[^/]+/subnetworks|global/networks)/([^/]+)$")
_SUBNET_LISTS = frozenset({"subnet_ids", "subnets", "vpc_zone_identifier"})
# route targets that are the subnet's tier, not a path through an appliance (tiers show them)
_TIER_TARGETS = frozenset({"aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_nat_gateway",
                           "azurerm_nat_gateway", "google_compute_router_nat"})
_ROUTE_TARGET_CATEGORIES = frozenset({Category.NETWORK_GATEWAY, Category.NETWORK_VPC, Category.COMPUTE_VM,
                                      Category.NETWORK_PRIVATE_ENDPOINT, Category.NETWORK_LOAD_BALANCER})


def is_existing(address: str) -> bool:
    return address.startswith(EXISTING_PREFIX)


# ------------------------------------------------------------------------------ placement through


def placed_through(through: Iterable[tuple[str, str, str]], containment: set[Containment]) -> set[Containment]:
    """A resource placed by a non-group resource (an instance group by its template) sits where that
    resource sits."""
    parents: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for item in containment:
        parents[item.child].add((item.parent, item.via))
    out: set[Containment] = set()
    pending = sorted(set(through))
    for _ in range(3):  # a short chain at most (group -> template -> NIC)
        left = []
        for child, target, via in pending:
            found = parents.get(target)
            if not found:
                left.append((child, target, via))
                continue
            for parent, _ in sorted(found):
                item = Containment(parent, child, f"{via} ({target})")
                out.add(item)
                parents[child].add((parent, item.via))
        if len(left) == len(pending):
            break
        pending = left
    return out


# ----------------------------------------------------------------------------- existing networks


def _values_at(value: Any, parts: list[str]) -> Iterator[Any]:
    """Every value at an attribute path, through lists of blocks."""
    if isinstance(value, list):
        for item in value:
            yield from _values_at(item, parts)
        return
    if not parts:
        yield value
        return
    if isinstance(value, dict):
        if parts[0] in value:
            yield from _values_at(value[parts[0]], parts[1:])


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, (str, Unknown)):
        yield value


def _placement_paths(resource: Resource, record: Kind | None) -> list[str]:
    paths = list(record.placement) if record else []
    for key in resource.attrs:
        if (key in _NETWORK_LEAVES or key in _SUBNET_LEAVES) and key not in paths:
            paths.append(key)
    return paths


def _origin_key(value: Any) -> tuple[str, str] | None:
    """(kind of origin, text) naming where an existing network comes from, or None when the value
    is a reference to a resource in the code (drawn already)."""
    if isinstance(value, Unknown):
        if value.origins:
            # a module that is not vendored stands for its outputs: group by the module
            modules = sorted({a for a, attr in value.origins if attr == "*"})
            return ("module", modules[0]) if modules else None
        reason = value.reason
        m = re.match(r"(var\.[A-Za-z0-9_-]+)", reason)
        return ("variable", m.group(1)) if m else ("unknown", reason)
    if isinstance(value, str) and value:
        return ("id", value)
    return None


def existing_networks(resources: list[Resource], kinds: Mapping[str, Kind | None], folded: Mapping[str, str],
                      containment: set[Containment], links_by_source: Mapping[str, Iterable[Any]] | None = None,
                      ) -> tuple[list[Resource], set[Containment]]:
    """Boxes for networks the code only names (a variable id, a literal id, a module not vendored),
    each marked existing, with the resources placed there inside; resources with the same origin
    share a box. Placement attributes that reference a resource in the code are left alone."""
    linked: set[tuple[str, str]] = set()
    for address, links in (links_by_source or {}).items():
        for link in links:
            linked.add((address, link.via.split(".", 1)[0]))
    placed_in_network: dict[str, set[str]] = defaultdict(set)
    for item in containment:
        placed_in_network[item.child].add(item.parent)
    boxes: dict[str, Resource] = {}
    out: set[Containment] = set()
    unnamed: set[str] = set()          # origins that are an unknown's reason, not a name worth showing
    for resource in resources:
        record = kinds.get(resource.address)
        cloud = resource.type.split("_", 1)[0]
        if cloud not in _NETWORK_TYPES or record is None or record.shape in (Shape.HIDDEN,):
            continue
        if record.category in (Category.NETWORK_VPC, Category.ORG_GROUP):
            continue
        owner = folded.get(resource.address, resource.address)
        network_type, subnet_type = _NETWORK_TYPES[cloud]
        own_network: str | None = None
        found: list[tuple[str, str, Any, str]] = []   # (level, path, value, origin text)
        for path in _placement_paths(resource, record):
            if (resource.address, path.split(".", 1)[0]) in linked:
                continue
            leaf = path.rsplit(".", 1)[-1]
            level = "subnet" if leaf in _SUBNET_LEAVES else "network" if leaf in _NETWORK_LEAVES else None
            if level is None:
                continue
            if record.category == Category.NETWORK_SUBNET and level == "subnet":
                continue
            for raw in _values_at(dict(resource.attrs), path.split(".")):
                values = [raw] if isinstance(raw, Unknown) else list(_leaves(raw))
                for value in values:
                    origin = _origin_key(value)
                    if origin is not None:
                        found.append((level, path, value, origin[1]))
                        if origin[0] == "unknown":   # named by its reason ("element(): argument not known")
                            unnamed.add(origin[1])
        if not found:
            continue
        # the network first, so the subnets of the same resource nest inside it
        for level, path, value, origin in sorted(found, key=lambda f: (f[0] != "network", f[1], f[3])):
            shown = "not known before apply" if origin in unnamed else None
            if level == "network":
                box = _box(boxes, network_type, origin, resource, None, label=shown)
                own_network = box.address
                out.add(Containment(box.address, owner, path))
                continue
            parent_network = own_network
            if isinstance(value, str):
                m = _AZURE_SUBNET_ID.search(value)
                if m:
                    vnet_id = value[: value.lower().rindex("/subnets/")]
                    parent_network = _box(boxes, network_type, vnet_id, resource, None, label=m.group(2)).address
            if parent_network is None:  # a real network the resource is already in
                real = sorted(p for p in placed_in_network.get(owner, ())
                              if (k := kinds.get(p)) is not None and k.category == Category.NETWORK_VPC)
                parent_network = real[0] if real else None
            several = isinstance(value, Unknown) and path.rsplit(".", 1)[-1] in _SUBNET_LISTS
            box = _box(boxes, subnet_type, origin, resource, parent_network, label=shown, several=several)
            out.add(Containment(box.address, owner, path))
            if parent_network is not None:
                out.add(Containment(parent_network, box.address, "existing"))
    return [_with_region(boxes[a], out | containment, resources) for a in sorted(boxes)], out


def _with_region(box: Resource, containment: set[Containment], resources: list[Resource]) -> Resource:
    """An existing network named by a data source without a location sits in the region of what
    is placed in it (most common region, then the first in order)."""
    if isinstance(box.location.region, str):
        return box
    by_address = {r.address: r for r in resources}
    children: dict[str, set[str]] = defaultdict(set)
    for item in containment:
        children[item.parent].add(item.child)
    regions: dict[str, int] = defaultdict(int)
    stack, seen = [box.address], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for child in children.get(current, ()):
            stack.append(child)
            region = by_address[child].location.region if child in by_address else None
            if isinstance(region, str):
                regions[region] += 1
    if not regions:
        return box
    region = sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return replace(box, location=Location(box.location.cloud, box.location.account, region, None))


def without_group_placement(containment: set[Containment], kinds: Mapping[str, Kind | None]) -> set[Containment]:
    """A resource in a network or subnet is not also placed by its resource group: the network says
    where it is (an existing subnet of another resource group, a VM through its NIC)."""
    networked = {c.child for c in containment
                 if (k := kinds.get(c.parent)) is not None and k.category in (Category.NETWORK_SUBNET, Category.NETWORK_VPC)}
    return {c for c in containment
            if not (c.child in networked and (k := kinds.get(c.parent)) is not None and k.category == Category.ORG_GROUP
                    and (ck := kinds.get(c.child)) is not None and ck.shape != Shape.GROUP)}


def _label(origin: str) -> str:
    m = _AZURE_SUBNET_ID.search(origin)
    if m:
        return m.group(3)
    m = _AZURE_VNET_ID.search(origin)
    if m:
        return m.group(2)
    m = _GOOGLE_PATH.search(origin)
    if m:
        return m.group(2)
    return origin


def _box(boxes: dict[str, Resource], tf_type: str, origin: str, placed: Resource, parent: str | None,
         label: str | None = None, several: bool = False) -> Resource:
    address = f"{EXISTING_PREFIX}{tf_type}/{origin}"
    if address not in boxes:
        attrs: dict[str, Any] = {"existing": True, "origin": origin}
        if several:
            attrs["several"] = True  # a list of subnets known only as a whole (var.private_subnet_ids)
        boxes[address] = Resource(
            address=address, type=tf_type, name=label or _label(origin),
            attrs=attrs,
            mode="data", origin=Origin.SYNTHETIC, source=placed.source,
            location=Location(placed.location.cloud, placed.location.account, placed.location.region, None),
            provider=placed.provider,
        )
    return boxes[address]


# ---------------------------------------------------------------------------------- routed paths


def route_edges(edges: list[Edge], kinds: Mapping[str, Kind | None], by_address: Mapping[str, Resource],
                containment: set[Containment]) -> Iterator[Edge]:
    """A subnet whose route table sends traffic to a firewall, an appliance, a transit gateway, a
    peered network or a VPN gateway is connected to it: a network edge subnet -> target."""
    tables: dict[str, set[str]] = defaultdict(set)      # subnet -> route tables
    targets: dict[str, set[tuple[str, str]]] = defaultdict(set)  # route table -> (target, via)
    for edge in edges:
        if edge.relation != Relation.NETWORK:
            continue
        src, dst = kinds.get(edge.src), kinds.get(edge.dst)
        if src is None or dst is None:
            continue
        if src.category == Category.NETWORK_SUBNET and dst.category == Category.NETWORK_ROUTE:
            tables[edge.src].add(edge.dst)
        elif src.category == Category.NETWORK_ROUTE and dst.category != Category.NETWORK_ROUTE:
            target = by_address.get(edge.dst)
            if target is None or target.type in _TIER_TARGETS:
                continue
            if dst.appliance or dst.category in _ROUTE_TARGET_CATEGORIES or _forwards(target):
                targets[edge.src].add((edge.dst, edge.via))
    ancestors: dict[str, set[str]] = defaultdict(set)
    for item in containment:
        ancestors[item.child].add(item.parent)
    # GCP: a route folds into its network; its next hop (an instance, an internal load balancer,
    # a VPN tunnel) is where the network's traffic goes
    for edge in edges:
        src = kinds.get(edge.src)
        if (edge.relation == Relation.NETWORK and src is not None and src.category == Category.NETWORK_VPC
                and ".next_hop_" in edge.via and not edge.via.startswith("route: ")):
            target = by_address.get(edge.dst)
            if target is not None and edge.dst not in _all_ancestors(edge.src, ancestors) | {edge.src}:
                yield Edge(edge.src, edge.dst, Relation.NETWORK, f"route: {edge.via}")
    for subnet in sorted(tables):
        around = _all_ancestors(subnet, ancestors)
        for table in sorted(tables[subnet]):
            for target, via in sorted(targets.get(table, ())):
                if target in around or target == subnet:
                    continue
                yield Edge(subnet, target, Relation.NETWORK, f"route: {table} ({via})")


def _forwards(resource: Resource) -> bool:
    """A VM or NIC that forwards traffic for others: a network virtual appliance."""
    attrs = resource.attrs
    return (attrs.get("ip_forwarding_enabled") is True or attrs.get("enable_ip_forwarding") is True
            or attrs.get("can_ip_forward") is True or attrs.get("source_dest_check") is False)


def _all_ancestors(node: str, parents: Mapping[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(parents.get(node, ()))
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(parents.get(current, ()))
    return seen


# ------------------------------------------------------------------------------ absorbed policies


def absorbed_policies(edges: list[Edge], kinds: Mapping[str, Kind | None], by_address: Mapping[str, Resource],
                      folded: Mapping[str, str]) -> dict[str, str]:
    """IAM policies read as data sources (AWS-managed policies) fold into the role that attaches
    them: they are facts about the role, not things of their own on a map."""
    roles: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        target = by_address.get(edge.dst)
        if target is None or target.mode != "data" or edge.dst in folded:
            continue
        target_kind, source_kind = kinds.get(edge.dst), kinds.get(edge.src)
        if (target_kind is not None and target_kind.category == Category.IAM_POLICY and target_kind.shape == Shape.NODE
                and source_kind is not None
                and source_kind.category == Category.IAM_ROLE and edge.relation == Relation.IAM):
            roles[edge.dst].add(edge.src)
    return {policy: sorted(owners)[0] for policy, owners in sorted(roles.items())}


def existing_label(resource: Resource) -> str:
    """How an existing network box says where it comes from: its variable, id or data source."""
    if resource.mode == "data" and resource.origin != Origin.SYNTHETIC:
        return "existing: data source"
    origin = resource.attrs.get("origin")
    return f"existing: {origin}" if isinstance(origin, str) else "existing"
