"""Graph + annotations -> the report's content (:class:`~infra2arch.report.model.Report`).

Scope, executive summary, flows, ML compute, inventory and zones are here; findings and the
control matrix in :mod:`.matrix`; gaps, accuracy and changes in :mod:`.accuracy`.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from infra2arch.annotate.findings import controls as control_families
from infra2arch.annotate.model import Annotations, Result, Zone
from infra2arch.catalog import Category, kind
from infra2arch.model import Edge, Graph, Location, Relation, Resource, Unknown, iter_unknowns
from infra2arch.report.model import (ComputeRow, Count, CrossingRow, Exposure, FlowRow, InventoryRow, PathRow,
                                     ZoneBlock)
from infra2arch.views import ZONE_ORDER, ZONE_STYLES, key_fact

CLOUD_NAMES = {"aws": "AWS", "google": "Google Cloud", "azurerm": "Azure", "utility": "Utility resources"}
ACCOUNT_WORDS = {"aws": "account", "google": "project", "azurerm": "subscription"}
FLOW_RELATIONS = (Relation.INVOKES, Relation.DATA, Relation.NETWORK)
_STORES = frozenset({Category.STORAGE_OBJECT, Category.STORAGE_DATABASE, Category.STORAGE_WAREHOUSE,
                     Category.STORAGE_REGISTRY, Category.STORAGE_QUEUE, Category.SECURITY_SECRET,
                     Category.OPS_LOGGING, Category.ML_NOTEBOOK, Category.ML_ENDPOINT_CONFIG,
                     Category.ML_FEATURE_STORE, Category.ML_WORKSPACE, Category.ML_DATASET,
                     Category.ML_TRAINING, Category.COMPUTE_FUNCTION, Category.ML_COMPUTE})
_COMPUTE_ROLES = {
    Category.ML_ENDPOINT_CONFIG: "inference", Category.ML_DEPLOYMENT: "inference", Category.ML_ENDPOINT: "inference",
    Category.ML_TRAINING: "training", Category.ML_COMPUTE: "training / batch compute",
    Category.ML_NOTEBOOK: "development (notebook)", Category.ML_PIPELINE: "pipeline",
    Category.COMPUTE_FUNCTION: "application (function)", Category.COMPUTE_VM: "application (VM)",
    Category.COMPUTE_CONTAINER: "application (containers)",
}
_AT_REST_RULES = frozenset(rule for rule, families in control_families.RULE_FAMILIES.items()
                           if any(f is control_families.ENCRYPTION_AT_REST for f in families))


def text(value: Any) -> str:
    """A value as report text: unknown parts are said, never guessed."""
    if value is None:
        return "—"
    if isinstance(value, Unknown):
        return "unknown (" + (value.reason or "not known from the input") + ")"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def location_text(location: Location) -> str:
    parts = [CLOUD_NAMES.get(location.cloud or "", location.cloud or "?")]
    for value in (location.account, location.region, location.zone):
        if value is None:
            continue
        parts.append("?" if isinstance(value, Unknown) else str(value))
    return " · ".join(parts)


def source_text(resource: Resource) -> str:
    return resource.source.label()


@dataclass
class Index:
    """Look-ups shared by every section (built once: the estate may hold 10,000 resources)."""

    graph: Graph
    annotations: Annotations
    by_address: dict[str, Resource]
    edges_from: dict[str, list[Edge]]
    children: dict[str, list[str]]
    parents: dict[str, list[str]]
    crossings: dict[tuple[str, str, str], Any]
    findings_by_address: dict[str, list[Any]]

    @classmethod
    def build(cls, graph: Graph, annotations: Annotations) -> "Index":
        edges_from: dict[str, list[Edge]] = defaultdict(list)
        for edge in graph.edges:
            edges_from[edge.src].append(edge)
        children: dict[str, list[str]] = defaultdict(list)
        for child, parent in graph.folded.items():
            children[parent].append(child)
        parents: dict[str, list[str]] = defaultdict(list)
        for item in graph.containment:
            parents[item.child].append(item.parent)
        findings: dict[str, list[Any]] = defaultdict(list)
        for finding in annotations.findings:
            findings[finding.address].append(finding)
        crossings = {(c.src, c.dst, c.relation.value): c for c in annotations.crossings}
        return cls(graph, annotations, graph.by_address(), edges_from, children, parents, crossings, findings)

    def drawn(self) -> list[Resource]:
        """Resources that stand on their own (configuration resources fold into their parent)."""
        return [r for r in self.graph.resources if r.address not in self.graph.folded]


# ------------------------------------------------------------------------------------ summary


def counts_by_cloud(graph: Graph) -> list[Count]:
    counter: Counter[str] = Counter()
    accounts: dict[str, set[str]] = defaultdict(set)
    regions: dict[str, set[str]] = defaultdict(set)
    from infra2arch.catalog import is_utility

    helpers: set[str] = set()
    for resource in graph.resources:
        cloud = resource.location.cloud or resource.type.split("_", 1)[0]
        if is_utility(resource.type):   # random, time, null...: no cloud, counted together
            helpers.add(resource.type.split("_", 1)[0])
            cloud = "utility"
        counter[cloud] += 1
        if isinstance(resource.location.account, str):
            accounts[cloud].add(resource.location.account)
        if isinstance(resource.location.region, str):
            regions[cloud].add(resource.location.region)
    out = []
    for cloud, count in sorted(counter.items()):
        word = ACCOUNT_WORDS.get(cloud, "account")
        detail = []
        if accounts[cloud]:
            detail.append(f"{len(accounts[cloud])} {word}{'s' if len(accounts[cloud]) != 1 else ''}")
        if regions[cloud]:
            shown = sorted(regions[cloud])
            detail.append("regions " + ", ".join(shown[:8]) + (f" (+{len(shown) - 8})" if len(shown) > 8 else ""))
        if cloud == "utility":
            detail = [f"{', '.join(sorted(helpers))}: no cloud infrastructure"]
        out.append(Count(CLOUD_NAMES.get(cloud, cloud), count, "; ".join(detail)))
    return out


def counts_by_category(graph: Graph) -> list[Count]:
    counter: Counter[str] = Counter()
    for resource in graph.resources:
        record = kind(resource.type)
        counter[record.category.value if record else "no catalog entry"] += 1
    return [Count(name, count) for name, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def exposed(index: Index) -> list[Exposure]:
    out = []
    for resource in index.drawn():
        info = index.annotations.zones.get(resource.address)
        if info is not None and info.zone == Zone.EDGE:
            out.append(Exposure(resource.address, resource.type, "; ".join(info.reasons) or "edge zone"))
    # workloads and data first: a public notebook or bucket matters more than the gateway that makes a subnet public
    plumbing = ("network.gateway", "network.subnet", "network.public-ip", "network.route", "network.vpc")

    def rank(item: Exposure) -> tuple:
        record = kind(item.type)
        category = record.category.value if record else ""
        return (category in plumbing, not category.startswith(("ml.", "storage.")), item.address)

    return sorted(out, key=rank)


def path_rows(annotations: Annotations) -> list[PathRow]:
    rows = []
    for path in annotations.paths:
        rows.append(PathRow(path.entry, path.endpoint, " → ".join(path.hops), latency_text(path.low_ms, path.high_ms),
                            path.serving, path.note))
    return sorted(rows, key=lambda p: (p.entry, p.endpoint, p.hops))


def latency_text(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "unknown"
    return f"{low:g}–{high:g} ms"


def resolved(resource: Resource, gap_subjects: set[str]) -> bool:
    """Fully resolved: every value known, or a reference to another resource's attribute (known
    after apply, as Terraform itself would say); no unknown instance count; no gap about it."""
    if resource.instances_unknown or resource.address in gap_subjects:
        return False
    for unknown in iter_unknowns(dict(resource.attrs)):
        if not unknown.origins and "after apply" not in unknown.reason:
            return False
    return True


def completeness(graph: Graph) -> tuple[str, int, int]:
    subjects = {g.subject for g in graph.gaps}
    total = len(graph.resources)
    done = sum(1 for r in graph.resources if resolved(r, subjects))
    share = f"{100 * done / total:.1f}%" if total else "n/a"
    gaps = len(graph.gaps)
    return (f"{share} of resources fully resolved ({done:,} of {total:,}); {gaps:,} gap{'s' if gaps != 1 else ''} "
            "listed in section 9", done, total)


# ------------------------------------------------------------------------------------ flows


def _via_resource(index: Index, via: str) -> Resource | None:
    head = via.split(" ", 1)[0]
    while head:
        if head in index.by_address:
            return index.by_address[head]
        if "." not in head:
            return None
        head = head.rsplit(".", 1)[0]
    return None


def _ports(resource: Resource | None) -> str:
    if resource is None:
        return ""
    attrs = resource.attrs
    protocol = attrs.get("ip_protocol", attrs.get("protocol"))
    low, high = attrs.get("from_port"), attrs.get("to_port")
    if low is not None or high is not None:
        proto = text(protocol) if protocol is not None else "?"
        if str(proto) == "-1":
            return "all traffic"
        if low == high or high is None:
            return f"{text(low)}/{proto}"
        return f"{text(low)}-{text(high)}/{proto}"
    ranges = attrs.get("destination_port_ranges") or attrs.get("destination_port_range")
    if ranges:
        value = ", ".join(text(r) for r in ranges) if isinstance(ranges, list) else text(ranges)
        return f"{value}/{text(protocol) if protocol is not None else '?'}"
    allow = attrs.get("allow")
    if isinstance(allow, list) and allow:
        parts = []
        for block in allow:
            if isinstance(block, dict):
                ports = block.get("ports")
                port_text = ",".join(text(p) for p in ports) if isinstance(ports, list) else "all"
                parts.append(f"{port_text}/{text(block.get('protocol'))}")
        return "; ".join(parts)
    return ""


def _secure_transport_enforced(resource: Resource, index: Index) -> bool | None:
    """True when a policy or setting refuses plaintext: an S3 bucket policy denying
    aws:SecureTransport=false, an Azure storage account's HTTPS-only setting."""
    attrs = resource.attrs
    for name in ("https_traffic_only_enabled", "enable_https_traffic_only"):
        if name in attrs:
            value = attrs.get(name)
            return value if isinstance(value, bool) else None
    related = [resource] + [index.by_address[c] for c in index.children.get(resource.address, ()) if c in index.by_address]
    for item in related:
        blob = json.dumps(item.attrs, default=str)
        if "aws:SecureTransport" in blob:
            return True
    return None


