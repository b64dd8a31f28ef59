"""Nodes of a view: one per drawn resource, focus, placeholders for empty subnets, titles."""

from __future__ import annotations

from infra2arch.catalog import Category, kind
from infra2arch.errors import UserError
from infra2arch.model import Graph, Relation
from infra2arch.views.budget import shorten
from infra2arch.views.classify import display_name, key_fact
from infra2arch.views.layout import Layout, chain_ids, uid
from infra2arch.views.model import VEdge, ViewOptions, VNode


MAX_EMPTY_SUBNETS = 30


def near(graph: Graph, address: str, selected: set[str]) -> bool:
    return any((e.src == address and e.dst in selected) or (e.dst == address and e.src in selected)
               for e in graph.edges)


def empty_subnets(layout: Layout, nodes: list[VNode]) -> list[VNode]:
    """Subnets with nothing drawn in them still appear (a placeholder keeps the box), so a reader
    sees every subnet and AZ of the networks on the map. Skipped on big maps, where boxes collapse."""
    if (layout.options.group_by != "network" or layout.options.focus or layout.options.filters
            or layout.options.only is not None):
        return []
    used = set(chain_ids(layout, nodes))
    networks = {g for g in used if layout.groups[g].kind == "network"}
    candidates = []
    for address, resource in sorted(layout.by_address.items()):
        record = kind(resource.type)
        if record is None or record.category != Category.NETWORK_SUBNET or address in layout.graph.folded:
            continue
        parents = [p for p in layout.parents.get(address, []) if p in layout.by_address]
        if not parents or uid("res", sorted(parents)[0]) not in networks:
            continue
        gid = layout.network_group(address)
        if gid not in used:
            candidates.append(VNode(f"placeholder:{address}", "no resources drawn", "placeholder", None, (), gid,
                                    tooltip=address, style={"shape": "plaintext", "fontsize": "10",
                                                            "fontcolor": "#6B7280", "height": "0.3",
                                                            "width": "1.4", "fixedsize": "false"}))
    return candidates if len(candidates) <= MAX_EMPTY_SUBNETS else []


def focus_on(graph: Graph, options: ViewOptions, selected: list[str], layout: Layout) -> list[str]:
    focus = options.focus or ""
    target = focus if focus in layout.by_address else graph.folded.get(focus)
    if target is None:
        matches = [a for a in layout.by_address if a.startswith(focus)]
        if not matches:
            raise UserError(f"--focus {focus!r}: no such resource in the graph")
        target = sorted(matches)[0]
    target = graph.folded.get(target, target)
    keep = {target}
    frontier = {target}
    for _ in range(max(options.focus_depth, 1)):
        nxt = set()
        for edge in graph.edges:
            if edge.relation == Relation.DEPENDS and "depends" not in options.show:
                continue
            if edge.src in frontier:
                nxt.add(edge.dst)
            if edge.dst in frontier:
                nxt.add(edge.src)
        nxt = {graph.folded.get(a, a) for a in nxt}
        keep |= nxt
        frontier = nxt
    layout.notes.append(f"focus on {target}: {len(keep)} resources within {options.focus_depth} hop(s)")
    return [a for a in selected if a in keep]


def make_nodes(layout: Layout, selected: list[str]) -> list[VNode]:
    nodes = []
    for address in selected:
        resource = layout.by_address[address]
        record = kind(resource.type)
        group, note = layout.placement(address)
        fact = key_fact(resource, layout.graph, layout.by_address)
        kind_label = record.display if record else resource.type
        lines = [display_name(resource), kind_label]
        if fact:
            lines.append(fact)
        if note:
            lines.append(note)
        if resource.mode == "data":
            lines.append("(existing: data source)")
        style: dict[str, str] = {}
        if record is None:
            style = {"shape": "box", "style": "rounded,dashed", "height": "0.9", "width": "1.8",
                     "fixedsize": "false"}
            lines.append("(no catalog entry)")
        cloud_name = resource.attrs.get(record.name_attr) if record and record.name_attr else None
        tooltip = f"{address}\n{resource.source.label()}"
        if isinstance(cloud_name, str) and cloud_name != resource.name:
            tooltip += f"\nname: {cloud_name}"
        nodes.append(VNode(address, "\n".join(shorten(l) for l in lines), resource.type,
                           record.icon if record else None, (address,), group, tooltip,
                           resource.source.label(), style))
    return nodes


def view_titles(graph: Graph, options: ViewOptions, nodes: list[VNode], edges: list[VEdge]) -> tuple[str, str]:
    scanned = graph.scanned
    target = scanned.get("target") or "?"
    source = scanned.get("kind") or "?"
    title = f"{target} — {options.name} view"
    parts = [f"{source} scan", f"{len(graph.resources)} resources", f"{len(graph.edges)} edges",
             f"{len(graph.gaps)} gaps", f"{len(nodes)} nodes drawn (budget {options.budget})"]
    if options.group_by != "network":
        parts.append(f"grouped by {options.group_by}")
    return title, " · ".join(parts)
