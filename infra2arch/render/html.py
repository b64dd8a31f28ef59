"""The explorer: one self-contained, offline HTML file with every view of a scan.

What goes in:
- every view (executive, overview, engineering, security, cost) laid out by Graphviz exactly as the
  static maps are (``diagrams_map.to_dot`` + ``dot -Tsvg`` + ``diagrams_map.portable_svg``);
- a drill-down map for every collapsed node and every box of the top views, built as an engineering
  view of just its members within the node budget, recursively, so a 10,000-resource estate is
  navigable without one giant picture (``plan_maps``);
- the data behind the side panel: each resource's type, address, source, location, zone and its
  reasons, findings, cost components, latency, edges in and out with their ``via``; the gaps.

Everything from the scanned code or account is data, never markup: it travels gzip-compressed and
base64-encoded (no character of it can close a tag), the page inserts it with ``textContent``
only, and a Content-Security-Policy admits only the page's own script (by hash), so even a
hostile tag value that reached the DOM could not run. Strings pass ``redact.scrub_text`` on the
way out. SVG icons are stored once and shared by every map. The same input gives the same bytes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import os
import re
import subprocess
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from infra2arch.errors import MissingComponent, UserError
from infra2arch.model import Graph, Resource, Unknown
from infra2arch.redact import scrub_text
from infra2arch.render import diagrams_map
from infra2arch.render.subgraph import Neighbourhood
from infra2arch.views import INTERNET, View, ViewOptions, build_view

VIEW_ORDER = ("executive", "overview", "engineering", "security", "cost")
MAX_MAPS = 2500                 # drill-down maps at most (a guard; the 10k estate needs far fewer)
MAX_PAGES = 40                  # pages of one uniform group (e.g. 5,000 instances of one block)
_SEVERITIES = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True)
class MapSpec:
    index: int
    view: View
    kind: str                          # "view" | "detail"
    label: str                         # tab or breadcrumb text
    parent: tuple[int, str] | None     # (map index, node or group id) it drills down from
    flavor: str                        # the top view it belongs to (decides the default layers)


@dataclass(frozen=True)
class ExplorerResult:
    files: tuple[Path, ...]
    notes: tuple[str, ...]
    maps: int


# --------------------------------------------------------------------------------------- planning


def _top_views(graph: Graph, annotations: Any, base: ViewOptions, names: Sequence[str]) -> list[View]:
    return [build_view(graph, replace(base, name=name), annotations) for name in names]


_PRIORITY = {"engineering": 0, "overview": 1, "security": 2, "cost": 3, "executive": 4}


def plan_maps(graph: Graph, annotations: Any, base: ViewOptions, names: Sequence[str] = VIEW_ORDER
              ) -> tuple[list[MapSpec], list[str], dict[tuple[int, str], int]]:
    """The top views and every drill-down below them, breadth first.

    Returns the maps, notes, and the drill-down links: (map, node or box id) -> the map that shows
    its members. A set already shown, or whose members are all drawn as nodes of their own on one
    map, links there instead of drawing again (engineering maps first, so the executive and
    security boxes mostly link to maps that exist)."""
    import heapq

    notes: list[str] = []
    specs: list[MapSpec] = []
    links: dict[tuple[int, str], int] = {}
    by_members: dict[frozenset[str], int] = {}
    single_on: dict[str, set[int]] = defaultdict(set)   # address -> maps where it is a node of its own
    queue: list[tuple[int, int, int, frozenset[str], str, tuple[int, str], str]] = []
    detail_base = replace(base, name="engineering", focus=None, filters=(), group_by="network")
    neighbourhood = Neighbourhood(graph)

    def add(spec: MapSpec) -> MapSpec:
        specs.append(spec)
        for node in spec.view.nodes:
            if node.count == 1:
                single_on[node.members[0]].add(spec.index)
        return spec

    def detail(members: frozenset[str]) -> View:
        view = build_view(neighbourhood.cut(members), replace(detail_base, only=members), annotations)
        # the cut holds neighbours too: say what this map is of, not how big the cut was
        drawn = sum(1 for n in view.nodes if n.members)
        return replace(view, subtitle=f"{len(members)} resources · {drawn} nodes drawn (budget {detail_base.budget})"
                                      f" · {len(graph.resources)} resources in the scan")

    def request(spec: MapSpec, depth: int) -> None:
        view = spec.view
        whole = frozenset(a for n in view.nodes for a in n.members)
        rank = _PRIORITY.get(spec.flavor, 9)
        for node in view.nodes:
            if node.count > 1:
                heapq.heappush(queue, (depth, rank, len(queue), frozenset(node.members),
                                       node.label.splitlines()[0], (spec.index, node.id), spec.flavor))
        # boxes of the overview and engineering maps: everything drawn inside a group. (Details
        # drill on through their collapsed nodes only: every box of every level would multiply the
        # maps without showing anything a collapsed node's detail does not.)
        if spec.kind != "view" or view.name not in ("overview", "engineering"):
            return
        inside: dict[str, set[str]] = defaultdict(set)
        parent_of = {g.id: g.parent for g in view.groups}
        for node in view.nodes:
            current = node.group
            while current is not None:
                inside[current].update(node.members)
                current = parent_of.get(current)
        labels = {g.id: g.label.splitlines()[0] for g in view.groups}
        for gid in sorted(inside):
            members = frozenset(inside[gid])
            if len(members) > 1 and members != whole:
                heapq.heappush(queue, (depth, rank, len(queue), members, labels.get(gid, gid), (spec.index, gid),
                                       spec.flavor))

    for view in _top_views(graph, annotations, base, names):
        spec = add(MapSpec(len(specs), view, "view", view.name, None, view.name))
        by_members.setdefault(frozenset(a for n in view.nodes for a in n.members), spec.index)
    for spec in list(specs):
        request(spec, 1)
    skipped = 0
    while queue:
        depth, _, _, members, label, parent, flavor = heapq.heappop(queue)
        known = by_members.get(members)
        if known is None:
            shown = set.intersection(*(single_on.get(a, set()) for a in members)) if members else set()
            shown.discard(parent[0])
            known = min(shown) if shown else None
        if known is not None:
            links.setdefault(parent, known)
            continue
        if len(specs) >= MAX_MAPS:
            skipped += 1
            continue
        view = detail(members)
        drawn = frozenset(a for n in view.nodes for a in n.members)
        if any(n.members and frozenset(n.members) == members for n in view.nodes) or not drawn:
            # one uniform group (instances of one block): no grouping left to drill into, so pages
            pages = _pages(sorted(members), detail_base.budget)
            by_members[members] = len(specs)
            links.setdefault(parent, len(specs))
            for number, page in enumerate(pages[:MAX_PAGES], 1):
                page_view = replace(detail(frozenset(page)), title=f"{label} — part {number} of {len(pages)}")
                add(MapSpec(len(specs), page_view, "detail", f"{label} ({number}/{len(pages)})", parent, flavor))
            if len(pages) > MAX_PAGES:
                notes.append(f"{label}: {len(members)} resources in {len(pages)} pages; the first {MAX_PAGES} "
                             "are drawn, every member is listed in the side panel")
            continue
        spec = add(MapSpec(len(specs), replace(view, title=f"{label} — detail"), "detail", label, parent, flavor))
        by_members[members] = spec.index
        links.setdefault(parent, spec.index)
        request(spec, depth + 1)
    if skipped:
        notes.append(f"{skipped} drill-down maps past the limit of {MAX_MAPS} were not drawn "
                     "(their members are listed in the side panel)")
    return specs, notes, links


def _pages(members: list[str], budget: int) -> list[list[str]]:
    size = max(budget, 5)
    return [members[i:i + size] for i in range(0, len(members), size)]


# --------------------------------------------------------------------------------------- layout


def _svg_for(specs: Sequence[MapSpec], timeout: float) -> list[bytes]:
    """SVG of every map: DOT built one at a time (the diagrams library keeps global state), dot run
    in parallel, then the same post-processing as the static SVG maps."""
    if not diagrams_map.graphviz_available():
        raise MissingComponent(diagrams_map.INSTALL_GRAPHVIZ)
    dots = [diagrams_map.to_dot(spec.view) for spec in specs]
    lock = threading.Lock()

    def layout(index: int) -> bytes:
        try:
            done = subprocess.run(["dot", "-Tsvg"], input=dots[index].encode("utf-8"), capture_output=True,
                                  timeout=timeout, check=False)
            if done.returncode == 0 and done.stdout:
                return diagrams_map.portable_svg(done.stdout, specs[index].view)
        except subprocess.TimeoutExpired:
            pass
        # slow or failed: the static renderer's fallbacks (simpler edge routing), one at a time
        import tempfile

        with lock, tempfile.TemporaryDirectory(prefix="infra2arch-html-") as work:
            result = diagrams_map.render(specs[index].view, ["svg"], Path(work), "map", timeout=timeout)
            return result.files[0].read_bytes()

    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(layout, range(len(specs))))


_DATA_ICON = re.compile(rb'xlink:href="(data:image/[^"]+)"')
_EDGE = re.compile(rb'<g id="(edge\d+)" class="edge">\s*<title>([^<]*)</title>')
_CLUSTER = re.compile(rb'<g id="(clust\d+)" class="cluster">\s*<title>([^<]*)</title>')
_PROLOGUE = re.compile(rb'^.*?(?=<svg)', re.S)
_COMMENT = re.compile(rb'<!--.*?-->', re.S)
_SIZE = re.compile(rb'<svg width="[^"]*" height="[^"]*"')


class _Icons:
    def __init__(self) -> None:
        self.index: dict[bytes, int] = {}

    def ref(self, uri: bytes) -> int:
        return self.index.setdefault(uri, len(self.index))

    def table(self) -> list[str]:
        return [uri.decode("ascii") for uri, _ in sorted(self.index.items(), key=lambda kv: kv[1])]


def explorer_svg(svg: bytes, view: View, icons: _Icons, on_path: set[int]) -> bytes:
    """The map's SVG with icons shared (data-icon), edges tagged with their relation, and boxes
    with their group id, so the page can toggle layers and drill into boxes."""
    svg = _PROLOGUE.sub(b"", svg, count=1)
    svg = _COMMENT.sub(b"", svg)
    svg = _SIZE.sub(b"<svg", svg, count=1)
    svg = _DATA_ICON.sub(lambda m: b'data-icon="%d"' % icons.ref(m.group(1)), svg)
    pending: dict[str, list[int]] = defaultdict(list)
    for index, edge in enumerate(view.edges):
        pending[f"{diagrams_map.dot_id(edge.src)}->{diagrams_map.dot_id(edge.dst)}"].append(index)

    def tag_edge(match: re.Match) -> bytes:
        title = html.unescape(match.group(2).decode("utf-8"))
        queue = pending.get(title)
        if not queue:
            return match.group(0).replace(b'class="edge"', b'class="edge aux"')
        index = queue.pop(0)
        edge = view.edges[index]
        classes = f"edge rel-{edge.relation.value}" + (" inferred" if edge.inferred else "") + \
            (" on-path" if index in on_path else "")
        return (b'<g id="' + match.group(1) + b'" class="' + classes.encode() + b'" data-e="%d">' % index +
                b"<title>" + match.group(2) + b"</title>")

    svg = _EDGE.sub(tag_edge, svg)

    def tag_cluster(match: re.Match) -> bytes:
        name = html.unescape(match.group(2).decode("utf-8"))
        gid = name[len("cluster_"):] if name.startswith("cluster_") else name
        return (b'<g id="' + match.group(1) + b'" class="cluster" data-group="' +
                html.escape(gid, quote=True).encode() + b'"><title>' + match.group(2) + b"</title>")

    return _CLUSTER.sub(tag_cluster, svg)


# ----------------------------------------------------------------------------------------- data


def _text(value: Any) -> str:
    """Any attribute value as display text (never markup: the page sets it with textContent)."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, Unknown):
        return "(unknown: " + scrub_text(value.reason) + ")"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, Mapping) and "$redacted" in value:
        return "(redacted)"
    if value is None:
        return ""
    from infra2arch.render.graph_json import encode_value

    return scrub_text(json.dumps(encode_value(value), sort_keys=True, ensure_ascii=False, default=str))