def transit(edge: Edge, dst: Resource | None, port: str, index: Index) -> str:
    if port.startswith("443/") or port.startswith("443-443"):
        return "TLS (port 443)"
    if port.startswith("80/"):
        return "plaintext HTTP (port 80)"
    if dst is None:
        return "unknown"
    record = kind(dst.type)
    category = record.category if record else None
    if category in (Category.STORAGE_OBJECT, Category.STORAGE_REGISTRY) and edge.relation != Relation.NETWORK:
        enforced = _secure_transport_enforced(dst, index)
        if enforced:
            return "TLS enforced by the store's policy/setting"
        return "provider API over HTTPS; plaintext not refused by a policy found"
    if edge.relation in (Relation.INVOKES, Relation.DATA) and category is not None and (
            category.value.startswith(("ml.", "storage.", "security.", "ops.")) or category in (
            Category.COMPUTE_FUNCTION, Category.NETWORK_API)):
        return "provider API over HTTPS (TLS)"
    return "not stated in the configuration"


def flow_rows(index: Index, relations: Iterable[Relation] = FLOW_RELATIONS, inferred_only: bool = False) -> list[FlowRow]:
    wanted = set(relations)
    zones = index.annotations.zones
    rows: dict[tuple, FlowRow] = {}
    for edge in index.graph.edges:
        if edge.relation not in wanted or (inferred_only and not edge.inferred):
            continue
        src = index.by_address.get(edge.src)
        dst = index.by_address.get(edge.dst)
        if dst is not None and dst.mode == "data" and not inferred_only:
            continue  # a data source read at plan time is not a flow
        via_resource = _via_resource(index, edge.via) if edge.relation == Relation.NETWORK else None
        port = _ports(via_resource)
        crossing = index.crossings.get((edge.src, edge.dst, edge.relation.value))
        if crossing is not None:
            control = crossing.control or "none found"
            if crossing.control and crossing.control_kind not in ("unknown", ""):
                control = f"{crossing.control} ({crossing.control_kind})"
            zones_text = f"{crossing.from_zone.value} → {crossing.to_zone.value}"
        else:
            a, b = zones.get(edge.src), zones.get(edge.dst)
            zones_text = f"within {a.zone.value}" if a and b and a.zone == b.zone else ""
            control = via_resource.address if via_resource is not None and via_resource.address != edge.src else ""
            if edge.via.startswith("iam:"):
                control = f"IAM ({edge.via[4:]})"
        basis = f"inferred from value: {edge.evidence}" if edge.inferred else f"declared ({edge.via})"
        row = FlowRow(edge.src, edge.dst, edge.relation.value, port or "not stated", transit(edge, dst, port, index),
                      control or "—", zones_text, basis)
        key = (edge.src, edge.dst, edge.relation.value)
        if key not in rows or (rows[key].basis.startswith("inferred") and not edge.inferred):
            rows[key] = row
        del src
    return sorted(rows.values(), key=lambda r: (r.src, r.dst, r.relation))


