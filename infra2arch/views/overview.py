"""The overview: one node per subnet, network and service group, with counts."""

from __future__ import annotations

from typing import Any

from infra2arch.model import Graph
from infra2arch.views.budget import collapse_boxes, fit_budget
from infra2arch.views.edges import internet_entries, make_edges
from infra2arch.views.layout import Layout, drawable, groups_in_use, matches_filters, unread_modules_note
from infra2arch.views.model import INTERNET, View, ViewOptions, VNode
from infra2arch.views.nodes import make_nodes, view_titles


def build_overview(graph: Graph, options: ViewOptions, annotations: Any = None) -> View:
    """One node per subnet, network and service group, with counts: the map for a slide."""
    layout = Layout(graph, options, annotations)
    drawn, _ = drawable(graph, layout)
    selected = [a for a in drawn if matches_filters(layout.by_address[a], options.filters)]
    nodes = make_nodes(layout, selected)
    notes = []
    for level in ("subnet", "services", "module"):  # the overview's own grain: one node per box
        nodes, note = collapse_boxes(layout, nodes, level)
        if note:
            notes.append(note)
    if len(nodes) > options.budget:  # then coarser boxes, within the budget
        nodes, more = fit_budget(layout, nodes, options.budget, levels=("zone", "network", "org", "region"))
        notes.extend(more)
    layout.notes.extend(notes)
    unread = unread_modules_note(graph)
    if unread:
        layout.notes.append(unread)
    if len(nodes) > options.budget:
        layout.notes.append(f"{len(nodes)} summary nodes exceed the budget of {options.budget}: use --filter")
    entries = internet_entries(graph, annotations)
    edges = make_edges(graph, layout, nodes, options, entries)
    if any(e.src == INTERNET for e in edges):
        nodes.append(VNode(INTERNET, "Internet", "internet", "diagrams.onprem.network.Internet", (), None))
    used_groups = groups_in_use(layout, nodes)
    title, subtitle = view_titles(graph, options, nodes, edges)
    stats = {"resources": len(graph.resources), "drawn_nodes": len(nodes), "edges": len(edges),
             "gaps": len(graph.gaps), "budget": options.budget}
    return View(options.name, title, subtitle, tuple(sorted(nodes, key=lambda n: n.id)),
                tuple(sorted(used_groups, key=lambda g: g.id)), tuple(edges), tuple(layout.notes), stats)
