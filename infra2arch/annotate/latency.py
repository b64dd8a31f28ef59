"""Latency estimates: a hop class per edge, a serving class per model endpoint, and the critical
request path from each entry point to each model endpoint.

Every figure is an estimate read from the bundled, versioned table ``data/latency.yaml``; each
carries its basis (estimate, assumption or heuristic) and a source string naming the table row
and the table's as-of date, so a map can always say where a number came from.

Hop classes, in order of precedence:

1. **internet**: an end is the synthetic internet node (or a resource in the internet zone);
2. **cross-region**: both ends have a known region and they differ (region-pair table, then a
   continent-level fallback);
3. **provider-managed**: an end runs in the provider's network or has no network presence
   (``ZoneInfo.plane`` PROVIDER or NONE);
4. **same-zone** / **cross-zone**: both ends are placed in subnets whose availability zones are
   known; same region but zones unknown is cross-zone, the conservative class, and says so;
5. **unknown** otherwise (figures None).

Internet and cross-region come before provider-managed: the synthetic internet node has no
network plane, and distance between regions dominates whatever network the ends run in.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from infra2arch.yamlio import load_yaml

from infra2arch.annotate.model import EdgeLatency, HopClass, Plane, RequestPath, ServingClass, Zone, ZoneInfo
from infra2arch.annotate.network import PRIVATE, entry_points, subnet_tiers
from infra2arch.catalog import Category, cloud_of, kind
from infra2arch.errors import UserError
from infra2arch.model import Graph, Relation, Resource, Unknown

__all__ = ["Figure", "LatencySource", "LatencyTable", "estimate_latency", "latency_markdown", "INTERNET"]

INTERNET = "synthetic:internet"
DEFAULT_TABLE = Path(__file__).parent / "data" / "latency.yaml"
BASES = ("estimate", "assumption", "heuristic")


# --- the table ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LatencySource:
    id: str
    title: str
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Figure:
    """One row of the table: a round trip in milliseconds, with its basis and source id."""

    row: str                           # where it sits in the table: "hops.cross-zone.aws"
    low_ms: float
    high_ms: float
    basis: str                         # estimate | assumption | heuristic
    source: str                        # a key of LatencyTable.sources
    note: str = ""
    types: tuple[str, ...] = ()        # overheads: the Terraform types it applies to


@dataclass(frozen=True)
class LatencyTable:
    version: str
    as_of: str
    sources: Mapping[str, LatencySource]
    hops: Mapping[str, Mapping[str, Figure]]          # hop class value -> cloud | "default" -> figure
    pairs: Mapping[tuple[str, str], Figure]           # sorted region pair -> figure
    continents: tuple[tuple[str, str], ...]           # (region prefix, continent), longest prefix first
    same_continent: Mapping[str, Figure]              # continent | "default" -> figure
    intercontinental: Figure
    overheads: Mapping[str, Figure]
    serving: Mapping[str, Figure]
    name: str = "latency.yaml"
    _overhead_by_type: Mapping[str, Figure] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path | None = None) -> "LatencyTable":
        path = Path(path) if path is not None else DEFAULT_TABLE
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise UserError(f"cannot read latency table {path}: {error.strerror or error}") from None
        except yaml.YAMLError as error:
            raise UserError(f"latency table {path} is not valid YAML: {error}") from None
        try:
            return cls._from_data(data, path.name)
        except (KeyError, TypeError, ValueError) as error:
            raise UserError(f"latency table {path} is malformed: {error}") from None

    @classmethod
    def _from_data(cls, data: Mapping[str, Any], name: str) -> "LatencyTable":
        if not isinstance(data, Mapping):
            raise ValueError("the top level must be a mapping")
        sources = {key: LatencySource(key, str(value["title"]), value.get("url"),
                                      str(value["date"]) if value.get("date") is not None else None)
                   for key, value in sorted(data["sources"].items())}

        def figure(row: str, value: Mapping[str, Any], source: str | None = None) -> Figure:
            low, high = float(value["low_ms"]), float(value["high_ms"])
            basis = str(value.get("basis", "estimate"))
            source_id = str(value.get("source", source or ""))
            if basis not in BASES:
                raise ValueError(f"{row}: basis {basis!r} is not one of {', '.join(BASES)}")
            if source_id not in sources:
                raise ValueError(f"{row}: source {source_id!r} is not listed under sources")
            if low > high or low < 0:
                raise ValueError(f"{row}: low_ms {low} must be >= 0 and <= high_ms {high}")
            return Figure(row, low, high, basis, source_id, str(value.get("note", "")),
                          tuple(value.get("types") or ()))

        hops = {hop: {cloud: figure(f"hops.{hop}.{cloud}", value) for cloud, value in sorted(rows.items())}
                for hop, rows in data["hops"].items()}
        for hop in HopClass:
            if hop != HopClass.UNKNOWN and "default" not in hops.get(hop.value, {}):
                raise ValueError(f"hops.{hop.value} needs a default row")
        regions = data["regions"]
        pairs_source = regions.get("pairs_source")
        pairs: dict[tuple[str, str], Figure] = {}
        for item in regions.get("pairs") or ():
            a, b = sorted((str(item["a"]).lower(), str(item["b"]).lower()))
            pairs[(a, b)] = figure(f"regions.pairs.{a}~{b}", item, pairs_source)
        continents = tuple(sorted(((str(prefix).lower(), continent) for continent, prefixes
                                   in regions.get("continents", {}).items() for prefix in prefixes),
                                  key=lambda p: (-len(p[0]), p[0])))
        same = {key: figure(f"regions.same_continent.{key}", value)
                for key, value in sorted(regions["same_continent"].items())}
        if "default" not in same:
            raise ValueError("regions.same_continent needs a default row")
        inter = figure("regions.intercontinental", regions["intercontinental"])
        overheads = {key: figure(f"overheads.{key}", value) for key, value in sorted(data["overheads"].items())}
        serving = {key: figure(f"serving.{key}", value) for key, value in sorted(data["serving"].items())}
        by_type: dict[str, Figure] = {}
        for item in overheads.values():
            for tf_type in item.types:
                if tf_type in by_type:
                    raise ValueError(f"{tf_type} is listed under two overheads")
                by_type[tf_type] = item
        return cls(str(data["version"]), str(data["as_of"]), sources, hops, pairs, continents, same, inter,
                   overheads, serving, name, by_type)

    # --- look-ups ------------------------------------------------------------------------------

    def hop(self, hop: HopClass, cloud: str | None = None) -> Figure:
        rows = self.hops[hop.value]
        return rows.get(cloud or "default") or rows["default"]

    def continent(self, region: str) -> str | None:
        name = region.lower().replace(" ", "")
        for prefix, continent in self.continents:
            if name.startswith(prefix):
                return continent
        return None

    def region_pair(self, a: str, b: str) -> Figure:
        """The figure for two different regions: the pair table, else a continent-level fallback."""
        x, y = sorted((a.lower().replace(" ", ""), b.lower().replace(" ", "")))
        if (x, y) in self.pairs:
            return self.pairs[(x, y)]
        ca, cb = self.continent(x), self.continent(y)
        if ca is None or cb is None:
            return self.hop(HopClass.CROSS_REGION)
        if ca != cb:
            return self.intercontinental
        return self.same_continent.get(ca) or self.same_continent["default"]

    def overhead_for(self, tf_type: str) -> Figure | None:
        return self._overhead_by_type.get(tf_type)

    def cite(self, item: Figure, extra: str = "") -> str:
        """The source string shown with a figure: table, version, as-of date, row, and origin."""
        source = self.sources.get(item.source)
        origin = source.title if source else item.source
        if source and source.date:
            origin += f", {source.date}"
        text = f"{self.name} v{self.version} (as of {self.as_of}) {item.row} [{item.basis}]: {origin}"
        if item.note:
            text += f"; {item.note}"
        if extra:
            text += f"; {extra}"
        return text

    def meta(self) -> dict[str, Any]:
        return {
            "table": self.name,
            "version": self.version,
            "as_of": self.as_of,
            "sources": {key: {k: v for k, v in (("title", s.title), ("url", s.url), ("date", s.date)) if v}
                        for key, s in sorted(self.sources.items())},
        }


_DEFAULT: LatencyTable | None = None


def _default_table() -> LatencyTable:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = LatencyTable.load()
    return _DEFAULT


# --- graph facts used below --------------------------------------------------------------------

def _category(resource: Resource | None) -> Category | None:
    record = kind(resource.type) if resource is not None else None
    return record.category if record else None


def _first(value: Any) -> dict:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


def _blocks(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or isinstance(value, Unknown):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _fmt(low: float | None, high: float | None) -> str:
    def one(x: float | None) -> str:
        return "?" if x is None else f"{x:g}"
    return f"{one(low)}-{one(high)} ms"


class _Facts:
    """Placement facts for one graph: regions, subnets, availability zones, VPCs."""

    def __init__(self, graph: Graph, zones: Mapping[str, ZoneInfo]):
        self.graph = graph
        self.zones = zones
        self.resources = graph.by_address()
        self.parents: dict[str, list[str]] = defaultdict(list)
        for item in graph.containment:
            self.parents[item.child].append(item.parent)
        self.out_edges: dict[str, list] = defaultdict(list)
        for edge in graph.edges:
            self.out_edges[edge.src].append(edge)
        self.children: dict[str, list[str]] = defaultdict(list)
        for child, parent in graph.folded.items():
            self.children[parent].append(child)
        self._tiers: dict[str, str] | None = None
        # each end is asked about once per edge it is on: the answers are remembered
        self._regions: dict[str, str | None] = {}
        self._subnets: dict[str, list[str]] = {}
        self._azs: dict[str, tuple[frozenset[str], str] | None] = {}
        self.private_endpoints = [r for _, r in sorted(self.resources.items())
                                  if r.type in ("aws_vpc_endpoint", "azurerm_private_endpoint")]

    @property
    def tiers(self) -> dict[str, str]:
        if self._tiers is None:
            self._tiers = subnet_tiers(self.graph)
        return self._tiers

    def region(self, address: str) -> str | None:
        if address not in self._regions:
            self._regions[address] = self._region(address)
        return self._regions[address]

    def _region(self, address: str) -> str | None:
        seen: set[str] = set()
        queue = deque([address])
        while queue:
            current = queue.popleft()
            if current in seen:
                continue
            seen.add(current)
            resource = self.resources.get(current)
            if resource is not None and isinstance(resource.location.region, str) and resource.location.region:
                return resource.location.region
            queue.extend(self.parents.get(current, ()))
            if current in self.graph.folded:
                queue.append(self.graph.folded[current])
        return None

    def cloud(self, address: str) -> str | None:
        resource = self.resources.get(address)
        if resource is None:
            return None
        return resource.location.cloud or cloud_of(resource.type)

    def subnets(self, address: str, depth: int = 0) -> list[str]:
        """Subnets the resource is placed in; a model endpoint inherits its configuration's / model's."""
        if depth:
            return self._placed_in(address, depth)
        if address not in self._subnets:
            self._subnets[address] = self._placed_in(address, 0)
        return list(self._subnets[address])

    def _placed_in(self, address: str, depth: int) -> list[str]:
        found = sorted({p for p in self.parents.get(address, ())
                        if _category(self.resources.get(p)) == Category.NETWORK_SUBNET})
        resource = self.resources.get(address)
        if found or resource is None or depth > 3:
            return found
        category = _category(resource)
        if _category(resource) == Category.NETWORK_SUBNET:
            return [address]
        if category in (Category.ML_ENDPOINT, Category.ML_ENDPOINT_CONFIG, Category.ML_DEPLOYMENT):
            out: set[str] = set()
            for edge in self.out_edges.get(address, ()):
                if edge.relation == Relation.INVOKES and _category(self.resources.get(edge.dst)) in (
                        Category.ML_ENDPOINT_CONFIG, Category.ML_MODEL, Category.ML_DEPLOYMENT):
                    out.update(self.subnets(edge.dst, depth + 1))
            for child in self.children.get(address, ()):
                out.update(self.subnets(child, depth + 1))
            return sorted(out)
        return []

    def _az_of(self, address: str) -> tuple[str | None, str | None]:
        """(AZ ID, AZ name) of one subnet or zonal resource."""
        resource = self.resources.get(address)
        if resource is None:
            return None, None
        attrs = resource.attrs
        az_id = attrs.get("availability_zone_id")
        name = resource.location.zone if isinstance(resource.location.zone, str) else attrs.get("availability_zone")
        if name is None and isinstance(attrs.get("zone"), str):
            name = attrs.get("zone")
        return (az_id if isinstance(az_id, str) and az_id else None,
                name if isinstance(name, str) and name else None)

    def azs(self, address: str) -> tuple[frozenset[str], str] | None:
        """The availability zones an end may run in, and whether they are IDs or names; None = unknown."""
        if address not in self._azs:
            self._azs[address] = self._zones_of(address)
        return self._azs[address]

    def _zones_of(self, address: str) -> tuple[frozenset[str], str] | None:
        resource = self.resources.get(address)
        if resource is None:
            return None
        places = self.subnets(address)
        if not places:
            az_id, name = self._az_of(address)
            if az_id or name:
                return (frozenset({az_id}), "id") if az_id else (frozenset({name}), "name")
            return None
        pairs = [self._az_of(p) for p in places]
        if all(az_id for az_id, _ in pairs):
            return frozenset(az_id for az_id, _ in pairs), "id"
        if all(name for _, name in pairs):
            return frozenset(name for _, name in pairs), "name"
        return None

    def account(self, address: str) -> Any:
        resource = self.resources.get(address)
        return resource.location.account if resource is not None else None

    def vpcs(self, address: str) -> set[str]:
        out: set[str] = set()
        for place in [address, *self.subnets(address)]:
            for parent in self.parents.get(place, ()):
                if _category(self.resources.get(parent)) == Category.NETWORK_VPC:
                    out.add(parent)
        return out


# --- hop classes -------------------------------------------------------------------------------

# global services: the provider configuration gives them a region, but they are not regional
_GLOBAL = frozenset({Category.IAM_ROLE, Category.IAM_POLICY, Category.IAM_BINDING, Category.NETWORK_DNS,
                     Category.NETWORK_CDN})

def _classify(facts: _Facts, table: LatencyTable, src: str, dst: str) -> EdgeLatency:
    def make(hop: HopClass, item: Figure | None, extra: str = "") -> EdgeLatency:
        if item is None:
            return EdgeLatency(src, dst, hop, None, None, "unknown", extra or "no figure: placement not known")
        return EdgeLatency(src, dst, hop, item.low_ms, item.high_ms, item.basis, table.cite(item, extra))

    za, zb = facts.zones.get(src), facts.zones.get(dst)
    if INTERNET in (src, dst) or (za and za.zone == Zone.INTERNET) or (zb and zb.zone == Zone.INTERNET):
        return make(HopClass.INTERNET, table.hop(HopClass.INTERNET))
    ra, rb = facts.region(src), facts.region(dst)
    global_end = any(_category(facts.resources.get(a)) in _GLOBAL for a in (src, dst))
    if ra and rb and ra.lower() != rb.lower() and not global_end:
        return make(HopClass.CROSS_REGION, table.region_pair(ra, rb), f"{ra} to {rb}")
    managed = [a for a, z in ((src, za), (dst, zb)) if z is not None and z.plane in (Plane.PROVIDER, Plane.NONE)]
    if managed:
        return make(HopClass.PROVIDER_MANAGED, table.hop(HopClass.PROVIDER_MANAGED, facts.cloud(managed[-1])),
                    "provider-managed end: " + ", ".join(managed))
    cloud = facts.cloud(src) if facts.cloud(src) == facts.cloud(dst) else None
    a, b = facts.azs(src), facts.azs(dst)
    if a is not None and b is not None and a[1] == b[1] and (a[1] == "id" or facts.account(src) == facts.account(dst)):
        if len(a[0]) == 1 and a[0] == b[0]:
            return make(HopClass.SAME_ZONE, table.hop(HopClass.SAME_ZONE, cloud), f"both in {next(iter(a[0]))}")
        if a[0] & b[0]:
            return make(HopClass.CROSS_ZONE, table.hop(HopClass.CROSS_ZONE, cloud),
                        "zones overlap (" + ", ".join(sorted(a[0] | b[0]))
                        + "): cross-zone assumed, a call may stay in one zone")
        return make(HopClass.CROSS_ZONE, table.hop(HopClass.CROSS_ZONE, cloud),
                    f"{', '.join(sorted(a[0]))} to {', '.join(sorted(b[0]))}")
    if ra and rb:
        return make(HopClass.CROSS_ZONE, table.hop(HopClass.CROSS_ZONE, cloud),
                    f"same region {ra}, availability zone not known: cross-zone assumed (conservative)")
    return make(HopClass.UNKNOWN, None, "region or placement of an end not known")


# --- serving classes ---------------------------------------------------------------------------

def _instance_family(instance_type: Any) -> str | None:
    """cpu | gpu | accelerator | None (unknown) from an instance or machine type."""
    if not isinstance(instance_type, str) or not instance_type:
        return None
    name = instance_type.lower()
    if name.startswith("ml."):                                  # SageMaker: ml.g5.xlarge
        family = name.split(".")[1] if "." in name[3:] else name[3:]
        if family.startswith(("inf", "trn")):
            return "accelerator"
        if family[:1] in ("g", "p"):
            return "gpu"
        return "cpu"
    if name.startswith("standard_"):                            # Azure: Standard_NC6s_v3
        size = name[len("standard_"):]
        return "gpu" if size.startswith("n") else "cpu"
    if name.startswith(("a2-", "a3-", "g2-", "a4-")):            # GCP accelerator-optimised machines
        return "gpu"
    if "-" in name:                                             # GCP general purpose: n1-standard-4
        return "cpu"
    return None


def _inference(table: LatencyTable, family: str | None) -> tuple[float, float, str]:
    s = table.serving
    if family == "cpu":
        low, high = s["inference-cpu-small"].low_ms, s["inference-bert-cpu"].high_ms
        return low, high, (f"CPU inference {_fmt(low, high)} [heuristic: small model {_fmt(s['inference-cpu-small'].low_ms, s['inference-cpu-small'].high_ms)}, "
                           f"BERT-base {_fmt(s['inference-bert-cpu'].low_ms, s['inference-bert-cpu'].high_ms)}]")
    if family in ("gpu", "accelerator"):
        low, high = s["inference-bert-gpu"].low_ms, s["inference-llm-7b-first-token"].high_ms
        return low, high, (f"{'GPU' if family == 'gpu' else 'accelerator'} inference {_fmt(low, high)} "
                           f"[heuristic: BERT-base {_fmt(s['inference-bert-gpu'].low_ms, s['inference-bert-gpu'].high_ms)}, "
                           f"7B LLM first token {_fmt(s['inference-llm-7b-first-token'].low_ms, s['inference-llm-7b-first-token'].high_ms)}]")
    heuristics = [f for key, f in s.items() if key.startswith("inference-")]
    low, high = min(f.low_ms for f in heuristics), max(f.high_ms for f in heuristics)
    return low, high, f"inference {_fmt(low, high)} [heuristic: hardware and model not known, the whole range]"


@dataclass(frozen=True)
class _Serving:
    cls: ServingClass
    family: str | None = None                     # cpu | gpu | accelerator | None
    cold_start_in_path: bool = False              # add cold start to the path's high figure


def _sagemaker_config(facts: _Facts, endpoint: Resource) -> Resource | None:
    for edge in sorted(facts.out_edges.get(endpoint.address, ()), key=lambda e: e.dst):
        target = facts.resources.get(edge.dst)
        if target is not None and target.type == "aws_sagemaker_endpoint_configuration":
            return target
    name = endpoint.attrs.get("endpoint_config_name")
    if isinstance(name, str):
        for resource in facts.resources.values():
            if resource.type == "aws_sagemaker_endpoint_configuration" and resource.attrs.get("name") == name:
                return resource
    return None


def _serving(facts: _Facts, table: LatencyTable, resource: Resource) -> _Serving:
    t, attrs, address = resource.type, resource.attrs, resource.address
    cold = table.serving["sagemaker-serverless-cold-start"]
    zero = table.serving["scale-to-zero-cold-start"]

    if t in ("aws_sagemaker_endpoint", "aws_sagemaker_endpoint_configuration"):
        config = resource if t == "aws_sagemaker_endpoint_configuration" else _sagemaker_config(facts, resource)
        if config is None:
            return _Serving(ServingClass(address, "unknown", None,
                                         "endpoint configuration not found in the input: serving mode unknown"))
        cattrs = config.attrs
        variants = _blocks(cattrs.get("production_variants"))
        if isinstance(cattrs.get("production_variants"), Unknown) or not variants:
            return _Serving(ServingClass(address, "unknown", None,
                                         f"{config.address}: production variants not known"))
        if _blocks(cattrs.get("async_inference_config")):
            family = _instance_family(variants[0].get("instance_type"))
            return _Serving(ServingClass(address, "async", None,
                                         f"async inference ({config.address}): requests are queued and results "
                                         "written to S3; the path figure covers the enqueue, not the inference"),
                            family)
        primary = variants[0]
        extra = f" ({len(variants)} production variants; classed by the first, {primary.get('variant_name', '?')})" \
            if len(variants) > 1 else ""
        serverless = _first(primary.get("serverless_config"))
        if serverless:
            provisioned = _number(serverless.get("provisioned_concurrency"))
            if provisioned and provisioned > 0:
                return _Serving(ServingClass(address, "serverless", None,
                                             f"serverless with provisioned_concurrency {provisioned:g}: warm up to "
                                             f"{provisioned:g} concurrent requests; bursts beyond it cold-start "
                                             f"{_fmt(cold.low_ms, cold.high_ms)} ({table.cite(cold)}){extra}"),
                                "cpu")
            return _Serving(ServingClass(address, "serverless", (cold.low_ms, cold.high_ms),
                                         f"serverless: cold start {_fmt(cold.low_ms, cold.high_ms)} after idle "
                                         f"periods or beyond warm concurrency ({table.cite(cold)}){extra}"),
                            "cpu", cold_start_in_path=True)
        family = _instance_family(primary.get("instance_type"))
        count = _number(primary.get("initial_instance_count"))
        scaling = _first(primary.get("managed_instance_scaling"))
        minimum = _number(scaling.get("min_instance_count")) if scaling else None
        if count == 0 or minimum == 0:
            why = "initial_instance_count 0" if count == 0 else "managed_instance_scaling min_instance_count 0"
            return _Serving(ServingClass(address, "real-time", (zero.low_ms, zero.high_ms),
                                         f"real-time, scale-to-zero ({why}): the first request after idle waits "
                                         f"{_fmt(zero.low_ms, zero.high_ms)} ({table.cite(zero)}){extra}"),
                            family, cold_start_in_path=True)
        warm = table.serving["sagemaker-real-time"]
        instances = f"{count:g} × " if count else ""
        instance_type = primary.get("instance_type")
        instance_type = instance_type if isinstance(instance_type, str) else "an instance type not known"
        return _Serving(ServingClass(address, "real-time", None,
                                     f"real-time on {instances}{instance_type}: {table.cite(warm)}{extra}"), family)

    if t in ("google_vertex_ai_endpoint", "google_vertex_ai_endpoint_with_model_garden_deployment", "vertex_deployed_model"):
        vertex = table.serving["vertex-warm"]
        deployed = [facts.resources[c] for c in sorted(facts.children.get(address, ()))
                    if c in facts.resources and facts.resources[c].type == "vertex_deployed_model"]
        if t == "vertex_deployed_model":
            deployed = [resource]
        resources_blocks: list[dict] = []
        for item in deployed:
            resources_blocks += _blocks(item.attrs.get("dedicated_resources")) + _blocks(item.attrs.get("automatic_resources"))
        if t == "google_vertex_ai_endpoint_with_model_garden_deployment":
            resources_blocks += _blocks(_first(attrs.get("deploy_config")).get("dedicated_resources"))
        minimums = [_number(b.get("min_replica_count")) for b in resources_blocks]
        machines = [_first(b.get("machine_spec")) for b in resources_blocks]
        family = None
        for spec in machines:
            if spec.get("accelerator_type") and spec.get("accelerator_type") != "ACCELERATOR_TYPE_UNSPECIFIED":
                family = "gpu"
            elif family is None:
                family = _instance_family(spec.get("machine_type"))
        if any(m == 0 for m in minimums):
            return _Serving(ServingClass(address, "real-time", (zero.low_ms, zero.high_ms),
                                         f"min_replica_count 0: scale-to-zero, the first request after idle waits "
                                         f"{_fmt(zero.low_ms, zero.high_ms)} ({table.cite(zero)})"),
                            family, cold_start_in_path=True)
        if minimums and all(m is not None and m >= 1 for m in minimums):
            note = f"warm: min_replica_count {min(m for m in minimums if m is not None):g} ({table.cite(vertex)})"
        else:
            note = ("warm while min_replica_count ≥ 1 (deployed models are not in the Terraform config); "
                    + table.cite(vertex))
        return _Serving(ServingClass(address, "real-time", None, note), family)

    if t in ("azureml_online_endpoint", "azureml_online_deployment"):
        family = None
        for child in [resource] + [facts.resources[c] for c in sorted(facts.children.get(address, ()))
                                   if c in facts.resources]:
            family = family or _instance_family(child.attrs.get("instance_type"))
        return _Serving(ServingClass(address, "real-time", None,
                                     "managed online endpoint: instances stay running (no cold start); scaling out takes minutes"),
                        family)
    if t == "azureml_batch_endpoint":
        return _Serving(ServingClass(address, "batch", None, "batch endpoint: jobs, not request/response"))
    if t in ("azurerm_machine_learning_inference_cluster", "azurerm_kubernetes_cluster"):
        return _Serving(ServingClass(address, "real-time", None, "model served on a Kubernetes cluster: nodes stay running"))
    if t in ("azurerm_cognitive_account", "azurerm_ai_services", "azurerm_cognitive_deployment"):
        return _Serving(ServingClass(address, "real-time", None,
                                     "provider-hosted model API: no cold start of your own; model latency depends on the model"))
    if t.startswith("aws_bedrock"):
        return _Serving(ServingClass(address, "real-time", None,
                                     "provider-hosted foundation model: no cold start of your own; model latency depends on the model"),
                        "gpu")
    return _Serving(ServingClass(address, "unknown", None, f"no serving rule for {t}"))


# --- request paths -----------------------------------------------------------------------------

# the AWS service API a type is called through (the suffix of an interface endpoint's service_name)
_AWS_SERVICE = {
    "aws_sagemaker_endpoint": ("sagemaker.runtime",),
    "aws_lambda_function": ("lambda",),
    "aws_bedrockagent_agent": ("bedrock-agent-runtime",),
    "aws_bedrock_provisioned_model_throughput": ("bedrock-runtime",),
}
_NOT_TARGETS = (Category.NETWORK_DNS, Category.NETWORK_FIREWALL, Category.NETWORK_SUBNET, Category.NETWORK_VPC,
                Category.NETWORK_ROUTE, Category.IAM_ROLE, Category.IAM_POLICY, Category.IAM_BINDING)


def _next_hops(facts: _Facts, address: str) -> list[str]:
    """Where a request goes next: invokes edges; else network edges to a private endpoint; from a
    private endpoint, on to the service it fronts."""
    edges = facts.out_edges.get(address, ())
    invokes = sorted({e.dst for e in edges if e.relation == Relation.INVOKES and e.dst != address})
    if invokes:
        return invokes
    resource = facts.resources.get(address)
    network = [e.dst for e in edges if e.relation == Relation.NETWORK and e.dst in facts.resources]
    if resource is not None and _category(resource) == Category.NETWORK_PRIVATE_ENDPOINT:
        return sorted({d for d in network if _category(facts.resources[d]) not in _NOT_TARGETS
                       and _category(facts.resources[d]) != Category.NETWORK_PRIVATE_ENDPOINT})
    return sorted({d for d in network if _category(facts.resources[d]) == Category.NETWORK_PRIVATE_ENDPOINT})


def _serving_chain(facts: _Facts, endpoint: str) -> list[str]:
    chain: list[str] = []
    current = endpoint
    for _ in range(4):
        step = sorted(e.dst for e in facts.out_edges.get(current, ()) if e.relation == Relation.INVOKES
                      and _category(facts.resources.get(e.dst)) in (Category.ML_ENDPOINT_CONFIG, Category.ML_MODEL,
                                                                     Category.ML_DEPLOYMENT)
                      and e.dst not in chain)
        if not step:
            break
        chain.append(step[0])
        current = step[0]
    return chain


def _implicit_path_overhead(facts: _Facts, table: LatencyTable, src: str, dst: str,
                            on_path: set[str]) -> tuple[Figure, str] | None:
    """A private-subnet caller reaching a managed service: through an interface endpoint, or through NAT."""
    source, target = facts.resources.get(src), facts.resources.get(dst)
    if source is None or target is None:
        return None
    subnets = facts.subnets(src)
    if not subnets or any(_category(facts.resources.get(a)) == Category.NETWORK_PRIVATE_ENDPOINT for a in on_path):
        return None
    endpoint_figure = table.overheads.get("interface-endpoint")
    # Azure (and anything the graph links): a private endpoint with a network edge to the target
    for resource in facts.private_endpoints:
        if any(
                e.dst == dst and e.relation == Relation.NETWORK for e in facts.out_edges.get(resource.address, ())):
            if endpoint_figure:
                return endpoint_figure, f"through private endpoint {resource.address}"
    services = _AWS_SERVICE.get(target.type, ())
    vpcs = facts.vpcs(src)
    for resource in facts.private_endpoints:
        if resource.type != "aws_vpc_endpoint" or not services:
            continue
        name = resource.attrs.get("service_name")
        if not isinstance(name, str) or not any(name.endswith("." + s) for s in services):
            continue
        if (resource.attrs.get("vpc_endpoint_type") or "Gateway") != "Interface":
            continue
        if vpcs and facts.vpcs(resource.address) and not (vpcs & facts.vpcs(resource.address)):
            continue
        if resource.attrs.get("private_dns_enabled") is True and endpoint_figure:
            return endpoint_figure, f"through interface endpoint {resource.address} (private DNS)"
        break  # an interface endpoint without private DNS: SDKs call the public name, through NAT
    nat = table.overheads.get("nat-gateway")
    if nat and all(facts.tiers.get(s) == PRIVATE for s in subnets):
        zone = facts.zones.get(dst)
        if zone is None or zone.plane != Plane.CUSTOMER or target.type in _AWS_SERVICE:
            return nat, "private subnet, through NAT to the service's public endpoint"
    return None


def _path(facts: _Facts, table: LatencyTable, entry: str, endpoint: str, hops: list[str],
          latencies: Mapping[tuple[str, str], EdgeLatency], serving: _Serving) -> RequestPath:
    low: float = 0.0
    high: float | None = 0.0
    parts: list[str] = []
    unknown_hops = 0

    def add(label: str, lo: float | None, hi: float | None, basis: str) -> None:
        nonlocal low, high
        if lo is None or hi is None:
            return
        low += lo
        if high is not None:
            high += hi
        parts.append(f"{label} {_fmt(lo, hi)} ({basis})")

    internet = latencies.get((INTERNET, entry)) or _classify(facts, table, INTERNET, entry)
    add("internet", internet.low_ms, internet.high_ms, internet.basis)
    notes: list[str] = []
    on_path = set(hops)
    cold_types: list[str] = []
    for address in hops[:-1] if len(hops) > 1 else []:
        resource = facts.resources.get(address)
        if resource is None:
            continue
        item = table.overhead_for(resource.type)
        if item is None:
            continue
        if resource.type == "aws_vpc_endpoint" and resource.attrs.get("vpc_endpoint_type") not in (None, "Interface"):
            continue
        if resource.type in ("aws_lb", "aws_alb") and resource.attrs.get("load_balancer_type") not in (None, "application"):
            continue
        add(f"{item.row.split('.', 1)[1]} ({address})", item.low_ms, item.high_ms, item.basis)
        if item.row == "overheads.function-warm":
            cold_types.append(address)
    for src, dst in zip(hops, hops[1:]):
        implicit = _implicit_path_overhead(facts, table, src, dst, on_path)
        if implicit is not None:
            item, why = implicit
            add(f"{item.row.split('.', 1)[1]} ({why})", item.low_ms, item.high_ms, item.basis)
        latency = latencies.get((src, dst)) or _classify(facts, table, src, dst)
        if latency.low_ms is None or latency.high_ms is None:
            unknown_hops += 1
            continue
        add(f"{latency.hop.value} hop {src} -> {dst}", latency.low_ms, latency.high_ms, latency.basis)
    kind_name = serving.cls.kind
    if kind_name == "async":
        notes.append("async endpoint: the inference is not in the request path")
    else:
        lo, hi, label = _inference(table, serving.family)
        low += lo
        high = high + hi if high is not None else None
        parts.append(f"serving{'' if kind_name in ('real-time', 'serverless') else f' ({kind_name})'}: {label}")
    if serving.cold_start_in_path and serving.cls.cold_start_ms is not None and high is not None:
        cs_low, cs_high = serving.cls.cold_start_ms
        high += cs_high
        notes.append(f"high includes a {kind_name} cold start of up to {cs_high:g} ms "
                     f"({_fmt(cs_low, cs_high)}); a warm request does not pay it")
    if cold_types:
        cold = table.overheads.get("function-cold-start")
        if cold:
            notes.append(f"a cold start of {', '.join(cold_types)} would add {_fmt(cold.low_ms, cold.high_ms)} "
                         f"({cold.basis}), not included")
    if unknown_hops:
        high = None
        notes.append(f"{unknown_hops} hop(s) of unknown class: low is a floor, high is unknown")
    chain = _serving_chain(facts, endpoint)
    if chain:
        notes.append("serving chain: " + " -> ".join([endpoint, *chain]))
    note = "; ".join(notes + ["sum of " + ", ".join(parts)])
    return RequestPath(entry, endpoint, tuple(hops), round(low, 3), round(high, 3) if high is not None else None,
                       kind_name, note)


# --- the annotator -----------------------------------------------------------------------------

def estimate_latency(graph: Graph, zones: Mapping[str, ZoneInfo], table: LatencyTable | None = None
                     ) -> tuple[tuple[EdgeLatency, ...], dict[str, ServingClass], tuple[RequestPath, ...], dict]:
    """Hop latency per edge, serving class per model endpoint, request paths from entry points.

    Returns ``(edge latencies, serving classes by address, request paths, meta)``; meta names the
    table (version, as-of date, sources) so every figure can be traced.
    """
    table = table or _default_table()
    facts = _Facts(graph, zones)
    entries = entry_points(graph)

    pairs: set[tuple[str, str]] = set()
    for edge in graph.edges:
        if edge.relation == Relation.DEPENDS or edge.src == edge.dst:
            continue
        if edge.src not in facts.resources and edge.src != INTERNET:
            continue
        if edge.dst not in facts.resources and edge.dst != INTERNET:
            continue
        pairs.add((edge.src, edge.dst))
    for entry in entries:
        pairs.add((INTERNET, entry))
    latencies = {pair: _classify(facts, table, *pair) for pair in sorted(pairs)}

    serving_info: dict[str, _Serving] = {}
    for address, resource in sorted(facts.resources.items()):
        if resource.mode == "data":
            continue
        if _category(resource) in (Category.ML_ENDPOINT, Category.ML_DEPLOYMENT):
            serving_info[address] = _serving(facts, table, resource)
    serving = {address: info.cls for address, info in serving_info.items()}

    paths: list[RequestPath] = []
    endpoints = {a for a, r in facts.resources.items() if _category(r) == Category.ML_ENDPOINT and r.mode != "data"}
    for entry in sorted(entries):
        previous: dict[str, str | None] = {entry: None}
        queue = deque([entry])
        while queue:
            current = queue.popleft()
            for nxt in _next_hops(facts, current):
                if nxt not in previous and nxt in facts.resources:
                    previous[nxt] = current
                    queue.append(nxt)
        for endpoint in sorted(a for a in previous if a in endpoints):
            hops: list[str] = []
            step: str | None = endpoint
            while step is not None:
                hops.append(step)
                step = previous[step]
            hops.reverse()
            info = serving_info.get(endpoint) or _Serving(ServingClass(endpoint, "unknown", None, ""))
            paths.append(_path(facts, table, entry, endpoint, hops, latencies, info))
    paths.sort(key=lambda p: (p.entry, p.endpoint))
    return tuple(latencies[p] for p in sorted(latencies)), serving, tuple(paths), table.meta()


# --- documentation -----------------------------------------------------------------------------

def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def latency_markdown(table: LatencyTable) -> str:
    """A Markdown table of hop classes, region fallbacks, overheads and serving figures, with basis
    and source, followed by the list of sources (for the README)."""
    lines = [
        f"Latency table v{table.version}, as of {table.as_of} (round trips in milliseconds).",
        "",
        "| kind | figure | low ms | high ms | basis | source | note |",
        "|---|---|---:|---:|---|---|---|",
    ]

    def row(kind_label: str, item: Figure, label: str) -> None:
        source = table.sources.get(item.source)
        title = source.title if source else item.source
        if source and source.url:
            title = f"[{title}]({source.url})"
        lines.append(f"| {kind_label} | {_md(label)} | {item.low_ms:g} | {item.high_ms:g} | {item.basis} | "
                     f"{_md(title)} | {_md(item.note)} |")

    for hop in HopClass:
        for cloud, item in sorted(table.hops.get(hop.value, {}).items(), key=lambda kv: (kv[0] != "default", kv[0])):
            row("hop", item, hop.value if cloud == "default" else f"{hop.value} ({cloud})")
    if table.pairs:                                   # one summary row: the pairs live in the YAML
        items = list(table.pairs.values())
        first = items[0]
        row("region pairs", Figure("regions.pairs", min(f.low_ms for f in items), max(f.high_ms for f in items),
                                   first.basis, first.source, "per pair in regions.pairs of the table"),
            f"{len(items)} region pairs")
    for continent, item in sorted(table.same_continent.items()):
        row("region fallback", item, f"same continent: {continent}")
    row("region fallback", table.intercontinental, "different continents")
    for key, item in table.overheads.items():
        row("overhead", item, key + (f" ({', '.join(item.types)})" if item.types else ""))
    for key, item in table.serving.items():
        row("serving", item, key)
    lines += ["", "Sources:", ""]
    for key, source in sorted(table.sources.items()):
        text = f"- `{key}`: {source.title}"
        if source.date:
            text += f" ({source.date})"
        if source.url:
            text += f" <{source.url}>"
        lines.append(text)
    lines.append("")
    lines.append("`unknown` hops carry no figure: a path through one has a floor and no ceiling.")
    return "\n".join(lines) + "\n"