# --------------------------------------------------------------------------------- ML compute


def compute_rows(index: Index) -> list[ComputeRow]:
    rows = []
    for resource in index.drawn():
        record = kind(resource.type)
        if record is None or record.category not in _COMPUTE_ROLES or resource.mode == "data":
            continue
        if record.category == Category.ML_ENDPOINT:
            continue  # its configuration carries the instance type and count
        fact = key_fact(resource, index.graph, index.by_address) or "not stated"
        networks = sorted({p for p in index.parents.get(resource.address, ())})
        info = index.annotations.zones.get(resource.address)
        if networks:
            network = ", ".join(networks[:4]) + (f" (+{len(networks) - 4})" if len(networks) > 4 else "")
        elif info is not None and info.plane.value == "provider-managed":
            network = "provider-managed network (no VPC/VNet attachment)"
        else:
            network = "no network placement found"
        rows.append(ComputeRow(resource.address, resource.type, _COMPUTE_ROLES[record.category], fact,
                               location_text(resource.location), network))
    return sorted(rows, key=lambda r: (r.role, r.address))


# ---------------------------------------------------------------------------------- inventory


def encryption_at_rest(resource: Resource, index: Index) -> str:
    keys = sorted({e.dst for e in index.edges_from.get(resource.address, ()) if e.relation == Relation.ENCRYPTS})
    if keys:
        described = []
        for address in keys[:3]:
            key = index.by_address.get(address)
            key_id = None
            if key is not None:
                for name in ("arn", "key_id", "id", "versionless_id"):
                    value = key.attrs.get(name)
                    if isinstance(value, str):
                        key_id = value
                        break
            described.append(f"{address}" + (f" ({key_id})" if key_id else ""))
        return "customer key: " + ", ".join(described) + (f" (+{len(keys) - 3})" if len(keys) > 3 else "")
    results = [f for f in index.findings_by_address.get(resource.address, ()) if f.rule_id in _AT_REST_RULES]
    if any(f.result == Result.UNKNOWN for f in results):
        return "unknown (key setting not known from the input)"
    if any(f.result == Result.FAIL for f in results):
        return "provider-managed key (no customer key set)"
    if any(f.result == Result.PASS for f in results):
        return "customer key (set by attribute)"
    record = kind(resource.type)
    if record is not None and record.category in _STORES:
        return "provider default (no customer key found; not checked by a rule)"
    return "n/a"


