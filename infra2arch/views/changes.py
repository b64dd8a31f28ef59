"""The change map: the part of the new estate a change touches, drawn as the engineering view.

``infra2arch diff OLD NEW --map changes.png`` draws what was added or changed (and what became
exposed, opened a finding or changed cost), with the resources one edge away for context, in their
networks and subnets. Added nodes say "+ added" in green, changed ones "~ changed: <attributes>" in
amber; removed resources are no longer in the graph and are named in the map's notes. Nothing new
is laid out here: it is the engineering view restricted with ``only``, then marked.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from infra2arch.model import Graph
from infra2arch.views.model import View, ViewOptions

ADDED = "#15803D"
CHANGED = "#B45309"
EXPOSED = "#B91C1C"


def touched(graph: Graph, diff: Any) -> set[str]:
    """What the change did to the new graph: added, changed, newly exposed, with an opened finding
    or a different cost (present in the new graph)."""
    present = {r.address for r in graph.resources}
    found = {c.address for c in diff.added} | {c.address for c in diff.changed}
    found |= {e.asset for e in diff.newly_exposed} | {o.address for o in diff.opened}
    found |= {c.address for c in diff.cost_changes}
    return found & present


def change_view(graph: Graph, annotations: Any, diff: Any, budget: int = 60) -> View | None:
    """None when the change touched nothing in the new graph (only removals, or no change)."""
    from infra2arch.views import build_view

    core = touched(graph, diff)
    if not core:
        return None
    neighbours = set(core)
    for edge in graph.edges:                     # one edge away: what the changed resources talk to
        if edge.src in core:
            neighbours.add(edge.dst)
        if edge.dst in core:
            neighbours.add(edge.src)
    for child, parent in graph.folded.items():   # a changed rule or policy shows on what it configures
        if child in core:
            neighbours.add(parent)
    view = build_view(graph, ViewOptions(name="engineering", budget=budget, only=frozenset(neighbours)), annotations)
    added = {c.address for c in diff.added}
    changed = {c.address: c.attributes for c in diff.changed}
    folded_changes: dict[str, list[str]] = {}
    for child, parent in graph.folded.items():
        if child in added or child in changed:
            folded_changes.setdefault(parent, []).append(child.rsplit(".", 2)[-2] if "." in child else child)
    exposed = {e.asset for e in diff.newly_exposed}
    findings: dict[str, list[str]] = {}
    for item in diff.opened:
        findings.setdefault(item.address, []).append(item.rule_id)
    costs = {c.address: c for c in diff.cost_changes}
    nodes, shown = [], set()
    for node in view.nodes:
        members = set(node.members)
        shown |= members
        marks: list[tuple[str, str]] = []
        if members & added:
            marks.append(("+ added", ADDED))
        if members & exposed:
            marks.append(("! now reachable from the internet", EXPOSED))
        moved = sorted(members & set(changed))
        configured = sorted({c for m in members for c in folded_changes.get(m, ())})
        if (moved or configured) and not members & added:
            keys = sorted({k for m in moved for k in changed[m]} | set(configured))
            marks.append(("~ changed: " + ", ".join(keys[:3]) + (" …" if len(keys) > 3 else ""), CHANGED))
        rules = sorted({r for m in members for r in findings.get(m, ())})
        if rules:
            marks.append(("! opened " + ", ".join(rules[:2]) + (" …" if len(rules) > 2 else ""), EXPOSED))
        priced = [costs[m] for m in sorted(members & set(costs))]
        if priced and not marks:
            before, after = sum(c.before for c in priced), sum(c.after for c in priced)
            marks.append((f"~ cost ${before:,.0f} → ${after:,.0f}/mo", CHANGED))
        if not marks:
            nodes.append(node)
            continue
        style = dict(node.style)
        style.update({"fontcolor": marks[0][1]})
        nodes.append(replace(node, label=node.label + "".join(f"\n{text}" for text, _ in marks[:2]), style=style))
    unseen = sorted(a for a in core if a not in shown and a not in graph.folded)
    removed = [c.address for c in diff.removed]
    notes = [f"changes from {diff.old} to {diff.new}: {len(diff.added)} added (green), {len(diff.changed)} changed "
             f"(amber), {len(diff.removed)} removed; drawn with what they connect to"]
    if removed:
        notes.append("removed: " + ", ".join(removed[:6]) + (f" +{len(removed) - 6} more" if len(removed) > 6 else ""))
    if unseen:  # security groups, rules, IAM: drawn as the edges they allow, so an unattached one has none
        notes.append("changed but not drawn as nodes: " + ", ".join(unseen[:6])
                     + (f" +{len(unseen) - 6} more" if len(unseen) > 6 else "") + " (rules and grants are drawn as edges)")
    notes += [n for n in view.notes if not n.startswith("not drawn as nodes")]
    return replace(view, title=f"{view.title.split(' — ')[0]} — what changed", nodes=tuple(nodes), notes=tuple(notes))
