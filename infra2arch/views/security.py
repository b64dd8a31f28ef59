"""The security view: zones as areas, boundary crossings with their control, finding badges."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from infra2arch.model import Graph, Relation
from infra2arch.views.engineering import build_engineering
from infra2arch.views.model import INTERNET, View, ViewOptions


def build_security(graph: Graph, options: ViewOptions, annotations: Any) -> View:
    """Zones as coloured areas, boundary crossings highlighted with their control, finding badges."""
    view = build_engineering(graph, replace(options, group_by="zone"), annotations)
    from infra2arch.annotate.model import Result

    failed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for finding in annotations.findings:
        if finding.result == Result.FAIL and (finding.waiver is None or finding.waiver.expired):
            failed[graph.folded.get(finding.address, finding.address)][finding.severity.value] += 1
    nodes = []
    for node in view.nodes:
        counts: dict[str, int] = defaultdict(int)
        for member in node.members:
            for severity, n in failed.get(member, {}).items():
                counts[severity] += n
        badge = " ".join(f"{counts[s]} {s}" for s in ("critical", "high", "medium", "low") if counts.get(s))
        if badge:
            style = dict(node.style)
            worst = next(s for s in ("critical", "high", "medium", "low", "info") if counts.get(s))
            style["fontcolor"] = SEVERITY_COLOURS[worst]
            node = replace(node, label=f"{node.label}\n▲ {badge}", style=style)
        info = annotations.zones.get(node.members[0]) if node.members else None
        if info is not None and info.plane.value == "provider-managed" and "provider-managed" not in node.label:
            node = replace(node, label=f"{node.label}\n(provider-managed)")
        nodes.append(node)
    crossings = {(c.src, c.dst, c.relation): c for c in annotations.crossings}
    members_of = {m: n.id for n in view.nodes for m in n.members}
    by_pair: dict[tuple[str, str, Relation], list] = defaultdict(list)
    for (src, dst, relation), crossing in crossings.items():
        if relation not in (Relation.NETWORK, Relation.INVOKES, Relation.DATA):
            continue  # who may act (IAM), keys and logs cross zones by design; they stay in the JSON
        a = INTERNET if src == INTERNET else members_of.get(graph.folded.get(src, src))
        b = members_of.get(graph.folded.get(dst, dst))
        if a and b:
            by_pair[(a, b, relation)].append(crossing)
    edges = []
    for edge in view.edges:
        found = by_pair.get((edge.src, edge.dst, edge.relation))
        if found:
            controls = sorted({c.control_kind if c.control else "no control found" for c in found})
            colour = "#C0392B" if "no control found" in controls else "#B7950B"
            edge = replace(edge, highlight=colour, label=", ".join(controls),
                           tooltip=edge.tooltip + "\ncrosses " + ", ".join(
                               sorted({f"{c.from_zone.value} → {c.to_zone.value} ({c.control or 'no control found'})"
                                       for c in found})))
        edges.append(edge)
    nodes, edges = _exposure_paths(graph, annotations, nodes, edges, members_of)
    summary = _severity_summary(annotations)
    return replace(view, nodes=tuple(nodes), edges=tuple(edges), subtitle=view.subtitle + f" · findings: {summary}",
                   notes=view.notes + ("red = edge, green = private app, yellow = provider-managed, blue = data, purple = "
                                       "management; thick edge = zone crossing, label = its control",))


def _exposure_paths(graph: Graph, annotations: Any, nodes: list, edges: list, members_of: dict[str, str]
                    ) -> tuple[list, list]:
    """Draw each exposure path through a firewall (internet → firewall DNAT → workload:port) that the
    engineering edges do not already show, highlighted like a crossing."""
    from infra2arch.views.model import VEdge, VNode

    # an asset reached through a firewall is not reached from the internet directly: the path replaces that edge
    through = {members_of.get(graph.folded.get(e.asset, e.asset)) for e in getattr(annotations, "exposures", ())
               if len(e.path) >= 3}
    edges = [e for e in edges if not (e.src == INTERNET and e.dst in through)]
    present = {(e.src, e.dst) for e in edges}
    control_kinds = {c.dst: c.control_kind if c.control else "no control found"
                     for c in annotations.crossings if c.src == INTERNET}
    added: list = []
    for exposure in getattr(annotations, "exposures", ()):
        hops = [INTERNET] + [members_of.get(graph.folded.get(h, h)) for h in exposure.path[1:]]
        if any(h is None for h in hops):
            continue
        ports = f" :{exposure.ports}" if exposure.ports else ""
        for i, (a, b) in enumerate(zip(hops, hops[1:])):
            if a == b or (a, b) in present:
                continue
            present.add((a, b))
            last = i == len(hops) - 2
            label = ("DNAT" + ports if len(hops) > 2 else control_kinds.get(exposure.asset, "no control found")) \
                if last else ""
            added.append(VEdge(a, b, Relation.NETWORK, False, label=label,
                               tooltip=exposure.reason, highlight="#C0392B" if exposure.control is None else "#B7950B"))
    if added and not any(n.id == INTERNET for n in nodes):
        nodes = nodes + [VNode(INTERNET, "Internet", "internet", "diagrams.onprem.network.Internet", (), None,
                               tooltip="anything reachable from the internet")]
    return nodes, edges + added


SEVERITY_COLOURS = {"critical": "#B71C1C", "high": "#D35400", "medium": "#B7950B", "low": "#1F5FA8", "info": "#4B5563"}


def _severity_summary(annotations: Any) -> str:
    from infra2arch.annotate.model import Result

    counts: dict[str, int] = defaultdict(int)
    for finding in annotations.findings:
        if finding.result == Result.FAIL and (finding.waiver is None or finding.waiver.expired):
            counts[finding.severity.value] += 1
    return ", ".join(f"{counts[s]} {s}" for s in ("critical", "high", "medium", "low") if counts.get(s)) or "no failures"