def public_state(resource: Resource, index: Index) -> str:
    info = index.annotations.zones.get(resource.address)
    if info is None:
        return "unknown (no zone)"
    if info.zone == Zone.EDGE:
        return "public: " + ("; ".join(info.reasons[:2]) or "edge zone")
    return "not public"


_CLASSIFICATION_KEY = re.compile(r"class|sensitiv|confidential|pii|phi|pci|hipaa|gdpr|compliance|data.?owner", re.I)


def classification(resource: Resource) -> str:
    """Tags that classify data (DataClass, Sensitivity, PII, Compliance …), as the code states them."""
    tags = resource.attrs.get("tags") or resource.attrs.get("labels")
    if not isinstance(tags, dict):
        return ""
    return ", ".join(f"{k}={text(v)}" for k, v in sorted(tags.items()) if _CLASSIFICATION_KEY.search(str(k)))


def inventory_rows(index: Index) -> list[InventoryRow]:
    rows = []
    zones = index.annotations.zones
    for resource in index.graph.resources:
        record = kind(resource.type)
        info = zones.get(resource.address)
        folded_into = index.graph.folded.get(resource.address, "")
        if folded_into:
            encryption, public = "see parent", "see parent"
        elif resource.mode == "data":
            encryption, public = "n/a (data source)", "n/a (data source)"
        else:
            encryption, public = encryption_at_rest(resource, index), public_state(resource, index)
        rows.append(InventoryRow(
            resource.address, resource.type, record.category.value if record else "no catalog entry",
            (info.zone.value + (" (override)" if info.overridden else "")) if info else "—",
            location_text(resource.location), encryption, public, source_text(resource), folded_into,
            classification(resource)))
    return rows


def inventory_summary(rows: list[InventoryRow]) -> list[Count]:
    counter: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        counter[(row.type, row.zone, row.location)] += 1
    return [Count(f"{t} · {z} · {loc}", n) for (t, z, loc), n in sorted(counter.items())]


# --------------------------------------------------------------------------------------- zones


def zone_blocks(index: Index) -> list[ZoneBlock]:
    members: dict[str, list[str]] = defaultdict(list)
    for resource in index.drawn():
        info = index.annotations.zones.get(resource.address)
        if info is not None and resource.mode != "data":
            members[info.zone.value].append(resource.address)
    out = []
    for zone in ZONE_ORDER:
        if zone == "internet" and not members.get(zone):
            description = "INTERNET: untrusted users and third parties (the synthetic internet node)"
        else:
            description = ZONE_STYLES.get(zone, (zone.upper(), {}))[0]
        items = sorted(members.get(zone, ()))
        out.append(ZoneBlock(zone, description, tuple(items), len(items)))
    return out


def crossing_rows(annotations: Annotations) -> list[CrossingRow]:
    rows = []
    for c in annotations.crossings:
        rows.append(CrossingRow(c.src, c.dst, c.relation.value, f"{c.from_zone.value} → {c.to_zone.value}",
                                c.control or "none", c.control_kind))
    return sorted(rows, key=lambda r: (r.control != "none", r.src, r.dst, r.relation))


def summary_of(values: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in values.items())