def _tags(resource: Resource) -> dict[str, str]:
    for key in ("tags", "labels"):
        value = resource.attrs.get(key)
        if isinstance(value, Mapping):
            return {scrub_text(str(k)): _text(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    return {}


def resource_data(graph: Graph, annotations: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Addresses (sorted; a resource's index is its position) and the side panel's data for each."""
    from infra2arch.catalog import kind

    addresses = sorted(r.address for r in graph.resources)
    index = {a: i for i, a in enumerate(addresses)}
    by_address = graph.by_address()
    zones = getattr(annotations, "zones", {}) or {}
    costs = getattr(annotations, "costs", {}) or {}
    serving = getattr(annotations, "serving", {}) or {}
    latency = {(e.src, e.dst): e for e in getattr(annotations, "latency", ()) or ()}
    findings: dict[str, list[list[Any]]] = defaultdict(list)
    for finding in getattr(annotations, "findings", ()) or ():
        waiver = finding.waiver
        waived = "" if waiver is None else (f"waiver expired {waiver.expires}" if waiver.expired
                                            else f"waived: {scrub_text(waiver.reason)}")
        findings[finding.address].append([finding.rule_id, finding.severity.value, scrub_text(finding.title),
                                          finding.result.value, scrub_text(finding.evidence),
                                          scrub_text(finding.remediation), scrub_text(finding.attribute),
                                          finding.source.label(), waived,
                                          {k: list(v) for k, v in sorted(finding.controls.items())}])
    edges_out: dict[str, list[list[Any]]] = defaultdict(list)
    edges_in: dict[str, list[list[Any]]] = defaultdict(list)
    for edge in graph.edges:
        estimate = latency.get((edge.src, edge.dst))
        ms = ""
        if estimate is not None and estimate.low_ms is not None and estimate.high_ms is not None:
            ms = f"{estimate.low_ms:g}–{estimate.high_ms:g} ms ({estimate.hop.value})"
        row = [edge.relation.value, scrub_text(edge.via), 1 if edge.inferred else 0, scrub_text(edge.evidence), ms]
        edges_out[edge.src].append([index.get(edge.dst, edge.dst)] + row)
        edges_in[edge.dst].append([index.get(edge.src, edge.src)] + row)
    folded_children: dict[str, list[str]] = defaultdict(list)
    for child, parent in graph.folded.items():
        folded_children[parent].append(child)

    out = []
    for address in addresses:
        resource = by_address[address]
        record = kind(resource.type)
        item: dict[str, Any] = {"a": scrub_text(address), "t": resource.type, "n": scrub_text(resource.name),
                                "k": record.display if record else "(no catalog entry)",
                                "s": scrub_text(resource.source.label())}
        if resource.module:
            item["m"] = scrub_text(resource.module)
        if resource.mode == "data":
            item["data"] = 1
        location = resource.location
        item["loc"] = [_text(location.cloud), _text(location.account), _text(location.region), _text(location.zone)]
        if record is not None and record.name_attr:
            cloud_name = resource.attrs.get(record.name_attr)
            if cloud_name is not None and cloud_name != resource.name:
                item["cn"] = _text(cloud_name)
        tags = _tags(resource)
        if tags:
            item["tags"] = tags
        info = zones.get(address)
        if info is not None:
            item["z"] = [info.zone.value, info.plane.value, [scrub_text(r) for r in info.reasons],
                         info.egress, [scrub_text(v) for v in info.egress_via]]
        if findings.get(address):
            item["f"] = sorted(findings[address], key=lambda f: (_SEVERITIES.index(f[1]), f[0]))
        cost = costs.get(address)
        if cost is not None:
            item["c"] = [cost.status.value, round(cost.monthly, 4),
                         [[scrub_text(c.name), c.unit, c.quantity, c.unit_price, c.monthly, scrub_text(c.note)]
                          for c in cost.components]]
        served = serving.get(address)
        if served is not None:
            item["sv"] = [served.kind, list(served.cold_start_ms) if served.cold_start_ms else None,
                          scrub_text(served.note)]
        if edges_out.get(address):
            item["o"] = edges_out[address]
        if edges_in.get(address):
            item["i"] = edges_in[address]
        if address in graph.folded:
            item["fold"] = index.get(graph.folded[address])
        if folded_children.get(address):
            item["cfg"] = sorted(index[c] for c in folded_children[address] if c in index)
        out.append(item)
    return addresses, out


def _node_summary(members: Iterable[str], index: Mapping[str, int], annotations: Any,
                  failing: Mapping[str, Mapping[str, int]], folded_children: Mapping[str, list[str]]) -> dict:
    zones = getattr(annotations, "zones", {}) or {}
    costs = getattr(annotations, "costs", {}) or {}
    members = list(members)
    covered = members + [c for m in members for c in folded_children.get(m, ())]
    order = ("edge", "private-app", "data", "management")
    found = {zones[a].zone.value for a in members if a in zones}
    zone = next((z for z in order if z in found), "")
    counts: dict[str, int] = defaultdict(int)
    for address in covered:
        for severity, n in failing.get(address, {}).items():
            counts[severity] += n
    worst = next((s for s in _SEVERITIES[:-1] if counts.get(s)), "")  # a badge is for something to fix: not info
    monthly = sum(costs[a].monthly for a in covered if a in costs)
    out: dict[str, Any] = {"m": [index[a] for a in members if a in index]}
    if zone:
        out["z"] = zone
    if worst:
        out["s"] = worst
        out["sn"] = counts[worst]
        out["sc"] = {s: counts[s] for s in _SEVERITIES if counts.get(s)}
    if monthly:
        out["c"] = round(monthly, 2)
    return out


def _failing(annotations: Any) -> dict[str, dict[str, int]]:
    from infra2arch.annotate.model import Result

    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for finding in getattr(annotations, "findings", ()) or ():
        if finding.result == Result.FAIL and (finding.waiver is None or finding.waiver.expired):
            out[finding.address][finding.severity.value] += 1
    return out


def _path_pairs(view: View, graph: Graph, annotations: Any) -> set[int]:
    """Indexes of the view's edges that lie on a request path (the latency layer)."""
    node_of = {m: n.id for n in view.nodes for m in n.members}
    node_of[INTERNET] = INTERNET
    pairs: set[tuple[str, str]] = set()
    for path in getattr(annotations, "paths", ()) or ():
        hops = [graph.folded.get(h, h) for h in path.hops]
        if hops and hops[0] != INTERNET:
            hops = [INTERNET] + hops
        owners = [node_of.get(h) for h in hops]
        owners = [o for o in owners if o is not None]
        pairs.update((a, b) for a, b in zip(owners, owners[1:]) if a != b)
    return {i for i, e in enumerate(view.edges) if (e.src, e.dst) in pairs}


# ---------------------------------------------------------------------------------------- output


def _packed(data: bytes) -> str:
    """gzip (fixed mtime: same bytes every run) then base64: compact, and inert inside HTML."""
    return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")


def _asset(name: str) -> str:
    return resources.files("infra2arch.render").joinpath("explorer", name).read_text(encoding="utf-8")


def build(graph: Graph, annotations: Any, base: ViewOptions, timeout: float = 60.0,
          names: Sequence[str] = VIEW_ORDER) -> tuple[bytes, list[str], int]:
    """The explorer page as bytes, the notes to report, and how many maps it holds."""
    if annotations is None:
        raise UserError("the explorer needs the annotations (zones, findings, cost, latency)")
    specs, notes, details = plan_maps(graph, annotations, base, names)
    svgs = _svg_for(specs, timeout)
    addresses, items = resource_data(graph, annotations)
    index = {a: i for i, a in enumerate(addresses)}
    failing = _failing(annotations)
    folded_children: dict[str, list[str]] = defaultdict(list)
    for child, parent in graph.folded.items():
        folded_children[parent].append(child)
    icons = _Icons()
    maps_json: list[dict[str, Any]] = []
    svg_blocks: list[str] = []
    where: dict[int, tuple[int, int, int, str]] = {}  # resource -> (node size, not engineering, map, node)
    for spec, svg in zip(specs, svgs):
        view = spec.view
        on_path = _path_pairs(view, graph, annotations)
        svg_blocks.append(_packed(explorer_svg(svg, view, icons, on_path)))
        nodes: dict[str, Any] = {}
        for node in view.nodes:
            entry = _node_summary(node.members, index, annotations, failing, folded_children)
            entry["l"] = scrub_text(node.label)
            entry["k"] = node.tf_type
            if (spec.index, node.id) in details:
                entry["d"] = details[(spec.index, node.id)]
            nodes[scrub_text(node.id)] = entry
            for member in entry["m"]:
                rank = (len(entry["m"]), 0 if spec.kind == "view" and spec.view.name == "engineering" else 1)
                if member not in where or rank < where[member][:2]:
                    where[member] = (rank[0], rank[1], spec.index, scrub_text(node.id))
        groups = {scrub_text(g.id): {"l": scrub_text(g.label.splitlines()[0]),
                                     **({"d": details[(spec.index, g.id)]} if (spec.index, g.id) in details else {})}
                  for g in view.groups}
        maps_json.append({
            "title": scrub_text(view.title), "subtitle": scrub_text(view.subtitle), "view": view.name,
            "kind": spec.kind, "label": scrub_text(spec.label), "flavor": spec.flavor,
            "parent": [spec.parent[0], scrub_text(spec.parent[1])] if spec.parent else None,
            "notes": [scrub_text(n) for n in view.notes], "nodes": nodes, "groups": groups,
            "edges": [[scrub_text(e.src), scrub_text(e.dst), e.relation.value, 1 if e.inferred else 0,
                       scrub_text(e.label), scrub_text(e.tooltip)] for e in view.edges],
        })
    for i, item in enumerate(items):
        if i in where:
            item["w"] = [where[i][2], where[i][3]]
    paths = []
    for path in getattr(annotations, "paths", ()) or ():
        paths.append({"hops": [index.get(h, h) for h in path.hops], "low": path.low_ms, "high": path.high_ms,
                      "serving": scrub_text(path.serving), "note": scrub_text(path.note)})
    gaps = [[g.kind.value, scrub_text(g.subject), scrub_text(g.reason), scrub_text(g.source.label())]
            for g in graph.gaps]
    scanned = graph.scanned
    data = {
        "title": scrub_text(str(scanned.get("target") or "?")), "kind": scrub_text(str(scanned.get("kind") or "?")),
        "resources": items, "maps": maps_json, "views": [s.index for s in specs if s.kind == "view"],
        "paths": paths, "gaps": gaps, "notes": [scrub_text(n) for n in notes],
        "meta": json.loads(json.dumps(dict(getattr(annotations, "meta", {}) or {}), default=str)),
    }
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    page = _page(data["title"], _packed(payload), _packed(json.dumps(icons.table()).encode()), svg_blocks)
    return page.encode("utf-8"), notes, len(specs)


def _page(title: str, data: str, icons: str, svgs: Sequence[str]) -> str:
    script = _asset("explorer.js")
    style = _asset("explorer.css")
    template = _asset("explorer.html")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = ("default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; "
           f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")
    blocks = "".join(f'<script type="application/octet-stream" id="svg-{i}">{b}</script>\n'
                     for i, b in enumerate(svgs))
    return (template.replace("{{CSP}}", csp)
            .replace("{{TITLE}}", html.escape(f"{title} — infra2arch explorer"))
            .replace("{{STYLE}}", style)
            .replace("{{DATA}}", f'<script type="application/octet-stream" id="data">{data}</script>\n'
                     f'<script type="application/octet-stream" id="icons">{icons}</script>\n' + blocks)
            .replace("{{SCRIPT}}", script))


def render(graph: Graph, annotations: Any, base: ViewOptions, directory: Path, basename: str = "map",
           timeout: float = 60.0) -> ExplorerResult:
    page, notes, count = build(graph, annotations, base, timeout)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{basename}.html"
    diagrams_map._write(path, page)
    return ExplorerResult((path,), tuple(notes), count)
