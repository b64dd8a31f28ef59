"""The explorer: one self-contained, offline HTML file with every view of a scan.

What goes in:
- every view (executive, overview, engineering, security, cost) laid out by Graphviz exactly as the
  static maps are (``diagrams_map.to_dot`` + ``dot -Tsvg`` + ``diagrams_map.portable_svg``);
- a drill-down map for every collapsed node and every box of the top views, built as an engineering
  view of just its members within the node budget, recursively, so a 10,000-resource estate is
  navigable without one giant picture (``explorer_maps``, which builds and lays them out on every core);
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
import re
from collections import defaultdict
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from infra2arch.errors import UserError
from infra2arch.model import Graph, Resource, Unknown
from infra2arch.redact import scrub_text
from infra2arch.render import diagrams_map, explorer_maps
from infra2arch.render.explorer_maps import VIEW_ORDER, MapSpec
from infra2arch.views import INTERNET, View, ViewOptions

_SEVERITIES = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True)
class ExplorerResult:
    files: tuple[Path, ...]
    notes: tuple[str, ...]
    maps: int


def plan_maps(graph: Graph, annotations: Any, base: ViewOptions, names: Sequence[str] = VIEW_ORDER
              ) -> tuple[list[MapSpec], list[str], dict[tuple[int, str], int]]:
    """The maps the explorer holds (no layout): see ``explorer_maps.plan``."""
    maps = explorer_maps.plan(graph, annotations, base, names, layout=False)
    maps.close()
    return maps.specs, maps.notes, maps.links


# --------------------------------------------------------------------------------------- layout


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
    try:
        maps = explorer_maps.plan(graph, annotations, base, names, timeout)
        try:
            return _assemble(graph, annotations, maps)
        finally:
            maps.close()
    except BrokenProcessPool:
        # a worker died (killed for memory, say): the same maps, built in this process
        maps = explorer_maps.plan(graph, annotations, base, names, timeout, workers=1)
        try:
            return _assemble(graph, annotations, maps)
        finally:
            maps.close()


def _assemble(graph: Graph, annotations: Any, maps: explorer_maps.Maps) -> tuple[bytes, list[str], int]:
    specs, notes, details = maps.specs, maps.notes, maps.links
    addresses, items = resource_data(graph, annotations)   # while the last layouts run
    index = {a: i for i, a in enumerate(addresses)}
    failing = _failing(annotations)
    folded_children: dict[str, list[str]] = defaultdict(list)
    for child, parent in graph.folded.items():
        folded_children[parent].append(child)
    icons = _Icons()
    maps_json: list[dict[str, Any]] = []
    svg_blocks: list[str] = []
    where: dict[int, tuple[int, int, int, str]] = {}  # resource -> (node size, not engineering, map, node)
    for spec, (portable, svg) in zip(specs, maps.layouts()):
        view = spec.view
        if not portable:
            svg = diagrams_map.portable_svg(svg, view)
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
