"""Cost roll-ups per subnet, network, zone, module, account and region, and the total."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping

from infra2arch.annotate.cost.builder import _parents, _region
from infra2arch.annotate.model import CostRollup, CostStatus, ResourceCost, ZoneInfo
from infra2arch.catalog import Category, cloud_of, kind
from infra2arch.model import Graph

_KIND_ORDER = ("subnet", "vpc", "zone", "module", "account", "region", "total")


def _label(value: Any) -> str:
    if isinstance(value, str) and value:
        return value
    return "(unknown)"


def rollups(graph: Graph, costs: Mapping[str, ResourceCost],
            zones: Mapping[str, ZoneInfo] = {}) -> tuple[CostRollup, ...]:  # noqa: B006 - read only
    """Monthly totals per subnet, network (``vpc``), zone, module, account, region, and the total.

    Account and region come from ``resource.location``; a resource that states no region takes its
    container's (subnet, network, resource group). A resource placed in several subnets adds an equal share of its monthly figure to each (so the
    subnets of a network add up) and counts as a resource in each. Networks hold their subnets'
    resources, the resources placed in them directly, and their subnets. ``usage_dependent`` counts
    resources whose total is a floor (status usage or unknown); ``unpriced`` those not in the book.
    """
    by_address = graph.by_address()
    categories = {r.address: (kind(r.type).category if kind(r.type) else None) for r in graph.resources}
    parents = _parents(graph)

    def is_subnet(address: str) -> bool:
        return categories.get(address) == Category.NETWORK_SUBNET

    def is_network(address: str) -> bool:
        return categories.get(address) == Category.NETWORK_VPC

    totals: dict[tuple[str, str], list[float]] = {}
    members: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(group_kind: str, group: str, address: str, share: float) -> None:
        totals.setdefault((group_kind, group), [0.0])[0] += share
        members[(group_kind, group)].add(address)

    for address in sorted(costs):
        cost = costs[address]
        resource = by_address.get(address)
        add("total", "total", address, cost.monthly)
        if resource is None:
            continue
        subnets = sorted(p for p in parents.get(address, ()) if is_subnet(p))
        if is_subnet(address):
            subnets = [address]
        for subnet in subnets:
            add("subnet", subnet, address, cost.monthly / len(subnets))
        networks = {p for p in parents.get(address, ()) if is_network(p)}
        for subnet in subnets:
            networks |= {p for p in parents.get(subnet, ()) if is_network(p)}
        if is_network(address):
            networks.add(address)
        for network in sorted(networks):
            add("vpc", network, address, cost.monthly)
        zone = zones.get(address)
        if zone is not None:
            add("zone", zone.zone.value, address, cost.monthly)
        add("module", resource.module or "(root)", address, cost.monthly)
        cloud = resource.location.cloud or cloud_of(resource.type)
        add("account", f"{cloud}:{_label(resource.location.account)}", address, cost.monthly)
        add("region", f"{cloud}:{_label(_region(resource, by_address, parents))}", address, cost.monthly)
    if ("total", "total") not in totals:
        totals[("total", "total")] = [0.0]

    result = []
    for (group_kind, group) in sorted(totals, key=lambda key: (_KIND_ORDER.index(key[0]), key[1])):
        addresses = members[(group_kind, group)]
        statuses = [costs[a].status for a in addresses]
        result.append(CostRollup(
            group_kind=group_kind, group=group, monthly=totals[(group_kind, group)][0], resources=len(addresses),
            usage_dependent=sum(1 for s in statuses if s in (CostStatus.USAGE, CostStatus.UNKNOWN)),
            unpriced=sum(1 for s in statuses if s is CostStatus.UNPRICED),
            unknown=sum(1 for s in statuses if s is CostStatus.UNKNOWN)))
    return tuple(result)


def total_text(rollups: tuple[CostRollup, ...] | list[CostRollup], *, short: bool = False,
               not_loaded: int = 0) -> str:
    """The monthly total as one honest phrase, for the summary and the maps.

    "about $1,316 a month + usage-based parts of 8 resources; 2 of unknown size, 3 unpriced";
    "total unknown: 4 resources of unknown size" when nothing could be priced but something is
    unknown; never "0 unpriced" (a count is named only when it is not zero)."""
    total = next((r for r in rollups if r.group_kind == "total"), None)
    if total is None:
        return "total unknown: no costs computed"
    usage_only = max(total.usage_dependent - total.unknown, 0)
    amount = f"${total.monthly:,.0f}" if short else f"${total.monthly:,.2f}"
    parts = []
    if not_loaded:
        # a module that could not be read may hold the biggest items (a vector store, a cluster)
        parts.append(f"resources of {not_loaded} module call{'s' if not_loaded != 1 else ''} that could not be "
                     "loaded are not counted")
    if total.resources == 0:
        return "nothing to price" + ("; " + ", ".join(parts) if parts else "")
    if total.unknown:
        parts.append(f"{total.unknown} resource{'s' if total.unknown != 1 else ''} of unknown size or count "
                     "(not counted)")
    if total.unpriced:
        parts.append(f"{total.unpriced} unpriced")
    if total.monthly == 0 and (total.unknown or total.unpriced or not_loaded):
        head = "total unknown"
        if usage_only:
            parts.append(f"{usage_only} usage-based")
        return f"{head}: " + ", ".join(parts)
    head = f"about {amount} a month" if not short else f"{amount}/month"
    if usage_only:
        head += f" + usage-based parts of {usage_only} resource{'s' if usage_only != 1 else ''}"
    if total.unknown or total.unpriced or not_loaded:
        head = ("at least " if not short else "≥ ") + head.removeprefix("about ")
    return head + ("; " + ", ".join(parts) if parts else "")

