"""The executive view: the system on one page, in at most ~12 boxes.

One node per system part, in request order (users/internet → entry points → application → model
serving → data stores), with training/MLOps and the shared platform (network, identity and keys,
observability) as side boxes. Each part says what it holds, what it costs a month, its worst
unwaived finding and its exposure; the slowest request path is highlighted with its latency.

Parts are derived, never hand-written: a resource's catalog category decides its part, the request
paths found by the latency annotator move what they cross into the part that role plays on the path
(a function on the way to an endpoint is application), and the zones decide exposure. So the same
code serves a three-resource sample and a 10,000-resource estate; when an estate spans several
clouds and the page has room, the main parts are split per cloud.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from infra2arch.catalog import Category, Shape, kind
from infra2arch.model import Graph, Relation, Resource
from infra2arch.views.classify import CLOUD_NAMES
from infra2arch.views.edges import internet_entries
from infra2arch.views.model import INTERNET, VEdge, VGroup, View, ViewOptions, VNode

MAX_NODES = 12


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    side: str | None          # None: on the request line; else the id of the side box it sits in
    categories: frozenset[Category]


_C = Category
PARTS: tuple[Part, ...] = (
    Part("entry", "Entry points", None, frozenset({_C.NETWORK_API, _C.NETWORK_CDN, _C.NETWORK_LOAD_BALANCER})),
    Part("app", "Application", None, frozenset({_C.COMPUTE_FUNCTION, _C.COMPUTE_VM, _C.COMPUTE_CONTAINER})),
    Part("serving", "Model serving", None, frozenset({_C.ML_ENDPOINT, _C.ML_ENDPOINT_CONFIG, _C.ML_DEPLOYMENT,
                                                      _C.ML_MODEL, _C.ML_INDEX})),
    Part("data", "Data stores", None, frozenset({_C.STORAGE_OBJECT, _C.STORAGE_CONFIG, _C.STORAGE_DATABASE,
                                                 _C.STORAGE_WAREHOUSE, _C.STORAGE_REGISTRY, _C.STORAGE_QUEUE,
                                                 _C.ML_DATASET, _C.ML_FEATURE_STORE})),
    Part("mlops", "Training & MLOps", "side-mlops", frozenset({_C.ML_WORKSPACE, _C.ML_NOTEBOOK, _C.ML_COMPUTE,
                                                               _C.ML_TRAINING, _C.ML_REGISTRY, _C.ML_PIPELINE,
                                                               _C.ML_MONITORING, _C.ML_CONFIG, _C.OPS_CICD,
                                                               _C.OPS_WORKFLOW})),
    Part("network", "Network", "side-platform", frozenset({_C.NETWORK_VPC, _C.NETWORK_SUBNET, _C.NETWORK_ROUTE,
                                                           _C.NETWORK_GATEWAY, _C.NETWORK_PUBLIC_IP,
                                                           _C.NETWORK_FIREWALL, _C.NETWORK_PRIVATE_ENDPOINT,
                                                           _C.NETWORK_DNS})),
    Part("identity", "Identity & keys", "side-platform", frozenset({_C.IAM_ROLE, _C.IAM_POLICY, _C.IAM_BINDING,
                                                                    _C.SECURITY_KEY, _C.SECURITY_SECRET})),
    Part("ops", "Observability", "side-platform", frozenset({_C.OPS_LOGGING, _C.OPS_MONITORING})),
    Part("other", "Other resources", "side-platform", frozenset({_C.OTHER})),
)
_PART = {p.key: p for p in PARTS}
_SIDES = {"side-mlops": "Training & MLOps (off the request path)",
          "side-platform": "Shared platform"}
# when the page would exceed its budget, these parts merge into one, in this order
_MERGES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("platform", ("network", "identity", "ops", "other"), "Shared platform"),
    ("platform", ("platform", "mlops"), "Platform, training & MLOps"),
    ("backend", ("serving", "data"), "Models & data"),
    ("front", ("entry", "app"), "Entry & application"),
)
_SEVERITIES = ("critical", "high", "medium", "low")
SEVERITY_STROKE = {"critical": "#B71C1C", "high": "#D35400", "medium": "#B7950B", "low": "#1F5FA8"}
_FLOW = (Relation.INVOKES, Relation.DATA, Relation.NETWORK)


def part_of(resource: Resource, on_path: Mapping[str, str]) -> str:
    """The part a resource belongs to: its role on a request path, else its category."""
    if resource.address in on_path:
        return on_path[resource.address]
    record = kind(resource.type)
    category = record.category if record else Category.OTHER
    for part in PARTS:
        if category in part.categories:
            return part.key
    return "other"


def _path_roles(graph: Graph, annotations: Any) -> dict[str, str]:
    """Resources crossed by a request path, with the part their position gives them."""
    by_address = graph.by_address()
    roles: dict[str, str] = {}
    for path in getattr(annotations, "paths", ()) or ():
        hops = [h for h in path.hops if h in by_address]
        for index, address in enumerate(hops):
            record = kind(by_address[address].type)
            category = record.category if record else Category.OTHER
            if index == len(hops) - 1 or category.value.startswith("ml."):
                role = "serving"
            elif category in _PART["entry"].categories or (index == 0 and category.value.startswith("network.")):
                role = "entry"
            elif category in _PART["data"].categories:
                role = "data"
            else:
                role = "app"
            roles.setdefault(address, role)
    return roles


def _members(graph: Graph, roles: Mapping[str, str]) -> dict[str, list[str]]:
    """Part key -> addresses. Folded configuration counts with its parent; hidden helpers and data
    sources (things that exist elsewhere) only when a request path crosses them."""
    parts: dict[str, list[str]] = defaultdict(list)
    for resource in graph.resources:
        address = resource.address
        if address in graph.folded and address not in roles:
            continue
        record = kind(resource.type)
        if address not in roles and (resource.mode == "data" or (record is not None and record.shape == Shape.HIDDEN)):
            continue
        if record is not None and record.category == Category.ORG_GROUP and address not in roles:
            continue  # resource groups and projects are the boxes things sit in, not parts of the system
        parts[part_of(resource, roles)].append(address)
    return parts


def _cloud(resource: Resource) -> str:
    return resource.location.cloud or resource.type.split("_", 1)[0]


def build_executive(graph: Graph, options: ViewOptions, annotations: Any) -> View:
    by_address = graph.by_address()
    roles = _path_roles(graph, annotations)
    members = _members(graph, roles)
    budget = min(options.budget, MAX_NODES)
    clouds = sorted({_cloud(by_address[a]) for addresses in members.values() for a in addresses})
    notes: list[str] = []

    # part key -> (label, side box, addresses)
    boxes: dict[str, tuple[str, str | None, list[str]]] = {
        key: (_PART[key].label, _PART[key].side, sorted(addresses)) for key, addresses in members.items()}
    entries = internet_entries(graph, annotations)
    needs_internet = bool(entries)
    count = len(boxes) + (1 if needs_internet else 0)
    for target, merged, label in _MERGES:
        if count <= budget:
            break
        present = [k for k in merged if k in boxes]
        if len(present) < 2:
            continue
        addresses = sorted(a for k in present for a in boxes[k][2])
        side = boxes[present[0]][1]
        for k in present:
            del boxes[k]
        boxes[target] = (label, side, addresses)
        notes.append(f"merged {', '.join(_PART[k].label if k in _PART else k for k in present)} into "
                     f"“{label}” to keep {budget} boxes")
        count = len(boxes) + (1 if needs_internet else 0)
    if len(clouds) > 1:  # several clouds: split the request-line parts per cloud while the page has room
        for key in ("serving", "data", "app", "entry"):
            if key not in boxes:
                continue
            label, side, addresses = boxes[key]
            per_cloud: dict[str, list[str]] = defaultdict(list)
            for address in addresses:
                per_cloud[_cloud(by_address[address])].append(address)
            if len(per_cloud) < 2 or count + len(per_cloud) - 1 > budget:
                continue
            del boxes[key]
            for cloud, part_addresses in sorted(per_cloud.items()):
                boxes[f"{key}:{cloud}"] = (f"{label} ({CLOUD_NAMES.get(cloud, cloud)})", side, part_addresses)
            count += len(per_cloud) - 1

    node_of = {a: key for key, (_, _, addresses) in boxes.items() for a in addresses}
    for address, parent in graph.folded.items():
        if parent in node_of and address not in node_of:
            node_of[address] = node_of[parent]
    nodes = [_part_node(key, label, side, addresses, graph, by_address, annotations)
             for key, (label, side, addresses) in boxes.items()]
    groups = [VGroup(side, _SIDES[side], "side", None,
                     {"bgcolor": "#F8FAFC", "pencolor": "#94A3B8", "style": "rounded,dashed"}, order=side)
              for side in sorted({n.group for n in nodes if n.group})]
    node_id = {key: _node_id(key) for key in boxes}

    def platform(key: str) -> bool:
        return boxes[key][1] == "side-platform"

    flows: dict[tuple[str, str, Relation], int] = defaultdict(int)
    for edge in graph.edges:
        if edge.relation not in _FLOW:
            continue
        a, b = node_of.get(edge.src), node_of.get(edge.dst)
        if a is None or b is None or a == b or platform(a) or platform(b):
            continue  # the shared platform serves everything: its edges would only draw a mesh
        flows[(node_id[a], node_id[b], edge.relation)] += 1
    exposed: dict[str, int] = defaultdict(int)
    if needs_internet:
        for address in entries:
            if address in node_of and not platform(node_of[address]):
                exposed[node_id[node_of[address]]] += 1
        for target, n in exposed.items():
            flows[(INTERNET, target, Relation.NETWORK)] += n
    if exposed or getattr(annotations, "paths", ()):
        nodes.append(VNode(INTERNET, "Users / internet", "internet", "diagrams.onprem.network.Internet", (), None,
                           tooltip="anything reachable from the internet"))

    path, path_text = _critical_path(graph, annotations, node_of, node_id)
    edges = []
    for (a, b, relation), n in sorted(flows.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2].value)):
        label, highlight = "", ""
        if (a, b) in path and relation in (Relation.INVOKES, Relation.NETWORK):
            label, highlight = path[(a, b)], "#E67E22"
        edges.append(VEdge(a, b, relation, False, n, label,
                           f"{relation.value}: {n} connection{'s' if n != 1 else ''}", highlight))
    # a path hop with no edge of its own (the internet reaching an entry point through its zone) still shows
    drawn_pairs = {(e.src, e.dst) for e in edges}
    for (a, b), label in sorted(path.items()):
        if (a, b) not in drawn_pairs:
            edges.append(VEdge(a, b, Relation.INVOKES, True, 1, label, "on the request path", "#E67E22"))

    title = f"{graph.scanned.get('target') or '?'} — executive view"
    caption = _caption(graph, annotations, by_address, node_of)
    if path_text:
        notes.insert(0, path_text)
    if graph.gaps:
        notes.append(f"{len(graph.gaps)} gaps (what could not be read or resolved): see the summary or the explorer")
    stats = {"resources": len(graph.resources), "drawn_nodes": len(nodes), "edges": len(edges),
             "gaps": len(graph.gaps), "budget": budget}
    return View(options.name, title, caption, tuple(sorted(nodes, key=lambda n: n.id)),
                tuple(sorted(groups, key=lambda g: g.id)), tuple(edges), tuple(notes), stats)


def _node_id(key: str) -> str:
    return "part:" + key


def _failing(annotations: Any) -> dict[str, dict[str, int]]:
    from infra2arch.annotate.model import Result

    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for finding in getattr(annotations, "findings", ()) or ():
        if finding.result == Result.FAIL and (finding.waiver is None or finding.waiver.expired):
            out[finding.address][finding.severity.value] += 1
    return out


def money(value: float) -> str:
    if value >= 10_000:
        return f"${value / 1000:,.0f}k"
    return f"${value:,.0f}" if value >= 10 else f"${value:,.2f}"


def _part_node(key: str, label: str, side: str | None, addresses: list[str], graph: Graph,
               by_address: Mapping[str, Resource], annotations: Any) -> VNode:
    covered = set(addresses) | {a for a, parent in graph.folded.items() if parent in set(addresses)}
    types: dict[str, int] = defaultdict(int)
    for address in addresses:
        record = kind(by_address[address].type)
        types[(record.label or record.display) if record else by_address[address].type] += 1
    top = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))
    what = ", ".join(f"{n}× {t}" for t, n in top[:2]) + (f" +{sum(n for _, n in top[2:])} more" if len(top) > 2 else "")
    lines = [label, what]

    costs = getattr(annotations, "costs", {}) or {}
    monthly = sum(costs[a].monthly for a in covered if a in costs)
    statuses = {costs[a].status.value for a in covered if a in costs}
    usage = bool(statuses & {"depends-on-usage", "unknown"})
    if monthly > 0:
        lines.append(f"{money(monthly)}/month" + (" + usage" if usage else ""))
    elif usage:
        lines.append("cost: usage-based")
    elif statuses and statuses <= {"free"}:
        lines.append("no cost of its own")

    failing = _failing(annotations)
    counts: dict[str, int] = defaultdict(int)
    for address in covered:
        for severity, n in failing.get(address, {}).items():
            counts[severity] += n
    worst = next((s for s in _SEVERITIES if counts.get(s)), None)
    risk = f"▲ {counts[worst]} {worst}" if worst else "no open findings"
    exposure = _exposure(addresses, annotations)
    lines.append(f"{risk} · {exposure}")

    style = {"shape": "box", "style": "rounded,filled", "fillcolor": "#FFFFFF", "fixedsize": "false",
             "width": "2.6", "height": "1.2", "margin": "0.18,0.1", "labelloc": "c", "fontsize": "13",
             "penwidth": "2" if worst in ("critical", "high") else "1.2",
             "color": SEVERITY_STROKE.get(worst or "", "#64748B")}
    if exposure.startswith("internet"):
        style["fillcolor"] = "#FFF5F5"
    tooltip = "\n".join([f"{label}: {len(addresses)} resources"] + [f"{n} × {t}" for t, n in top[:12]] +
                        (["findings: " + ", ".join(f"{counts[s]} {s}" for s in _SEVERITIES if counts.get(s))]
                         if worst else []))
    first = by_address[addresses[0]] if addresses else None
    return VNode(_node_id(key), "\n".join(lines), "part", None, tuple(addresses), side, tooltip,
                 first.source.label() if first else "", style)


def _exposure(addresses: Iterable[str], annotations: Any) -> str:
    zones = getattr(annotations, "zones", {}) or {}
    found = [zones[a].zone.value for a in addresses if a in zones]
    if not found:
        return "exposure unknown"
    edge = sum(1 for z in found if z == "edge")
    if edge:
        return f"internet-facing ({edge})" if edge < len(found) else "internet-facing"
    for zone, text in (("private-app", "private"), ("data", "private (data zone)"), ("management", "internal")):
        if zone in found:
            return text
    return "exposure unknown"


def _critical_path(graph: Graph, annotations: Any, node_of: Mapping[str, str], node_id: Mapping[str, str]
                   ) -> tuple[dict[tuple[str, str], str], str]:
    """The slowest request path (by its upper estimate) as part-to-part hops with their latency."""
    paths = [p for p in getattr(annotations, "paths", ()) or () if p.hops]
    if not paths:
        return {}, ""
    path = max(paths, key=lambda p: (p.high_ms if p.high_ms is not None else -1, len(p.hops), p.hops))
    estimates = {(e.src, e.dst): e for e in getattr(annotations, "latency", ()) or ()}
    hops = list(path.hops)
    if hops[0] != INTERNET:
        hops = [INTERNET] + hops
    segments: dict[tuple[str, str], list[float]] = {}
    previous_part = INTERNET
    pending = [0.0, 0.0]
    for a, b in zip(hops, hops[1:]):
        estimate = estimates.get((a, b))
        if estimate is not None and estimate.low_ms is not None and estimate.high_ms is not None:
            pending[0] += estimate.low_ms
            pending[1] += estimate.high_ms
        part = node_of.get(graph.folded.get(b, b))
        if part is None:
            continue
        target = node_id[part]
        if target != previous_part:
            segments[(previous_part, target)] = list(pending)
            pending = [0.0, 0.0]
            previous_part = target
    labels = {pair: (f"{lo:g}–{hi:g} ms" if hi else "") for pair, (lo, hi) in segments.items()}
    by_address = graph.by_address()
    names = ["internet"] + [by_address[h].name if h in by_address else h for h in path.hops if h != INTERNET]
    if path.low_ms is not None and path.high_ms is not None:
        text = (f"critical request path {' → '.join(names)}: about {path.low_ms:.0f}–{path.high_ms:.0f} ms "
                f"({path.serving})")
    else:
        text = f"critical request path {' → '.join(names)}: latency unknown"
    return labels, text


def _caption(graph: Graph, annotations: Any, by_address: Mapping[str, Resource], node_of: Mapping[str, str]) -> str:
    scanned = graph.scanned
    accounts = {(_cloud(r), r.location.account if isinstance(r.location.account, str) else "?")
                for r in graph.resources if r.location.cloud}
    regions = {r.location.region for r in graph.resources if isinstance(r.location.region, str)}
    clouds = sorted({CLOUD_NAMES.get(c, c) for c, _ in accounts})
    parts = [f"{scanned.get('kind') or '?'} scan: {len(graph.resources)} resources",
             f"{', '.join(clouds) or 'no cloud'} · {len(accounts)} account{'s' if len(accounts) != 1 else ''}, "
             f"{len(regions)} region{'s' if len(regions) != 1 else ''}"]
    rollups = getattr(annotations, "rollups", ()) or ()
    total = next((r for r in rollups if r.group_kind == "total"), None)
    if total is not None:
        parts.append(f"{money(total.monthly)}/month" + (" + usage" if total.usage_dependent else ""))
    failing = _failing(annotations)
    counts: dict[str, int] = defaultdict(int)
    for per in failing.values():
        for severity, n in per.items():
            counts[severity] += n
    findings = ", ".join(f"{counts[s]} {s}" for s in _SEVERITIES if counts.get(s))
    parts.append(f"open findings: {findings}" if findings else "no open findings")
    return " · ".join(parts)
