"""What every pricer works with: the context (graph, book, usage), the builder that collects one
resource's components and decides its status, the attribute helpers, and the pricer registry."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any, Callable, Mapping

from infra2arch.annotate.cost.book import _APPROXIMATE, PriceBook, PriceEntry, _norm_region, _per, _qty, _usage_for, format_usd
from infra2arch.annotate.model import CostComponent, CostStatus, ResourceCost
from infra2arch.model import Graph, Resource, Unknown

# --------------------------------------------------------------------------------------------
# estimation
# --------------------------------------------------------------------------------------------

class _Ctx:
    def __init__(self, graph: Graph, book: PriceBook, usage: Mapping[str, Mapping[str, float]]):
        self.graph = graph
        self.book = book
        self.usage = usage
        self.by_address = graph.by_address()
        self.children: dict[str, list[Resource]] = defaultdict(list)
        for child, parent in sorted(graph.folded.items()):
            if child in self.by_address:
                self.children[parent].append(self.by_address[child])
        self.out_edges: dict[str, list] = defaultdict(list)
        for edge in graph.edges:
            self.out_edges[edge.src].append(edge)
        self.parents = _parents(graph)

    def region_of(self, resource: Resource) -> str | None:
        return _region(resource, self.by_address, self.parents, self.out_edges)


def _parents(graph: Graph) -> dict[str, list[str]]:
    parents: dict[str, list[str]] = defaultdict(list)
    for link in sorted(graph.containment, key=lambda c: (c.child, c.parent)):
        parents[link.child].append(link.parent)
    return parents


def _region(resource: Resource, by_address: Mapping[str, Resource], parents: Mapping[str, list[str]],
            out_edges: Mapping[str, list] | None = None) -> str | None:
    """The resource's region; when it states none, its container's (subnet, network, resource group),
    else that of a resource it references (an Azure ML compute instance takes its workspace's)."""
    seen: set[str] = set()
    queue = [resource.address]
    while queue:
        address = queue.pop(0)
        if address in seen:
            continue
        seen.add(address)
        current = by_address.get(address)
        if current is None or current.mode == "data":
            continue
        region = current.location.region
        if isinstance(region, str) and region:
            return region
        queue.extend(parents.get(address, ()))
    for edge in sorted((out_edges or {}).get(resource.address, ()), key=lambda e: e.key()):
        target = by_address.get(edge.dst)
        if target is not None and target.mode != "data" and isinstance(target.location.region, str) \
                and target.location.region:
            return target.location.region
    return None


class _Builder:
    """Collects the components of one resource and what keeps its total from being exact."""

    def __init__(self, ctx: _Ctx, resource: Resource):
        self.ctx = ctx
        self.resource = resource
        self.region = ctx.region_of(resource)
        self.usage = _usage_for(resource, ctx.usage)
        self.components: list[CostComponent] = []
        self.unknown = False          # a driver is unknown
        self.unpriced = False         # a price is missing from the book
        self.needs_usage = False      # a usage-based quantity is missing
        self.free_note: str | None = None
        self.hours = ctx.book.hours_per_month

    # -- helpers ------------------------------------------------------------------------------
    def _region_note(self, entry: PriceEntry) -> str:
        if entry.region == "*":
            return ""
        region = self.region
        if region is None:
            return f"{entry.region} price used (region not known): approximate"
        if _norm_region(region) != entry.region:
            return f"{entry.region} price used for {region}: approximate"
        return ""

    def _add(self, name: str, unit: str, quantity: float | None, entry: PriceEntry | None, note: str) -> CostComponent:
        unit_price = entry.usd if entry is not None else None
        monthly = quantity * unit_price if quantity is not None and unit_price is not None else None
        notes = [n for n in (note, self._region_note(entry) if entry is not None else "") if n]
        if entry is not None and _APPROXIMATE.search(entry.note):
            notes.append(f"the book marks this price as approximate ({entry.id})")
        component = CostComponent(name=name, unit=entry.unit if entry is not None else unit, quantity=quantity,
                                  unit_price=unit_price, monthly=monthly, price_id=entry.id if entry else "",
                                  note="; ".join(notes))
        self.components.append(component)
        return component

    def lookup(self, service: str, sku: Any) -> PriceEntry | None:
        if not isinstance(sku, str) or not sku:
            return None
        return self.ctx.book.find(service, sku, self.region)

    # -- component kinds ----------------------------------------------------------------------
    def fixed(self, name: str, service: str, sku: str, quantity: float, unit: str = "", note: str = "") -> None:
        """A quantity known from the configuration (hours of an always-on instance, one key a month)."""
        entry = self.lookup(service, sku)
        if entry is None:
            self.unpriced = True
            note = "; ".join(n for n in (note, f"no price in the book for {service} {sku}") if n)
        self._add(name, unit, quantity, entry, note)

    def hourly(self, name: str, service: str, sku: Any, count: Any = 1, *, what: str = "instance type",
               usage_hours: str | None = None, note: str = "") -> None:
        """``count`` × hours of ``sku``; handles an unknown sku or count (UNKNOWN) and a missing price."""
        hours = self.hours
        notes = [note] if note else []
        if usage_hours and usage_hours in self.usage:
            hours = self.usage[usage_hours]
            notes.append(f"{usage_hours} = {_qty(hours)} from the usage file")
        count_value = _number(count)
        if isinstance(sku, Unknown) or sku is None or sku == "":
            self.unknown = True
            notes.append(f"{what} is unknown ({sku.reason})" if isinstance(sku, Unknown) else f"{what} is not set")
            quantity = None if isinstance(count_value, Unknown) or count_value is None else count_value * hours
            if isinstance(count_value, Unknown):
                notes.append(f"count is unknown ({count_value.reason})")
            self._add(name, "hour", quantity, None, "; ".join(notes))
            return
        entry = self.lookup(service, sku)
        if isinstance(count_value, Unknown) or count_value is None:
            self.unknown = True
            reason = count_value.reason if isinstance(count_value, Unknown) else "not stated"
            notes.append(f"count is unknown ({reason}): {format_usd(entry.usd) if entry else 'price'} "
                         f"{_per(entry.unit) if entry else 'per hour'} each")
            if entry is None:
                self.unpriced = True
            self._add(name, "hour", None, entry, "; ".join(notes))
            return
        if entry is None:
            self.unpriced = True
            notes.append(f"no price in the book for {service} {sku}")
        self._add(name, "hour", count_value * hours, entry, "; ".join(notes))

    def usage_based(self, name: str, service: str, sku: str, key: str, *, scale: float = 1.0,
                    quantity: float | None = None, optional: bool = False, note: str = "",
                    source_note: str | None = None) -> None:
        """A quantity that comes from the usage file (``key``), divided into book units by ``scale``.

        Without usage: quantity None and "depends on usage: $X per unit" (or nothing at all when
        ``optional`` and the usage file does not mention it)."""
        entry = self.lookup(service, sku)
        notes = [note] if note else []
        if quantity is None and key in self.usage:
            quantity = self.usage[key] / scale
        if quantity is not None and key in self.usage:
            notes.insert(0, source_note or f"{key} = {_qty(self.usage[key])} from the usage file")
        if quantity is None:
            if optional:
                return
            self.needs_usage = True
            if entry is not None:
                notes.insert(0, f"depends on usage: {format_usd(entry.usd)} {_per(entry.unit)}; set {key} in the usage file")
            else:
                notes.insert(0, f"depends on usage; set {key} in the usage file")
        if entry is None:
            self.unpriced = True
            notes.append(f"no price in the book for {service} {sku}")
        self._add(name, "", quantity, entry, "; ".join(notes))

    def free(self, note: str, service: str | None = None, sku: str | None = None) -> None:
        """Free by itself: a $0 component carrying the note (and the book entry that says so)."""
        self.free_note = note
        entry = self.lookup(service, sku) if service and sku else None
        self.components.append(CostComponent(name=self.resource.type.split("_", 1)[-1].replace("_", " "),
                                             unit=entry.unit if entry else "month", quantity=1.0,
                                             unit_price=0.0, monthly=0.0, price_id=entry.id if entry else "",
                                             note=note))

    def unpriced_component(self, name: str, note: str) -> None:
        self.unpriced = True
        self.components.append(CostComponent(name=name, unit="", quantity=None, unit_price=None, monthly=None,
                                             note=note))

    # -- result -------------------------------------------------------------------------------
    def result(self) -> ResourceCost:
        components = tuple(self.components)
        if self.resource.instances_unknown and not (self.free_note is not None and not self.unknown):
            reason = self.resource.instance_key.reason if isinstance(self.resource.instance_key, Unknown) \
                else "count/for_each not known"
            components = tuple(replace(c, quantity=None, monthly=None,
                                       note="; ".join(n for n in (c.note, f"per instance: the number of instances is "
                                                                          f"unknown ({reason})") if n))
                               for c in components)
            self.unknown = True
        monthly = sum(c.monthly for c in components if c.monthly is not None)
        if self.unknown:
            status = CostStatus.UNKNOWN
        elif self.unpriced:
            status = CostStatus.UNPRICED
        elif self.needs_usage:
            status = CostStatus.USAGE
        elif self.free_note is not None and all(c.monthly == 0 for c in components):
            status = CostStatus.FREE
        elif not components:
            status = CostStatus.FREE
        else:
            status = CostStatus.PRICED
        return ResourceCost(address=self.resource.address, status=status, components=components, monthly=monthly)


# -- attribute helpers ---------------------------------------------------------------------------

def _blocks(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return []


def _first(value: Any) -> dict:
    blocks = _blocks(value)
    return blocks[0] if blocks else {}


def _number(value: Any) -> float | Unknown | None:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _num_or(value: Any, default: float) -> float | Unknown:
    number = _number(value)
    return default if number is None else number


# -- pricers by type -----------------------------------------------------------------------------

Pricer = Callable[[_Builder], None]
_PRICERS: dict[str, Pricer] = {}


def _prices(*types: str) -> Callable[[Pricer], Pricer]:
    def register(function: Pricer) -> Pricer:
        for tf_type in types:
            _PRICERS[tf_type] = function
        return function
    return register



def _times(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor
