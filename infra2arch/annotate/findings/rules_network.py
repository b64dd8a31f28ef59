"""Cross-cloud rules read off the zones annotation (exposure, segmentation), and the network helpers
the cloud rule modules share (open source ranges, port ranges).

The zone rules need zones: when ``evaluate_findings`` gets an empty zones mapping they give no
result at all (zones were not computed), and a resource missing from a non-empty mapping is UNKNOWN.
"""

from __future__ import annotations

from typing import Any, Iterable

from infra2arch.annotate.findings import Context, Rule, Verdict
from infra2arch.annotate.model import Plane, Result, Severity, Zone
from infra2arch.catalog import Category, kind
from infra2arch.model import Relation, Resource, Unknown

# ----------------------------------------------------------------------------- shared helpers

OPEN_CIDRS = frozenset({"0.0.0.0/0", "::/0"})
SENSITIVE_PORTS = (22, 3389)

# a reference to one of these attributes is a specific address or network of the configuration,
# never "anywhere" (aws_vpc.main.cidr_block, google_compute_global_address.psa.address, ...)
_NETWORK_ATTRIBUTES = frozenset({
    "cidr_block", "ipv6_cidr_block", "cidr_blocks", "ip_cidr_range", "address", "addresses", "address_prefix",
    "address_prefixes", "address_space", "private_ip", "private_ips", "private_ip_address", "public_ip",
    "ip_address", "ip_addresses", "network_interface_private_ip",
})


def specific_reference(value: Any) -> bool:
    """An unknown that stands for a configured network or address: known not to be 0.0.0.0/0."""
    return (isinstance(value, Unknown) and bool(value.origins)
            and all(attribute in _NETWORK_ATTRIBUTES for _, attribute in value.origins))


def open_sources(values: Iterable[Any], open_values: Iterable[str] = OPEN_CIDRS) -> tuple[list[str], list[Unknown]]:
    """(the open ranges among ``values``, the unknown ones that could be open)."""
    opened = {v.lower() for v in open_values}
    found: list[str] = []
    unknown: list[Unknown] = []
    for value in values:
        if isinstance(value, Unknown):
            if not specific_reference(value):
                unknown.append(value)
        elif isinstance(value, str) and value.strip().lower() in opened:
            found.append(value.strip())
    return found, unknown


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def port_ranges(spec: Any) -> list[tuple[int, int]] | None:
    """Port ranges from "22", "20-25", "*", 22 or a list of them; None when not known."""
    out: list[tuple[int, int]] = []
    for item in as_list(spec):
        if isinstance(item, Unknown):
            return None
        if isinstance(item, bool):
            return None
        if isinstance(item, int):
            out.append((item, item))
            continue
        text = str(item).strip()
        if text in ("*", "", "all", "any", "-1"):
            out.append((0, 65535))
            continue
        lo, _, hi = text.partition("-")
        try:
            out.append((int(lo), int(hi or lo)))
        except ValueError:
            return None
    return out


def exposure_severity(ranges: list[tuple[int, int]] | None, all_ports: bool = False) -> tuple[Severity, str]:
    """CRITICAL when all ports or 22/3389 are open, HIGH otherwise; with a label for the evidence."""
    if all_ports:
        return Severity.CRITICAL, "all ports"
    if ranges is None:
        return Severity.HIGH, "ports not known"
    if any(lo <= 0 and hi >= 65535 for lo, hi in ranges):
        return Severity.CRITICAL, "all ports"
    label = ", ".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in ranges)
    for port in SENSITIVE_PORTS:
        if any(lo <= port <= hi for lo, hi in ranges):
            return Severity.CRITICAL, f"port {label}"
    return Severity.HIGH, f"port {label}"


def worst(exposures: list[tuple[Severity, str, str]]) -> tuple[Severity, str, str]:
    """The most severe of (severity, description, attribute) exposures."""
    return max(exposures, key=lambda e: e[0].rank)


def category(resource: Resource) -> Category | None:
    record = kind(resource.type)
    return record.category if record else None


# -------------------------------------------------------------------------------- zone rules

_REACH = (Relation.DATA, Relation.INVOKES, Relation.NETWORK)
_ML_COMPUTE = frozenset({Category.ML_NOTEBOOK, Category.ML_ENDPOINT, Category.ML_MODEL})


def _zoned(predicate):
    def applies(resource: Resource, context: Context) -> bool:
        return bool(context.zones) and predicate(resource, context)
    return applies


def _in_data_zone(resource: Resource, context: Context) -> bool:
    """Data stores in the data zone; not folded configuration (part of its parent), not registries
    (images are pulled by the platform at deploy time, not by the workload over the network)."""
    info = context.zones.get(resource.address)
    return (info is not None and info.zone == Zone.DATA and not context.folded(resource)
            and category(resource) not in (Category.STORAGE_REGISTRY, Category.STORAGE_CONFIG))


def _missing_segmentation(resource: Resource, context: Context) -> Verdict:
    zones = context.zones
    hits: list[str] = []

    def edge_zone(address: str) -> bool:
        info = zones.get(address)
        return info is not None and info.zone == Zone.EDGE

    for edge in context.edges_to.get(resource.address, ()):
        if edge.relation not in _REACH:
            continue
        if edge_zone(edge.src):
            hits.append(f"{edge.src} ({edge.relation.value} via {edge.via})")
            continue
        holder = context.by_address.get(edge.src)
        if holder is None or category(holder) != Category.IAM_ROLE:
            continue
        # an edge-zone resource that runs as this role reaches the store through it
        for grant in context.edges_to.get(edge.src, ()):
            if grant.relation == Relation.IAM and edge_zone(grant.src):
                hits.append(f"{grant.src} (runs as {edge.src}, which has {edge.relation.value} access)")
    if hits:
        hits = sorted(set(hits))
        more = f" and {len(hits) - 1} more" if len(hits) > 1 else ""
        return Verdict(Result.FAIL, f"data-zone resource reached directly from edge-zone {hits[0]}{more}, "
                                    "with no private-app hop", "")
    return Verdict(Result.PASS, "not reached directly from any edge-zone resource", "")


def _private_endpoints(resource: Resource, context: Context) -> list[str]:
    """Private endpoints (Private Link, private service connect) in the customer's network that
    connect to this resource: a managed service that can only live in the provider's plane is
    reached privately through them."""
    return sorted({edge.src for edge in context.edges_to.get(resource.address, ())
                   if edge.relation == Relation.NETWORK and edge.src in context.by_address
                   and category(context.by_address[edge.src]) == Category.NETWORK_PRIVATE_ENDPOINT})


def _ml_plane(resource: Resource, context: Context) -> Verdict:
    info = context.zones.get(resource.address)
    if info is None:
        return Verdict(Result.UNKNOWN, "no zone annotation for this resource")
    reasons = "; ".join(info.reasons) or "no reason given"
    endpoints = _private_endpoints(resource, context) if info.plane == Plane.PROVIDER else []
    if endpoints and info.zone != Zone.EDGE:
        # Azure OpenAI / AI Services accounts cannot be placed in a subnet: a private endpoint with
        # public access closed is the remediation this rule asks for
        more = f" and {len(endpoints) - 1} more" if len(endpoints) > 1 else ""
        return Verdict(Result.PASS, f"provider-managed service reached privately through {endpoints[0]}{more}, "
                                    f"not from the internet (zone {info.zone.value})")
    if info.plane == Plane.PROVIDER:
        return Verdict(Result.FAIL, f"runs in the provider-managed plane, outside the customer network: {reasons}")
    if info.zone == Zone.EDGE and category(resource) != Category.ML_ENDPOINT:
        return Verdict(Result.FAIL, f"reachable from the internet (zone edge, public IP or path): {reasons}")
    return Verdict(Result.PASS, f"runs in the {info.plane.value} plane, zone {info.zone.value}: {reasons}")


def _ml_endpoint_edge(resource: Resource, context: Context) -> Verdict:
    info = context.zones.get(resource.address)
    if info is None:
        return Verdict(Result.UNKNOWN, "no zone annotation for this resource")
    reasons = "; ".join(info.reasons) or "no reason given"
    if info.zone == Zone.EDGE:
        return Verdict(Result.FAIL, f"model endpoint in the edge zone (internet-reachable): {reasons}")
    return Verdict(Result.PASS, f"model endpoint in the {info.zone.value} zone: {reasons}")


RULES: tuple[Rule, ...] = (
    Rule(
        "I2A-NET-001", Severity.HIGH, "Missing segmentation: data store reached directly from the edge zone", (),
        "Put a private-app tier (a function, service or private endpoint in a private subnet) between "
        "internet-facing resources and the data store, and scope the edge resource's role away from the data.",
        _missing_segmentation, applies=_zoned(_in_data_zone),
        scope="data stores in the data zone (needs zones; not registries or folded configuration)",
        refs=("threagile:missing-network-segmentation",),
    ),
    Rule(
        "I2A-NET-002", Severity.MEDIUM, "ML compute with a public IP or in the provider-managed plane", (),
        "Attach notebooks, models and endpoints to private subnets of your own network (VPC config, "
        "subnet, private service connect) and turn off public IPs and direct internet access.",
        _ml_plane, applies=_zoned(lambda r, c: category(r) in _ML_COMPUTE and not c.folded(r)),
        scope="ML notebooks, models and endpoints (needs zones)",
    ),
    Rule(
        "I2A-NET-003", Severity.HIGH, "Internet-reachable ML endpoint", (),
        "Serve the model from a private endpoint (VPC / private service connect / private link) and front "
        "it with an authenticated API tier.",
        _ml_endpoint_edge, applies=_zoned(lambda r, c: category(r) == Category.ML_ENDPOINT and not c.folded(r)),
        scope="ML endpoints (needs zones)",
    ),
)

__all__ = ["RULES", "OPEN_CIDRS", "open_sources", "port_ranges", "exposure_severity", "specific_reference",
           "as_list", "worst", "category"]
