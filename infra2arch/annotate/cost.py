"""Monthly cost estimates per resource, from a bundled price book and an optional usage file.

The shape follows infracost: a resource's cost is a list of named components ("instance hours
(ml.m5.large × 2)", "data processed"), each a quantity per month times a unit price from the price
book. What sets it apart is that ML types are priced first-class (SageMaker endpoints through their
endpoint configuration, notebooks, Vertex AI deployed models and Workbench, Azure ML compute).

Statuses (see :class:`CostStatus`), never conflated:

- FREE: the catalog says the type costs nothing (VPCs, subnets, security groups, IAM), or the book
  has a $0 entry for it (a SageMaker Studio domain, a Vertex AI endpoint without deployed models);
- PRICED: every component has a monthly figure;
- USAGE: some component bills by usage the input does not give (GB stored, requests, GB processed):
  its quantity is None and its note says "depends on usage: $0.023 per GB-month", never $0;
- UNKNOWN: a driver of the cost is not known from the input (instance type from an unset variable,
  count/for_each that could not be evaluated): the component keeps what is known and names the unknown;
- UNPRICED: the type (or the SKU it uses) is not in the price book, which is not the same as free.

A month is ``hours_per_month`` (730) hours. Money is kept unrounded; round only to display.

Usage file (YAML), keyed by resource address; ``*`` and ``?`` are wildcards (``[`` is literal, so
addresses with keys can be written as they are); the most specific match wins per key::

    aws_nat_gateway.main: {gb_processed: 500}
    aws_s3_bucket.*: {storage_gb: 100}
    module.ml.aws_lambda_function.invoke: {requests: 2000000, duration_ms: 120}

An infracost usage file (``version`` plus ``resource_usage:``) is read too. Usage keys by type:
``hours`` (notebooks, Workbench, compute instances: default always on), ``gb_processed`` (NAT
gateways, VPC/private endpoints, Cloud NAT, firewalls, serverless inference), ``storage_gb`` (buckets,
registries, EFS, BigQuery, TensorBoard, storage accounts, log storage), ``ingested_gb`` (log groups,
Log Analytics, Application Insights), ``requests`` (API gateways, Lambda, SNS/SQS, KMS, Cloud Run,
Key Vault operations), ``duration_ms`` (Lambda, with requests), ``gb_seconds`` / ``inference_seconds``
(serverless inference), ``vcpu_seconds`` / ``gib_seconds`` (Cloud Run), ``lcu`` (load balancers, average
LCUs), ``vms`` (Cloud NAT), ``node_hours`` (Azure ML compute cluster scale-up), ``put_requests`` /
``get_requests`` (S3), ``query_tib`` (BigQuery), ``key_versions`` (Cloud KMS).
"""

from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Mapping

import yaml

from infra2arch.yamlio import load_yaml

from infra2arch.annotate.model import CostComponent, CostRollup, CostStatus, ResourceCost, ZoneInfo
from infra2arch.catalog import Category, cloud_of, kind
from infra2arch.errors import UserError
from infra2arch.model import Graph, Origin, Resource, Unknown

__all__ = [
    "PriceEntry", "PriceBook", "load_usage", "estimate_costs", "rollups", "cost_markdown", "format_usd",
    "PRICED_TYPES",
]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_APPROXIMATE = re.compile(r"\b(uncertain|derived|approximate)\b", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# price book
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PriceEntry:
    id: str
    service: str                      # "aws.sagemaker.realtime"; the part before the first dot is the cloud
    sku: str                          # "ml.m5.large", "nat-gateway", "Standard_DS3_v2"
    region: str                       # the region the price was read for, or "*" (the same everywhere)
    unit: str                         # "hour", "GB-month", "GB", "1M requests", "LCU-hour", ...
    usd: float
    source: str
    as_of: str                        # YYYY-MM-DD
    note: str = ""

    @property
    def cloud(self) -> str:
        return self.service.split(".", 1)[0]

    def key(self) -> tuple[str, str, str]:
        return (self.service.lower(), self.sku.lower(), self.region.lower())

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "service": self.service, "sku": self.sku, "region": self.region, "unit": self.unit,
                "usd": self.usd, "source": self.source, "as_of": self.as_of, "note": self.note}


@dataclass(frozen=True)
class PriceBook:
    """A versioned list of prices. ``as_of`` is the oldest ``as_of`` of its entries."""

    version: str
    as_of: str
    entries: tuple[PriceEntry, ...]
    currency: str = "USD"
    hours_per_month: float = 730.0
    # per cloud ("aws", "google", "azure"): the region whose prices stand in for every other region
    default_regions: Mapping[str, str] = field(default_factory=dict, hash=False)
    _index: Mapping[tuple[str, str, str], PriceEntry] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {entry.key(): entry for entry in self.entries})

    # -- loading --------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> "PriceBook":
        """The bundled book (``path`` None) or a user price file.

        A user file has the same shape; its entries may be partial (``{id: ..., usd: 0.2}``) when they
        override a bundled entry: see :meth:`merged`.
        """
        if path is None:
            text = resources.files("infra2arch.annotate").joinpath("data/prices.yaml").read_text(encoding="utf-8")
            return _parse_book(text, "bundled price book", strict=True)
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(f"price file {path}: {exc.strerror or exc}") from None
        return _parse_book(text, str(path), strict=False)

    def merged(self, override: "PriceBook") -> "PriceBook":
        """This book with ``override``'s entries replacing ours by id, or by (service, sku, region).

        Fields an override entry leaves empty are kept from the entry it replaces; entries matching
        nothing are added (and must then be complete).
        """
        entries = list(self.entries)
        by_id = {entry.id: i for i, entry in enumerate(entries)}
        by_key = {entry.key(): i for i, entry in enumerate(entries)}
        for new in override.entries:
            index = by_id.get(new.id) if new.id else None
            if index is None and new.service and new.sku:
                index = by_key.get(new.key())
            if index is None:
                missing = [name for name in ("id", "service", "sku", "unit", "source", "as_of") if not getattr(new, name)]
                if missing:
                    raise UserError(f"price file entry {new.id or new.key()!r} matches no bundled price and lacks "
                                    f"{', '.join(missing)}")
                entries.append(new)
                by_id[new.id] = len(entries) - 1
                by_key[new.key()] = len(entries) - 1
                continue
            old = entries[index]
            merged_entry = PriceEntry(
                id=new.id or old.id, service=new.service or old.service, sku=new.sku or old.sku,
                region=new.region or old.region, unit=new.unit or old.unit, usd=new.usd,
                source=new.source or old.source, as_of=new.as_of or old.as_of, note=new.note or old.note)
            entries[index] = merged_entry
            by_id[merged_entry.id] = index
            by_key[merged_entry.key()] = index
        ids = [entry.id for entry in entries]
        if len(ids) != len(set(ids)):
            raise UserError(f"price book {override.version}: duplicate ids after merging")
        dates = [entry.as_of for entry in entries if entry.as_of]
        regions = {**self.default_regions, **override.default_regions}
        return PriceBook(version=f"{self.version}+{override.version}", as_of=min(dates) if dates else "",
                         entries=tuple(entries), currency=self.currency, hours_per_month=self.hours_per_month,
                         default_regions=regions)

    # -- lookup ---------------------------------------------------------------------------------
    def find(self, service: str, sku: str, region: Any = None) -> PriceEntry | None:
        """The price for ``sku`` of ``service`` in ``region``: that region's entry, else the one valid
        everywhere ("*"), else the entry of the cloud's default region (an approximation the caller
        labels). None when the book has none."""
        service_l, sku_l = service.lower(), sku.lower()
        if isinstance(region, str) and region:
            found = self._index.get((service_l, sku_l, _norm_region(region)))
            if found is not None:
                return found
        found = self._index.get((service_l, sku_l, "*"))
        if found is not None:
            return found
        default = self.default_regions.get(service.split(".", 1)[0])
        if default:
            return self._index.get((service_l, sku_l, default.lower()))
        return None

    def meta(self) -> dict[str, Any]:
        return {"version": self.version, "as_of": self.as_of, "currency": self.currency,
                "hours_per_month": self.hours_per_month, "entries": len(self.entries)}


