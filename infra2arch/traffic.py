"""The traffic security groups and firewall rules allow, as paths between resources.

A security group is a connection, not a box: a rule that lets a group reach itself (``self``), a
source CIDR that covers a VPC or subnet (every workload placed there), or a GCP firewall rule whose
source tags or ranges and target tags match instances becomes a path workload -> resource. A path
is only drawn when a rule allows it; a deny rule or a rule open to the whole internet (0.0.0.0/0,
an exposure the zones annotator reports) draws nothing here.
"""

from __future__ import annotations

import ipaddress
from bisect import bisect_left, bisect_right
from functools import lru_cache
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Collection, Iterable, Iterator, Mapping

from infra2arch.catalog import Category, kind
from infra2arch.model import Graph, Relation, Resource

# what starts connections: compute, notebooks, ML domains, training and pipelines
INITIATORS = frozenset({Category.COMPUTE_VM, Category.COMPUTE_FUNCTION, Category.COMPUTE_CONTAINER,
                        Category.ML_NOTEBOOK, Category.ML_COMPUTE, Category.ML_TRAINING, Category.ML_WORKSPACE,
                        Category.ML_PIPELINE, Category.OPS_WORKFLOW})
_AWS_GROUPS = frozenset({"aws_security_group", "aws_default_security_group"})
MAX_PATHS_PER_RULE = 400


@dataclass(frozen=True)
class Allowed:
    src: str
    dst: str
    rule: str          # what allows it: "aws_security_group.x (self)", "… 10.0.0.0/16 covers aws_vpc.main"


def allowed_paths(graph: Graph, among: Collection[str] | None = None) -> list[Allowed]:
    """The paths rules allow, sorted, one per (src, dst) with the first rule that allows it.

    ``among``: only the paths between these resources, exactly those of the whole list (a map
    needs the paths between what it draws; each rule's cap still counts every path it allows)."""
    by_address = graph.by_address()
    ancestors = _ancestors(graph)
    within = None if among is None else frozenset(among)
    out: dict[tuple[str, str], Allowed] = {}
    for item in (*_aws_paths(graph, by_address, ancestors, within), *_gcp_paths(graph, by_address, ancestors, within),
                 *_azure_paths(graph, by_address, ancestors, within)):
        out.setdefault((item.src, item.dst), item)
    return [out[k] for k in sorted(out)]


class _Placement:
    """What sits (at any depth, folded configuration aside) inside each box: the inverse of
    ``ancestors``, built once per call instead of scanning every resource for every rule."""

    def __init__(self, ancestors: Mapping[str, set[str]], graph: Graph):
        self.inside: dict[str, set[str]] = defaultdict(set)
        for child, above in ancestors.items():
            if child not in graph.folded:
                for box in above:
                    self.inside[box].add(child)

    def placed_in(self, networks: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for network in networks:
            found |= self.inside.get(network, set())
        return found


class _CidrIndex:
    """The networks and subnets by address range, to find the boxes a rule's source CIDRs cover
    without comparing every rule with every box. A drill-down's graph holds the estate's whole
    network skeleton, so the index of the last skeleton seen is kept for the next call."""

    def __init__(self, box_cidrs: Mapping[str, list[Any]]):
        ranges: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
        for box, cidrs in box_cidrs.items():
            for cidr in cidrs:
                net = _parsed_network(cidr) if isinstance(cidr, str) else None
                if net is not None:
                    ranges[net.version].append((int(net.network_address), net.prefixlen,
                                                int(net.broadcast_address), box))
        self.ranges = {version: sorted(items) for version, items in ranges.items()}
        self.starts = {version: [item[0] for item in items] for version, items in self.ranges.items()}
        self.memo: dict[tuple, frozenset[str]] = {}

    def covered(self, rule_cidrs: list[Any]) -> frozenset[str]:
        """The boxes with a CIDR inside one of the rule's (the whole internet covers nothing here)."""
        key = tuple(c for c in rule_cidrs if isinstance(c, str))
        found = self.memo.get(key)
        if found is None:
            boxes: set[str] = set()
            for text in key:
                rule = _parsed_network(text)
                if rule is None or rule.prefixlen == 0:
                    continue
                items, starts = self.ranges.get(rule.version, []), self.starts.get(rule.version, [])
                low, high = int(rule.network_address), int(rule.broadcast_address)
                # a range is inside the rule's when it starts inside it and is no wider
                for start, prefix, end, box in items[bisect_left(starts, low):bisect_right(starts, high)]:
                    if prefix >= rule.prefixlen and end <= high:
                        boxes.add(box)
            found = self.memo[key] = frozenset(boxes)
        return found


_LAST_INDEX: list[tuple[list[tuple[str, Resource]], _CidrIndex]] = []


def _cidr_index(boxes: list[tuple[str, Resource]]) -> _CidrIndex:
    """The index of these boxes; the last one is kept, since every drill-down's graph holds the same
    network skeleton: the very same resource objects (compared by identity, which the kept list
    keeps valid)."""
    if _LAST_INDEX:
        seen, index = _LAST_INDEX[0]
        if len(seen) == len(boxes) and all(a == b and r is s for (a, r), (b, s) in zip(seen, boxes)):
            return index
    index = _CidrIndex({a: _cidrs_of(r) for a, r in boxes})
    _LAST_INDEX[:] = [(boxes, index)]
    return index


def _ancestors(graph: Graph) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for item in graph.containment:
        parents[item.child].add(item.parent)
    cache: dict[str, set[str]] = {}

    def walk(node: str) -> set[str]:
        if node in cache:
            return cache[node]
        cache[node] = set()
        found: set[str] = set()
        for parent in parents.get(node, ()):
            found.add(parent)
            found |= walk(parent)
        cache[node] = found
        return found

    return {node: walk(node) for node in list(parents)}


def _category(resource: Resource | None) -> Category | None:
    return _type_category(resource.type) if resource is not None else None


@lru_cache(maxsize=4096)
def _type_category(tf_type: str) -> Category | None:
    # asked for every edge and resource of every map; the catalog itself is loaded once (all_kinds)
    record = kind(tf_type)
    return record.category if record is not None else None


@lru_cache(maxsize=16384)
def _parsed_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    # rules x networks compares the same few ranges again and again; parsing them was most of the time
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def _cidrs_of(resource: Resource) -> list[Any]:
    attrs = resource.attrs
    values: list[Any] = [attrs.get("cidr_block"), attrs.get("ip_cidr_range"), attrs.get("ipv6_cidr_block")]
    for key in ("address_prefixes", "address_space"):
        if isinstance(attrs.get(key), list):
            values.extend(attrs[key])
    return [v for v in values if isinstance(v, str)]


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _pairs(sources: Iterable[str], targets: Iterable[str], by_address: Mapping[str, Resource], rule: str,
           within: frozenset[str] | None = None) -> Iterator[Allowed]:
    """Each initiating source to each other target, in order, at most MAX_PATHS_PER_RULE of them;
    ``within``: of those, only the pairs with both ends in it (counted as before, not yielded)."""
    ordered_targets = sorted(set(targets))
    if within is not None:
        yield from _pairs_within(sources, ordered_targets, by_address, rule, within)
        return
    count = 0
    for src in sorted(set(sources)):
        if _category(by_address.get(src)) not in INITIATORS:
            continue
        for dst in ordered_targets:
            if dst != src:
                count += 1
                if count > MAX_PATHS_PER_RULE:
                    return
                yield Allowed(src, dst, rule)


def _pairs_within(sources: Iterable[str], ordered_targets: list[str], by_address: Mapping[str, Resource],
                  rule: str, within: frozenset[str]) -> Iterator[Allowed]:
    """What ``_pairs`` yields with both ends in ``within``, without walking every pair: the
    position of a pair in _pairs' order is the pairs of the sources before it plus its target's
    place among the targets (less one when the source itself is an earlier target)."""
    target_set = set(ordered_targets)
    wanted = [(i, dst) for i, dst in enumerate(ordered_targets) if dst in within]
    count = 0   # pairs of the sources before this one
    for src in sorted(set(sources)):
        if count >= MAX_PATHS_PER_RULE:
            return
        if _category(by_address.get(src)) not in INITIATORS:
            continue
        own = src in target_set
        if src in within:
            for i, dst in wanted:
                if dst == src:
                    continue
                position = count + i + 1 - (1 if own and src < dst else 0)
                if position > MAX_PATHS_PER_RULE:
                    break
                yield Allowed(src, dst, rule)
        count += len(ordered_targets) - (1 if own else 0)


# ------------------------------------------------------------------------------------------ AWS


def _aws_paths(graph: Graph, by_address: Mapping[str, Resource], ancestors: Mapping[str, set[str]],
               within: frozenset[str] | None = None) -> Iterator[Allowed]:
    groups = {a for a, r in by_address.items() if r.type in _AWS_GROUPS}
    if not groups:
        return
    members: dict[str, set[str]] = defaultdict(set)
    for edge in graph.edges:
        dst = graph.folded.get(edge.dst, edge.dst)
        src = graph.folded.get(edge.src, edge.src)
        if dst in groups and edge.relation == Relation.NETWORK and src not in groups \
                and _category(by_address.get(src)) != Category.NETWORK_FIREWALL:
            members[dst].add(src)
    rules: dict[str, list[tuple[dict, str]]] = defaultdict(list)   # group -> (ingress rule attrs, rule address)
    for group in groups:
        for block in _as_list(by_address[group].attrs.get("ingress")):
            if isinstance(block, dict):
                rules[group].append((block, group))
    for child, parent in graph.folded.items():
        resource = by_address.get(child)
        if parent not in groups or resource is None:
            continue
        attrs = dict(resource.attrs)
        own = attrs.get("security_group_id")
        if resource.type == "aws_security_group_rule" and attrs.get("type") == "ingress":
            if own is not None and attrs.get("source_security_group_id") == own:
                attrs["self"] = True  # the group as its own source
            rules[parent].append((attrs, child))
        elif resource.type == "aws_vpc_security_group_ingress_rule":
            attrs.setdefault("cidr_blocks", [attrs.get("cidr_ipv4"), attrs.get("cidr_ipv6")])
            if own is not None and attrs.get("referenced_security_group_id") == own:
                attrs["self"] = True
            rules[parent].append((attrs, child))
    cidr_refs = _cidr_references(graph, by_address)
    boxes = _cidr_index([(a, r) for a, r in by_address.items()
                         if _category(r) in (Category.NETWORK_VPC, Category.NETWORK_SUBNET)])
    placement = _Placement(ancestors, graph)
    for group in sorted(rules):
        targets = members.get(group, set())
        if not targets:
            continue
        for attrs, rule in rules[group]:
            if attrs.get("self") is True:
                yield from _pairs(targets, targets, by_address, f"{rule} (self)", within)
            rule_cidrs = _as_list(attrs.get("cidr_blocks")) + _as_list(attrs.get("ipv6_cidr_blocks"))
            covered = set(boxes.covered(rule_cidrs)) if rule_cidrs else set()
            covered |= cidr_refs.get(rule, set())
            if covered:
                sources = placement.placed_in(covered)
                top = sorted(n for n in covered if not (ancestors.get(n, set()) & covered))  # the VPC, not its subnets
                names = ", ".join(top[:2]) + (" …" if len(top) > 2 else "")
                yield from _pairs(sources, targets, by_address, f"{rule}: source CIDR covers {names}", within)


def _cidr_references(graph: Graph, by_address: Mapping[str, Resource]) -> dict[str, set[str]]:
    """Rules whose cidr_blocks reference a network's CIDR (aws_vpc.main.cidr_block): rule -> networks."""
    out: dict[str, set[str]] = defaultdict(set)
    folded_into: dict[str, list[str]] = defaultdict(list)   # parent -> its folded children, in graph order
    for child, parent in graph.folded.items():
        folded_into[parent].append(child)
    for edge in graph.edges:
        target = by_address.get(edge.dst)
        if _category(target) not in (Category.NETWORK_VPC, Category.NETWORK_SUBNET):
            continue
        via = edge.via
        owner = edge.src
        for child in folded_into.get(edge.src, ()):  # a folded rule's via is "<rule address>.<attr>"
            if via.startswith(child + "."):
                owner, via = child, via[len(child) + 1:]
                break
        if "cidr_blocks" in via or via.startswith(("cidr_ipv4", "cidr_ipv6")):
            out[owner].add(edge.dst)
    return out


# ------------------------------------------------------------------------------------------ GCP


# what a firewall rule without target tags applies to: things with instances in the network
_GCP_INSTANCES = frozenset({Category.COMPUTE_VM, Category.COMPUTE_CONTAINER, Category.COMPUTE_FUNCTION,
                            Category.ML_NOTEBOOK, Category.ML_COMPUTE, Category.ML_TRAINING, Category.ML_ENDPOINT,
                            Category.STORAGE_DATABASE, Category.NETWORK_LOAD_BALANCER})


def _gcp_paths(graph: Graph, by_address: Mapping[str, Resource], ancestors: Mapping[str, set[str]],
               within: frozenset[str] | None = None) -> Iterator[Allowed]:
    rules = [(a, r) for a, r in by_address.items() if r.type == "google_compute_firewall"]
    if not rules:
        return
    subnets = _CidrIndex({a: _cidrs_of(r) for a, r in by_address.items() if r.type == "google_compute_subnetwork"})
    placement = _Placement(ancestors, graph)
    for address, rule in sorted(rules, key=lambda x: x[0]):
        attrs = rule.attrs
        if attrs.get("direction", "INGRESS") != "INGRESS" or attrs.get("disabled") is True or not attrs.get("allow"):
            continue
        network = graph.folded.get(address)
        in_network = placement.placed_in([network]) if network else set()
        target_tags = {t for t in _as_list(attrs.get("target_tags")) if isinstance(t, str)}   # unknown tags match nothing
        targets = {a for a in in_network if _tags(by_address[a]) & target_tags} if target_tags else {
            a for a in in_network if _category(by_address.get(a)) in _GCP_INSTANCES}
        sources: set[str] = set()
        source_tags = {t for t in _as_list(attrs.get("source_tags")) if isinstance(t, str)}
        if source_tags:
            sources |= {a for a in in_network if _tags(by_address[a]) & source_tags}
        covered = subnets.covered(_as_list(attrs.get("source_ranges")))
        if covered:
            sources |= placement.placed_in(covered)
        why = f"{address}: " + ("source tags " + ", ".join(sorted(source_tags)) if source_tags
                                else "source ranges cover " + ", ".join(sorted(covered)[:2]))
        yield from _pairs(sources, targets, by_address, why, within)


def _tags(resource: Resource) -> set[str]:
    tags = resource.attrs.get("tags")
    return {t for t in tags if isinstance(t, str)} if isinstance(tags, list) else set()


# ---------------------------------------------------------------------------------------- Azure

# what a workload in a VNet reaches there: private endpoints, databases, internal load balancers
_AZURE_TARGETS = frozenset({Category.NETWORK_PRIVATE_ENDPOINT, Category.STORAGE_DATABASE,
                            Category.NETWORK_LOAD_BALANCER})
_VNET_SOURCES = frozenset({"*", "any", "virtualnetwork"})


def _azure_paths(graph: Graph, by_address: Mapping[str, Resource], ancestors: Mapping[str, set[str]],
                 within: frozenset[str] | None = None) -> Iterator[Allowed]:
    """Inside a VNet every NSG starts with AllowVnetInBound: workloads reach the private endpoints
    and databases of their VNet, unless an NSG on the target's subnet denies VNet traffic before
    any rule allows it."""
    vnets = {a for a, r in by_address.items() if r.type == "azurerm_virtual_network"}
    if not vnets:
        return
    nsgs_of: dict[str, set[str]] = defaultdict(set)   # subnet -> NSGs associated with it
    for edge in graph.edges:
        src, dst = by_address.get(edge.src), by_address.get(edge.dst)
        if src is not None and dst is not None and src.type == "azurerm_subnet" \
                and dst.type == "azurerm_network_security_group":
            nsgs_of[edge.src].add(edge.dst)
    rules: dict[str, list[dict]] = defaultdict(list)
    for address in {n for group in nsgs_of.values() for n in group}:
        rules[address].extend(r for r in _as_list(by_address[address].attrs.get("security_rule")) if isinstance(r, dict))
    for child, parent in graph.folded.items():
        resource = by_address.get(child)
        if resource is not None and resource.type == "azurerm_network_security_rule" and parent in rules:
            rules[parent].append(dict(resource.attrs))
    sources: dict[str, set[str]] = defaultdict(set)
    targets: dict[str, set[str]] = defaultdict(set)
    for child, above in ancestors.items():
        if child in graph.folded:
            continue
        category = _category(by_address.get(child))
        for vnet in above & vnets:
            if category in INITIATORS:
                sources[vnet].add(child)
            elif category in _AZURE_TARGETS:
                if not any(_denies_vnet(rules.get(nsg, ())) for subnet in above for nsg in nsgs_of.get(subnet, ())):
                    targets[vnet].add(child)
    for vnet in sorted(vnets):
        yield from _pairs(sources.get(vnet, ()), targets.get(vnet, ()), by_address,
                          f"{vnet}: inside the VNet (NSG AllowVnetInBound)", within)


def _denies_vnet(rules: Iterable[dict]) -> bool:
    """True when an inbound Deny for VNet traffic comes before any inbound Allow for it."""
    def sources(rule: dict) -> set[str]:
        values = _as_list(rule.get("source_address_prefixes")) + _as_list(rule.get("source_address_prefix"))
        return {v.lower() for v in values if isinstance(v, str)}

    def priority(rule: dict) -> float:
        value = rule.get("priority")
        return float(value) if isinstance(value, (int, float)) else float("inf")

    inbound = sorted((r for r in rules if str(r.get("direction", "")).lower() == "inbound"
                      and sources(r) & _VNET_SOURCES), key=priority)
    for rule in inbound:
        access = str(rule.get("access", "")).lower()
        if access == "allow":
            return False
        if access == "deny":
            return True
    return False
