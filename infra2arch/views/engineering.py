"""The engineering view: every resource in its network, within the node budget."""

from __future__ import annotations

from typing import Any

from infra2arch.model import Graph
from infra2arch.views.budget import fit_budget
from infra2arch.views.edges import internet_entries, latency_overlay, make_edges, zone_network_nodes
from infra2arch.views.layout import Layout, drawable, groups_in_use, matches_filters, unread_modules_note
from infra2arch.views.model import DEFAULT_BUDGET, INTERNET, View, ViewOptions, VNode
from infra2arch.views.nodes import (empty_subnets, focus_on, make_nodes, near, stack_instances, unique_labels,
                                    view_titles)


def build_engineering(graph: Graph, options: ViewOptions, annotations: Any = None) -> View:
    layout = Layout(graph, options, annotations)
    drawn, skipped = drawable(graph, layout)
    selected = [a for a in drawn if matches_filters(layout.by_address[a], options.filters)]
    if options.filters and len(selected) < len(drawn):
        layout.notes.append(f"filter {', '.join(k + '=' + v for k, v in options.filters)}: "
                            f"{len(selected)} of {len(drawn)} resources")
    if options.focus:
        selected = focus_on(graph, options, selected, layout)
    if options.only is not None:
        selected = [a for a in selected if a in options.only]
    selected_set = set(selected)
    entries = {a: why for a, why in internet_entries(graph, annotations, selected_set).items() if a in selected_set}
    narrowed = bool(options.filters or options.focus or options.only is not None)
    for reason, addresses in sorted(skipped.items()):
        if narrowed:  # only what the filter, focus or drill-down would have kept
            addresses = [a for a in addresses if matches_filters(layout.by_address[a], options.filters)
                         and (not options.focus or near(graph, a, selected_set))
                         and (options.only is None or a in options.only)]
        if addresses:
            layout.notes.append(f"not drawn as nodes: {len(addresses)} {reason}")
    unread = unread_modules_note(graph)
    if unread:
        layout.notes.append(unread)
    nodes = make_nodes(layout, selected)
    # a raised budget, or a drill-down into a group, asks for every instance (unless they do not fit)
    if (options.budget <= DEFAULT_BUDGET and options.only is None) or len(nodes) > options.budget:
        nodes = stack_instances(layout, nodes)
    nodes = unique_labels(layout, nodes)
    nodes, collapse_notes = fit_budget(layout, nodes, options.budget)
    layout.notes.extend(collapse_notes)
    if options.group_by == "zone" and not options.focus and not options.filters and options.only is None:
        nodes.extend(zone_network_nodes(graph, layout))  # no network boxes: peered networks as nodes
    placeholders = empty_subnets(layout, nodes)  # before the edges: a route may start at an empty subnet
    edges = make_edges(graph, layout, nodes, options, entries)
    if len(nodes) + len(placeholders) <= options.budget:
        nodes.extend(placeholders)
    if (entries or any(INTERNET in (e.src, e.dst) for e in edges)) and any(n.id == INTERNET for n in nodes) is False:
        nodes.append(VNode(INTERNET, "Internet", "internet", "diagrams.onprem.network.Internet", (), None,
                           tooltip="anything reachable from the internet"))
    if "latency" in options.show and annotations is not None:
        edges = latency_overlay(graph, layout, nodes, edges, annotations)
    used_groups = groups_in_use(layout, nodes)
    # an edge may end at a box (a peered network, a subnet routed through a firewall): only at one drawn
    ends = {n.id for n in nodes} | {g.id for g in used_groups}
    edges = [e for e in edges if e.src in ends and e.dst in ends]
    title, subtitle = view_titles(graph, options, nodes, edges)
    stats = {"resources": len(graph.resources), "drawn_nodes": len(nodes), "edges": len(edges),
             "gaps": len(graph.gaps), "budget": options.budget}
    return View(options.name, title, subtitle, tuple(sorted(nodes, key=lambda n: n.id)),
                tuple(sorted(used_groups, key=lambda g: g.id)), tuple(edges), tuple(layout.notes), stats)