def _norm_region(region: str) -> str:
    return region.replace(" ", "").lower()


def _parse_book(text: str, origin: str, strict: bool) -> PriceBook:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise UserError(f"{origin}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("prices"), list):
        raise UserError(f"{origin}: expected a mapping with a 'prices' list")
    currency = str(data.get("currency", "USD"))
    if currency != "USD":
        raise UserError(f"{origin}: currency {currency!r} is not supported (prices are in USD)")
    file_as_of = _date(data.get("as_of"), origin, "as_of") if data.get("as_of") is not None else ""
    version = str(data.get("version") or ("bundled" if strict else Path(origin).name))
    hours = data.get("hours_per_month", 730)
    if not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours <= 0:
        raise UserError(f"{origin}: hours_per_month must be a positive number")
    regions = data.get("default_regions") or {}
    if not isinstance(regions, dict):
        raise UserError(f"{origin}: default_regions must map a cloud to a region")
    entries: list[PriceEntry] = []
    for number, raw in enumerate(data["prices"], 1):
        where = f"{origin}: price #{number}"
        if not isinstance(raw, dict):
            raise UserError(f"{where}: expected a mapping")
        unknown = set(raw) - {"id", "service", "sku", "region", "unit", "usd", "source", "as_of", "note"}
        if unknown:
            raise UserError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        usd = raw.get("usd")
        if not isinstance(usd, (int, float)) or isinstance(usd, bool) or usd < 0 or math.isnan(usd):
            raise UserError(f"{where}: usd must be a number >= 0")
        fields = {name: ("" if raw.get(name) is None else str(raw.get(name)).strip())
                  for name in ("id", "service", "sku", "region", "unit", "source", "note")}
        as_of = _date(raw.get("as_of"), where, "as_of") if raw.get("as_of") is not None else file_as_of
        if strict:
            missing = [name for name in ("id", "service", "sku", "region", "unit", "source") if not fields[name]]
            if not as_of:
                missing.append("as_of")
            if missing:
                raise UserError(f"{where}: missing {', '.join(missing)}")
        else:
            if not fields["id"] and not (fields["service"] and fields["sku"]):
                raise UserError(f"{where}: needs an id, or a service and a sku")
            if not fields["source"]:
                fields["source"] = f"user price file {Path(origin).name}"
            if fields["service"] and fields["sku"] and not fields["region"]:
                fields["region"] = "*"
        region = fields["region"]
        entries.append(PriceEntry(id=fields["id"], service=fields["service"], sku=fields["sku"],
                                  region=_norm_region(region) if region else "", unit=fields["unit"],
                                  usd=float(usd), source=fields["source"], as_of=as_of, note=fields["note"]))
    ids = [entry.id for entry in entries if entry.id]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise UserError(f"{origin}: duplicate price ids {', '.join(duplicates)}")
    keys = [entry.key() for entry in entries if entry.service and entry.sku]
    duplicate_keys = sorted({k for k in keys if keys.count(k) > 1})
    if duplicate_keys:
        raise UserError(f"{origin}: more than one price for {', '.join('/'.join(k) for k in duplicate_keys)}")
    dates = [entry.as_of for entry in entries if entry.as_of]
    return PriceBook(version=version, as_of=min(dates) if dates else "", entries=tuple(entries), currency=currency,
                     hours_per_month=float(hours),
                     default_regions={str(k): _norm_region(str(v)) for k, v in sorted(regions.items())})


def _date(value: Any, where: str, name: str) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if not _DATE.match(text):
        raise UserError(f"{where}: {name} must be a date YYYY-MM-DD, got {value!r}")
    return text


# --------------------------------------------------------------------------------------------
# usage file
# --------------------------------------------------------------------------------------------

def load_usage(path: Path) -> dict[str, dict[str, float]]:
    """Read a usage file: resource address (or glob) -> usage key -> number."""
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"usage file {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise UserError(f"usage file {path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if data is None:
        return {}
    if isinstance(data, dict) and isinstance(data.get("resource_usage"), dict):   # infracost's format
        data = data["resource_usage"]
    if not isinstance(data, dict):
        raise UserError(f"usage file {path}: expected a mapping of resource addresses to usage")
    usage: dict[str, dict[str, float]] = {}
    for address, values in sorted(data.items(), key=lambda item: str(item[0])):
        if values is None:
            continue
        if not isinstance(values, dict):
            raise UserError(f"usage file {path}: {address}: expected a mapping of usage keys to numbers")
        clean: dict[str, float] = {}
        for key, value in sorted(values.items(), key=lambda item: str(item[0])):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise UserError(f"usage file {path}: {address}.{key}: expected a number >= 0, got {value!r}")
            clean[str(key)] = float(value)
        usage[str(address)] = clean
    return usage


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern) + r"\Z")


def _usage_for(resource: Resource, usage: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """Merge every matching usage entry, least specific first: globs, the block address, the address."""
    matched: list[tuple[int, int, str]] = []
    for pattern in usage:
        if pattern == resource.address:
            matched.append((3, len(pattern), pattern))
        elif pattern == resource.block_address:
            matched.append((2, len(pattern), pattern))
        elif ("*" in pattern or "?" in pattern) and _glob(pattern).match(resource.address):
            literal = len(pattern.replace("*", "").replace("?", ""))
            matched.append((1, literal, pattern))
    merged: dict[str, float] = {}
    for _, _, pattern in sorted(matched):
        merged.update(usage[pattern])
    return merged


# --------------------------------------------------------------------------------------------
# formatting
# --------------------------------------------------------------------------------------------

def format_usd(value: float) -> str:
    """$0.023, $1.00, $0.0000166667: cents for round amounts, every significant digit below."""
    if value == 0:
        return "$0.00"
    if abs(value) >= 0.01 and round(value, 2) == round(value, 10):
        return f"${value:,.2f}"
    text = f"{value:.10f}".rstrip("0")
    if len(text.split(".")[1]) < 2:
        text = f"{value:.2f}"
    return f"${text}"


def _per(unit: str) -> str:
    return f"per {unit}"


def _qty(value: float) -> str:
    return f"{value:g}" if value < 1e7 else f"{value:.4g}"


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


# ---- AWS SageMaker

def _endpoint_configuration(b: _Builder) -> tuple[Resource | None, str]:
    """The endpoint configuration an endpoint uses: by reference edge, else by name."""
    ctx, endpoint = b.ctx, b.resource
    for edge in sorted(ctx.out_edges.get(endpoint.address, ()), key=lambda e: e.key()):
        target = ctx.by_address.get(edge.dst)
        if target is not None and target.type == "aws_sagemaker_endpoint_configuration" \
                and edge.via.split(".")[0] == "endpoint_config_name":
            return target, ""
    name = endpoint.attrs.get("endpoint_config_name")
    if isinstance(name, str):
        for resource in ctx.graph.resources:
            if resource.type == "aws_sagemaker_endpoint_configuration" and resource.attrs.get("name") == name:
                return resource, ""
        return None, f"endpoint configuration {name!r} is not in the scanned input"
    if isinstance(name, Unknown):
        return None, f"endpoint_config_name is unknown ({name.reason})"
    return None, "endpoint_config_name is not set"


@_prices("aws_sagemaker_endpoint")
def _sagemaker_endpoint(b: _Builder) -> None:
    config, problem = _endpoint_configuration(b)
    if config is None:
        b.unknown = True
        b._add("instance hours", "hour", None, None, problem)
        return
    variants = [("", v) for v in _blocks(config.attrs.get("production_variants"))]
    variants += [("shadow ", v) for v in _blocks(config.attrs.get("shadow_production_variants"))]
    if not variants:
        b.unknown = True
        b._add("instance hours", "hour", None, None, f"{config.address} has no production variants")
        return
    several = len(variants) > 1
    serverless = False
    for prefix, variant in variants:
        label = variant.get("variant_name") if several and isinstance(variant.get("variant_name"), str) else ""
        serverless_config = _first(variant.get("serverless_config"))
        if serverless_config:
            serverless = True
            memory = _number(serverless_config.get("memory_size_in_mb"))
            tag = f"{prefix}serverless compute" + (f" ({label})" if label else "")
            if isinstance(memory, Unknown) or memory is None:
                b.unknown = True
                reason = memory.reason if isinstance(memory, Unknown) else "not stated"
                b._add(tag, "GB-second", None, b.lookup("aws.sagemaker.serverless", "compute"),
                       f"memory_size_in_mb is unknown ({reason})")
                continue
            gb = memory / 1024
            name = f"{tag} ({memory:g} MB)"
            if "gb_seconds" in b.usage:
                b.usage_based(name, "aws.sagemaker.serverless", "compute", "gb_seconds")
            elif "inference_seconds" in b.usage:
                seconds = b.usage["inference_seconds"]
                b.usage_based(name, "aws.sagemaker.serverless", "compute", "inference_seconds", quantity=seconds * gb,
                              source_note=f"inference_seconds = {_qty(seconds)} from the usage file × {gb:g} GB")
            else:
                b.usage_based(name, "aws.sagemaker.serverless", "compute", "inference_seconds",
                              note=f"billed per GB-second of inference at {gb:g} GB")
            if _first(serverless_config).get("provisioned_concurrency") not in (None, 0):
                b.unpriced_component(f"{prefix}provisioned concurrency", "provisioned concurrency is not in the price book")
            continue
        instance_type = variant.get("instance_type")
        count = variant.get("initial_instance_count")
        note = ""
        if count is None:
            count, note = 1, "initial_instance_count not set: 1 assumed"
        count_value = _number(count)
        shown_type = instance_type if isinstance(instance_type, str) else "unknown instance type"
        shown_count = f"{count_value:g}" if isinstance(count_value, float) else "?"
        name = f"{prefix}instance hours ({(label + ': ') if label else ''}{shown_type} × {shown_count})"
        b.hourly(name, "aws.sagemaker.realtime", instance_type, count, note=note)
    if serverless:
        b.usage_based("serverless data processed", "aws.sagemaker.serverless", "data-processed", "gb_processed")
    if _first(config.attrs.get("async_inference_config")):
        b.components[-1] = replace(b.components[-1], note="; ".join(
            n for n in (b.components[-1].note, "asynchronous inference: instances bill while provisioned") if n))


@_prices("aws_sagemaker_notebook_instance")
def _sagemaker_notebook(b: _Builder) -> None:
    attrs = b.resource.attrs
    instance_type = attrs.get("instance_type")
    shown = instance_type if isinstance(instance_type, str) else "unknown instance type"
    b.hourly(f"instance hours ({shown})", "aws.sagemaker.notebook", instance_type, usage_hours="hours",
             note="" if "hours" in b.usage else "assumed always on; set hours in the usage file if it is stopped")
    volume = _num_or(attrs.get("volume_size"), 5.0)
    if isinstance(volume, Unknown):
        b.unknown = True
        b._add("ML storage", "GB-month", None, b.lookup("aws.sagemaker.storage", "ml-general-purpose-ssd"),
               f"volume_size is unknown ({volume.reason})")
    else:
        b.fixed(f"ML storage ({volume:g} GB)", "aws.sagemaker.storage", "ml-general-purpose-ssd", volume,
                note="" if attrs.get("volume_size") is not None else "volume_size not set: provider default 5 GB")


@_prices("aws_sagemaker_domain")
def _sagemaker_domain(b: _Builder) -> None:
    b.free("free itself: Studio apps and spaces bill by instance hour", "aws.sagemaker.studio", "domain")


# ---- AWS network

@_prices("aws_nat_gateway")
def _aws_nat(b: _Builder) -> None:
    b.fixed("gateway hours", "aws.vpc", "nat-gateway", b.hours)
    b.usage_based("data processed", "aws.vpc", "nat-gateway-data-processed", "gb_processed")


@_prices("aws_eip")
def _aws_eip(b: _Builder) -> None:
    b.fixed("public IPv4 address hours", "aws.vpc", "public-ipv4", b.hours)


@_prices("aws_vpc_endpoint")
def _aws_vpc_endpoint(b: _Builder) -> None:
    attrs = b.resource.attrs
    kind_ = attrs.get("vpc_endpoint_type", "Gateway")
    if isinstance(kind_, Unknown):
        b.unknown = True
        b._add("endpoint hours", "hour", None, b.lookup("aws.vpc", "interface-endpoint"),
               f"vpc_endpoint_type is unknown ({kind_.reason})")
        return
    if kind_ == "Gateway":
        b.free("gateway endpoints are free")
        return
    if kind_ != "Interface":
        b.unpriced_component("endpoint hours", f"{kind_} endpoints are not in the price book")
        return
    subnets = attrs.get("subnet_ids")
    if isinstance(subnets, list) and subnets:
        azs, note = float(len(subnets)), ""
    elif isinstance(subnets, Unknown):
        azs, note = Unknown(f"subnet_ids is unknown ({subnets.reason})"), ""
    else:
        azs, note = 1.0, "subnet_ids not stated: 1 availability zone assumed"
    shown = f"{azs:g}" if isinstance(azs, float) else "?"
    b.hourly(f"endpoint hours ({shown} AZ)", "aws.vpc", "interface-endpoint", azs, note=note)
    b.usage_based("data processed", "aws.vpc", "interface-endpoint-data-processed", "gb_processed")


@_prices("aws_lb", "aws_alb")
def _aws_lb(b: _Builder) -> None:
    lb_type = b.resource.attrs.get("load_balancer_type", "application")
    if lb_type == "application":
        b.fixed("load balancer hours", "aws.elb", "alb", b.hours)
        b.usage_based("capacity units", "aws.elb", "alb-lcu", "lcu", quantity=_times(b.usage.get("lcu"), b.hours),
                      source_note=f"lcu = {_qty(b.usage.get('lcu', 0))} average from the usage file")
    elif lb_type == "network":
        b.fixed("load balancer hours", "aws.elb", "nlb", b.hours)
        b.usage_based("capacity units", "aws.elb", "nlb-lcu", "lcu", quantity=_times(b.usage.get("lcu"), b.hours),
                      source_note=f"lcu = {_qty(b.usage.get('lcu', 0))} average from the usage file")
    elif isinstance(lb_type, Unknown):
        b.unknown = True
        b._add("load balancer hours", "hour", None, None, f"load_balancer_type is unknown ({lb_type.reason})")
    else:
        b.unpriced_component("load balancer hours", f"{lb_type} load balancers are not in the price book")


def _times(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


@_prices("aws_apigatewayv2_api")
def _aws_http_api(b: _Builder) -> None:
    protocol = b.resource.attrs.get("protocol_type", "HTTP")
    if protocol == "HTTP":
        b.usage_based("requests", "aws.apigateway", "http-api-requests", "requests", scale=1e6)
    elif isinstance(protocol, Unknown):
        b.unknown = True
        b._add("requests", "1M requests", None, None, f"protocol_type is unknown ({protocol.reason})")
    else:
        b.unpriced_component("messages and connection minutes", "WebSocket APIs are not in the price book")


@_prices("aws_api_gateway_rest_api")
def _aws_rest_api(b: _Builder) -> None:
    b.usage_based("requests", "aws.apigateway", "rest-api-requests", "requests", scale=1e6)


@_prices("aws_lambda_function")
def _aws_lambda(b: _Builder) -> None:
    attrs = b.resource.attrs
    b.usage_based("requests", "aws.lambda", "requests", "requests", scale=1e6)
    architectures = attrs.get("architectures")
    arch = architectures[0] if isinstance(architectures, list) and architectures and isinstance(architectures[0], str) \
        else "x86_64"
    memory = _num_or(attrs.get("memory_size"), 128.0)
    sku = "duration-arm64" if arch == "arm64" else "duration-x86_64"
    if isinstance(memory, Unknown):
        b.unknown = True
        b._add("compute (GB-seconds)", "GB-second", None, b.lookup("aws.lambda", sku),
               f"memory_size is unknown ({memory.reason})")
        return
    gb = memory / 1024
    name = f"compute ({memory:g} MB, {arch})"
    if "gb_seconds" in b.usage:
        b.usage_based(name, "aws.lambda", sku, "gb_seconds")
    elif "requests" in b.usage and "duration_ms" in b.usage:
        seconds = b.usage["requests"] * b.usage["duration_ms"] / 1000
        b.usage_based(name, "aws.lambda", sku, "duration_ms", quantity=seconds * gb,
                      source_note=f"requests × duration_ms = {_qty(seconds)} s from the usage file × {gb:g} GB")
    else:
        b.usage_based(name, "aws.lambda", sku, "duration_ms", note="with requests (or set gb_seconds)")


@_prices("aws_s3_bucket")
def _aws_s3(b: _Builder) -> None:
    b.usage_based("storage (Standard)", "aws.s3", "standard-storage", "storage_gb")
    b.usage_based("PUT/COPY/POST/LIST requests", "aws.s3", "put-requests", "put_requests", scale=1e3, optional=True)
    b.usage_based("GET and other requests", "aws.s3", "get-requests", "get_requests", scale=1e3, optional=True)


@_prices("aws_efs_file_system")
def _aws_efs(b: _Builder) -> None:
    b.usage_based("storage (Standard)", "aws.efs", "standard-storage", "storage_gb")


@_prices("aws_ecr_repository")
def _aws_ecr(b: _Builder) -> None:
    b.usage_based("image storage", "aws.ecr", "storage", "storage_gb")


@_prices("aws_kms_key")
def _aws_kms(b: _Builder) -> None:
    b.fixed("customer managed key", "aws.kms", "customer-managed-key", 1.0)
    b.usage_based("requests", "aws.kms", "requests", "requests", scale=1e4, optional=True)


@_prices("aws_cloudwatch_log_group")
def _aws_log_group(b: _Builder) -> None:
    b.usage_based("log ingestion", "aws.cloudwatch", "logs-ingestion", "ingested_gb")
    b.usage_based("log storage", "aws.cloudwatch", "logs-storage", "storage_gb", optional=True)


@_prices("aws_cloudwatch_metric_alarm")
def _aws_alarm(b: _Builder) -> None:
    queries = [q for q in _blocks(b.resource.attrs.get("metric_query")) if q.get("metric")]
    metrics = float(len(queries)) if queries else 1.0
    b.fixed(f"alarm metrics ({metrics:g})", "aws.cloudwatch", "alarm", metrics)


@_prices("aws_cloudwatch_dashboard")
def _aws_dashboard(b: _Builder) -> None:
    b.fixed("dashboard", "aws.cloudwatch", "dashboard", 1.0, note="the first 3 dashboards of an account are free")


@_prices("aws_instance")
def _aws_instance(b: _Builder) -> None:
    instance_type = b.resource.attrs.get("instance_type")
    shown = instance_type if isinstance(instance_type, str) else "unknown instance type"
    b.hourly(f"instance hours ({shown})", "aws.ec2", instance_type, usage_hours="hours",
             note="Linux rate; root volume not included")


@_prices("aws_db_instance")
def _aws_db(b: _Builder) -> None:
    attrs = b.resource.attrs
    klass = attrs.get("instance_class")
    shown = klass if isinstance(klass, str) else "unknown instance class"
    multi_az = attrs.get("multi_az") is True
    b.hourly(f"database instance hours ({shown})", "aws.rds", klass, 2 if multi_az else 1, what="instance_class",
             note="MySQL rate" + ("; multi-AZ: two instances" if multi_az else ""))
    storage = _number(attrs.get("allocated_storage"))
    if isinstance(storage, float):
        b.fixed(f"storage ({storage:g} GB)", "aws.rds", "gp2-storage", storage * (2 if multi_az else 1))


@_prices("aws_secretsmanager_secret")
def _aws_secret(b: _Builder) -> None:
    b.fixed("secret", "aws.secretsmanager", "secret", 1.0)


@_prices("aws_route53_zone")
def _aws_zone(b: _Builder) -> None:
    b.fixed("hosted zone", "aws.route53", "hosted-zone", 1.0)


@_prices("aws_sns_topic")
def _aws_sns(b: _Builder) -> None:
    b.usage_based("publish requests", "aws.sns", "requests", "requests", scale=1e6)


@_prices("aws_sqs_queue")
def _aws_sqs(b: _Builder) -> None:
    b.usage_based("requests", "aws.sqs", "requests", "requests", scale=1e6)


# ---- Google Vertex AI

_BUNDLED_GPUS = {  # machine families whose GPUs come with the machine type: (accelerator, GPUs by suffix)
    "a2-highgpu": ("NVIDIA_TESLA_A100", {"1g": 1, "2g": 2, "4g": 4, "8g": 8}),
    "g2-standard": ("NVIDIA_L4", {"4": 1, "8": 1, "12": 1, "16": 1, "24": 2, "32": 1, "48": 4, "96": 8}),
}


def _machine_spec_components(b: _Builder, label: str, spec: Mapping[str, Any], replicas: Any, service: str) -> None:
    machine = spec.get("machine_type")
    shown = machine if isinstance(machine, str) else "unknown machine type"
    replica_value = _number(replicas)
    shown_count = f"{replica_value:g}" if isinstance(replica_value, float) else "?"
    b.hourly(f"{label}node hours ({shown} × {shown_count})", service, machine, replicas, what="machine_type",
             note="minimum replicas; autoscaling adds nodes")
    accelerator = spec.get("accelerator_type")
    count = spec.get("accelerator_count", 1)
    if accelerator is None and isinstance(machine, str):
        family, _, suffix = machine.rpartition("-")
        if family in _BUNDLED_GPUS and suffix in _BUNDLED_GPUS[family][1]:
            accelerator, count = _BUNDLED_GPUS[family][0], _BUNDLED_GPUS[family][1][suffix]
    if accelerator in (None, "", "ACCELERATOR_TYPE_UNSPECIFIED"):
        return
    per_node = _number(count)
    if isinstance(per_node, float) and isinstance(replica_value, float):
        total: Any = per_node * replica_value
    elif isinstance(per_node, Unknown):
        total = per_node
    elif isinstance(replica_value, Unknown):
        total = replica_value
    else:
        total = 1.0
    shown_acc = accelerator if isinstance(accelerator, str) else "unknown accelerator"
    b.hourly(f"{label}accelerator hours ({shown_acc} × {total:g})" if isinstance(total, float)
             else f"{label}accelerator hours ({shown_acc})", service, accelerator, total, what="accelerator_type")


def _dedicated(attrs: Mapping[str, Any]) -> tuple[dict, Any] | None:
    dedicated = _first(attrs.get("dedicated_resources"))
    if not dedicated:
        dedicated = _first(_first(attrs.get("deploy_config")).get("dedicated_resources"))
    if not dedicated:
        return None
    return _first(dedicated.get("machine_spec")), dedicated.get("min_replica_count", 1)


@_prices("google_vertex_ai_endpoint")
def _vertex_endpoint(b: _Builder) -> None:
    deployed = [c for c in b.ctx.children.get(b.resource.address, ()) if c.type == "vertex_deployed_model"]
    priced = False
    for model in deployed:
        spec = _dedicated(model.attrs)
        label = f"{model.attrs.get('display_name') or model.name}: "
        if spec is None:
            b.unpriced_component(f"{label}node hours", "automatic or shared resources are not priced")
            continue
        _machine_spec_components(b, label, spec[0], spec[1], "google.vertex.prediction")
        priced = True
    if not priced and not deployed:
        b.free("free itself: billed per deployed model node-hour (no deployed model in the input)",
               "google.vertex.endpoint", "endpoint")


@_prices("google_vertex_ai_endpoint_with_model_garden_deployment", "google_vertex_ai_deployment_resource_pool")
def _vertex_dedicated(b: _Builder) -> None:
    spec = _dedicated(b.resource.attrs)
    if spec is None:
        b.unpriced_component("node hours", "no dedicated_resources.machine_spec in the input")
        return
    _machine_spec_components(b, "", spec[0], spec[1], "google.vertex.prediction")


_GCE_DISK = {"PD_STANDARD": "pd-standard", "PD_BALANCED": "pd-balanced", "PD_SSD": "pd-ssd",
             "pd-standard": "pd-standard", "pd-balanced": "pd-balanced", "pd-ssd": "pd-ssd"}


def _disk(b: _Builder, name: str, size: Any, disk_type: Any, default_size: float, default_type: str) -> None:
    size_value = _num_or(size, default_size)
    kind_ = disk_type if isinstance(disk_type, str) else default_type
    notes = []
    if size is None:
        notes.append(f"size not set: {default_size:g} GB assumed")
    if isinstance(size_value, Unknown):
        b.unknown = True
        b._add(name, "GB-month", None, b.lookup("google.compute.disk", _GCE_DISK.get(kind_, kind_)),
               f"disk size is unknown ({size_value.reason})")
        return
    b.fixed(f"{name} ({size_value:g} GB {kind_})", "google.compute.disk", _GCE_DISK.get(kind_, kind_.lower()),
            size_value, note="; ".join(notes))


@_prices("google_workbench_instance")
def _workbench(b: _Builder) -> None:
    setup = _first(b.resource.attrs.get("gce_setup"))
    machine = setup.get("machine_type")
    shown = machine if isinstance(machine, str) else "unknown machine type"
    b.hourly(f"instance hours ({shown})", "google.compute.vm", machine, what="machine_type", usage_hours="hours",
             note="" if "hours" in b.usage else "assumed always on; idle shutdown or set hours in the usage file lowers it")
    for accel in _blocks(setup.get("accelerator_configs")):
        b.hourly(f"GPU hours ({accel.get('type')} × {accel.get('core_count', 1)})", "google.compute.gpu",
                 accel.get("type"), accel.get("core_count", 1), what="accelerator type", usage_hours="hours")
    boot = _first(setup.get("boot_disk"))
    _disk(b, "boot disk", boot.get("disk_size_gb"), boot.get("disk_type"), 150.0, "PD_STANDARD")
    for index, data in enumerate(_blocks(setup.get("data_disks"))):
        _disk(b, "data disk" if index == 0 else f"data disk {index + 1}", data.get("disk_size_gb"),
              data.get("disk_type"), 100.0, "PD_STANDARD")


@_prices("google_notebooks_instance")
def _legacy_notebook(b: _Builder) -> None:
    attrs = b.resource.attrs
    machine = attrs.get("machine_type")
    shown = machine if isinstance(machine, str) else "unknown machine type"
    b.hourly(f"instance hours ({shown})", "google.compute.vm", machine, what="machine_type", usage_hours="hours",
             note="" if "hours" in b.usage else "assumed always on")
    accel = _first(attrs.get("accelerator_config"))
    if accel:
        b.hourly(f"GPU hours ({accel.get('type')} × {accel.get('core_count', 1)})", "google.compute.gpu",
                 accel.get("type"), accel.get("core_count", 1), what="accelerator type", usage_hours="hours")
    _disk(b, "boot disk", attrs.get("boot_disk_size_gb"), attrs.get("boot_disk_type"), 100.0, "PD_STANDARD")
    if attrs.get("data_disk_size_gb") is not None:
        _disk(b, "data disk", attrs.get("data_disk_size_gb"), attrs.get("data_disk_type"), 100.0, "PD_STANDARD")


@_prices("google_compute_instance")
def _gce_instance(b: _Builder) -> None:
    attrs = b.resource.attrs
    machine = attrs.get("machine_type")
    shown = machine if isinstance(machine, str) else "unknown machine type"
    b.hourly(f"instance hours ({shown})", "google.compute.vm", machine, what="machine_type", usage_hours="hours")
    for accel in _blocks(attrs.get("guest_accelerator")):
        b.hourly(f"GPU hours ({accel.get('type')} × {accel.get('count', 1)})", "google.compute.gpu",
                 accel.get("type"), accel.get("count", 1), what="accelerator type", usage_hours="hours")
    params = _first(_first(attrs.get("boot_disk")).get("initialize_params"))
    _disk(b, "boot disk", params.get("size"), params.get("type"), 10.0, "pd-standard")


@_prices("google_vertex_ai_feature_online_store")
def _feature_online_store(b: _Builder) -> None:
    attrs = b.resource.attrs
    bigtable = _first(attrs.get("bigtable"))
    if not bigtable:
        b.unpriced_component("online serving nodes", "optimized online serving is not in the price book")
        return
    scaling = _first(bigtable.get("auto_scaling"))
    low, high = scaling.get("min_node_count", 1), scaling.get("max_node_count")
    low_value = _number(low)
    shown = f"{low_value:g}" if isinstance(low_value, float) else "?"
    b.hourly(f"online serving node hours (min {shown})", "google.vertex.featurestore",
             "bigtable-online-serving-node", low, note=f"autoscaling up to {high} nodes" if high is not None else "")


@_prices("google_vertex_ai_featurestore")
def _legacy_featurestore(b: _Builder) -> None:
    online = _first(b.resource.attrs.get("online_serving_config"))
    nodes = online.get("fixed_node_count")
    if nodes is None:
        nodes = _first(online.get("scaling")).get("min_node_count")
    if nodes is None:
        b.free("no online serving nodes configured: offline storage bills by usage")
        return
    b.hourly("online serving node hours", "google.vertex.featurestore", "bigtable-online-serving-node", nodes)


@_prices("google_vertex_ai_index_endpoint")
def _index_endpoint(b: _Builder) -> None:
    deployed = [c for c in b.ctx.children.get(b.resource.address, ())
                if c.type == "google_vertex_ai_index_endpoint_deployed_index"]
    if not deployed:
        b.free("free itself: billed per deployed index node-hour (no deployed index in the input)")
        return
    for index in deployed:
        label = f"{index.attrs.get('deployed_index_id') or index.name}: "
        dedicated = _first(index.attrs.get("dedicated_resources"))
        if dedicated:
            spec = _first(dedicated.get("machine_spec"))
            _machine_spec_components(b, label, spec, dedicated.get("min_replica_count", 1), "google.vertex.vector-search")
        else:
            automatic = _first(index.attrs.get("automatic_resources"))
            replicas = automatic.get("min_replica_count", 2)
            b.hourly(f"{label}node hours (e2-standard-16 × {replicas})", "google.vertex.vector-search",
                     "e2-standard-16", replicas, note="automatic resources: e2-standard-16 (medium shard) assumed")


@_prices("google_vertex_ai_tensorboard")
def _tensorboard(b: _Builder) -> None:
    b.usage_based("TensorBoard storage", "google.vertex.tensorboard", "storage", "storage_gb")


# ---- Google infrastructure

@_prices("google_compute_router_nat")
def _cloud_nat(b: _Builder) -> None:
    vms = b.usage.get("vms")
    b.usage_based("gateway VM hours", "google.cloud-nat", "gateway", "vms",
                  quantity=None if vms is None else min(vms, 32.0) * b.hours,
                  source_note=f"vms = {_qty(vms or 0)} from the usage file (billed for up to 32)",
                  note="per VM using the gateway, capped at 32 VMs")
    b.usage_based("data processed", "google.cloud-nat", "data-processed", "gb_processed")


_GCS_CLASS = {"STANDARD": "standard", "NEARLINE": "nearline", "COLDLINE": "coldline", "ARCHIVE": "archive",
              "MULTI_REGIONAL": "standard-multi-region", "REGIONAL": "standard"}


@_prices("google_storage_bucket")
def _gcs(b: _Builder) -> None:
    attrs = b.resource.attrs
    klass = attrs.get("storage_class", "STANDARD")
    sku = _GCS_CLASS.get(klass, "standard") if isinstance(klass, str) else "standard"
    location = attrs.get("location")
    if sku == "standard" and isinstance(location, str) and location.upper() in {"US", "EU", "ASIA"}:
        sku = "standard-multi-region"
    b.usage_based(f"storage ({klass if isinstance(klass, str) else 'STANDARD'})", "google.gcs", sku, "storage_gb")


@_prices("google_kms_crypto_key")
def _gcp_kms(b: _Builder) -> None:
    template = _first(b.resource.attrs.get("version_template"))
    hsm = template.get("protection_level") == "HSM"
    note = "one active version; every rotation adds a billed version until old ones are destroyed" \
        if b.resource.attrs.get("rotation_period") else "one active version"
    b.fixed("key versions", "google.kms", "hsm-key-version" if hsm else "key-version",
            b.usage.get("key_versions", 1.0), note=note)
    b.usage_based("operations", "google.kms", "operations", "requests", scale=1e4, optional=True)


@_prices("google_artifact_registry_repository")
def _artifact_registry(b: _Builder) -> None:
    b.usage_based("storage", "google.artifact-registry", "storage", "storage_gb")


@_prices("google_cloud_run_v2_service", "google_cloud_run_service")
def _cloud_run(b: _Builder) -> None:
    b.usage_based("vCPU-seconds", "google.cloud-run", "vcpu-second", "vcpu_seconds",
                  note="request-based billing; minimum instances bill while idle")
    b.usage_based("memory GiB-seconds", "google.cloud-run", "memory-gib-second", "gib_seconds", optional=True)
    b.usage_based("requests", "google.cloud-run", "requests", "requests", scale=1e6, optional=True)


@_prices("google_bigquery_dataset")
def _bigquery(b: _Builder) -> None:
    b.usage_based("active storage", "google.bigquery", "active-logical-storage", "storage_gb")
    b.usage_based("on-demand queries", "google.bigquery", "on-demand-query", "query_tib", optional=True)


@_prices("google_compute_address", "google_compute_global_address")
def _gcp_address(b: _Builder) -> None:
    if b.resource.attrs.get("address_type", "EXTERNAL") == "INTERNAL":
        b.free("internal addresses are free")
        return
    b.fixed("external IP hours", "google.compute.address", "external-ip", b.hours)


@_prices("google_dns_managed_zone")
def _gcp_dns(b: _Builder) -> None:
    b.fixed("managed zone", "google.dns", "managed-zone", 1.0)


# ---- Azure ML

@_prices("azurerm_machine_learning_compute_instance")
def _aml_instance(b: _Builder) -> None:
    size = b.resource.attrs.get("virtual_machine_size")
    shown = size if isinstance(size, str) else "unknown VM size"
    b.hourly(f"instance hours ({shown})", "azure.vm", size, what="virtual_machine_size", usage_hours="hours",
             note="" if "hours" in b.usage else "assumed always on; a shutdown schedule or hours in the usage file lowers it")


@_prices("azurerm_machine_learning_compute_cluster")
def _aml_cluster(b: _Builder) -> None:
    attrs = b.resource.attrs
    size = attrs.get("vm_size")
    shown = size if isinstance(size, str) else "unknown VM size"
    scale = _first(attrs.get("scale_settings"))
    low, high = scale.get("min_node_count", 0), scale.get("max_node_count")
    low_value = _number(low)
    shown_low = f"{low_value:g}" if isinstance(low_value, float) else "?"
    priority = attrs.get("vm_priority", "Dedicated")
    price_note = "; low-priority nodes bill at a discount: the dedicated rate is used" if priority == "LowPriority" else ""
    b.hourly(f"minimum nodes ({shown} × {shown_low})", "azure.vm", size, low, what="vm_size",
             note=f"always-on minimum nodes{price_note}")
    b.usage_based(f"scale-up node hours ({shown}, up to {high} nodes)", "azure.vm", size if isinstance(size, str) else "",
                  "node_hours", note=f"scales up to {high} nodes while jobs run{price_note}")


@_prices("azureml_online_endpoint")
def _aml_online_endpoint(b: _Builder) -> None:
    deployments = [c for c in b.ctx.children.get(b.resource.address, ()) if c.type == "azureml_online_deployment"]
    if not deployments:
        b.free("free itself: billed per deployment instance-hour (no deployment in the input)")
        return
    for deployment in deployments:
        size = deployment.attrs.get("instance_type")
        count = deployment.attrs.get("instance_count", 1)
        shown = size if isinstance(size, str) else "unknown instance type"
        count_value = _number(count)
        shown_count = f"{count_value:g}" if isinstance(count_value, float) else "?"
        b.hourly(f"{deployment.name}: instance hours ({shown} × {shown_count})", "azure.vm", size, count,
                 note="managed online endpoints bill VM rates")


@_prices("azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine")
def _azure_vm(b: _Builder) -> None:
    size = b.resource.attrs.get("size")
    shown = size if isinstance(size, str) else "unknown VM size"
    windows = b.resource.type == "azurerm_windows_virtual_machine"
    b.hourly(f"instance hours ({shown})", "azure.vm", size, what="size", usage_hours="hours",
             note="Linux rate: the Windows licence costs extra" if windows else "")


# ---- Azure infrastructure

@_prices("azurerm_nat_gateway")
def _azure_nat(b: _Builder) -> None:
    b.fixed("gateway hours", "azure.nat-gateway", "gateway", b.hours)
    b.usage_based("data processed", "azure.nat-gateway", "data-processed", "gb_processed")


@_prices("azurerm_public_ip")
def _azure_ip(b: _Builder) -> None:
    b.fixed("public IP hours", "azure.public-ip", "standard-static", b.hours,
            note="" if b.resource.attrs.get("sku", "Standard") == "Standard" else "Standard SKU rate used")


@_prices("azurerm_private_endpoint")
def _azure_private_endpoint(b: _Builder) -> None:
    b.fixed("endpoint hours", "azure.private-link", "endpoint", b.hours)
    b.usage_based("data processed", "azure.private-link", "data-processed", "gb_processed")


@_prices("azurerm_bastion_host")
def _azure_bastion(b: _Builder) -> None:
    sku = b.resource.attrs.get("sku", "Basic")
    if isinstance(sku, Unknown):
        b.unknown = True
        b._add("bastion hours", "hour", None, None, f"sku is unknown ({sku.reason})")
        return
    b.fixed(f"bastion hours ({sku})", "azure.bastion", sku, b.hours)


@_prices("azurerm_firewall")
def _azure_firewall(b: _Builder) -> None:
    tier = b.resource.attrs.get("sku_tier", "Standard")
    b.fixed(f"firewall hours ({tier})", "azure.firewall", tier if isinstance(tier, str) else "", b.hours)
    b.usage_based("data processed", "azure.firewall", "data-processed", "gb_processed")


@_prices("azurerm_container_registry")
def _acr(b: _Builder) -> None:
    sku = b.resource.attrs.get("sku", "Basic")
    if isinstance(sku, Unknown):
        b.unknown = True
        b._add("registry days", "day", None, None, f"sku is unknown ({sku.reason})")
        return
    b.fixed(f"registry ({sku})", "azure.acr", sku, b.hours / 24, note="storage beyond the included amount not counted")


@_prices("azurerm_storage_account")
def _azure_storage(b: _Builder) -> None:
    attrs = b.resource.attrs
    replication = attrs.get("account_replication_type", "LRS")
    tier = attrs.get("access_tier", "Hot")
    notes = []
    if replication != "LRS":
        notes.append(f"LRS price used for {replication}: approximate (redundant replication costs more)")
    if attrs.get("account_tier", "Standard") != "Standard" or tier != "Hot":
        notes.append("Standard Hot price used: approximate")
    b.usage_based("blob storage (Hot, LRS)", "azure.blob", "hot-lrs", "storage_gb", note="; ".join(notes))


@_prices("azurerm_storage_container")
def _azure_container(b: _Builder) -> None:
    b.free("free itself: storage bills on its storage account")


@_prices("azurerm_key_vault")
def _key_vault(b: _Builder) -> None:
    b.usage_based("operations", "azure.key-vault", "operations", "requests", scale=1e4)
    hsm_keys = [c for c in b.ctx.children.get(b.resource.address, ())
                if c.type == "azurerm_key_vault_key" and str(c.attrs.get("key_type", "")).endswith("-HSM")]
    if hsm_keys:
        b.fixed(f"HSM-protected keys ({len(hsm_keys)})", "azure.key-vault", "hsm-key", float(len(hsm_keys)))


@_prices("azurerm_log_analytics_workspace")
def _log_analytics(b: _Builder) -> None:
    retention = _number(b.resource.attrs.get("retention_in_days"))
    note = "retention beyond 31 days bills extra" if isinstance(retention, float) and retention > 31 else ""
    b.usage_based("log ingestion", "azure.monitor", "log-ingestion", "ingested_gb", note=note)


@_prices("azurerm_application_insights")
def _app_insights(b: _Builder) -> None:
    workspace = b.resource.attrs.get("workspace_id")
    b.usage_based("telemetry ingestion", "azure.monitor", "log-ingestion", "ingested_gb",
                  note="workspace-based: ingestion bills as Log Analytics" if workspace is not None else "")


@_prices("azurerm_dns_zone", "azurerm_private_dns_zone")
def _azure_dns(b: _Builder) -> None:
    b.fixed("DNS zone", "azure.dns", "zone", 1.0)


PRICED_TYPES: frozenset[str] = frozenset(_PRICERS)

_FREE_NOTES = {
    "aws_sagemaker_endpoint_configuration": "free itself: the endpoint that uses it bills its instances",
    "aws_sagemaker_model": "free itself: billed through the endpoint that serves it",
    "azurerm_machine_learning_workspace": "free itself: its compute, storage, registry and Key Vault bill separately",
}


def _estimate(ctx: _Ctx, resource: Resource) -> ResourceCost:
    record = kind(resource.type)
    if record is not None and record.free:
        note = _FREE_NOTES.get(resource.type)
        components = (CostComponent(name="configuration", unit="month", quantity=1.0, unit_price=0.0, monthly=0.0,
                                    note=note),) if note else ()
        return ResourceCost(address=resource.address, status=CostStatus.FREE, components=components, monthly=0.0)
    pricer = _PRICERS.get(resource.type)
    if pricer is None:
        return ResourceCost(address=resource.address, status=CostStatus.UNPRICED, components=(), monthly=0.0)
    builder = _Builder(ctx, resource)
    pricer(builder)
    return builder.result()


def estimate_costs(graph: Graph, prices: PriceBook,
                   usage: Mapping[str, Mapping[str, float]] = {}) -> dict[str, ResourceCost]:  # noqa: B006 - read only
    """One ResourceCost per managed resource that is not folded into another, in address order."""
    ctx = _Ctx(graph, prices, usage)
    costs: dict[str, ResourceCost] = {}
    for resource in sorted(graph.resources, key=lambda r: r.address):
        if resource.mode == "data" or resource.address in graph.folded or resource.origin is Origin.SYNTHETIC:
            continue
        costs[resource.address] = _estimate(ctx, resource)
    return costs


# --------------------------------------------------------------------------------------------
# rollups
# --------------------------------------------------------------------------------------------

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
            unpriced=sum(1 for s in statuses if s is CostStatus.UNPRICED)))
    return tuple(result)


# --------------------------------------------------------------------------------------------
# documentation
# --------------------------------------------------------------------------------------------

def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def cost_markdown(prices: PriceBook) -> str:
    """The price book as a Markdown table (for the README)."""
    lines = ["| id | service | sku | region | unit | USD | source | as_of |",
             "|---|---|---|---|---|---:|---|---|"]
    for entry in prices.entries:
        lines.append("| " + " | ".join(_cell(v) for v in (
            entry.id, entry.service, entry.sku, entry.region, entry.unit, format_usd(entry.usd), entry.source,
            entry.as_of)) + " |")
    return "\n".join(lines) + "\n"
